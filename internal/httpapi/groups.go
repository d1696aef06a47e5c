package httpapi

import (
	"net/http"
	"strconv"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/model"
)

// decodeOptional decodes a JSON body when there is one; an empty body leaves dst as it is.
func decodeOptional(w http.ResponseWriter, r *http.Request, dst any) error {
	if r.ContentLength == 0 {
		return nil
	}
	return decode(w, r, dst)
}

func (s *Server) createGroup(w http.ResponseWriter, r *http.Request) {
	var in app.GroupInput
	if err := decode(w, r, &in); err != nil {
		writeError(w, r, err)
		return
	}
	v, err := s.app.CreateGroup(r.Context(), in)
	if err != nil {
		writeError(w, r, err)
		return
	}
	created(w, "/api/v1/groups/"+v.ID, v)
}

func (s *Server) listGroups(w http.ResponseWriter, r *http.Request) {
	p, ok := mustPage(w, r)
	if !ok {
		return
	}
	gs, next, err := s.app.GroupsPage(r.Context(), r.URL.Query().Get("q"), r.URL.Query().Get("mine") == "true", p.app())
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, keysetPage(p, gs, next))
}

func (s *Server) getGroup(w http.ResponseWriter, r *http.Request) {
	v, err := s.app.GetGroup(r.Context(), r.PathValue("id"))
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

func (s *Server) updateGroup(w http.ResponseWriter, r *http.Request) {
	var in app.GroupInput
	if err := decode(w, r, &in); err != nil {
		writeError(w, r, err)
		return
	}
	v, err := s.app.UpdateGroup(r.Context(), r.PathValue("id"), in)
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

func (s *Server) archiveGroup(w http.ResponseWriter, r *http.Request) {
	if err := s.app.ArchiveGroup(r.Context(), r.PathValue("id")); err != nil {
		writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// joinGroupIn is the body of joinGroup.
type joinGroupIn struct {
	AcceptGuidelines bool `json:"accept_guidelines"`
}

func (s *Server) joinGroup(w http.ResponseWriter, r *http.Request) {
	var in joinGroupIn
	if err := decodeOptional(w, r, &in); err != nil {
		writeError(w, r, err)
		return
	}
	v, err := s.app.JoinGroup(r.Context(), r.PathValue("id"), in.AcceptGuidelines)
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

func (s *Server) leaveGroup(w http.ResponseWriter, r *http.Request) {
	if err := s.app.LeaveGroup(r.Context(), r.PathValue("id")); err != nil {
		writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) listGroupMembers(w http.ResponseWriter, r *http.Request) {
	p, ok := mustPage(w, r)
	if !ok {
		return
	}
	ms, next, err := s.app.GroupMembersPage(r.Context(), r.PathValue("id"), p.app())
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, keysetPage(p, ms, next))
}

func (s *Server) manageGroupMember(w http.ResponseWriter, r *http.Request) {
	var in app.ManageMember
	if err := decode(w, r, &in); err != nil {
		writeError(w, r, err)
		return
	}
	if err := s.app.ManageGroupMember(r.Context(), r.PathValue("id"), r.PathValue("user"), in); err != nil {
		writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// queryInt reads a non-negative integer query parameter (0 when absent).
func queryInt(r *http.Request, name string) (int64, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 {
		return 0, &model.Error{Kind: model.KindInvalid, Message: name + " must be a whole number, 0 or more", Fields: map[string]string{name: "not a number"}}
	}
	return n, nil
}

// messagesPage is a page of chat history with the conversation's numbers.
type messagesPage struct {
	page[app.MessageView]
	LastSeq    int64 `json:"last_seq"`
	LastChange int64 `json:"last_change"`
	ReadSeq    int64 `json:"read_seq"`
}

// listMessages pages through history: newest first from the end (or from
// before a sequence number), or oldest first after one; next_cursor goes
// on in the same direction.
func (s *Server) listMessages(w http.ResponseWriter, r *http.Request) {
	p, ok := mustPage(w, r)
	if !ok {
		return
	}
	var after, before int64
	for _, q := range []struct {
		name string
		n    *int64
	}{{"after", &after}, {"before", &before}} {
		v, err := queryInt(r, q.name)
		if err != nil {
			writeError(w, r, err)
			return
		}
		*q.n = v
	}
	if p.Pos.Seq > 0 {
		if p.Pos.Key == "a" {
			after, before = p.Pos.Seq, 0
		} else {
			after, before = 0, p.Pos.Seq
		}
	}
	mp, err := s.app.ListMessages(r.Context(), r.PathValue("id"), after, before, p.Limit)
	if err != nil {
		writeError(w, r, err)
		return
	}
	out := messagesPage{page: page[app.MessageView]{Items: mp.Messages, HasMore: mp.HasMore}, LastSeq: mp.LastSeq, LastChange: mp.LastChange, ReadSeq: mp.ReadSeq}
	if mp.HasMore {
		dir := "b"
		if after > 0 {
			dir = "a"
		}
		out.NextCursor = p.encode(cursorPos{Seq: mp.Next, Key: dir})
	}
	writeJSON(w, http.StatusOK, out)
}

// postMessageIn is the body of postMessage.
type postMessageIn struct {
	ClientID string `json:"client_id"`
	Body     string `json:"body"`
}

func (s *Server) postMessage(w http.ResponseWriter, r *http.Request) {
	var in postMessageIn
	if err := decode(w, r, &in); err != nil {
		writeError(w, r, err)
		return
	}
	v, _, err := s.app.SendMessage(r.Context(), r.PathValue("id"), in.ClientID, in.Body)
	if err != nil {
		writeError(w, r, err)
		return
	}
	// A message re-sent with the same client_id (after a lost answer) is
	// not posted twice; the answer is the first one's: 201 and its address.
	created(w, "/api/v1/messages/"+v.ID, v)
}

// editMessageIn is the body of editMessage.
type editMessageIn struct {
	Body string `json:"body"`
}

func (s *Server) editMessage(w http.ResponseWriter, r *http.Request) {
	var in editMessageIn
	if err := decode(w, r, &in); err != nil {
		writeError(w, r, err)
		return
	}
	v, err := s.app.EditMessage(r.Context(), r.PathValue("id"), in.Body)
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

// deleteMessageIn is the body of deleteMessage.
type deleteMessageIn struct {
	Reason string `json:"reason"`
}

func (s *Server) deleteMessage(w http.ResponseWriter, r *http.Request) {
	var in deleteMessageIn
	if err := decodeOptional(w, r, &in); err != nil {
		writeError(w, r, err)
		return
	}
	v, err := s.app.DeleteMessage(r.Context(), r.PathValue("id"), in.Reason)
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

func (s *Server) react(on bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		v, err := s.app.React(r.Context(), r.PathValue("id"), r.PathValue("kind"), on)
		if err != nil {
			writeError(w, r, err)
			return
		}
		writeJSON(w, http.StatusOK, v)
	}
}

// markReadIn is the body of markRead.
type markReadIn struct {
	Seq int64 `json:"seq"`
}

func (s *Server) markRead(w http.ResponseWriter, r *http.Request) {
	var in markReadIn
	if err := decode(w, r, &in); err != nil {
		writeError(w, r, err)
		return
	}
	if err := s.app.MarkRead(r.Context(), r.PathValue("id"), in.Seq); err != nil {
		writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// openThreadIn is the body of openThread.
type openThreadIn struct {
	UserID   string `json:"user_id"`
	ClientID string `json:"client_id,omitempty"`
	Body     string `json:"body,omitempty"`
}

func (s *Server) openThread(w http.ResponseWriter, r *http.Request) {
	var in openThreadIn
	if err := decode(w, r, &in); err != nil {
		writeError(w, r, err)
		return
	}
	t, m, err := s.app.StartThread(r.Context(), in.UserID, in.ClientID, in.Body)
	if err != nil {
		writeError(w, r, err)
		return
	}
	created(w, "/api/v1/dms/"+t.ID, threadOpened{Thread: t, Message: m})
}

func (s *Server) inbox(w http.ResponseWriter, r *http.Request) {
	p, ok := mustPage(w, r)
	if !ok {
		return
	}
	v, next, err := s.app.InboxPage(r.Context(), r.URL.Query().Get("state"), p.app())
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, keysetPage(p, v, next))
}

// answerRequestIn is the body of answerRequest.
type answerRequestIn struct {
	Answer string `json:"answer"`
}

func (s *Server) answerRequest(w http.ResponseWriter, r *http.Request) {
	var in answerRequestIn
	if err := decode(w, r, &in); err != nil {
		writeError(w, r, err)
		return
	}
	if err := s.app.AnswerRequest(r.Context(), r.PathValue("id"), in.Answer); err != nil {
		writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) groupReports(w http.ResponseWriter, r *http.Request) {
	p, ok := mustPage(w, r)
	if !ok {
		return
	}
	rs, next, err := s.app.GroupReports(r.Context(), r.PathValue("id"), p.app())
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, keysetPage(p, rs, next))
}

// actOnGroupReportIn is the body of actOnGroupReport.
type actOnGroupReportIn struct {
	// Action is hide (the message, with a reason its author is told) or dismiss.
	Action string `json:"action"`
	Reason string `json:"reason,omitempty"`
}

func (s *Server) actOnGroupReport(w http.ResponseWriter, r *http.Request) {
	var in actOnGroupReportIn
	if err := decode(w, r, &in); err != nil {
		writeError(w, r, err)
		return
	}
	v, err := s.app.ActOnGroupReport(r.Context(), r.PathValue("id"), r.PathValue("report"), in.Action, in.Reason)
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}
