package store

import (
	"context"
	"time"
)

// MentorshipProfile is a person's mentoring settings. Whether they mentor,
// their capacity, pause and badge are in the clear (they decide who is
// suggested); the rest (gender, age, availability, what they offer, a
// mentee's requirements) is sealed by the app layer.
type MentorshipProfile struct {
	UserID      string
	Mentor      bool
	Capacity    int
	Paused      bool
	CertifiedBy string // who vouched that this mentor is a certified peer recovery specialist
	Sealed      []byte
	UpdatedAt   time.Time
}

// Mentorship is a mentor–mentee relationship and its request. Its note and
// reasons are sealed; Share is the mentee's sharing choices as JSON.
type Mentorship struct {
	ID        string
	MentorID  string
	MenteeID  string
	Status    string // requested, active, paused, declined, ended
	Sealed    []byte
	Share     string
	EndedBy   string
	CreatedAt time.Time
	UpdatedAt time.Time
}

// MentorshipCall is a call the two people of a mentorship plan: proposed
// by one of them at a day and time typed in their own zone (StartLocal in
// TimeZone, kept as typed), answered by the other. Start is the instant.
type MentorshipCall struct {
	ID           string
	MentorshipID string
	ProposedBy   string
	Start        time.Time
	StartLocal   string // "2026-12-08T19:00", the wall time the proposer typed
	TimeZone     string // the proposer's zone, an IANA name
	Minutes      int
	Status       string // proposed, confirmed, declined, cancelled
	// Replaces is the call this one suggests another time for ("" when none).
	Replaces string
	// ChangedBy is who confirmed, declined or cancelled it last.
	ChangedBy  string
	RemindedAt *time.Time
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// Mentorships keeps mentoring profiles and relationships.
type Mentorships interface {
	SaveMentorshipProfile(ctx context.Context, p *MentorshipProfile) error
	// FindMentorshipProfile returns ErrNotFound when absent.
	FindMentorshipProfile(ctx context.Context, userID string) (*MentorshipProfile, error)
	// ListMentorProfiles returns every profile of someone who mentors.
	ListMentorProfiles(ctx context.Context) ([]*MentorshipProfile, error)
	CreateMentorship(ctx context.Context, m *Mentorship) error
	// FindMentorship returns ErrNotFound when absent.
	FindMentorship(ctx context.Context, id string) (*Mentorship, error)
	UpdateMentorship(ctx context.Context, m *Mentorship) error
	// ListMentorships returns the mentorships userID is part of, newest first.
	ListMentorships(ctx context.Context, userID string) ([]*Mentorship, error)
	// CountMentees counts a mentor's requested, active and paused mentorships.
	CountMentees(ctx context.Context, mentorID string) (int, error)
	// DeleteUserMentorships removes a person's profile and mentorships.
	DeleteUserMentorships(ctx context.Context, userID string) error
	// CreateMentorshipCall inserts a proposed call.
	CreateMentorshipCall(ctx context.Context, c *MentorshipCall) error
	// FindMentorshipCall returns ErrNotFound when absent.
	FindMentorshipCall(ctx context.Context, id string) (*MentorshipCall, error)
	// UpdateMentorshipCall writes a call's status and who changed it.
	UpdateMentorshipCall(ctx context.Context, c *MentorshipCall) error
	// ListMentorshipCalls returns the calls of the mentorships given that
	// are proposed or confirmed and end after endsAfter, soonest first.
	ListMentorshipCalls(ctx context.Context, mentorshipIDs []string, endsAfter time.Time) ([]*MentorshipCall, error)
	// CancelMentorshipCalls cancels every proposed or confirmed call of a
	// mentorship (it ended), recording by whom; it returns how many.
	CancelMentorshipCalls(ctx context.Context, mentorshipID, by string, at time.Time) (int, error)
	// ListCallsToRemind returns the confirmed calls starting in (from, to]
	// that have had no reminder.
	ListCallsToRemind(ctx context.Context, from, to time.Time) ([]*MentorshipCall, error)
	// ClaimCallReminder records that a call's reminder is sent; false when
	// it already was.
	ClaimCallReminder(ctx context.Context, id string, at time.Time) (bool, error)
}
