package ical

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	goical "github.com/emersion/go-ical"
	"github.com/kinshiprecovery/kinship/internal/model"
)

var testNow = time.Date(2026, 1, 2, 15, 4, 5, 0, time.UTC)

// sampleCalendar covers every feature Encode writes, in zones with and
// without daylight-saving time on both hemispheres.
func sampleCalendar(t testing.TB) Calendar {
	chi, lon := mustLoad(t, "America/Chicago"), mustLoad(t, "Europe/London")
	syd, kol := mustLoad(t, "Australia/Sydney"), mustLoad(t, "Asia/Kolkata")
	until := time.Date(2026, 12, 31, 0, 0, 0, 0, chi)
	return Calendar{
		Name: "Kinship — Springfield, IL; peer groups",
		Now:  testNow,
		Series: []Series{{
			UID:         "01HZX3TUESDAY@kinship.example",
			Title:       "Tuesday night open meeting; all welcome, newcomers too",
			Description: "Bring a friend.\nCoffee, tea and quiet space.\r\nAsk for Sam \\ Alex at the door. " + strings.Repeat("Recovery is possible — juntos sí se puede. ", 4),
			StartLocal:  time.Date(2026, 1, 6, 19, 0, 0, 0, chi),
			Location:    chi,
			Duration:    90 * time.Minute,
			Recurrence:  Recurrence{Freq: Weekly, Interval: 2, Weekdays: []time.Weekday{time.Thursday, time.Tuesday}, Until: &until},
			Cancelled:   []time.Time{time.Date(2026, 3, 17, 19, 0, 0, 0, chi), time.Date(2026, 11, 12, 19, 0, 0, 0, chi)},
			Overrides: map[time.Time]Override{
				time.Date(2026, 3, 19, 19, 0, 0, 0, chi): {Start: time.Date(2026, 3, 20, 18, 0, 0, 0, chi), Duration: time.Hour},
			},
			URL:      "https://meet.example.org/room/tuesday-night?pwd=a;b,c",
			Place:    "Lincoln Community Center, Room 4, Springfield",
			Sequence: 3,
			Updated:  time.Date(2025, 12, 30, 10, 0, 0, 0, time.UTC),
		}, {
			UID: "second-tuesday@kinship.example", Title: "Family support — 2nd Tuesday",
			StartLocal: time.Date(2026, 1, 1, 18, 30, 0, 0, lon), Location: lon, Duration: time.Hour,
			Recurrence: Recurrence{Freq: Monthly, MonthWeek: 2, Weekdays: []time.Weekday{time.Tuesday}, Count: 12},
			Place:      "Café Ünïcödé, 中文字符测试中文字符测试中文字符测试中文字符测试, Islington",
		}, {
			UID: "last-friday@kinship.example", Title: "Women's circle",
			StartLocal: time.Date(2026, 1, 1, 19, 0, 0, 0, syd), Location: syd, Duration: 2 * time.Hour,
			Recurrence: Recurrence{Freq: Monthly, MonthWeek: -1, Weekdays: []time.Weekday{time.Friday}},
			URL:        "https://meet.example.org/circle",
		}, {
			UID: "weekly-mumbai@kinship.example", Title: "Morning check-in",
			StartLocal: time.Date(2026, 1, 5, 7, 0, 0, 0, kol), Location: kol, Duration: 45 * time.Minute,
			Recurrence: Recurrence{Freq: Weekly, Weekdays: []time.Weekday{time.Monday, time.Wednesday, time.Friday}},
		}, {
			UID: "once@kinship.example", Title: "Recovery month picnic",
			StartLocal: time.Date(2026, 9, 19, 12, 0, 0, 0, chi), Location: chi, Duration: 4 * time.Hour,
			Recurrence: Recurrence{Freq: Once},
		}},
	}
}

func encode(t testing.TB, c Calendar) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := c.Encode(&buf); err != nil {
		t.Fatalf("Encode: %v", err)
	}
	return buf.Bytes()
}

// checkWire checks the octets: CRLF after every line and nowhere else, at
// most 75 octets a line, valid UTF-8 in every physical line.
func checkWire(t testing.TB, data []byte) {
	t.Helper()
	if !bytes.HasSuffix(data, []byte("\r\n")) {
		t.Fatal("output does not end with CRLF")
	}
	for i, line := range strings.Split(strings.TrimSuffix(string(data), "\r\n"), "\r\n") {
		if strings.ContainsAny(line, "\r\n") {
			t.Errorf("line %d has a bare CR or LF: %q", i+1, line)
		}
		if len(line) > maxLineOctets {
			t.Errorf("line %d has %d octets: %q", i+1, len(line), line)
		}
		if !utf8.ValidString(line) {
			t.Errorf("line %d splits a UTF-8 sequence: %q", i+1, line)
		}
	}
}

// decode parses data with go-ical and checks that nothing follows the calendar.
func decode(t testing.TB, data []byte) *goical.Calendar {
	t.Helper()
	dec := goical.NewDecoder(bytes.NewReader(data))
	cal, err := dec.Decode()
	if err != nil {
		t.Fatalf("go-ical decode: %v\n%s", err, data)
	}
	if _, err := dec.Decode(); !errors.Is(err, io.EOF) {
		t.Fatalf("second Decode = %v, want EOF", err)
	}
	return cal
}

// unfold joins folded lines back into content lines.
func unfold(data []byte) []string {
	return strings.Split(strings.TrimSuffix(strings.ReplaceAll(string(data), "\r\n ", ""), "\r\n"), "\r\n")
}

func TestEncodeRoundTrip(t *testing.T) {
	c := sampleCalendar(t)
	for _, s := range c.Series {
		if err := s.Validate(); err != nil {
			t.Fatalf("sample series %s: %v", s.UID, err)
		}
	}
	data := encode(t, c)
	checkWire(t, data)
	cal := decode(t, data)

	for name, want := range map[string]string{"VERSION": "2.0", "PRODID": DefaultProdID, "CALSCALE": "GREGORIAN", "X-WR-CALNAME": c.Name} {
		if got, err := cal.Props.Text(name); err != nil || got != want {
			t.Errorf("VCALENDAR %s = %q, %v; want %q", name, got, err, want)
		}
	}

	zones := map[string]*goical.Component{}
	for _, child := range cal.Children {
		if child.Name != goical.CompTimezone {
			continue
		}
		id, _ := child.Props.Text(goical.PropTimezoneID)
		zones[id] = child
		for _, obs := range child.Children {
			for _, p := range []string{goical.PropDateTimeStart, goical.PropTimezoneOffsetFrom, goical.PropTimezoneOffsetTo, goical.PropTimezoneName} {
				if obs.Props.Get(p) == nil {
					t.Errorf("%s %s has no %s", id, obs.Name, p)
				}
			}
		}
	}
	if k := zones["Asia/Kolkata"]; k == nil || len(k.Children) != 1 || k.Children[0].Name != goical.CompTimezoneStandard {
		t.Errorf("Asia/Kolkata should have exactly one STANDARD, got %+v", k)
	}
	for _, id := range []string{"America/Chicago", "Europe/London", "Australia/Sydney"} {
		kinds := map[string]int{}
		for _, obs := range zones[id].Children {
			kinds[obs.Name]++
		}
		if kinds[goical.CompTimezoneStandard] == 0 || kinds[goical.CompTimezoneDaylight] == 0 {
			t.Errorf("%s should have STANDARD and DAYLIGHT, got %v", id, kinds)
		}
	}

	events := cal.Events()
	if len(events) != len(c.Series)+1 {
		t.Fatalf("got %d VEVENTs, want one per series plus one override", len(events))
	}
	for _, ev := range events {
		uid, _ := ev.Props.Text(goical.PropUID)
		if uid == "" || ev.Props.Get(goical.PropDateTimeStamp) == nil {
			t.Errorf("VEVENT %q lacks UID or DTSTAMP", uid)
		}
		if stamp, err := ev.Props.DateTime(goical.PropDateTimeStamp, nil); err != nil || !stamp.Equal(testNow) {
			t.Errorf("%s DTSTAMP = %v, %v", uid, stamp, err)
		}
		for _, p := range []string{goical.PropDateTimeStart, goical.PropSummary, goical.PropSequence} {
			if ev.Props.Get(p) == nil {
				t.Errorf("%s has no %s", uid, p)
			}
		}
		if (ev.Props.Get(goical.PropDateTimeEnd) == nil) == (ev.Props.Get(goical.PropDuration) == nil) {
			t.Errorf("%s needs exactly one of DTEND and DURATION", uid)
		}
		// Every TZID used has its VTIMEZONE.
		for name, props := range ev.Props {
			for _, p := range props {
				if id := p.Params.Get(goical.PropTimezoneID); id != "" && zones[id] == nil {
					t.Errorf("%s %s uses TZID %q without a VTIMEZONE", uid, name, id)
				}
			}
		}
	}

	// Text comes back as it went in (line breaks become LF).
	first := events[0]
	for prop, want := range map[string]string{
		goical.PropSummary:     c.Series[0].Title,
		goical.PropDescription: strings.ReplaceAll(c.Series[0].Description, "\r\n", "\n"),
		goical.PropLocation:    c.Series[0].Place,
	} {
		if got, err := first.Props.Text(prop); err != nil || got != want {
			t.Errorf("%s = %q, %v\nwant %q", prop, got, err, want)
		}
	}
	if got, _ := events[2].Props.Text(goical.PropLocation); got != c.Series[1].Place {
		t.Errorf("LOCATION = %q, want %q", got, c.Series[1].Place)
	}
	if start, err := first.DateTimeStart(nil); err != nil || !start.Equal(c.Series[0].StartLocal) {
		t.Errorf("DTSTART = %v, %v", start, err)
	}
	if end, err := first.DateTimeEnd(nil); err != nil || end.Sub(c.Series[0].StartLocal) != 90*time.Minute {
		t.Errorf("DTEND = %v, %v", end, err)
	}

	// go-ical's encoder checks the property counts RFC 5545 allows.
	var again bytes.Buffer
	if err := goical.NewEncoder(&again).Encode(cal); err != nil {
		t.Errorf("go-ical re-encode: %v", err)
	}
}

func TestEncodeLines(t *testing.T) {
	lines := strings.Join(unfold(encode(t, sampleCalendar(t))), "\n")
	for _, want := range []string{
		"BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:" + DefaultProdID + "\nCALSCALE:GREGORIAN\nX-WR-CALNAME:Kinship — Springfield\\, IL\\; peer groups\n",
		"BEGIN:VEVENT\nUID:01HZX3TUESDAY@kinship.example\nDTSTAMP:20260102T150405Z\nLAST-MODIFIED:20251230T100000Z\nSEQUENCE:3\n",
		"DTSTART;TZID=America/Chicago:20260106T190000\nDTEND;TZID=America/Chicago:20260106T203000\n",
		"RRULE:FREQ=WEEKLY;INTERVAL=2;WKST=MO;BYDAY=TU,TH;UNTIL=20270101T055959Z\n",
		"EXDATE;TZID=America/Chicago:20260317T190000\nEXDATE;TZID=America/Chicago:20261112T190000\n",
		"SUMMARY:Tuesday night open meeting\\; all welcome\\, newcomers too\n",
		"DESCRIPTION:Bring a friend.\\nCoffee\\, tea and quiet space.\\nAsk for Sam \\\\ Alex at the door.",
		"URL:https://meet.example.org/room/tuesday-night?pwd=a;b,c\n",
		"RECURRENCE-ID;TZID=America/Chicago:20260319T190000\nDTSTART;TZID=America/Chicago:20260320T180000\nDTEND;TZID=America/Chicago:20260320T190000\n",
		"RRULE:FREQ=MONTHLY;INTERVAL=1;BYDAY=2TU;COUNT=12\n",
		"DTSTART;TZID=Australia/Sydney:20260130T190000\n", // the first last-Friday, not the 1st
		"RRULE:FREQ=MONTHLY;INTERVAL=1;BYDAY=-1FR\n",
		"RRULE:FREQ=WEEKLY;INTERVAL=1;BYDAY=MO,WE,FR\n",
		"UID:once@kinship.example\nDTSTAMP:20260102T150405Z\nSEQUENCE:0\nDTSTART;TZID=America/Chicago:20260919T120000\nDTEND;TZID=America/Chicago:20260919T160000\nSUMMARY:Recovery month picnic\nEND:VEVENT\nEND:VCALENDAR",
	} {
		if !strings.Contains(lines, want) {
			t.Errorf("output lacks\n%s", want)
		}
	}
	if strings.Count(lines, "BEGIN:VTIMEZONE") != 4 {
		t.Errorf("want 4 VTIMEZONEs (Chicago once, London, Sydney, Kolkata), got %d", strings.Count(lines, "BEGIN:VTIMEZONE"))
	}
}

// TestEncodeAroundDSTChanges checks the values written for times in a gap
// or an overlap, which clients must read back as the same instants.
func TestEncodeAroundDSTChanges(t *testing.T) {
	chi := mustLoad(t, "America/Chicago")
	s := weeklySeries(chi, time.Date(2026, 2, 22, 2, 30, 0, 0, chi), time.Sunday)
	s.Cancelled = []time.Time{time.Date(2026, 3, 8, 8, 30, 0, 0, time.UTC)} // 03:30 CDT, pushed out of the gap
	s.Overrides = map[time.Time]Override{
		// Moved to the second 01:30 of the fall-back night.
		time.Date(2026, 3, 15, 2, 30, 0, 0, chi): {Start: time.Date(2026, 11, 1, 7, 30, 0, 0, time.UTC)},
	}
	picnic := Series{UID: "late", Title: "Late meeting", Location: chi, Duration: 90 * time.Minute,
		StartLocal: time.Date(2026, 11, 1, 0, 30, 0, 0, chi), Recurrence: Recurrence{Freq: Once}}
	data := encode(t, Calendar{Name: "DST", Now: testNow, Series: []Series{s, picnic}})
	checkWire(t, data)
	decode(t, data)
	lines := strings.Join(unfold(data), "\n")
	for _, want := range []string{
		"EXDATE;TZID=America/Chicago:20260308T023000\n",                        // the rule's own wall time
		"RECURRENCE-ID;TZID=America/Chicago:20260315T023000\n",                 // ordinary
		"DTSTART:20261101T073000Z\nDTEND;TZID=America/Chicago:20261101T023000", // 01:30 CST can't be written with TZID
		"DTSTART;TZID=America/Chicago:20261101T003000\nDURATION:PT1H30M\n",     // ends at the second 01:00
	} {
		if !strings.Contains(lines, want) {
			t.Errorf("output lacks\n%s", want)
		}
	}
}

func TestEncodeErrors(t *testing.T) {
	good := sampleCalendar(t)
	tests := []struct {
		name   string
		change func(*Calendar)
		kind   model.Kind
		msg    string
	}{
		{"no now", func(c *Calendar) { c.Now = time.Time{} }, model.KindInvalid, "calendar needs the current time for DTSTAMP"},
		{"duplicate uid", func(c *Calendar) { c.Series[1].UID = c.Series[0].UID }, model.KindInvalid, "another series has the same UID"},
		{"invalid series", func(c *Calendar) { c.Series[2].Title = "" }, model.KindInvalid, `encode series "last-friday@kinship.example": please correct the highlighted fields (title: give the meeting a name)`},
		{"no zone", func(c *Calendar) { c.Series[3].Location = nil }, model.KindInvalid, "time_zone: choose a named time zone"},
		{"negative override", func(c *Calendar) {
			for k, o := range c.Series[0].Overrides {
				c.Series[0].Overrides = map[time.Time]Override{k: {Start: o.Start, Duration: -time.Hour}}
			}
		}, model.KindInvalid, "overrides: the meeting moved from Thu 2026-03-19 19:00 CDT lasts at most 24 hours"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := good
			c.Series = append([]Series(nil), good.Series...)
			tt.change(&c)
			var buf bytes.Buffer
			err := c.Encode(&buf)
			if err == nil || model.ErrorKind(err) != tt.kind || !strings.Contains(err.Error(), tt.msg) {
				t.Fatalf("Encode error = %v (kind %s), want %s containing %q", err, model.ErrorKind(err), tt.kind, tt.msg)
			}
			if buf.Len() != 0 {
				t.Errorf("Encode wrote %d bytes before failing", buf.Len())
			}
		})
	}

	// A stale cancellation does not break the feed; it is just left out.
	c := good
	c.Series = append([]Series(nil), good.Series...)
	c.Series[0].Cancelled = append(c.Series[0].Cancelled, time.Date(2026, 3, 18, 19, 0, 0, 0, good.Series[0].Location))
	if lines := strings.Join(unfold(encode(t, c)), "\n"); strings.Contains(lines, "20260318T190000") {
		t.Error("a cancellation that matches no meeting was written")
	}

	if err := good.Encode(failingWriter{}); err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Errorf("Encode to a failing writer = %v", err)
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

// TestEncodeOnce checks that a one-time meeting carries its own move or
// cancellation, since it has no recurrence to take exceptions from.
func TestEncodeOnce(t *testing.T) {
	chi := mustLoad(t, "America/Chicago")
	at := time.Date(2026, 9, 19, 12, 0, 0, 0, chi)
	once := Series{UID: "once", Title: "Picnic", Location: chi, StartLocal: at, Duration: 2 * time.Hour, Recurrence: Recurrence{Freq: Once}}

	moved := once
	moved.Overrides = map[time.Time]Override{at: {Start: at.AddDate(0, 0, 7).Add(time.Hour)}}
	cancelled := once
	cancelled.UID = "once-cancelled"
	cancelled.Cancelled = []time.Time{at}
	data := encode(t, Calendar{Name: "once", Now: testNow, Series: []Series{moved, cancelled}})
	checkWire(t, data)
	events := decode(t, data).Events()
	if len(events) != 2 {
		t.Fatalf("got %d VEVENTs, want 2", len(events))
	}
	for _, ev := range events {
		for _, p := range []string{goical.PropRecurrenceRule, goical.PropExceptionDates, goical.PropRecurrenceID} {
			if ev.Props.Get(p) != nil {
				t.Errorf("a one-time meeting has %s", p)
			}
		}
	}
	lines := strings.Join(unfold(data), "\n")
	for _, want := range []string{
		"UID:once\nDTSTAMP:20260102T150405Z\nSEQUENCE:0\nDTSTART;TZID=America/Chicago:20260926T130000\nDTEND;TZID=America/Chicago:20260926T150000\nSUMMARY:Picnic\n",
		"UID:once-cancelled\nDTSTAMP:20260102T150405Z\nSEQUENCE:0\nDTSTART;TZID=America/Chicago:20260919T120000\nDTEND;TZID=America/Chicago:20260919T140000\nSTATUS:CANCELLED\n",
	} {
		if !strings.Contains(lines, want) {
			t.Errorf("output lacks\n%s", want)
		}
	}
	if occ := moved.Occurrences(at.AddDate(0, 0, -1), at.AddDate(0, 1, 0), 0); localStarts(occ) != "2026-09-26 13:00>" {
		t.Errorf("moved one-time meeting: %s", localStarts(occ))
	}
}

func TestEncodeEmptyCalendar(t *testing.T) {
	data := encode(t, Calendar{Now: testNow})
	checkWire(t, data)
	cal := decode(t, data)
	if name, _ := cal.Props.Text("X-WR-CALNAME"); name != "Kinship meetings" || len(cal.Children) != 0 {
		t.Errorf("empty calendar: name %q, %d components", name, len(cal.Children))
	}
}
