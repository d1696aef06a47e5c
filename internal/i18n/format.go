package i18n

import (
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/number"
)

// Dates, times, numbers and distances as each language writes them. The
// words (weekdays, months, "a.m.") and the order of the parts are messages
// in the catalog, taken from CLDR's published names; the decimal and
// grouping marks come from golang.org/x/text's CLDR data for the tag in
// the catalog's locale.cldr message (es-419 writes 2.4 where es-ES writes
// 2,4), and the grouping of whole numbers from the catalog's
// locale.group_mark and locale.group_digits where the language writes it
// otherwise than that CLDR tag (Spanish: 3192, 31 416).

var weekdayIDs = [7]string{"date.wd.sun", "date.wd.mon", "date.wd.tue", "date.wd.wed", "date.wd.thu", "date.wd.fri", "date.wd.sat"}
var weekdayLongIDs = [7]string{"date.weekday.sun", "date.weekday.mon", "date.weekday.tue", "date.weekday.wed", "date.weekday.thu",
	"date.weekday.fri", "date.weekday.sat"}
var monthIDs = [12]string{"date.mon.jan", "date.mon.feb", "date.mon.mar", "date.mon.apr", "date.mon.may", "date.mon.jun",
	"date.mon.jul", "date.mon.aug", "date.mon.sep", "date.mon.oct", "date.mon.nov", "date.mon.dec"}
var monthLongIDs = [12]string{"date.month.jan", "date.month.feb", "date.month.mar", "date.month.apr", "date.month.may",
	"date.month.jun", "date.month.jul", "date.month.aug", "date.month.sep", "date.month.oct", "date.month.nov", "date.month.dec"}

// Weekday is the short name of d: "Fri", "vie".
func (l *Lang) Weekday(d time.Weekday) string { return l.T(weekdayIDs[d]) }

// WeekdayLong is the full name of d: "Friday", "viernes".
func (l *Lang) WeekdayLong(d time.Weekday) string { return l.T(weekdayLongIDs[d]) }

// Month is the short name of m: "Dec", "dic".
func (l *Lang) Month(m time.Month) string { return l.T(monthIDs[m-1]) }

// MonthLong is the full name of m: "December", "diciembre".
func (l *Lang) MonthLong(m time.Month) string { return l.T(monthLongIDs[m-1]) }

// WeekdayNames and MonthNames list the short names, for app.js.
func (l *Lang) WeekdayNames() []string {
	out := make([]string, 7)
	for i := range out {
		out[i] = l.Weekday(time.Weekday(i))
	}
	return out
}

// MonthNames lists the short month names, January first.
func (l *Lang) MonthNames() []string {
	out := make([]string, 12)
	for i := range out {
		out[i] = l.Month(time.Month(i + 1))
	}
	return out
}

// Clock writes t's time of day: "14:35", or "2:35 pm" for a reader who
// counts twelve hours (Reader); noon is "12:00 pm", half past midnight
// "12:30 am".
func (l *Lang) Clock(t time.Time) string {
	if !l.Hour12() {
		return t.Format("15:04")
	}
	h := t.Hour() % 12
	if h == 0 {
		h = 12
	}
	id := "time.am"
	if t.Hour() >= 12 {
		id = "time.pm"
	}
	return l.T(id, "Time", strconv.Itoa(h)+t.Format(":04"))
}

// ClockText writes a wall clock kept as text, "19:30" (a directory
// meeting's time, a time typed into a form), as Clock does: "7:30 pm" on
// a 12-hour clock. "24:00" is midnight; text that is no time is kept.
func (l *Lang) ClockText(hhmm string) string {
	if hhmm == "24:00" {
		hhmm = "00:00"
	}
	t, err := time.Parse("15:04", hhmm)
	if err != nil {
		return hhmm
	}
	return l.Clock(t)
}

// ZoneClock writes t's time of day in the zone t is in, with the zone's
// abbreviation: "21:00 CST", or "9:00 p.m. CST" where the language counts
// twelve hours. A suspension's end is written so, in a notice and in a
// refusal alike.
func (l *Lang) ZoneClock(t time.Time) string { return l.Clock(t) + " " + ZoneAbbr(t) }

// ZoneAbbr is the short name of the zone t is in, as clocks there are
// read ("PST", "CET", "IST"); for a zone whose time zone data has no such
// name and gives its offset instead (Bogotá's "-05", São Paulo's "-03"),
// the offset as CLDR's short GMT format writes it in English and Spanish
// alike: "GMT-5", "GMT+5:45".
func ZoneAbbr(t time.Time) string {
	abbr, off := t.Zone()
	if abbr != "" && abbr[0] != '+' && abbr[0] != '-' {
		return abbr
	}
	sign := "+"
	if off < 0 {
		sign, off = "-", -off
	}
	out := "GMT" + sign + strconv.Itoa(off/3600)
	if m := off % 3600 / 60; m != 0 {
		out += ":" + strconv.Itoa(m/10) + strconv.Itoa(m%10)
	}
	return out
}

// ZoneClockField is a message field that Say writes as ZoneClock does, in
// the reader's language: the instant, in the zone it is to be read in.
type ZoneClockField time.Time

// DayTimeField is a message field that Say writes as DayTime does, in the
// reader's language: "Sunday 14 March, 02:30" ("domingo 14 de marzo,
// 02:30"), with the year when Year is set. At's own fields are written as
// they are (a wall clock held in UTC keeps a time a zone skips).
type DayTimeField struct {
	At   time.Time
	Year bool
}

// ClockField is a message field that Say writes as Clock does, on the
// reader's clock: t's own time of day ("19:30", "7:30 pm").
type ClockField time.Time

// ZoneNameField is a message field that Say writes as the zone's name in
// the reader's language: "Europe/Madrid" is "Central European Time
// (Madrid)", "Hora de Europa central (Madrid)".
type ZoneNameField string

// When writes an instant in loc: "Fri 4 Dec, 14:35" ("vie 4 dic, 14:35"),
// with the year when it is not this year's there.
func (l *Lang) When(t time.Time, loc *time.Location, now time.Time) string {
	if loc == nil {
		loc = time.UTC
	}
	t = t.In(loc)
	id := "date.when"
	if t.Year() != now.In(loc).Year() {
		id = "date.when_year"
	}
	return l.T(id, "Weekday", l.Weekday(t.Weekday()), "Day", t.Day(), "Month", l.Month(t.Month()), "Year", t.Year(),
		"Time", l.Clock(t))
}

// Day writes a calendar day: "Fri 4 Dec" ("vie 4 dic").
func (l *Lang) Day(t time.Time) string {
	return l.T("date.day", "Weekday", l.Weekday(t.Weekday()), "Day", t.Day(), "Month", l.Month(t.Month()))
}

// FullDay writes a calendar day with nothing cut short, as a screen
// reader should say it: "Friday 4 December 2026" ("viernes, 4 de
// diciembre de 2026").
func (l *Lang) FullDay(t time.Time) string {
	return l.T("date.full_day", "Weekday", l.WeekdayLong(t.Weekday()), "Date", l.LongDate(t))
}

// DayTime writes a day and a time together, as a call or an appointment
// is said: "Tuesday 8 December, 23:30" ("martes 8 de diciembre, 19:00"),
// with the year when year is true ("Tuesday 30 March 2027, 22:30"), in
// the zone t is in.
func (l *Lang) DayTime(t time.Time, year bool) string {
	id := "date.day_time"
	if year {
		id = "date.day_time_year"
	}
	return l.T(id, "Weekday", l.WeekdayLong(t.Weekday()), "Day", t.Day(), "Month", l.MonthLong(t.Month()), "Year", t.Year(), "Time", l.Clock(t))
}

// LongDate writes a date in full: "4 December 2026" ("4 de diciembre de 2026").
func (l *Lang) LongDate(t time.Time) string {
	return l.T("date.long", "Day", t.Day(), "Month", l.MonthLong(t.Month()), "Year", t.Year())
}

// cldrTag is the tag whose CLDR number format the language uses.
func (l *Lang) cldrTag() language.Tag {
	if t, err := language.Parse(l.T("locale.cldr")); err == nil {
		return t
	}
	return l.Tag
}

// Number writes f with prec decimals (a trailing ".0" dropped) in the
// language's marks and grouping (grouped): 1,234.5 in English, 1234.5 and
// 31 416.5 in Spanish.
func (l *Lang) Number(f float64, prec int) string {
	p := message.NewPrinter(l.cldrTag())
	return l.grouped(p.Sprint(number.Decimal(f, number.MaxFractionDigits(prec), number.MinFractionDigits(0))))
}

// Int writes n with the language's grouping (grouped): 3,192 and 31,416
// in English, 3192 and 31 416 in Spanish.
func (l *Lang) Int(n int) string {
	return l.grouped(message.NewPrinter(l.cldrTag()).Sprint(number.Decimal(n)))
}

// grouped rewrites s, a number as CLDR writes it for the language
// (cldrTag), with the language's own grouping where its catalog gives one:
// "locale.group_mark" goes between groups of three digits, and a whole
// part of fewer than "locale.group_digits" digits is not grouped at all.
// Spanish, as the RAE writes it, groups from five digits with a space
// (3192 días; 31 416), which leaves no doubt beside its decimal point
// (2.4 km); CLDR's es-419 would write 3,192.
func (l *Lang) grouped(s string) string {
	cldr := l.cldrGroupMark()
	mark, min := l.T("locale.group_mark"), 0
	if n, err := strconv.Atoi(l.T("locale.group_digits")); err == nil {
		min = n
	}
	if cldr == "" || (mark == cldr && min <= 4) {
		return s
	}
	// The whole part: its digits and CLDR's marks, after any sign.
	start := strings.IndexFunc(s, func(r rune) bool { return r >= '0' && r <= '9' })
	if start < 0 {
		return s
	}
	end, digits := start, 0
whole:
	for end < len(s) {
		switch {
		case s[end] >= '0' && s[end] <= '9':
			end, digits = end+1, digits+1
		case strings.HasPrefix(s[end:], cldr) && end+len(cldr) < len(s) && s[end+len(cldr)] >= '0' && s[end+len(cldr)] <= '9':
			end += len(cldr)
		default:
			break whole
		}
	}
	part := s[start:end]
	if digits < min {
		part = strings.ReplaceAll(part, cldr, "")
	} else {
		part = strings.ReplaceAll(part, cldr, mark)
	}
	return s[:start] + part + s[end:]
}

// cldrGroupMark is the mark CLDR puts between groups of digits for the
// language (cldrTag): "," in 1,000.
func (l *Lang) cldrGroupMark() string {
	if v, ok := l.plain.Load(cldrMarkKey); ok {
		return v.(string)
	}
	s := message.NewPrinter(l.cldrTag()).Sprint(number.Decimal(1000))
	mark := strings.TrimSuffix(strings.TrimPrefix(s, "1"), "000")
	if len(mark)+4 != len(s) {
		mark = ""
	}
	l.plain.Store(cldrMarkKey, mark)
	return mark
}

// cldrMarkKey keeps cldrGroupMark's answer among l's plain texts, under a
// key no catalog message has.
const cldrMarkKey = " cldr group mark"

// kmPerMile is the international mile.
const kmPerMile = 1.609344

// Distance writes a distance given in km, in miles where miles is true:
// "2.4 miles away", "12 km away" (one decimal under 10, none above).
func (l *Lang) Distance(km float64, miles bool) string {
	if !miles {
		return l.T("distance.km_away", "Km", l.Number(km, prec(km)))
	}
	n := km / kmPerMile
	s := l.Number(n, prec(n))
	if strings.TrimSpace(s) == "1" {
		return l.T("distance.miles_away", "Miles", s, "Count", 1)
	}
	return l.T("distance.miles_away", "Miles", s, "Count", 2)
}

// Km writes a distance in km: "0 km", "2.4 km", "12 km".
func (l *Lang) Km(km float64) string { return l.T("distance.km", "Km", l.Number(km, prec(km))) }

func prec(f float64) int {
	if f >= 10 {
		return 0
	}
	return 1
}

// MonthYear writes a month: "December 2026" ("diciembre de 2026").
func (l *Lang) MonthYear(t time.Time) string {
	return l.T("date.month_year", "Month", l.MonthLong(t.Month()), "Year", t.Year())
}

// List joins names as a sentence lists them in l: "a", "a and b",
// "a, b and c" (the catalog's list.and).
func (l *Lang) List(names []string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return l.T("list.and", "Rest", strings.Join(names[:len(names)-1], ", "), "Last", names[len(names)-1])
}
