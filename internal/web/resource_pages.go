package web

import (
	"net/http"

	"github.com/kinshiprecovery/kinship/internal/app"
)

// resourcesData is what the library page needs.
type resourcesData struct {
	Resources []app.ResourceView
	Tag       string
}

func (p *Pages) showResources(w http.ResponseWriter, r *http.Request, v view, err error) {
	tag := r.URL.Query().Get("tag")
	rs, lerr := p.app.ListResources(r.Context(), tag)
	if lerr != nil {
		p.fail(w, r, "message", view{Title: p.tr(r, "resources.title")}, lerr)
		return
	}
	v.Title = p.tr(r, "resources.title")
	v.Data = resourcesData{Resources: rs, Tag: tag}
	p.show(w, r, "resources", v, err)
}

// Resources shows the library to anyone.
func (p *Pages) Resources(w http.ResponseWriter, r *http.Request) {
	v := view{}
	switch r.URL.Query().Get("done") {
	case "suggested":
		v.Notice = p.tr(r, "resources.done_suggested")
	case "marked":
		v.Notice = p.tr(r, "resources.done_marked")
	}
	p.showResources(w, r, v, nil)
}

// SuggestResource sends a suggestion to the moderators.
func (p *Pages) SuggestResource(w http.ResponseWriter, r *http.Request) {
	f := form(r, "title", "url", "description", "tags")
	if _, err := p.app.SuggestResource(r.Context(), f["title"], f["url"], f["description"], splitList(f["tags"])); err != nil {
		p.showResources(w, r, view{Form: f}, err)
		return
	}
	p.done(w, r, "/resources?done=suggested")
}

// MarkResource records "this helped" or a broken link.
func (p *Pages) MarkResource(w http.ResponseWriter, r *http.Request) {
	f := form(r, "kind")
	if err := p.app.MarkResource(r.Context(), r.PathValue("id"), f["kind"]); err != nil {
		p.showResources(w, r, view{}, err)
		return
	}
	http.Redirect(w, r, "/resources?done=marked", http.StatusSeeOther)
}

// ModerationQueue shows suggestions waiting for review.
func (p *Pages) ModerationQueue(w http.ResponseWriter, r *http.Request) {
	p.showQueue(w, r, view{}, nil)
}

func (p *Pages) showQueue(w http.ResponseWriter, r *http.Request, v view, err error) {
	rs, qerr := p.app.ModerationQueue(r.Context())
	if qerr != nil {
		p.fail(w, r, "message", view{Title: p.tr(r, "moderation.title")}, qerr)
		return
	}
	v.Title, v.Data = p.tr(r, "moderation.resources_title"), rs
	if r.URL.Query().Get("done") == "1" {
		v.Notice = p.tr(r, "moderation.resources_done")
	}
	p.show(w, r, "moderation", v, err)
}

// ModerateResource publishes or rejects with a reason.
func (p *Pages) ModerateResource(w http.ResponseWriter, r *http.Request) {
	f := form(r, "decision", "reason")
	if err := p.app.ModerateResource(r.Context(), r.PathValue("id"), f["decision"] == "approve", f["reason"]); err != nil {
		p.showQueue(w, r, view{Form: f}, err)
		return
	}
	http.Redirect(w, r, "/moderation/resources?done=1", http.StatusSeeOther)
}
