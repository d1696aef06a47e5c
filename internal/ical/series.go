package ical

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/kinshiprecovery/kinship/internal/i18n"
	"github.com/kinshiprecovery/kinship/internal/model"
)

// MaxDuration is the longest a single meeting may last.
const MaxDuration = 24 * time.Hour

// Series is a meeting and its repeats, with the dates that were cancelled or
// moved. Cancellations and overrides are matched to occurrences by instant,
// to the second; ones that match no occurrence are ignored by Occurrences,
// Next and Encode and reported by Validate.
type Series struct {
	// UID identifies the series in calendar clients; it must never change.
	UID         string
	Title       string
	Description string
	// StartLocal gives the date of the series start and the wall-clock time
	// of every meeting; its fields are read as a wall clock in Location,
	// whatever location the value itself carries.
	StartLocal time.Time
	// Location is the named IANA zone the meeting is held in.
	Location   *time.Location
	Duration   time.Duration
	Recurrence Recurrence
	// Cancelled lists the original start instants of cancelled meetings.
	Cancelled []time.Time
	// Overrides maps the original start instant of a rescheduled meeting to
	// its new time. Keys are matched by instant (to the second), not with ==,
	// so their location and monotonic reading do not matter.
	Overrides map[time.Time]Override
	// URL is the online meeting link; Place is a coarse address.
	URL   string
	Place string
	// Sequence is the RFC 5545 revision number; bump it on every change.
	Sequence int
	// Updated is when the series last changed (LAST-MODIFIED); optional.
	Updated time.Time
}

// Override reschedules one occurrence of a series.
type Override struct {
	// Start is the new start instant.
	Start time.Time
	// Duration is the new length; zero keeps the series' duration.
	Duration time.Duration
}

// Occurrence is one meeting of a series. Start and End are in the series'
// Location. Original is the start the rule gave it, which differs from Start
// only when Moved; a cancelled occurrence keeps its original times.
type Occurrence struct {
	Start, End time.Time
	Original   time.Time
	Cancelled  bool
	Moved      bool
}

// Validate reports every problem with s, including its recurrence and any
// cancellation or override that matches none of its meetings, as an
// invalid-kind *model.Error with one message per field.
func (s Series) Validate() error {
	f := model.FieldErrors{}
	s.check(f, true)
	return f.Err()
}

// check adds s's problems to f. Only when strict are cancellations and
// overrides required to match a meeting and overrides to have a new start.
func (s Series) check(f model.FieldErrors, strict bool) {
	if strings.TrimSpace(s.UID) == "" {
		f.Add("uid", "the series needs a UID")
	}
	if strings.TrimSpace(s.Title) == "" {
		f.Add("title", "give the meeting a name")
	}
	if s.Location == nil || s.Location.String() == "" || s.Location == time.Local || s.Location.String() == "Local" {
		f.Add("time_zone", "choose a named time zone, such as America/Chicago")
	}
	if s.StartLocal.IsZero() {
		f.Add("start", "choose the date and time of the first meeting")
	}
	if s.Duration <= 0 {
		f.Add("duration", "set how long the meeting lasts")
	} else if s.Duration > MaxDuration || s.Duration%time.Second != 0 {
		f.Add("duration", "a meeting lasts at most 24 hours, in whole seconds")
	}
	if s.Sequence < 0 {
		f.Add("sequence", "the revision number can't be negative")
	}
	s.Recurrence.check(f)
	if len(f) > 0 {
		return
	}
	if _, ok := s.first(); !ok {
		f.Add("until", "no meeting falls between the start and the end date")
		return
	}
	for _, orig := range s.overrideKeys() {
		ov := s.Overrides[orig]
		switch {
		case strict && !s.isOccurrence(orig):
			f.AddMsg("overrides", model.NewMsg("apperrf.series_not_a_date", fmt.Sprintf("%s is not one of this meeting's dates", s.describe(orig)), "When", s.describeMsg(orig)))
		case strict && ov.Start.IsZero():
			f.AddMsg("overrides", model.NewMsg("apperrf.series_moved_no_time", fmt.Sprintf("choose a new time for the meeting on %s", s.describe(orig)), "When", s.describeMsg(orig)))
		case ov.Duration < 0 || ov.Duration > MaxDuration || ov.Duration%time.Second != 0:
			f.AddMsg("overrides", model.NewMsg("apperrf.series_moved_too_long", fmt.Sprintf("the meeting moved from %s lasts at most 24 hours, in whole seconds", s.describe(orig)), "When", s.describeMsg(orig)))
		}
	}
	if !strict {
		return
	}
	for _, c := range s.Cancelled {
		if !s.isOccurrence(c) {
			f.AddMsg("cancelled", model.NewMsg("apperrf.series_not_a_date", fmt.Sprintf("%s is not one of this meeting's dates", s.describe(c)), "When", s.describeMsg(c)))
		}
	}
}

// describe formats an instant as a person would read it in the series' zone.
func (s Series) describe(t time.Time) string {
	return t.In(s.Location).Format("Mon 2006-01-02 15:04 MST")
}

// describeMsg is describe as a catalog message, its weekday in the
// reader's language.
func (s Series) describeMsg(t time.Time) *model.Msg {
	t = t.In(s.Location)
	wd := t.Format("Mon")
	return model.NewMsg("apperrf.series_when", t.Format("Mon 2006-01-02 15:04 MST"),
		"Weekday", model.NewMsg("date.wd."+strings.ToLower(wd), wd), "Date", t.Format("2006-01-02"), "Time", i18n.ClockField(t), "Zone", t.Format("MST"))
}

// usable reports whether s is complete enough to expand.
func (s Series) usable() bool {
	return s.Location != nil && !s.StartLocal.IsZero() && s.Recurrence.Validate() == nil
}

// Occurrences returns the meetings of s that start in [from, to), ordered by
// start, at most limit of them (limit <= 0 means no limit). Cancelled meetings are
// included with Cancelled set; moved ones appear at their new start with Moved
// set. Every meeting keeps its wall-clock time in Location across DST
// changes; a time skipped by a change moves forward by the gap and a repeated
// one takes its first instant (see the package documentation). A series
// without a zone, a start or a valid Recurrence has no occurrences.
func (s Series) Occurrences(from, to time.Time, limit int) []Occurrence {
	if !s.usable() || !from.Before(to) {
		return nil
	}
	cancelled, moved := s.cancelledSet(), s.overrideIndex()
	h, m, sec := s.StartLocal.Clock()
	toDay := dayOf(to.In(s.Location)).AddDate(0, 0, 1)
	var out []Occurrence
	s.walk(dayOf(from.In(s.Location)).AddDate(0, 0, -1), func(day time.Time) bool {
		if day.After(toDay) || (limit > 0 && len(out) >= limit) {
			return false
		}
		t := wallTime(day, h, m, sec, s.Location)
		if t.Before(from) || !t.Before(to) {
			return true
		}
		_, c := cancelled[t.Unix()]
		if _, ok := moved[t.Unix()]; ok && !c {
			return true // reported at its new time below
		}
		out = append(out, Occurrence{Start: t, End: t.Add(s.Duration), Original: t, Cancelled: c})
		return true
	})
	for k, o := range moved {
		if _, c := cancelled[k]; !c && !o.Start.Before(from) && o.Start.Before(to) && s.isOccurrence(time.Unix(k, 0)) {
			out = append(out, s.movedOccurrence(k, o))
		}
	}
	slices.SortFunc(out, func(a, b Occurrence) int {
		return cmp.Or(a.Start.Compare(b.Start), a.Original.Compare(b.Original))
	})
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out
}

// Next returns the first meeting of s that starts after the instant after
// and is not cancelled, and false when the series has none left.
func (s Series) Next(after time.Time) (Occurrence, bool) {
	if !s.usable() {
		return Occurrence{}, false
	}
	cancelled, moved := s.cancelledSet(), s.overrideIndex()
	h, m, sec := s.StartLocal.Clock()
	var best Occurrence
	found := false
	s.walk(dayOf(after.In(s.Location)).AddDate(0, 0, -1), func(day time.Time) bool {
		t := wallTime(day, h, m, sec, s.Location)
		if !t.After(after) {
			return true
		}
		if _, c := cancelled[t.Unix()]; c {
			return true
		}
		if _, mv := moved[t.Unix()]; mv {
			return true
		}
		best, found = Occurrence{Start: t, End: t.Add(s.Duration), Original: t}, true
		return false
	})
	for k, o := range moved {
		if _, c := cancelled[k]; c || !o.Start.After(after) || (found && !o.Start.Before(best.Start)) {
			continue
		}
		if s.isOccurrence(time.Unix(k, 0)) {
			best, found = s.movedOccurrence(k, o), true
		}
	}
	return best, found
}

// movedOccurrence returns the meeting originally at Unix second orig, moved by o.
func (s Series) movedOccurrence(orig int64, o Override) Occurrence {
	start := o.Start.In(s.Location)
	return Occurrence{Start: start, End: start.Add(cmp.Or(o.Duration, s.Duration)), Original: time.Unix(orig, 0).In(s.Location), Moved: true}
}

// cancelledSet indexes the cancelled instants by Unix second.
func (s Series) cancelledSet() map[int64]struct{} {
	set := make(map[int64]struct{}, len(s.Cancelled))
	for _, c := range s.Cancelled {
		set[c.Unix()] = struct{}{}
	}
	return set
}

// overrideIndex indexes the overrides by the Unix second of their original start.
func (s Series) overrideIndex() map[int64]Override {
	idx := make(map[int64]Override, len(s.Overrides))
	for orig, o := range s.Overrides {
		if !o.Start.IsZero() { // incomplete: Validate reports it
			idx[orig.Unix()] = o
		}
	}
	return idx
}

// overrideKeys returns the override keys in time order, for stable output.
func (s Series) overrideKeys() []time.Time {
	keys := make([]time.Time, 0, len(s.Overrides))
	for k := range s.Overrides {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, time.Time.Compare)
	return keys
}

// isOccurrence reports whether the rule of s produces a meeting at instant t.
func (s Series) isOccurrence(t time.Time) bool {
	day := dayOf(t.In(s.Location))
	h, m, sec := s.StartLocal.Clock()
	hit := false
	s.walk(day.AddDate(0, 0, -1), func(d time.Time) bool {
		if d.After(day.AddDate(0, 0, 1)) {
			return false
		}
		hit = wallTime(d, h, m, sec, s.Location).Unix() == t.Unix()
		return !hit
	})
	return hit
}

// first returns the date of the first meeting of s, if it has any.
func (s Series) first() (time.Time, bool) {
	var day time.Time
	ok := false
	s.walk(time.Time{}, func(d time.Time) bool { day, ok = d, true; return false })
	return day, ok
}

// walk calls fn with the date (as UTC midnight) of every meeting of s in
// order, starting at the first one on or after from, until fn returns false
// or the series ends. Count is honoured by counting from the series start.
func (s Series) walk(from time.Time, fn func(day time.Time) bool) {
	r := s.Recurrence
	start := dayOf(s.StartLocal)
	var until time.Time
	if r.Until != nil {
		until = dayOf(*r.Until)
	}
	n := 0
	// emit reports a candidate date and says whether to go on.
	emit := func(d time.Time) bool {
		if d.Before(start) {
			return true
		}
		if !until.IsZero() && d.After(until) {
			return false
		}
		if n++; r.Count > 0 && n > r.Count {
			return false
		}
		return d.Before(from) || fn(d)
	}
	// Without a count nothing before from matters, so skip whole periods.
	skip := r.Count == 0 && from.After(start)
	step := r.interval()

	switch r.Freq {
	case Once:
		emit(start)
	case Weekly:
		monday := start.AddDate(0, 0, -mondayOffset(start.Weekday()))
		offs := r.weekOffsets()
		k := 0
		if skip {
			k = int(from.Sub(monday).Hours()/24) / 7 / step * step
		}
		for ; ; k += step {
			for _, o := range offs {
				if !emit(monday.AddDate(0, 0, 7*k+o)) {
					return
				}
			}
		}
	case Monthly:
		k := 0
		if skip {
			k = ((from.Year()-start.Year())*12 + int(from.Month()-start.Month())) / step * step
		}
		weeks := r.monthWeeks()
		for ; ; k += step {
			month := time.Date(start.Year(), start.Month()+time.Month(k), 1, 0, 0, 0, 0, time.UTC)
			var days []time.Time
			for _, w := range weeks {
				// A 5th week the month lacks is no meeting; a day two
				// weeks name (the 4th and the last) is one.
				if d := nthWeekday(month.Year(), month.Month(), r.Weekdays[0], w); d.Month() == month.Month() && !slices.Contains(days, d) {
					days = append(days, d)
				}
			}
			slices.SortFunc(days, func(x, y time.Time) int { return x.Compare(y) })
			for _, d := range days {
				if !emit(d) {
					return
				}
			}
		}
	}
}

// Formats of iCalendar DATE-TIME values.
const (
	localFormat = "20060102T150405"
	utcFormat   = "20060102T150405Z"
)

// localLayouts are the forms ParseLocal accepts, tried in order.
var localLayouts = []string{
	"2006-01-02T15:04",
	"2006-01-02T15:04:05",
	"2006-01-02 15:04",
	"2006-01-02 15:04:05",
}

// ParseLocal reads a wall-clock date and time such as "2026-12-01T19:00" or
// "2026-12-01T19:00:30" as a time in loc, resolving a time in a
// daylight-saving gap or overlap as the package documentation describes.
// It returns an invalid-kind *model.Error when s has another shape or loc is nil.
func ParseLocal(s string, loc *time.Location) (time.Time, error) {
	if loc == nil {
		return time.Time{}, model.Errorf(model.KindInvalid, "choose a time zone, such as America/Chicago")
	}
	s = strings.TrimSpace(s)
	for _, layout := range localLayouts {
		t, err := time.Parse(layout, s)
		if err == nil {
			return wallTime(t, t.Hour(), t.Minute(), t.Second(), loc), nil
		}
	}
	return time.Time{}, model.ErrMsg(model.KindInvalid, model.NewMsg("apperrf.datetime_shape", fmt.Sprintf("%q is not a date and time; write it like 2026-12-01T19:00", s), "Value", s))
}

// wallTime returns the instant at which clocks in loc read the date of day
// and the time h:m:s. A time skipped by a daylight-saving change is read with
// the offset in force before the change, so it lands that much later; a time
// that happens twice resolves to the first one (RFC 5545 section 3.3.5).
func wallTime(day time.Time, h, m, s int, loc *time.Location) time.Time {
	y, mo, d := day.Date()
	naive := time.Date(y, mo, d, h, m, s, 0, time.UTC).Unix()
	// A day on either side is far enough to see the offsets before and after
	// any change near this wall time, since no zone changes twice in two days.
	before := offsetAt(naive-86400, loc)
	after := offsetAt(naive+86400, loc)
	first, second := naive-int64(before), naive-int64(after)
	if first > second {
		first, second = second, first
	}
	switch {
	case offsetAt(first, loc) == int(naive-first):
		return time.Unix(first, 0).In(loc)
	case offsetAt(second, loc) == int(naive-second):
		return time.Unix(second, 0).In(loc)
	default:
		// In the gap: keep the offset from before the change.
		return time.Unix(naive-int64(before), 0).In(loc)
	}
}

// offsetAt returns loc's UTC offset in seconds at the Unix time sec.
func offsetAt(sec int64, loc *time.Location) int {
	_, off := time.Unix(sec, 0).In(loc).Zone()
	return off
}

// dayOf returns the calendar date of t's own wall clock as UTC midnight,
// the form the recurrence arithmetic works in.
func dayOf(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// nthWeekday returns the n-th (1..5) or, for n == -1, the last weekday wd of
// the given month, as UTC midnight.
func nthWeekday(year int, month time.Month, wd time.Weekday, n int) time.Time {
	if n < 0 {
		last := time.Date(year, month+1, 0, 0, 0, 0, 0, time.UTC)
		return last.AddDate(0, 0, -((int(last.Weekday()) - int(wd) + 7) % 7))
	}
	first := time.Date(year, month, 1, 0, 0, 0, 0, time.UTC)
	return first.AddDate(0, 0, (int(wd)-int(first.Weekday())+7)%7+7*(n-1))
}
