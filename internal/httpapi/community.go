package httpapi

import (
	"net/http"
	"strings"

	"github.com/kinshiprecovery/kinship/internal/app"
)

func (s *Server) createPost(w http.ResponseWriter, r *http.Request) {
	var in app.PostInput
	if err := decode(w, r, &in); err != nil {
		writeError(w, r, err)
		return
	}
	v, err := s.app.CreatePost(r.Context(), in)
	if err != nil {
		writeError(w, r, err)
		return
	}
	created(w, "/api/v1/posts/"+v.ID, v)
}

func (s *Server) listPosts(w http.ResponseWriter, r *http.Request) {
	var hide []string
	if h := r.URL.Query().Get("hide_notes"); h != "" {
		hide = strings.Split(h, ",")
	}
	p, ok := mustPage(w, r)
	if !ok {
		return
	}
	v, next, err := s.app.PostsPage(r.Context(), r.URL.Query().Get("group_id"), r.URL.Query().Get("kind"), hide, p.app())
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, keysetPage(p, v, next))
}

func (s *Server) findPeople(w http.ResponseWriter, r *http.Request) {
	q := app.PeerQuery{Skill: r.URL.Query().Get("skill"), LookingFor: r.URL.Query().Get("looking_for")}
	v, err := s.app.FindPeers(r.Context(), q)
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, peopleList{People: v})
}

// getPost answers the post with the first page of its comments; the rest
// are read from GET /api/v1/posts/{id}/comments with comments.next_cursor.
func (s *Server) getPost(w http.ResponseWriter, r *http.Request) {
	s.postComments(w, r, true)
}

func (s *Server) listComments(w http.ResponseWriter, r *http.Request) {
	s.postComments(w, r, false)
}

func (s *Server) postComments(w http.ResponseWriter, r *http.Request, withPost bool) {
	p, ok := mustPage(w, r)
	if !ok {
		return
	}
	if withPost {
		// The cursor of the first page continues at the comments' own route.
		p.list = commentsList
	}
	post, cs, next, err := s.app.PostWithComments(r.Context(), r.PathValue("id"), p.app())
	if err != nil {
		writeError(w, r, err)
		return
	}
	if withPost {
		writeJSON(w, http.StatusOK, postWithComments{Post: post, Comments: keysetPage(p, cs, next)})
		return
	}
	writeJSON(w, http.StatusOK, keysetPage(p, cs, next))
}

// commentOnPostIn is the body of commentOnPost.
type commentOnPostIn struct {
	Body string `json:"body"`
}

func (s *Server) commentOnPost(w http.ResponseWriter, r *http.Request) {
	var in commentOnPostIn
	if err := decode(w, r, &in); err != nil {
		writeError(w, r, err)
		return
	}
	v, err := s.app.CommentOnPost(r.Context(), r.PathValue("id"), in.Body)
	if err != nil {
		writeError(w, r, err)
		return
	}
	created(w, "/api/v1/posts/"+r.PathValue("id"), v)
}

func (s *Server) reactToPost(on bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		v, err := s.app.ReactToPost(r.Context(), r.PathValue("id"), r.PathValue("kind"), on)
		if err != nil {
			writeError(w, r, err)
			return
		}
		writeJSON(w, http.StatusOK, v)
	}
}

func (s *Server) fileReport(w http.ResponseWriter, r *http.Request) {
	var in app.ReportInput
	if err := decode(w, r, &in); err != nil {
		writeError(w, r, err)
		return
	}
	v, err := s.app.Report(r.Context(), in)
	if err != nil {
		writeError(w, r, err)
		return
	}
	created(w, "/api/v1/reports/"+v.ID, v)
}

func (s *Server) reportQueue(w http.ResponseWriter, r *http.Request) {
	p, ok := mustPage(w, r)
	if !ok {
		return
	}
	v, next, err := s.app.ReportQueuePage(r.Context(), p.app())
	if err != nil {
		writeError(w, r, err)
		return
	}
	appeals, err := s.app.OpenAppeals(r.Context())
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, reportQueuePage{keysetPage(p, v, next), appeals})
}

// actOnReportIn is the body of actOnReport.
type actOnReportIn struct {
	Action string `json:"action"`
	Reason string `json:"reason,omitempty"`
}

func (s *Server) actOnReport(w http.ResponseWriter, r *http.Request) {
	var in actOnReportIn
	if err := decode(w, r, &in); err != nil {
		writeError(w, r, err)
		return
	}
	v, err := s.app.ActOnReport(r.Context(), r.PathValue("id"), in.Action, in.Reason)
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

func (s *Server) myModerationActions(w http.ResponseWriter, r *http.Request) {
	p, ok := mustPage(w, r)
	if !ok {
		return
	}
	v, err := s.app.MyModerationActions(r.Context())
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, slicePage(p, v, func(v app.ActionView) string { return idNewestFirst(v.ID) }))
}

// appealIn is the body of appeal.
type appealIn struct {
	Text string `json:"text"`
}

func (s *Server) appeal(w http.ResponseWriter, r *http.Request) {
	var in appealIn
	if err := decode(w, r, &in); err != nil {
		writeError(w, r, err)
		return
	}
	v, err := s.app.Appeal(r.Context(), r.PathValue("id"), in.Text)
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

// decideAppealIn is the body of decideAppeal.
type decideAppealIn struct {
	Decision string `json:"decision"`
	Reason   string `json:"reason" maxLength:"1000" doc:"why the moderators decide so, told to the person who appealed in their notification and beside their appeal; required (a missing or blank reason is a 400 and nothing is decided)"`
}

func (s *Server) decideAppeal(w http.ResponseWriter, r *http.Request) {
	var in decideAppealIn
	if err := decode(w, r, &in); err != nil {
		writeError(w, r, err)
		return
	}
	v, err := s.app.DecideAppeal(r.Context(), r.PathValue("id"), in.Decision, in.Reason)
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

// setTrustIn is the body of setTrust.
type setTrustIn struct {
	Level int `json:"level"`
}

func (s *Server) setTrust(w http.ResponseWriter, r *http.Request) {
	var in setTrustIn
	if err := decode(w, r, &in); err != nil {
		writeError(w, r, err)
		return
	}
	if err := s.app.SetTrustLevel(r.Context(), r.PathValue("id"), in.Level); err != nil {
		writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) getTrustSettings(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, s.app.TrustSettings(r.Context()))
}

func (s *Server) putTrustSettings(w http.ResponseWriter, r *http.Request) {
	var in app.TrustSettings
	if err := decode(w, r, &in); err != nil {
		writeError(w, r, err)
		return
	}
	v, err := s.app.SaveTrustSettings(r.Context(), in)
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

func (s *Server) getNotificationPrefs(w http.ResponseWriter, r *http.Request) {
	v, err := s.app.GetNotificationPrefs(r.Context())
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

// notificationPrefsIn is the body of putNotificationPrefs, merged over
// the person's choices: what is not sent keeps its value.
type notificationPrefsIn struct {
	Categories map[string]categoryPrefIn `json:"categories,omitempty" doc:"by category: messages, groups, partners, mentorship, community, support, moderation"`
	Digest     *string                   `json:"digest,omitempty" enum:"off,daily"`
	Email      *bool                     `json:"email,omitempty" doc:"the switch for every notification email"`
}

// categoryPrefIn changes one category's choices.
type categoryPrefIn struct {
	InApp *bool `json:"in_app,omitempty"`
	Email *bool `json:"email,omitempty"`
	Push  *bool `json:"push,omitempty"`
}

func (s *Server) putNotificationPrefs(w http.ResponseWriter, r *http.Request) {
	var in notificationPrefsIn
	if err := decode(w, r, &in); err != nil {
		writeError(w, r, err)
		return
	}
	cur, err := s.app.GetNotificationPrefs(r.Context())
	if err != nil {
		writeError(w, r, err)
		return
	}
	set := func(dst *bool, v *bool) {
		if v != nil {
			*dst = *v
		}
	}
	change := app.NotificationPrefs{Categories: map[string]app.CategoryPref{}, Digest: cur.Digest, Email: cur.Email}
	for k, c := range in.Categories {
		p := cur.Categories[k] // an unknown category is refused by the app
		set(&p.InApp, c.InApp)
		set(&p.Email, c.Email)
		set(&p.Push, c.Push)
		change.Categories[k] = p
	}
	if in.Digest != nil {
		change.Digest = *in.Digest
	}
	set(&change.Email, in.Email)
	v, err := s.app.SaveNotificationPrefs(r.Context(), change)
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}
