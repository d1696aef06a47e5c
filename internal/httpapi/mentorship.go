package httpapi

import (
	"net/http"
	"strconv"

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

func (s *Server) listMentorships(w http.ResponseWriter, r *http.Request) {
	v, err := s.app.ListMentorships(r.Context())
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
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
	days := 30
	if d := r.URL.Query().Get("days"); d != "" {
		n, err := strconv.Atoi(d)
		if err != nil {
			writeError(w, r, &model.Error{Kind: model.KindInvalid, Message: "days must be a whole number from 1 to 366"})
			return
		}
		days = n
	}
	v, err := s.app.MenteeCheckins(r.Context(), r.PathValue("id"), days)
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, sharedCheckinList{Checkins: v})
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
	Cohort    *match.Cohort `json:"cohort"`
	MenteeIDs []string      `json:"mentee_ids"`
	Method    string        `json:"method"`
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

// sendCohortIn is the body of sendCohort.
type sendCohortIn struct {
	Assignments []match.Assignment `json:"assignments"`
}

func (s *Server) sendCohort(w http.ResponseWriter, r *http.Request) {
	var in sendCohortIn
	if err := decodeLarge(r, &in); err != nil {
		writeError(w, r, err)
		return
	}
	v, err := s.app.SendCohortRequests(r.Context(), in.Assignments)
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, cohortResults{Results: v})
}
