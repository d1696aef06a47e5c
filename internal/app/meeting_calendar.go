package app

import (
	"bytes"
	"context"
	"slices"
	"strconv"
	"time"

	"github.com/kinshiprecovery/kinship/internal/i18n"
	"github.com/kinshiprecovery/kinship/internal/ical"
	"github.com/kinshiprecovery/kinship/internal/importer"
	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/store"
)

// DirectoryMeeting returns one active meeting by source and slug. Errors: not_found.
func (a *App) DirectoryMeeting(ctx context.Context, source, slug string) (*store.DirectoryMeeting, error) {
	mc, err := a.meetingIndex(ctx)
	if err != nil {
		return nil, err
	}
	for i := range mc.list {
		if mc.list[i].Source == source && mc.list[i].Slug == slug {
			m := mc.list[i]
			return &m, nil
		}
	}
	return nil, &model.Error{Kind: model.KindNotFound, Message: "meeting not found"}
}

// MeetingCalendar renders a directory meeting as an iCalendar file with a
// weekly rule in the meeting's own time zone; what the file adds in words
// is in l, the reader's language (a visitor's too: the page's or the
// browser's). Errors: not_found, invalid (a meeting by appointment has no
// time to add).
func (a *App) MeetingCalendar(ctx context.Context, source, slug string, l *i18n.Lang) ([]byte, error) {
	m, err := a.DirectoryMeeting(ctx, source, slug)
	if err != nil {
		return nil, err
	}
	if m.Day < 0 {
		return nil, &model.Error{Kind: model.KindInvalid, Message: "this meeting is by appointment; there is no time to add to a calendar",
			Fields: map[string]string{"id": "a meeting by appointment, with no time for a calendar"}}
	}
	loc, err := loadZone(m.TimeZone)
	if err != nil {
		return nil, err
	}
	now := a.now()
	weeks, monthly := importer.ReadMonthWeeks(m.Name, m.Notes, time.Weekday(m.Day))
	var w *importer.MonthWeeks
	if monthly {
		w = &weeks
	}
	start, end, ok := nextHeld(*m, w, now)
	if !ok {
		return nil, &model.Error{Kind: model.KindInvalid, Message: "this meeting has no usable time",
			Fields: map[string]string{"id": "a meeting with no usable time for a calendar"}}
	}
	local := start.In(loc)
	place := m.Location
	if m.Address != "" {
		if place != "" {
			place += ", "
		}
		place += m.Address
	}
	rule, sure := recurrenceOf(w, local.Weekday())
	about := m.Notes
	if !sure {
		// The file repeats it every week; its reader learns why where the
		// calendar shows the meeting, in the words the meeting's page
		// uses, in the reader's language (not the feed's English).
		if about != "" {
			about += "\n\n"
		}
		about += l.T("meeting_calendar.check_weeks", "Weeks", MonthWeeksIn(l, w, m.Day))
	}
	s := ical.Series{UID: source + "-" + slug + "@kinship", Title: m.Name, Description: about, StartLocal: time.Date(local.Year(), local.Month(), local.Day(), local.Hour(), local.Minute(), 0, 0, loc),
		Location: loc, Duration: end.Sub(start), Recurrence: rule,
		URL: m.ConferenceURL, Place: place, Updated: now}
	var buf bytes.Buffer
	if err := (ical.Calendar{Name: m.Name, Series: []ical.Series{s}, Now: now}).Encode(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// recurrenceOf is a meeting's repeat rule: weekly, or monthly on the weeks
// of the month its feed's words name ("2nd Saturday", "1st & 3rd Friday":
// BYDAY=1FR,3FR), or all the others ("no meeting on the 5th Friday").
// Words that say it is held on some weeks without saying which ("every
// other week": a feed gives no date it started from) leave it weekly, and
// sure false: the file must tell its reader to check with the group.
func recurrenceOf(w *importer.MonthWeeks, day time.Weekday) (ical.Recurrence, bool) {
	weekly := ical.Recurrence{Freq: ical.Weekly, Weekdays: []time.Weekday{day}}
	if w == nil {
		return weekly, true
	}
	weeks := w.Weeks
	if w.Except {
		weeks = nil
		for n := 1; n <= 5; n++ {
			if !slices.Contains(w.Weeks, n) {
				weeks = append(weeks, n)
			}
		}
		if slices.Contains(w.Weeks, -1) || len(weeks) == 0 {
			return weekly, false // "not on the last": no rule of weeks says it
		}
	}
	monthly := ical.Recurrence{Freq: ical.Monthly, Weekdays: []time.Weekday{day}, MonthWeeks: weeks}
	if len(weeks) == 0 || monthly.Validate() != nil {
		return weekly, false
	}
	if len(weeks) == 1 && weeks[0] <= 4 {
		monthly.MonthWeek, monthly.MonthWeeks = weeks[0], nil
	}
	return monthly, true
}

// MonthWeeksIn says in l which weeks of the month a meeting on weekday day
// is held, from its feed's words: "2nd Saturday of the month", "not on the
// 2nd Thursday of the month", or, when they do not say which, "every other
// Sunday" ("un domingo sí y otro no"): Kinship's words in the reader's
// language, never the feed's English inside a Spanish sentence (walk5
// W5-14); the feed's own words stay in the API (month_weeks.words). ""
// for a meeting held every week. The meeting's page and its calendar file
// both say it so.
func MonthWeeksIn(l *i18n.Lang, w *importer.MonthWeeks, day int) string {
	if w == nil || day < 0 || day > 6 {
		return ""
	}
	if len(w.Weeks) == 0 {
		// The only words read without weeks say every other week
		// (importer's everyOther: "every other Sunday", "biweekly",
		// "cada dos semanas").
		return l.T("meeting.every_other", "Weekday", l.WeekdayLong(time.Weekday(day)))
	}
	var names []string
	for _, n := range w.Weeks {
		if n == -1 {
			names = append(names, l.T("meeting.week.last"))
		} else {
			names = append(names, l.T("meeting.week."+strconv.Itoa(n)))
		}
	}
	id := "meeting.month_weeks"
	if w.Except {
		id = "meeting.month_weeks_except"
	}
	return l.T(id, "Weeks", l.List(names), "Weekday", l.WeekdayLong(time.Weekday(day)))
}
