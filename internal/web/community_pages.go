package web

import (
	"errors"
	"net/http"
	"strings"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/i18n"
	"github.com/kinshiprecovery/kinship/internal/model"
)

// communityData is what the community page needs.
type communityData struct {
	Posts    []app.PostView
	Hide     string
	Kind     string
	Reasons  []option
	Post     *app.PostView
	Comments []app.CommentView
}

// reportReasons are the reasons a report may give, in the order the form
// offers them, each with its words' catalog ID.
var reportReasons = []option{{"harassment", "js.reason_harassment"}, {"selling_drugs", "js.reason_selling_drugs"}, {"spam", "js.reason_spam"},
	{"hate", "js.reason_hate"}, {"threat", "js.reason_threat"}, {"self_harm", "js.reason_self_harm"}, {"privacy", "js.reason_privacy"},
	{"misinformation", "js.reason_misinformation"}, {"other", "js.reason_other"}}

// reportReasonOptions are the report form's reasons, named in l.
func reportReasonOptions(l *i18n.Lang) []option {
	out := make([]option, len(reportReasons))
	for i, o := range reportReasons {
		out[i] = option{o.Value, l.T(o.Label)}
	}
	return out
}

// Community lists the community space's posts, with a filter by content note.
func (p *Pages) Community(w http.ResponseWriter, r *http.Request) {
	p.showCommunity(w, r, view{}, nil)
}

func (p *Pages) showCommunity(w http.ResponseWriter, r *http.Request, v view, err error) {
	hide := r.URL.Query().Get("hide")
	var notes []string
	if hide != "" {
		notes = strings.Split(hide, ",")
	}
	kind := r.URL.Query().Get("kind")
	posts, lerr := p.app.ListPostsOfKind(r.Context(), "", kind, notes)
	if lerr != nil {
		p.fail(w, r, "message", view{Title: p.tr(r, "community.title")}, lerr)
		return
	}
	if r.URL.Query().Get("done") == "posted" {
		v.Notice = p.tr(r, "community.done_posted")
	} else {
		p.reportedNotice(r, &v)
	}
	v.Title, v.Data = p.tr(r, "community.title"), communityData{Posts: posts, Hide: hide, Kind: kind}
	p.show(w, r, "community", v, err)
}

// CreatePost shares a post.
func (p *Pages) CreatePost(w http.ResponseWriter, r *http.Request) {
	f := form(r, "kind", "title", "body", "content_note")
	if _, err := p.app.CreatePost(r.Context(), app.PostInput{Kind: f["kind"], Title: f["title"], Body: f["body"], ContentNote: f["content_note"]}); err != nil {
		p.showCommunity(w, r, view{Form: f}, err)
		return
	}
	p.done(w, r, "/community?done=posted")
}

// Post shows one post and its comments.
func (p *Pages) Post(w http.ResponseWriter, r *http.Request) {
	v := view{}
	p.reportedNotice(r, &v)
	p.showPost(w, r, v, nil)
}

func (p *Pages) showPost(w http.ResponseWriter, r *http.Request, v view, err error) {
	post, cs, perr := p.app.GetPost(r.Context(), r.PathValue("id"))
	if perr != nil {
		p.fail(w, r, "message", view{Title: p.tr(r, "post.title")}, perr)
		return
	}
	v.Title, v.Data = post.Title, communityData{Post: post, Comments: cs, Reasons: reportReasonOptions(p.viewerLang(r))}
	p.show(w, r, "post", v, err)
}

// CommentOnPost answers a post.
func (p *Pages) CommentOnPost(w http.ResponseWriter, r *http.Request) {
	f := form(r, "body", "reaction")
	var err error
	if f["reaction"] != "" {
		_, err = p.app.ReactToPost(r.Context(), r.PathValue("id"), f["reaction"], true)
	} else {
		_, err = p.app.CommentOnPost(r.Context(), r.PathValue("id"), f["body"])
	}
	if err != nil {
		p.showPost(w, r, view{Form: f}, err)
		return
	}
	p.done(w, r, "/posts/"+r.PathValue("id"))
}

// FileReport reports content or a person from any page.
func (p *Pages) FileReport(w http.ResponseWriter, r *http.Request) {
	f := form(r, "target_type", "target_id", "reason", "details", "back")
	rep, err := p.app.Report(r.Context(), app.ReportInput{TargetType: f["target_type"], TargetID: f["target_id"], Reason: f["reason"], Details: f["details"]})
	if err != nil {
		p.fail(w, r, "message", view{Title: p.tr(r, "post.report_title")}, err)
		return
	}
	done := "reported"
	switch {
	case app.CrisisReason(rep.Reason):
		done = "reported_risk" // the page shows the crisis lines too
	case rep.ReviewedBy == app.ReviewedByGroupFacilitators:
		done = "reported_group" // the page says the group's facilitators will look at it
	}
	back := localNext(f["back"])
	if back == "/" {
		back = "/community"
	}
	sep := "?"
	if strings.Contains(back, "?") {
		sep = "&"
	}
	http.Redirect(w, r, back+sep+"done="+done, http.StatusSeeOther)
}

// reportedNotice puts on v what a page says when the reader's report
// brings them back to it (FileReport's ?done=): thanks, and who will look
// at it; after a report that someone may be at risk, the crisis lines of
// the reader's country too, as the support page shows them.
func (p *Pages) reportedNotice(r *http.Request, v *view) {
	switch r.URL.Query().Get("done") {
	case "reported":
		v.Notice = p.tr(r, "chat.reported")
	case "reported_group":
		v.Notice = p.tr(r, "chat.reported_group")
	case "reported_risk":
		v.Notice, v.NoticeHelp = p.tr(r, "chat.reported_risk"), true
	}
}

// moderationData is what the moderation queue needs.
type moderationData struct {
	Reports []app.ReportView
	Paging  queuePaging
	Appeals []app.ActionView
	// AppealFailed is the appeal whose decision was refused (no reason),
	// and AppealReason what was typed for it, to show its form again.
	AppealFailed, AppealReason string
}

// ModerationReports is the moderators' report queue.
func (p *Pages) ModerationReports(w http.ResponseWriter, r *http.Request) {
	v, err := p.moderationQueue(r, r.URL.Query().Get("after"))
	if err != nil {
		p.fail(w, r, "message", view{Title: p.tr(r, "moderation.title")}, err)
		return
	}
	if r.URL.Query().Get("done") != "" {
		v.Notice = p.tr(r, "moderation_queue.done")
	}
	p.render(w, r, http.StatusOK, "moderation_queue", v)
}

// moderationQueue is the queue's page from after on, with the appeals waiting.
func (p *Pages) moderationQueue(r *http.Request, after string) (view, error) {
	q, err := p.app.ReportQueueAfter(r.Context(), after, queuePageSize)
	if err != nil {
		return view{}, err
	}
	as, err := p.app.OpenAppeals(r.Context())
	if err != nil {
		return view{}, err
	}
	return view{Title: p.tr(r, "moderation_queue.title"), Data: moderationData{Reports: q.Items, Paging: queuePagingOf("reports", "/moderation/queue", after, q), Appeals: as}}, nil
}

// ModerateReport acts on a report.
func (p *Pages) ModerateReport(w http.ResponseWriter, r *http.Request) {
	f := form(r, "action", "reason", "after")
	if _, err := p.app.ActOnReport(r.Context(), r.PathValue("id"), f["action"], f["reason"]); err != nil {
		p.fail(w, r, "message", view{Title: p.tr(r, "moderation.title")}, err)
		return
	}
	http.Redirect(w, r, queueBack("/moderation/queue", f["after"]), http.StatusSeeOther)
}

// DecideAppeal upholds or reverses an appealed action.
// A decision refused for its reason shows the queue again, the
// appeal's form with the problem beside it and what was typed.
func (p *Pages) DecideAppeal(w http.ResponseWriter, r *http.Request) {
	f := form(r, "decision", "reason")
	_, err := p.app.DecideAppeal(r.Context(), r.PathValue("id"), f["decision"], f["reason"])
	var e *model.Error
	if errors.As(err, &e) && e.Kind == model.KindInvalid && e.Fields["reason"] != "" {
		v, qerr := p.moderationQueue(r, "")
		if qerr == nil {
			d := v.Data.(moderationData)
			d.AppealFailed, d.AppealReason = r.PathValue("id"), f["reason"]
			v.Data = d
			p.fail(w, r, "moderation_queue", v, err)
			return
		}
	}
	if err != nil {
		p.fail(w, r, "message", view{Title: p.tr(r, "moderation.title")}, err)
		return
	}
	http.Redirect(w, r, "/moderation/queue?done=1", http.StatusSeeOther)
}

// Appeals lists the actions about the actor, with a form to appeal each.
func (p *Pages) Appeals(w http.ResponseWriter, r *http.Request) {
	as, err := p.app.MyModerationActions(r.Context())
	if err != nil {
		p.fail(w, r, "message", view{Title: p.tr(r, "appeals.title")}, err)
		return
	}
	v := view{Title: p.tr(r, "appeals.title"), Data: as}
	if r.URL.Query().Get("done") != "" {
		v.Notice = p.tr(r, "appeals.done")
	}
	p.render(w, r, http.StatusOK, "appeals", v)
}

// AppealAction files an appeal.
func (p *Pages) AppealAction(w http.ResponseWriter, r *http.Request) {
	f := form(r, "text")
	if _, err := p.app.Appeal(r.Context(), r.PathValue("id"), f["text"]); err != nil {
		p.fail(w, r, "message", view{Title: p.tr(r, "appeals.title")}, err)
		return
	}
	http.Redirect(w, r, "/appeals?done=1", http.StatusSeeOther)
}

// peopleData is what the find-peers page needs.
type peopleData struct {
	Skill, LookingFor string
	Searched          bool
	People            []app.Peer
}

// People finds members by a skill they can share or what they look for.
func (p *Pages) People(w http.ResponseWriter, r *http.Request) {
	q := app.PeerQuery{Skill: r.URL.Query().Get("skill"), LookingFor: r.URL.Query().Get("looking_for")}
	v := view{Title: p.tr(r, "people.title")}
	d := peopleData{Skill: q.Skill, LookingFor: q.LookingFor}
	if strings.TrimSpace(q.Skill+q.LookingFor) == "" {
		v.Data = d
		p.render(w, r, http.StatusOK, "people", v)
		return
	}
	people, err := p.app.FindPeers(r.Context(), q)
	d.Searched, d.People = true, people
	v.Data = d
	p.show(w, r, "people", v, err)
}
