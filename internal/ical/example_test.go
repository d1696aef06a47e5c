package ical

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"
	"time"
)

// A weekly meeting at 19:00 in Chicago stays at 19:00 when the clocks
// change on 8 March; its UTC time moves by an hour instead.
func ExampleSeries_Occurrences() {
	chicago, _ := time.LoadLocation("America/Chicago")
	s := Series{
		UID: "tuesday@kinship.example", Title: "Tuesday night group",
		StartLocal: time.Date(2026, 3, 3, 19, 0, 0, 0, chicago), Location: chicago,
		Duration:   90 * time.Minute,
		Recurrence: Recurrence{Freq: Weekly, Weekdays: []time.Weekday{time.Tuesday}, Count: 3},
	}
	for _, o := range s.Occurrences(s.StartLocal, s.StartLocal.AddDate(1, 0, 0), 0) {
		fmt.Println(o.Start.Format("Mon Jan 2 15:04 MST"), "=", o.Start.UTC().Format("15:04Z"))
	}
	// Output:
	// Tue Mar 3 19:00 CST = 01:00Z
	// Tue Mar 10 19:00 CDT = 00:00Z
	// Tue Mar 17 19:00 CDT = 00:00Z
}

// The event of a monthly meeting on the last Friday, with one date cancelled.
func ExampleCalendar_Encode() {
	london, _ := time.LoadLocation("Europe/London")
	cal := Calendar{
		Name: "Islington groups",
		Now:  time.Date(2026, 1, 2, 9, 0, 0, 0, time.UTC),
		Series: []Series{{
			UID: "last-friday@kinship.example", Title: "Family support; all welcome",
			StartLocal: time.Date(2026, 1, 1, 18, 30, 0, 0, london), Location: london,
			Duration:   time.Hour,
			Recurrence: Recurrence{Freq: Monthly, MonthWeek: -1, Weekdays: []time.Weekday{time.Friday}},
			Cancelled:  []time.Time{time.Date(2026, 4, 24, 18, 30, 0, 0, london)},
		}},
	}
	var buf bytes.Buffer
	if err := cal.Encode(&buf); err != nil {
		fmt.Println(err)
		return
	}
	out := strings.ReplaceAll(buf.String(), "\r\n", "\n")
	os.Stdout.WriteString(out[strings.Index(out, "BEGIN:VEVENT"):])
	// Output:
	// BEGIN:VEVENT
	// UID:last-friday@kinship.example
	// DTSTAMP:20260102T090000Z
	// SEQUENCE:0
	// DTSTART;TZID=Europe/London:20260130T183000
	// DTEND;TZID=Europe/London:20260130T193000
	// RRULE:FREQ=MONTHLY;INTERVAL=1;BYDAY=-1FR
	// EXDATE;TZID=Europe/London:20260424T183000
	// SUMMARY:Family support\; all welcome
	// END:VEVENT
	// END:VCALENDAR
}

// benchZones mixes both hemispheres, a zone without DST and a half-hour one.
var benchZones = []string{"America/Chicago", "Europe/London", "Australia/Sydney", "Asia/Kolkata", "America/St_Johns"}

// benchSeries returns the i-th synthetic weekly series: a year of meetings
// on one or two weekdays, with two cancellations and one moved meeting.
func benchSeries(b *testing.B, i int) Series {
	loc := mustLoad(b, benchZones[i%len(benchZones)])
	start := time.Date(2026, 1, 1+i%7, 17+i%4, 15*(i%4), 0, 0, loc)
	until := start.AddDate(1, 0, -1)
	days := []time.Weekday{start.Weekday()}
	if i%2 == 0 {
		days = append(days, (start.Weekday()+3)%7)
	}
	s := Series{
		UID:         fmt.Sprintf("01J%08d@kinship.example", i),
		Title:       fmt.Sprintf("Peer group %d — open, all pathways welcome", i),
		Description: "A peer-led meeting. Bring yourself; coffee, tea and a quiet room are here.\nAsk at the front desk for the room.",
		StartLocal:  start, Location: loc, Duration: 90 * time.Minute,
		Recurrence: Recurrence{Freq: Weekly, Weekdays: days, Until: &until},
		URL:        "https://meet.example.org/group/" + fmt.Sprint(i),
		Place:      "Community center, Room 4",
		Sequence:   i % 3,
	}
	occ := s.Occurrences(start, until, 12)
	s.Cancelled = []time.Time{occ[3].Start, occ[9].Start}
	s.Overrides = map[time.Time]Override{occ[6].Start: {Start: occ[6].Start.Add(24 * time.Hour)}}
	if err := s.Validate(); err != nil {
		b.Fatal(err)
	}
	return s
}

func BenchmarkOccurrences(b *testing.B) {
	s := benchSeries(b, 0) // Chicago, two days a week
	from, to := time.Date(2026, 1, 1, 0, 0, 0, 0, s.Location), time.Date(2027, 1, 1, 0, 0, 0, 0, s.Location)
	open := s
	open.Recurrence.Until = nil
	monthly := s
	monthly.Recurrence = Recurrence{Freq: Monthly, MonthWeek: 2, Weekdays: []time.Weekday{time.Tuesday}}
	monthly.Cancelled, monthly.Overrides = nil, nil
	for _, bc := range []struct {
		name     string
		s        Series
		from, to time.Time
	}{
		{"weekly-year", s, from, to},
		{"weekly-year-in-2036", open, from.AddDate(10, 0, 0), to.AddDate(10, 0, 0)},
		{"monthly-year", monthly, from, to},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			n := 0
			for b.Loop() {
				n = len(bc.s.Occurrences(bc.from, bc.to, 0))
			}
			if n < 12 {
				b.Fatalf("only %d occurrences", n)
			}
			b.ReportMetric(float64(n), "meetings/op")
		})
	}
}

func BenchmarkEncode(b *testing.B) {
	c := Calendar{Name: "Kinship — all groups", Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	for i := range 50 {
		c.Series = append(c.Series, benchSeries(b, i))
	}
	size := 0
	if err := c.Encode(countingWriter{&size}); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		if err := c.Encode(io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}

type countingWriter struct{ n *int }

func (w countingWriter) Write(p []byte) (int, error) {
	*w.n += len(p)
	return len(p), nil
}
