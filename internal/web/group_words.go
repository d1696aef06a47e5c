package web

import (
	"html/template"
	"strings"
	"time"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/i18n"
	"github.com/kinshiprecovery/kinship/internal/ical"
	"github.com/kinshiprecovery/kinship/internal/zones"
)

// scheduleIn says in l when a group's meeting series meets, in its own
// zone, named as people say it: "Every week on Monday, Thursday at 19:00
// Central Time" ("Cada semana (lunes, jueves), 19:00 Hora central"). A series whose
// start cannot be read keeps the words the app gave.
func scheduleIn(l *i18n.Lang, m app.GroupMeetingView) string {
	loc, err := time.LoadLocation(m.TimeZone)
	if err != nil {
		return m.Schedule
	}
	start, err := time.ParseInLocation("2006-01-02T15:04", m.StartLocal, loc)
	if err != nil {
		return m.Schedule
	}
	at := l.Clock(start) + " " + zones.TimeNameIn(l.Code, loc.String())
	var days []string
	for _, d := range m.Recurrence.Weekdays {
		// A series keeps its days as they were given: "tue" from the page,
		// "TU" or "Tuesday" through the API.
		if wd, err := ical.ParseWeekday(d); err == nil {
			days = append(days, l.WeekdayLong(wd))
		}
	}
	list := listIn(l, days)
	switch strings.ToLower(m.Recurrence.Freq) {
	case "weekly":
		if m.Recurrence.Interval <= 1 {
			switch weekdaySet(m.Recurrence.Weekdays) {
			case everyDay:
				return l.T("group.sched_daily", "Time", at)
			case mondayToFriday:
				return l.T("group.sched_weekdays", "Time", at)
			}
		}
		if m.Recurrence.Interval > 1 {
			return l.T("group.sched_weeks", "Count", m.Recurrence.Interval, "Days", list, "Time", at)
		}
		return l.T("group.sched_weekly", "Days", list, "Time", at)
	case "monthly":
		nth := map[int]string{1: "group.nth_1", 2: "group.nth_2", 3: "group.nth_3", 4: "group.nth_4", -1: "group.nth_last"}[m.Recurrence.MonthWeek]
		if nth == "" {
			return m.Schedule
		}
		return l.T("group.sched_monthly", "Nth", l.T(nth), "Days", list, "Time", at)
	}
	return l.T("group.sched_once", "Date", l.WeekdayLong(start.Weekday())+" "+l.LongDate(start), "Time", at)
}

// everyDay and mondayToFriday are weekdaySet's answers for the sets people
// name in one word.
const (
	everyDay       = "every day"
	mondayToFriday = "monday to friday"
)

// weekdaySet names a set of weekday codes people say as one ("every day",
// "monday to friday"), or "".
func weekdaySet(codes []string) string {
	seen := map[time.Weekday]bool{}
	for _, c := range codes {
		if wd, err := ical.ParseWeekday(c); err == nil {
			seen[wd] = true
		}
	}
	switch {
	case len(seen) == 7:
		return everyDay
	case len(seen) == 5 && !seen[time.Saturday] && !seen[time.Sunday]:
		return mondayToFriday
	}
	return ""
}

var weekdayByCode = map[string]time.Weekday{"sun": time.Sunday, "mon": time.Monday, "tue": time.Tuesday, "wed": time.Wednesday,
	"thu": time.Thursday, "fri": time.Friday, "sat": time.Saturday}

// weekdayOptionsIn are the days offered when scheduling, Monday first,
// named in l.
func weekdayOptionsIn(l *i18n.Lang) []option {
	var out []option
	for _, c := range []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"} {
		out = append(out, option{c, l.WeekdayLong(weekdayByCode[c])})
	}
	return out
}

// outLink is a link to another site (an online meeting) that tells it
// nothing of where the person came from; only http(s) addresses link.
func outLink(href, text string) template.HTML {
	if !strings.HasPrefix(href, "https://") && !strings.HasPrefix(href, "http://") {
		return template.HTML(template.HTMLEscapeString(text))
	}
	return template.HTML(`<a href="` + template.HTMLEscapeString(href) + `" rel="noopener noreferrer">` + template.HTMLEscapeString(text) + `</a>`)
}

// downloadLink is a link to a file of Kinship's own (a local path).
func downloadLink(path, text string) template.HTML {
	if localNext(path) != path {
		return template.HTML(template.HTMLEscapeString(text))
	}
	return template.HTML(`<a href="` + template.HTMLEscapeString(path) + `" download>` + template.HTMLEscapeString(text) + `</a>`)
}
