package bunstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/store"
)

const sessionColumns = "id, user_id, token_hash, created_at, last_seen_at, expires_at, auth_at, mfa_pending, user_agent"

func scanSession(row interface{ Scan(...any) error }) (*model.Session, error) {
	var x model.Session
	var created, seen, expires, auth int64
	if err := row.Scan(&x.ID, &x.UserID, &x.TokenHash, &created, &seen, &expires, &auth, &x.MFAPending, &x.UserAgent); err != nil {
		return nil, err
	}
	x.CreatedAt, x.LastSeenAt, x.ExpiresAt, x.AuthAt = fromMicros(created), fromMicros(seen), fromMicros(expires), fromMicros(auth)
	return &x, nil
}

// CreateSession stores a new session.
func (s *Store) CreateSession(ctx context.Context, x *model.Session) error {
	_, err := s.w.ExecContext(ctx, "INSERT INTO sessions ("+sessionColumns+") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
		x.ID, x.UserID, x.TokenHash, micros(x.CreatedAt), micros(x.LastSeenAt), micros(x.ExpiresAt), micros(x.AuthAt), x.MFAPending, x.UserAgent)
	return wrap(err, "create session for %s", x.UserID)
}

// FindSessionByTokenHash returns store.ErrNotFound when absent.
func (s *Store) FindSessionByTokenHash(ctx context.Context, hash string) (*model.Session, error) {
	x, err := scanSession(s.readRow(ctx, "SELECT "+sessionColumns+" FROM sessions WHERE token_hash = ?", hash))
	return x, wrap(err, "find session")
}

// FindSession returns userID's session id; store.ErrNotFound when absent.
func (s *Store) FindSession(ctx context.Context, userID, id string) (*model.Session, error) {
	x, err := scanSession(s.readRow(ctx, "SELECT "+sessionColumns+" FROM sessions WHERE id = ? AND user_id = ?", id, userID))
	return x, wrap(err, "find session %s", id)
}

// ListSessions returns a user's sessions, newest first.
func (s *Store) ListSessions(ctx context.Context, userID string) ([]*model.Session, error) {
	rows, err := s.query(ctx, "SELECT "+sessionColumns+" FROM sessions WHERE user_id = ? ORDER BY created_at DESC, id DESC", userID)
	if err != nil {
		return nil, wrap(err, "list sessions of %s", userID)
	}
	defer rows.Close()
	var out []*model.Session
	for rows.Next() {
		x, err := scanSession(rows)
		if err != nil {
			return nil, wrap(err, "list sessions of %s", userID)
		}
		out = append(out, x)
	}
	return out, wrap(rows.Err(), "list sessions of %s", userID)
}

const updateSessionSQL = "UPDATE sessions SET last_seen_at = ?, auth_at = ?, mfa_pending = ?, expires_at = ? WHERE id = ?"

// UpdateSession writes LastSeenAt, AuthAt, MFAPending and ExpiresAt
// (batched with other small writes on SQLite: execSmall).
func (s *Store) UpdateSession(ctx context.Context, x *model.Session) error {
	res, err := s.execSmall(ctx, updateSessionSQL,
		micros(x.LastSeenAt), micros(x.AuthAt), x.MFAPending, micros(x.ExpiresAt), x.ID)
	if err != nil {
		return wrap(err, "update session %s", x.ID)
	}
	return notFoundUnless(res, "update session %s", x.ID)
}

// DeleteSession removes one of userID's sessions; store.ErrNotFound otherwise.
func (s *Store) DeleteSession(ctx context.Context, userID, id string) error {
	res, err := s.w.ExecContext(ctx, "DELETE FROM sessions WHERE id = ? AND user_id = ?", id, userID)
	if err != nil {
		return wrap(err, "delete session %s", id)
	}
	return notFoundUnless(res, "delete session %s", id)
}

// DeleteUserSessions removes a user's sessions except keepID.
func (s *Store) DeleteUserSessions(ctx context.Context, userID, keepID string) error {
	_, err := s.w.ExecContext(ctx, "DELETE FROM sessions WHERE user_id = ? AND id <> ?", userID, keepID)
	return wrap(err, "delete sessions of %s", userID)
}

// DeleteExpiredSessions removes sessions past their expiry or idle too long.
func (s *Store) DeleteExpiredSessions(ctx context.Context, now, idleBefore time.Time) (int, error) {
	res, err := s.w.ExecContext(ctx, "DELETE FROM sessions WHERE expires_at < ? OR last_seen_at < ?", micros(now), micros(idleBefore))
	if err != nil {
		return 0, wrap(err, "delete expired sessions")
	}
	n, err := res.RowsAffected()
	return int(n), wrap(err, "delete expired sessions")
}

// CreateToken stores a one-time token.
func (s *Store) CreateToken(ctx context.Context, t *model.OneTimeToken) error {
	_, err := s.w.ExecContext(ctx, "INSERT INTO one_time_tokens (token_hash, user_id, kind, expires_at, used_at) VALUES (?, ?, ?, ?, ?)",
		t.TokenHash, t.UserID, string(t.Kind), micros(t.ExpiresAt), nullMicros(t.UsedAt))
	return wrap(err, "create %s token", t.Kind)
}

// ConsumeToken marks an unused, unexpired token used and returns it;
// store.ErrNotFound otherwise. The conditional update makes double use impossible.
func (s *Store) ConsumeToken(ctx context.Context, hash string, kind model.TokenKind, now time.Time) (*model.OneTimeToken, error) {
	res, err := s.w.ExecContext(ctx, "UPDATE one_time_tokens SET used_at = ? WHERE token_hash = ? AND kind = ? AND used_at IS NULL AND expires_at > ?", micros(now), hash, string(kind), micros(now))
	if err != nil {
		return nil, wrap(err, "consume %s token", kind)
	}
	if err := notFoundUnless(res, "consume %s token", kind); err != nil {
		return nil, err
	}
	var t model.OneTimeToken
	var k string
	var expires int64
	var used sql.NullInt64
	err = s.w.QueryRowContext(ctx, "SELECT token_hash, user_id, kind, expires_at, used_at FROM one_time_tokens WHERE token_hash = ?", hash).Scan(&t.TokenHash, &t.UserID, &k, &expires, &used)
	if err != nil {
		return nil, wrap(err, "consume %s token", kind)
	}
	t.Kind, t.ExpiresAt, t.UsedAt = model.TokenKind(k), fromMicros(expires), fromNullMicros(used)
	return &t, nil
}

// DeleteUserTokens removes all of a user's tokens.
func (s *Store) DeleteUserTokens(ctx context.Context, userID string) error {
	_, err := s.w.ExecContext(ctx, "DELETE FROM one_time_tokens WHERE user_id = ?", userID)
	return wrap(err, "delete tokens of %s", userID)
}

// UpsertProfile inserts or replaces a profile.
func (s *Store) UpsertProfile(ctx context.Context, p *store.StoredProfile) error {
	vis, err := json.Marshal(p.Visibility)
	if err != nil {
		return err
	}
	_, err = s.w.ExecContext(ctx, `INSERT INTO profiles (user_id, display_name, time_zone, sealed, country_sealed, recovery_sealed, visibility, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (user_id) DO UPDATE SET display_name = excluded.display_name, time_zone = excluded.time_zone, sealed = excluded.sealed,
	country_sealed = excluded.country_sealed, recovery_sealed = excluded.recovery_sealed, visibility = excluded.visibility, updated_at = excluded.updated_at`,
		p.UserID, p.DisplayName, p.TimeZone, p.Sealed, p.CountrySealed, p.RecoverySealed, string(vis), micros(p.UpdatedAt))
	return wrap(err, "save profile %s", p.UserID)
}

const profileColumns = "p.user_id, p.display_name, p.time_zone, p.sealed, p.country_sealed, p.recovery_sealed, p.visibility, p.updated_at"

// scanProfile reads one row of profileColumns.
func scanProfile(row interface{ Scan(...any) error }) (*store.StoredProfile, error) {
	var p store.StoredProfile
	var vis string
	var updated int64
	if err := row.Scan(&p.UserID, &p.DisplayName, &p.TimeZone, &p.Sealed, &p.CountrySealed, &p.RecoverySealed, &vis, &updated); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(vis), &p.Visibility); err != nil {
		return nil, fmt.Errorf("decode visibility of %s: %w", p.UserID, err)
	}
	p.UpdatedAt = fromMicros(updated)
	return &p, nil
}

// FindProfile returns store.ErrNotFound when absent.
func (s *Store) FindProfile(ctx context.Context, userID string) (*store.StoredProfile, error) {
	p, err := scanProfile(s.readRow(ctx, "SELECT "+profileColumns+" FROM profiles p WHERE p.user_id = ?", userID))
	return p, wrap(err, "find profile %s", userID)
}

// FindPlace reads a profile's time zone and sealed country alone.
func (s *Store) FindPlace(ctx context.Context, userID string) (*store.Place, error) {
	var pl store.Place
	var updated int64
	err := s.readRow(ctx, "SELECT time_zone, country_sealed, updated_at FROM profiles WHERE user_id = ?", userID).Scan(&pl.TimeZone, &pl.CountrySealed, &updated)
	if err != nil {
		return nil, wrap(err, "find place of %s", userID)
	}
	pl.UpdatedAt = fromMicros(updated)
	return &pl, nil
}

// SealCountryApart sets a profile's sealed country unless the profile was
// saved since updatedAt.
func (s *Store) SealCountryApart(ctx context.Context, userID string, sealed []byte, updatedAt time.Time) error {
	_, err := s.execSmall(ctx, "UPDATE profiles SET country_sealed = ? WHERE user_id = ? AND updated_at = ?", sealed, userID, micros(updatedAt))
	return wrap(err, "seal the country of %s", userID)
}

// FindRecoveryPlace reads a profile's time zone and sealed recovery start
// alone.
func (s *Store) FindRecoveryPlace(ctx context.Context, userID string) (*store.Place, error) {
	var pl store.Place
	var updated int64
	err := s.readRow(ctx, "SELECT time_zone, recovery_sealed, updated_at FROM profiles WHERE user_id = ?", userID).Scan(&pl.TimeZone, &pl.RecoverySealed, &updated)
	if err != nil {
		return nil, wrap(err, "find the recovery start of %s", userID)
	}
	pl.UpdatedAt = fromMicros(updated)
	return &pl, nil
}

// SealRecoveryApart sets a profile's sealed recovery start unless the
// profile was saved since updatedAt.
func (s *Store) SealRecoveryApart(ctx context.Context, userID string, sealed []byte, updatedAt time.Time) error {
	_, err := s.execSmall(ctx, "UPDATE profiles SET recovery_sealed = ? WHERE user_id = ? AND updated_at = ?", sealed, userID, micros(updatedAt))
	return wrap(err, "seal the recovery start of %s", userID)
}

// ListProfiles pages through the profiles of active accounts in ID order.
func (s *Store) ListProfiles(ctx context.Context, afterID string, limit int, now time.Time) ([]*store.StoredProfile, error) {
	rows, err := s.query(ctx, "SELECT "+profileColumns+` FROM profiles p JOIN users u ON u.id = p.user_id
WHERE p.user_id > ? AND u.deleted_at IS NULL
AND NOT EXISTS (SELECT 1 FROM account_restrictions r WHERE r.user_id = p.user_id AND (r.until_at IS NULL OR r.until_at > ?))
ORDER BY p.user_id LIMIT ?`, afterID, micros(now), limit)
	if err != nil {
		return nil, wrap(err, "list profiles")
	}
	defer rows.Close()
	var out []*store.StoredProfile
	for rows.Next() {
		p, err := scanProfile(rows)
		if err != nil {
			return nil, wrap(err, "list profiles")
		}
		out = append(out, p)
	}
	return out, wrap(rows.Err(), "list profiles")
}

// DeleteProfile removes a profile; no error when absent.
func (s *Store) DeleteProfile(ctx context.Context, userID string) error {
	_, err := s.w.ExecContext(ctx, "DELETE FROM profiles WHERE user_id = ?", userID)
	return wrap(err, "delete profile %s", userID)
}

// AppendAudit appends an entry; the database refuses updates and deletes.
func (s *Store) AppendAudit(ctx context.Context, e *model.AuditEntry) error {
	_, err := s.w.ExecContext(ctx, "INSERT INTO audit_log (id, actor_id, subject_id, action, fields, at) VALUES (?, ?, ?, ?, ?, ?)",
		e.ID, e.ActorID, e.SubjectID, e.Action, strings.Join(e.Fields, ","), micros(e.At))
	return wrap(err, "append audit %s", e.Action)
}

// ListAudit returns entries about or by the user, newest first.
func (s *Store) ListAudit(ctx context.Context, userID string, after store.Keyset, limit int) ([]*model.AuditEntry, error) {
	q, args := keysetAfter("SELECT id, actor_id, subject_id, action, fields, at FROM audit_log WHERE (subject_id = ? OR actor_id = ?)", []any{userID, userID}, after, "at", "id", true)
	rows, err := s.query(ctx, q+" ORDER BY at DESC, id DESC LIMIT ?", append(args, limit)...)
	if err != nil {
		return nil, wrap(err, "list audit of %s", userID)
	}
	defer rows.Close()
	var out []*model.AuditEntry
	for rows.Next() {
		var e model.AuditEntry
		var fields string
		var at int64
		if err := rows.Scan(&e.ID, &e.ActorID, &e.SubjectID, &e.Action, &fields, &at); err != nil {
			return nil, wrap(err, "list audit of %s", userID)
		}
		if fields != "" {
			e.Fields = strings.Split(fields, ",")
		}
		e.At = fromMicros(at)
		out = append(out, &e)
	}
	return out, wrap(rows.Err(), "list audit of %s", userID)
}

// Hit counts one attempt against key in the window starting at windowStart
// and returns the count including it, atomically.
func (s *Store) Hit(ctx context.Context, key string, windowStart time.Time) (int, error) {
	var n int
	err := s.w.QueryRowContext(ctx, `INSERT INTO rate_limits (key, window_start, count) VALUES (?, ?, 1)
ON CONFLICT (key) DO UPDATE SET count = CASE WHEN rate_limits.window_start = excluded.window_start THEN rate_limits.count + 1 ELSE 1 END, window_start = excluded.window_start
RETURNING count`, key, micros(windowStart)).Scan(&n)
	return n, wrap(err, "rate limit hit")
}

// RateCount is key's count in the window starting at windowStart, 0 when none.
func (s *Store) RateCount(ctx context.Context, key string, windowStart time.Time) (int, error) {
	var n int
	err := s.r.QueryRowContext(ctx, "SELECT count FROM rate_limits WHERE key = ? AND window_start = ?", key, micros(windowStart)).Scan(&n)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return n, wrap(err, "rate limit count")
}

// PruneRateLimits removes windows that started before before.
func (s *Store) PruneRateLimits(ctx context.Context, before time.Time) error {
	_, err := s.w.ExecContext(ctx, "DELETE FROM rate_limits WHERE window_start < ?", micros(before))
	return wrap(err, "prune rate limits")
}
