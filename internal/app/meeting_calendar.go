package app

import (
	"bytes"
	"context"
	"slices"
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
		// The file repeats it every week; its reader learns why, in the
		// feed's own words, where the calendar shows the meeting.
		if about != "" {
			about += "\n\n"
		}
		about += l.T("meeting_calendar.check_weeks", "Words", w.Words)
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
