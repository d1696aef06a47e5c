package httpapi

import (
	"net/http"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/match"
	"github.com/kinshiprecovery/kinship/internal/model"
)

func (s *Server) getMentorshipSettings(w http.ResponseWriter, r *http.Request) {
	v, err := s.app.MentorshipSettings(r.Context())
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

// patchMentorshipSettings is a JSON Merge Patch: the body is read
// over the current settings, so {"capacity": 2} leaves mentoring on.
func (s *Server) patchMentorshipSettings(w http.ResponseWriter, r *http.Request) {
	cur, err := s.app.MentorshipSettings(r.Context())
	if err != nil {
		writeError(w, r, err)
		return
	}
	in := *cur
	if err := decode(w, r, &in); err != nil {
		writeError(w, r, err)
		return
	}
	v, err := s.app.SaveMentorshipSettings(r.Context(), in)
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

func (s *Server) mentorSuggestions(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	k := 0
	if v := q.Get("k"); v != "" {
		n, ok := model.ParseWhole(v, 1, 20)
		if !ok {
			writeError(w, r, &model.Error{Kind: model.KindInvalid, Message: "k is how many suggestions to show, 1 to 20", Fields: map[string]string{"k": "use 1 to 20"}})
			return
		}
		k = n
	}
	v, err := s.app.SuggestMentors(r.Context(), q.Get("language"), q.Get("pathway"), k)
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, suggestionList{Suggestions: v})
}

// requestMentorIn is the body of requestMentor.
type requestMentorIn struct {
	MentorID string `json:"mentor_id"`
	Note     string `json:"note,omitempty"`
}

func (s *Server) requestMentor(w http.ResponseWriter, r *http.Request) {
	var in requestMentorIn
	if err := decode(w, r, &in); err != nil {
		writeError(w, r, err)
		return
	}
	v, err := s.app.RequestMentor(r.Context(), in.MentorID, in.Note)
	if err != nil {
		writeError(w, r, err)
		return
	}
	created(w, "/api/v1/mentorships/"+v.ID, v)
}

// listMentorships pages the actor's mentorships (held whole: one
// person's), newest first, on one side when ?role= says which.
func (s *Server) listMentorships(w http.ResponseWriter, r *http.Request) {
	p, ok := mustPage(w, r)
	if !ok {
		return
	}
	role := r.URL.Query().Get("role")
	if role != "" && role != "mentor" && role != "mentee" {
		writeError(w, r, &model.Error{Kind: model.KindInvalid, Message: "role is mentor or mentee; leave it out for both",
			Fields: map[string]string{"role": "use mentor or mentee"}})
		return
	}
	all, err := s.app.ListMentorships(r.Context())
	if err != nil {
		writeError(w, r, err)
		return
	}
	var ms []app.MentorshipView
	if role != "mentee" {
		ms = append(ms, all.AsMentor...)
	}
	if role != "mentor" {
		ms = append(ms, all.AsMentee...)
	}
	writeJSON(w, http.StatusOK, slicePage(p, ms, func(v app.MentorshipView) string { return newestFirst(v.CreatedAt.Time, v.ID) }))
}

// changeMentorshipIn is the body of changeMentorship.
type changeMentorshipIn struct {
	Action string `json:"action"`
	Reason string `json:"reason,omitempty"`
}

func (s *Server) changeMentorship(w http.ResponseWriter, r *http.Request) {
	var in changeMentorshipIn
	if err := decode(w, r, &in); err != nil {
		writeError(w, r, err)
		return
	}
	v, err := s.app.ChangeMentorship(r.Context(), r.PathValue("id"), in.Action, in.Reason)
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

// shareWithMentorIn is the body of shareWithMentor.
type shareWithMentorIn struct {
	Share model.PartnerShare `json:"share"`
}

// shareWithMentor is a JSON Merge Patch of what the mentee shares: fields
// not sent keep their values.
func (s *Server) shareWithMentor(w http.ResponseWriter, r *http.Request) {
	var in shareWithMentorIn
	all, err := s.app.ListMentorships(r.Context())
	if err != nil {
		writeError(w, r, err)
		return
	}
	for _, m := range all.AsMentee {
		if m.ID == r.PathValue("id") {
			in.Share = m.Share
		}
	}
	if err := decode(w, r, &in); err != nil {
		writeError(w, r, err)
		return
	}
	v, err := s.app.SetMentorshipShare(r.Context(), r.PathValue("id"), in.Share)
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

func (s *Server) menteeCheckins(w http.ResponseWriter, r *http.Request) {
	days, ok := queryDays(w, r)
	if !ok {
		return
	}
	v, sharing, err := s.app.MenteeCheckins(r.Context(), r.PathValue("id"), days)
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, menteeCheckinList{Checkins: v, Sharing: sharing})
}

// vouchMentorIn is the body of vouchMentor.
type vouchMentorIn struct {
	Certified bool `json:"certified"`
}

func (s *Server) vouchMentor(w http.ResponseWriter, r *http.Request) {
	var in vouchMentorIn
	if err := decode(w, r, &in); err != nil {
		writeError(w, r, err)
		return
	}
	if err := s.app.VouchMentor(r.Context(), r.PathValue("id"), in.Certified); err != nil {
		writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// planCohortIn is the body of planCohort.
type planCohortIn struct {
	Cohort    *match.Cohort `json:"cohort,omitempty" doc:"an uploaded cohort; or send mentee_ids"`
	MenteeIDs []string      `json:"mentee_ids,omitempty" doc:"members to plan for, with every available mentor; or send cohort"`
	Method    string        `json:"method,omitempty" enum:"optimal,stable" doc:"optimal (the default) or stable"`
}

func (s *Server) planCohort(w http.ResponseWriter, r *http.Request) {
	var in planCohortIn
	if err := decodeLarge(r, &in); err != nil {
		writeError(w, r, err)
		return
	}
	v, err := s.app.PlanCohort(r.Context(), in.Cohort, in.MenteeIDs, in.Method)
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

// sendCohortIn is the body of sendCohort: the pairs kept after review.
type sendCohortIn struct {
	Assignments []cohortPairIn `json:"assignments"`
}

// cohortPairIn is one reviewed pair (a plan's assignment; its score and
// reasons may be sent back and are not read).
type cohortPairIn struct {
	MenteeID string   `json:"mentee_id"`
	MentorID string   `json:"mentor_id"`
	Score    float64  `json:"score,omitempty"`
	Reasons  []string `json:"reasons,omitempty"`
}

func (s *Server) sendCohort(w http.ResponseWriter, r *http.Request) {
	var in sendCohortIn
	if err := decodeLarge(r, &in); err != nil {
		writeError(w, r, err)
		return
	}
	pairs := make([]match.Assignment, 0, len(in.Assignments))
	for _, p := range in.Assignments {
		pairs = append(pairs, match.Assignment{Mentee: p.MenteeID, Mentor: p.MentorID})
	}
	v, err := s.app.SendCohortRequests(r.Context(), pairs)
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, cohortResults{Results: v})
}
