package bunstore

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/kinshiprecovery/kinship/internal/store"
)

// ClaimIdempotencyKey inserts the key unless it is known; the primary key
// (user_id, key) makes one of racing requests the one that runs.
func (s *Store) ClaimIdempotencyKey(ctx context.Context, a *store.IdempotentAnswer, expired time.Time) (*store.IdempotentAnswer, error) {
	if _, err := s.w.ExecContext(ctx, "DELETE FROM idempotency_keys WHERE user_id = ? AND key = ? AND created_at < ?", a.UserID, a.Key, micros(expired)); err != nil {
		return nil, wrap(err, "expire idempotency key")
	}
	res, err := s.w.ExecContext(ctx, "INSERT INTO idempotency_keys (user_id, key, fingerprint, status, created_at) VALUES (?, ?, ?, 0, ?) ON CONFLICT (user_id, key) DO NOTHING",
		a.UserID, a.Key, a.Fingerprint, micros(a.CreatedAt))
	if err != nil {
		return nil, wrap(err, "claim idempotency key")
	}
	if n, err := res.RowsAffected(); err != nil || n == 1 {
		return nil, wrap(err, "claim idempotency key")
	}
	var prior store.IdempotentAnswer
	var at int64
	err = s.w.QueryRowContext(ctx, "SELECT user_id, key, fingerprint, status, sealed, created_at FROM idempotency_keys WHERE user_id = ? AND key = ?", a.UserID, a.Key).
		Scan(&prior.UserID, &prior.Key, &prior.Fingerprint, &prior.Status, &prior.Sealed, &at)
	if errors.Is(err, sql.ErrNoRows) {
		// Released between the insert and the read: claim it again.
		return s.ClaimIdempotencyKey(ctx, a, expired)
	}
	if err != nil {
		return nil, wrap(err, "read idempotency key")
	}
	prior.CreatedAt = fromMicros(at)
	return &prior, nil
}

// FinishIdempotencyKey keeps the answer of a claimed key.
func (s *Store) FinishIdempotencyKey(ctx context.Context, userID, key string, status int, sealed []byte) error {
	_, err := s.w.ExecContext(ctx, "UPDATE idempotency_keys SET status = ?, sealed = ? WHERE user_id = ? AND key = ?", status, sealed, userID, key)
	return wrap(err, "keep idempotent answer")
}

// ReleaseIdempotencyKey forgets a claimed key.
func (s *Store) ReleaseIdempotencyKey(ctx context.Context, userID, key string) error {
	_, err := s.w.ExecContext(ctx, "DELETE FROM idempotency_keys WHERE user_id = ? AND key = ? AND status = 0", userID, key)
	return wrap(err, "release idempotency key")
}

// PruneIdempotencyKeys removes keys kept since before before.
func (s *Store) PruneIdempotencyKeys(ctx context.Context, before time.Time) error {
	_, err := s.w.ExecContext(ctx, "DELETE FROM idempotency_keys WHERE created_at < ?", micros(before))
	return wrap(err, "prune idempotency keys")
}
