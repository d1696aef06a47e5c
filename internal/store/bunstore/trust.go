package bunstore

import (
	"context"
	"time"
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
