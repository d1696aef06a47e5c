package app

import (
	"context"
	"errors"
	"time"

	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/recovery"
	"github.com/kinshiprecovery/kinship/internal/store"
)

// CheckinReminder returns the actor's daily reminder time (HH:MM in their
// time zone), or "" when reminders are off.
func (a *App) CheckinReminder(ctx context.Context) (string, error) {
	act, err := requireActor(ctx)
	if err != nil {
		return "", err
	}
	t, _, err := a.store.FindReminder(ctx, act.User.ID)
	if errors.Is(err, store.ErrNotFound) {
		return "", nil
	}
	return t, err
}

// SetCheckinReminder sets the actor's daily reminder to localTime (HH:MM in
// their time zone), or turns it off with "". Errors: invalid.
func (a *App) SetCheckinReminder(ctx context.Context, localTime string) error {
	act, err := requireActor(ctx)
	if err != nil {
		return err
	}
	if localTime != "" {
		if _, err := time.Parse("15:04", localTime); err != nil {
			return &model.Error{Kind: model.KindInvalid, Message: "use a time like 20:30, or leave it empty to turn reminders off", Fields: map[string]string{"time": "use a time like 20:30"}}
		}
	}
	return a.store.SetReminder(ctx, act.User.ID, localTime)
}

// SendCheckinReminders reminds each member whose chosen time has passed in
// their own zone today and who has not checked in yet; never more than once
// a local day. The job queue runs it every few minutes and at start.
func (a *App) SendCheckinReminders(ctx context.Context) (int, error) {
	rs, err := a.store.ListReminders(ctx)
	if err != nil {
		return 0, err
	}
	sent := 0
	for _, r := range rs {
		loc := a.location(ctx, r.UserID)
		now := a.now().In(loc)
		today := recovery.DateOf(now, loc).String()
		if r.LastSent == today || now.Format("15:04") < r.LocalTime {
			continue
		}
		cs, err := a.store.ListCheckins(ctx, r.UserID, today)
		if err != nil {
			return sent, err
		}
		err = a.store.InTx(ctx, func(tx store.Store) error {
			if err := tx.MarkReminderSent(ctx, r.UserID, today); err != nil {
				return err
			}
			if len(cs) > 0 {
				return nil // already checked in: nothing to remind
			}
			sent++
			return a.notify(ctx, tx, r.UserID, "checkin_reminder", noteText("notify.checkin_reminder"))
		})
		if err != nil {
			return sent, err
		}
	}
	return sent, nil
}
