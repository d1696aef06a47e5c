package bunstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"time"

	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/store"
)

// sides is how both members' choices are stored, as one JSON column.
type sides struct {
	Requester model.PartnerSide `json:"requester"`
	Partner   model.PartnerSide `json:"partner"`
}

const partnershipColumns = "id, requester_id, partner_id, status, sides, created_at, updated_at"

func scanPartnership(row interface{ Scan(...any) error }) (*model.Partnership, error) {
	var p model.Partnership
	var status, js string
	var created, updated int64
	if err := row.Scan(&p.ID, &p.RequesterID, &p.PartnerID, &status, &js, &created, &updated); err != nil {
		return nil, err
	}
	var sd sides
	if err := json.Unmarshal([]byte(js), &sd); err != nil {
		return nil, err
	}
	p.Status, p.Requester, p.Partner = model.PartnerStatus(status), sd.Requester, sd.Partner
	p.CreatedAt, p.UpdatedAt = fromMicros(created), fromMicros(updated)
	return &p, nil
}

func sidesJSON(p *model.Partnership) string {
	b, _ := json.Marshal(sides{Requester: p.Requester, Partner: p.Partner})
	return string(b)
}

// CreatePartnership stores a new partnership.
func (s *Store) CreatePartnership(ctx context.Context, p *model.Partnership) error {
	_, err := s.w.ExecContext(ctx, "INSERT INTO partnerships ("+partnershipColumns+") VALUES (?, ?, ?, ?, ?, ?, ?)",
		p.ID, p.RequesterID, p.PartnerID, string(p.Status), sidesJSON(p), micros(p.CreatedAt), micros(p.UpdatedAt))
	return wrap(err, "create partnership")
}

// FindPartnership returns store.ErrNotFound when absent.
func (s *Store) FindPartnership(ctx context.Context, id string) (*model.Partnership, error) {
	p, err := scanPartnership(s.readRow(ctx, "SELECT "+partnershipColumns+" FROM partnerships WHERE id = ?", id))
	return p, wrap(err, "find partnership %s", id)
}

func (s *Store) listPartnerships(ctx context.Context, what, query string, args ...any) ([]*model.Partnership, error) {
	rows, err := s.query(ctx, "SELECT "+partnershipColumns+" FROM partnerships WHERE "+query+" ORDER BY created_at DESC, id DESC", args...)
	if err != nil {
		return nil, wrap(err, "list %s", what)
	}
	defer rows.Close()
	var out []*model.Partnership
	for rows.Next() {
		p, err := scanPartnership(rows)
		if err != nil {
			return nil, wrap(err, "list %s", what)
		}
		out = append(out, p)
	}
	return out, wrap(rows.Err(), "list %s", what)
}

// ListPartnerships returns userID's partnerships, newest first.
func (s *Store) ListPartnerships(ctx context.Context, userID string) ([]*model.Partnership, error) {
	return s.listPartnerships(ctx, "partnerships of "+userID, "requester_id = ? OR partner_id = ?", userID, userID)
}

// ListActivePartnerships returns every active partnership.
func (s *Store) ListActivePartnerships(ctx context.Context) ([]*model.Partnership, error) {
	return s.listPartnerships(ctx, "active partnerships", "status = ?", string(model.PartnerActive))
}

// UpdatePartnership writes status and both sides.
func (s *Store) UpdatePartnership(ctx context.Context, p *model.Partnership) error {
	res, err := s.w.ExecContext(ctx, "UPDATE partnerships SET status = ?, sides = ?, updated_at = ? WHERE id = ?", string(p.Status), sidesJSON(p), micros(p.UpdatedAt), p.ID)
	if err != nil {
		return wrap(err, "update partnership %s", p.ID)
	}
	return notFoundUnless(res, "update partnership %s", p.ID)
}

// DeleteUserPartnerships removes every partnership of userID.
func (s *Store) DeleteUserPartnerships(ctx context.Context, userID string) error {
	_, err := s.w.ExecContext(ctx, "DELETE FROM partnerships WHERE requester_id = ? OR partner_id = ?", userID, userID)
	return wrap(err, "delete partnerships of %s", userID)
}

// CreateNotification stores a notification.
func (s *Store) CreateNotification(ctx context.Context, n *store.StoredNotification) error {
	_, err := s.w.ExecContext(ctx, "INSERT INTO notifications ("+notificationColumns+") VALUES (?, ?, ?, ?, ?, ?, ?)",
		n.ID, n.UserID, n.Kind, n.SubjectID, n.Sealed, micros(n.CreatedAt), nullMicros(n.ReadAt))
	return wrap(err, "create notification for %s", n.UserID)
}

const notificationColumns = "id, user_id, kind, subject_id, sealed, created_at, read_at"

func scanNotification(row interface{ Scan(...any) error }) (*store.StoredNotification, error) {
	var n store.StoredNotification
	var created int64
	var read sql.NullInt64
	if err := row.Scan(&n.ID, &n.UserID, &n.Kind, &n.SubjectID, &n.Sealed, &created, &read); err != nil {
		return nil, err
	}
	n.CreatedAt, n.ReadAt = fromMicros(created), fromNullMicros(read)
	return &n, nil
}

// ListNotifications returns a user's newest notifications.
func (s *Store) ListNotifications(ctx context.Context, userID string, after store.Keyset, limit int) ([]*store.StoredNotification, error) {
	q, args := keysetAfter("SELECT "+notificationColumns+" FROM notifications WHERE user_id = ?", []any{userID}, after, "created_at", "id", true)
	return queryList(ctx, s, "list notifications of "+userID, scanNotification, q+" ORDER BY created_at DESC, id DESC LIMIT ?", append(args, limit)...)
}

// ListSubjectlessNotifications returns notifications with no subject, by id.
func (s *Store) ListSubjectlessNotifications(ctx context.Context, afterID string, limit int) ([]*store.StoredNotification, error) {
	return queryList(ctx, s, "list notifications with no subject", scanNotification,
		"SELECT "+notificationColumns+" FROM notifications WHERE subject_id = '' AND id > ? ORDER BY id LIMIT ?", afterID, limit)
}

// SetNotificationSubject gives a notification with no subject its subject.
func (s *Store) SetNotificationSubject(ctx context.Context, id, subjectID string) error {
	_, err := s.w.ExecContext(ctx, "UPDATE notifications SET subject_id = ? WHERE id = ? AND subject_id = ''", subjectID, id)
	return wrap(err, "set the subject of notification %s", id)
}

// MarkNotificationRead marks one of userID's notifications read.
func (s *Store) MarkNotificationRead(ctx context.Context, userID, id string, at time.Time) error {
	res, err := s.execSmall(ctx, "UPDATE notifications SET read_at = COALESCE(read_at, ?) WHERE id = ? AND user_id = ?", micros(at), id, userID)
	if err != nil {
		return wrap(err, "mark notification %s", id)
	}
	return notFoundUnless(res, "mark notification %s", id)
}

// CountUnread counts a user's unread notifications.
func (s *Store) CountUnread(ctx context.Context, userID string) (int, error) {
	var n int
	err := s.readRow(ctx, "SELECT COUNT(*) FROM notifications WHERE user_id = ? AND read_at IS NULL", userID).Scan(&n)
	return n, wrap(err, "count notifications of %s", userID)
}

// DeleteUserNotifications removes a user's notifications and those about
// them that others got.
func (s *Store) DeleteUserNotifications(ctx context.Context, userID string) error {
	_, err := s.w.ExecContext(ctx, "DELETE FROM notifications WHERE user_id = ? OR subject_id = ?", userID, userID)
	return wrap(err, "delete notifications of %s", userID)
}

// DeleteNotification removes one of userID's notifications.
func (s *Store) DeleteNotification(ctx context.Context, userID, id string) error {
	_, err := s.w.ExecContext(ctx, "DELETE FROM notifications WHERE user_id = ? AND id = ?", userID, id)
	return wrap(err, "delete notification %s", id)
}

// FindNotification returns one notification.
func (s *Store) FindNotification(ctx context.Context, id string) (*store.StoredNotification, error) {
	n, err := scanNotification(s.readRow(ctx, "SELECT "+notificationColumns+" FROM notifications WHERE id = ?", id))
	return n, wrap(err, "find notification %s", id)
}
