package bunstore

import (
	"context"
	"time"

	"github.com/kinshiprecovery/kinship/internal/store"
)

// SetTrustOverride records a moderator's decision.
func (s *Store) SetTrustOverride(ctx context.Context, userID string, level int, by string, at time.Time) error {
	_, err := s.w.ExecContext(ctx, `INSERT INTO trust_overrides (user_id, level, set_by, set_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (user_id) DO UPDATE SET level = excluded.level, set_by = excluded.set_by, set_at = excluded.set_at`, userID, level, by, micros(at))
	return wrap(err, "set trust level")
}

// FindTrustOverride returns the decided level; store.ErrNotFound when none.
func (s *Store) FindTrustOverride(ctx context.Context, userID string) (int, error) {
	var n int
	err := s.readRow(ctx, "SELECT level FROM trust_overrides WHERE user_id = ?", userID).Scan(&n)
	return n, wrap(err, "find trust level")
}

// CountContributions counts the messages and posts a person wrote.
func (s *Store) CountContributions(ctx context.Context, userID string) (int, error) {
	var m, p int
	if err := s.readRow(ctx, "SELECT COUNT(*) FROM messages WHERE author_id = ?", userID).Scan(&m); err != nil {
		return 0, wrap(err, "count contributions")
	}
	err := s.readRow(ctx, "SELECT COUNT(*) FROM posts WHERE author_id = ? AND state = 'visible'", userID).Scan(&p)
	return m + p, wrap(err, "count contributions")
}

// Setting returns an instance setting; store.ErrNotFound when unset.
func (s *Store) Setting(ctx context.Context, key string) (string, error) {
	var v string
	err := s.readRow(ctx, "SELECT value FROM instance_settings WHERE key = ?", key).Scan(&v)
	return v, wrap(err, "read setting %s", key)
}

// SaveSetting sets an instance setting.
func (s *Store) SaveSetting(ctx context.Context, key, value string, at time.Time) error {
	_, err := s.w.ExecContext(ctx, `INSERT INTO instance_settings (key, value, updated_at) VALUES (?, ?, ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`, key, value, micros(at))
	return wrap(err, "save setting %s", key)
}

// FindNotificationPrefs returns store.ErrNotFound when the defaults apply.
func (s *Store) FindNotificationPrefs(ctx context.Context, userID string) (*store.NotificationPrefs, error) {
	var p store.NotificationPrefs
	var at int64
	err := s.readRow(ctx, "SELECT user_id, prefs, digest, last_digest_at FROM notification_prefs WHERE user_id = ?", userID).Scan(&p.UserID, &p.Prefs, &p.Digest, &at)
	if err != nil {
		return nil, wrap(err, "find notification preferences")
	}
	p.LastDigestAt = fromMicros(at)
	return &p, nil
}

// SaveNotificationPrefs inserts or replaces a person's choices.
func (s *Store) SaveNotificationPrefs(ctx context.Context, p *store.NotificationPrefs) error {
	_, err := s.w.ExecContext(ctx, `INSERT INTO notification_prefs (user_id, prefs, digest, last_digest_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (user_id) DO UPDATE SET prefs = excluded.prefs, digest = excluded.digest, last_digest_at = excluded.last_digest_at`,
		p.UserID, p.Prefs, p.Digest, micros(p.LastDigestAt))
	return wrap(err, "save notification preferences")
}

// ListDigestDue returns people on a daily digest last sent before before.
func (s *Store) ListDigestDue(ctx context.Context, before time.Time) ([]*store.NotificationPrefs, error) {
	rows, err := s.query(ctx, "SELECT user_id, prefs, digest, last_digest_at FROM notification_prefs WHERE digest = 'daily' AND last_digest_at < ?", micros(before))
	if err != nil {
		return nil, wrap(err, "list digests due")
	}
	defer rows.Close()
	var out []*store.NotificationPrefs
	for rows.Next() {
		var p store.NotificationPrefs
		var at int64
		if err := rows.Scan(&p.UserID, &p.Prefs, &p.Digest, &at); err != nil {
			return nil, wrap(err, "list digests due")
		}
		p.LastDigestAt = fromMicros(at)
		out = append(out, &p)
	}
	return out, wrap(rows.Err(), "list digests due")
}

// CountUnreadSince counts unread notifications created after since.
func (s *Store) CountUnreadSince(ctx context.Context, userID string, since time.Time) (int, error) {
	var n int
	err := s.readRow(ctx, "SELECT COUNT(*) FROM notifications WHERE user_id = ? AND read_at IS NULL AND created_at >= ?", userID, micros(since)).Scan(&n)
	return n, wrap(err, "count unread")
}
