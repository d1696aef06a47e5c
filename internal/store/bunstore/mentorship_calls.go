package bunstore

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"github.com/kinshiprecovery/kinship/internal/store"
)

const callColumns = "id, mentorship_id, proposed_by, start_at, start_local, time_zone, minutes, status, replaces, changed_by, reminded_at, created_at, updated_at"

func scanCall(row interface{ Scan(...any) error }) (*store.MentorshipCall, error) {
	var c store.MentorshipCall
	var start, created, updated int64
	var reminded sql.NullInt64
	if err := row.Scan(&c.ID, &c.MentorshipID, &c.ProposedBy, &start, &c.StartLocal, &c.TimeZone, &c.Minutes, &c.Status, &c.Replaces,
		&c.ChangedBy, &reminded, &created, &updated); err != nil {
		return nil, err
	}
	c.Start, c.CreatedAt, c.UpdatedAt = fromMicros(start), fromMicros(created), fromMicros(updated)
	if reminded.Valid {
		t := fromMicros(reminded.Int64)
		c.RemindedAt = &t
	}
	return &c, nil
}

// CreateMentorshipCall inserts a proposed call.
func (s *Store) CreateMentorshipCall(ctx context.Context, c *store.MentorshipCall) error {
	_, err := s.w.ExecContext(ctx, "INSERT INTO mentorship_calls ("+callColumns+") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?)",
		c.ID, c.MentorshipID, c.ProposedBy, micros(c.Start), c.StartLocal, c.TimeZone, c.Minutes, c.Status, c.Replaces, c.ChangedBy,
		micros(c.CreatedAt), micros(c.UpdatedAt))
	return wrap(err, "create mentorship call")
}

// FindMentorshipCall returns store.ErrNotFound when absent.
func (s *Store) FindMentorshipCall(ctx context.Context, id string) (*store.MentorshipCall, error) {
	c, err := scanCall(s.readRow(ctx, "SELECT "+callColumns+" FROM mentorship_calls WHERE id = ?", id))
	return c, wrap(err, "find mentorship call %s", id)
}

// UpdateMentorshipCall writes a call's status and who changed it.
func (s *Store) UpdateMentorshipCall(ctx context.Context, c *store.MentorshipCall) error {
	res, err := s.w.ExecContext(ctx, "UPDATE mentorship_calls SET status = ?, changed_by = ?, updated_at = ? WHERE id = ?",
		c.Status, c.ChangedBy, micros(c.UpdatedAt), c.ID)
	if err != nil {
		return wrap(err, "update mentorship call %s", c.ID)
	}
	return notFoundUnless(res, "update mentorship call %s", c.ID)
}

// ListMentorshipCalls returns the proposed and confirmed calls of the
// mentorships that end after endsAfter, soonest first.
func (s *Store) ListMentorshipCalls(ctx context.Context, mentorshipIDs []string, endsAfter time.Time) ([]*store.MentorshipCall, error) {
	if len(mentorshipIDs) == 0 {
		return nil, nil
	}
	args := make([]any, 0, len(mentorshipIDs)+1)
	for _, id := range mentorshipIDs {
		args = append(args, id)
	}
	// A call lasts at most two hours: its start is after endsAfter less that.
	args = append(args, micros(endsAfter.Add(-2*time.Hour)))
	q := "SELECT " + callColumns + " FROM mentorship_calls WHERE mentorship_id IN (" + strings.TrimSuffix(strings.Repeat("?, ", len(mentorshipIDs)), ", ") +
		") AND status IN ('proposed', 'confirmed') AND start_at > ? ORDER BY start_at, id"
	rows, err := s.queryIn(ctx, len(args), q, args...)
	if err != nil {
		return nil, wrap(err, "list mentorship calls")
	}
	defer rows.Close()
	var out []*store.MentorshipCall
	for rows.Next() {
		c, err := scanCall(rows)
		if err != nil {
			return nil, wrap(err, "list mentorship calls")
		}
		if c.Start.Add(time.Duration(c.Minutes) * time.Minute).After(endsAfter) {
			out = append(out, c)
		}
	}
	return out, wrap(rows.Err(), "list mentorship calls")
}

// CancelMentorshipCalls cancels a mentorship's proposed and confirmed calls.
func (s *Store) CancelMentorshipCalls(ctx context.Context, mentorshipID, by string, at time.Time) (int, error) {
	res, err := s.w.ExecContext(ctx, "UPDATE mentorship_calls SET status = 'cancelled', changed_by = ?, updated_at = ? WHERE mentorship_id = ? AND status IN ('proposed', 'confirmed')",
		by, micros(at), mentorshipID)
	if err != nil {
		return 0, wrap(err, "cancel the calls of mentorship %s", mentorshipID)
	}
	n, err := res.RowsAffected()
	return int(n), wrap(err, "cancel the calls of mentorship %s", mentorshipID)
}

// ListCallsToRemind returns confirmed calls starting in (from, to] with no reminder yet.
func (s *Store) ListCallsToRemind(ctx context.Context, from, to time.Time) ([]*store.MentorshipCall, error) {
	return queryList(ctx, s, "list calls to remind", scanCall, "SELECT "+callColumns+
		" FROM mentorship_calls WHERE status = 'confirmed' AND start_at > ? AND start_at <= ? AND reminded_at IS NULL ORDER BY start_at, id", micros(from), micros(to))
}

// ClaimCallReminder records a call's reminder once.
func (s *Store) ClaimCallReminder(ctx context.Context, id string, at time.Time) (bool, error) {
	res, err := s.w.ExecContext(ctx, "UPDATE mentorship_calls SET reminded_at = ? WHERE id = ? AND reminded_at IS NULL", micros(at), id)
	if err != nil {
		return false, wrap(err, "claim call reminder")
	}
	n, err := res.RowsAffected()
	return n > 0, wrap(err, "claim call reminder")
}
