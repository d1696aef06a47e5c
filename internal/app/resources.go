package app

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/store"
)

// Resource states.
const (
	ResourcePublished = "published"
	ResourcePending   = "pending"
	ResourceRejected  = "rejected"
)

// ResourceView is a library entry as shown.
type ResourceView struct {
	ID          string   `json:"id" format:"ulid"`
	Title       string   `json:"title"`
	URL         string   `json:"url"`
	Description string   `json:"description"`
	Tags        []string `json:"tags"`
	Helped      int      `json:"helped"`
	Status      string   `json:"status,omitempty"`
	Reason      string   `json:"reason,omitempty"`
}

func resourceView(r *store.Resource, withStatus bool) ResourceView {
	v := ResourceView{ID: r.ID, Title: r.Title, URL: r.URL, Description: r.Description, Tags: r.Tags, Helped: r.Helped}
	if v.Tags == nil {
		v.Tags = []string{}
	}
	if withStatus {
		v.Status, v.Reason = r.Status, r.Reason
	}
	return v
}

// ListResources returns the published library, most helpful first,
// optionally only those with tag. Anyone may read it.
func (a *App) ListResources(ctx context.Context, tag string) ([]ResourceView, error) {
	rs, err := a.store.ListResources(ctx, ResourcePublished)
	if err != nil {
		return nil, err
	}
	out := []ResourceView{}
	for _, r := range rs {
		if tag == "" || hasAll(r.Tags, []string{tag}) {
			out = append(out, resourceView(r, false))
		}
	}
	return out, nil
}

// SuggestResource puts a member's suggestion in the moderation queue.
// Errors: invalid, rate_limited.
func (a *App) SuggestResource(ctx context.Context, title, link, description string, tags []string) (*ResourceView, error) {
	act, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	title, link, description = strings.TrimSpace(title), strings.TrimSpace(link), strings.TrimSpace(description)
	fe := model.FieldErrors{}
	if n := utf8.RuneCountInString(title); n == 0 || n > 120 {
		fe.Add("title", "give a title of up to 120 characters")
	}
	if u, err := url.Parse(link); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || len(link) > 500 {
		fe.Add("url", "use a web address that starts with https://")
	}
	if utf8.RuneCountInString(description) > 1000 {
		fe.Add("description", "at most 1000 characters")
	}
	var clean []string
	for _, t := range tags {
		if t = strings.ToLower(strings.TrimSpace(t)); t != "" && len(clean) < 8 && utf8.RuneCountInString(t) <= 30 {
			clean = append(clean, t)
		}
	}
	if err := fe.Err(); err != nil {
		return nil, err
	}
	if err := a.limit(ctx, "resource-suggest:"+act.User.ID, 10, 24*time.Hour); err != nil {
		return nil, err
	}
	r := &store.Resource{ID: newID(), Title: title, URL: link, Description: description, Tags: clean, Status: ResourcePending, SubmittedBy: act.User.ID, CreatedAt: a.now()}
	if err := a.store.CreateResource(ctx, r); err != nil {
		return nil, err
	}
	a.screen(ctx, act.User.ID, SurfaceResource, r.ID, "", title+"\n"+description)
	v := resourceView(r, true)
	return &v, nil
}

// MarkResource records that a resource helped the actor, or that its link
// is broken; each member counts once. Errors: not_found, invalid.
func (a *App) MarkResource(ctx context.Context, id, kind string) error {
	id = model.CanonicalID(id) // an old id still names it
	act, err := requireActor(ctx)
	if err != nil {
		return err
	}
	if kind != "helped" && kind != "broken" {
		return &model.Error{Kind: model.KindInvalid, Message: "mark a resource as helped or broken", Fields: map[string]string{"kind": "helped or broken"}}
	}
	r, err := a.store.FindResource(ctx, id)
	if errors.Is(err, store.ErrNotFound) || (err == nil && r.Status != ResourcePublished) {
		return &model.Error{Kind: model.KindNotFound, Message: "resource not found"}
	} else if err != nil {
		return err
	}
	_, err = a.store.MarkResource(ctx, id, act.User.ID, kind)
	return err
}

// ModerationQueue lists suggestions waiting for a moderator.
func (a *App) ModerationQueue(ctx context.Context) ([]ResourceView, error) {
	if err := a.requireModerator(ctx); err != nil {
		return nil, err
	}
	rs, err := a.store.ListResources(ctx, ResourcePending)
	if err != nil {
		return nil, err
	}
	out := []ResourceView{}
	for _, r := range rs {
		out = append(out, resourceView(r, true))
	}
	return out, nil
}

// ModerateResource publishes or rejects a suggestion; a rejection needs a
// reason, which the suggester can read. Errors: forbidden, not_found, invalid.
func (a *App) ModerateResource(ctx context.Context, id string, approve bool, reason string) error {
	id = model.CanonicalID(id) // an old id still names it
	if err := a.requireModerator(ctx); err != nil {
		return err
	}
	reason = strings.TrimSpace(reason)
	if !approve && reason == "" {
		return &model.Error{Kind: model.KindInvalid, Message: "give a reason for the rejection; the person who suggested it will see it", Fields: map[string]string{"reason": "required when rejecting"}}
	}
	r, err := a.store.FindResource(ctx, id)
	if err != nil {
		return notFound(err, "apperrf.not_found.resource")
	}
	if r.Status != ResourcePending {
		return model.Errorf(model.KindConflict, "this resource was already moderated")
	}
	status := ResourceRejected
	if approve {
		status = ResourcePublished
	}
	if err := a.store.SetResourceStatus(ctx, id, status, reason); err != nil {
		return err
	}
	act := ActorFrom(ctx)
	a.audit(ctx, act.User.ID, r.SubmittedBy, "resource_"+status, nil)
	text := noteText("notify.resource_published", "Title", r.Title)
	if !approve {
		text = noteText("notify.resource_rejected", "Title", r.Title, "Reason", reason)
	}
	return a.notify(ctx, a.store, r.SubmittedBy, "resource_moderated", text)
}

func (a *App) requireModerator(ctx context.Context) error {
	act, err := requireActor(ctx)
	if err != nil {
		return err
	}
	if act.User.Role != model.RoleModerator && act.User.Role != model.RoleSiteAdmin {
		return model.Errorf(model.KindForbidden, "only moderators do this")
	}
	return nil
}
