package app

import (
	"bytes"
	"context"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/kinshiprecovery/kinship/internal/i18n"
	"github.com/kinshiprecovery/kinship/internal/ical"
	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/store"
)

// Call statuses.
const (
	CallProposed  = "proposed"
	CallConfirmed = "confirmed"
	CallDeclined  = "declined"
	CallCancelled = "cancelled"
)

// The length of a call, in minutes, and how far ahead one may be planned.
const (
	MinCallMinutes = 15
	MaxCallMinutes = 120
	callHorizon    = 366 * 24 * time.Hour
	// callReminderLead is how long before a confirmed call its people are reminded.
	callReminderLead = time.Hour
)

// CallInput is a call as its proposer types it: a day and time on their
// own clock (StartLocal, like 2026-12-08T19:00) in TimeZone (their own
// zone when empty), and its length.
type CallInput struct {
	StartLocal string `json:"start_local" doc:"the day and time the call starts, on the proposer's clock, like 2026-12-08T19:00"`
	TimeZone   string `json:"time_zone,omitempty" doc:"the zone start_local is read in, an IANA name like Europe/Madrid; your own profile's zone when left out (a 400 naming time_zone when your profile has none Kinship knows: a time is never read as UTC by default)"`
	Minutes    int    `json:"duration_minutes" doc:"how long the call lasts, 15 to 120 minutes"`
}

// CallView is a call as one of its two people sees it: when it is on
// their own clock, in their own language.
type CallView struct {
	ID           string `json:"id"`
	MentorshipID string `json:"mentorship_id"`
	// WithID and WithName are the other person of the mentorship.
	WithID       string `json:"with_id" doc:"the other person of the mentorship"`
	WithName     string `json:"with_display_name" doc:"the other person's display name"`
	ProposedByMe bool   `json:"proposed_by_me" doc:"true when you proposed it: the other person confirms or declines it"`
	Status       string `json:"status" enum:"proposed,confirmed,declined,cancelled" doc:"proposed waits for the other person's answer; confirmed, both agreed; declined or cancelled, it is off"`
	// Waiting is true when the call waits for the reader's answer.
	Waiting bool            `json:"waiting_for_you" doc:"true when the call was proposed to you and waits for your answer (confirm, decline or suggest another time)"`
	Start   model.Timestamp `json:"start" doc:"when the call starts, an instant"`
	End     model.Timestamp `json:"end" doc:"when it ends"`
	Minutes int             `json:"duration_minutes"`
	// StartLocal and TimeZone are the start on the reader's clock.
	StartLocal string `json:"start_local" doc:"the start on your clock, like 2026-12-08T23:30, in time_zone"`
	TimeZone   string `json:"time_zone" doc:"your time zone (UTC when your profile has none)"`
	// When is the start in words, in the reader's zone and language:
	// "Tuesday 8 December, 23:30", "martes 8 de diciembre, 19:00".
	When string `json:"when" doc:"the start in words, in your zone and language: \"Tuesday 8 December, 23:30\"; the year is written when it is not this year"`
	// ProposedLocal and ProposedZone are the start as its proposer typed it.
	ProposedLocal string `json:"proposed_start_local" doc:"the start as its proposer typed it, in proposed_time_zone"`
	ProposedZone  string `json:"proposed_time_zone" doc:"the proposer's time zone"`
	Replaces      string `json:"replaces,omitempty" doc:"the call this one suggests another time for"`
}

// callOf loads a call and its mentorship when the actor is one of the two
// people of it; not_found otherwise, whoever else asks.
func (a *App) callOf(ctx context.Context, userID, callID string) (*store.MentorshipCall, *store.Mentorship, error) {
	c, err := a.store.FindMentorshipCall(ctx, callID)
	if err != nil {
		return nil, nil, notFound(store.ErrNotFound, "apperrf.not_found.call")
	}
	m, err := a.store.FindMentorship(ctx, c.MentorshipID)
	if err != nil || (m.MentorID != userID && m.MenteeID != userID) {
		return nil, nil, notFound(store.ErrNotFound, "apperrf.not_found.call")
	}
	return c, m, nil
}

// actorsCall is the actor and one of their calls with its mentorship;
// errors as requireActor's and callOf's.
func (a *App) actorsCall(ctx context.Context, callID string) (*Actor, *store.MentorshipCall, *store.Mentorship, error) {
	act, err := requireActor(ctx)
	if err != nil {
		return nil, nil, nil, err
	}
	c, m, err := a.callOf(ctx, act.User.ID, callID)
	return act, c, m, err
}

// actorsMentorship is the actor and one of their mentorships; errors as
// requireActor's and mentorshipOf's.
func (a *App) actorsMentorship(ctx context.Context, id string) (*Actor, *store.Mentorship, error) {
	act, err := requireActor(ctx)
	if err != nil {
		return nil, nil, err
	}
	m, err := a.mentorshipOf(ctx, act.User.ID, id)
	return act, m, err
}

// answerable refuses a call that does not wait for userID's answer: it is
// not proposed any more, or userID proposed it.
func answerable(c *store.MentorshipCall, userID string) error {
	if c.Status != CallProposed {
		return errSay(model.KindConflict, "apperrf.call_not_waiting")
	}
	if c.ProposedBy == userID {
		return errSay(model.KindConflict, "apperrf.call_yours_to_cancel")
	}
	return nil
}

// otherOf is the other person of mentorship m.
func otherOf(m *store.Mentorship, userID string) string {
	if m.MentorID == userID {
		return m.MenteeID
	}
	return m.MentorID
}

// checkCall reads in as the stored form of a call: the instant and the
// wall time in the zone. The zone is in.TimeZone, read as a meeting's is,
// else the proposer's own (ownName, their profile's, read the same way):
// a time is never read on a clock the person did not choose, so with no
// zone given and none of their own that Kinship knows (unset, or a name
// it cannot load) it is refused naming time_zone, not read as UTC or as
// the server's clock. A time that has passed, a time the zone's clocks
// skip (a daylight-saving gap), a time more than a year ahead and a length
// outside 15 to 120 minutes are refused with the field named.
func (a *App) checkCall(in CallInput, ownName string) (time.Time, *time.Location, error) {
	f := model.FieldErrors{}
	var loc *time.Location
	switch name, own := strings.TrimSpace(in.TimeZone), strings.TrimSpace(ownName); {
	case name != "":
		if loc = namedZone(name); loc == nil {
			f.AddMsg("time_zone", say("apperrf.call_zone_unknown", "Zone", name))
		}
	case own == "":
		f.AddMsg("time_zone", say("apperrf.call_zone_none"))
	default:
		if loc = namedZone(own); loc == nil {
			f.AddMsg("time_zone", say("apperrf.call_zone_own_unknown", "Zone", own))
		}
	}
	var start time.Time
	if loc != nil {
		s := strings.TrimSpace(in.StartLocal)
		t, err := ical.ParseLocal(s, loc)
		switch {
		case err != nil:
			f.AddMsg("start_local", say("apperrf.call_start_shape", "Value", s))
		case t.In(loc).Format(time.DateTime) != wallClock(s):
			// ParseLocal moves a skipped time on by the gap; a person
			// who typed 02:30 on the night the clocks go forward meant
			// a time that does not happen there.
			wall, _ := ical.ParseLocal(s, time.UTC) // the day and time typed, as a wall clock: its zone skips it
			when := i18n.DayTimeField{At: wall, Year: wall.Year() != a.now().In(loc).Year()}
			f.AddMsg("start_local", say("apperrf.call_start_gap", "Value", when, "Zone", i18n.ZoneNameField(loc.String())))
		case !t.After(a.now()):
			f.AddMsg("start_local", say("apperrf.call_start_past"))
		case t.After(a.now().Add(callHorizon)):
			f.AddMsg("start_local", say("apperrf.call_start_far"))
		default:
			start = t
		}
	}
	if in.Minutes < MinCallMinutes || in.Minutes > MaxCallMinutes {
		f.AddMsg("duration_minutes", say("apperrf.call_minutes", "Min", MinCallMinutes, "Max", MaxCallMinutes))
	}
	if err := f.Err(); err != nil {
		e := err.(*model.Error)
		m := say("apperrf.call_needs_changes")
		e.Message, e.Msg = m.English, m
		return time.Time{}, nil, e
	}
	return start, loc, nil
}

// ownZoneName is the time zone userID's profile names, as stored ("" for none).
func (a *App) ownZoneName(ctx context.Context, userID string) string {
	if p, err := a.store.FindPlace(ctx, userID); err == nil {
		return p.TimeZone
	}
	return ""
}

// wallClock is the date and time s names, as a wall clock anywhere
// (time.DateTime's layout): UTC skips no time.
func wallClock(s string) string {
	t, err := ical.ParseLocal(s, time.UTC)
	if err != nil {
		return ""
	}
	return t.Format(time.DateTime)
}

// ProposeCall proposes a call in an active mentorship the actor is part
// of; the other person is told, in their own zone and language, and
// answers it. Errors: not_found (not the actor's), conflict (the
// mentorship is not active), invalid (the field named), rate_limited.
func (a *App) ProposeCall(ctx context.Context, mentorshipID string, in CallInput) (*CallView, error) {
	act, m, err := a.actorsMentorship(ctx, mentorshipID)
	if err != nil {
		return nil, err
	}
	return a.proposeCall(ctx, act.User, m, in, nil)
}

// proposeCall writes a new proposal by u in m, and when it suggests
// another time for earlier (a call proposed to u), declines that one in
// the same transaction.
func (a *App) proposeCall(ctx context.Context, u *model.User, m *store.Mentorship, in CallInput, earlier *store.MentorshipCall) (*CallView, error) {
	if m.Status != MentorshipActive {
		return nil, errSay(model.KindConflict, "apperrf.call_mentorship_not_active")
	}
	start, loc, err := a.checkCall(in, a.ownZoneName(ctx, u.ID))
	if err != nil {
		return nil, err
	}
	if err := a.limit(ctx, "call-propose:"+u.ID, 30, dayWindow); err != nil {
		return nil, err
	}
	now := a.now()
	c := &store.MentorshipCall{ID: newID(), MentorshipID: m.ID, ProposedBy: u.ID, Start: start, StartLocal: start.In(loc).Format("2006-01-02T15:04"),
		TimeZone: loc.String(), Minutes: in.Minutes, Status: CallProposed, CreatedAt: now, UpdatedAt: now}
	other := otherOf(m, u.ID)
	name, minutes := a.displayName(ctx, u.ID), strconv.Itoa(c.Minutes)
	zone, year := a.callZone(ctx, other, c)
	text := noteText("notify.mentorship_call_proposed", "Name", name, "Minutes", minutes).when("When", c.Start, zone, year)
	kind := "mentorship_call_proposed"
	if earlier != nil {
		c.Replaces = earlier.ID
		text = noteText("notify.mentorship_call_suggested", "Name", name, "Minutes", minutes).when("When", c.Start, zone, year)
		kind = "mentorship_call_suggested"
	}
	err = a.store.InTx(ctx, func(tx store.Store) error {
		if earlier != nil {
			earlier.Status, earlier.ChangedBy, earlier.UpdatedAt = CallDeclined, u.ID, now
			if err := tx.UpdateMentorshipCall(ctx, earlier); err != nil {
				return err
			}
		}
		if err := tx.CreateMentorshipCall(ctx, c); err != nil {
			return err
		}
		return a.notifyAt(ctx, tx, other, kind, text.about(u.ID), callLink(c.ID))
	})
	if err != nil {
		return nil, err
	}
	v := a.callView(ctx, u, m, c)
	return &v, nil
}

// callLink is the place on the mentorship page where a call is shown.
func callLink(id string) string { return "/mentorship#call-" + id }

// callZone is the zone a notice of call c is written in for reader (their
// own), and whether it names the year (the call is in another year than
// now, there).
func (a *App) callZone(ctx context.Context, reader string, c *store.MentorshipCall) (*time.Location, bool) {
	zone := a.viewerZone(ctx, reader)
	return zone, c.Start.In(zone).Year() != a.now().In(zone).Year()
}

// ChangeCall answers a call proposed to the actor (confirm, decline) or
// calls it off (cancel, either person); the other person is told.
// Errors: not_found (not the actor's), invalid (unknown action),
// conflict (the call is not waiting for that, has started, or the
// mentorship is not active).
func (a *App) ChangeCall(ctx context.Context, callID, action string) (*CallView, error) {
	act, c, m, err := a.actorsCall(ctx, callID)
	if err != nil {
		return nil, err
	}
	now := a.now()
	var kind string
	switch action {
	case "confirm", "decline":
		if err := answerable(c, act.User.ID); err != nil {
			return nil, err
		}
		if action == "confirm" {
			if m.Status != MentorshipActive {
				return nil, errSay(model.KindConflict, "apperrf.call_mentorship_not_active")
			}
			if !c.Start.After(now) {
				return nil, errSay(model.KindConflict, "apperrf.call_started")
			}
			c.Status, kind = CallConfirmed, "mentorship_call_confirmed"
		} else {
			c.Status, kind = CallDeclined, "mentorship_call_declined"
		}
	case "cancel":
		if c.Status != CallProposed && c.Status != CallConfirmed {
			return nil, errSay(model.KindConflict, "apperrf.call_already_off")
		}
		if !c.Start.Add(time.Duration(c.Minutes) * time.Minute).After(now) {
			return nil, errSay(model.KindConflict, "apperrf.call_over")
		}
		c.Status, kind = CallCancelled, "mentorship_call_cancelled"
	default:
		return nil, errSay(model.KindInvalid, "apperrf.call_action_unknown").WithField("action", say("apperrf.call_action_unknown"))
	}
	c.ChangedBy, c.UpdatedAt = act.User.ID, now
	other, name := otherOf(m, act.User.ID), a.displayName(ctx, act.User.ID)
	zone, year := a.callZone(ctx, other, c)
	text := noteText("notify.mentorship_call_cancelled", "Name", name).when("When", c.Start, zone, year)
	switch kind {
	case "mentorship_call_confirmed":
		text = noteText("notify.mentorship_call_confirmed", "Name", name).when("When", c.Start, zone, year)
	case "mentorship_call_declined":
		text = noteText("notify.mentorship_call_declined", "Name", name).when("When", c.Start, zone, year)
	}
	err = a.store.InTx(ctx, func(tx store.Store) error {
		if err := tx.UpdateMentorshipCall(ctx, c); err != nil {
			return err
		}
		return a.notifyAt(ctx, tx, other, kind, text.about(act.User.ID), callLink(c.ID))
	})
	if err != nil {
		return nil, err
	}
	v := a.callView(ctx, act.User, m, c)
	return &v, nil
}

// SuggestCallTime answers a call proposed to the actor with another time:
// that call is declined and the new one proposed to the other person, who
// is told, in one transaction. Errors: as ChangeCall's and ProposeCall's.
func (a *App) SuggestCallTime(ctx context.Context, callID string, in CallInput) (*CallView, error) {
	act, c, m, err := a.actorsCall(ctx, callID)
	if err != nil {
		return nil, err
	}
	if err := answerable(c, act.User.ID); err != nil {
		return nil, err
	}
	return a.proposeCall(ctx, act.User, m, in, c)
}

// GetCall returns one of the actor's calls. Errors: not_found.
func (a *App) GetCall(ctx context.Context, callID string) (*CallView, error) {
	act, c, m, err := a.actorsCall(ctx, callID)
	if err != nil {
		return nil, err
	}
	v := a.callView(ctx, act.User, m, c)
	return &v, nil
}

// MentorshipCalls lists the calls still to come (proposed or confirmed,
// not yet over) of one of the actor's mentorships, soonest first; none
// once it has ended. Errors: not_found.
func (a *App) MentorshipCalls(ctx context.Context, mentorshipID string) ([]CallView, error) {
	act, m, err := a.actorsMentorship(ctx, mentorshipID)
	if err != nil {
		return nil, err
	}
	return a.callsOf(ctx, act.User, []*store.Mentorship{m})
}

// MyCalls lists the calls still to come of all the actor's mentorships
// under way (active or paused), soonest first.
func (a *App) MyCalls(ctx context.Context) ([]CallView, error) {
	act, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	ms, err := a.store.ListMentorships(ctx, act.User.ID)
	if err != nil {
		return nil, err
	}
	return a.callsOf(ctx, act.User, ms)
}

// callsOf lists the coming calls of those of ms under way.
func (a *App) callsOf(ctx context.Context, u *model.User, ms []*store.Mentorship) ([]CallView, error) {
	out := []CallView{}
	byID := map[string]*store.Mentorship{}
	var ids []string
	for _, m := range ms {
		if m.Status == MentorshipActive || m.Status == MentorshipPaused {
			byID[m.ID] = m
			ids = append(ids, m.ID)
		}
	}
	if len(ids) == 0 {
		return out, nil
	}
	cs, err := a.store.ListMentorshipCalls(ctx, ids, a.now())
	if err != nil {
		return nil, err
	}
	for _, c := range cs {
		out = append(out, a.callView(ctx, u, byID[c.MentorshipID], c))
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Start.Before(out[j].Start.Time) })
	return out, nil
}

// callView is c as u reads it: on u's clock, in u's language.
func (a *App) callView(ctx context.Context, u *model.User, m *store.Mentorship, c *store.MentorshipCall) CallView {
	zone := a.viewerZone(ctx, u.ID)
	other := otherOf(m, u.ID)
	start := c.Start.In(zone)
	return CallView{ID: c.ID, MentorshipID: c.MentorshipID, WithID: other, WithName: a.displayName(ctx, other), ProposedByMe: c.ProposedBy == u.ID,
		Status: c.Status, Waiting: c.Status == CallProposed && c.ProposedBy != u.ID, Start: model.At(c.Start.UTC()),
		End: model.At(c.Start.Add(time.Duration(c.Minutes) * time.Minute).UTC()), Minutes: c.Minutes, StartLocal: start.Format("2006-01-02T15:04"),
		TimeZone: zone.String(), When: CallWhen(ReaderOf(u), c.Start, zone, a.now()), ProposedLocal: c.StartLocal,
		ProposedZone: c.TimeZone, Replaces: c.Replaces}
}

// CallWhen writes a call's start in zone as l writes a day and time:
// "Tuesday 8 December, 23:30", with the year when it is not now's.
func CallWhen(l *i18n.Lang, t time.Time, zone *time.Location, now time.Time) string {
	t = t.In(zone)
	return l.DayTime(t, t.Year() != now.In(zone).Year())
}

// CallCalendar is one confirmed call as an iCalendar file with one event,
// "Call with Javier" in the reader's language, at the time its proposer
// typed in their zone. Errors: not_found, conflict (not confirmed).
func (a *App) CallCalendar(ctx context.Context, callID string) ([]byte, error) {
	act, c, m, err := a.actorsCall(ctx, callID)
	if err != nil {
		return nil, err
	}
	if c.Status != CallConfirmed {
		return nil, errSay(model.KindConflict, "apperrf.call_calendar_confirmed")
	}
	loc, err := loadZone(c.TimeZone)
	if err != nil {
		return nil, err
	}
	start, err := ical.ParseLocal(c.StartLocal, loc)
	if err != nil {
		return nil, err
	}
	title := ReaderOf(act.User).T("call.calendar_title", "Name", a.displayName(ctx, otherOf(m, act.User.ID)))
	cal := ical.Calendar{Name: title, ProdID: "-//Kinship//Kinship calls//EN", Now: a.now(), Series: []ical.Series{{
		UID: c.ID + "@kinship", Title: title, StartLocal: start, Location: loc, Duration: time.Duration(c.Minutes) * time.Minute,
		Recurrence: ical.Recurrence{Freq: ical.Once}, Updated: c.UpdatedAt}}}
	var buf bytes.Buffer
	if err := cal.Encode(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// cancelCallsOf calls off the coming calls of a mentorship that ends, in
// its transaction; the notice of the ending says enough, so no notice of
// each call goes with it.
func cancelCallsOf(ctx context.Context, tx store.Store, m *store.Mentorship, by string, at time.Time) error {
	_, err := tx.CancelMentorshipCalls(ctx, m.ID, by, at)
	return err
}

// SendCallReminders tells both people of each confirmed call that starts
// within the hour, once per call, on their own clock. Claim and notices
// commit together, so a crash neither loses nor repeats a reminder. A call
// of a mentorship no longer active is not reminded.
func (a *App) SendCallReminders(ctx context.Context) (int, error) {
	now := a.now()
	cs, err := a.store.ListCallsToRemind(ctx, now, now.Add(callReminderLead))
	if err != nil {
		return 0, err
	}
	sent := 0
	for _, c := range cs {
		m, err := a.store.FindMentorship(ctx, c.MentorshipID)
		if err != nil || m.Status != MentorshipActive {
			continue
		}
		err = a.store.InTx(ctx, func(tx store.Store) error {
			claimed, err := tx.ClaimCallReminder(ctx, c.ID, now)
			if err != nil || !claimed {
				return err
			}
			for _, who := range []string{m.MentorID, m.MenteeID} {
				other := otherOf(m, who)
				text := noteText("notify.mentorship_call_reminder", "Name", a.displayName(ctx, other)).clock("Time", c.Start, a.viewerZone(ctx, who))
				if err := a.notifyAt(ctx, tx, who, "mentorship_call_reminder", text.about(other), callLink(c.ID)); err != nil {
					return err
				}
				sent++
			}
			return nil
		})
		if err != nil {
			return sent, err
		}
	}
	return sent, nil
}
