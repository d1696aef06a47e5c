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
func (s *Store) ListFeedback(ctx context.Context, after store.Keyset, limit int) ([]*store.StoredFeedback, error) {
	q, args := keysetAfter("SELECT id, sealed, created_at FROM feedback WHERE TRUE", nil, after, "created_at", "id", true)
	rows, err := s.query(ctx, q+" ORDER BY created_at DESC, id DESC LIMIT ?", append(args, limit)...)
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
