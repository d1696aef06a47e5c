package bunstore

import (
	"context"
	"strings"

	"github.com/kinshiprecovery/kinship/internal/store"
)

const resourceColumns = "id, title, url, description, tags, status, submitted_by, reason, helped, broken, created_at"

func scanResource(row interface{ Scan(...any) error }) (*store.Resource, error) {
	var r store.Resource
	var tags string
	var created int64
	if err := row.Scan(&r.ID, &r.Title, &r.URL, &r.Description, &tags, &r.Status, &r.SubmittedBy, &r.Reason, &r.Helped, &r.Broken, &created); err != nil {
		return nil, err
	}
	if tags != "" {
		r.Tags = strings.Split(tags, ",")
	}
	r.CreatedAt = fromMicros(created)
	return &r, nil
}

// CreateResource stores a resource.
func (s *Store) CreateResource(ctx context.Context, r *store.Resource) error {
	_, err := s.w.ExecContext(ctx, "INSERT INTO resources ("+resourceColumns+") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		r.ID, r.Title, r.URL, r.Description, strings.Join(r.Tags, ","), r.Status, r.SubmittedBy, r.Reason, r.Helped, r.Broken, micros(r.CreatedAt))
	return wrap(err, "create resource")
}

// FindResource returns store.ErrNotFound when absent.
func (s *Store) FindResource(ctx context.Context, id string) (*store.Resource, error) {
	r, err := scanResource(s.readRow(ctx, "SELECT "+resourceColumns+" FROM resources WHERE id = ?", id))
	return r, wrap(err, "find resource %s", id)
}

// ListResources returns resources with the status, newest first.
func (s *Store) ListResources(ctx context.Context, status string) ([]*store.Resource, error) {
	return queryList(ctx, s, "list resources", scanResource, "SELECT "+resourceColumns+" FROM resources WHERE status = ? ORDER BY helped DESC, created_at DESC, id", status)
}

// SetResourceStatus records a moderation decision.
func (s *Store) SetResourceStatus(ctx context.Context, id, status, reason string) error {
	res, err := s.w.ExecContext(ctx, "UPDATE resources SET status = ?, reason = ? WHERE id = ?", status, reason, id)
	if err != nil {
		return wrap(err, "moderate resource %s", id)
	}
	return notFoundUnless(res, "moderate resource %s", id)
}

// MarkResource records a user's mark once and counts it.
func (s *Store) MarkResource(ctx context.Context, id, userID, kind string) (bool, error) {
	var marked bool
	err := s.InTx(ctx, func(tx store.Store) error {
		t := tx.(*Store)
		res, err := t.w.ExecContext(ctx, "INSERT INTO resource_marks (resource_id, user_id, kind) VALUES (?, ?, ?) ON CONFLICT DO NOTHING", id, userID, kind)
		if err != nil {
			return wrap(err, "mark resource %s", id)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		marked = true
		col := "helped"
		if kind == "broken" {
			col = "broken"
		}
		_, err = t.w.ExecContext(ctx, "UPDATE resources SET "+col+" = "+col+" + 1 WHERE id = ?", id)
		return wrap(err, "count mark on %s", id)
	})
	return marked, err
}
