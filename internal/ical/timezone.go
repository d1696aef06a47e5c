package ical

import (
	"fmt"
	"slices"
	"time"
)

// ruleCheckYears is how many years past the covered span the zone's
// transitions are read to confirm that a yearly rule still holds.
const ruleCheckYears = 3

// transition is one change of a zone's offset, abbreviation or DST flag.
type transition struct {
	at       time.Time // instant of the change
	from, to int       // UTC offsets in seconds before and after
	name     string    // abbreviation after, such as CDT
	dst      bool      // whether daylight-saving time is in force after
}

// localStart returns the wall time at which the change happens, read with the
// offset before it, as a VTIMEZONE DTSTART is written.
func (tr transition) localStart() time.Time {
	return tr.at.In(time.FixedZone("", tr.from))
}

// observance is one STANDARD or DAYLIGHT sub-component: a single transition,
// or the first of a series repeating every year under rrule.
type observance struct {
	transition
	rrule string
}

// zoneTransitions returns loc's transitions from the one that began the
// period in force at from up to (not including) to, as Go's tz data has them
// (see nextChange). Changes that alter nothing are left out.
func zoneTransitions(loc *time.Location, from, to time.Time) []transition {
	at := func(t time.Time) transition {
		name, off := t.In(loc).Zone()
		return transition{at: t, from: offsetAt(t.Unix()-1, loc), to: off, name: name, dst: t.In(loc).IsDST()}
	}
	var out []transition
	start, _ := from.In(loc).ZoneBounds()
	if start.IsZero() {
		// The zone has never changed: describe it from 1970 on.
		name, off := from.In(loc).Zone()
		out = append(out, transition{at: time.Unix(-int64(off), 0), from: off, to: off, name: name})
	} else {
		out = append(out, at(start))
	}
	for t := from; ; {
		end := nextChange(t, to, loc)
		if end.IsZero() || !end.Before(to) {
			return out
		}
		tr, last := at(end), out[len(out)-1]
		if tr.to != last.to || tr.name != last.name || tr.dst != last.dst {
			out = append(out, tr)
		}
		t = end
	}
}

// zoneState is what a transition may change.
type zoneState struct {
	name   string
	offset int
	dst    bool
}

func stateAt(t time.Time, loc *time.Location) zoneState {
	lt := t.In(loc)
	name, off := lt.Zone()
	return zoneState{name, off, lt.IsDST()}
}

// nextChange returns the end of the zone period that t is in (possibly a
// change that alters nothing), or the zero Time when there is none before limit.
func nextChange(t, limit time.Time, loc *time.Location) time.Time {
	_, end := t.In(loc).ZoneBounds()
	if end.IsZero() || end.After(t) {
		return end
	}
	// In the last day of a leap year served by the zone's TZ footer rule,
	// ZoneBounds returns an end before t (golang/go#81583). Probe instead:
	// step until the state changes, then bisect to the second.
	const step = 6 * time.Hour
	cur := stateAt(t, loc)
	for lo, hi := t, t.Add(step); lo.Before(limit); lo, hi = hi, hi.Add(step) {
		if stateAt(hi, loc) == cur {
			continue
		}
		for hi.Sub(lo) > time.Second {
			mid := lo.Add(hi.Sub(lo) / 2).Truncate(time.Second)
			if stateAt(mid, loc) == cur {
				lo = mid
			} else {
				hi = mid
			}
		}
		return hi
	}
	return time.Time{}
}

// observances describes loc for the years firstYear to lastYear. A kind of
// change (into or out of DST) that falls on the n-th or last weekday of a
// month every year from some point on, such as "second Sunday of March at
// 02:00", becomes one observance with an RRULE, so clients stay right after
// the covered years. Any other change, such as Chile's "first Sunday on or
// after 2 April" or Morocco's Ramadan changes, is listed on its own for the
// covered years.
func observances(loc *time.Location, firstYear, lastYear int) []observance {
	from := time.Date(firstYear, 1, 1, 0, 0, 0, 0, loc)
	covered := time.Date(lastYear+1, 1, 1, 0, 0, 0, 0, loc)
	trs := zoneTransitions(loc, from, time.Date(lastYear+1+ruleCheckYears, 1, 1, 0, 0, 0, 0, loc))

	var out []observance
	for _, dst := range []bool{false, true} {
		var kind []transition
		for _, tr := range trs {
			if tr.dst == dst {
				kind = append(kind, tr)
			}
		}
		k, rule := yearlyRule(kind, lastYear+ruleCheckYears)
		if k < len(kind) && !kind[k].at.Before(covered) {
			k = len(kind) // the rule only starts after the covered years
		}
		for i, tr := range kind {
			switch {
			case i == k:
				out = append(out, observance{tr, rule})
			case i < k && tr.at.Before(covered):
				out = append(out, observance{transition: tr})
			}
		}
	}
	slices.SortFunc(out, func(a, b observance) int { return a.at.Compare(b.at) })
	return out
}

// yearlyRule finds the longest run at the end of kind (transitions of one
// kind, in order) that happens once a year on the same n-th or last weekday
// of the same month at the same wall time with the same offsets and name,
// and still runs in lastYear. It returns the index where the run starts and
// its RRULE, or len(kind) when there is no such run of at least three years.
func yearlyRule(kind []transition, lastYear int) (int, string) {
	n := len(kind)
	if n < 3 || kind[n-1].localStart().Year() != lastYear {
		return n, ""
	}
	type shape struct {
		from, to int
		name     string
		month    time.Month
		weekday  time.Weekday
		clock    int
	}
	shapeOf := func(tr transition) (shape, int, bool) {
		t := tr.localStart()
		h, m, s := t.Clock()
		daysInMonth := time.Date(t.Year(), t.Month()+1, 0, 0, 0, 0, 0, time.UTC).Day()
		return shape{tr.from, tr.to, tr.name, t.Month(), t.Weekday(), h*3600 + m*60 + s},
			(t.Day()-1)/7 + 1, t.Day()+7 > daysInMonth
	}
	want, nth, lastOK := shapeOf(kind[n-1])
	nthOK := nth <= 4
	start := n - 1
	for i := n - 2; i >= 0; i-- {
		sh, nt, isLast := shapeOf(kind[i])
		if sh != want || kind[i].localStart().Year() != kind[i+1].localStart().Year()-1 {
			break
		}
		nOK, lOK := nthOK && nt == nth, lastOK && isLast
		if !nOK && !lOK {
			break
		}
		nthOK, lastOK, start = nOK, lOK, i
	}
	if n-start < 3 || (!nthOK && !lastOK) {
		return n, ""
	}
	week := nth
	if !nthOK {
		week = -1
	}
	return start, fmt.Sprintf("FREQ=YEARLY;BYMONTH=%d;BYDAY=%d%s", int(want.month), week, rfcDays[want.weekday])
}

// writeTimezone writes the VTIMEZONE for loc covering the years firstYear to
// lastYear. A zone that has never changed gets a single STANDARD.
func writeTimezone(w *lineWriter, loc *time.Location, firstYear, lastYear int) {
	w.line("BEGIN", "VTIMEZONE")
	w.text("TZID", loc.String())
	for _, o := range observances(loc, firstYear, lastYear) {
		kind := "STANDARD"
		if o.dst {
			kind = "DAYLIGHT"
		}
		w.line("BEGIN", kind)
		w.line("DTSTART", o.localStart().Format(localFormat))
		if o.rrule != "" {
			w.line("RRULE", o.rrule)
		}
		w.line("TZOFFSETFROM", formatOffset(o.from))
		w.line("TZOFFSETTO", formatOffset(o.to))
		w.text("TZNAME", o.name)
		w.line("END", kind)
	}
	w.line("END", "VTIMEZONE")
}
