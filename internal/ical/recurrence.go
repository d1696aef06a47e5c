// Package ical is the pure core for peer-group meetings: it expands recurring
// meetings in a named IANA time zone and writes RFC 5545 iCalendar feeds.
// It does no I/O; the app layer feeds it data and the current time.
//
// Wall-clock times are kept in the meeting's zone, so a 19:00 meeting stays at
// 19:00 local time on both sides of a daylight-saving change and its UTC instant
// moves instead. A local time that does not exist or exists twice is resolved as
// RFC 5545 section 3.3.5 asks, which is also what calendar clients do:
//
//   - a nonexistent time (in the spring-forward gap) is read with the UTC offset
//     in force before the change, which shifts it forward by the length of the
//     gap: 02:30 on the day Chicago jumps from 02:00 to 03:00 becomes 03:30 CDT;
//   - an ambiguous time (in the fall-back overlap) takes the first of its two
//     instants: 01:30 on the day Chicago falls back is 01:30 CDT, not CST.
//
// Go's time.Date makes no such promise (it picks differently per zone), so the
// package resolves local times itself.
package ical

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/kinshiprecovery/kinship/internal/model"
)

// Freq says how a meeting repeats.
type Freq string

// The supported frequencies.
const (
	Once    Freq = "once"
	Weekly  Freq = "weekly"
	Monthly Freq = "monthly"
)

// Limits a recurrence must respect; Validate reports values outside them.
const (
	MaxWeeklyInterval  = 52
	MaxMonthlyInterval = 12
	MaxCount           = 1000
)

// Recurrence is the repeat rule of a meeting series. The first meeting is the
// first day on or after the series start that matches the rule.
type Recurrence struct {
	// Freq is Once, Weekly or Monthly.
	Freq Freq
	// Interval repeats every N weeks or months; 0 or 1 means every one.
	// Weeks start on Monday (RFC 5545 WKST=MO).
	Interval int
	// Weekdays lists the days of a weekly meeting, or the single weekday of a
	// monthly one (the Tuesday in "2nd Tuesday").
	Weekdays []time.Weekday
	// MonthWeek picks the week of a monthly meeting: 1 to 4, or -1 for last.
	MonthWeek int
	// MonthWeeks, for a monthly meeting held on more than one week of the
	// month ("1st & 3rd Friday"), names them instead of MonthWeek: 1 to 5,
	// or -1 for the last; a 5th week is met only in the months that have
	// one, and a week named twice in a month (4th and last) meets once.
	MonthWeeks []int
	// Until is an optional inclusive end date. Only its calendar date, read
	// in the Time's own location, is used: meetings on that local date count.
	Until *time.Time
	// Count optionally stops the series after this many meetings, cancelled
	// ones included (as RFC 5545 COUNT does).
	Count int
}

// interval returns the effective interval, treating 0 as 1.
func (r Recurrence) interval() int {
	if r.Interval <= 1 {
		return 1
	}
	return r.Interval
}

// Validate reports every problem with r as an invalid-kind *model.Error with
// one message per field (freq, interval, weekdays, month_week, until, count),
// worded so that the person scheduling the meeting can fix it.
func (r Recurrence) Validate() error {
	f := model.FieldErrors{}
	r.check(f)
	return f.Err()
}

func (r Recurrence) check(f model.FieldErrors) {
	if r.Count < 0 {
		f.Add("count", "the number of meetings can't be negative")
	} else if r.Count > MaxCount {
		f.AddMsg("count", model.NewMsg("apperrf.series_count_max", fmt.Sprintf("a series can have at most %s meetings; leave the number empty to keep it going", model.Thousands(MaxCount)), "Count", MaxCount))
	}
	if r.Until != nil && r.Until.IsZero() {
		f.Add("until", "choose an end date, or leave it empty")
	}
	if r.Until != nil && r.Count > 0 {
		f.Add("until", "choose either an end date or a number of meetings, not both")
	}
	for i, d := range r.Weekdays {
		if d < time.Sunday || d > time.Saturday {
			f.AddMsg("weekdays", model.NewMsg("apperrf.weekday_number_unknown", fmt.Sprintf("%d is not a day of the week", int(d)), "Day", int(d)))
		} else if slices.Contains(r.Weekdays[:i], d) {
			f.AddMsg("weekdays", model.NewMsg("apperrf.weekday_twice", fmt.Sprintf("%s is picked more than once", d), "Day", weekdayLong(d)))
		}
	}

	switch r.Freq {
	case Once:
		if len(r.Weekdays) > 0 {
			f.Add("weekdays", "a one-time meeting has no repeat days; choose weekly to repeat it")
		}
		if r.Interval < 0 || r.Interval > 1 {
			f.Add("interval", "a one-time meeting does not repeat; choose weekly or monthly to repeat it")
		}
		if r.MonthWeek != 0 || len(r.MonthWeeks) > 0 {
			f.Add("month_week", "a one-time meeting has no week of the month; choose monthly to repeat it")
		}
		if r.Until != nil || r.Count != 0 {
			f.Add("until", "a one-time meeting has no end date or number of meetings")
		}
	case Weekly:
		if len(r.Weekdays) == 0 {
			f.Add("weekdays", "pick at least one day of the week")
		}
		if r.Interval < 0 || r.Interval > MaxWeeklyInterval {
			f.AddMsg("interval", model.NewMsg("apperrf.interval_weeks", fmt.Sprintf("repeat every 1 to %d weeks", MaxWeeklyInterval), "Count", MaxWeeklyInterval))
		}
		if r.MonthWeek != 0 || len(r.MonthWeeks) > 0 {
			f.Add("month_week", "only monthly meetings have a week of the month")
		}
	case Monthly:
		if len(r.Weekdays) != 1 {
			f.Add("weekdays", "pick exactly one day of the week, such as Tuesday for the 2nd Tuesday of the month")
		}
		if r.Interval < 0 || r.Interval > MaxMonthlyInterval {
			f.AddMsg("interval", model.NewMsg("apperrf.interval_months", fmt.Sprintf("repeat every 1 to %d months", MaxMonthlyInterval), "Count", MaxMonthlyInterval))
		}
		switch {
		case len(r.MonthWeeks) > 0:
			for i, w := range r.MonthWeeks {
				if (w != -1 && (w < 1 || w > 5)) || slices.Contains(r.MonthWeeks[:i], w) || r.MonthWeek != 0 {
					f.Add("month_week", "choose the 1st, 2nd, 3rd, 4th or last week of the month")
					break
				}
			}
		case r.MonthWeek != -1 && (r.MonthWeek < 1 || r.MonthWeek > 4):
			f.Add("month_week", "choose the 1st, 2nd, 3rd, 4th or last week of the month")
		}
	case "":
		f.Add("freq", `choose how the meeting repeats: "once", "weekly" or "monthly"`)
	default:
		f.AddMsg("freq", model.NewMsg("apperrf.freq_unknown", fmt.Sprintf(`%q is not a repeat option; choose "once", "weekly" or "monthly"`, string(r.Freq)), "Freq", string(r.Freq)))
	}
}

// weekOffsets returns the distinct weekdays of r as days after Monday (0..6),
// in the order a Monday-based week meets them.
func (r Recurrence) weekOffsets() []int {
	offs := make([]int, 0, len(r.Weekdays))
	for _, d := range r.Weekdays {
		if o := mondayOffset(d); !slices.Contains(offs, o) {
			offs = append(offs, o)
		}
	}
	slices.Sort(offs)
	return offs
}

// monthWeeks returns the weeks of the month a monthly r meets on.
func (r Recurrence) monthWeeks() []int {
	if len(r.MonthWeeks) > 0 {
		return r.MonthWeeks
	}
	return []int{r.MonthWeek}
}

// mondayOffset returns how many days d falls after Monday.
func mondayOffset(d time.Weekday) int { return (int(d) + 6) % 7 }

var rfcDays = [7]string{"SU", "MO", "TU", "WE", "TH", "FR", "SA"}

// rrule returns the RFC 5545 RRULE value for r, or "" for a one-time meeting.
// until is the UTC instant that ends the series, already computed by the
// caller from r.Until and the series' zone.
func (r Recurrence) rrule(until time.Time) string {
	var b strings.Builder
	switch r.Freq {
	case Weekly:
		fmt.Fprintf(&b, "FREQ=WEEKLY;INTERVAL=%d", r.interval())
		if r.interval() > 1 {
			b.WriteString(";WKST=MO")
		}
		b.WriteString(";BYDAY=")
		for i, o := range r.weekOffsets() {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(rfcDays[(o+1)%7])
		}
	case Monthly:
		fmt.Fprintf(&b, "FREQ=MONTHLY;INTERVAL=%d;BYDAY=", r.interval())
		for i, w := range r.monthWeeks() {
			if i > 0 {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, "%d%s", w, rfcDays[r.Weekdays[0]])
		}
	default:
		return ""
	}
	if r.Count > 0 {
		fmt.Fprintf(&b, ";COUNT=%d", r.Count)
	} else if r.Until != nil {
		b.WriteString(";UNTIL=" + until.UTC().Format(utcFormat))
	}
	return b.String()
}

var weekdayNames = map[string]time.Weekday{
	"sun": time.Sunday, "sunday": time.Sunday, "su": time.Sunday,
	"mon": time.Monday, "monday": time.Monday, "mo": time.Monday,
	"tue": time.Tuesday, "tues": time.Tuesday, "tuesday": time.Tuesday, "tu": time.Tuesday,
	"wed": time.Wednesday, "wednesday": time.Wednesday, "we": time.Wednesday,
	"thu": time.Thursday, "thur": time.Thursday, "thurs": time.Thursday, "thursday": time.Thursday, "th": time.Thursday,
	"fri": time.Friday, "friday": time.Friday, "fr": time.Friday,
	"sat": time.Saturday, "saturday": time.Saturday, "sa": time.Saturday,
	// Spanish, with and without accents.
	"dom": time.Sunday, "domingo": time.Sunday,
	"lun": time.Monday, "lunes": time.Monday,
	"mar": time.Tuesday, "martes": time.Tuesday,
	"mié": time.Wednesday, "mie": time.Wednesday, "miércoles": time.Wednesday, "miercoles": time.Wednesday,
	"jue": time.Thursday, "jueves": time.Thursday,
	"vie": time.Friday, "viernes": time.Friday,
	"sáb": time.Saturday, "sab": time.Saturday, "sábado": time.Saturday, "sabado": time.Saturday,
}

// weekdayLong is d's full name as a catalog message ("Monday", "lunes").
func weekdayLong(d time.Weekday) *model.Msg {
	return model.NewMsg("date.weekday."+strings.ToLower(d.String()[:3]), d.String())
}

// ParseWeekday reads a day of the week, case-insensitively: English
// abbreviations and names ("mon", "Monday"), RFC 5545 codes ("MO") and
// Spanish ones ("lun", "miércoles"). Anything else is an invalid-kind
// *model.Error that lists the accepted forms.
func ParseWeekday(s string) (time.Weekday, error) {
	if d, ok := weekdayNames[strings.ToLower(strings.TrimSpace(s))]; ok {
		return d, nil
	}
	return 0, model.ErrMsg(model.KindInvalid, model.NewMsg("apperrf.weekday_unknown_use", fmt.Sprintf("%q is not a day of the week; use mon, tue, wed, thu, fri, sat or sun", s), "Day", s))
}
