package web

import (
	"net/http"

	"github.com/kinshiprecovery/kinship/internal/app"
)

// connectionsData is what the connections page needs.
type connectionsData struct {
	Connections []app.ConnectionView
	Blocks      []app.BlockView
}

func (p *Pages) showConnections(w http.ResponseWriter, r *http.Request, v view, err error) {
	cs, cerr := p.app.ListConnections(r.Context())
	if cerr != nil {
		p.fail(w, r, "message", view{Title: p.tr(r, "connections.title")}, cerr)
		return
	}
	bs, berr := p.app.ListBlocks(r.Context())
	if berr != nil {
		p.fail(w, r, "message", view{Title: p.tr(r, "connections.title")}, berr)
		return
	}
	v.Title, v.Data = p.tr(r, "connections.title"), connectionsData{Connections: cs, Blocks: bs}
	p.show(w, r, "connections", v, err)
}

// Connections lists connections, requests and blocks.
func (p *Pages) Connections(w http.ResponseWriter, r *http.Request) {
	v := view{}
	switch r.URL.Query().Get("done") {
	case "requested":
		v.Notice = p.tr(r, "connections.done_requested")
	case "accepted":
		v.Notice = p.tr(r, "connections.done_accepted")
	case "removed":
		v.Notice = p.tr(r, "connections.done_removed")
	case "blocked":
		v.Notice = p.tr(r, "inbox.done_blocked")
	case "unblocked":
		v.Notice = p.tr(r, "connections.done_unblocked")
	}
	p.showConnections(w, r, v, nil)
}

func (p *Pages) connectionAction(w http.ResponseWriter, r *http.Request, done string, act func() error) {
	if err := act(); err != nil {
		p.showConnections(w, r, view{}, err)
		return
	}
	http.Redirect(w, r, "/connections?done="+done, http.StatusSeeOther)
}

// RequestConnection asks the member named in the form to connect.
func (p *Pages) RequestConnection(w http.ResponseWriter, r *http.Request) {
	f := form(r, "user_id")
	p.connectionAction(w, r, "requested", func() error { _, err := p.app.RequestConnection(r.Context(), f["user_id"]); return err })
}

// AcceptConnection accepts a request.
func (p *Pages) AcceptConnection(w http.ResponseWriter, r *http.Request) {
	p.connectionAction(w, r, "accepted", func() error { return p.app.AcceptConnection(r.Context(), r.PathValue("id")) })
}

// RemoveConnection ends a connection or request.
func (p *Pages) RemoveConnection(w http.ResponseWriter, r *http.Request) {
	p.connectionAction(w, r, "removed", func() error { return p.app.RemoveConnection(r.Context(), r.PathValue("id")) })
}

// Block blocks the member named in the form.
func (p *Pages) Block(w http.ResponseWriter, r *http.Request) {
	f := form(r, "user_id")
	p.connectionAction(w, r, "blocked", func() error { return p.app.BlockMember(r.Context(), f["user_id"]) })
}

// Unblock lifts a block.
func (p *Pages) Unblock(w http.ResponseWriter, r *http.Request) {
	p.connectionAction(w, r, "unblocked", func() error { return p.app.UnblockMember(r.Context(), r.PathValue("id")) })
}
