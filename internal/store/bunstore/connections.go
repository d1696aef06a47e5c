package bunstore

import (
	"context"
	"database/sql"
	"slices"
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

// findStandingSQL reads an account's role and restriction (the row tagged
// 0) and the blocks either way (tagged 1 and 2) in one statement.
const findStandingSQL = `SELECT 0, u.role, r.kind, r.until_at FROM users u LEFT JOIN account_restrictions r ON r.user_id = u.id WHERE u.id = ?
UNION ALL SELECT 1, blocked_id, NULL, NULL FROM blocks WHERE blocker_id = ?
UNION ALL SELECT 2, blocker_id, NULL, NULL FROM blocks WHERE blocked_id = ?`

// FindStanding returns an account's role, restriction and blocks either
// way in one read; store.ErrNotFound when there is no such account.
func (s *Store) FindStanding(ctx context.Context, userID string) (*store.Standing, error) {
	rows, err := s.query(ctx, findStandingSQL, userID, userID, userID)
	if err != nil {
		return nil, wrap(err, "find standing of %s", userID)
	}
	defer rows.Close()
	var st store.Standing
	found := false
	for rows.Next() {
		var tag int
		var text string
		var kind sql.NullString
		var until sql.NullInt64
		if err := rows.Scan(&tag, &text, &kind, &until); err != nil {
			return nil, wrap(err, "find standing of %s", userID)
		}
		if tag != 0 {
			if !slices.Contains(st.Blocked, text) {
				st.Blocked = append(st.Blocked, text)
			}
			continue
		}
		found, st.Role = true, text
		if kind.Valid {
			st.Restriction = &store.Restriction{UserID: userID, Kind: kind.String, Until: fromNullMicros(until)}
		}
	}
	if err := rows.Err(); err != nil {
		return nil, wrap(err, "find standing of %s", userID)
	}
	if !found {
		return nil, wrap(sql.ErrNoRows, "find standing of %s", userID)
	}
	return &st, nil
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
