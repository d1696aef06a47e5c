// Package store declares how Kinship keeps its data: one interface per
// aggregate, implemented once (bunstore) for SQLite and PostgreSQL and proven
// on both by the conformance suite in storetest.
package store

import (
	"context"
	"encoding/base64"
	"errors"
	"strings"
	"time"

	"github.com/kinshiprecovery/kinship/internal/model"
)

// ErrNotFound is returned (wrapped) when a looked-up row does not exist.
var ErrNotFound = errors.New("not found")

// ErrConflict is returned (wrapped) when a unique constraint would be broken,
// such as a second account with the same email.
var ErrConflict = errors.New("conflict")

// Keyset is a position in a list ordered by (time, id), newest or oldest
// first, or by (rank highest first, time, id): a page of the list
// continues after it, so paging through a list returns every row once even
// while rows are added. The zero Keyset is the list's start.
type Keyset struct {
	// Rank is the row's rank in a list ordered by one (a queue's severity).
	Rank int
	At   time.Time
	ID   string
}

// IsZero reports the start of a list.
func (k Keyset) IsZero() bool { return k.ID == "" }

// Store is the whole of Kinship's storage. Methods on a Store obtained from
// InTx run inside that transaction.
type Store interface {
	Users
	Sessions
	Tokens
	Profiles
	Audit
	RateLimits
	Checkins
	Partners
	Notifications
	Meetings
	Feedback
	Resources
	Connections
	Groups
	Chat
	GroupMeetings
	Safety
	Mentorships
	Community
	Trust
	NotificationSettings
	Organizations
	PushSubscriptions
	AlertReaches
	Idempotency
	// InTx runs fn in one write transaction; fn's error rolls it back.
	// On SQLite the transaction is IMMEDIATE on the single writer connection.
	InTx(ctx context.Context, fn func(tx Store) error) error
	// Ping checks the database answers.
	Ping(ctx context.Context) error
	// Dialect names the database: "sqlite" or "postgres".
	Dialect() string
	Close() error
}

// Users keeps accounts.
type Users interface {
	// CreateUser inserts u; ErrConflict when the email is taken.
	CreateUser(ctx context.Context, u *model.User) error
	// FindUserByID returns ErrNotFound when absent (deleted users are returned, with DeletedAt set).
	FindUserByID(ctx context.Context, id string) (*model.User, error)
	// FindUserByEmail looks up a normalized email; ErrNotFound when absent.
	FindUserByEmail(ctx context.Context, email string) (*model.User, error)
	// UpdateUser writes every mutable column of u (email, verified, hash, role, MFA, deleted).
	UpdateUser(ctx context.Context, u *model.User) error
	// SetClockRegion keeps the country code of a person's profile beside
	// their account (model.User.ClockRegion), alone.
	SetClockRegion(ctx context.Context, userID, region string) error
	// CountUsers counts accounts that are not deleted.
	CountUsers(ctx context.Context) (int, error)
	// CountUsersByRole counts accounts with the role that are not deleted.
	CountUsersByRole(ctx context.Context, role model.Role) (int, error)
	// ListStaffUsers returns the accounts that are not deleted and have a
	// role other than member, by role then email.
	ListStaffUsers(ctx context.Context) ([]*model.User, error)
	// ReplaceRecoveryCodes stores the hashes of a fresh set of MFA recovery codes.
	ReplaceRecoveryCodes(ctx context.Context, userID string, hashes []string) error
	// UseRecoveryCode marks an unused code as used; ErrNotFound when no unused code matches.
	UseRecoveryCode(ctx context.Context, userID, hash string) error
	// CountRecoveryCodes counts unused codes.
	CountRecoveryCodes(ctx context.Context, userID string) (int, error)
}

// Sessions keeps signed-in devices.
type Sessions interface {
	CreateSession(ctx context.Context, s *model.Session) error
	// FindSessionByTokenHash returns ErrNotFound when absent (expiry is the caller's check).
	FindSessionByTokenHash(ctx context.Context, hash string) (*model.Session, error)
	// FindSession returns userID's session id; ErrNotFound when absent.
	FindSession(ctx context.Context, userID, id string) (*model.Session, error)
	// ListSessions returns a user's sessions, newest first.
	ListSessions(ctx context.Context, userID string) ([]*model.Session, error)
	// UpdateSession writes LastSeenAt, AuthAt, MFAPending and ExpiresAt.
	UpdateSession(ctx context.Context, s *model.Session) error
	// DeleteSession removes one of userID's sessions; ErrNotFound when it is not theirs.
	DeleteSession(ctx context.Context, userID, id string) error
	// DeleteUserSessions removes all of a user's sessions except keepID (may be "").
	DeleteUserSessions(ctx context.Context, userID, keepID string) error
	// DeleteExpiredSessions removes sessions past their absolute expiry or idle since before idleBefore.
	DeleteExpiredSessions(ctx context.Context, now, idleBefore time.Time) (int, error)
}

// Tokens keeps one-time emailed tokens.
type Tokens interface {
	CreateToken(ctx context.Context, t *model.OneTimeToken) error
	// ConsumeToken marks an unused, unexpired token of that kind used and
	// returns it; ErrNotFound otherwise. Safe against double use.
	ConsumeToken(ctx context.Context, hash string, kind model.TokenKind, now time.Time) (*model.OneTimeToken, error)
	// DeleteUserTokens removes all of a user's tokens.
	DeleteUserTokens(ctx context.Context, userID string) error
}

// StoredProfile is a profile as the database holds it: the display name and
// time zone in the clear, the rest sealed by the app layer.
type StoredProfile struct {
	UserID      string
	DisplayName string
	TimeZone    string
	Sealed      []byte // encrypted JSON of the other fields
	// CountrySealed is the country alone, sealed apart from the rest, for
	// the crisis lines on every page; nil in rows saved before it was kept.
	CountrySealed []byte
	// RecoverySealed is the recovery start date alone, sealed apart from
	// the rest, for the home page; nil in rows saved before it was kept.
	RecoverySealed []byte
	Visibility     map[string]model.Visibility
	UpdatedAt      time.Time
}

// Place is what every page needs of a person's profile: the time zone (in
// the clear) and the country, sealed on its own (nil when the profile was
// saved before it was kept apart), with the profile's time of saving.
type Place struct {
	TimeZone      string
	CountrySealed []byte
	UpdatedAt     time.Time
	// RecoverySealed is the recovery start sealed on its own, read by
	// FindRecoveryPlace alone (nil when saved before it was kept apart).
	RecoverySealed []byte
}

// Profiles keeps profiles.
type Profiles interface {
	// UpsertProfile inserts or replaces a profile.
	UpsertProfile(ctx context.Context, p *StoredProfile) error
	// FindProfile returns ErrNotFound when absent.
	FindProfile(ctx context.Context, userID string) (*StoredProfile, error)
	// FindPlace reads a profile's time zone and sealed country alone (the
	// layout's, on every page); ErrNotFound when there is no profile.
	FindPlace(ctx context.Context, userID string) (*Place, error)
	// SealCountryApart sets the country sealed apart of a profile saved
	// at updatedAt; nothing when it has been saved since.
	SealCountryApart(ctx context.Context, userID string, sealed []byte, updatedAt time.Time) error
	// FindRecoveryPlace reads a profile's time zone and sealed recovery
	// start alone (the home page's; CountrySealed is not read), with its
	// time of saving; ErrNotFound when there is no profile.
	FindRecoveryPlace(ctx context.Context, userID string) (*Place, error)
	// SealRecoveryApart sets the recovery start sealed apart of a profile
	// saved at updatedAt; nothing when it has been saved since.
	SealRecoveryApart(ctx context.Context, userID string, sealed []byte, updatedAt time.Time) error
	// DeleteProfile removes it; no error when absent.
	DeleteProfile(ctx context.Context, userID string) error
	// ListProfiles returns up to limit profiles of accounts neither erased
	// nor suspended or banned at now, whose user ID sorts after afterID, in
	// ID order, for paging through every profile.
	ListProfiles(ctx context.Context, afterID string, limit int, now time.Time) ([]*StoredProfile, error)
}

// Audit is the append-only log of sensitive reads and actions.
type Audit interface {
	AppendAudit(ctx context.Context, e *model.AuditEntry) error
	// ListAudit returns entries where the user is the subject or the actor,
	// newest first (by time, then ID), after the position after, at most limit.
	ListAudit(ctx context.Context, userID string, after Keyset, limit int) ([]*model.AuditEntry, error)
}

// RateLimits counts attempts in fixed windows, shared by every node.
type RateLimits interface {
	// Hit adds one to key's count in the window starting at windowStart and
	// returns the count including this hit.
	Hit(ctx context.Context, key string, windowStart time.Time) (int, error)
	// RateCount is key's count in the window starting at windowStart, 0 when none.
	RateCount(ctx context.Context, key string, windowStart time.Time) (int, error)
	// PruneRateLimits removes windows that started before before.
	PruneRateLimits(ctx context.Context, before time.Time) error
}

// StoredCheckin is a check-in as the database holds it: who, which local
// day, and the sealed content.
type StoredCheckin struct {
	UserID    string
	LocalDate string // YYYY-MM-DD in the member's time zone
	Sealed    []byte
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Checkins keeps daily check-ins and each member's sealed recovery log
// (return-to-use dates).
type Checkins interface {
	// UpsertCheckin stores the check-in of (user, local date), replacing
	// that day's if there is one; created reports a new day.
	UpsertCheckin(ctx context.Context, c *StoredCheckin) (created bool, err error)
	// ListCheckins returns a user's check-ins on or after fromDate, newest first.
	ListCheckins(ctx context.Context, userID, fromDate string) ([]*StoredCheckin, error)
	// DeleteUserCheckins removes all of a user's check-ins, recovery log
	// and recovery-capital surveys.
	DeleteUserCheckins(ctx context.Context, userID string) error
	// SaveCapitalSurvey stores the month's sealed survey, replacing one
	// taken earlier that month; created reports a new month.
	SaveCapitalSurvey(ctx context.Context, userID, month string, sealed []byte, at time.Time) (created bool, err error)
	// SetReminder sets (or, with localTime "", removes) a user's daily
	// check-in reminder time, HH:MM in their zone.
	SetReminder(ctx context.Context, userID, localTime string) error
	// FindReminder returns the reminder time and the last local date it was
	// sent; ErrNotFound when none is set.
	FindReminder(ctx context.Context, userID string) (localTime, lastSent string, err error)
	// ListReminders returns every user with a reminder: id → time and last sent date.
	ListReminders(ctx context.Context) ([]Reminder, error)
	// MarkReminderSent records the local date a reminder went out.
	MarkReminderSent(ctx context.Context, userID, date string) error
	// ListCapitalSurveys returns a user's sealed surveys by month, oldest first.
	ListCapitalSurveys(ctx context.Context, userID string) (months []string, sealed [][]byte, err error)
	// FindRecoveryLog returns the sealed log; ErrNotFound when there is none.
	FindRecoveryLog(ctx context.Context, userID string) ([]byte, error)
	// SaveRecoveryLog stores the sealed log.
	SaveRecoveryLog(ctx context.Context, userID string, sealed []byte, at time.Time) error
}

// Partners keeps accountability partnerships.
type Partners interface {
	CreatePartnership(ctx context.Context, p *model.Partnership) error
	// FindPartnership returns ErrNotFound when absent.
	FindPartnership(ctx context.Context, id string) (*model.Partnership, error)
	// ListPartnerships returns the partnerships userID is part of, newest first.
	ListPartnerships(ctx context.Context, userID string) ([]*model.Partnership, error)
	// ListActivePartnerships returns every active partnership (for the rule jobs).
	ListActivePartnerships(ctx context.Context) ([]*model.Partnership, error)
	// UpdatePartnership writes status and both sides.
	UpdatePartnership(ctx context.Context, p *model.Partnership) error
	// DeleteUserPartnerships removes every partnership of userID.
	DeleteUserPartnerships(ctx context.Context, userID string) error
}

// StoredNotification is a notification with its text sealed.
type StoredNotification struct {
	ID     string
	UserID string
	Kind   string
	// SubjectID is the person the notification names or is about (who
	// asked, who needs support, who was flagged); "" when it is about no
	// one. Their account's deletion erases it, whoever received it.
	SubjectID string
	Sealed    []byte
	CreatedAt time.Time
	ReadAt    *time.Time
}

// Notifications keeps in-app notifications.
type Notifications interface {
	CreateNotification(ctx context.Context, n *StoredNotification) error
	// ListNotifications returns a user's notifications newest first (by
	// creation, then ID), after the position after, at most limit.
	ListNotifications(ctx context.Context, userID string, after Keyset, limit int) ([]*StoredNotification, error)
	// MarkNotificationRead marks one of userID's notifications read; ErrNotFound otherwise.
	MarkNotificationRead(ctx context.Context, userID, id string, at time.Time) error
	// CountUnread counts a user's unread notifications.
	CountUnread(ctx context.Context, userID string) (int, error)
	// FindNotification returns one notification; ErrNotFound when absent.
	FindNotification(ctx context.Context, id string) (*StoredNotification, error)
	// DeleteNotification removes one of userID's notifications (none when
	// it is not theirs).
	DeleteNotification(ctx context.Context, userID, id string) error
	// DeleteUserNotifications removes a user's notifications and every
	// notification anyone got whose subject is the user.
	DeleteUserNotifications(ctx context.Context, userID string) error
	// ListSubjectlessNotifications returns notifications of anyone with no
	// subject, by id after afterID ("" from the first), at most limit: the
	// ones about no one, and those stored before subjects were kept.
	ListSubjectlessNotifications(ctx context.Context, afterID string, limit int) ([]*StoredNotification, error)
	// SetNotificationSubject gives a notification that has none its
	// subject (a notification that has one keeps it).
	SetNotificationSubject(ctx context.Context, id, subjectID string) error
}

// Reminder is one member's daily check-in reminder.
type Reminder struct {
	UserID    string
	LocalTime string // HH:MM
	LastSent  string // YYYY-MM-DD or ""
}

// DirectoryMeeting is a meeting from an outside directory (Meeting Guide
// feeds). It is public information, stored in the clear.
type DirectoryMeeting struct {
	Source          string
	Slug            string
	Name            string
	Day             int // 0 = Sunday … 6 = Saturday; -1 by appointment
	Time, EndTime   string
	TimeZone        string
	Types           []string
	Attendance      string
	ConferenceURL   string
	ConferencePhone string
	Location        string
	Address         string
	Approximate     bool
	Latitude        *float64
	Longitude       *float64
	Region          string
	Notes           string
	// LocationNotes say where in the building ("Downstairs, room 3");
	// ConferenceNotes what the call asks for (its ID and passcode).
	LocationNotes   string `json:",omitempty"`
	ConferenceNotes string `json:",omitempty"`
	URL             string
}

// ID is the meeting's one identifier in addresses and the API: its source
// and slug together, base64url-encoded (no padding). It stays the same
// across imports as long as the feed keeps the slug.
func (m DirectoryMeeting) ID() string { return MeetingID(m.Source, m.Slug) }

// MeetingID makes a directory meeting's ID of its source and slug.
func MeetingID(source, slug string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(source + "\x00" + slug))
}

// ParseMeetingID splits a directory meeting's ID into source and slug.
func ParseMeetingID(id string) (source, slug string, ok bool) {
	b, err := base64.RawURLEncoding.DecodeString(id)
	if err != nil {
		return "", "", false
	}
	source, slug, ok = strings.Cut(string(b), "\x00")
	return source, slug, ok && source != "" && slug != ""
}

// ImportCounts says what an import changed.
type ImportCounts struct {
	Imported, Updated, Unchanged, Retired int
	// Kept counts meetings whose record in the feed was bad and which stay
	// as last imported (app.ImportMeetings; never counted in Unchanged).
	Kept int
}

// Meetings keeps directory meetings by source.
type Meetings interface {
	// ImportMeetings makes the source's active meetings exactly ms, in one
	// transaction: new slugs are inserted, known ones updated, and active
	// meetings whose slug is absent are retired.
	ImportMeetings(ctx context.Context, source string, ms []DirectoryMeeting, at time.Time) (ImportCounts, error)
	// ListMeetings returns active meetings, filtered by day (-2 for any) and attendance ("" for any).
	ListMeetings(ctx context.Context, day int, attendance string, limit int) ([]DirectoryMeeting, error)
	// ImportFacilities makes the source's active facilities exactly fs, like ImportMeetings (keyed by ID).
	ImportFacilities(ctx context.Context, source string, fs []DirectoryFacility, at time.Time) (ImportCounts, error)
	// ListFacilities returns every active facility.
	ListFacilities(ctx context.Context) ([]DirectoryFacility, error)
	// DirectoryVersion changes whenever an import changes the table
	// ("directory_meetings" or "directory_facilities"), or (MentorsVersion)
	// a write changes a mentor to suggest, so caches know when to reload.
	DirectoryVersion(ctx context.Context, table string) (int64, error)
	// SaveMeetingSource registers (or changes) a feed refreshed on a schedule.
	SaveMeetingSource(ctx context.Context, s MeetingSource) error
	// ListMeetingSources returns every registered feed.
	ListMeetingSources(ctx context.Context) ([]MeetingSource, error)
}

// MeetingSource is a Meeting Guide feed registered by URL.
type MeetingSource struct {
	Name        string
	URL         string
	TimeZone    string
	LastRefresh time.Time
	LastResult  string
}

// DirectoryFacility is a treatment facility from an outside directory; public information.
type DirectoryFacility struct {
	Source    string
	ID        string
	Name      string
	Name2     string
	Street    string
	City      string
	State     string
	Zip       string
	Phone     string
	Intake    string
	Website   string
	Latitude  float64
	Longitude float64
	Type      string
	Codes     []string
}

// StoredFeedback is a message to the instance's admins, sealed.
type StoredFeedback struct {
	ID        string
	Sealed    []byte
	CreatedAt time.Time
}

// Feedback keeps messages to the admins.
type Feedback interface {
	CreateFeedback(ctx context.Context, f *StoredFeedback) error
	// ListFeedback returns messages newest first (by creation, then ID),
	// after the position after, at most limit.
	ListFeedback(ctx context.Context, after Keyset, limit int) ([]*StoredFeedback, error)
}

// Resource is an entry of the resource library.
type Resource struct {
	ID          string
	Title       string
	URL         string
	Description string
	Tags        []string
	Status      string // published, pending, rejected
	SubmittedBy string
	Reason      string // the moderator's reason
	Helped      int
	Broken      int
	CreatedAt   time.Time
}

// Resources keeps the resource library.
type Resources interface {
	CreateResource(ctx context.Context, r *Resource) error
	// FindResource returns ErrNotFound when absent.
	FindResource(ctx context.Context, id string) (*Resource, error)
	// ListResources returns resources with the status, newest first.
	ListResources(ctx context.Context, status string) ([]*Resource, error)
	// SetResourceStatus records a moderation decision.
	SetResourceStatus(ctx context.Context, id, status, reason string) error
	// MarkResource records userID's "helped" or "broken" mark once; marked
	// reports whether it was new.
	MarkResource(ctx context.Context, id, userID, kind string) (marked bool, err error)
}

// Connection is a mutual tie between two members, requested by one.
type Connection struct {
	ID          string
	RequesterID string
	OtherID     string
	Accepted    bool
	CreatedAt   time.Time
}

// Connections keeps connections and blocks.
type Connections interface {
	CreateConnection(ctx context.Context, c *Connection) error
	// FindConnection returns ErrNotFound when absent.
	FindConnection(ctx context.Context, id string) (*Connection, error)
	// FindConnectionBetween returns the connection of two members in either direction; ErrNotFound when none.
	FindConnectionBetween(ctx context.Context, a, b string) (*Connection, error)
	AcceptConnection(ctx context.Context, id string) error
	DeleteConnection(ctx context.Context, id string) error
	// ListConnections returns userID's connections and requests, newest first.
	ListConnections(ctx context.Context, userID string) ([]*Connection, error)
	// Block records that blocker blocks blocked (idempotent).
	Block(ctx context.Context, blocker, blocked string, at time.Time) error
	Unblock(ctx context.Context, blocker, blocked string) error
	// Blocked reports whether either member blocks the other.
	Blocked(ctx context.Context, a, b string) (bool, error)
	// ListBlocks returns whom blocker blocks.
	ListBlocks(ctx context.Context, blocker string) ([]string, error)
	// ListBlockedEitherWay returns everyone userID blocks or is blocked by.
	ListBlockedEitherWay(ctx context.Context, userID string) ([]string, error)
	// FindStanding returns, in one read, what a socket keeps of userID's
	// account when it opens: its role, its restriction (nil when free)
	// and everyone it blocks or is blocked by, as FindUserByID,
	// FindRestriction and ListBlockedEitherWay would. ErrNotFound when
	// there is no such account.
	FindStanding(ctx context.Context, userID string) (*Standing, error)
	// DeleteUserConnections removes a user's connections and blocks.
	DeleteUserConnections(ctx context.Context, userID string) error
}

// Standing is an account's role, restriction and blocks (FindStanding).
type Standing struct {
	Role        string
	Restriction *Restriction // UserID, Kind and Until; nil when the account is free
	Blocked     []string
}

// IdempotentAnswer is what is kept of a request sent with an
// Idempotency-Key: which request it was (a fingerprint of its method, path
// and body) and, once answered, the sealed answer to replay.
type IdempotentAnswer struct {
	UserID      string
	Key         string
	Fingerprint string
	// Status is 0 while the first request is being carried out.
	Status    int
	Sealed    []byte
	CreatedAt time.Time
}

// Idempotency keeps Idempotency-Key answers, shared by every node.
type Idempotency interface {
	// ClaimIdempotencyKey records a.UserID's request with a.Key as running
	// and returns nil, or, when the key is already known, returns what is
	// kept of it (Status 0 while it still runs). A key kept since before
	// expired is forgotten first. Of requests racing with one key, exactly
	// one claims it.
	ClaimIdempotencyKey(ctx context.Context, a *IdempotentAnswer, expired time.Time) (*IdempotentAnswer, error)
	// FinishIdempotencyKey keeps the answer of a claimed key.
	FinishIdempotencyKey(ctx context.Context, userID, key string, status int, sealed []byte) error
	// ReleaseIdempotencyKey forgets a claimed key whose request made
	// nothing to replay, so that it may be sent again.
	ReleaseIdempotencyKey(ctx context.Context, userID, key string) error
	// PruneIdempotencyKeys removes keys kept since before before.
	PruneIdempotencyKeys(ctx context.Context, before time.Time) error
}

// MentorsVersion is the DirectoryVersion name that changes whenever
// something a mentor suggestion reads of a mentor may have changed: a
// mentor's settings, profile, recovery log or account, or anyone's
// mentorships (the seats left). Nodes keep the mentors to suggest in
// memory and read them again when it changes. The database moves it
// within the statement that makes such a change (triggers), so a change
// and its version commit together or not at all, whoever writes.
const MentorsVersion = "mentors"
