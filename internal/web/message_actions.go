package web

import (
	"net/http"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/model"
)

// The page of one chat message's actions: what a chat's "Report", "Edit
// or delete" and "Remove" open without the page script. A chat page once
// carried each message's report form (its seven reasons), its edit and
// delete forms or a facilitator's removal, about 2.5 KB a message and
// three quarters of a 138 KB page; it now carries one link to this page,
// and the page script opens the same forms in place instead.

// messageActionsData is what the page shows: the message as its chat
// shows it and the forms its reader may use.
type messageActionsData struct {
	ID, Conv, Kind string // the message, its conversation and the conversation's kind
	Author, Body   string
	At             model.Timestamp
	Edited         bool
	Chat           string // the chat's page
	Back           string // the chat, at the message
	Mine, Remove   bool
	Reasons        []option
}

// MessageActions shows what the reader may do with one message of a chat
// they read: report it, edit or delete their own, remove it from a group
// they lead. A message that is no longer shown as written (deleted,
// removed, hidden, held) takes none of them: its chat says why.
func (p *Pages) MessageActions(w http.ResponseWriter, r *http.Request) {
	l := p.viewerLang(r)
	a, err := p.app.MessageActionsFor(r.Context(), r.PathValue("id"))
	if err != nil {
		p.fail(w, r, "message", view{Title: p.tr(r, "chat.title")}, err)
		return
	}
	m := a.Message
	chat := "/groups/" + m.Conv + "/chat"
	if a.Kind == "dm" {
		chat = "/messages/" + m.Conv
	}
	if m.State != "visible" {
		http.Redirect(w, r, chat+"#m-"+m.ID, http.StatusSeeOther)
		return
	}
	body := m.Body
	if m.Milestone != nil {
		body = app.MilestoneLine(l, m.Author.DisplayName, m.Milestone.Label)
	}
	d := messageActionsData{ID: m.ID, Conv: m.Conv, Kind: a.Kind, Author: m.Author.DisplayName, Body: body, At: m.CreatedAt,
		Edited: m.EditedAt != nil, Chat: chat, Back: chat + "#m-" + m.ID, Mine: a.Mine, Remove: a.Remove}
	if !a.Mine {
		d.Reasons = make([]option, len(reportReasonCodes))
		for i, c := range reportReasonCodes {
			id := "js.reason_" + c
			d.Reasons[i] = option{c, l.T(id)}
		}
	}
	title := p.tr(r, "message_actions.heading_other", "Name", d.Author)
	if a.Mine {
		title = p.tr(r, "js.your_message")
	}
	v := view{Title: title, Data: d}
	if a.Kind == "group" {
		v.Nav.Section = "groups" // a group's message, under /messages/
	}
	p.render(w, r, http.StatusOK, "message_actions", v)
}
