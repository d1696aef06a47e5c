// Package recovery computes recovery time and milestones from a start date
// and any return-to-use dates, in the person's own time zone. It has no I/O.
//
// Days are calendar days in the person's zone: a daylight-saving change or
// a trip across zones neither loses nor doubles a day. A return to use
// restarts the current streak; the cumulative figure keeps every day in
// recovery since the start, so progress is never erased.
package recovery

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Date is a calendar date without a time zone.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// ParseDate reads "2006-01-02".
func ParseDate(s string) (Date, error) {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return Date{}, fmt.Errorf("use a date like 2024-03-15")
	}
	return Date{t.Year(), t.Month(), t.Day()}, nil
}

// DateOf is the calendar date of instant t in loc.
func DateOf(t time.Time, loc *time.Location) Date {
	y, m, d := t.In(loc).Date()
	return Date{y, m, d}
}

// String formats the date as 2006-01-02.
func (d Date) String() string { return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day) }

// days counts days since an epoch, computed in UTC so no zone can stretch a day.
func (d Date) days() int {
	return int(time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, time.UTC).Unix() / 86400)
}

// Sub returns the number of calendar days from e to d.
func (d Date) Sub(e Date) int { return d.days() - e.days() }

// Before reports whether d is earlier than e.
func (d Date) Before(e Date) bool { return d.days() < e.days() }

// AddDays returns the date n days later.
func (d Date) AddDays(n int) Date {
	t := time.Date(d.Year, d.Month, d.Day+n, 12, 0, 0, 0, time.UTC)
	return Date{t.Year(), t.Month(), t.Day()}
}

// Milestone is a point worth celebrating.
type Milestone struct {
	Label string `json:"label"`
	Days  int    `json:"days,omitempty"` // for day-based milestones
	Date  string `json:"date"`           // the date it is (or was) reached
}

// Status is a person's recovery time on a given day.
type Status struct {
	Start          string      `json:"start"`
	StreakStart    string      `json:"streak_start"`
	StreakDays     int         `json:"streak_days"`
	CumulativeDays int         `json:"cumulative_days"`
	Returns        int         `json:"returns_to_use"`
	Reached        []Milestone `json:"milestones_reached"`
	Next           *Milestone  `json:"next_milestone"`
}

// Compute returns the status on today for a start date and return-to-use
// dates (any order; those before the start or after today are ignored).
// A return-to-use day does not count as a day in recovery; the streak
// restarts the day after it.
func Compute(start Date, returns []Date, today Date) Status {
	rs := make([]Date, 0, len(returns))
	for _, r := range returns {
		if !r.Before(start) && !today.Before(r) {
			rs = append(rs, r)
		}
	}
	sort.Slice(rs, func(i, j int) bool { return rs[i].Before(rs[j]) })
	st := Status{Start: start.String(), Returns: len(rs), Reached: []Milestone{}}
	if today.Before(start) {
		st.StreakStart = start.String()
		st.Next = next(start, 0, today)
		return st
	}
	streakStart := start
	cumulative := 0
	seen := map[Date]bool{}
	for _, r := range rs {
		if seen[r] {
			continue
		}
		seen[r] = true
		cumulative += r.Sub(streakStart)
		streakStart = r.AddDays(1)
	}
	streak := today.Sub(streakStart)
	if streak < 0 {
		streak = 0 // the return to use was today
	}
	cumulative += streak
	st.StreakStart = streakStart.String()
	st.StreakDays = streak
	st.CumulativeDays = cumulative
	st.Reached = reached(streakStart, today)
	st.Next = next(streakStart, streak, today)
	return st
}

// ParseLabel reads a milestone's label ("24 hours", "90 days", "9
// months", "1 year", "3 years") as its count and unit (hours, days,
// months or years); ok is false for a label of another shape.
func ParseLabel(label string) (count int, unit string, ok bool) {
	n, u, found := strings.Cut(label, " ")
	count, err := strconv.Atoi(n)
	if !found || err != nil {
		return 0, "", false
	}
	switch u {
	case "hour", "hours":
		return count, "hours", true
	case "day", "days":
		return count, "days", true
	case "month", "months":
		return count, "months", true
	case "year", "years":
		return count, "years", true
	}
	return 0, "", false
}

// milestoneDays are the day-based milestones; months and years are added
// by calendar below.
var milestoneDays = []struct {
	days  int
	label string
}{{1, "24 hours"}, {7, "7 days"}, {30, "30 days"}, {60, "60 days"}, {90, "90 days"}}

// candidates lists the milestones of a streak starting at s, in order, up to
// the given horizon.
func candidates(s Date, horizonYears int) []Milestone {
	var out []Milestone
	for _, m := range milestoneDays {
		out = append(out, Milestone{Label: m.label, Days: m.days, Date: s.AddDays(m.days).String()})
	}
	for _, months := range []int{6, 9} {
		d := addMonths(s, months)
		out = append(out, Milestone{Label: fmt.Sprintf("%d months", months), Days: d.Sub(s), Date: d.String()})
	}
	for y := 1; y <= horizonYears; y++ {
		d := addMonths(s, 12*y)
		label := "1 year"
		if y > 1 {
			label = fmt.Sprintf("%d years", y)
		}
		out = append(out, Milestone{Label: label, Days: d.Sub(s), Date: d.String()})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Days < out[j].Days })
	return out
}

// Span is the time from d to e as people say it, in whole years, months
// and days by calendar ("8 years, 8 months and 25 days"), counted as the
// milestones are: on the day a "1 year" milestone falls the span is one
// year and nothing more, from 31 January to 28 February it is one month.
// It is zero when e is not after d.
func (d Date) Span(e Date) (years, months, days int) {
	if !d.Before(e) {
		return 0, 0, 0
	}
	m := (e.Year-d.Year)*12 + int(e.Month) - int(d.Month)
	if e.Before(addMonths(d, m)) {
		m--
	}
	return m / 12, m % 12, e.Sub(addMonths(d, m))
}

// StreakSpan is the current stretch (StreakStart to today) as Span gives
// it; zero for a status with no stretch under way.
func (s Status) StreakSpan() (years, months, days int) {
	start, err := ParseDate(s.StreakStart)
	if err != nil || s.StreakDays <= 0 {
		return 0, 0, 0
	}
	return start.Span(start.AddDays(s.StreakDays))
}

// addMonths adds months by calendar, keeping the day or, when the month is
// shorter (31 Jan + 1 month), using its last day.
func addMonths(d Date, n int) Date {
	first := time.Date(d.Year, d.Month+time.Month(n), 1, 12, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	day := d.Day
	if day > last {
		day = last
	}
	return Date{first.Year(), first.Month(), day}
}

func reached(s, today Date) []Milestone {
	years := today.Year - s.Year + 1
	out := []Milestone{}
	for _, m := range candidates(s, years) {
		if m.Days <= today.Sub(s) {
			out = append(out, m)
		}
	}
	return out
}

func next(s Date, streak int, today Date) *Milestone {
	years := today.Year - s.Year + 2
	for _, m := range candidates(s, years) {
		if m.Days > streak {
			mm := m
			return &mm
		}
	}
	return nil
}
