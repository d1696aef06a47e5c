package httpapi

import (
	"net/http"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/model"
)

// requestConnectionIn is the body of requestConnection.
type requestConnectionIn struct {
	UserID string `json:"user_id"`
}

func (s *Server) requestConnection(w http.ResponseWriter, r *http.Request) {
	var in requestConnectionIn
	if err := decode(w, r, &in); err != nil {
		writeError(w, r, err)
		return
	}
	v, err := s.app.RequestConnection(r.Context(), in.UserID)
	if err != nil {
		writeError(w, r, err)
		return
	}
	created(w, "/api/v1/connections/"+v.ID, v)
}

func (s *Server) listConnections(w http.ResponseWriter, r *http.Request) {
	p, ok := mustPage(w, r)
	if !ok {
		return
	}
	cs, err := s.app.ListConnections(r.Context())
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, slicePage(p, cs, func(v app.ConnectionView) string { return idNewestFirst(v.ID) }))
}

func (s *Server) acceptConnection(w http.ResponseWriter, r *http.Request) {
	if err := s.app.AcceptConnection(r.Context(), r.PathValue("id")); err != nil {
		writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// removeConnection is idempotent: a connection already gone (or never
// the caller's) answers 204 like the first removal.
func (s *Server) removeConnection(w http.ResponseWriter, r *http.Request) {
	if err := s.app.RemoveConnection(r.Context(), r.PathValue("id")); err != nil && model.ErrorKind(err) != model.KindNotFound {
		writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// blockMemberIn is the body of blockMember.
type blockMemberIn struct {
	UserID string `json:"user_id"`
}

func (s *Server) blockMember(w http.ResponseWriter, r *http.Request) {
	var in blockMemberIn
	if err := decode(w, r, &in); err != nil {
		writeError(w, r, err)
		return
	}
	if err := s.app.BlockMember(r.Context(), in.UserID); err != nil {
		writeError(w, r, err)
		return
	}
	created(w, "/api/v1/blocks/"+in.UserID, app.BlockView{UserID: in.UserID, Name: s.app.DisplayName(r.Context(), in.UserID)})
}

func (s *Server) unblockMember(w http.ResponseWriter, r *http.Request) {
	if err := s.app.UnblockMember(r.Context(), r.PathValue("id")); err != nil {
		writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) listBlocks(w http.ResponseWriter, r *http.Request) {
	bs, err := s.app.ListBlocks(r.Context())
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, blockList{Blocks: bs})
}
