package ical

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// localStarts formats occurrence starts as local "2006-01-02 15:04", with a
// mark for cancelled (x) and moved (>) ones.
func localStarts(occ []Occurrence) string {
	parts := make([]string, len(occ))
	for i, o := range occ {
		parts[i] = o.Start.Format("2006-01-02 15:04")
		if o.Cancelled {
			parts[i] += "x"
		}
		if o.Moved {
			parts[i] += ">"
		}
	}
	return strings.Join(parts, " ")
}

func TestOccurrencePatterns(t *testing.T) {
	chi := mustLoad(t, "America/Chicago")
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 19, 0, 0, 0, chi) }
	until := func(t time.Time) *time.Time { return &t }
	tests := []struct {
		name  string
		start time.Time
		r     Recurrence
		max   int
		want  string
	}{
		{"several weekdays", day(2026, 1, 7), Recurrence{Freq: Weekly, Weekdays: []time.Weekday{time.Friday, time.Monday, time.Wednesday}}, 5,
			"2026-01-07 19:00 2026-01-09 19:00 2026-01-12 19:00 2026-01-14 19:00 2026-01-16 19:00"},
		{"start before the first weekday", day(2026, 1, 1), Recurrence{Freq: Weekly, Weekdays: []time.Weekday{time.Tuesday}}, 2,
			"2026-01-06 19:00 2026-01-13 19:00"},
		{"every 2 weeks", day(2026, 1, 6), Recurrence{Freq: Weekly, Interval: 2, Weekdays: []time.Weekday{time.Tuesday, time.Thursday}}, 5,
			"2026-01-06 19:00 2026-01-08 19:00 2026-01-20 19:00 2026-01-22 19:00 2026-02-03 19:00"},
		{"every 2 weeks counts from the start's Monday week", day(2026, 1, 8), Recurrence{Freq: Weekly, Interval: 2, Weekdays: []time.Weekday{time.Monday}}, 3,
			"2026-01-19 19:00 2026-02-02 19:00 2026-02-16 19:00"},
		{"2nd Tuesday", day(2026, 1, 1), Recurrence{Freq: Monthly, MonthWeek: 2, Weekdays: []time.Weekday{time.Tuesday}}, 5,
			"2026-01-13 19:00 2026-02-10 19:00 2026-03-10 19:00 2026-04-14 19:00 2026-05-12 19:00"},
		{"last Friday", day(2026, 1, 1), Recurrence{Freq: Monthly, MonthWeek: -1, Weekdays: []time.Weekday{time.Friday}}, 5,
			"2026-01-30 19:00 2026-02-27 19:00 2026-03-27 19:00 2026-04-24 19:00 2026-05-29 19:00"},
		{"4th Thursday", day(2026, 10, 1), Recurrence{Freq: Monthly, MonthWeek: 4, Weekdays: []time.Weekday{time.Thursday}}, 3,
			"2026-10-22 19:00 2026-11-26 19:00 2026-12-24 19:00"},
		{"every 3 months, first month already past", day(2026, 1, 15), Recurrence{Freq: Monthly, Interval: 3, MonthWeek: 1, Weekdays: []time.Weekday{time.Monday}}, 0,
			"2026-04-06 19:00 2026-07-06 19:00 2026-10-05 19:00"},
		{"until is inclusive", day(2026, 1, 6), Recurrence{Freq: Weekly, Weekdays: []time.Weekday{time.Tuesday}, Until: until(time.Date(2026, 1, 27, 0, 0, 0, 0, chi))}, 0,
			"2026-01-06 19:00 2026-01-13 19:00 2026-01-20 19:00 2026-01-27 19:00"},
		// 19:00 in Chicago on the 27th is already the 28th in UTC; the date counts.
		{"until is a local date", day(2026, 1, 6), Recurrence{Freq: Weekly, Weekdays: []time.Weekday{time.Tuesday}, Until: until(time.Date(2026, 1, 27, 0, 0, 0, 0, time.UTC))}, 0,
			"2026-01-06 19:00 2026-01-13 19:00 2026-01-20 19:00 2026-01-27 19:00"},
		{"count", day(2026, 1, 6), Recurrence{Freq: Weekly, Weekdays: []time.Weekday{time.Tuesday, time.Thursday}, Count: 3}, 0,
			"2026-01-06 19:00 2026-01-08 19:00 2026-01-13 19:00"},
		{"monthly count", day(2026, 1, 1), Recurrence{Freq: Monthly, MonthWeek: -1, Weekdays: []time.Weekday{time.Friday}, Count: 2}, 0,
			"2026-01-30 19:00 2026-02-27 19:00"},
		{"once", day(2026, 5, 5), Recurrence{Freq: Once}, 0, "2026-05-05 19:00"},
		{"max", day(2026, 1, 6), Recurrence{Freq: Weekly, Weekdays: []time.Weekday{time.Tuesday}}, 1, "2026-01-06 19:00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := Series{UID: "u", Title: "t", Location: chi, StartLocal: tt.start, Duration: time.Hour, Recurrence: tt.r}
			if err := s.Validate(); err != nil {
				t.Fatal(err)
			}
			occ := s.Occurrences(time.Date(2025, 12, 1, 0, 0, 0, 0, chi), time.Date(2027, 1, 1, 0, 0, 0, 0, chi), tt.max)
			if got := localStarts(occ); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

// TestOccurrencesWindow checks that a window far from the start sees the
// same meetings as a walk from the beginning, with from inclusive and to
// exclusive.
func TestOccurrencesWindow(t *testing.T) {
	lon := mustLoad(t, "Europe/London")
	for _, r := range []Recurrence{
		{Freq: Weekly, Interval: 3, Weekdays: []time.Weekday{time.Sunday, time.Wednesday}},
		{Freq: Monthly, Interval: 5, MonthWeek: -1, Weekdays: []time.Weekday{time.Saturday}},
	} {
		s := Series{UID: "u", Title: "t", Location: lon, StartLocal: time.Date(2024, 2, 14, 18, 15, 0, 0, lon), Duration: time.Hour, Recurrence: r}
		all := s.Occurrences(s.StartLocal, time.Date(2031, 1, 1, 0, 0, 0, 0, lon), 0)
		if len(all) < 10 {
			t.Fatalf("%v: only %d occurrences", r, len(all))
		}
		for i := 3; i < len(all)-3; i += 4 {
			got := s.Occurrences(all[i].Start, all[i+3].Start, 0)
			if localStarts(got) != localStarts(all[i:i+3]) {
				t.Errorf("%v window %d: got %s, want %s", r.Freq, i, localStarts(got), localStarts(all[i:i+3]))
			}
		}
	}
}

func TestCancelledAndMoved(t *testing.T) {
	chi := mustLoad(t, "America/Chicago")
	at := func(m time.Month, d, h int) time.Time { return time.Date(2026, m, d, h, 0, 0, 0, chi) }
	s := weeklySeries(chi, at(3, 3, 19), time.Tuesday)
	s.Cancelled = []time.Time{at(3, 10, 19).UTC(), at(3, 31, 19)}
	s.Overrides = map[time.Time]Override{
		at(3, 17, 19).UTC(): {Start: at(3, 18, 18), Duration: 2 * time.Hour}, // UTC key still matches
		at(3, 24, 19):       {Start: at(5, 1, 12)},                           // moved out of the window
		at(3, 31, 19):       {Start: at(4, 1, 19)},                           // cancelled wins
		at(3, 19, 19):       {Start: at(3, 20, 19)},                          // not a meeting: ignored
		at(4, 28, 19):       {Start: at(4, 2, 7)},                            // moved into the window
	}
	occ := s.Occurrences(at(3, 1, 0), at(4, 15, 0), 0)
	want := "2026-03-03 19:00 2026-03-10 19:00x 2026-03-18 18:00> 2026-03-31 19:00x 2026-04-02 07:00> 2026-04-07 19:00 2026-04-14 19:00"
	if got := localStarts(occ); got != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
	moved := occ[2]
	if !moved.Original.Equal(at(3, 17, 19)) || moved.End.Sub(moved.Start) != 2*time.Hour {
		t.Errorf("moved occurrence = %+v, want original 03-17 19:00 and 2h", moved)
	}
	if occ[4].End.Sub(occ[4].Start) != time.Hour {
		t.Errorf("an override without a duration keeps the series' hour, got %s", occ[4].End.Sub(occ[4].Start))
	}
	if got := s.Occurrences(at(3, 1, 0), at(4, 15, 0), 3); localStarts(got) != "2026-03-03 19:00 2026-03-10 19:00x 2026-03-18 18:00>" {
		t.Errorf("max 3 = %s", localStarts(got))
	}
	if got := s.Occurrences(at(4, 30, 0), at(5, 2, 0), 0); localStarts(got) != "2026-05-01 12:00>" {
		t.Errorf("moved out to May 1: got %s", localStarts(got))
	}

	// Validate names the stale override.
	err := s.Validate()
	fields := fieldErrors(t, err)
	if !strings.Contains(fields["overrides"], "Thu 2026-03-19 19:00 CDT is not one of this meeting's dates") {
		t.Errorf("overrides message = %q", fields["overrides"])
	}
	s.Cancelled = append(s.Cancelled, at(3, 10, 20))
	if fields := fieldErrors(t, s.Validate()); !strings.Contains(fields["cancelled"], "Tue 2026-03-10 20:00 CDT is not one of this meeting's dates") {
		t.Errorf("cancelled message = %q", fields["cancelled"])
	}
}

func TestNext(t *testing.T) {
	chi := mustLoad(t, "America/Chicago")
	at := func(m time.Month, d, h int) time.Time { return time.Date(2026, m, d, h, 0, 0, 0, chi) }
	s := weeklySeries(chi, at(3, 3, 19), time.Tuesday)
	s.Recurrence.Count = 5 // Mar 3, 10, 17, 24, 31
	s.Cancelled = []time.Time{at(3, 10, 19), at(3, 17, 19)}
	s.Overrides = map[time.Time]Override{at(3, 31, 19): {Start: at(3, 23, 9)}}
	tests := []struct {
		after time.Time
		want  string // "" when there is none
	}{
		{at(1, 1, 0), "2026-03-03 19:00"},
		{at(3, 3, 19), "2026-03-23 09:00>"}, // strictly after; cancelled skipped; moved earlier
		{at(3, 23, 9), "2026-03-24 19:00"},
		{at(3, 24, 19), ""},
	}
	for _, tt := range tests {
		o, ok := s.Next(tt.after)
		got := ""
		if ok {
			got = localStarts([]Occurrence{o})
		}
		if got != tt.want {
			t.Errorf("Next(%s) = %q, want %q", tt.after.Format(time.DateTime), got, tt.want)
		}
	}
	if _, ok := (Series{}).Next(at(1, 1, 0)); ok {
		t.Error("an empty series has a next meeting")
	}
}

func TestSeriesValidate(t *testing.T) {
	chi := mustLoad(t, "America/Chicago")
	valid := weeklySeries(chi, time.Date(2026, 1, 6, 19, 0, 0, 0, chi), time.Tuesday)
	if err := valid.Validate(); err != nil {
		t.Fatalf("valid series: %v", err)
	}
	before := time.Date(2026, 1, 5, 0, 0, 0, 0, chi)
	tests := []struct {
		name   string
		change func(*Series)
		field  string
		msg    string
	}{
		{"no uid", func(s *Series) { s.UID = " " }, "uid", "needs a UID"},
		{"no title", func(s *Series) { s.Title = "" }, "title", "give the meeting a name"},
		{"no zone", func(s *Series) { s.Location = nil }, "time_zone", "such as America/Chicago"},
		{"local zone", func(s *Series) { s.Location = time.Local }, "time_zone", "choose a named time zone"},
		{"no start", func(s *Series) { s.StartLocal = time.Time{} }, "start", "date and time of the first meeting"},
		{"no duration", func(s *Series) { s.Duration = 0 }, "duration", "how long the meeting lasts"},
		{"too long", func(s *Series) { s.Duration = 25 * time.Hour }, "duration", "at most 24 hours"},
		{"negative sequence", func(s *Series) { s.Sequence = -1 }, "sequence", "can't be negative"},
		{"bad rule", func(s *Series) { s.Recurrence.Weekdays = nil }, "weekdays", "pick at least one day"},
		{"ends before it starts", func(s *Series) { s.Recurrence.Until = &before }, "until", "no meeting falls between the start and the end date"},
		{"override without time", func(s *Series) {
			s.Overrides = map[time.Time]Override{time.Date(2026, 1, 13, 19, 0, 0, 0, chi): {}}
		}, "overrides", "choose a new time for the meeting on Tue 2026-01-13 19:00 CST"},
		{"override too long", func(s *Series) {
			s.Overrides = map[time.Time]Override{time.Date(2026, 1, 13, 19, 0, 0, 0, chi): {Start: time.Date(2026, 1, 14, 19, 0, 0, 0, chi), Duration: 25 * time.Hour}}
		}, "overrides", "the meeting moved from Tue 2026-01-13 19:00 CST lasts at most 24 hours"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := valid
			tt.change(&s)
			fields := fieldErrors(t, s.Validate())
			if !strings.Contains(fields[tt.field], tt.msg) {
				t.Errorf("%s = %q, want %q (all: %v)", tt.field, fields[tt.field], tt.msg, fields)
			}
		})
	}
	var unusable Series
	unusable.Recurrence = valid.Recurrence
	if occ := unusable.Occurrences(time.Time{}, time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC), 0); occ != nil {
		t.Errorf("a series without zone or start has occurrences: %v", occ)
	}
}

// TestMonthlyOnSeveralWeeks: a meeting held on the 1st and 3rd Friday of
// each month is one monthly rule naming both weeks, and meets on exactly
// those Fridays; a 5th week meets only in the months that have one, and a
// day two weeks name (the 5th and the last) meets once.
func TestMonthlyOnSeveralWeeks(t *testing.T) {
	loc := mustLoad(t, "America/Los_Angeles")
	s := Series{UID: "fr@kinship", Title: "1st & 3rd Friday", Location: loc, StartLocal: time.Date(2027, 1, 1, 19, 0, 0, 0, loc), Duration: time.Hour,
		Recurrence: Recurrence{Freq: Monthly, MonthWeeks: []int{1, 3}, Weekdays: []time.Weekday{time.Friday}}}
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	if got := s.Recurrence.rrule(time.Time{}); got != "FREQ=MONTHLY;INTERVAL=1;BYDAY=1FR,3FR" {
		t.Errorf("the rule reads %q", got)
	}
	var days []string
	for _, o := range s.Occurrences(time.Date(2027, 1, 1, 0, 0, 0, 0, loc), time.Date(2027, 4, 1, 0, 0, 0, 0, loc), 0) {
		days = append(days, o.Start.Format("Jan 2"))
	}
	if fmt.Sprint(days) != "[Jan 1 Jan 15 Feb 5 Feb 19 Mar 5 Mar 19]" {
		t.Errorf("the 1st and 3rd Fridays of early 2027: %v", days)
	}
	fifth := Series{UID: "th@kinship", Title: "5th and last Thursday", Location: loc, StartLocal: time.Date(2027, 1, 28, 19, 0, 0, 0, loc), Duration: time.Hour,
		Recurrence: Recurrence{Freq: Monthly, MonthWeeks: []int{5, -1}, Weekdays: []time.Weekday{time.Thursday}}}
	days = nil
	for _, o := range fifth.Occurrences(time.Date(2027, 1, 1, 0, 0, 0, 0, loc), time.Date(2027, 5, 1, 0, 0, 0, 0, loc), 0) {
		days = append(days, o.Start.Format("Jan 2"))
	}
	if fmt.Sprint(days) != "[Jan 28 Feb 25 Mar 25 Apr 29]" {
		t.Errorf("the 5th and last Thursdays of early 2027: %v", days)
	}
	for _, bad := range [][]int{{0, 2}, {1, 1}, {6}, {-2}} {
		r := Recurrence{Freq: Monthly, MonthWeeks: bad, Weekdays: []time.Weekday{time.Friday}}
		if err := r.Validate(); err == nil || !strings.Contains(err.Error(), "week of the month") {
			t.Errorf("weeks %v: %v", bad, err)
		}
	}
}
