package web

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/model"
)

func parseRFC3339(s string) (time.Time, error) { return time.Parse(time.RFC3339, s) }

// chatData is what a chat view needs, for a group or a thread.
type chatData struct {
	Conv      string
	Title     string
	Back      string // the page this chat belongs to
	Page      *app.MessagePage
	Me        string
	Leader    bool
	Reactions []app.ReactionKind
	// Older is the sequence number to load history before, 0 when none.
	Older int64
	// Thread is set for direct messages.
	Thread *app.ThreadView
	// ReadOnly explains why nobody can write here (archived group), "" otherwise.
	ReadOnly string
	// Archived is set for an archived group's chat: its messages offer no
	// reactions, and one's own only to delete it (no edit).
	Archived bool
}

// list reads the page of messages before a sequence number (0: the newest).
func (p *Pages) showChat(w http.ResponseWriter, r *http.Request, conv string, d chatData, v view, err error, list func(before int64) (*app.MessagePage, error)) {
	before, ok := beforeParam(r)
	if !ok {
		p.fail(w, r, "message", view{Title: p.tr(r, "chat.title")}, &model.Error{Kind: model.KindInvalid, Message: p.tr(r, "chat.bad_before")})
		return
	}
	page, perr := list(before)
	if perr != nil {
		p.fail(w, r, "message", view{Title: p.tr(r, "chat.title")}, perr)
		return
	}
	d.Conv, d.Page, d.Reactions = conv, page, app.Reactions
	d.Me = app.ActorFrom(r.Context()).User.ID
	if page.HasMore && len(page.Messages) > 0 {
		d.Older = page.Messages[0].Seq
	}
	// Opening the chat marks what is shown as read (a write, so not when
	// it is read already).
	if n := len(page.Messages); n > 0 && before == 0 && !page.ReadUpTo(page.Messages[n-1].Seq) {
		_ = p.app.MarkPageRead(r.Context(), page, conv, page.Messages[n-1].Seq)
	}
	v.Title, v.Data = d.Title, d
	if err != nil {
		p.fail(w, r, "chat", v, err)
		return
	}
	p.render(w, r, http.StatusOK, "chat", v)
}

// GroupChat shows a group's conversation.
func (p *Pages) GroupChat(w http.ResponseWriter, r *http.Request) {
	v := view{}
	p.reportedNotice(r, &v)
	p.groupChat(w, r, v, nil)
}

func (p *Pages) groupChat(w http.ResponseWriter, r *http.Request, v view, err error) {
	id := r.PathValue("id")
	// The group and its messages in one call (the group and the viewer's
	// place read once), unless the page asked for is not a number: then
	// the group first, as ever, and showChat says what is wrong.
	var g *app.GroupView
	var gerr, perr error
	var page *app.MessagePage
	if before, ok := beforeParam(r); ok {
		g, page, gerr = p.app.GroupChat(r.Context(), id, before, 50)
		if g != nil {
			gerr, perr = nil, gerr
		}
	} else {
		g, gerr = p.app.ChatGroup(r.Context(), id)
	}
	if gerr != nil {
		p.fail(w, r, "message", view{Title: p.tr(r, "chat.title")}, gerr)
		return
	}
	if g.MyStatus != "active" {
		// Only its active members read a group's conversation. Someone no
		// longer (or not yet) in it, from a link or a notification, goes to
		// its page, which says why (removed, asked, join), where the
		// conversation could only say it found no such group.
		http.Redirect(w, r, "/groups/"+id, http.StatusSeeOther)
		return
	}
	d := chatData{Title: g.Name, Back: "/groups/" + g.ID, Leader: g.MyRole == app.RoleFacilitator || g.MyRole == app.RoleCoFacilitator}
	if g.Archived {
		d.ReadOnly, d.Archived = p.tr(r, "chat.archived"), true
	}
	p.showChat(w, r, id, d, v, err, func(int64) (*app.MessagePage, error) { return page, perr })
}

// beforeParam reads ?before=, the page of older messages asked for: 0 when
// there is none, false when it is not a sequence number.
func beforeParam(r *http.Request) (int64, bool) {
	s := r.URL.Query().Get("before")
	if s == "" {
		return 0, true
	}
	n, err := strconv.ParseInt(s, 10, 64)
	return n, err == nil && n >= 0
}

// Thread shows a direct-message thread.
func (p *Pages) Thread(w http.ResponseWriter, r *http.Request) {
	v := view{}
	p.reportedNotice(r, &v)
	p.thread(w, r, v, nil)
}

func (p *Pages) thread(w http.ResponseWriter, r *http.Request, v view, err error) {
	id := r.PathValue("id")
	t, terr := p.app.InboxThread(r.Context(), id)
	if e := (*model.Error)(nil); errors.As(terr, &e) && e.Kind == model.KindNotFound {
		p.NotFound(w, r)
		return
	} else if terr != nil {
		p.fail(w, r, "message", view{Title: p.tr(r, "inbox.title")}, terr)
		return
	}
	d := chatData{Title: t.OtherName, Back: "/messages", Thread: t}
	if t.OtherFormer {
		// Their words went with their account; the viewer's stay to read.
		d.Title, d.ReadOnly = p.tr(r, "chat.former_member"), p.tr(r, "chat.former_member_read_only")
	}
	p.showChat(w, r, id, d, v, err, func(before int64) (*app.MessagePage, error) {
		return p.app.ListMessages(r.Context(), id, 0, before, 50)
	})
}

// backToChat returns to the chat a form came from.
func (p *Pages) backToChat(w http.ResponseWriter, r *http.Request, conv, kind string) {
	if kind == "dm" {
		p.done(w, r, "/messages/"+conv+"#latest")
		return
	}
	p.done(w, r, "/groups/"+conv+"/chat#latest")
}

// chatFailed shows the chat again with the error.
func (p *Pages) chatFailed(w http.ResponseWriter, r *http.Request, conv, kind string, f map[string]string, err error) {
	r.SetPathValue("id", conv)
	if kind == "dm" {
		p.thread(w, r, view{Form: f}, err)
		return
	}
	p.groupChat(w, r, view{Form: f}, err)
}

// PostMessage sends a message from the chat form (the page without JavaScript).
func (p *Pages) PostMessage(w http.ResponseWriter, r *http.Request) {
	f := form(r, "body", "client_id", "kind")
	conv := r.PathValue("id")
	if _, _, err := p.app.SendMessage(r.Context(), conv, f["client_id"], f["body"]); err != nil {
		p.chatFailed(w, r, conv, f["kind"], f, err)
		return
	}
	p.backToChat(w, r, conv, f["kind"])
}

// MessageAction edits, deletes, removes or reacts to a message from a form.
// A chat page's reactions are one form a message, whose buttons say what
// they do by their own name and value (react=with_you, unreact=proud);
// action=react with reaction=with_you, the form of a page written before
// them, is read the same. A form that does not name the conversation to
// go back to (the reactions') goes back to the message's own.
func (p *Pages) MessageAction(w http.ResponseWriter, r *http.Request) {
	f := form(r, "action", "body", "reason", "reaction", "conv", "kind", "react", "unreact")
	id := r.PathValue("id")
	if f["conv"] == "" {
		if a, err := p.app.MessageActionsFor(r.Context(), id); err == nil {
			f["conv"], f["kind"] = a.Message.Conv, a.Kind
		}
	}
	if f["action"] == "" {
		switch {
		case f["react"] != "":
			f["action"], f["reaction"] = "react", f["react"]
		case f["unreact"] != "":
			f["action"], f["reaction"] = "unreact", f["unreact"]
		}
	}
	var err error
	switch f["action"] {
	case "edit":
		_, err = p.app.EditMessage(r.Context(), id, f["body"])
	case "delete":
		_, err = p.app.DeleteMessage(r.Context(), id, f["reason"])
	case "react":
		_, err = p.app.React(r.Context(), id, f["reaction"], true)
	case "unreact":
		_, err = p.app.React(r.Context(), id, f["reaction"], false)
	default:
		p.NotFound(w, r)
		return
	}
	edit := f["action"] == "edit" || f["action"] == "delete" // sent from the message's own page
	if err != nil {
		if edit && p.messageActionFailed(w, r, id, f, err) {
			return
		}
		p.chatFailed(w, r, f["conv"], f["kind"], nil, err)
		return
	}
	// Back to the message edited, deleted, removed or reacted to, not to
	// the chat's end: it may be far up.
	p.done(w, r, chatPath(f["conv"], f["kind"])+"#m-"+id)
}

// chatPath is the page of the conversation conv of kind ("dm" or "group").
func chatPath(conv, kind string) string {
	if kind == "dm" {
		return "/messages/" + conv
	}
	return "/groups/" + conv + "/chat"
}

// Inbox lists direct-message threads and requests.
func (p *Pages) Inbox(w http.ResponseWriter, r *http.Request) {
	v := view{}
	switch r.URL.Query().Get("done") {
	case "accepted":
		v.Notice = p.tr(r, "inbox.done_accepted")
	case "ignored":
		v.Notice = p.tr(r, "inbox.done_ignored")
	case "blocked":
		v.Notice = p.tr(r, "inbox.done_blocked")
	}
	p.showInbox(w, r, v, nil)
}

func (p *Pages) showInbox(w http.ResponseWriter, r *http.Request, v view, err error) {
	in, ierr := p.app.ListInbox(r.Context())
	if ierr != nil {
		p.fail(w, r, "message", view{Title: p.tr(r, "inbox.title")}, ierr)
		return
	}
	for _, ts := range [][]app.ThreadView{in.Threads, in.Requests} {
		for i := range ts {
			if ts[i].OtherFormer {
				ts[i].OtherName = upperFirst(p.tr(r, "chat.former_member"))
			}
		}
	}
	v.Title, v.Data = p.tr(r, "inbox.title"), in
	if err != nil {
		p.fail(w, r, "inbox", v, err)
		return
	}
	p.render(w, r, http.StatusOK, "inbox", v)
}

// OpenThread starts (or finds) a thread with the member in the form.
func (p *Pages) OpenThread(w http.ResponseWriter, r *http.Request) {
	f := form(r, "user_id")
	t, err := p.app.OpenThread(r.Context(), f["user_id"])
	if err != nil {
		p.showInbox(w, r, view{}, err)
		return
	}
	http.Redirect(w, r, "/messages/"+t.ID, http.StatusSeeOther)
}

// AnswerRequest accepts, ignores or blocks a message request.
func (p *Pages) AnswerRequest(w http.ResponseWriter, r *http.Request) {
	f := form(r, "answer")
	if err := p.app.AnswerRequest(r.Context(), r.PathValue("id"), f["answer"]); err != nil {
		p.showInbox(w, r, view{}, err)
		return
	}
	done := map[string]string{"accept": "accepted", "ignore": "ignored", "block": "blocked"}[f["answer"]]
	if done == "accepted" {
		http.Redirect(w, r, "/messages/"+r.PathValue("id"), http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, "/messages?done="+done, http.StatusSeeOther)
}
