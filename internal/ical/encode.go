package ical

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strconv"
	"time"

	"github.com/kinshiprecovery/kinship/internal/model"
)

// DefaultProdID is the PRODID written when Calendar.ProdID is empty.
const DefaultProdID = "-//Kinship//Kinship meetings//EN"

// Calendar is an iCalendar feed of meeting series.
type Calendar struct {
	// Name is shown by clients as the calendar's name (X-WR-CALNAME).
	Name string
	// ProdID identifies the producer; DefaultProdID when empty.
	ProdID string
	Series []Series
	// Now stamps every event (DTSTAMP) and bounds open-ended series when
	// choosing which years the time zone descriptions cover. Required.
	Now time.Time
}

// Encode writes c to w as an RFC 5545 iCalendar object: CRLF line endings,
// lines folded at 75 octets, a VTIMEZONE for every zone used and, per series,
// a VEVENT with its RRULE and EXDATEs plus one VEVENT per rescheduled meeting.
// It writes nothing and returns an invalid-kind *model.Error when Now is
// zero, a UID repeats or a series fails Validate's checks (stale cancellations
// and overrides are skipped, not errors); otherwise it returns w's error.
// A calendar without series is written as an empty VCALENDAR, which clients
// accept although RFC 5545 asks for at least one component.
func (c Calendar) Encode(w io.Writer) error {
	if c.Now.IsZero() {
		return model.Errorf(model.KindInvalid, "ical: calendar needs the current time for DTSTAMP")
	}
	uids := make(map[string]bool, len(c.Series))
	for _, s := range c.Series {
		f := model.FieldErrors{}
		s.check(f, false)
		if err := f.Err(); err != nil {
			return fmt.Errorf("ical: encode series %q: %w", s.UID, err)
		}
		if uids[s.UID] {
			return model.Errorf(model.KindInvalid, "ical: encode series %q: another series has the same UID", s.UID)
		}
		uids[s.UID] = true
	}

	var lw lineWriter
	lw.line("BEGIN", "VCALENDAR")
	lw.line("VERSION", "2.0")
	lw.text("PRODID", cmp.Or(c.ProdID, DefaultProdID))
	lw.line("CALSCALE", "GREGORIAN")
	lw.text("X-WR-CALNAME", cmp.Or(c.Name, "Kinship meetings"))
	for _, z := range c.zones() {
		writeTimezone(&lw, z.loc, z.first, z.last)
	}
	stamp := c.Now.UTC().Format(utcFormat)
	for _, s := range c.Series {
		s.write(&lw, stamp)
	}
	lw.line("END", "VCALENDAR")
	_, err := w.Write(lw.b)
	return err
}

// zoneSpan is a time zone and the years a calendar needs it for.
type zoneSpan struct {
	loc         *time.Location
	first, last int
}

// zones returns the zones the series use, in order of first use, each with
// the years from the first meeting to the last one. An open-ended series
// counts up to the year after Now.
func (c Calendar) zones() []zoneSpan {
	var out []zoneSpan
	for _, s := range c.Series {
		first, last := s.years(c.Now)
		i := slices.IndexFunc(out, func(z zoneSpan) bool { return z.loc.String() == s.Location.String() })
		if i < 0 {
			out = append(out, zoneSpan{s.Location, first, last})
			continue
		}
		out[i].first, out[i].last = min(out[i].first, first), max(out[i].last, last)
	}
	return out
}

// years returns the first and last year in which s has a meeting, in its zone.
func (s Series) years(now time.Time) (first, last int) {
	day, _ := s.first()
	first = day.Year()
	r := s.Recurrence
	switch {
	case r.Freq == Once:
		last = first
	case r.Until != nil:
		last = dayOf(*r.Until).Year()
	case r.Count > 0:
		s.walk(time.Time{}, func(d time.Time) bool { last = d.Year(); return true })
	default:
		last = max(first, now.In(s.Location).Year()) + 1
	}
	last++ // a meeting late on 31 December may end in the next year
	for _, o := range s.Overrides {
		y := o.Start.In(s.Location).Year()
		first, last = min(first, y), max(last, y)
	}
	return first, last
}

// write writes s as a VEVENT, followed by one VEVENT per rescheduled meeting.
func (s Series) write(w *lineWriter, stamp string) {
	loc, tz := s.Location, tzidParam(s.Location)
	day, _ := s.first()
	h, m, sec := s.StartLocal.Clock()
	start := wallTime(day, h, m, sec, loc)
	cancelled, moved := s.cancelledSet(), s.overrideIndex()

	s.writeHead(w, stamp)
	if s.Recurrence.Freq == Once {
		// A single meeting has no recurrence to except from: a move
		// changes the event itself and a cancellation marks it.
		_, c := cancelled[start.Unix()]
		if o, ok := moved[start.Unix()]; ok && !c {
			writeStart(w, o.Start, loc)
			writeEnd(w, o.Start, cmp.Or(o.Duration, s.Duration), loc)
		} else {
			w.line("DTSTART"+tz, s.nominal(start))
			writeEnd(w, start, s.Duration, loc)
		}
		if c {
			w.line("STATUS", "CANCELLED")
		}
		s.writeBody(w)
		w.line("END", "VEVENT")
		return
	}

	// DTSTART is the first meeting, in step with the rule.
	w.line("DTSTART"+tz, s.nominal(start))
	writeEnd(w, start, s.Duration, loc)
	var until time.Time
	if s.Recurrence.Until != nil {
		// The end of the local Until date, as UTC (RFC 5545 wants UTC here).
		until = wallTime(dayOf(*s.Recurrence.Until).AddDate(0, 0, 1), 0, 0, 0, loc).Add(-time.Second)
	}
	w.line("RRULE", s.Recurrence.rrule(until))
	exdates := make([]time.Time, 0, len(cancelled))
	for k := range cancelled {
		if t := time.Unix(k, 0); s.isOccurrence(t) {
			exdates = append(exdates, t)
		}
	}
	slices.SortFunc(exdates, time.Time.Compare)
	for _, t := range exdates {
		w.line("EXDATE"+tz, s.nominal(t))
	}
	s.writeBody(w)
	w.line("END", "VEVENT")

	for _, orig := range s.overrideKeys() {
		o, ok := moved[orig.Unix()]
		if _, c := cancelled[orig.Unix()]; c || !ok || !s.isOccurrence(orig) {
			continue
		}
		s.writeHead(w, stamp)
		w.line("RECURRENCE-ID"+tz, s.nominal(orig))
		writeStart(w, o.Start, loc)
		writeEnd(w, o.Start, cmp.Or(o.Duration, s.Duration), loc)
		s.writeBody(w)
		w.line("END", "VEVENT")
	}
}

// writeHead opens a VEVENT of s with the properties every one of them carries.
func (s Series) writeHead(w *lineWriter, stamp string) {
	w.line("BEGIN", "VEVENT")
	w.text("UID", s.UID)
	w.line("DTSTAMP", stamp)
	if !s.Updated.IsZero() {
		w.line("LAST-MODIFIED", s.Updated.UTC().Format(utcFormat))
	}
	w.line("SEQUENCE", strconv.Itoa(s.Sequence))
}

// writeBody writes the descriptive properties of s.
func (s Series) writeBody(w *lineWriter) {
	w.text("SUMMARY", s.Title)
	if s.Description != "" {
		w.text("DESCRIPTION", s.Description)
	}
	if s.Place != "" {
		w.text("LOCATION", s.Place)
	}
	if s.URL != "" {
		w.line("URL", cleanValue(s.URL))
	}
}

// nominal returns the local wall time the rule of s gives the meeting that
// starts at t: for a meeting pushed out of a daylight-saving gap it is the
// skipped time (02:30), which clients resolve to the same instant.
func (s Series) nominal(t time.Time) string {
	h, m, sec := s.StartLocal.Clock()
	day := dayOf(t.In(s.Location))
	for _, d := range []time.Time{day, day.AddDate(0, 0, -1)} {
		if wallTime(d, h, m, sec, s.Location).Unix() == t.Unix() {
			return time.Date(d.Year(), d.Month(), d.Day(), h, m, sec, 0, time.UTC).Format(localFormat)
		}
	}
	return t.In(s.Location).Format(localFormat)
}

// writeStart writes DTSTART for the instant t: in loc when its wall time
// leads back to t, else (the second of two repeated times) in UTC.
func writeStart(w *lineWriter, t time.Time, loc *time.Location) {
	if v, ok := zoned(t, loc); ok {
		w.line("DTSTART"+tzidParam(loc), v)
	} else {
		w.line("DTSTART", t.UTC().Format(utcFormat))
	}
}

// writeEnd writes DTEND for the meeting from start lasting d, or an exact
// DURATION when the end's wall time in loc would be read as another instant.
func writeEnd(w *lineWriter, start time.Time, d time.Duration, loc *time.Location) {
	if v, ok := zoned(start.Add(d), loc); ok {
		w.line("DTEND"+tzidParam(loc), v)
	} else {
		w.line("DURATION", formatDuration(d))
	}
}

// zoned returns t's wall time in loc and whether that wall time, resolved as
// the package documentation describes, is t again.
func zoned(t time.Time, loc *time.Location) (string, bool) {
	lt := t.In(loc)
	h, m, s := lt.Clock()
	return lt.Format(localFormat), wallTime(dayOf(lt), h, m, s, loc).Unix() == t.Unix()
}
