package bunstore

import (
	"context"
	"time"

	"github.com/kinshiprecovery/kinship/internal/store"
)

// pairKey names a pair of members the same whichever way round, so one
// pair has at most one connection.
func pairKey(a, b string) string {
	if a > b {
		a, b = b, a
	}
	return a + ":" + b
}

const connectionColumns = "id, requester_id, other_id, accepted, created_at"

func scanConnection(row interface{ Scan(...any) error }) (*store.Connection, error) {
	var c store.Connection
	var at int64
	if err := row.Scan(&c.ID, &c.RequesterID, &c.OtherID, &c.Accepted, &at); err != nil {
		return nil, err
	}
	c.CreatedAt = fromMicros(at)
	return &c, nil
}

// CreateConnection stores a request; store.ErrConflict when the pair has one.
func (s *Store) CreateConnection(ctx context.Context, c *store.Connection) error {
	_, err := s.w.ExecContext(ctx, "INSERT INTO connections (id, requester_id, other_id, pair, accepted, created_at) VALUES (?, ?, ?, ?, ?, ?)",
		c.ID, c.RequesterID, c.OtherID, pairKey(c.RequesterID, c.OtherID), c.Accepted, micros(c.CreatedAt))
	return wrap(err, "create connection")
}

// FindConnection returns store.ErrNotFound when absent.
func (s *Store) FindConnection(ctx context.Context, id string) (*store.Connection, error) {
	c, err := scanConnection(s.readRow(ctx, "SELECT "+connectionColumns+" FROM connections WHERE id = ?", id))
	return c, wrap(err, "find connection %s", id)
}

// FindConnectionBetween returns the pair's connection; store.ErrNotFound when none.
func (s *Store) FindConnectionBetween(ctx context.Context, a, b string) (*store.Connection, error) {
	c, err := scanConnection(s.readRow(ctx, "SELECT "+connectionColumns+" FROM connections WHERE pair = ?", pairKey(a, b)))
	return c, wrap(err, "find connection between members")
}

// AcceptConnection marks a request accepted.
func (s *Store) AcceptConnection(ctx context.Context, id string) error {
	res, err := s.w.ExecContext(ctx, "UPDATE connections SET accepted = ? WHERE id = ?", true, id)
	if err != nil {
		return wrap(err, "accept connection %s", id)
	}
	return notFoundUnless(res, "accept connection %s", id)
}

// DeleteConnection removes a connection or request.
func (s *Store) DeleteConnection(ctx context.Context, id string) error {
	_, err := s.w.ExecContext(ctx, "DELETE FROM connections WHERE id = ?", id)
	return wrap(err, "delete connection %s", id)
}

// ListConnections returns a user's connections and requests.
func (s *Store) ListConnections(ctx context.Context, userID string) ([]*store.Connection, error) {
	rows, err := s.query(ctx, "SELECT "+connectionColumns+" FROM connections WHERE requester_id = ? OR other_id = ? ORDER BY created_at DESC, id DESC", userID, userID)
	if err != nil {
		return nil, wrap(err, "list connections of %s", userID)
	}
	defer rows.Close()
	var out []*store.Connection
	for rows.Next() {
		c, err := scanConnection(rows)
		if err != nil {
			return nil, wrap(err, "list connections of %s", userID)
		}
		out = append(out, c)
	}
	return out, wrap(rows.Err(), "list connections of %s", userID)
}

// Block records a block (idempotent).
func (s *Store) Block(ctx context.Context, blocker, blocked string, at time.Time) error {
	_, err := s.w.ExecContext(ctx, "INSERT INTO blocks (blocker_id, blocked_id, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING", blocker, blocked, micros(at))
	return wrap(err, "block")
}

// Unblock removes a block.
func (s *Store) Unblock(ctx context.Context, blocker, blocked string) error {
	_, err := s.w.ExecContext(ctx, "DELETE FROM blocks WHERE blocker_id = ? AND blocked_id = ?", blocker, blocked)
	return wrap(err, "unblock")
}

// Blocked reports whether either member blocks the other.
func (s *Store) Blocked(ctx context.Context, a, b string) (bool, error) {
	var n int
	err := s.readRow(ctx, "SELECT COUNT(*) FROM blocks WHERE (blocker_id = ? AND blocked_id = ?) OR (blocker_id = ? AND blocked_id = ?)", a, b, b, a).Scan(&n)
	return n > 0, wrap(err, "check block")
}

// ListBlocks returns whom blocker blocks, newest first.
func (s *Store) ListBlocks(ctx context.Context, blocker string) ([]string, error) {
	return s.queryIDs(ctx, "list blocks", "SELECT blocked_id FROM blocks WHERE blocker_id = ? ORDER BY created_at DESC", blocker)
}

// ListBlockedEitherWay returns everyone userID blocks or is blocked by.
func (s *Store) ListBlockedEitherWay(ctx context.Context, userID string) ([]string, error) {
	return s.queryIDs(ctx, "list blocks either way", "SELECT blocked_id FROM blocks WHERE blocker_id = ? UNION SELECT blocker_id FROM blocks WHERE blocked_id = ?", userID, userID)
}

// queryIDs runs a query of one text column and returns its values.
func (s *Store) queryIDs(ctx context.Context, what, q string, args ...any) ([]string, error) {
	rows, err := s.query(ctx, q, args...)
	if err != nil {
		return nil, wrap(err, "%s", what)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, wrap(err, "%s", what)
		}
		out = append(out, id)
	}
	return out, wrap(rows.Err(), "%s", what)
}

// DeleteUserConnections removes a user's connections and blocks.
func (s *Store) DeleteUserConnections(ctx context.Context, userID string) error {
	if _, err := s.w.ExecContext(ctx, "DELETE FROM connections WHERE requester_id = ? OR other_id = ?", userID, userID); err != nil {
		return wrap(err, "delete connections of %s", userID)
	}
	_, err := s.w.ExecContext(ctx, "DELETE FROM blocks WHERE blocker_id = ? OR blocked_id = ?", userID, userID)
	return wrap(err, "delete blocks of %s", userID)
}
