package app

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"github.com/kinshiprecovery/kinship/internal/zones"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/kinshiprecovery/kinship/internal/i18n"
	"github.com/kinshiprecovery/kinship/internal/ical"
	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/store"
)

// RecurrenceInput is how a meeting repeats, as written by a facilitator.
type RecurrenceInput struct {
	// Freq is once, weekly or monthly.
	Freq string `json:"freq"`
	// Interval repeats every N weeks or months (default 1).
	Interval int `json:"interval,omitempty"`
	// Weekdays are days like "tue"; a monthly meeting has one.
	Weekdays []string `json:"weekdays,omitempty"`
	// MonthWeek is 1–4, or -1 for the last, for monthly meetings.
	MonthWeek int `json:"month_week,omitempty"`
	// Until is an optional last date, YYYY-MM-DD; Count an optional number of meetings.
	Until string `json:"until,omitempty"`
	Count int    `json:"count,omitempty"`
}

// MeetingInput schedules or changes a group meeting.
type MeetingInput struct {
	Title      string `json:"title"`
	StartLocal string `json:"start_local"`
	// EndLocal may be given instead of DurationMinutes.
	EndLocal        string           `json:"end_local,omitempty"`
	TimeZone        string           `json:"time_zone"`
	DurationMinutes int              `json:"duration_minutes,omitempty"`
	Recurrence      *RecurrenceInput `json:"recurrence,omitempty"`
	OnlineURL       string           `json:"online_url,omitempty"`
	// Place is a coarse in-person address (a neighbourhood or venue, never a home).
	Place string `json:"place,omitempty"`
}

// OccurrenceView is one meeting of a series, in the viewer's time zone.
type OccurrenceView struct {
	Start     model.Timestamp `json:"start"`
	End       model.Timestamp `json:"end"`
	Original  model.Timestamp `json:"occurrence"`
	Cancelled bool            `json:"cancelled"`
	Moved     bool            `json:"moved"`
	// Started is true once the meeting has begun (attendance can be marked).
	Started  bool   `json:"started"`
	MyRSVP   string `json:"my_rsvp,omitempty"`
	Attended bool   `json:"attended,omitempty"`
	Going    int    `json:"going"`
}

// GroupMeetingView is a meeting series as the actor sees it.
type GroupMeetingView struct {
	ID              string           `json:"id"`
	GroupID         string           `json:"group_id"`
	GroupName       string           `json:"group_name"`
	Title           string           `json:"title"`
	StartLocal      string           `json:"start_local"`
	TimeZone        string           `json:"time_zone"`
	DurationMinutes int              `json:"duration_minutes"`
	Recurrence      RecurrenceInput  `json:"recurrence"`
	Schedule        string           `json:"schedule"`
	OnlineURL       string           `json:"online_url,omitempty"`
	Place           string           `json:"place,omitempty"`
	ViewerTimeZone  string           `json:"viewer_time_zone"`
	Upcoming        []OccurrenceView `json:"upcoming"`
}

func (in *RecurrenceInput) toRule(loc *time.Location) (ical.Recurrence, error) {
	if in == nil {
		return ical.Recurrence{Freq: ical.Once}, nil
	}
	r := ical.Recurrence{Freq: ical.Freq(strings.ToLower(strings.TrimSpace(in.Freq))), Interval: in.Interval, MonthWeek: in.MonthWeek, Count: in.Count}
	f := model.FieldErrors{}
	for _, d := range in.Weekdays {
		wd, err := ical.ParseWeekday(d)
		if err != nil {
			f.AddMsg("recurrence.weekdays", say("apperrf.weekday_unknown", "Day", d))
			continue
		}
		r.Weekdays = append(r.Weekdays, wd)
	}
	if in.Until != "" {
		d, err := time.ParseInLocation("2006-01-02", in.Until, loc)
		if err != nil {
			f.Add("recurrence.until", "write the last date like 2027-06-30")
		} else {
			r.Until = &d
		}
	}
	if err := f.Err(); err != nil {
		return r, err
	}
	if err := r.Validate(); err != nil {
		if me, ok := err.(*model.Error); ok {
			prefixed := map[string]string{}
			for k, v := range me.Fields {
				prefixed["recurrence."+k] = v
			}
			me.Fields = prefixed
			me.Message = "the repeat rule needs a change"
		}
		return r, err
	}
	return r, nil
}

// meetingZone loads a named IANA zone, refusing the empty and "Local" names.
func meetingZone(name string) (*time.Location, error) {
	name = strings.TrimSpace(name)
	loc := namedZone(name)
	if loc == nil {
		return nil, errSay(model.KindInvalid, "apperrf.meeting_zone_unknown", "Zone", name).Field("time_zone", "unknown time zone")
	}
	return loc, nil
}

// namedZone reads a zone as people write it ("Pacific", "Pacific Time —
// Los Angeles", "Chicago", America/Chicago) and loads it; nil for the
// empty name, "Local" (the server's own clock, which is no one's) and a
// name it does not know. Meetings and mentorship calls read zones with it.
func namedZone(name string) *time.Location {
	zone, ok := zones.Parse(strings.TrimSpace(name))
	if !ok {
		return nil
	}
	loc, err := loadZone(zone)
	if err != nil {
		return nil
	}
	return loc
}

// check validates in and returns the stored form of the series.
func (in MeetingInput) check() (*store.GroupMeeting, ical.Series, error) {
	f := model.FieldErrors{}
	in.Title = strings.TrimSpace(in.Title)
	switch n := utf8.RuneCountInString(in.Title); {
	case n == 0:
		f.Add("title", "give the meeting a title")
	case n > 200:
		f.Add("title", "keep the title to 200 characters")
	}
	loc, err := meetingZone(in.TimeZone)
	if err != nil {
		f.AddError("time_zone", err.(*model.Error))
	}
	var start time.Time
	if loc != nil {
		if start, err = ical.ParseLocal(in.StartLocal, loc); err != nil {
			f.Add("start_local", "write the start like 2026-12-01T19:00, in the meeting's time zone")
		}
	}
	if in.EndLocal != "" && loc != nil && !start.IsZero() {
		end, err := ical.ParseLocal(in.EndLocal, loc)
		switch {
		case err != nil:
			f.Add("end_local", "write the end like 2026-12-01T20:00")
		case !end.After(start):
			f.Add("end_local", "the meeting must end after it starts")
		default:
			in.DurationMinutes = int(end.Sub(start) / time.Minute)
		}
	}
	if in.DurationMinutes <= 0 && !f.Has("end_local") {
		f.Add("duration_minutes", "the meeting must end after it starts: give a length of at least one minute")
	} else if in.DurationMinutes > int(ical.MaxDuration/time.Minute) {
		f.Add("duration_minutes", "a meeting can last at most 24 hours")
	}
	in.OnlineURL = strings.TrimSpace(in.OnlineURL)
	if in.OnlineURL != "" {
		if u, err := url.Parse(in.OnlineURL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || len(in.OnlineURL) > 500 {
			f.Add("online_url", "give the meeting link as a full https:// address")
		}
	}
	in.Place = strings.TrimSpace(in.Place)
	if utf8.RuneCountInString(in.Place) > 200 {
		f.Add("place", "keep the place to 200 characters: a venue and neighbourhood, never a home address")
	}
	var rule ical.Recurrence
	if loc != nil {
		var err error
		if rule, err = in.Recurrence.toRule(loc); err != nil {
			if me, ok := err.(*model.Error); ok {
				for k, v := range me.Fields {
					if m := me.FieldMsgs[k]; m != nil {
						f.AddMsg(k, m)
					} else {
						f.Add(k, v)
					}
				}
			}
		}
	}
	if err := f.Err(); err != nil {
		e := err.(*model.Error)
		e.Message = "the meeting needs a few changes"
		return nil, ical.Series{}, e
	}
	rec := in.Recurrence
	if rec == nil {
		rec = &RecurrenceInput{Freq: "once"}
	}
	rec.Freq = string(rule.Freq)
	recJSON, _ := json.Marshal(rec)
	m := &store.GroupMeeting{Title: in.Title, StartLocal: start.In(loc).Format("2006-01-02T15:04"), TimeZone: loc.String(),
		DurationMinutes: in.DurationMinutes, Recurrence: string(recJSON), OnlineURL: in.OnlineURL, Place: in.Place}
	s := ical.Series{Title: m.Title, StartLocal: start, Location: loc, Duration: time.Duration(m.DurationMinutes) * time.Minute, Recurrence: rule, URL: m.OnlineURL, Place: m.Place}
	return m, s, nil
}

// series rebuilds the calendar series of a stored meeting.
func (a *App) series(m *store.GroupMeeting, groupName string) (ical.Series, error) {
	loc, err := meetingZone(m.TimeZone)
	if err != nil {
		return ical.Series{}, err
	}
	start, err := ical.ParseLocal(m.StartLocal, loc)
	if err != nil {
		return ical.Series{}, err
	}
	var rec RecurrenceInput
	if err := json.Unmarshal([]byte(m.Recurrence), &rec); err != nil {
		return ical.Series{}, err
	}
	rule, err := rec.toRule(loc)
	if err != nil {
		return ical.Series{}, err
	}
	s := ical.Series{UID: m.ID + "@kinship", Title: m.Title, Description: groupName, StartLocal: start, Location: loc,
		Duration: time.Duration(m.DurationMinutes) * time.Minute, Recurrence: rule, URL: m.OnlineURL, Place: m.Place,
		Sequence: m.Sequence, Updated: m.UpdatedAt, Overrides: map[time.Time]ical.Override{}}
	for _, c := range m.Changes {
		switch {
		case c.Kind == "cancelled":
			s.Cancelled = append(s.Cancelled, c.OriginalStart)
		case c.Kind == "moved" && c.NewStart != nil:
			s.Overrides[c.OriginalStart] = ical.Override{Start: *c.NewStart}
		}
	}
	return s, nil
}

// CreateGroupMeeting schedules a meeting of a group the actor facilitates.
// Errors: not_found, forbidden, invalid, conflict (archived).
func (a *App) CreateGroupMeeting(ctx context.Context, groupID string, in MeetingInput) (*GroupMeetingView, error) {
	act, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	g, _, err := a.leader(ctx, act.User.ID, groupID)
	if err != nil {
		return nil, err
	}
	if g.ArchivedAt != nil {
		return nil, model.Errorf(model.KindConflict, "this group is archived")
	}
	m, _, err := in.check()
	if err != nil {
		return nil, err
	}
	now := a.now()
	m.ID, m.GroupID, m.CreatedBy, m.CreatedAt, m.UpdatedAt = newID(), groupID, act.User.ID, now, now
	if err := a.store.CreateGroupMeeting(ctx, m); err != nil {
		return nil, err
	}
	return a.meetingView(ctx, act.User, g, m, true)
}

// viewerZone is the actor's own time zone, UTC when unknown.
func (a *App) viewerZone(ctx context.Context, userID string) *time.Location {
	if p, err := a.LoadProfile(ctx, userID); err == nil && p.TimeZone != "" {
		if loc, err := loadZone(p.TimeZone); err == nil {
			return loc
		}
	}
	return time.UTC
}

func (a *App) meetingView(ctx context.Context, u *model.User, g *store.Group, m *store.GroupMeeting, member bool) (*GroupMeetingView, error) {
	s, err := a.series(m, g.Name)
	if err != nil {
		return nil, err
	}
	var rec RecurrenceInput
	_ = json.Unmarshal([]byte(m.Recurrence), &rec)
	viewer := a.viewerZone(ctx, u.ID)
	v := &GroupMeetingView{ID: m.ID, GroupID: m.GroupID, GroupName: g.Name, Title: m.Title, StartLocal: m.StartLocal, TimeZone: m.TimeZone,
		DurationMinutes: m.DurationMinutes, Recurrence: rec, Schedule: describeSchedule(s, APIWords(u)), Place: m.Place, ViewerTimeZone: viewer.String(), Upcoming: []OccurrenceView{}}
	if member {
		v.OnlineURL = m.OnlineURL
	}
	mine := map[int64]*store.RSVP{}
	if rs, err := a.store.ListUserRSVPs(ctx, u.ID); err == nil {
		for _, r := range rs {
			if r.MeetingID == m.ID {
				mine[r.Occurrence.Unix()] = r
			}
		}
	}
	now := a.now()
	for _, o := range s.Occurrences(now.Add(-3*time.Hour), now.AddDate(0, 3, 0), 5) {
		if o.End.Before(now.Add(-3 * time.Hour)) {
			continue
		}
		ov := OccurrenceView{Start: model.At(o.Start), End: model.At(o.End),
			Original: model.At(o.Original), Cancelled: o.Cancelled, Moved: o.Moved, Started: !o.Start.After(now)}
		if r := mine[o.Original.Unix()]; r != nil {
			ov.MyRSVP, ov.Attended = r.Status, r.Attended
		}
		if rs, err := a.store.ListRSVPs(ctx, m.ID, o.Original); err == nil {
			for _, r := range rs {
				if r.Status == "going" {
					ov.Going++
				}
			}
		}
		v.Upcoming = append(v.Upcoming, ov)
	}
	return v, nil
}

var weekdayNames = []string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"}

// describeSchedule says in words when a series meets, in its own zone, on
// en's clock (APIWords).
func describeSchedule(s ical.Series, en *i18n.Lang) string {
	at := en.Clock(s.StartLocal.In(s.Location)) + " " + s.Location.String()
	r := s.Recurrence
	days := make([]string, 0, len(r.Weekdays))
	for _, d := range r.Weekdays {
		days = append(days, weekdayNames[d])
	}
	switch r.Freq {
	case ical.Weekly:
		if r.Interval <= 1 {
			set := map[time.Weekday]bool{}
			for _, d := range r.Weekdays {
				set[d] = true
			}
			if len(set) == 7 {
				return "Every day at " + at
			}
			if len(set) == 5 && !set[time.Saturday] && !set[time.Sunday] {
				return "Monday to Friday at " + at
			}
		}
		every := "Every week"
		if r.Interval > 1 {
			every = fmt.Sprintf("Every %d weeks", r.Interval)
		}
		list := strings.Join(days, ", ")
		if n := len(days); n > 1 {
			list = strings.Join(days[:n-1], ", ") + " and " + days[n-1]
		}
		return every + " on " + list + " at " + at
	case ical.Monthly:
		nth := map[int]string{1: "first", 2: "second", 3: "third", 4: "fourth", -1: "last"}[r.MonthWeek]
		return "The " + nth + " " + strings.Join(days, "") + " of the month at " + at
	}
	return "Once, " + s.StartLocal.In(s.Location).Format("Monday 2 January 2006") + " at " + at
}

// ListGroupMeetings returns a group's meetings with their next dates in
// the actor's zone; links only for members. Errors: not_found.
func (a *App) ListGroupMeetings(ctx context.Context, groupID string) ([]GroupMeetingView, error) {
	act, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	g, m, err := a.findGroup(ctx, act.User.ID, groupID)
	if err != nil {
		return nil, err
	}
	member := m != nil && m.Status == "active"
	if g.Visibility == GroupPrivate && !member {
		return []GroupMeetingView{}, nil
	}
	ms, err := a.store.ListGroupMeetings(ctx, []string{groupID})
	if err != nil {
		return nil, err
	}
	out := []GroupMeetingView{}
	for _, mt := range ms {
		v, err := a.meetingView(ctx, act.User, g, mt, member)
		if err != nil {
			a.log.Warn("meeting not shown", "id", mt.ID, "err", err)
			continue
		}
		out = append(out, *v)
	}
	return out, nil
}

// meetingOf loads a meeting of a group where the actor is an active member.
func (a *App) meetingOf(ctx context.Context, userID, meetingID string) (*store.GroupMeeting, *store.Group, *store.GroupMember, error) {
	mt, err := a.store.FindGroupMeeting(ctx, meetingID)
	if err != nil {
		return nil, nil, nil, notFound(err, "apperrf.not_found.meeting")
	}
	g, m, err := a.activeMember(ctx, userID, mt.GroupID)
	if err != nil {
		return nil, nil, nil, err
	}
	return mt, g, m, nil
}

// meetingToChange loads a meeting the actor facilitates. Errors:
// unauthorized, not_found, forbidden.
func (a *App) meetingToChange(ctx context.Context, meetingID string) (*store.GroupMeeting, *store.Group, error) {
	act, err := requireActor(ctx)
	if err != nil {
		return nil, nil, err
	}
	mt, g, m, err := a.meetingOf(ctx, act.User.ID, meetingID)
	if err != nil {
		return nil, nil, err
	}
	if m.Role != RoleFacilitator && m.Role != RoleCoFacilitator {
		return nil, nil, model.Errorf(model.KindForbidden, "only the group's facilitators can change its meetings")
	}
	if err := withMFA(act, ErrMFAForFacilitators); err != nil {
		return nil, nil, err
	}
	return mt, g, nil
}

// UpdateGroupMeeting reschedules or edits a whole series. Errors: not_found, forbidden, invalid.
func (a *App) UpdateGroupMeeting(ctx context.Context, meetingID string, in MeetingInput) (*GroupMeetingView, error) {
	act, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	mt, g, err := a.meetingToChange(ctx, meetingID)
	if err != nil {
		return nil, err
	}
	next, _, err := in.check()
	if err != nil {
		return nil, err
	}
	mt.Title, mt.StartLocal, mt.TimeZone, mt.DurationMinutes, mt.Recurrence, mt.OnlineURL, mt.Place =
		next.Title, next.StartLocal, next.TimeZone, next.DurationMinutes, next.Recurrence, next.OnlineURL, next.Place
	mt.Sequence++
	mt.UpdatedAt = a.now()
	if err := a.store.UpdateGroupMeeting(ctx, mt); err != nil {
		return nil, err
	}
	return a.meetingView(ctx, act.User, g, mt, true)
}

// DeleteGroupMeeting ends a series. Errors: not_found, forbidden.
func (a *App) DeleteGroupMeeting(ctx context.Context, meetingID string) error {
	mt, _, err := a.meetingToChange(ctx, meetingID)
	if err != nil {
		return err
	}
	now := a.now()
	mt.DeletedAt, mt.UpdatedAt = &now, now
	mt.Sequence++
	return a.store.UpdateGroupMeeting(ctx, mt)
}

// parseOccurrence reads an occurrence's original start and checks the series has it.
func (a *App) parseOccurrence(mt *store.GroupMeeting, occurrence string) (time.Time, ical.Series, error) {
	s, err := a.series(mt, "")
	if err != nil {
		return time.Time{}, s, err
	}
	t, err := time.Parse(time.RFC3339, strings.TrimSpace(occurrence))
	bad := &model.Error{Kind: model.KindInvalid, Message: "occurrence must be the original start of one of this meeting's dates, like 2026-12-02T01:00:00Z",
		Fields: map[string]string{"occurrence": "not a date of this meeting"}}
	if err != nil {
		return time.Time{}, s, bad
	}
	s.Cancelled, s.Overrides = nil, nil
	found := s.Occurrences(t, t.Add(time.Second), 1)
	if len(found) != 1 || !found[0].Start.Equal(t) {
		return time.Time{}, s, bad
	}
	return t.UTC(), s, nil
}

// ChangeOccurrence cancels one date of a series (newStart empty) or moves
// it to newStart (in the meeting's zone, like 2026-12-03T19:00). Errors:
// not_found, forbidden, invalid.
func (a *App) ChangeOccurrence(ctx context.Context, meetingID, occurrence, newStartLocal string, cancel bool) error {
	act, err := requireActor(ctx)
	if err != nil {
		return err
	}
	mt, g, err := a.meetingToChange(ctx, meetingID)
	if err != nil {
		return err
	}
	orig, s, err := a.parseOccurrence(mt, occurrence)
	if err != nil {
		return err
	}
	c := store.MeetingChange{OriginalStart: orig, Kind: "cancelled"}
	if !cancel {
		to, err := ical.ParseLocal(newStartLocal, s.Location)
		if err != nil {
			return &model.Error{Kind: model.KindInvalid, Message: "write the new start like 2026-12-03T19:00, in the meeting's time zone", Fields: map[string]string{"start_local": "not a date and time"}}
		}
		to = to.UTC()
		c.Kind, c.NewStart = "moved", &to
	}
	err = a.store.InTx(ctx, func(tx store.Store) error {
		if err := tx.SaveMeetingChange(ctx, mt.ID, c); err != nil {
			return err
		}
		mt.Sequence++
		mt.UpdatedAt = a.now()
		if err := tx.UpdateGroupMeeting(ctx, mt); err != nil {
			return err
		}
		return a.tellDateChanged(ctx, tx, act.User.ID, g, mt, c)
	})
	return err
}

// tellDateChanged tells the group's members, all but the facilitator who
// made the change, that one date of a meeting is cancelled or moved, with
// the date and time in each one's own zone: someone who planned to go
// hears it before they set out. A date already past tells nobody.
func (a *App) tellDateChanged(ctx context.Context, tx store.Store, actorID string, g *store.Group, mt *store.GroupMeeting, c store.MeetingChange) error {
	if c.OriginalStart.Before(a.now()) {
		return nil
	}
	members, err := tx.ListGroupMembers(ctx, g.ID, "active")
	if err != nil {
		return err
	}
	// One push job for the whole group's devices (see withPushBatch).
	bctx, queueBatch := a.withPushBatch(ctx)
	for _, m := range members {
		if m.UserID == actorID {
			continue
		}
		zone, was := a.viewerZone(ctx, m.UserID), c.OriginalStart
		text := noteText("notify.meeting_cancelled", "Title", mt.Title, "Group", g.Name).date("Day", was, zone).clock("Time", was, zone)
		if c.Kind == "moved" {
			to := *c.NewStart
			text = noteText("notify.meeting_moved", "Title", mt.Title, "Group", g.Name).date("Day", was, zone).clock("Time", was, zone).
				date("NewDay", to, zone).clock("NewTime", to, zone)
		}
		if err := a.notifyAt(bctx, tx, m.UserID, "group_meeting_changed", text, "/groups/"+g.ID+"#meetings"); err != nil {
			return err
		}
	}
	return queueBatch(tx)
}

// RSVP records the actor's answer ("going", "maybe", "not_going") or
// attendance (attended) for one date. Errors: not_found, invalid.
func (a *App) RSVP(ctx context.Context, meetingID, occurrence, status string, attended *bool) error {
	act, err := requireActor(ctx)
	if err != nil {
		return err
	}
	mt, _, _, err := a.meetingOf(ctx, act.User.ID, meetingID)
	if err != nil {
		return err
	}
	orig, _, err := a.parseOccurrence(mt, occurrence)
	if err != nil {
		return err
	}
	r := &store.RSVP{MeetingID: mt.ID, Occurrence: orig, UserID: act.User.ID, UpdatedAt: a.now()}
	if rs, err := a.store.ListRSVPs(ctx, mt.ID, orig); err == nil {
		for _, old := range rs {
			if old.UserID == act.User.ID {
				r.Status, r.Attended = old.Status, old.Attended
			}
		}
	}
	switch status {
	case "going", "maybe", "not_going":
		r.Status = status
	case "":
		if attended == nil {
			return &model.Error{Kind: model.KindInvalid, Message: "answer going, maybe or not_going, or mark attended", Fields: map[string]string{"status": "required"}}
		}
	default:
		return &model.Error{Kind: model.KindInvalid, Message: "status must be going, maybe or not_going", Fields: map[string]string{"status": "unknown answer"}}
	}
	if attended != nil {
		if *attended && orig.After(a.now().Add(time.Hour)) {
			return &model.Error{Kind: model.KindInvalid, Message: "you can mark attendance once the meeting has started", Fields: map[string]string{"attended": "meeting not started"}}
		}
		r.Attended = *attended
	}
	return a.store.SaveRSVP(ctx, r)
}

// GroupCalendar renders a group's meetings as an iCalendar feed for its
// members. Errors: not_found, forbidden.
func (a *App) GroupCalendar(ctx context.Context, groupID string) ([]byte, error) {
	act, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	g, _, err := a.activeMember(ctx, act.User.ID, groupID)
	if err != nil {
		return nil, err
	}
	return a.calendar(ctx, g.Name, []*store.Group{g})
}

func (a *App) calendar(ctx context.Context, name string, groups []*store.Group) ([]byte, error) {
	ids := make([]string, 0, len(groups))
	byID := map[string]*store.Group{}
	for _, g := range groups {
		ids = append(ids, g.ID)
		byID[g.ID] = g
	}
	ms, err := a.store.ListGroupMeetings(ctx, ids)
	if err != nil {
		return nil, err
	}
	cal := ical.Calendar{Name: name, Now: a.now()}
	for _, m := range ms {
		s, err := a.series(m, byID[m.GroupID].Name)
		if err != nil {
			a.log.Warn("meeting left out of calendar", "id", m.ID, "err", err)
			continue
		}
		cal.Series = append(cal.Series, s)
	}
	var buf bytes.Buffer
	if err := cal.Encode(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// CalendarFeedView is a private subscription address.
type CalendarFeedView struct {
	Scope string `json:"scope"`
	URL   string `json:"url"`
}

// CreateCalendarFeed makes a new private feed address for the actor's
// meetings (groupID "") or one group's, replacing the earlier one of that
// scope. The address is shown once. Errors: not_found, forbidden.
func (a *App) CreateCalendarFeed(ctx context.Context, groupID string) (*CalendarFeedView, error) {
	act, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	scope := "member"
	if groupID != "" {
		if _, _, err := a.activeMember(ctx, act.User.ID, groupID); err != nil {
			return nil, err
		}
		scope = "group:" + groupID
	}
	token, hash := newToken()
	err = a.store.InTx(ctx, func(tx store.Store) error {
		if err := tx.DeleteCalendarFeeds(ctx, act.User.ID, scope); err != nil {
			return err
		}
		return tx.CreateCalendarFeed(ctx, &store.CalendarFeed{TokenHash: hash, UserID: act.User.ID, Scope: scope, CreatedAt: a.now()})
	})
	if err != nil {
		return nil, err
	}
	return &CalendarFeedView{Scope: scope, URL: a.opts.BaseURL + "/calendar/" + token + ".ics"}, nil
}

// RevokeCalendarFeeds turns off every private feed address of the actor.
func (a *App) RevokeCalendarFeeds(ctx context.Context) error {
	act, err := requireActor(ctx)
	if err != nil {
		return err
	}
	return a.store.DeleteCalendarFeeds(ctx, act.User.ID, "")
}

var errNoFeed = &model.Error{Kind: model.KindNotFound, Message: "this calendar address is not valid any more; make a new one in Kinship"}

// FeedCalendar renders the feed behind a private address, checking the
// owner's memberships now. Errors: not_found.
func (a *App) FeedCalendar(ctx context.Context, token string) ([]byte, error) {
	f, err := a.store.FindCalendarFeed(ctx, hashToken(token))
	if err != nil {
		return nil, errNoFeed
	}
	u, err := a.store.FindUserByID(ctx, f.UserID)
	if err != nil || u.Deleted() {
		return nil, errNoFeed
	}
	var groups []*store.Group
	name := "Kinship meetings"
	if strings.HasPrefix(f.Scope, "group:") {
		_, m, err := a.findGroup(ctx, u.ID, strings.TrimPrefix(f.Scope, "group:"))
		if err != nil || m == nil || m.Status != "active" {
			return nil, errNoFeed
		}
		g, _ := a.store.FindGroup(ctx, m.GroupID)
		groups, name = []*store.Group{g}, g.Name
	} else {
		if groups, err = a.store.ListGroups(ctx, store.GroupFilter{MemberID: u.ID}); err != nil {
			return nil, err
		}
	}
	return a.calendar(ctx, name, groups)
}

// SendMeetingReminders notifies the members of every group meeting that
// starts within the hour, once per meeting date, except those who said
// they are not going. Claim and notifications commit together, so a crash
// neither loses nor repeats a reminder. A meeting's pushes go out as one
// job: a device's earlier push still on its way does not swallow this one,
// as a job per device would (those collapse by device and topic).
func (a *App) SendMeetingReminders(ctx context.Context) (int, error) {
	ms, err := a.store.ListGroupMeetings(ctx, nil)
	if err != nil {
		return 0, err
	}
	now := a.now()
	sent := 0
	for _, mt := range ms {
		g, err := a.store.FindGroup(ctx, mt.GroupID)
		if err != nil || g.ArchivedAt != nil {
			continue
		}
		s, err := a.series(mt, g.Name)
		if err != nil {
			continue
		}
		for _, o := range s.Occurrences(now, now.Add(time.Hour), 4) {
			if o.Cancelled {
				continue
			}
			err := a.store.InTx(ctx, func(tx store.Store) error {
				claimed, err := tx.ClaimMeetingReminder(ctx, mt.ID, o.Original, now)
				if err != nil || !claimed {
					return err
				}
				members, err := tx.ListGroupMembers(ctx, g.ID, "active")
				if err != nil {
					return err
				}
				rs, err := tx.ListRSVPs(ctx, mt.ID, o.Original)
				if err != nil {
					return err
				}
				notGoing := map[string]bool{}
				for _, r := range rs {
					notGoing[r.UserID] = r.Status == "not_going"
				}
				// One push job for the whole group's devices (see withPushBatch).
				bctx, queueBatch := a.withPushBatch(ctx)
				for _, m := range members {
					if notGoing[m.UserID] {
						continue
					}
					zone := a.viewerZone(ctx, m.UserID)
					text := noteText("notify.meeting_reminder", "Title", mt.Title, "Group", g.Name).clock("Time", o.Start, zone).startsAt(o.Start, zone)
					if err := a.notifyAt(bctx, tx, m.UserID, "meeting_reminder", text, "/groups/"+g.ID); err != nil {
						return err
					}
					sent++
				}
				return queueBatch(tx)
			})
			if err != nil {
				return sent, err
			}
		}
	}
	return sent, nil
}
