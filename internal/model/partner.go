package model

import "time"

// PartnerStatus is where an accountability partnership stands.
type PartnerStatus string

// Partnership states.
const (
	PartnerPending  PartnerStatus = "pending"
	PartnerActive   PartnerStatus = "active"
	PartnerDeclined PartnerStatus = "declined"
	PartnerEnded    PartnerStatus = "ended"
)

// PartnerShare is what one side lets the other see of their check-ins.
type PartnerShare struct {
	CheckinDone bool `json:"checkin_done"`
	Mood        bool `json:"mood"`
	Craving     bool `json:"craving"`
	Used        bool `json:"used"`
	Note        bool `json:"note"`
}

// Any reports whether anything is shared: every choice off shares nothing.
func (s PartnerShare) Any() bool { return s.CheckinDone || s.Mood || s.Craving || s.Used || s.Note }

// PartnerRules say when one side's partner is notified about them.
type PartnerRules struct {
	// MissedDays notifies the partner after this many days without a
	// check-in; 0 turns it off.
	MissedDays int `json:"missed_days"`
	// CravingAtLeast notifies the partner when a check-in's craving is at
	// least this; 0 turns it off.
	CravingAtLeast int `json:"craving_at_least"`
}

// Validate checks the ranges.
func (r PartnerRules) Validate() error {
	fe := FieldErrors{}
	if r.MissedDays < 0 || r.MissedDays > 14 {
		fe.Add("missed_days", "use 0 (off) or 1 to 14 days")
	}
	if r.CravingAtLeast < 0 || r.CravingAtLeast > 10 {
		fe.Add("craving_at_least", "use 0 (off) or a craving level from 1 to 10")
	}
	return fe.Err()
}

// PartnerSide is one member's choices in a partnership.
type PartnerSide struct {
	Share PartnerShare `json:"share"`
	Rules PartnerRules `json:"rules"`
	// MissedAlertFor is the last check-in date a missed-check-in alert was
	// sent after, so each gap is announced once.
	MissedAlertFor string `json:"missed_alert_for,omitempty"`
}

// DefaultPartnerSide shares nothing and sends no alerts: each side chooses
// what their partner sees, and when they are told, after accepting.
func DefaultPartnerSide() PartnerSide { return PartnerSide{} }

// SharesNothing reports whether this side shows nothing and sends no alerts.
func (s PartnerSide) SharesNothing() bool {
	return s.Share == PartnerShare{} && s.Rules == PartnerRules{}
}

// SuggestedPartnerSide is what the partners page offers to tick at first:
// that a check-in happened and the mood, and alerts after two missed days
// or a craving of 8 or more. Nothing is shared until the member saves it.
func SuggestedPartnerSide() PartnerSide {
	return PartnerSide{Share: PartnerShare{CheckinDone: true, Mood: true}, Rules: PartnerRules{MissedDays: 2, CravingAtLeast: 8}}
}

// Partnership is an accountability partnership between two members, by
// mutual consent and revocable by either at any time.
type Partnership struct {
	ID          string
	RequesterID string
	PartnerID   string
	Status      PartnerStatus
	Requester   PartnerSide
	Partner     PartnerSide
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// Side returns the choices of userID in p, and of the other member.
func (p *Partnership) Side(userID string) (mine, theirs *PartnerSide, otherID string) {
	if userID == p.RequesterID {
		return &p.Requester, &p.Partner, p.PartnerID
	}
	return &p.Partner, &p.Requester, p.RequesterID
}

// Notification is an in-app message to one member. Its text may speak of
// another member's wellbeing, so it is stored sealed.
type Notification struct {
	ID     string `json:"id"`
	UserID string `json:"-"`
	Kind   string `json:"kind"`
	Text   string `json:"text"` // in the reader's language
	// Stored is the text as kept, for a page to write it in its viewer's
	// language (app.NoteIn).
	Stored string `json:"-"`
	// Pronoun is how the text speaks of the person it is about, as the
	// reader may see their pronouns (app.NoteInAs); never stored.
	Pronoun   Pronoun    `json:"-"`
	Link      string     `json:"link,omitempty"`
	CreatedAt time.Time  `json:"created_at"`
	ReadAt    *time.Time `json:"read_at,omitempty"`
	// WriteTo and WriteName are the person a page offers to write to in
	// private beside the notification (a facilitator's heads-up about
	// someone's crisis words), empty when none; the API gives them as
	// write_to.
	WriteTo   string `json:"-"`
	WriteName string `json:"-"`
}
