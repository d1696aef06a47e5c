package store

import (
	"context"
	"time"
)

// SafetyFlag is an item of the moderators' crisis queue: text someone
// wrote that signals a crisis. Its context (the text) is sealed.
type SafetyFlag struct {
	ID         string
	UserID     string
	Surface    string // chat, dm, checkin_note, bio, group, feedback, resource
	Ref        string // the message, group or other item it came from
	Level      string
	Categories []string
	Severity   int
	Sealed     []byte
	Status     string // open, acknowledged, resolved
	NoteSealed []byte
	HandledBy  string
	HandledAt  *time.Time
	CreatedAt  time.Time
	// Source is "check" when the safety check raised it, "report" when a
	// person reported the text as a crisis (ReportedBy).
	Source     string
	ReportedBy string
	// Verdict is a moderator's judgement of the check: "right" or
	// "not_crisis"; empty until given.
	Verdict   string
	VerdictBy string
	VerdictAt *time.Time
	// ChangedAt is when the item was saved again in words that raise no
	// flag, nil while its newest words are the flag's. The flag keeps the
	// words of crisis (they were said); the queue says they changed.
	ChangedAt *time.Time
	// EarlierID names the item's flag before this one when this one was
	// raised again after that one was resolved or marked not a crisis.
	EarlierID string
	// SupersededAt is when a flag was closed, not yet resolved, because
	// its item was raised again (the newer flag names it); nil otherwise.
	SupersededAt *time.Time
}

// SupportAlert is a member's "I need support now".
type SupportAlert struct {
	ID             string
	UserID         string
	Status         string // open, acknowledged, resolved
	Stage          string // circle (partners, mentor), on_duty (the instance's on-duty peers)
	EscalateAt     time.Time
	ResponderID    string
	AcknowledgedAt *time.Time
	ResolvedBy     string
	ResolvedAt     *time.Time
	NoteSealed     []byte
	CreatedAt      time.Time
}

// CrisisResource is a helpline or service shown by country.
type CrisisResource struct {
	ID          string
	Country     string // ISO 3166 alpha-2, or INTL
	Name        string
	Contact     string // a number, a text instruction, or an address
	Kind        string // call, text, web, emergency
	Description string // when to use it, for readers whose language has none in Descriptions
	// Descriptions are when to use it in each language the admin wrote it
	// in, by language code ("es"); nil when the line has only Description.
	Descriptions map[string]string
	Position     int
	// Languages are the BCP 47 codes of the languages the line answers
	// in ("en", "es"), empty when not known.
	Languages []string
	UpdatedAt time.Time
}

// Safety keeps the crisis queue, support alerts, the on-duty roster and
// crisis resources.
type Safety interface {
	// CreateSafetyFlag adds a flag; ErrConflict when its item (user and
	// ref) has one not yet resolved.
	CreateSafetyFlag(ctx context.Context, f *SafetyFlag) error
	// FindSafetyFlag returns ErrNotFound when absent.
	FindSafetyFlag(ctx context.Context, id string) (*SafetyFlag, error)
	// ListSafetyFlags returns flags with the statuses, by severity (highest
	// first) then age (oldest first) then id, at most limit after the
	// position (Rank: the severity; zero: from the start).
	ListSafetyFlags(ctx context.Context, statuses []string, after Keyset, limit int) ([]*SafetyFlag, error)
	// UpdateSafetyFlag writes status, note and handler.
	UpdateSafetyFlag(ctx context.Context, f *SafetyFlag) error
	// CountSafetyFlags counts flags with the statuses.
	CountSafetyFlags(ctx context.Context, statuses []string) (int, error)
	// CountSafetyFlagsAfter counts the flags with the statuses that
	// ListSafetyFlags would give after the position (zero: all of them).
	CountSafetyFlagsAfter(ctx context.Context, statuses []string, after Keyset) (int, error)
	// SetSafetyFlagVerdict records a moderator's judgement of a flag.
	SetSafetyFlagVerdict(ctx context.Context, id, verdict, by string, at time.Time) error
	// ListJudgedSafetyFlags returns the flags with a verdict or raised by a
	// report, oldest first: the instance's labelled examples.
	ListJudgedSafetyFlags(ctx context.Context) ([]*SafetyFlag, error)
	// FindItemSafetyFlag returns the flag raised on a person's item (its
	// ref), by the safety check or a report: the one not yet resolved
	// (there is at most one), else the newest. ErrNotFound when there is
	// none.
	FindItemSafetyFlag(ctx context.Context, userID, ref string) (*SafetyFlag, error)
	// SetSafetyFlagChanged sets (or, with nil, clears) when a flag's item
	// changed into words that raise no flag. ErrNotFound when absent.
	SetSafetyFlagChanged(ctx context.Context, id string, at *time.Time) error
	// SetSafetyFlagReporter records who reported a flag's item as a
	// crisis, unless someone already has. ErrNotFound when absent.
	SetSafetyFlagReporter(ctx context.Context, id, reporterID string) error
	// UpdateSafetyFlagText writes a flag's sealed text, level, categories
	// and severity, and clears its verdict (given on other words) and its
	// changed mark. ErrNotFound when absent.
	UpdateSafetyFlagText(ctx context.Context, f *SafetyFlag) error
	// SupersedeSafetyFlag closes a flag not yet resolved because its item
	// was raised again: its status becomes resolved and SupersededAt is
	// set. Nothing changes for a flag already resolved. ErrNotFound when
	// absent.
	SupersedeSafetyFlag(ctx context.Context, id string, at time.Time) error
	// ListModeratorIDs returns the accounts, not erased, that moderate:
	// moderators first, then site admins, each oldest first.
	ListModeratorIDs(ctx context.Context) ([]string, error)
	CreateSupportAlert(ctx context.Context, a *SupportAlert) error
	// FindSupportAlert returns ErrNotFound when absent.
	FindSupportAlert(ctx context.Context, id string) (*SupportAlert, error)
	// UpdateSupportAlert writes every mutable field.
	UpdateSupportAlert(ctx context.Context, a *SupportAlert) error
	// ListSupportAlerts returns a member's alerts, newest first (then by
	// id), at most limit after the position (zero: from the start).
	ListSupportAlerts(ctx context.Context, userID string, after Keyset, limit int) ([]*SupportAlert, error)
	// ListOpenSupportAlerts returns unresolved alerts, newest first (then
	// by id), at most limit after the position (zero: from the start).
	ListOpenSupportAlerts(ctx context.Context, after Keyset, limit int) ([]*SupportAlert, error)
	// ListSupportAlertsWaitingForDuty returns, longest waiting first, at most limit
	// open alerts escalated to whoever is on duty that nobody has answered.
	ListSupportAlertsWaitingForDuty(ctx context.Context, limit int) ([]*SupportAlert, error)
	// SetOnDuty puts a person on or off the roster.
	SetOnDuty(ctx context.Context, userID string, on bool, at time.Time) error
	// ListOnDuty returns the people on duty.
	ListOnDuty(ctx context.Context) ([]string, error)
	// ListCrisisResources returns a country's resources in order ("" for all).
	ListCrisisResources(ctx context.Context, country string) ([]*CrisisResource, error)
	// SaveCrisisResource inserts or replaces one.
	SaveCrisisResource(ctx context.Context, r *CrisisResource) error
	// DeleteCrisisResource removes one; ErrNotFound when absent.
	DeleteCrisisResource(ctx context.Context, id string) error
	// FindSafetyPlan returns a person's sealed safety plan and when it was
	// saved; ErrNotFound when they have none.
	FindSafetyPlan(ctx context.Context, userID string) (sealed []byte, updatedAt time.Time, err error)
	// PutSafetyPlan saves a person's sealed safety plan, replacing any.
	PutSafetyPlan(ctx context.Context, userID string, sealed []byte, updatedAt time.Time) error
	// DeleteUserSafetyData removes a person's flags, alerts, place on the
	// roster and safety plan.
	DeleteUserSafetyData(ctx context.Context, userID string) error
}
