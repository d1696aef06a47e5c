package app

import (
	"context"
	"errors"
	"math"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/realtime"
	"github.com/kinshiprecovery/kinship/internal/store"
)

const hourWindow = time.Hour

// DefaultEscalateAfter is how long a support alert waits for the person's
// own people before it goes to the instance's on-duty peer supporters.
const DefaultEscalateAfter = 10 * time.Minute

// Scheduler runs the support ladder's timers through the durable job
// queue, inside st's transaction when st is one, so that a crash or a
// restart neither loses nor repeats an escalation.
type Scheduler interface {
	ScheduleEscalation(ctx context.Context, st store.Store, alertID string, at time.Time) error
}

// SetScheduler installs the durable timer of the support ladder.
func (a *App) SetScheduler(s Scheduler) { a.scheduler = s }

// SetEscalateAfter changes how long the ladder waits before going to the on-duty roster.
func (a *App) SetEscalateAfter(d time.Duration) { a.escalateAfter = d }

// HelpResource is a crisis resource.
type HelpResource struct {
	ID      string `json:"id" format:"ulid"`
	Country string `json:"country"`
	Name    string `json:"name"`
	Contact string `json:"contact"`
	Kind    string `json:"kind"` // emergency, call, text, web
	// Description is when to use it, for readers whose language has none
	// in Descriptions: as written, else (a line written only in other
	// languages) its description in the first of them Kinship speaks.
	Description string `json:"description" doc:"when to use the line, for a reader whose language has none in descriptions (as the admin wrote it; for a line described only in some languages, its description in the first of them: never empty when it has any)"`
	// Descriptions are when to use it in the languages the admin wrote it
	// in, by language code ("es"); empty when it has only Description.
	Descriptions map[string]string `json:"descriptions" doc:"when to use the line, by the code of each language Kinship speaks that the admin wrote it in ({\"es\": \"…\"}); {} when it has only description. A reader of one of these languages reads it; others read description"`
	Position     int               `json:"position"`
	// Languages are the BCP 47 codes of the languages the line answers in
	// ("en", "es"); empty when not known.
	Languages []string `json:"languages"`
	// Actions are the tel:, sms: and web links that act on Contact.
	Actions []ContactAction `json:"actions"`
}

// NaloxoneSteps are shown first in an overdose emergency.
var NaloxoneSteps = []string{
	"Call your emergency number now and say someone is not breathing or will not wake up.",
	"Give naloxone nasal spray if you have it: one spray in a nostril.",
	"Lay them on their side so they do not choke, or give rescue breaths if you know how.",
	"Stay with them. If they do not respond in two to three minutes, give a second dose.",
}

// SupportResources returns the crisis lines of a country (an ISO code
// such as US, or a country as people write it), its emergency number
// first; for a country without its own lines, the international ones.
// Never another country's.
func (a *App) SupportResources(ctx context.Context, country string) ([]HelpResource, error) {
	l, err := a.LinesFor(ctx, country)
	if err != nil {
		return nil, err
	}
	out := make([]HelpResource, 0, len(l.Lines)+1)
	if l.Emergency != nil {
		out = append(out, *l.Emergency)
	}
	return append(out, l.Lines...), nil
}

// LinesFor returns the lines to show for a country (an ISO code or a
// country as people write it; "" when unknown), with other countries'
// lines apart for a disclosure.
func (a *App) LinesFor(ctx context.Context, country string) (*CrisisLines, error) {
	all, err := a.AllCrisisResources(ctx)
	if err != nil {
		return nil, err
	}
	return linesOf(CountryCode(country), all), nil
}

// MyLines returns the lines for the actor's country, from their profile.
func (a *App) MyLines(ctx context.Context) (*CrisisLines, error) {
	act, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	return a.LinesFor(ctx, a.countryOf(ctx, act.User.ID))
}

// MySupportResources returns the resources for the actor's country, and the code used.
func (a *App) MySupportResources(ctx context.Context) ([]HelpResource, string, error) {
	act, err := requireActor(ctx)
	if err != nil {
		return nil, "", err
	}
	c := a.countryOf(ctx, act.User.ID)
	rs, err := a.SupportResources(ctx, c)
	return rs, c, err
}

// AlertView is a support alert as the member or a responder sees it.
type AlertView struct {
	ID          string           `json:"id"`
	MemberID    string           `json:"member_id"`
	MemberName  string           `json:"member_display_name"`
	Status      string           `json:"status"` // open, acknowledged, resolved
	Stage       string           `json:"stage"`  // circle, on_duty
	Responder   string           `json:"responder_display_name,omitempty"`
	ResponderID string           `json:"responder_id,omitempty"`
	CreatedAt   model.Timestamp  `json:"created_at"`
	EscalateAt  model.Timestamp  `json:"escalate_at"`
	ResolvedAt  *model.Timestamp `json:"resolved_at"`
	Note        string           `json:"note,omitempty"`
	// Reached says who the alert reached and how; only the member who
	// raised it sees it ([] when nobody was reached yet; null for others).
	Reached *[]Reached `json:"reached" doc:"who your alert reached and how ([] when nobody yet); null on someone else's alert, or when it could not be read"`
	// MemberCountry is where the person who asked is, from their profile
	// (its country, else its time zone's), given to those who may respond:
	// they may be in another country than the responder, whose lines
	// would not reach them.
	// Given only when their profile's visibility lets the responder see
	// their location (and then written in their privacy log).
	MemberCountry string `json:"member_country,omitempty" doc:"the two-letter code of the country of the person who asked (their profile's country, else its time zone's), on an alert you may respond to, so you can give them their own country's crisis lines; left out when their profile says neither, when they keep their location from you, and on your own alerts"`
	// MemberCountryPrivate says the person who asked keeps their location
	// from the responder: they may be in another country, where the
	// responder's lines would not reach them.
	MemberCountryPrivate bool `json:"member_country_private,omitempty" doc:"true on an alert you may respond to when the person who asked keeps their location from you: they may be in another country than yours, where your emergency number may not reach them"`
	// MemberCountryShared says MemberCountry is given only because the
	// person who asked chose to let whoever answers their call see their
	// country's crisis lines (SupportChoices): their location is
	// otherwise kept from the responder.
	MemberCountryShared bool `json:"member_country_shared,omitempty" doc:"true when member_country is given only because the person who asked chose to let whoever answers their call see their country's crisis lines (their location is otherwise kept from you): give them that country's lines"`
	// Direct says the alert went straight to the on-duty roster: the
	// member had no partner or mentor to alert first, so nobody of their
	// own "has not answered". Set for those who may respond; pages only.
	Direct bool `json:"-"`
	// Own says the responder is one of the member's own people (a partner
	// or their mentor), alerted first: once it went on to those on duty,
	// "their own people have not answered" would be said of the reader
	// (walk12 W12-2). Set for those who may respond; pages only.
	Own bool `json:"-"`
}

// Reached is one person (a partner or mentor, by name) or the on-duty
// peer supporters (counted, unnamed) an alert reached, and how.
type Reached struct {
	Name  *string `json:"display_name"` // null for the on-duty roster
	Stage string  `json:"stage"`        // circle, on_duty
	// People is how many were reached this way (1 for a named person).
	People int  `json:"people"`
	InApp  int  `json:"in_app"`
	Email  int  `json:"email"`
	Push   int  `json:"push"` // devices whose push service took it
	Queued bool `json:"push_queued"`
	// Pronoun is how the member's page speaks of a named person: by the
	// pronouns on their profile when the member may see them (PronounOf).
	Pronoun model.Pronoun `json:"-"`
}

// reachOf tells the member who their alert reached and how.
func (a *App) reachOf(ctx context.Context, alertID string) *[]Reached {
	rows, err := a.store.ListAlertReach(ctx, alertID)
	if err != nil {
		return nil // not known: null, never a false "nobody"
	}
	out := []Reached{}
	var duty *Reached
	for _, r := range rows {
		x := Reached{Stage: r.Stage, People: 1, Push: r.PushAccepted, Queued: r.PushDevices > r.PushAccepted}
		if r.InApp {
			x.InApp = 1
		}
		if r.Email {
			x.Email = 1
		}
		if r.Stage == "circle" {
			name := a.displayName(ctx, r.UserID)
			x.Name = &name
			x.Pronoun = a.PronounOf(ctx, r.UserID)
			out = append(out, x)
			continue
		}
		if duty == nil {
			duty = &Reached{Stage: "on_duty"}
		}
		duty.People, duty.InApp, duty.Email, duty.Push = duty.People+1, duty.InApp+x.InApp, duty.Email+x.Email, duty.Push+x.Push
		duty.Queued = duty.Queued || x.Queued
	}
	if duty != nil {
		out = append(out, *duty)
	}
	return &out
}

// reachedCircle reports whether an alert went to any of its member's own
// people (partners, mentor) before the on-duty roster; true when that
// cannot be read, so a page never says they had nobody when they may have.
func (a *App) reachedCircle(ctx context.Context, alertID string) bool {
	rows, err := a.store.ListAlertReach(ctx, alertID)
	if err != nil {
		return true
	}
	for _, r := range rows {
		if r.Stage == "circle" {
			return true
		}
	}
	return false
}

// tell alerts one person about an alert, in the app, by push and by email
// as they chose, and records how for the member's page.
func (a *App) tell(ctx context.Context, st store.Store, al *store.SupportAlert, userID string, text note) error {
	r, err := a.deliver(ctx, st, userID, "support_alert", text, "/support/respond#alert-"+al.ID, al.ID)
	if err != nil {
		return err
	}
	return st.SaveAlertReach(ctx, &store.AlertReach{AlertID: al.ID, UserID: userID, Stage: al.Stage, InApp: r.InApp, Email: r.Email, PushDevices: r.Push, At: a.now()})
}

func alertAAD(id string) []byte { return []byte("support-alert:" + id) }

func (a *App) alertView(ctx context.Context, al *store.SupportAlert) AlertView {
	v := AlertView{ID: al.ID, MemberID: al.UserID, MemberName: a.displayName(ctx, al.UserID), Status: al.Status, Stage: al.Stage,
		ResponderID: al.ResponderID, CreatedAt: model.At(al.CreatedAt), EscalateAt: model.At(al.EscalateAt)}
	if al.ResponderID != "" {
		v.Responder = a.displayName(ctx, al.ResponderID)
	}
	if al.ResolvedAt != nil {
		v.ResolvedAt = model.AtPtr(al.ResolvedAt)
	}
	if len(al.NoteSealed) > 0 {
		if b, err := a.box.Open(al.NoteSealed, alertAAD(al.ID)); err == nil {
			v.Note = string(b)
		}
	}
	return v
}

// circleOf returns the people a member's alert goes to first: their active
// accountability partners (and, once mentorship exists, their mentor).
func (a *App) circleOf(ctx context.Context, st store.Store, userID string) ([]string, error) {
	ps, err := st.ListPartnerships(ctx, userID)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, p := range ps {
		if p.Status != model.PartnerActive {
			continue
		}
		other := p.PartnerID
		if other == userID {
			other = p.RequesterID
		}
		out = append(out, other)
	}
	if m := a.activeMentorOf(ctx, st, userID); m != "" {
		out = append(out, m)
	}
	return out, nil
}

// SupportCircleSize is how many people "I need support now" alerts at once
// for the actor: their active accountability partners and mentor (0: it
// goes straight to the peer supporters on duty). Errors: unauthorized.
func (a *App) SupportCircleSize(ctx context.Context) (int, error) {
	act, err := requireActor(ctx)
	if err != nil {
		return 0, err
	}
	circle, err := a.circleOf(ctx, a.store, act.User.ID)
	return len(circle), err
}

// RequestSupport is "I need support now": it alerts the member's partners
// at once and, if nobody acknowledges in time, the on-duty peer supporters.
// An alert already open is returned as it is. Errors: rate_limited (the
// resources are still for showing).
func (a *App) RequestSupport(ctx context.Context) (*AlertView, error) {
	act, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	if open := a.openAlertOf(ctx, act.User.ID); open != nil {
		v := a.alertView(ctx, open)
		return &v, nil
	}
	if err := a.limit(ctx, "support-alert:"+act.User.ID, 3, hourWindow); err != nil {
		return nil, err
	}
	now := a.now()
	wait := a.escalateAfter
	if wait <= 0 {
		wait = DefaultEscalateAfter
	}
	al := &store.SupportAlert{ID: newID(), UserID: act.User.ID, Status: "open", Stage: "circle", EscalateAt: now.Add(wait), CreatedAt: now}
	name := a.displayName(ctx, act.User.ID)
	var told []string
	err = a.store.InTx(ctx, func(tx store.Store) error {
		circle, err := a.circleOf(ctx, tx, act.User.ID)
		if err != nil {
			return err
		}
		if len(circle) == 0 {
			// Nobody of their own to alert: straight to the on-duty roster.
			al.Stage, al.EscalateAt = "on_duty", now
			if circle, err = a.onDutyFor(ctx, tx, act.User.ID); err != nil {
				return err
			}
		}
		if err := tx.CreateSupportAlert(ctx, al); err != nil {
			return err
		}
		bctx, queueBatch := a.withPushBatch(ctx)
		for _, id := range circle {
			if err := a.tell(bctx, tx, al, id, noteText("notify.support_alert", "Name", name).about(act.User.ID)); err != nil {
				return err
			}
		}
		if err := queueBatch(tx); err != nil {
			return err
		}
		told = circle
		if al.Stage == "circle" && a.scheduler != nil {
			return a.scheduler.ScheduleEscalation(ctx, tx, al.ID, al.EscalateAt)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	a.audit(ctx, act.User.ID, act.User.ID, "support_alert_raised", nil)
	for _, id := range told {
		a.pushNotice(ctx, id, "support_alert", "/support/respond")
	}
	v := a.alertView(ctx, al)
	v.Reached = a.reachOf(ctx, al.ID)
	return &v, nil
}

// pushNotice tells a person's open pages at once that something needs
// them; the frame carries no text, only where to look.
func (a *App) pushNotice(ctx context.Context, userID, kind, link string) {
	a.publish(ctx, realtime.Event{Kind: realtime.KindUser, User: userID, Note: kind, Link: link})
}

func (a *App) openAlertOf(ctx context.Context, userID string) *store.SupportAlert {
	as, err := a.store.ListSupportAlerts(ctx, userID, store.Keyset{}, 1)
	if err != nil || len(as) == 0 || as[0].Status == "resolved" {
		return nil
	}
	return as[0]
}

// onDutyFor returns the on-duty peer supporters, without the member.
func (a *App) onDutyFor(ctx context.Context, st store.Store, memberID string) ([]string, error) {
	ids, err := st.ListOnDuty(ctx)
	if err != nil {
		return nil, err
	}
	out := ids[:0]
	for _, id := range ids {
		if id != memberID {
			out = append(out, id)
		}
	}
	return out, nil
}

// EscalateSupportAlert is run by the durable timer: an alert that nobody
// acknowledged goes to the on-duty roster. Running it again changes nothing.
func (a *App) EscalateSupportAlert(ctx context.Context, id string) error {
	var told []string
	var member string
	err := a.store.InTx(ctx, func(tx store.Store) error {
		al, err := tx.FindSupportAlert(ctx, id)
		if errors.Is(err, store.ErrNotFound) {
			return nil // erased with its member
		}
		if err != nil {
			return err
		}
		if al.Status != "open" || al.Stage != "circle" {
			return nil
		}
		al.Stage, al.EscalateAt = "on_duty", a.now()
		if err := tx.UpdateSupportAlert(ctx, al); err != nil {
			return err
		}
		ids, err := a.onDutyFor(ctx, tx, al.UserID)
		if err != nil {
			return err
		}
		name := a.displayName(ctx, al.UserID)
		bctx, queueBatch := a.withPushBatch(ctx)
		for _, o := range ids {
			if err := a.tell(bctx, tx, al, o, noteText("notify.support_alert_escalated", "Name", name).about(al.UserID)); err != nil {
				return err
			}
		}
		if err := queueBatch(tx); err != nil {
			return err
		}
		told, member = ids, al.UserID
		return nil
	})
	if err != nil {
		return err
	}
	for _, o := range told {
		a.pushNotice(ctx, o, "support_alert", "/support/respond")
	}
	if member != "" {
		a.pushNotice(ctx, member, "support_update", "/support")
	}
	return nil
}

// mayRespond reports whether userID may see and answer an alert: a partner
// of the member, or, once it reached the roster, anyone on duty or a moderator.
func (a *App) mayRespond(ctx context.Context, u *model.User, al *store.SupportAlert) bool {
	if u.ID == al.UserID {
		return false
	}
	if a.inCircle(ctx, u.ID, al.UserID) {
		return true
	}
	if al.Stage != "on_duty" {
		return false
	}
	if u.Role == model.RoleModerator || u.Role == model.RoleSiteAdmin {
		return true
	}
	ids, _ := a.store.ListOnDuty(ctx)
	for _, id := range ids {
		if id == u.ID {
			return true
		}
	}
	return false
}

// inCircle says whether userID is one of member's own people: a partner
// or their mentor, whom a call for support reaches first.
func (a *App) inCircle(ctx context.Context, userID, member string) bool {
	circle, err := a.circleOf(ctx, a.store, member)
	return err == nil && slices.Contains(circle, userID)
}

var errNoAlert = &model.Error{Kind: model.KindNotFound, Message: "alert not found"}

// Support is the actor's side of the ladder: their own alerts, and the
// alerts they may respond to.
type Support struct {
	Mine      []AlertView `json:"mine"`
	ToRespond []AlertView `json:"to_respond"`
	SupportDuty
}

// SupportDuty is whether the actor is on the on-duty roster, and may be.
type SupportDuty struct {
	OnDuty bool `json:"on_duty"`
	// MayBeOnDuty is true for mentors, moderators and site admins.
	MayBeOnDuty bool `json:"may_be_on_duty"`
}

// ListSupport returns the actor's 20 newest alerts and every alert they
// may answer; every view of someone else's alert is audited.
func (a *App) ListSupport(ctx context.Context) (*Support, error) {
	mine, _, duty, err := a.SupportPage(ctx, AlertsRaised, PageRequest{Limit: 20})
	if err != nil {
		return nil, err
	}
	toRespond, _, _, err := a.SupportPage(ctx, AlertsToAnswer, PageRequest{Limit: math.MaxInt32})
	if err != nil {
		return nil, err
	}
	return &Support{Mine: mine, ToRespond: toRespond, SupportDuty: duty}, nil
}

// The sides of the alerts SupportPage lists.
const (
	AlertsRaised   = "member"    // the alerts the actor raised
	AlertsToAnswer = "responder" // the open alerts of others the actor may respond to
)

// SupportPage returns a page of the alerts the actor raised and the open
// alerts of others they may respond to, newest first (then by id); role
// AlertsRaised or AlertsToAnswer narrows it to one side. Alerts the actor
// may not answer are left out after the page is cut, and every alert of
// someone else's given is an audited read. Errors: invalid (an unknown role).
func (a *App) SupportPage(ctx context.Context, role string, p PageRequest) ([]AlertView, store.Keyset, SupportDuty, error) {
	act, err := requireActor(ctx)
	if err != nil {
		return nil, store.Keyset{}, SupportDuty{}, err
	}
	if role != "" && role != AlertsRaised && role != AlertsToAnswer {
		return nil, store.Keyset{}, SupportDuty{}, &model.Error{Kind: model.KindInvalid, Message: "role is member (your alerts) or responder (alerts you may respond to); leave it out for both",
			Fields: map[string]string{"role": "use member or responder"}}
	}
	me := act.User.ID
	var rows []*store.SupportAlert
	if role != AlertsToAnswer {
		mine, err := a.store.ListSupportAlerts(ctx, me, p.After, p.fetch())
		if err != nil {
			return nil, store.Keyset{}, SupportDuty{}, err
		}
		rows = append(rows, mine...)
	}
	if role != AlertsRaised {
		open, err := a.store.ListOpenSupportAlerts(ctx, p.After, p.fetch())
		if err != nil {
			return nil, store.Keyset{}, SupportDuty{}, err
		}
		for _, al := range open {
			if al.UserID != me {
				rows = append(rows, al)
			}
		}
	}
	// Two lists in the same order, merged: each gave its first Limit+1
	// after the position, so the first Limit+1 of both are among them.
	sort.SliceStable(rows, func(i, j int) bool {
		if !rows[i].CreatedAt.Equal(rows[j].CreatedAt) {
			return rows[i].CreatedAt.After(rows[j].CreatedAt)
		}
		return rows[i].ID > rows[j].ID
	})
	rows, next := cutPage(rows, p, func(al *store.SupportAlert) store.Keyset { return store.Keyset{At: al.CreatedAt, ID: al.ID} })
	out := []AlertView{}
	for _, al := range rows {
		switch {
		case al.UserID == me:
			v := a.alertView(ctx, al)
			v.Reached = a.reachOf(ctx, al.ID)
			out = append(out, v)
		case a.mayRespond(ctx, act.User, al):
			v := a.alertView(ctx, al)
			v.MemberCountry, v.MemberCountryPrivate, v.MemberCountryShared = a.countryShownTo(ctx, me, al.UserID)
			v.Direct = al.Stage == "on_duty" && !a.reachedCircle(ctx, al.ID)
			v.Own = a.inCircle(ctx, me, al.UserID)
			var shown []string
			if v.MemberCountry != "" {
				shown = []string{"country"} // their privacy log says who saw where they are
			}
			out = append(out, v)
			a.audit(ctx, me, al.UserID, "support_alert_viewed", shown)
		}
	}
	return out, next, SupportDuty{OnDuty: a.isOnDuty(ctx, me), MayBeOnDuty: mayBeOnDuty(act.User.Role)}, nil
}

// SupportWaiting is a call for support that waits for someone on duty:
// it went to the on-duty roster and nobody has said they are responding.
// It names nobody: who asked is read (and audited) on the responders'
// page it links to.
type SupportWaiting struct {
	ID string `json:"id"`
	// CreatedAt is when the person asked for support.
	CreatedAt model.Timestamp `json:"created_at" doc:"when the person asked for support"`
	// Path is where the call is answered, on the responders' page.
	Path string `json:"path" doc:"the page where the call is answered (its alert on /support/respond); GET /api/v1/support/alerts?role=responder lists it with who asked"`
}

// maxSupportWaitingShown bounds the calls listed above the crisis queue; the
// responder's own page (/support/respond) lists them all.
const maxSupportWaitingShown = 100

// SupportWaitingForDuty returns the open calls for support that went to
// the on-duty roster and that nobody answered yet, longest waiting first,
// for a moderator's crisis queue (a moderator may answer any of them, on
// duty or not). The moderator's own call is left out. Errors:
// unauthorized, forbidden (not a moderator).
func (a *App) SupportWaitingForDuty(ctx context.Context) ([]SupportWaiting, error) {
	if err := a.requireModerator(ctx); err != nil {
		return nil, err
	}
	act, _ := requireActor(ctx)
	waiting, err := a.store.ListSupportAlertsWaitingForDuty(ctx, maxSupportWaitingShown)
	if err != nil {
		return nil, err
	}
	out := []SupportWaiting{}
	for _, al := range waiting {
		if !a.mayRespond(ctx, act.User, al) {
			continue
		}
		out = append(out, SupportWaiting{ID: al.ID, CreatedAt: model.At(al.CreatedAt), Path: "/support/respond#alert-" + al.ID})
	}
	return out, nil
}

func mayBeOnDuty(r model.Role) bool {
	return r == model.RoleMentor || r == model.RoleModerator || r == model.RoleSiteAdmin
}

// AcknowledgeAlert tells the member the actor is responding. Errors:
// not_found (not theirs to answer), conflict (already resolved).
func (a *App) AcknowledgeAlert(ctx context.Context, id string) (*AlertView, error) {
	act, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	al, err := a.store.FindSupportAlert(ctx, id)
	if err != nil || !a.mayRespond(ctx, act.User, al) {
		return nil, errNoAlert
	}
	if al.Status == "resolved" {
		return nil, model.Errorf(model.KindConflict, "this alert is already resolved")
	}
	if al.ResponderID == "" {
		now := a.now()
		al.Status, al.ResponderID, al.AcknowledgedAt = "acknowledged", act.User.ID, &now
		err = a.store.InTx(ctx, func(tx store.Store) error {
			if err := tx.UpdateSupportAlert(ctx, al); err != nil {
				return err
			}
			return a.notify(ctx, tx, al.UserID, "support_response", noteText("notify.support_response", "Name", a.displayName(ctx, act.User.ID)).about(act.User.ID))
		})
		if err != nil {
			return nil, err
		}
		a.audit(ctx, act.User.ID, al.UserID, "support_alert_acknowledged", nil)
		a.pushNotice(ctx, al.UserID, "support_update", "/support")
	}
	v := a.alertView(ctx, al)
	return &v, nil
}

// ResolveAlert closes an alert with a short note: by the responder, or by
// the member themselves. Errors: not_found, invalid, conflict.
func (a *App) ResolveAlert(ctx context.Context, id, note string) (*AlertView, error) {
	act, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	al, err := a.store.FindSupportAlert(ctx, id)
	if err != nil || (al.UserID != act.User.ID && al.ResponderID != act.User.ID && !a.mayRespond(ctx, act.User, al)) {
		return nil, errNoAlert
	}
	if al.Status == "resolved" {
		return nil, model.Errorf(model.KindConflict, "this alert is already resolved")
	}
	note = strings.TrimSpace(note)
	if utf8.RuneCountInString(note) > 1000 {
		return nil, &model.Error{Kind: model.KindInvalid, Message: "keep the note to 1,000 characters", Fields: map[string]string{"note": "too long"}}
	}
	now := a.now()
	al.Status, al.ResolvedBy, al.ResolvedAt = "resolved", act.User.ID, &now
	if note != "" {
		al.NoteSealed = a.box.Seal([]byte(note), alertAAD(al.ID))
	}
	// The member closing their own call tells whoever it reached (or
	// only the one responding), who would otherwise keep reading "needs
	// support now". The note stays on the member's page: it is theirs.
	var tell []string
	if al.UserID == act.User.ID {
		tell = a.toldOfClose(ctx, al)
	}
	err = a.store.InTx(ctx, func(tx store.Store) error {
		if err := tx.UpdateSupportAlert(ctx, al); err != nil {
			return err
		}
		if len(tell) == 0 {
			return nil
		}
		name := a.displayName(ctx, al.UserID)
		for _, id := range tell {
			if _, err := a.deliver(ctx, tx, id, "support_closed", noteText("notify.support_closed", "Name", name).about(al.UserID),
				"/support/respond", al.ID); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	a.audit(ctx, act.User.ID, al.UserID, "support_alert_resolved", nil)
	if al.UserID != act.User.ID {
		a.pushNotice(ctx, al.UserID, "support_update", "/support")
	}
	v := a.alertView(ctx, al)
	return &v, nil
}

// toldOfClose are the people told that a member closed their call: the
// one responding, else everyone the call reached.
func (a *App) toldOfClose(ctx context.Context, al *store.SupportAlert) []string {
	if al.ResponderID != "" {
		return []string{al.ResponderID}
	}
	rs, err := a.store.ListAlertReach(ctx, al.ID)
	if err != nil {
		return nil
	}
	var out []string
	seen := map[string]bool{al.UserID: true}
	for _, r := range rs {
		if !seen[r.UserID] {
			seen[r.UserID] = true
			out = append(out, r.UserID)
		}
	}
	return out
}

// SetOnDuty puts the actor on or off the instance's on-duty roster.
// Errors: forbidden (only mentors, moderators and site admins).
func (a *App) SetOnDuty(ctx context.Context, on bool) error {
	act, err := requireActor(ctx)
	if err != nil {
		return err
	}
	if !mayBeOnDuty(act.User.Role) {
		return model.Errorf(model.KindForbidden, "mentors and moderators can be on duty")
	}
	return a.store.SetOnDuty(ctx, act.User.ID, on, a.now())
}
