package web

import (
	"net/http"
)

// FeedbackForm lets anyone write to the instance's admins.
func (p *Pages) FeedbackForm(w http.ResponseWriter, r *http.Request) {
	v := view{Title: p.tr(r, "feedback.title")}
	if r.URL.Query().Get("sent") == "1" {
		v.Notice = p.tr(r, "feedback.done")
	}
	p.render(w, r, http.StatusOK, "feedback", v)
}

// Feedback sends the message.
func (p *Pages) Feedback(w http.ResponseWriter, r *http.Request) {
	f := form(r, "message", "contact")
	if err := p.app.SendFeedback(r.Context(), f["message"], f["contact"], p.opts.ClientIP(r)); err != nil {
		p.fail(w, r, "feedback", view{Title: p.tr(r, "feedback.title"), Form: f}, err)
		return
	}
	p.done(w, r, "/feedback?sent=1")
}

// FeedbackInbox shows the messages to site admins.
func (p *Pages) FeedbackInbox(w http.ResponseWriter, r *http.Request) {
	fs, err := p.app.ListFeedback(r.Context())
	if err != nil {
		p.fail(w, r, "message", view{Title: p.tr(r, "feedback_inbox.title")}, err)
		return
	}
	p.render(w, r, http.StatusOK, "feedback_inbox", view{Title: p.tr(r, "feedback_inbox.title"), Data: fs})
}
