package bunstore

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"github.com/kinshiprecovery/kinship/internal/store"
)

const groupMeetingColumns = "id, group_id, title, start_local, timezone, duration_minutes, recurrence, online_url, place, sequence, created_by, created_at, updated_at, deleted_at"

func scanGroupMeeting(row interface{ Scan(...any) error }) (*store.GroupMeeting, error) {
	var m store.GroupMeeting
	var created, updated int64
	var deleted sql.NullInt64
	if err := row.Scan(&m.ID, &m.GroupID, &m.Title, &m.StartLocal, &m.TimeZone, &m.DurationMinutes, &m.Recurrence, &m.OnlineURL, &m.Place, &m.Sequence, &m.CreatedBy, &created, &updated, &deleted); err != nil {
		return nil, err
	}
	m.CreatedAt, m.UpdatedAt, m.DeletedAt = fromMicros(created), fromMicros(updated), fromNullMicros(deleted)
	return &m, nil
}

// CreateGroupMeeting inserts a meeting series.
func (s *Store) CreateGroupMeeting(ctx context.Context, m *store.GroupMeeting) error {
	_, err := s.w.ExecContext(ctx, "INSERT INTO group_meetings ("+groupMeetingColumns+") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		m.ID, m.GroupID, m.Title, m.StartLocal, m.TimeZone, m.DurationMinutes, m.Recurrence, m.OnlineURL, m.Place, m.Sequence, m.CreatedBy, micros(m.CreatedAt), micros(m.UpdatedAt), nullMicros(m.DeletedAt))
	return wrap(err, "create group meeting")
}

// FindGroupMeeting returns store.ErrNotFound when absent or deleted.
func (s *Store) FindGroupMeeting(ctx context.Context, id string) (*store.GroupMeeting, error) {
	m, err := scanGroupMeeting(s.readRow(ctx, "SELECT "+groupMeetingColumns+" FROM group_meetings WHERE id = ? AND deleted_at IS NULL", id))
	if err != nil {
		return nil, wrap(err, "find group meeting %s", id)
	}
	return m, s.fillMeetingChanges(ctx, []*store.GroupMeeting{m})
}

// UpdateGroupMeeting writes every field.
func (s *Store) UpdateGroupMeeting(ctx context.Context, m *store.GroupMeeting) error {
	res, err := s.w.ExecContext(ctx, `UPDATE group_meetings SET title = ?, start_local = ?, timezone = ?, duration_minutes = ?, recurrence = ?,
		online_url = ?, place = ?, sequence = ?, updated_at = ?, deleted_at = ? WHERE id = ?`,
		m.Title, m.StartLocal, m.TimeZone, m.DurationMinutes, m.Recurrence, m.OnlineURL, m.Place, m.Sequence, micros(m.UpdatedAt), nullMicros(m.DeletedAt), m.ID)
	if err != nil {
		return wrap(err, "update group meeting %s", m.ID)
	}
	return notFoundUnless(res, "update group meeting %s", m.ID)
}

// ListGroupMeetings returns the live meetings of the groups (all when nil).
func (s *Store) ListGroupMeetings(ctx context.Context, groupIDs []string) ([]*store.GroupMeeting, error) {
	q, args := "SELECT "+groupMeetingColumns+" FROM group_meetings WHERE deleted_at IS NULL", []any{}
	if groupIDs != nil {
		if len(groupIDs) == 0 {
			return nil, nil
		}
		q += " AND group_id IN (" + strings.TrimSuffix(strings.Repeat("?, ", len(groupIDs)), ", ") + ")"
		for _, id := range groupIDs {
			args = append(args, id)
		}
	}
	rows, err := s.queryIn(ctx, len(args), q+" ORDER BY created_at, id", args...)
	if err != nil {
		return nil, wrap(err, "list group meetings")
	}
	defer rows.Close()
	var out []*store.GroupMeeting
	for rows.Next() {
		m, err := scanGroupMeeting(rows)
		if err != nil {
			return nil, wrap(err, "list group meetings")
		}
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, wrap(err, "list group meetings")
	}
	return out, s.fillMeetingChanges(ctx, out)
}

// myGroupMeetingsSQL is ListMyGroupMeetings' statement: each of the
// member's groups (chosen as ListGroups chooses them with MemberID and
// Viewer) with each of its live meetings and each of their changes, a
// row each; a group without meetings, or a meeting without changes,
// comes once with NULLs (read as a flag and zero values).
const myGroupMeetingsSQL = `SELECT g.id, g.name, g.created_at,
	CASE WHEN gm.id IS NULL THEN 0 ELSE 1 END, COALESCE(gm.id, ''), COALESCE(gm.title, ''), COALESCE(gm.start_local, ''), COALESCE(gm.timezone, ''),
	COALESCE(gm.duration_minutes, 0), COALESCE(gm.recurrence, ''), COALESCE(gm.online_url, ''), COALESCE(gm.place, ''), COALESCE(gm.sequence, 0),
	COALESCE(gm.created_by, ''), COALESCE(gm.created_at, 0), COALESCE(gm.updated_at, 0),
	CASE WHEN mc.meeting_id IS NULL THEN 0 ELSE 1 END, COALESCE(mc.original_start, 0), COALESCE(mc.kind, ''), mc.new_start
FROM peer_groups g
LEFT JOIN group_meetings gm ON gm.group_id = g.id AND gm.deleted_at IS NULL
LEFT JOIN meeting_changes mc ON mc.meeting_id = gm.id
WHERE g.archived_at IS NULL
	AND g.id IN (SELECT m.group_id FROM group_members m WHERE m.user_id = ? AND m.status = 'active')
	AND (g.org_id = '' OR EXISTS (SELECT 1 FROM org_members om WHERE om.org_id = g.org_id AND om.user_id = ?
	AND (g.audience <> 'alumni' OR om.role IN ('alumni', 'admin', 'staff'))))
ORDER BY gm.created_at, gm.id, mc.original_start`

// ListMyGroupMeetings reads the member's groups and their live meetings
// with their changes in one statement (the home page read them in two to
// three, the groups with each one's member and unread counts, which it
// did not show).
func (s *Store) ListMyGroupMeetings(ctx context.Context, userID string) (*store.MyGroupMeetings, error) {
	rows, err := s.query(ctx, myGroupMeetingsSQL, userID, userID)
	if err != nil {
		return nil, wrap(err, "list the groups and meetings of %s", userID)
	}
	defer rows.Close()
	out := &store.MyGroupMeetings{}
	groups := map[string]bool{}
	var last *store.GroupMeeting
	for rows.Next() {
		var g store.Group
		var gCreated int64
		var hasM, hasC int
		var m store.GroupMeeting
		var mCreated, mUpdated, orig int64
		var kind string
		var moved sql.NullInt64
		if err := rows.Scan(&g.ID, &g.Name, &gCreated,
			&hasM, &m.ID, &m.Title, &m.StartLocal, &m.TimeZone, &m.DurationMinutes, &m.Recurrence, &m.OnlineURL, &m.Place, &m.Sequence, &m.CreatedBy, &mCreated, &mUpdated,
			&hasC, &orig, &kind, &moved); err != nil {
			return nil, wrap(err, "list the groups and meetings of %s", userID)
		}
		if !groups[g.ID] {
			groups[g.ID] = true
			g.CreatedAt = fromMicros(gCreated)
			out.Groups = append(out.Groups, &g)
		}
		if hasM == 0 {
			continue
		}
		if last == nil || last.ID != m.ID {
			m.GroupID, m.CreatedAt, m.UpdatedAt = g.ID, fromMicros(mCreated), fromMicros(mUpdated)
			last = &m
			out.Meetings = append(out.Meetings, last)
		}
		if hasC == 1 {
			last.Changes = append(last.Changes, store.MeetingChange{OriginalStart: fromMicros(orig), Kind: kind, NewStart: fromNullMicros(moved)})
		}
	}
	if err := rows.Err(); err != nil {
		return nil, wrap(err, "list the groups and meetings of %s", userID)
	}
	return out, nil
}

func (s *Store) fillMeetingChanges(ctx context.Context, ms []*store.GroupMeeting) error {
	if len(ms) == 0 {
		return nil
	}
	byID := map[string]*store.GroupMeeting{}
	args := []any{}
	for _, m := range ms {
		byID[m.ID] = m
		args = append(args, m.ID)
	}
	rows, err := s.queryIn(ctx, len(args), "SELECT meeting_id, original_start, kind, new_start FROM meeting_changes WHERE meeting_id IN ("+
		strings.TrimSuffix(strings.Repeat("?, ", len(args)), ", ")+") ORDER BY original_start", args...)
	if err != nil {
		return wrap(err, "list meeting changes")
	}
	defer rows.Close()
	for rows.Next() {
		var id, kind string
		var orig int64
		var moved sql.NullInt64
		if err := rows.Scan(&id, &orig, &kind, &moved); err != nil {
			return wrap(err, "list meeting changes")
		}
		byID[id].Changes = append(byID[id].Changes, store.MeetingChange{OriginalStart: fromMicros(orig), Kind: kind, NewStart: fromNullMicros(moved)})
	}
	return wrap(rows.Err(), "list meeting changes")
}

// SaveMeetingChange cancels or moves one occurrence.
func (s *Store) SaveMeetingChange(ctx context.Context, meetingID string, c store.MeetingChange) error {
	_, err := s.w.ExecContext(ctx, `INSERT INTO meeting_changes (meeting_id, original_start, kind, new_start) VALUES (?, ?, ?, ?)
		ON CONFLICT (meeting_id, original_start) DO UPDATE SET kind = excluded.kind, new_start = excluded.new_start`,
		meetingID, micros(c.OriginalStart), c.Kind, nullMicros(c.NewStart))
	return wrap(err, "change meeting %s", meetingID)
}

const rsvpColumns = "meeting_id, occurrence, user_id, status, attended, updated_at"

// SaveRSVP inserts or replaces an answer.
func (s *Store) SaveRSVP(ctx context.Context, r *store.RSVP) error {
	_, err := s.w.ExecContext(ctx, `INSERT INTO meeting_rsvps (`+rsvpColumns+`) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (meeting_id, occurrence, user_id) DO UPDATE SET status = excluded.status, attended = excluded.attended, updated_at = excluded.updated_at`,
		r.MeetingID, micros(r.Occurrence), r.UserID, r.Status, r.Attended, micros(r.UpdatedAt))
	return wrap(err, "save rsvp")
}

func (s *Store) queryRSVPs(ctx context.Context, q string, args ...any) ([]*store.RSVP, error) {
	rows, err := s.query(ctx, q, args...)
	if err != nil {
		return nil, wrap(err, "list rsvps")
	}
	defer rows.Close()
	var out []*store.RSVP
	for rows.Next() {
		var r store.RSVP
		var occ, at int64
		if err := rows.Scan(&r.MeetingID, &occ, &r.UserID, &r.Status, &r.Attended, &at); err != nil {
			return nil, wrap(err, "list rsvps")
		}
		r.Occurrence, r.UpdatedAt = fromMicros(occ), fromMicros(at)
		out = append(out, &r)
	}
	return out, wrap(rows.Err(), "list rsvps")
}

// ListRSVPs returns the answers for one occurrence.
func (s *Store) ListRSVPs(ctx context.Context, meetingID string, occurrence time.Time) ([]*store.RSVP, error) {
	return s.queryRSVPs(ctx, "SELECT "+rsvpColumns+" FROM meeting_rsvps WHERE meeting_id = ? AND occurrence = ? ORDER BY updated_at", meetingID, micros(occurrence))
}

// ListUserRSVPs returns a person's answers.
func (s *Store) ListUserRSVPs(ctx context.Context, userID string) ([]*store.RSVP, error) {
	return s.queryRSVPs(ctx, "SELECT "+rsvpColumns+" FROM meeting_rsvps WHERE user_id = ? ORDER BY occurrence", userID)
}

// ClaimMeetingReminder records a sent reminder once.
func (s *Store) ClaimMeetingReminder(ctx context.Context, meetingID string, occurrence, at time.Time) (bool, error) {
	res, err := s.w.ExecContext(ctx, "INSERT INTO meeting_reminders (meeting_id, occurrence, sent_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING", meetingID, micros(occurrence), micros(at))
	if err != nil {
		return false, wrap(err, "claim meeting reminder")
	}
	n, err := res.RowsAffected()
	return n > 0, wrap(err, "claim meeting reminder")
}

// CreateCalendarFeed stores a feed token's hash.
func (s *Store) CreateCalendarFeed(ctx context.Context, f *store.CalendarFeed) error {
	_, err := s.w.ExecContext(ctx, "INSERT INTO calendar_feeds (token_hash, user_id, scope, created_at) VALUES (?, ?, ?, ?)", f.TokenHash, f.UserID, f.Scope, micros(f.CreatedAt))
	return wrap(err, "create calendar feed")
}

// FindCalendarFeed returns store.ErrNotFound when absent.
func (s *Store) FindCalendarFeed(ctx context.Context, tokenHash string) (*store.CalendarFeed, error) {
	var f store.CalendarFeed
	var at int64
	err := s.readRow(ctx, "SELECT token_hash, user_id, scope, created_at FROM calendar_feeds WHERE token_hash = ?", tokenHash).Scan(&f.TokenHash, &f.UserID, &f.Scope, &at)
	if err != nil {
		return nil, wrap(err, "find calendar feed")
	}
	f.CreatedAt = fromMicros(at)
	return &f, nil
}

// ListCalendarFeeds returns a person's feeds.
func (s *Store) ListCalendarFeeds(ctx context.Context, userID string) ([]*store.CalendarFeed, error) {
	rows, err := s.query(ctx, "SELECT token_hash, user_id, scope, created_at FROM calendar_feeds WHERE user_id = ? ORDER BY created_at", userID)
	if err != nil {
		return nil, wrap(err, "list calendar feeds")
	}
	defer rows.Close()
	var out []*store.CalendarFeed
	for rows.Next() {
		var f store.CalendarFeed
		var at int64
		if err := rows.Scan(&f.TokenHash, &f.UserID, &f.Scope, &at); err != nil {
			return nil, wrap(err, "list calendar feeds")
		}
		f.CreatedAt = fromMicros(at)
		out = append(out, &f)
	}
	return out, wrap(rows.Err(), "list calendar feeds")
}

// DeleteCalendarFeeds removes a person's feeds of a scope ("" for all).
func (s *Store) DeleteCalendarFeeds(ctx context.Context, userID, scope string) error {
	q, args := "DELETE FROM calendar_feeds WHERE user_id = ?", []any{userID}
	if scope != "" {
		q += " AND scope = ?"
		args = append(args, scope)
	}
	_, err := s.w.ExecContext(ctx, q, args...)
	return wrap(err, "delete calendar feeds")
}
