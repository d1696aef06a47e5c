package httpapi

import (
	"net/http"

	"github.com/kinshiprecovery/kinship/internal/app"
)

// callKey orders calls soonest first, then by id.
func callKey(v app.CallView) string { return v.Start.UTC().Format("20060102T150405.000000") + v.ID }

// listMyCalls pages the calls still to come of all the actor's
// mentorships under way, soonest first.
func (s *Server) listMyCalls(w http.ResponseWriter, r *http.Request) {
	p, ok := mustPage(w, r)
	if !ok {
		return
	}
	cs, err := s.app.MyCalls(r.Context())
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, slicePage(p, cs, callKey))
}

// listMentorshipCalls pages the calls still to come of one mentorship.
func (s *Server) listMentorshipCalls(w http.ResponseWriter, r *http.Request) {
	p, ok := mustPage(w, r)
	if !ok {
		return
	}
	cs, err := s.app.MentorshipCalls(r.Context(), r.PathValue("id"))
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, slicePage(p, cs, callKey))
}

func (s *Server) proposeCall(w http.ResponseWriter, r *http.Request) {
	var in app.CallInput
	if err := decode(w, r, &in); err != nil {
		writeError(w, r, err)
		return
	}
	v, err := s.app.ProposeCall(r.Context(), r.PathValue("id"), in)
	if err != nil {
		writeError(w, r, err)
		return
	}
	created(w, "/api/v1/mentorship-calls/"+v.ID, v)
}

func (s *Server) getCall(w http.ResponseWriter, r *http.Request) {
	v, err := s.app.GetCall(r.Context(), r.PathValue("id"))
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

// changeCallIn is the body of changeCall.
type changeCallIn struct {
	Action string `json:"action" enum:"confirm,decline,cancel" doc:"confirm or decline a call proposed to you; cancel a proposed or confirmed call (either of you)"`
}

func (s *Server) changeCall(w http.ResponseWriter, r *http.Request) {
	var in changeCallIn
	if err := decode(w, r, &in); err != nil {
		writeError(w, r, err)
		return
	}
	v, err := s.app.ChangeCall(r.Context(), r.PathValue("id"), in.Action)
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

func (s *Server) suggestCallTime(w http.ResponseWriter, r *http.Request) {
	var in app.CallInput
	if err := decode(w, r, &in); err != nil {
		writeError(w, r, err)
		return
	}
	v, err := s.app.SuggestCallTime(r.Context(), r.PathValue("id"), in)
	if err != nil {
		writeError(w, r, err)
		return
	}
	created(w, "/api/v1/mentorship-calls/"+v.ID, v)
}

func (s *Server) callCalendar(w http.ResponseWriter, r *http.Request) {
	b, err := s.app.CallCalendar(r.Context(), r.PathValue("id"))
	if err != nil {
		writeError(w, r, err)
		return
	}
	w.Header().Set("Content-Disposition", `attachment; filename="call.ics"`)
	writeCalendar(w, b)
}
