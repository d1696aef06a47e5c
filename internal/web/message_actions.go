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
	// Archived: the chat is an archived group's, read-only: one's own
	// message may be deleted, not edited.
	Archived bool
	Reasons  []option
	// WriteTo: a group's message by someone else may be answered
	// privately, to AuthorID, who wrote it.
	WriteTo  bool
	AuthorID string
	// LinesShown says, to the reader given the heads-up about this
	// message's crisis, that its author was shown the lines for where
	// they live (app.MessageActions.LinesShown), in the reader's words.
	LinesShown string
}

// MessageActions shows what the reader may do with one message of a chat
// they read: report it, edit or delete their own, remove it from a group
// they lead. A message that is no longer shown as written (deleted,
// removed, hidden, held) takes none of them: its chat says why.
func (p *Pages) MessageActions(w http.ResponseWriter, r *http.Request) {
	a, err := p.app.MessageActionsFor(r.Context(), r.PathValue("id"))
	if err != nil {
		p.fail(w, r, "message", view{Title: p.tr(r, "chat.title")}, err)
		return
	}
	if a.Message.State != "visible" {
		http.Redirect(w, r, chatOf(a)+"#m-"+a.Message.ID, http.StatusSeeOther)
		return
	}
	p.render(w, r, http.StatusOK, "message_actions", p.messageActionsView(r, a))
}

// messageActionFailed shows the message's page again where an edit, a
// deletion or a removal sent from it was refused: the error beside the
// field, the words the person wrote still in it. It reports false when
// the message no longer has a page (the caller shows the chat). The whole
// chat was drawn there instead, at the page's address, the words gone,
// and the error's link led to the box for a new message.
func (p *Pages) messageActionFailed(w http.ResponseWriter, r *http.Request, id string, f map[string]string, err error) bool {
	a, aerr := p.app.MessageActionsFor(r.Context(), id)
	if aerr != nil || a.Message.State != "visible" {
		return false
	}
	v := p.messageActionsView(r, a)
	v.Form = map[string]string{"body": f["body"], "reason": f["reason"]}
	p.fail(w, r, "message_actions", v, err)
	return true
}

// chatOf is the page of a's message's chat.
func chatOf(a *app.MessageActions) string {
	if a.Kind == "dm" {
		return "/messages/" + a.Message.Conv
	}
	return "/groups/" + a.Message.Conv + "/chat"
}

// messageActionsView is the page of a visible message's actions.
func (p *Pages) messageActionsView(r *http.Request, a *app.MessageActions) view {
	l := p.viewerLang(r)
	m := a.Message
	chat := chatOf(a)
	body := m.Body
	if m.Milestone != nil {
		body = app.MilestoneLine(l, m.Author.DisplayName, m.Milestone.Label)
	}
	d := messageActionsData{ID: m.ID, Conv: m.Conv, Kind: a.Kind, Author: m.Author.DisplayName, Body: body, At: m.CreatedAt,
		Edited: m.EditedAt != nil, Chat: chat, Back: chat + "#m-" + m.ID, Mine: a.Mine, Remove: a.Remove, Archived: a.Archived,
		WriteTo: a.Kind == "group" && !a.Mine && !a.Archived && m.Author.ID != "", AuthorID: m.Author.ID}
	if a.LinesShown {
		d.LinesShown = l.T(pronounID(a.AuthorPronoun, "message_actions.lines_shown", "message_actions.lines_shown_she", "message_actions.lines_shown_he"), "Name", d.Author)
	}
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
	return v
}
