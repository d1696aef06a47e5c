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
}
