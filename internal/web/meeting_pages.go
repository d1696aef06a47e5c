package web

import (
	"errors"
	"fmt"
	"github.com/kinshiprecovery/kinship/internal/i18n"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/importer"
	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/zones"
)

// finderPageSize is how many meetings one page of results shows.
const finderPageSize = 25

// finderData is what the meeting finder page needs.
type finderData struct {
	Meetings  []app.FoundMeeting
	Total     int
	Searched  bool   // the person has chosen something (the form starts folded)
	Summary   string // "Tonight", "Tomorrow morning", "Tuesday"…
	When      string
	Whens     []option
	From, To  string // a time of day window, "18:00"
	Sort      string
	Attend    string
	Types     []option
	Chosen    map[string]bool
	Zones     []zones.Zone
	TZ        string // the visitor's zone as typed
	Q         string
	Near      string
	Page      int
	PrevURL   string
	NextURL   string
	Shown     string // "1–25"
	QuickURLs []option
	Miles     bool
	// Places name where the in-person meetings are, MorePlaces how many
	// other towns, and OnlineURL the same search online: said when the
	// place typed is not one Kinship knows (walk11 W11-1).
	Places     []string
	MorePlaces int
	OnlineURL  string
}

// finderWhens are the times a person can ask for, as Meeting Guide offers,
// named in l.
func finderWhens(l *i18n.Lang) []option {
	// The evening's and the morning's bounds are written on the reader's clock.
	tonight, morning := "finder.when_tonight_h24", "finder.when_tomorrow_morning_h24"
	if l.Hour12() {
		tonight, morning = "finder.when_tonight", "finder.when_tomorrow_morning"
	}
	out := []option{{"now", l.T("finder.when_now")}, {"today", l.T("finder.when_today")}, {"tonight", l.T(tonight)},
		{"tomorrow-morning", l.T(morning)}, {"tomorrow", l.T("home.tomorrow")}}
	for i, c := range weekdayCodes {
		out = append(out, option{c, l.WeekdayLong(time.Weekday(i))})
	}
	return append(out, option{"week", l.T("finder.when_week")})
}

var weekdayCodes = []string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}

// finderWindow turns a "when" into the instants it covers in loc, and the
// words that name it in l.
func finderWindow(l *i18n.Lang, when string, now time.Time, loc *time.Location) (from, to time.Time, name string, ok bool) {
	now = now.In(loc)
	day := func(d, h int) time.Time {
		return time.Date(now.Year(), now.Month(), now.Day()+d, h, 0, 0, 0, loc)
	}
	switch when {
	case "now":
		return now, now.Add(time.Hour), l.T("finder.when_now"), true
	case "", "today":
		return now, day(1, 0), l.T("finder.when_today"), true
	case "tonight":
		from = day(0, 17)
		if now.After(from) {
			from = now
		}
		return from, day(1, 0), l.T("finder.tonight"), true
	case "tomorrow-morning":
		return day(1, 5), day(1, 12), l.T("finder.tomorrow_morning"), true
	case "tomorrow":
		return day(1, 0), day(2, 0), l.T("home.tomorrow"), true
	case "week":
		return now, now.AddDate(0, 0, 7), l.T("finder.next_7_days"), true
	}
	for i, c := range weekdayCodes {
		if c == when {
			d := (i - int(now.Weekday()) + 7) % 7
			name := l.WeekdayLong(time.Weekday(i))
			if d == 0 {
				return now, day(1, 0), l.T("finder.weekday_today", "Weekday", name), true
			}
			return day(d, 0), day(d+1, 0), name, true
		}
	}
	return from, to, "", false
}

// clockMinutes reads "18:00" as minutes after midnight; "" is -1.
func clockMinutes(s string) (int, bool) {
	if s == "" {
		return -1, true
	}
	t, err := time.Parse("15:04", s)
	if err != nil {
		return 0, false
	}
	return t.Hour()*60 + t.Minute(), true
}

// Meetings is the public meeting finder: a GET form (bookmark it, share
// it) for now, later today, tonight, tomorrow morning, a weekday or the
// week, within a time of day, near a place or by name, soonest or nearest
// first, a page at a time, in the viewer's time zone. No data about members.
func (p *Pages) Meetings(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	loc, known := p.viewerZone(r)
	l := p.viewerLang(r)
	d := finderData{When: q.Get("when"), From: q.Get("from"), To: q.Get("to"), Sort: q.Get("sort"), Attend: q.Get("attendance"),
		Chosen: map[string]bool{}, TZ: q.Get("tz"), Q: q.Get("q"), Near: q.Get("near"), Whens: finderWhens(l), Page: 1}
	d.Searched = len(q) > 0
	d.Miles = p.usesMiles(r)
	for _, t := range q["type"] {
		d.Chosen[t] = true
	}
	for _, c := range app.FinderTypes {
		d.Types = append(d.Types, option{Value: c, Label: typeName(l, c)})
	}
	if !known || d.TZ != "" {
		d.Zones = zones.AllIn(l.Code)
	}
	v := view{Title: l.T("footer.find_meeting"), Zone: loc, ZoneKnown: known}
	bad := func(field, msg string) {
		v.Data = d
		p.render(w, r, http.StatusBadRequest, "meetings", view{Title: v.Title, Zone: loc, ZoneKnown: known, Data: d, Error: msg, Fields: map[string]string{field: msg}})
	}
	if d.TZ != "" && parseZone(d.TZ) == nil {
		bad("tz", l.T("finder.bad_zone", "Zone", d.TZ))
		return
	}
	if v := q.Get("page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 1000 {
			bad("page", l.T("finder.bad_page"))
			return
		}
		d.Page = n
	}
	now := p.app.Now()
	fq := app.FinderQuery{Day: -1, Text: d.Q, Attendance: d.Attend, Types: q["type"], TimeZone: loc.String(), Limit: finderPageSize, Offset: (d.Page - 1) * finderPageSize}
	if d.When == "" && q.Get("within") != "" { // addresses from before the "when" choice
		h, err := strconv.Atoi(q.Get("within"))
		if err != nil || h <= 0 || h > 168 {
			bad("when", "Choose when from the list: now, later today, tonight, tomorrow morning, tomorrow, a day of the week or the next 7 days.")
			return
		}
		fq.From, fq.To, d.Summary = now, now.Add(time.Duration(h)*time.Hour), l.T("finder.next_hours", "Count", h)
	} else {
		var ok bool
		if fq.From, fq.To, d.Summary, ok = finderWindow(l, d.When, now, loc); !ok {
			bad("when", l.T("finder.bad_when"))
			return
		}
		if d.When == "" {
			// The form shows the search the results are of: "later today"
			// chosen, not the list's first choice ("now"), which a person
			// adding a place would send without knowing it.
			d.When = "today"
		}
	}
	var ok1, ok2 bool
	fq.ClockFrom, ok1 = clockMinutes(d.From)
	fq.ClockTo, ok2 = clockMinutes(d.To)
	if !ok1 || !ok2 {
		bad("from", l.T("finder.bad_clock"))
		return
	}
	if fq.ClockFrom >= 0 && fq.ClockTo < 0 {
		fq.ClockTo = 24 * 60
	} else if fq.ClockTo >= 0 && fq.ClockFrom < 0 {
		fq.ClockFrom = 0
	}
	if fq.ClockFrom >= 0 {
		d.Summary = l.T("finder.starting_between", "Summary", d.Summary, "From", l.ClockText(orAny(d.From, "00:00")), "To", l.ClockText(orAny(d.To, "24:00")))
	}
	switch d.Sort {
	case "", "soonest":
	case "nearest":
		fq.ByDistance = true
		if d.Near == "" {
			bad("near", l.T("finder.bad_nearest"))
			return
		}
	default:
		bad("sort", l.T("finder.bad_sort"))
		return
	}
	if d.Near != "" {
		pt, err := p.app.Geocode(r.Context(), d.Near)
		if err != nil {
			var e *model.Error
			if errors.As(err, &e) && e.Kind == model.KindInvalid {
				d.Places, d.MorePlaces, _ = p.app.MeetingPlaces(r.Context(), 3)
				u := url.Values{"attendance": {"online"}, "when": {d.When}}
				if d.When == "" {
					u.Set("when", "today")
				}
				if d.TZ != "" {
					u.Set("tz", d.TZ)
				}
				d.OnlineURL = "/meetings?" + u.Encode()
			}
			v.Data = d
			if app.PlaceNotListed(err) {
				// No meeting listed meets there (walk13 W13-6): say so, and
				// where the online meetings are, in place of "try a postal
				// code or a nearby city", which helps nobody there.
				v.Error = l.T("finder.place_none", "Place", d.Near)
				v.Fields = map[string]string{"near": l.T("finder.place_none_field")}
				p.render(w, r, http.StatusBadRequest, "meetings", v)
				return
			}
			p.fail(w, r, "meetings", v, err)
			return
		}
		fq.Near = &pt
	}
	pg, err := p.app.FindMeetingsPage(r.Context(), fq)
	if err != nil {
		v.Data = d
		p.fail(w, r, "meetings", v, err)
		return
	}
	d.Meetings, d.Total = pg.Meetings, pg.Total
	if len(d.Meetings) > 0 {
		d.Shown = fmt.Sprintf("%d–%d", fq.Offset+1, fq.Offset+len(d.Meetings))
	}
	pageURL := func(n int) string {
		u := url.Values{}
		for k, vs := range q {
			if k != "page" {
				u[k] = vs
			}
		}
		if n > 1 {
			u.Set("page", strconv.Itoa(n))
		}
		return "/meetings?" + u.Encode()
	}
	if d.Page > 1 {
		d.PrevURL = pageURL(d.Page - 1)
	}
	if fq.Offset+len(d.Meetings) < d.Total {
		d.NextURL = pageURL(d.Page + 1)
	}
	for _, c := range []option{{"now", l.T("finder.quick_now")}, {"tonight", l.T("finder.tonight")}, {"tomorrow-morning", l.T("finder.tomorrow_morning")}, {"week", l.T("finder.quick_week")}} {
		u := url.Values{"when": {c.Value}}
		if d.TZ != "" {
			u.Set("tz", d.TZ)
		}
		d.QuickURLs = append(d.QuickURLs, option{Value: "/meetings?" + u.Encode(), Label: c.Label})
	}
	v.Data = d
	p.render(w, r, http.StatusOK, "meetings", v)
}

// typeName names a Meeting Guide type code in l, from the translations
// Meeting Guide publishes (types.json); English where it has none.
func typeName(l *i18n.Lang, code string) string {
	names := importer.TypeNames[code]
	base, _ := l.Tag.Base()
	if n := names[base.String()]; n != "" {
		return n
	}
	if n := names["en"]; n != "" {
		return n
	}
	return code
}

func orAny(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// meetingData is what the meeting page needs.
type meetingData struct {
	M       any
	Ways    app.MeetingWays // where in the building, the call's notes and dial-in
	Next    *app.FoundMeeting
	Day     string // the weekday in the meeting's own zone
	Zone    *time.Location
	Label   string // the meeting's zone for people
	Differs bool   // the meeting's zone is not the viewer's
	// Weeks says which weeks of the month it is held, from its feed's
	// words ("2nd Saturday of the month"); WeeksOnly when those are the
	// only ones (not weeks it skips), Unsure when the words do not say
	// which (every other week).
	Weeks             string
	WeeksOnly, Unsure bool
	// Lang is the language the meeting is held in, by its types: its
	// feed's own words are marked as in it (lang="en" on a Spanish page).
	Lang string
	// Notes are the meeting's notes as the page shows them: "" when the
	// call's or the building's notes already hold all their words.
	Notes string
}

// sayOnce keeps each of a meeting's three notes only when no other one
// already holds all its words (whatever the spacing or case), so the page
// says each thing once: many feeds copy the call's ID and passcode into
// both the notes and the call's notes (69 of Orange County's meetings
// word for word). When two say the same, the notes keep it.
func sayOnce(notes, location, conference string) (string, string, string) {
	texts := []string{notes, location, conference}
	norm := make([]string, len(texts))
	for i, t := range texts {
		norm[i] = strings.ToLower(strings.Join(strings.Fields(t), " "))
	}
	held := func(i int) bool {
		for j := range texts {
			if j == i || norm[j] == "" || !strings.Contains(norm[j], norm[i]) {
				continue
			}
			// The same words twice: the first (the notes) keeps them.
			if norm[j] != norm[i] || j < i {
				return true
			}
		}
		return false
	}
	out := make([]string, len(texts))
	for i, t := range texts {
		if norm[i] != "" && !held(i) {
			out[i] = t
		}
	}
	return out[0], out[1], out[2]
}

// MeetingDetail shows one meeting: when in the viewer's zone and in its
// own, how to join or get there, and a calendar file.
func (p *Pages) MeetingDetail(w http.ResponseWriter, r *http.Request) {
	m, err := p.app.DirectoryMeeting(r.Context(), r.PathValue("source"), r.PathValue("slug"))
	if err != nil {
		var e *model.Error
		if errors.As(err, &e) && e.Kind == model.KindNotFound {
			p.render(w, r, http.StatusNotFound, "message", view{Title: p.tr(r, "meeting.not_found_title"), Error: p.tr(r, "meeting.not_found")})
			return
		}
		p.fail(w, r, "message", view{Title: p.tr(r, "meeting.error_title")}, err)
		return
	}
	loc, known := p.viewerZone(r)
	if !known {
		// Before the browser has told its zone (a first visit, from a
		// shared link), the next time is the meeting's own, named as
		// such, never "your time, UTC"; the page asks the browser and is
		// drawn again in the visitor's zone.
		if mz, err := time.LoadLocation(m.TimeZone); err == nil {
			loc = mz
		}
	}
	found, _, _ := p.app.FindMeetings(r.Context(), app.FinderQuery{Day: -1, Text: m.Name, TimeZone: loc.String()})
	d := meetingData{M: m, Ways: app.WaysTo(*m), Label: zones.LabelIn(p.viewerLang(r).Code, m.TimeZone), Lang: importer.MeetingLanguage(m.Types)}
	d.Notes, d.Ways.LocationNotes, d.Ways.ConferenceNotes = sayOnce(m.Notes, d.Ways.LocationNotes, d.Ways.ConferenceNotes)
	for i := range found {
		if found[i].Source == m.Source && found[i].Slug == m.Slug {
			d.Next = &found[i]
		}
	}
	if m.Day >= 0 && m.Day <= 6 {
		d.Day = p.viewerLang(r).WeekdayLong(time.Weekday(m.Day))
	}
	if d.Next != nil && d.Next.MonthWeeks != nil {
		d.Weeks = app.MonthWeeksIn(p.viewerLang(r), d.Next.MonthWeeks, m.Day)
		d.WeeksOnly, d.Unsure = !d.Next.MonthWeeks.Except, len(d.Next.MonthWeeks.Weeks) == 0
	}
	if mz, err := time.LoadLocation(m.TimeZone); err == nil {
		d.Zone = mz
		d.Differs = d.Next != nil && !sameClock(d.Next.Next, mz, loc)
	}
	p.render(w, r, http.StatusOK, "meeting", view{Title: m.Name, Zone: loc, ZoneKnown: known, Data: d})
}

// sameClock reports whether clocks in a and b read the same at t.
func sameClock(t time.Time, a, b *time.Location) bool {
	return t.In(a).Format("2006-01-02 15:04") == t.In(b).Format("2006-01-02 15:04")
}

// clockThereIn is an instant (a time.Time, model.Timestamp or RFC 3339
// string) as clocks in zone read it, when they read otherwise than the
// viewer's, in l: "Tue 8 Dec, 19:00 Pacific Time"; "" when they agree.
func clockThereIn(l *i18n.Lang, v any, zone string, viewer *time.Location) string {
	var t time.Time
	switch x := v.(type) {
	case time.Time:
		t = x
	case model.Timestamp:
		t = x.Time
	case string:
		var err error
		if t, err = parseRFC3339(x); err != nil {
			return ""
		}
	default:
		return ""
	}
	mz, err := time.LoadLocation(zone)
	if err != nil || viewer == nil || sameClock(t, mz, viewer) {
		return ""
	}
	return l.When(t, mz, t) + " " + zones.TimeNameIn(l.Code, zone)
}
