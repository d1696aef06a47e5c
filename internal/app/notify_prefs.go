package app

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	"github.com/kinshiprecovery/kinship/internal/mail"
	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/store"
)

// Notification categories a person can tune. Support and moderation
// notices cannot be turned off in the app: someone may need them.
var NotificationCategories = []string{"messages", "groups", "partners", "mentorship", "community", "support", "moderation"}

var alwaysOn = map[string]bool{"support": true, "moderation": true}

// alwaysPushed are the categories that always go to a person's devices
// (those they turned notifications on for): a call for support is of use
// only while it is fresh, and the safety ladder counts on it. A moderation
// notice can wait for the next visit.
var alwaysPushed = map[string]bool{"support": true}

// categoryOf names the category of a notification kind.
func categoryOf(kind string) string {
	switch {
	case kind == "direct_message" || kind == "mention":
		return "messages"
	case strings.HasPrefix(kind, "group_") || kind == "meeting_reminder" || kind == "message_removed" || kind == "facilitator_heads_up":
		return "groups"
	case strings.HasPrefix(kind, "partner") || kind == "encouragement" || strings.HasPrefix(kind, "connection_") || kind == "checkin_reminder":
		return "partners"
	case strings.HasPrefix(kind, "mentorship_"):
		return "mentorship"
	case strings.HasPrefix(kind, "post_"):
		return "community"
	case strings.HasPrefix(kind, "support_"):
		return "support"
	}
	return "moderation"
}

// CategoryPref is one category's choices.
type CategoryPref struct {
	InApp bool `json:"in_app"`
	Email bool `json:"email"`
	// Push sends it to the devices the person turned notifications on for.
	Push bool `json:"push"`
}

// NotificationPrefs are a person's notification choices.
type NotificationPrefs struct {
	Categories map[string]CategoryPref `json:"categories"`
	// Digest "daily" sends one email a day saying how many things are
	// waiting, instead of one email each time; "off" sends them as they come
	// (when email is on at all).
	Digest string `json:"digest"`
	// Email is the master switch for notification emails.
	Email bool `json:"email"`
}

func defaultPrefs() map[string]CategoryPref {
	out := map[string]CategoryPref{}
	for _, c := range NotificationCategories {
		out[c] = CategoryPref{InApp: true, Email: true, Push: true}
	}
	return out
}

func (a *App) loadPrefs(ctx context.Context, st store.Store, userID string) (map[string]CategoryPref, *store.NotificationPrefs) {
	prefs := defaultPrefs()
	p, err := st.FindNotificationPrefs(ctx, userID)
	if err != nil {
		return prefs, &store.NotificationPrefs{UserID: userID, Digest: "off"}
	}
	// A choice saved before it existed (push) keeps its default.
	var saved map[string]json.RawMessage
	if json.Unmarshal([]byte(p.Prefs), &saved) == nil {
		for k, raw := range saved {
			if v, ok := prefs[k]; ok && json.Unmarshal(raw, &v) == nil {
				prefs[k] = v
			}
		}
	}
	return prefs, p
}

// GetNotificationPrefs returns the actor's choices.
func (a *App) GetNotificationPrefs(ctx context.Context) (*NotificationPrefs, error) {
	act, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	prefs, p := a.loadPrefs(ctx, a.store, act.User.ID)
	return &NotificationPrefs{Categories: prefs, Digest: p.Digest, Email: act.User.NotifyByEmail}, nil
}

// SaveNotificationPrefs stores the actor's choices. Errors: invalid.
func (a *App) SaveNotificationPrefs(ctx context.Context, in NotificationPrefs) (*NotificationPrefs, error) {
	act, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	if in.Digest == "" {
		in.Digest = "off"
	}
	if in.Digest != "off" && in.Digest != "daily" {
		return nil, &model.Error{Kind: model.KindInvalid, Message: "digest must be off or daily", Fields: map[string]string{"digest": "unknown"}}
	}
	prefs, p := a.loadPrefs(ctx, a.store, act.User.ID)
	for k, v := range in.Categories {
		if _, ok := prefs[k]; !ok {
			return nil, errSay(model.KindInvalid, "apperrf.notify_category_unknown", "Category", k, "Categories", strings.Join(NotificationCategories, ", ")).
				Field("categories", "unknown category")
		}
		if alwaysOn[k] {
			v.InApp = true
		}
		if alwaysPushed[k] {
			v.Push = true
		}
		prefs[k] = v
	}
	b, _ := json.Marshal(prefs)
	p.Prefs, p.Digest = string(b), in.Digest
	if p.Digest == "daily" && p.LastDigestAt.IsZero() {
		p.LastDigestAt = a.now()
	}
	if err := a.store.SaveNotificationPrefs(ctx, p); err != nil {
		return nil, err
	}
	if in.Email != act.User.NotifyByEmail {
		if err := a.SetEmailNotifications(ctx, in.Email); err != nil {
			return nil, err
		}
	}
	return a.GetNotificationPrefs(ctx)
}

// deliverNotice decides, by the person's choices, whether a notification
// of kind is shown in the app, whether it is emailed now and whether it
// goes to their devices by push.
func (a *App) deliverNotice(ctx context.Context, st store.Store, u *model.User, kind string) (inApp, emailNow, push bool) {
	prefs, p := a.loadPrefs(ctx, st, u.ID)
	cp := prefs[categoryOf(kind)]
	inApp = cp.InApp || alwaysOn[categoryOf(kind)]
	emailNow = inApp && u.NotifyByEmail && u.Email != "" && cp.Email && p.Digest != "daily"
	push = inApp && (cp.Push || alwaysPushed[categoryOf(kind)])
	return inApp, emailNow, push
}

// SendDigests emails each person on a daily digest, at most once a day,
// how many notifications wait for them, and nothing else. Run by the job
// queue; the email is queued in the same transaction that records the send.
func (a *App) SendDigests(ctx context.Context) (int, error) {
	now := a.now()
	due, err := a.store.ListDigestDue(ctx, now.Add(-24*time.Hour))
	if err != nil {
		return 0, err
	}
	sent := 0
	for _, p := range due {
		u, err := a.store.FindUserByID(ctx, p.UserID)
		if err != nil || u.Deleted() || u.Email == "" || !u.NotifyByEmail {
			continue
		}
		n, err := a.store.CountUnreadSince(ctx, p.UserID, p.LastDigestAt)
		if err != nil {
			return sent, err
		}
		err = a.store.InTx(ctx, func(tx store.Store) error {
			p.LastDigestAt = now
			if err := tx.SaveNotificationPrefs(ctx, p); err != nil {
				return err
			}
			if n == 0 {
				return nil
			}
			l := ReaderOf(u)
			a.send(ctx, tx, mail.Message{To: u.Email, Subject: l.T("email.digest_subject"),
				Text: l.T("email.digest_body", "Link", a.opts.BaseURL+"/notifications")})
			return nil
		})
		if err != nil {
			return sent, err
		}
		if n > 0 {
			sent++
		}
	}
	return sent, nil
}
