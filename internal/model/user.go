package model

import (
	"net/mail"
	"strings"
	"time"
)

// Role is what an account may do on the instance.
type Role string

// The roles, from least to most privileged in the instance's eyes.
const (
	RoleMember      Role = "member"
	RoleMentor      Role = "mentor"
	RoleFacilitator Role = "facilitator"
	RoleModerator   Role = "moderator"
	RoleOrgAdmin    Role = "org_admin"
	RoleSiteAdmin   Role = "site_admin"
)

// Roles lists every role.
var Roles = []Role{RoleMember, RoleMentor, RoleFacilitator, RoleModerator, RoleOrgAdmin, RoleSiteAdmin}

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	for _, x := range Roles {
		if x == r {
			return true
		}
	}
	return false
}

// RequiresMFA reports whether accounts with this role must use two-factor login.
func (r Role) RequiresMFA() bool { return r != RoleMember && r != "" }

// User is an account. Personal data beyond the login email lives in Profile.
type User struct {
	ID              string
	Email           string // lower-cased; empty once erased
	EmailVerifiedAt *time.Time
	PasswordHash    string
	Role            Role
	MFASecretEnc    []byte // TOTP secret, encrypted; nil when MFA is off
	MFAEnabled      bool
	// NotifyByEmail is the member's opt-in to an email (that reveals
	// nothing) when an in-app notification arrives.
	NotifyByEmail bool
	// Language is the member's chosen language ("es"), "" when they have
	// chosen none and their browser's is used; emails, notifications and
	// pushes to them are written in it.
	Language string
	// ShareLinesOnCall is the member's choice to let whoever answers their
	// call for support see their country's crisis lines (the country only,
	// never a place), even when their profile keeps their location from
	// that person (walk12 W12-3).
	ShareLinesOnCall bool
	// Clock is the member's choice of clock: "" as usual where they live,
	// "12" (7:30 pm) or "24" (19:30) (i18n.Clock12, i18n.Clock24).
	Clock string
	// ClockRegion is their profile's country as an ISO 3166 code ("AU"),
	// "" when it names none: the clock usual there in their language is
	// the one they read when Clock is "" (i18n.Lang.Reader).
	ClockRegion string
	CreatedAt   time.Time
	DeletedAt   *time.Time
}

// Deleted reports whether the account was erased.
func (u *User) Deleted() bool { return u.DeletedAt != nil }

// NormalizeEmail trims and lower-cases an email address.
func NormalizeEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// ValidateEmail returns a message a person can act on, or "" when fine.
func ValidateEmail(email string) string {
	if email == "" {
		return "enter your email address"
	}
	if len(email) > 254 {
		return "an email address has at most 254 characters"
	}
	a, err := mail.ParseAddress(email)
	if err != nil || a.Address != email || !strings.Contains(email[strings.LastIndex(email, "@")+1:], ".") {
		return "enter an email address like name@example.org"
	}
	return ""
}

// Session is a signed-in device. The token itself is never stored, only its hash.
type Session struct {
	ID         string
	UserID     string
	TokenHash  string
	CreatedAt  time.Time
	LastSeenAt time.Time
	ExpiresAt  time.Time // absolute time-out
	AuthAt     time.Time // last time the password (and TOTP) was proven
	MFAPending bool      // password proven, second factor still due
	UserAgent  string    // a short description of the device, for the sessions list
}

// TokenKind says what a one-time email token is for.
type TokenKind string

// One-time token kinds.
const (
	TokenVerifyEmail   TokenKind = "verify_email"
	TokenPasswordReset TokenKind = "password_reset"
)

// OneTimeToken is an emailed link token, stored hashed.
type OneTimeToken struct {
	TokenHash string
	UserID    string
	Kind      TokenKind
	ExpiresAt time.Time
	UsedAt    *time.Time
}

// AuditEntry records one read of another person's sensitive fields, or
// another sensitive action. The log is append-only.
type AuditEntry struct {
	ID        string
	ActorID   string
	SubjectID string
	Action    string
	Fields    []string
	At        time.Time
}
