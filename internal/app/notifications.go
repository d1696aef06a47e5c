package app

import (
	"context"
	"fmt"

	"github.com/kinshiprecovery/kinship/internal/mail"
	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/store"
)

func notificationAAD(id string) []byte { return []byte("notification:" + id) }

// notify stores an in-app notification for userID in st (a transaction
// when the caller has one). Its text is sealed: it may speak of another
// member's wellbeing.
// A member who opted in also gets an email that says only that something is waiting.
func (a *App) notify(ctx context.Context, st store.Store, userID, kind, text string) error {
	u, err := st.FindUserByID(ctx, userID)
	if err != nil {
		return nil // erased meanwhile: nobody to tell
	}
	inApp, emailNow := a.deliverNotice(ctx, st, u, kind)
	if !inApp {
		return nil
	}
	id := newID()
	err = st.CreateNotification(ctx, &store.StoredNotification{ID: id, UserID: userID, Kind: kind,
		Sealed: a.box.Seal([]byte(text), notificationAAD(id)), CreatedAt: a.now()})
	if err != nil {
		return err
	}
	if emailNow {
		subject, body := a.noticeEmail(kind)
		a.send(ctx, st, mail.Message{To: u.Email, Subject: subject, Text: body})
	}
	// Open pages update their unread count (the frame carries no text).
	a.pushNotice(ctx, userID, "unread", "/notifications")
	return nil
}

// SetEmailNotifications turns the actor's notification emails on or off.
func (a *App) SetEmailNotifications(ctx context.Context, on bool) error {
	act, err := requireActor(ctx)
	if err != nil {
		return err
	}
	act.User.NotifyByEmail = on
	return a.store.UpdateUser(ctx, act.User)
}

// NotificationList is the actor's newest notifications and unread count.
type NotificationList struct {
	Notifications []model.Notification `json:"notifications"`
	Unread        int                  `json:"unread"`
	EmailOptIn    bool                 `json:"email_notifications"`
}

// ListNotifications returns the actor's 50 newest notifications.
func (a *App) ListNotifications(ctx context.Context) (*NotificationList, error) {
	act, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	rows, err := a.store.ListNotifications(ctx, act.User.ID, 50)
	if err != nil {
		return nil, err
	}
	out := &NotificationList{Notifications: []model.Notification{}, EmailOptIn: act.User.NotifyByEmail}
	for _, r := range rows {
		text, err := a.box.Open(r.Sealed, notificationAAD(r.ID))
		if err != nil {
			return nil, fmt.Errorf("app: open notification %s: %w", r.ID, err)
		}
		out.Notifications = append(out.Notifications, model.Notification{ID: r.ID, Kind: r.Kind, Text: string(text), CreatedAt: r.CreatedAt, ReadAt: r.ReadAt})
	}
	out.Unread, err = a.store.CountUnread(ctx, act.User.ID)
	return out, err
}

// MarkNotificationRead marks one of the actor's notifications read.
// Errors: not_found (including another member's).
func (a *App) MarkNotificationRead(ctx context.Context, id string) error {
	act, err := requireActor(ctx)
	if err != nil {
		return err
	}
	return notFound(a.store.MarkNotificationRead(ctx, act.User.ID, id, a.now()), "notification")
}

// UnreadCount counts the actor's unread notifications.
func (a *App) UnreadCount(ctx context.Context) int {
	act := ActorFrom(ctx)
	if act == nil {
		return 0
	}
	n, _ := a.store.CountUnread(ctx, act.User.ID)
	return n
}
