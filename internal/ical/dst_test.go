package ical

import (
	"strings"
	"testing"
	"time"
)

func mustLoad(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatalf("load zone %s: %v", name, err)
	}
	return loc
}

// weeklySeries returns an open-ended weekly series at the given wall time.
func weeklySeries(loc *time.Location, start time.Time, days ...time.Weekday) Series {
	return Series{
		UID: "weekly@test", Title: "Weekly meeting", Location: loc,
		StartLocal: start, Duration: time.Hour,
		Recurrence: Recurrence{Freq: Weekly, Weekdays: days},
	}
}

// TestWeeklyAcrossDST checks that a Sunday 19:00 meeting stays at 19:00 local
// through a year of daylight-saving changes while its UTC instant moves.
func TestWeeklyAcrossDST(t *testing.T) {
	tests := []struct {
		zone    string
		changes []string // local dates the offset changes, in order
		offsets []int    // offsets in hours before, between and after the changes
	}{
		{"America/Chicago", []string{"2026-03-08", "2026-11-01"}, []int{-6, -5, -6}},
		{"Europe/London", []string{"2026-03-29", "2026-10-25"}, []int{0, 1, 0}},
		{"Australia/Sydney", []string{"2026-04-05", "2026-10-04"}, []int{11, 10, 11}},
		{"Asia/Kolkata", nil, []int{0}}, // +05:30 all year, checked below
	}
	for _, tt := range tests {
		t.Run(tt.zone, func(t *testing.T) {
			loc := mustLoad(t, tt.zone)
			s := weeklySeries(loc, time.Date(2026, 1, 4, 19, 0, 0, 0, loc), time.Sunday)
			from, to := time.Date(2026, 1, 1, 0, 0, 0, 0, loc), time.Date(2027, 1, 1, 0, 0, 0, 0, loc)
			occ := s.Occurrences(from, to, 0)
			if len(occ) != 52 {
				t.Fatalf("got %d occurrences in 2026, want 52", len(occ))
			}
			shifts := 0
			for i, o := range occ {
				local := o.Start.In(loc)
				if h, m, _ := local.Clock(); h != 19 || m != 0 || local.Weekday() != time.Sunday {
					t.Errorf("occurrence %d at %s, want Sunday 19:00 local", i, local)
				}
				if o.Start.Location() != loc {
					t.Errorf("occurrence %d in %s, want the series' zone", i, o.Start.Location())
				}
				if got := o.End.Sub(o.Start); got != time.Hour {
					t.Errorf("occurrence %d lasts %s", i, got)
				}
				_, off := local.Zone()
				want := tt.offsets[0] * 3600
				for j, c := range tt.changes {
					if local.Format(time.DateOnly) >= c {
						want = tt.offsets[j+1] * 3600
					}
				}
				if tt.zone == "Asia/Kolkata" {
					want = 5*3600 + 1800
				}
				if off != want {
					t.Errorf("occurrence %d on %s has offset %d, want %d", i, local.Format(time.DateOnly), off, want)
				}
				if i == 0 {
					continue
				}
				// Seven days of wall clock apart: 168 hours, or one hour more
				// or less across a change.
				gap := o.Start.Sub(occ[i-1].Start)
				if _, prev := occ[i-1].Start.Zone(); prev != off {
					shifts++
					if gap != 168*time.Hour-time.Duration(off-prev)*time.Second {
						t.Errorf("across the change before %s: %s apart", local.Format(time.DateOnly), gap)
					}
				} else if gap != 168*time.Hour {
					t.Errorf("before %s: %s apart, want 168h", local.Format(time.DateOnly), gap)
				}
			}
			if shifts != len(tt.changes) {
				t.Errorf("saw %d offset changes, want %d", shifts, len(tt.changes))
			}
		})
	}
}

// TestGapAndOverlap pins down how a wall time skipped or repeated by a
// daylight-saving change becomes an instant.
func TestGapAndOverlap(t *testing.T) {
	tests := []struct {
		zone, wall string
		wantUTC    string // the instant
		wantLocal  string // how it reads in the zone
	}{
		// Spring forward: the gap is skipped forward by its length.
		{"America/Chicago", "2026-03-08T02:30", "2026-03-08T08:30:00Z", "2026-03-08 03:30 CDT"},
		{"America/Chicago", "2026-03-08T02:00", "2026-03-08T08:00:00Z", "2026-03-08 03:00 CDT"},
		{"Europe/London", "2026-03-29T01:30", "2026-03-29T01:30:00Z", "2026-03-29 02:30 BST"},
		{"Australia/Sydney", "2026-10-04T02:30", "2026-10-03T16:30:00Z", "2026-10-04 03:30 AEDT"},
		{"Australia/Lord_Howe", "2026-10-04T02:15", "2026-10-03T15:45:00Z", "2026-10-04 02:45 +11"},
		{"America/Santiago", "2026-09-06T00:30", "2026-09-06T04:30:00Z", "2026-09-06 01:30 -03"}, // midnight is skipped
		// Fall back: the first of the two instants.
		{"America/Chicago", "2026-11-01T01:30", "2026-11-01T06:30:00Z", "2026-11-01 01:30 CDT"},
		{"America/Chicago", "2026-11-01T01:00", "2026-11-01T06:00:00Z", "2026-11-01 01:00 CDT"},
		{"America/Chicago", "2026-11-01T02:00", "2026-11-01T08:00:00Z", "2026-11-01 02:00 CST"},
		{"Europe/London", "2026-10-25T01:30", "2026-10-25T00:30:00Z", "2026-10-25 01:30 BST"},
		{"Australia/Sydney", "2026-04-05T02:30", "2026-04-04T15:30:00Z", "2026-04-05 02:30 AEDT"},
		// Ordinary times, and a zone without DST.
		{"America/Chicago", "2026-03-08T19:00", "2026-03-09T00:00:00Z", "2026-03-08 19:00 CDT"},
		{"Asia/Kolkata", "2026-03-08T02:30", "2026-03-07T21:00:00Z", "2026-03-08 02:30 IST"},
	}
	for _, tt := range tests {
		t.Run(tt.zone+" "+tt.wall, func(t *testing.T) {
			loc := mustLoad(t, tt.zone)
			got, err := ParseLocal(tt.wall, loc)
			if err != nil {
				t.Fatal(err)
			}
			if u := got.UTC().Format(time.RFC3339); u != tt.wantUTC {
				t.Errorf("ParseLocal(%q) = %s, want %s", tt.wall, u, tt.wantUTC)
			}
			if l := got.Format("2006-01-02 15:04 MST"); l != tt.wantLocal {
				t.Errorf("ParseLocal(%q) reads %s, want %s", tt.wall, l, tt.wantLocal)
			}
			// A weekly series at that wall time resolves its meeting that day the same way.
			p, _ := time.Parse("2006-01-02T15:04", tt.wall)
			start := p.AddDate(0, 0, -14)
			s := weeklySeries(loc, start, p.Weekday())
			occ := s.Occurrences(got.Add(-time.Hour), got.Add(time.Hour), 0)
			if len(occ) != 1 || !occ[0].Start.Equal(got) {
				t.Errorf("series occurrence near %s = %v, want one at %s", tt.wall, occ, got)
			}
		})
	}
}

// TestWeeklyInGapAndOverlap follows a 02:30 and a 01:30 meeting through the
// change days: only the change day itself moves.
func TestWeeklyInGapAndOverlap(t *testing.T) {
	chi := mustLoad(t, "America/Chicago")
	s := weeklySeries(chi, time.Date(2026, 2, 22, 2, 30, 0, 0, time.UTC), time.Sunday)
	var got []string
	for _, o := range s.Occurrences(time.Date(2026, 2, 20, 0, 0, 0, 0, chi), time.Date(2026, 3, 20, 0, 0, 0, 0, chi), 0) {
		got = append(got, o.Start.Format("01-02 15:04 MST"))
	}
	want := "02-22 02:30 CST|03-01 02:30 CST|03-08 03:30 CDT|03-15 02:30 CDT"
	if strings.Join(got, "|") != want {
		t.Errorf("02:30 meetings = %v, want %s", got, want)
	}

	s = weeklySeries(chi, time.Date(2026, 10, 25, 1, 30, 0, 0, time.UTC), time.Sunday)
	got = nil
	for _, o := range s.Occurrences(time.Date(2026, 10, 20, 0, 0, 0, 0, chi), time.Date(2026, 11, 10, 0, 0, 0, 0, chi), 0) {
		got = append(got, o.Start.Format("01-02 15:04 MST"))
	}
	want = "10-25 01:30 CDT|11-01 01:30 CDT|11-08 01:30 CST"
	if strings.Join(got, "|") != want {
		t.Errorf("01:30 meetings = %v, want %s", got, want)
	}
}

// TestMidnightChange follows a Sunday meeting through Chile's change at
// midnight: the meeting stays on Sunday, and one at 00:30 moves to 01:30.
func TestMidnightChange(t *testing.T) {
	scl := mustLoad(t, "America/Santiago")
	for _, tt := range []struct {
		hour, min int
		want      string
	}{
		{16, 45, "Sun 08-30 16:45 -04|Sun 09-06 16:45 -03|Sun 09-13 16:45 -03"},
		{0, 30, "Sun 08-30 00:30 -04|Sun 09-06 01:30 -03|Sun 09-13 00:30 -03"},
	} {
		s := weeklySeries(scl, time.Date(2026, 8, 2, tt.hour, tt.min, 0, 0, scl), time.Sunday)
		var got []string
		for _, o := range s.Occurrences(time.Date(2026, 8, 29, 0, 0, 0, 0, scl), time.Date(2026, 9, 14, 0, 0, 0, 0, scl), 0) {
			got = append(got, o.Start.Format("Mon 01-02 15:04 MST"))
		}
		if strings.Join(got, "|") != tt.want {
			t.Errorf("got  %s\nwant %s", strings.Join(got, "|"), tt.want)
		}
	}
}

func TestParseLocal(t *testing.T) {
	chi := mustLoad(t, "America/Chicago")
	ok := map[string]string{
		"2026-12-01T19:00":    "2026-12-01 19:00:00 -0600 CST",
		"2026-12-01T19:00:30": "2026-12-01 19:00:30 -0600 CST",
		"2026-07-01 07:05":    "2026-07-01 07:05:00 -0500 CDT",
		" 2026-07-01T07:05 ":  "2026-07-01 07:05:00 -0500 CDT",
	}
	for in, want := range ok {
		got, err := ParseLocal(in, chi)
		if err != nil || got.String() != want {
			t.Errorf("ParseLocal(%q) = %v, %v; want %s", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "2026-12-01", "19:00", "2026-13-01T19:00", "2026-12-01T25:00", "2026-12-01T19:00Z", "tomorrow"} {
		_, err := ParseLocal(bad, chi)
		if err == nil || !strings.Contains(err.Error(), "write it like 2026-12-01T19:00") {
			t.Errorf("ParseLocal(%q) error = %v, want a hint at the format", bad, err)
		}
	}
	if _, err := ParseLocal("2026-12-01T19:00", nil); err == nil || !strings.Contains(err.Error(), "choose a time zone") {
		t.Errorf("ParseLocal with no zone: error = %v", err)
	}
}
