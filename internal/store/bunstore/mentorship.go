package bunstore

import (
	"context"

	"github.com/kinshiprecovery/kinship/internal/store"
)

const mentorProfileColumns = "user_id, mentor, capacity, paused, certified_by, sealed, updated_at"

func scanMentorProfile(row interface{ Scan(...any) error }) (*store.MentorshipProfile, error) {
	var p store.MentorshipProfile
	var at int64
	if err := row.Scan(&p.UserID, &p.Mentor, &p.Capacity, &p.Paused, &p.CertifiedBy, &p.Sealed, &at); err != nil {
		return nil, err
	}
	p.UpdatedAt = fromMicros(at)
	return &p, nil
}

// SaveMentorshipProfile inserts or replaces a profile.
func (s *Store) SaveMentorshipProfile(ctx context.Context, p *store.MentorshipProfile) error {
	_, err := s.w.ExecContext(ctx, `INSERT INTO mentorship_profiles (`+mentorProfileColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (user_id) DO UPDATE SET mentor = excluded.mentor, capacity = excluded.capacity, paused = excluded.paused,
		certified_by = excluded.certified_by, sealed = excluded.sealed, updated_at = excluded.updated_at`,
		p.UserID, p.Mentor, p.Capacity, p.Paused, p.CertifiedBy, p.Sealed, micros(p.UpdatedAt))
	return wrap(err, "save mentorship profile")
}

// FindMentorshipProfile returns store.ErrNotFound when absent.
func (s *Store) FindMentorshipProfile(ctx context.Context, userID string) (*store.MentorshipProfile, error) {
	p, err := scanMentorProfile(s.readRow(ctx, "SELECT "+mentorProfileColumns+" FROM mentorship_profiles WHERE user_id = ?", userID))
	return p, wrap(err, "find mentorship profile")
}

// ListMentorProfiles returns every mentor's profile.
func (s *Store) ListMentorProfiles(ctx context.Context) ([]*store.MentorshipProfile, error) {
	return queryList(ctx, s, "list mentors", scanMentorProfile, "SELECT "+mentorProfileColumns+" FROM mentorship_profiles WHERE mentor = ? ORDER BY user_id", true)
}

const mentorshipColumns = "id, mentor_id, mentee_id, status, sealed, share, ended_by, created_at, updated_at"

func scanMentorship(row interface{ Scan(...any) error }) (*store.Mentorship, error) {
	var m store.Mentorship
	var created, updated int64
	if err := row.Scan(&m.ID, &m.MentorID, &m.MenteeID, &m.Status, &m.Sealed, &m.Share, &m.EndedBy, &created, &updated); err != nil {
		return nil, err
	}
	m.CreatedAt, m.UpdatedAt = fromMicros(created), fromMicros(updated)
	return &m, nil
}

// CreateMentorship inserts a request.
func (s *Store) CreateMentorship(ctx context.Context, m *store.Mentorship) error {
	_, err := s.w.ExecContext(ctx, "INSERT INTO mentorships ("+mentorshipColumns+") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
		m.ID, m.MentorID, m.MenteeID, m.Status, m.Sealed, m.Share, m.EndedBy, micros(m.CreatedAt), micros(m.UpdatedAt))
	return wrap(err, "create mentorship")
}

// FindMentorship returns store.ErrNotFound when absent.
func (s *Store) FindMentorship(ctx context.Context, id string) (*store.Mentorship, error) {
	m, err := scanMentorship(s.readRow(ctx, "SELECT "+mentorshipColumns+" FROM mentorships WHERE id = ?", id))
	return m, wrap(err, "find mentorship %s", id)
}

// UpdateMentorship writes status, sealed text, sharing and who ended it.
func (s *Store) UpdateMentorship(ctx context.Context, m *store.Mentorship) error {
	res, err := s.w.ExecContext(ctx, "UPDATE mentorships SET status = ?, sealed = ?, share = ?, ended_by = ?, updated_at = ? WHERE id = ?",
		m.Status, m.Sealed, m.Share, m.EndedBy, micros(m.UpdatedAt), m.ID)
	if err != nil {
		return wrap(err, "update mentorship %s", m.ID)
	}
	return notFoundUnless(res, "update mentorship %s", m.ID)
}

// ListMentorships returns a person's mentorships, newest first.
func (s *Store) ListMentorships(ctx context.Context, userID string) ([]*store.Mentorship, error) {
	return queryList(ctx, s, "list mentorships", scanMentorship, "SELECT "+mentorshipColumns+" FROM mentorships WHERE mentor_id = ? OR mentee_id = ? ORDER BY created_at DESC, id DESC", userID, userID)
}

// CountMentees counts a mentor's open mentorships.
func (s *Store) CountMentees(ctx context.Context, mentorID string) (int, error) {
	var n int
	err := s.readRow(ctx, "SELECT COUNT(*) FROM mentorships WHERE mentor_id = ? AND status IN ('requested', 'active', 'paused')", mentorID).Scan(&n)
	return n, wrap(err, "count mentees")
}

// DeleteUserMentorships removes a person's profile and mentorships.
func (s *Store) DeleteUserMentorships(ctx context.Context, userID string) error {
	for _, q := range []string{
		"DELETE FROM mentorships WHERE mentor_id = ? OR mentee_id = ?",
		"DELETE FROM mentorship_profiles WHERE user_id = ? AND ? <> ''",
	} {
		if _, err := s.w.ExecContext(ctx, q, userID, userID); err != nil {
			return wrap(err, "delete mentorships of %s", userID)
		}
	}
	return nil
}
