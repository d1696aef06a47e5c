package app

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/store"
)

// FeedbackMessage is a message to the instance's admins.
type FeedbackMessage struct {
	ID        string          `json:"id"`
	Message   string          `json:"message"`
	Contact   string          `json:"contact,omitempty"`
	FromID    string          `json:"from_id,omitempty"`
	FromName  string          `json:"from_display_name,omitempty"`
	CreatedAt model.Timestamp `json:"created_at"`
}

func feedbackAAD(id string) []byte { return []byte("feedback:" + id) }

// SendFeedback stores a message for the admins from anyone, signed in or
// not. Errors: invalid, rate_limited.
func (a *App) SendFeedback(ctx context.Context, message, contact, ip string) error {
	message, contact = strings.TrimSpace(message), strings.TrimSpace(contact)
	fe := model.FieldErrors{}
	switch n := utf8.RuneCountInString(message); {
	case n == 0:
		fe.Add("message", "write a message")
	case n > 4000:
		fe.Add("message", "a message has at most 4000 characters")
	}
	if utf8.RuneCountInString(contact) > 200 {
		fe.Add("contact", "at most 200 characters")
	}
	if err := fe.Err(); err != nil {
		return err
	}
	if err := a.limit(ctx, "feedback:ip:"+ip, 10, time.Hour); err != nil {
		return err
	}
	f := FeedbackMessage{ID: newID(), Message: message, Contact: contact, CreatedAt: model.At(a.now())}
	if act := ActorFrom(ctx); act != nil {
		f.FromID = act.User.ID
	}
	plain, err := json.Marshal(f)
	if err != nil {
		return err
	}
	if err := a.store.CreateFeedback(ctx, &store.StoredFeedback{ID: f.ID, Sealed: a.box.Seal(plain, feedbackAAD(f.ID)), CreatedAt: f.CreatedAt.Time}); err != nil {
		return err
	}
	if f.FromID != "" {
		a.screen(ctx, f.FromID, SurfaceFeedback, f.ID, "", message)
	}
	return nil
}

// ListFeedback returns the newest messages for site admins (the route's
// policy) and audits the read.
func (a *App) ListFeedback(ctx context.Context) ([]FeedbackMessage, error) {
	out, _, err := a.FeedbackPage(ctx, firstPage(200))
	return out, err
}

// FeedbackPage returns a page of the messages, newest first, for site
// admins, and where the next page starts.
func (a *App) FeedbackPage(ctx context.Context, p PageRequest) ([]FeedbackMessage, store.Keyset, error) {
	act, err := requireActor(ctx)
	if err != nil {
		return nil, store.Keyset{}, err
	}
	if act.User.Role != model.RoleSiteAdmin {
		return nil, store.Keyset{}, model.Errorf(model.KindForbidden, "only site admins read feedback")
	}
	rows, err := a.store.ListFeedback(ctx, p.After, p.fetch())
	if err != nil {
		return nil, store.Keyset{}, err
	}
	rows, next := cutPage(rows, p, func(f *store.StoredFeedback) store.Keyset { return store.Keyset{At: f.CreatedAt, ID: f.ID} })
	out := []FeedbackMessage{}
	for _, r := range rows {
		plain, err := a.box.Open(r.Sealed, feedbackAAD(r.ID))
		if err != nil {
			return nil, store.Keyset{}, fmt.Errorf("app: open feedback %s: %w", r.ID, err)
		}
		var f FeedbackMessage
		if err := json.Unmarshal(plain, &f); err != nil {
			return nil, store.Keyset{}, err
		}
		if f.FromID != "" {
			f.FromName = a.displayName(ctx, f.FromID)
		}
		out = append(out, f)
	}
	a.audit(ctx, act.User.ID, "", "feedback_read", nil)
	return out, next, nil
}
