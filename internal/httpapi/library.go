package httpapi

import (
	"fmt"
	"net/http"

	"github.com/kinshiprecovery/kinship/internal/app"

	"github.com/kinshiprecovery/kinship/internal/model"
)

// postFeedbackIn is the body of postFeedback.
type postFeedbackIn struct {
	Message string `json:"message"`
	Contact string `json:"contact,omitempty"`
}

func (s *Server) postFeedback(w http.ResponseWriter, r *http.Request) {
	var in postFeedbackIn
	if err := decode(w, r, &in); err != nil {
		writeError(w, r, err)
		return
	}
	if err := s.app.SendFeedback(r.Context(), in.Message, in.Contact, s.clientIP(r)); err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusAccepted, messageOut{Message: "thank you; the people who run this Kinship will read it"})
}

func (s *Server) listFeedback(w http.ResponseWriter, r *http.Request) {
	p, ok := mustPage(w, r)
	if !ok {
		return
	}
	fs, next, err := s.app.FeedbackPage(r.Context(), p.app())
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, keysetPage(p, fs, next))
}

func (s *Server) listResources(w http.ResponseWriter, r *http.Request) {
	p, ok := mustPage(w, r)
	if !ok {
		return
	}
	rs, err := s.app.ListResources(r.Context(), r.URL.Query().Get("tag"))
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, slicePage(p, rs, mostHelpedFirst))
}

// mostHelpedFirst is the library's order: the resources that helped the
// most people first, then by id. A count that changes while a client
// pages may move a resource to a page it has already read, or yet to read.
func mostHelpedFirst(v app.ResourceView) string {
	return fmt.Sprintf("%020d\x00%s", 1<<62-int64(v.Helped), v.ID)
}

// suggestResourceIn is the body of suggestResource.
type suggestResourceIn struct {
	Title       string   `json:"title"`
	URL         string   `json:"url"`
	Description string   `json:"description,omitempty"`
	Tags        []string `json:"tags,omitempty"`
}

func (s *Server) suggestResource(w http.ResponseWriter, r *http.Request) {
	var in suggestResourceIn
	if err := decode(w, r, &in); err != nil {
		writeError(w, r, err)
		return
	}
	v, err := s.app.SuggestResource(r.Context(), in.Title, in.URL, in.Description, in.Tags)
	if err != nil {
		writeError(w, r, err)
		return
	}
	created(w, "/api/v1/resources/"+v.ID, v)
}

func (s *Server) markResource(kind string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := s.app.MarkResource(r.Context(), r.PathValue("id"), kind); err != nil {
			writeError(w, r, err)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}
}

func (s *Server) moderationQueue(w http.ResponseWriter, r *http.Request) {
	p, ok := mustPage(w, r)
	if !ok {
		return
	}
	rs, err := s.app.ModerationQueue(r.Context())
	if err != nil {
		writeError(w, r, err)
		return
	}
	// Suggestions' ids are ULIDs: in id order, the oldest waits first.
	writeJSON(w, http.StatusOK, slicePage(p, rs, func(v app.ResourceView) string { return v.ID }))
}

// moderateResourceIn is the body of moderateResource.
type moderateResourceIn struct {
	Approve *bool  `json:"approve"`
	Reason  string `json:"reason,omitempty"`
}

func (s *Server) moderateResource(w http.ResponseWriter, r *http.Request) {
	var in moderateResourceIn
	if err := decode(w, r, &in); err != nil {
		writeError(w, r, err)
		return
	}
	if in.Approve == nil {
		writeError(w, r, &model.Error{Kind: model.KindInvalid, Message: "approve must be true or false", Fields: map[string]string{"approve": "true or false"}})
		return
	}
	if err := s.app.ModerateResource(r.Context(), r.PathValue("id"), *in.Approve, in.Reason); err != nil {
		writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
