package bunstore

import (
	"context"

	"github.com/kinshiprecovery/kinship/internal/store"
)

// CreateFeedback stores a message to the admins.
func (s *Store) CreateFeedback(ctx context.Context, f *store.StoredFeedback) error {
	_, err := s.w.ExecContext(ctx, "INSERT INTO feedback (id, sealed, created_at) VALUES (?, ?, ?)", f.ID, f.Sealed, micros(f.CreatedAt))
	return wrap(err, "create feedback")
}

// ListFeedback returns the newest messages.
func (s *Store) ListFeedback(ctx context.Context, limit int) ([]*store.StoredFeedback, error) {
	rows, err := s.query(ctx, "SELECT id, sealed, created_at FROM feedback ORDER BY created_at DESC, id DESC LIMIT ?", limit)
	if err != nil {
		return nil, wrap(err, "list feedback")
	}
	defer rows.Close()
	var out []*store.StoredFeedback
	for rows.Next() {
		var f store.StoredFeedback
		var at int64
		if err := rows.Scan(&f.ID, &f.Sealed, &at); err != nil {
			return nil, wrap(err, "list feedback")
		}
		f.CreatedAt = fromMicros(at)
		out = append(out, &f)
	}
	return out, wrap(rows.Err(), "list feedback")
}
