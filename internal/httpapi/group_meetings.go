package httpapi

import (
	"net/http"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/model"
)

func (s *Server) createGroupMeeting(w http.ResponseWriter, r *http.Request) {
	var in app.MeetingInput
	if err := decode(w, r, &in); err != nil {
		writeError(w, r, err)
		return
	}
	v, err := s.app.CreateGroupMeeting(r.Context(), r.PathValue("id"), in)
	if err != nil {
		writeError(w, r, err)
		return
	}
	created(w, "/api/v1/group-meetings/"+v.ID, v)
}

func (s *Server) listGroupMeetings(w http.ResponseWriter, r *http.Request) {
	ms, err := s.app.ListGroupMeetings(r.Context(), r.PathValue("id"))
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, groupMeetingList{Meetings: ms})
}

func (s *Server) updateGroupMeeting(w http.ResponseWriter, r *http.Request) {
	var in app.MeetingInput
	if err := decode(w, r, &in); err != nil {
		writeError(w, r, err)
		return
	}
	v, err := s.app.UpdateGroupMeeting(r.Context(), r.PathValue("id"), in)
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

// deleteGroupMeeting is idempotent: a meeting already gone answers 204 again.
func (s *Server) deleteGroupMeeting(w http.ResponseWriter, r *http.Request) {
	if err := s.app.DeleteGroupMeeting(r.Context(), r.PathValue("id")); err != nil && model.ErrorKind(err) != model.KindNotFound {
		writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// changeOccurrenceIn is the body of changeOccurrence.
type changeOccurrenceIn struct {
	Occurrence string `json:"occurrence"`
	// Cancel cancels the date; otherwise StartLocal moves it.
	Cancel     bool   `json:"cancel,omitempty"`
	StartLocal string `json:"start_local,omitempty"`
}

func (s *Server) changeOccurrence(w http.ResponseWriter, r *http.Request) {
	var in changeOccurrenceIn
	if err := decode(w, r, &in); err != nil {
		writeError(w, r, err)
		return
	}
	if err := s.app.ChangeOccurrence(r.Context(), r.PathValue("id"), in.Occurrence, in.StartLocal, in.Cancel); err != nil {
		writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// rsvpIn is the body of rsvp.
type rsvpIn struct {
	Occurrence string `json:"occurrence"`
	Status     string `json:"status"`
	Attended   *bool  `json:"attended,omitempty"`
}

func (s *Server) rsvp(w http.ResponseWriter, r *http.Request) {
	var in rsvpIn
	if err := decode(w, r, &in); err != nil {
		writeError(w, r, err)
		return
	}
	if err := s.app.RSVP(r.Context(), r.PathValue("id"), in.Occurrence, in.Status, in.Attended); err != nil {
		writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func writeCalendar(w http.ResponseWriter, body []byte) {
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Cache-Control", "private, no-store")
	w.WriteHeader(http.StatusOK)
	w.Write(body)
}

func (s *Server) groupCalendar(w http.ResponseWriter, r *http.Request) {
	b, err := s.app.GroupCalendar(r.Context(), r.PathValue("id"))
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeCalendar(w, b)
}

// createCalendarFeedIn is the body of createCalendarFeed.
type createCalendarFeedIn struct {
	GroupID string `json:"group_id"`
}

func (s *Server) createCalendarFeed(w http.ResponseWriter, r *http.Request) {
	var in createCalendarFeedIn
	if err := decodeOptional(w, r, &in); err != nil {
		writeError(w, r, err)
		return
	}
	v, err := s.app.CreateCalendarFeed(r.Context(), in.GroupID)
	if err != nil {
		writeError(w, r, err)
		return
	}
	created(w, "/api/v1/me/calendar-feeds", v)
}

func (s *Server) revokeCalendarFeeds(w http.ResponseWriter, r *http.Request) {
	if err := s.app.RevokeCalendarFeeds(r.Context()); err != nil {
		writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// feedCalendar serves a private subscription address; the token in the
// path is the only credential, as calendar apps send no cookies.
func (s *Server) feedCalendar(w http.ResponseWriter, r *http.Request) {
	token := r.PathValue("file")
	if len(token) < 5 || token[len(token)-4:] != ".ics" {
		s.notFound(w, r)
		return
	}
	b, err := s.app.FeedCalendar(r.Context(), token[:len(token)-4])
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeCalendar(w, b)
}
