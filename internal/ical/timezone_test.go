package ical

import (
	"slices"
	"strconv"
	"testing"
	"time"

	goical "github.com/emersion/go-ical"
	"github.com/teambition/rrule-go"
)

// onset is a moment a VTIMEZONE says the offset becomes to.
type onset struct {
	at time.Time
	to int
}

// parseUTCOffset reads +HHMM or +HHMMSS.
func parseUTCOffset(t *testing.T, s string) int {
	t.Helper()
	if len(s) != 5 && len(s) != 7 || (s[0] != '+' && s[0] != '-') {
		t.Fatalf("bad UTC-OFFSET %q", s)
	}
	n := func(i int) int {
		v, err := strconv.Atoi(s[i : i+2])
		if err != nil {
			t.Fatalf("bad UTC-OFFSET %q", s)
		}
		return v
	}
	sec := n(1)*3600 + n(3)*60
	if len(s) == 7 {
		sec += n(5)
	}
	if s[0] == '-' {
		sec = -sec
	}
	return sec
}

// readTimezone lists the onsets a VTIMEZONE describes up to until, expanding
// RRULE observances with rrule-go; each onset is local DTSTART read with
// TZOFFSETFROM, as RFC 5545 section 3.6.5 says.
func readTimezone(t *testing.T, tz *goical.Component, until time.Time) []onset {
	t.Helper()
	var out []onset
	for _, obs := range tz.Children {
		from := parseUTCOffset(t, obs.Props.Get(goical.PropTimezoneOffsetFrom).Value)
		to := parseUTCOffset(t, obs.Props.Get(goical.PropTimezoneOffsetTo).Value)
		w, err := time.Parse(localFormat, obs.Props.Get(goical.PropDateTimeStart).Value)
		if err != nil {
			t.Fatal(err)
		}
		start := time.Date(w.Year(), w.Month(), w.Day(), w.Hour(), w.Minute(), w.Second(), 0, time.FixedZone("", from))
		rr := obs.Props.Get(goical.PropRecurrenceRule)
		if rr == nil {
			out = append(out, onset{start, to})
			continue
		}
		opt, err := rrule.StrToROption(rr.Value)
		if err != nil {
			t.Fatal(err)
		}
		opt.Dtstart = start
		r, err := rrule.NewRRule(*opt)
		if err != nil {
			t.Fatal(err)
		}
		for _, at := range r.Between(start, until, true) {
			out = append(out, onset{at, to})
		}
	}
	slices.SortFunc(out, func(a, b onset) int { return a.at.Compare(b.at) })
	return out
}

// offsetFrom returns the offset in force at t by the onsets, if any applies.
func offsetFrom(onsets []onset, t time.Time) (int, bool) {
	i, found := slices.BinarySearchFunc(onsets, t, func(o onset, t time.Time) int { return o.at.Compare(t) })
	if found {
		return onsets[i].to, true
	}
	if i == 0 {
		return 0, false
	}
	return onsets[i-1].to, true
}

// encodeTimezone writes just the VTIMEZONE of loc and decodes it with go-ical.
func encodeTimezone(t *testing.T, loc *time.Location, first, last int) *goical.Component {
	t.Helper()
	var w lineWriter
	w.line("BEGIN", "VCALENDAR")
	w.line("VERSION", "2.0")
	w.line("PRODID", "test")
	writeTimezone(&w, loc, first, last)
	w.line("END", "VCALENDAR")
	checkWire(t, w.b)
	cal := decode(t, w.b)
	if len(cal.Children) != 1 || cal.Children[0].Name != goical.CompTimezone {
		t.Fatalf("want one VTIMEZONE, got %d children", len(cal.Children))
	}
	tz := cal.Children[0]
	if id, _ := tz.Props.Text(goical.PropTimezoneID); id != loc.String() {
		t.Fatalf("TZID = %q", id)
	}
	return tz
}

// TestTimezoneMatchesGo reads each VTIMEZONE back and compares its offset
// with Go's every hour of the covered years and a second either side of every
// change. Zones whose rules are yearly must stay right for decades after.
func TestTimezoneMatchesGo(t *testing.T) {
	tests := []struct {
		zone        string
		first, last int
		regular     bool // follows a yearly rule from the covered years on
	}{
		{"America/Chicago", 2026, 2027, true},
		{"America/Chicago", 2005, 2009, true}, // the 2007 US rule change
		{"Europe/London", 2026, 2027, true},
		{"Australia/Sydney", 2026, 2028, true},
		{"Australia/Lord_Howe", 2026, 2027, true}, // 30-minute DST
		{"Asia/Kolkata", 2026, 2027, true},
		{"UTC", 2026, 2027, true},
		{"Etc/GMT+5", 2026, 2027, true},
		{"America/St_Johns", 2026, 2027, true},  // -03:30
		{"Pacific/Chatham", 2026, 2027, true},   // +12:45
		{"Europe/Dublin", 2026, 2027, true},     // winter time is Ireland's "DST"
		{"America/Santiago", 2025, 2028, false}, // midnight, "Sunday on or after the 2nd": listed
		{"Antarctica/Troll", 2026, 2027, true},  // two-hour DST
		{"Africa/Casablanca", 2025, 2030, false},
		{"America/Sao_Paulo", 2017, 2021, true}, // DST abolished in 2019
		{"Asia/Tehran", 2020, 2024, true},       // DST abolished in 2022
		{"Europe/Berlin", 2038, 2042, true},     // leap year past Go's tz table
	}
	for _, tt := range tests {
		t.Run(tt.zone+" "+strconv.Itoa(tt.first), func(t *testing.T) {
			loc := mustLoad(t, tt.zone)
			from := time.Date(tt.first, 1, 1, 0, 0, 0, 0, loc)
			covered := time.Date(tt.last+1, 1, 1, 0, 0, 0, 0, loc)
			end := covered
			if tt.regular {
				end = covered.AddDate(25, 0, 0)
			}
			onsets := readTimezone(t, encodeTimezone(t, loc, tt.first, tt.last), end)
			check := func(at time.Time) {
				_, want := at.In(loc).Zone()
				got, ok := offsetFrom(onsets, at)
				if !ok || got != want {
					t.Fatalf("at %s (%s): VTIMEZONE gives %d (%v), Go %d", at.UTC(), at.In(loc), got, ok, want)
				}
			}
			for at := from; at.Before(end); at = at.Add(time.Hour) {
				check(at)
			}
			for _, tr := range zoneTransitions(loc, from, end) {
				if !tr.at.Before(from) {
					check(tr.at.Add(-time.Second))
					check(tr.at)
				}
			}
		})
	}
}

func TestTimezoneShape(t *testing.T) {
	tests := []struct {
		zone string
		want []string // observances: kind and RRULE
	}{
		{"Asia/Kolkata", []string{"STANDARD "}},
		{"UTC", []string{"STANDARD "}},
		{"America/Chicago", []string{"STANDARD FREQ=YEARLY;BYMONTH=11;BYDAY=1SU", "DAYLIGHT FREQ=YEARLY;BYMONTH=3;BYDAY=2SU"}},
		{"Europe/London", []string{"STANDARD FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU", "DAYLIGHT FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU"}},
		{"Australia/Sydney", []string{"DAYLIGHT FREQ=YEARLY;BYMONTH=10;BYDAY=1SU", "STANDARD FREQ=YEARLY;BYMONTH=4;BYDAY=1SU"}},
	}
	for _, tt := range tests {
		tz := encodeTimezone(t, mustLoad(t, tt.zone), 2026, 2027)
		var got []string
		for _, obs := range tz.Children {
			rule := ""
			if p := obs.Props.Get(goical.PropRecurrenceRule); p != nil {
				rule = p.Value
			}
			got = append(got, obs.Name+" "+rule)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("%s: got %q, want %q", tt.zone, got, tt.want)
		}
	}
	// Irregular changes are listed one by one, for the covered years only.
	tz := encodeTimezone(t, mustLoad(t, "Africa/Casablanca"), 2026, 2027)
	if n := len(tz.Children); n < 5 || n > 7 {
		t.Errorf("Africa/Casablanca 2026-2027: %d observances, want the yearly Ramadan changes", n)
	}
}

func TestFormatOffset(t *testing.T) {
	for sec, want := range map[int]string{0: "+0000", 3600: "+0100", -21600: "-0600", 19800: "+0530", -12600: "-0330", 45900: "+1245", -3601: "-010001"} {
		if got := formatOffset(sec); got != want {
			t.Errorf("formatOffset(%d) = %s, want %s", sec, got, want)
		}
	}
	for d, want := range map[time.Duration]string{0: "PT0S", time.Hour: "PT1H", 90 * time.Minute: "PT1H30M", 24*time.Hour + 5*time.Second: "PT24H5S"} {
		if got := formatDuration(d); got != want {
			t.Errorf("formatDuration(%s) = %s, want %s", d, got, want)
		}
	}
}
