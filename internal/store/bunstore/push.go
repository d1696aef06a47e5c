package bunstore

import (
	"context"
	"database/sql"
	"time"

	"github.com/kinshiprecovery/kinship/internal/store"
)

const pushColumns = "id, user_id, endpoint_hash, sealed, device_name, full_text, created_at, last_used_at, collapsed_at"

func scanPush(row interface{ Scan(...any) error }) (*store.PushSubscription, error) {
	var p store.PushSubscription
	var created, collapsed int64
	var used sql.NullInt64
	if err := row.Scan(&p.ID, &p.UserID, &p.EndpointHash, &p.Sealed, &p.DeviceName, &p.FullText, &created, &used, &collapsed); err != nil {
		return nil, err
	}
	p.CreatedAt, p.LastUsedAt = fromMicros(created), fromNullMicros(used)
	if collapsed != 0 {
		p.CollapsedAt = fromMicros(collapsed)
	}
	return &p, nil
}

// SavePushSubscription stores a device, or takes over the row with the same endpoint.
func (s *Store) SavePushSubscription(ctx context.Context, p *store.PushSubscription) (bool, error) {
	var id string
	err := s.w.QueryRowContext(ctx, "SELECT id FROM push_subscriptions WHERE endpoint_hash = ?", p.EndpointHash).Scan(&id)
	switch {
	case err == sql.ErrNoRows:
		_, err = s.w.ExecContext(ctx, "INSERT INTO push_subscriptions ("+pushColumns+") VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0)",
			p.ID, p.UserID, p.EndpointHash, p.Sealed, p.DeviceName, p.FullText, micros(p.CreatedAt), nullMicros(p.LastUsedAt))
		return err == nil, wrap(err, "save push subscription")
	case err != nil:
		return false, wrap(err, "save push subscription")
	}
	// Same device again: the id stays (its sealed keys are bound to it).
	p.ID = id
	_, err = s.w.ExecContext(ctx, "UPDATE push_subscriptions SET user_id = ?, sealed = ?, device_name = ?, full_text = ?, created_at = ? WHERE id = ?",
		p.UserID, p.Sealed, p.DeviceName, p.FullText, micros(p.CreatedAt), id)
	return false, wrap(err, "save push subscription %s", id)
}

// FindPushSubscription returns store.ErrNotFound when absent.
func (s *Store) FindPushSubscription(ctx context.Context, id string) (*store.PushSubscription, error) {
	p, err := scanPush(s.readRow(ctx, "SELECT "+pushColumns+" FROM push_subscriptions WHERE id = ?", id))
	return p, wrap(err, "find push subscription %s", id)
}

// ListPushSubscriptions returns a user's devices, oldest first.
func (s *Store) ListPushSubscriptions(ctx context.Context, userID string) ([]*store.PushSubscription, error) {
	rows, err := s.query(ctx, "SELECT "+pushColumns+" FROM push_subscriptions WHERE user_id = ? ORDER BY created_at, id", userID)
	if err != nil {
		return nil, wrap(err, "list push subscriptions of %s", userID)
	}
	defer rows.Close()
	var out []*store.PushSubscription
	for rows.Next() {
		p, err := scanPush(rows)
		if err != nil {
			return nil, wrap(err, "list push subscriptions of %s", userID)
		}
		out = append(out, p)
	}
	return out, wrap(rows.Err(), "list push subscriptions of %s", userID)
}

// UpdatePushSubscription changes a device's name and text choice.
func (s *Store) UpdatePushSubscription(ctx context.Context, p *store.PushSubscription) error {
	res, err := s.w.ExecContext(ctx, "UPDATE push_subscriptions SET device_name = ?, full_text = ? WHERE id = ? AND user_id = ?", p.DeviceName, p.FullText, p.ID, p.UserID)
	if err != nil {
		return wrap(err, "update push subscription %s", p.ID)
	}
	return notFoundUnless(res, "update push subscription %s", p.ID)
}

// TouchPushSubscription records the last message the push service took.
func (s *Store) TouchPushSubscription(ctx context.Context, id string, at time.Time) error {
	_, err := s.w.ExecContext(ctx, "UPDATE push_subscriptions SET last_used_at = ? WHERE id = ?", micros(at), id)
	return wrap(err, "touch push subscription %s", id)
}

// MarkPushCollapsed records that a push for the device joined one waiting.
func (s *Store) MarkPushCollapsed(ctx context.Context, id string, at time.Time) error {
	_, err := s.w.ExecContext(ctx, "UPDATE push_subscriptions SET collapsed_at = ? WHERE id = ? AND collapsed_at < ?", micros(at), id, micros(at))
	return wrap(err, "mark push collapsed %s", id)
}

// DeletePushSubscription removes one device.
func (s *Store) DeletePushSubscription(ctx context.Context, userID, id string) error {
	q, args := "DELETE FROM push_subscriptions WHERE id = ?", []any{id}
	if userID != "" {
		q, args = q+" AND user_id = ?", append(args, userID)
	}
	res, err := s.w.ExecContext(ctx, q, args...)
	if err != nil {
		return wrap(err, "delete push subscription %s", id)
	}
	return notFoundUnless(res, "delete push subscription %s", id)
}

// DeleteUserPushSubscriptions removes all of a user's devices.
func (s *Store) DeleteUserPushSubscriptions(ctx context.Context, userID string) error {
	_, err := s.w.ExecContext(ctx, "DELETE FROM push_subscriptions WHERE user_id = ?", userID)
	return wrap(err, "delete push subscriptions of %s", userID)
}

// SaveAlertReach stores one person's reach for an alert.
func (s *Store) SaveAlertReach(ctx context.Context, r *store.AlertReach) error {
	_, err := s.w.ExecContext(ctx, "DELETE FROM support_alert_reach WHERE alert_id = ? AND user_id = ?", r.AlertID, r.UserID)
	if err != nil {
		return wrap(err, "save alert reach")
	}
	_, err = s.w.ExecContext(ctx, "INSERT INTO support_alert_reach (alert_id, user_id, stage, in_app, email, push_devices, push_accepted, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
		r.AlertID, r.UserID, r.Stage, r.InApp, r.Email, r.PushDevices, r.PushAccepted, micros(r.At))
	return wrap(err, "save alert reach")
}

// AddAlertPushAccepted counts one more device that took the alert's push.
func (s *Store) AddAlertPushAccepted(ctx context.Context, alertID, userID string) error {
	_, err := s.w.ExecContext(ctx, "UPDATE support_alert_reach SET push_accepted = push_accepted + 1 WHERE alert_id = ? AND user_id = ?", alertID, userID)
	return wrap(err, "count alert push")
}

// ListAlertReach returns an alert's reach in the order people were reached.
func (s *Store) ListAlertReach(ctx context.Context, alertID string) ([]*store.AlertReach, error) {
	rows, err := s.query(ctx, "SELECT alert_id, user_id, stage, in_app, email, push_devices, push_accepted, at FROM support_alert_reach WHERE alert_id = ? ORDER BY at, user_id", alertID)
	if err != nil {
		return nil, wrap(err, "list alert reach")
	}
	defer rows.Close()
	var out []*store.AlertReach
	for rows.Next() {
		var r store.AlertReach
		var at int64
		if err := rows.Scan(&r.AlertID, &r.UserID, &r.Stage, &r.InApp, &r.Email, &r.PushDevices, &r.PushAccepted, &at); err != nil {
			return nil, wrap(err, "list alert reach")
		}
		r.At = fromMicros(at)
		out = append(out, &r)
	}
	return out, wrap(rows.Err(), "list alert reach")
}
