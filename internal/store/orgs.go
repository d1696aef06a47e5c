package store

import (
	"context"
	"time"
)

// Organization is a treatment program or recovery organization.
type Organization struct {
	ID        string
	Name      string
	CreatedAt time.Time
}

// OrgMember is a person's place in an organization.
type OrgMember struct {
	OrgID        string
	UserID       string
	Role         string // admin, staff, client, alumni
	Cohort       string
	JoinedAt     time.Time
	DischargedAt *time.Time
}

// OrgInvitation is a single-use code to join an organization as a client,
// or as one of its alumni.
type OrgInvitation struct {
	CodeHash  string
	OrgID     string
	Cohort    string
	ExpiresAt time.Time
	UsedBy    string
	UsedAt    *time.Time
	CreatedBy string
	CreatedAt time.Time
	// Language is the language the invitation's email and landing page
	// are written in, chosen by the staff member who made it.
	Language string
	// Role is the place the code gives in the organization: "client", or
	// "alumni" for someone who finished its program before joining
	// Kinship (no discharge follows).
	Role string
	// Email is the address the code was emailed to, sealed (nil when it
	// was sent to none, or made before addresses were kept).
	Email []byte
}

// Consent is a member's permission for an organization's staff to see
// some of their data for a purpose, for a time.
type Consent struct {
	ID          string
	UserID      string
	OrgID       string
	RecipientID string // a staff member, or "" for the organization's staff as a whole
	Data        []string
	Purpose     string
	// StartsAt is midnight of StartDay, and EndsAt the last second of
	// EndDay, where the giver lived when they gave it: the instants it is
	// in force between.
	StartsAt time.Time
	EndsAt   time.Time
	// StartDay and EndDay are the calendar days the giver chose
	// ("2027-03-06"), read the same in every zone; "" in consents given
	// before they were kept (migration 40).
	StartDay, EndDay string
	SignedAt         time.Time
	RevokedAt        *time.Time
}

// Disclosure records one view of a member's data under a consent.
type Disclosure struct {
	ID        string
	ConsentID string
	UserID    string
	ViewerID  string
	Data      []string
	At        time.Time
}

// Organizations keeps organizations, their people, invitations, consents and disclosures.
type Organizations interface {
	CreateOrganization(ctx context.Context, o *Organization) error
	FindOrganization(ctx context.Context, id string) (*Organization, error)
	// ListOrganizations returns every organization, by name.
	ListOrganizations(ctx context.Context) ([]*Organization, error)
	SaveOrgMember(ctx context.Context, m *OrgMember) error
	// FindOrgMember returns ErrNotFound when the person is not in the organization.
	FindOrgMember(ctx context.Context, orgID, userID string) (*OrgMember, error)
	ListOrgMembers(ctx context.Context, orgID string) ([]*OrgMember, error)
	// ListUserOrgs returns a person's memberships.
	ListUserOrgs(ctx context.Context, userID string) ([]*OrgMember, error)
	CreateOrgInvitation(ctx context.Context, inv *OrgInvitation) error
	// ListOrgInvitations returns an organization's codes (their hashes), newest first.
	ListOrgInvitations(ctx context.Context, orgID string) ([]*OrgInvitation, error)
	// ExpireOrgInvitation ends an unused code of the organization at once; ErrNotFound otherwise.
	ExpireOrgInvitation(ctx context.Context, orgID, codeHash string, now time.Time) error
	// FindOrgInvitation returns a code by its hash, used or not; ErrNotFound when there is none.
	FindOrgInvitation(ctx context.Context, codeHash string) (*OrgInvitation, error)
	// UseOrgInvitation marks an unused, unexpired code used by userID and returns it; ErrNotFound otherwise.
	UseOrgInvitation(ctx context.Context, codeHash, userID string, now time.Time) (*OrgInvitation, error)
	CreateConsent(ctx context.Context, c *Consent) error
	FindConsent(ctx context.Context, id string) (*Consent, error)
	RevokeConsent(ctx context.Context, id string, at time.Time) error
	// ListConsents returns a member's consents, newest first.
	ListConsents(ctx context.Context, userID string) ([]*Consent, error)
	CreateDisclosure(ctx context.Context, d *Disclosure) error
	// ListDisclosures returns the disclosures of a member's data, newest first.
	ListDisclosures(ctx context.Context, userID string) ([]*Disclosure, error)
	// CountCheckedInSince counts the given people who checked in on or after date.
	CountCheckedInSince(ctx context.Context, userIDs []string, date string) (int, error)
	// DeleteUserOrgData removes a person's memberships, consents and disclosures.
	DeleteUserOrgData(ctx context.Context, userID string) error
}
