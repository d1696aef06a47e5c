package bunstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/store"
)

// micros and fromMicros convert times to the stored BIGINT microseconds.
func micros(t time.Time) int64 { return t.UTC().UnixMicro() }

func fromMicros(v int64) time.Time { return time.UnixMicro(v).UTC() }

func nullMicros(t *time.Time) sql.NullInt64 {
	if t == nil {
		return sql.NullInt64{}
	}
	return sql.NullInt64{Int64: micros(*t), Valid: true}
}

func fromNullMicros(v sql.NullInt64) *time.Time {
	if !v.Valid {
		return nil
	}
	t := fromMicros(v.Int64)
	return &t
}

// wrap adds context and maps driver errors to store.ErrNotFound and store.ErrConflict.
func wrap(err error, format string, args ...any) error {
	if err == nil {
		return nil
	}
	what := fmt.Sprintf(format, args...)
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("store: %s: %w", what, store.ErrNotFound)
	}
	msg := err.Error()
	if strings.Contains(msg, "UNIQUE constraint failed") || strings.Contains(msg, "SQLSTATE 23505") || strings.Contains(msg, "duplicate key value") {
		return fmt.Errorf("store: %s: %w", what, store.ErrConflict)
	}
	return fmt.Errorf("store: %s: %w", what, err)
}

func notFoundUnless(res sql.Result, format string, args ...any) error {
	n, err := res.RowsAffected()
	if err != nil {
		return wrap(err, format, args...)
	}
	if n == 0 {
		return fmt.Errorf("store: %s: %w", fmt.Sprintf(format, args...), store.ErrNotFound)
	}
	return nil
}

func nullString(s string) sql.NullString { return sql.NullString{String: s, Valid: s != ""} }

const userColumns = "id, email, email_verified_at, password_hash, role, mfa_secret_enc, mfa_enabled, created_at, deleted_at, notify_email, language, share_lines_on_call, clock, clock_region"

func scanUser(row interface{ Scan(...any) error }) (*model.User, error) {
	var u model.User
	var email sql.NullString
	var verified, deleted sql.NullInt64
	var created int64
	var role string
	if err := row.Scan(&u.ID, &email, &verified, &u.PasswordHash, &role, &u.MFASecretEnc, &u.MFAEnabled, &created, &deleted, &u.NotifyByEmail, &u.Language, &u.ShareLinesOnCall, &u.Clock, &u.ClockRegion); err != nil {
		return nil, err
	}
	u.Email = email.String
	u.Role = model.Role(role)
	u.EmailVerifiedAt = fromNullMicros(verified)
	u.DeletedAt = fromNullMicros(deleted)
	u.CreatedAt = fromMicros(created)
	if len(u.MFASecretEnc) == 0 {
		u.MFASecretEnc = nil
	}
	return &u, nil
}

// CreateUser inserts u; store.ErrConflict when the email is taken.
func (s *Store) CreateUser(ctx context.Context, u *model.User) error {
	_, err := s.w.ExecContext(ctx, "INSERT INTO users ("+userColumns+") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		u.ID, nullString(u.Email), nullMicros(u.EmailVerifiedAt), u.PasswordHash, string(u.Role), u.MFASecretEnc, u.MFAEnabled, micros(u.CreatedAt), nullMicros(u.DeletedAt), u.NotifyByEmail,
		u.Language, u.ShareLinesOnCall, u.Clock, u.ClockRegion)
	return wrap(err, "create user %s", u.ID)
}

// SetClockRegion writes users.clock_region alone; a missing account is
// no error (it was erased).
func (s *Store) SetClockRegion(ctx context.Context, userID, region string) error {
	_, err := s.w.ExecContext(ctx, "UPDATE users SET clock_region = ? WHERE id = ? AND clock_region <> ?", region, userID, region)
	return wrap(err, "set clock region %s", userID)
}

// FindUserByID returns store.ErrNotFound when absent.
func (s *Store) FindUserByID(ctx context.Context, id string) (*model.User, error) {
	u, err := scanUser(s.readRow(ctx, "SELECT "+userColumns+" FROM users WHERE id = ?", id))
	return u, wrap(err, "find user %s", id)
}

// FindUserByEmail returns store.ErrNotFound when absent.
func (s *Store) FindUserByEmail(ctx context.Context, email string) (*model.User, error) {
	if email == "" {
		return nil, fmt.Errorf("store: find user by empty email: %w", store.ErrNotFound)
	}
	u, err := scanUser(s.readRow(ctx, "SELECT "+userColumns+" FROM users WHERE email = ?", email))
	return u, wrap(err, "find user by email")
}

// UpdateUser writes every mutable column of u.
func (s *Store) UpdateUser(ctx context.Context, u *model.User) error {
	res, err := s.w.ExecContext(ctx, "UPDATE users SET email = ?, email_verified_at = ?, password_hash = ?, role = ?, mfa_secret_enc = ?, mfa_enabled = ?, deleted_at = ?, notify_email = ?, language = ?, share_lines_on_call = ?, clock = ?, clock_region = ? WHERE id = ?",
		nullString(u.Email), nullMicros(u.EmailVerifiedAt), u.PasswordHash, string(u.Role), u.MFASecretEnc, u.MFAEnabled, nullMicros(u.DeletedAt), u.NotifyByEmail, u.Language,
		u.ShareLinesOnCall, u.Clock, u.ClockRegion, u.ID)
	if err != nil {
		return wrap(err, "update user %s", u.ID)
	}
	// A mentor's two-factor login or erasure moves the mentors' version
	// within this statement (migration 46's triggers).
	return notFoundUnless(res, "update user %s", u.ID)
}

// CountUsers counts accounts that are not deleted.
func (s *Store) CountUsers(ctx context.Context) (int, error) {
	var n int
	err := s.readRow(ctx, "SELECT COUNT(*) FROM users WHERE deleted_at IS NULL").Scan(&n)
	return n, wrap(err, "count users")
}

// CountUsersByRole counts accounts with the role that are not deleted.
func (s *Store) CountUsersByRole(ctx context.Context, role model.Role) (int, error) {
	var n int
	err := s.readRow(ctx, "SELECT COUNT(*) FROM users WHERE deleted_at IS NULL AND role = ?", string(role)).Scan(&n)
	return n, wrap(err, "count users with role %s", role)
}

// ListStaffUsers returns the accounts that are not deleted and have a role
// other than member, by role then email.
func (s *Store) ListStaffUsers(ctx context.Context) ([]*model.User, error) {
	return queryList(ctx, s, "list staff users", scanUser, "SELECT "+userColumns+" FROM users WHERE deleted_at IS NULL AND role <> ? ORDER BY role, email", string(model.RoleMember))
}

// ReplaceRecoveryCodes stores a fresh set of code hashes (nil removes all).
func (s *Store) ReplaceRecoveryCodes(ctx context.Context, userID string, hashes []string) error {
	return s.InTx(ctx, func(tx store.Store) error {
		t := tx.(*Store)
		if _, err := t.w.ExecContext(ctx, "DELETE FROM recovery_codes WHERE user_id = ?", userID); err != nil {
			return wrap(err, "replace recovery codes of %s", userID)
		}
		for _, h := range hashes {
			if _, err := t.w.ExecContext(ctx, "INSERT INTO recovery_codes (user_id, code_hash) VALUES (?, ?)", userID, h); err != nil {
				return wrap(err, "replace recovery codes of %s", userID)
			}
		}
		return nil
	})
}

// UseRecoveryCode marks an unused code used; store.ErrNotFound when none matches.
func (s *Store) UseRecoveryCode(ctx context.Context, userID, hash string) error {
	res, err := s.w.ExecContext(ctx, "UPDATE recovery_codes SET used_at = ? WHERE user_id = ? AND code_hash = ? AND used_at IS NULL", micros(time.Now()), userID, hash)
	if err != nil {
		return wrap(err, "use recovery code of %s", userID)
	}
	return notFoundUnless(res, "use recovery code of %s", userID)
}

// CountRecoveryCodes counts unused codes.
func (s *Store) CountRecoveryCodes(ctx context.Context, userID string) (int, error) {
	var n int
	err := s.readRow(ctx, "SELECT COUNT(*) FROM recovery_codes WHERE user_id = ? AND used_at IS NULL", userID).Scan(&n)
	return n, wrap(err, "count recovery codes of %s", userID)
}
