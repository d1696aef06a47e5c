// Package importer reads outside directory data into Kinship's own shapes,
// leniently, the way real feeds need: a bad record is reported with its
// position and reason and never stops the others. It has no I/O of its own.
//
// types.json is the official Meeting Guide type vocabulary from the Code for
// Recovery spec (github.com/code4recovery/spec, MIT licence), kept verbatim
// so codes and names match what every feed uses.
package importer

import (
	"bufio"
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/kinshiprecovery/kinship/internal/textin"
)

//go:embed types.json
var typesJSON []byte

// TypeNames maps each meeting type code to its names by language ("en", "es", …).
var TypeNames = func() map[string]map[string]string {
	m := map[string]map[string]string{}
	if err := json.Unmarshal(typesJSON, &m); err != nil {
		panic("importer: types.json: " + err.Error())
	}
	// ONL was removed from the spec in 2022; feeds still emit it.
	if _, ok := m["ONL"]; !ok {
		m["ONL"] = map[string]string{"en": "Online", "es": "En línea"}
	}
	return m
}()

// Attendance options.
const (
	InPerson = "in_person"
	Online   = "online"
	Hybrid   = "hybrid"
	Inactive = "inactive"
)

// Meeting is one meeting from a Meeting Guide feed, normalized.
type Meeting struct {
	Slug            string
	Name            string
	Day             int    // 0 = Sunday … 6 = Saturday; -1 for "by appointment"
	Time, EndTime   string // "HH:MM", or "" by appointment
	TimeZone        string
	Types           []string // known codes
	UnknownTypes    []string
	Attendance      string
	ConferenceURL   string
	ConferenceNotes string
	ConferencePhone string
	Location        string
	Address         string // one line
	Approximate     bool
	Latitude        *float64
	Longitude       *float64
	Region          string
	Notes           string
	LocationNotes   string
	Group           string
	URL             string
	// daySeven is set when the record gave day 7, read as Sunday.
	daySeven bool
}

// Skipped is a record that could not be imported.
type Skipped struct {
	Position int // 1-based position in the feed
	Slug     string
	Reason   string
	// Kept is set by whoever stores the feed (app.ImportMeetings) when the
	// source already held an active meeting of this slug, which then stays
	// as last imported rather than leaving the directory.
	Kept bool
}

// Result is a parsed feed.
type Result struct {
	Meetings []Meeting
	Skipped  []Skipped
	Warnings []string
}

// Options say how to read a feed.
type Options struct {
	// TimeZone is used for records without their own "timezone" (the
	// source's setting). With none, such records fail the whole feed once.
	TimeZone string
}

// ErrUnreadable is returned (wrapped) when the input is not a JSON array of records.
var ErrUnreadable = errors.New("not a Meeting Guide feed (a JSON array of meetings)")

// ParseMeetingGuide reads a Meeting Guide JSON feed. Only input that is not
// a JSON array fails, or a feed with meetings without a time zone when
// opts gives none (a *NoTimeZoneError); bad records are skipped with their reasons. A record
// listing several days becomes one meeting per day, with the day appended
// to its slug.
func ParseMeetingGuide(r io.Reader, opts Options) (*Result, error) {
	r = skipBOM(r)
	dec := json.NewDecoder(r)
	dec.UseNumber()
	var top json.RawMessage
	if err := dec.Decode(&top); err != nil {
		return nil, fmt.Errorf("importer: %w: %v", ErrUnreadable, err)
	}
	res := &Result{}
	raw, err := feedRecords(top)
	if err != nil {
		return nil, err
	}
	if rest, _ := io.ReadAll(dec.Buffered()); len(bytes.TrimSpace(rest)) > 0 {
		res.Warnings = append(res.Warnings, "ignored text after the end of the feed's JSON array")
	} else if more, _ := io.ReadAll(r); len(bytes.TrimSpace(more)) > 0 {
		res.Warnings = append(res.Warnings, "ignored text after the end of the feed's JSON array")
	}
	seen := map[string]int{}
	noZone := 0
	for i, rec := range raw {
		if err := recordText(rec); err != nil {
			res.Skipped = append(res.Skipped, Skipped{Position: i + 1, Slug: slugOf(rec), Reason: err.Error()})
			continue
		}
		ms, err := parseRecord(rec, opts)
		slug := ""
		if len(ms) > 0 {
			slug = ms[0].Slug
		}
		if errors.Is(err, errNoZone) {
			noZone++
			continue
		}
		if err != nil {
			slug = slugOf(rec)
			res.Skipped = append(res.Skipped, Skipped{Position: i + 1, Slug: slug, Reason: err.Error()})
			continue
		}
		for _, m := range ms {
			if first, dup := seen[m.Slug]; dup {
				res.Skipped = append(res.Skipped, Skipped{Position: i + 1, Slug: m.Slug, Reason: fmt.Sprintf("slug %q already used by record %d", m.Slug, first)})
				continue
			}
			seen[m.Slug] = i + 1
			res.Meetings = append(res.Meetings, m)
		}
	}
	if noZone > 0 {
		return nil, &NoTimeZoneError{Without: noZone, Records: len(raw)}
	}
	if w := daySevenWarning(res.Meetings, seen); w != "" {
		res.Warnings = append(res.Warnings, w)
	}
	res.Warnings = append(res.Warnings, unknownTypeWarnings(res.Meetings)...)
	return res, nil
}

// feedRecords is the feed's list of records, the JSON array it must be.
// Anything else is unreadable, said with what it is instead (an object's
// keys), since a person may have the address of a page about the feed or
// of another API. An object that wraps a list is not unwrapped: which
// list holds the meetings is a guess, and a wrong one would retire the
// source's meetings.
func feedRecords(top json.RawMessage) ([]json.RawMessage, error) {
	var raw []json.RawMessage
	t := bytes.TrimSpace(top)
	if len(t) > 0 && t[0] == '[' {
		if err := json.Unmarshal(t, &raw); err != nil {
			return nil, fmt.Errorf("importer: %w: %v", ErrUnreadable, err)
		}
		return raw, nil
	}
	what := "a single JSON value (" + clipText(string(t), 40) + ")"
	var obj map[string]json.RawMessage
	if len(t) > 0 && t[0] == '{' && json.Unmarshal(t, &obj) == nil {
		keys := make([]string, 0, len(obj))
		for k := range obj {
			keys = append(keys, strconv.Quote(clipText(k, 40)))
		}
		sort.Strings(keys)
		if len(keys) > 8 {
			keys = append(keys[:8], "…")
		}
		what = "an empty JSON object"
		switch len(keys) {
		case 0:
		case 1:
			what = "a JSON object with the key " + keys[0]
		default:
			what = "a JSON object with the keys " + strings.Join(keys, ", ")
		}
	}
	return nil, fmt.Errorf("importer: %w: it is %s, not a list [{…}, …]", ErrUnreadable, what)
}

// daySevenWarning names the records whose day 7 was read as Sunday (by
// their position in the feed, from seen), "" when none.
func daySevenWarning(ms []Meeting, seen map[string]int) string {
	var at []int
	for _, m := range ms {
		if p := seen[m.Slug]; m.daySeven && !slices.Contains(at, p) {
			at = append(at, p)
		}
	}
	if len(at) == 0 {
		return ""
	}
	sort.Ints(at)
	where := "record " + strconv.Itoa(at[0])
	if len(at) > 1 {
		names := make([]string, 0, 10)
		for _, p := range at[:min(len(at), 10)] {
			names = append(names, strconv.Itoa(p))
		}
		if len(at) > 10 {
			names = append(names, fmt.Sprintf("and %d more", len(at)-10))
		}
		where = fmt.Sprintf("%d records (%s)", len(at), strings.Join(names, ", "))
	}
	return "day 7 read as Sunday in " + where + ": Meeting Guide counts 0 = Sunday … 6 = Saturday, and some feeds write 7 for Sunday; check the feed if these meetings are not on Sundays"
}

func clipText(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

// unknownTypeWarnings says which type codes the feed's meetings carry
// that the Meeting Guide spec does not have: each meeting is imported
// without them (the finder names only types it knows), and the person
// importing learns which, in how many meetings, and where first.
func unknownTypeWarnings(ms []Meeting) []string {
	type use struct {
		n     int
		first string
	}
	uses := map[string]*use{}
	for _, m := range ms {
		for _, c := range m.UnknownTypes {
			u := uses[c]
			if u == nil {
				u = &use{first: m.Slug}
				uses[c] = u
			}
			u.n++
		}
	}
	codes := make([]string, 0, len(uses))
	for c := range uses {
		codes = append(codes, c)
	}
	sort.Strings(codes)
	var out []string
	for _, c := range codes {
		u := uses[c]
		where := fmt.Sprintf("meeting %q", u.first)
		if u.n > 1 {
			where = fmt.Sprintf("%d meetings, first %q", u.n, u.first)
		}
		out = append(out, fmt.Sprintf("type code %q is not a Meeting Guide type (%s); imported without it", clipText(c, 40), where))
	}
	return out
}

// errNoZone marks a record without a time zone of its own when no default was given.
var errNoZone = errors.New("no time zone")

// NoTimeZoneError says a feed's meetings lack a time zone and none was
// given: one error for the whole feed, not one per record.
type NoTimeZoneError struct{ Without, Records int }

func (e *NoTimeZoneError) Error() string {
	which := fmt.Sprintf("%d of its %d meetings have", e.Without, e.Records)
	if e.Without == e.Records {
		which = "its meetings have"
	}
	return fmt.Sprintf("the feed does not say its time zone (%s no \"timezone\" field): give the zone its meetings are held in with --timezone, e.g. --timezone America/Los_Angeles", which)
}

// skipBOM drops a UTF-8 byte-order mark at the start of r, which some
// tools write before a feed.
func skipBOM(r io.Reader) io.Reader {
	br := bufio.NewReader(r)
	if b, err := br.Peek(3); err == nil && bytes.Equal(b, []byte("\xef\xbb\xbf")) {
		_, _ = br.Discard(3)
	}
	return br
}

// recordText refuses a record whose text is not valid UTF-8 or holds NUL
// or other control characters (line breaks and tabs are tidied later):
// such a record is skipped, and the others are imported.
func recordText(rec json.RawMessage) error {
	if e := textin.InvalidUTF8InJSON(rec); e != nil {
		return errors.New(e.Error())
	}
	var v any
	if json.Unmarshal(rec, &v) != nil {
		return nil // parseRecord says what is wrong
	}
	if e := textin.CheckLines(v); e != nil {
		return errors.New(e.Error())
	}
	return nil
}

// slugOf is a skipped record's slug, for the report.
func slugOf(rec json.RawMessage) string {
	var f map[string]any
	if json.Unmarshal(rec, &f) != nil {
		return ""
	}
	slug, _ := f["slug"].(string)
	return slug
}

// record is a feed record with every field kept raw, so each can be read leniently.
type record map[string]json.RawMessage

// str reads a string field; numbers are accepted as text; null and absent give "".
func (r record) str(key string) string {
	v, ok := r[key]
	if !ok {
		return ""
	}
	var s string
	if json.Unmarshal(v, &s) == nil {
		return strings.TrimSpace(s)
	}
	var n json.Number
	if json.Unmarshal(v, &n) == nil {
		return n.String()
	}
	return ""
}

// text reads a string field a person reads on one line (a name, a place),
// as the text its HTML shows (plainText).
func (r record) text(key string) string { return plainText(r.str(key), false) }

// lines reads a string field of several lines (notes) as text, like text.
func (r record) lines(key string) string { return plainText(r.str(key), true) }

func parseRecord(raw json.RawMessage, opts Options) ([]Meeting, error) {
	var r record
	if err := json.Unmarshal(raw, &r); err != nil || r == nil {
		return nil, errors.New("the record is not a JSON object")
	}
	m := Meeting{Slug: r.str("slug"), Name: r.text("name"), Location: r.text("location"), Region: r.text("region"), Notes: r.lines("notes"),
		LocationNotes: r.lines("location_notes"), Group: r.text("group"), ConferenceNotes: r.lines("conference_url_notes")}
	if m.Slug == "" {
		return nil, errors.New("no slug")
	}
	if m.Name == "" {
		return nil, errors.New("no name")
	}
	days, seven, err := parseDays(r["day"])
	if err != nil {
		return nil, err
	}
	m.daySeven = seven
	start, end := r.str("time"), r.str("end_time")
	if len(days) == 0 || start == "" {
		if len(days) > 0 || start != "" {
			return nil, errors.New("a day without a time, or a time without a day")
		}
		days = []int{-1} // by appointment
	} else {
		if m.Time, err = parseClock(start); err != nil {
			return nil, fmt.Errorf("time %q: %v", start, err)
		}
		if endOfDay(start) {
			// "24:00" on a Tuesday is the midnight that ends it: the
			// meeting starts on Wednesday at 00:00.
			for i, d := range days {
				days[i] = (d + 1) % 7
			}
		}
		if end == "" {
			m.EndTime = addHour(m.Time)
		} else if m.EndTime, err = parseClock(end); err != nil {
			return nil, fmt.Errorf("end_time %q: %v", end, err)
		}
	}
	m.TimeZone = r.str("timezone")
	if m.TimeZone == "" {
		m.TimeZone = opts.TimeZone
	}
	if m.TimeZone == "" {
		return nil, errNoZone
	}
	if !knownZone(m.TimeZone) {
		return nil, fmt.Errorf("unknown time zone %q", m.TimeZone)
	}
	m.Types, m.UnknownTypes = parseTypes(r["types"])
	if u := r.str("conference_url"); u != "" {
		if p, err := url.Parse(u); err == nil && (p.Scheme == "https" || p.Scheme == "http") && p.Host != "" {
			m.ConferenceURL = u
		}
	}
	m.ConferencePhone = r.str("conference_phone")
	m.URL = r.str("url")
	m.Address = r.text("formatted_address")
	m.Approximate = r.str("approximate") == "yes"
	if m.Address == "" {
		// Written as the feeds' own formatted_address is ("5 Oak St,
		// Springfield, IL 62701, US"): a state and its postal code
		// together, the rest apart.
		var parts []string
		for _, v := range []string{r.text("address"), r.text("city"), strings.TrimSpace(r.text("state") + " " + r.text("postal_code")), r.text("country")} {
			if v != "" {
				parts = append(parts, v)
			}
		}
		m.Address = strings.Join(parts, ", ")
		// A city without a street is nowhere to go (the spec's "approximate"):
		// SF/Marin gives its online meetings a city and no address.
		if r.str("address") == "" && r.str("approximate") != "no" {
			m.Approximate = m.Address != ""
		}
	}
	m.Latitude, m.Longitude = parseFloat(r.str("latitude")), parseFloat(r.str("longitude"))
	if m.Latitude != nil && (*m.Latitude < -90 || *m.Latitude > 90) || m.Longitude != nil && (*m.Longitude < -180 || *m.Longitude > 180) {
		m.Latitude, m.Longitude = nil, nil
	}
	m.Attendance = r.str("attendance_option")
	switch m.Attendance {
	case InPerson, Online, Hybrid, Inactive:
	default:
		m.Attendance = deriveAttendance(m)
	}
	out := make([]Meeting, 0, len(days))
	for _, d := range days {
		x := m
		x.Day = d
		if len(days) > 1 {
			x.Slug = fmt.Sprintf("%s-%d", m.Slug, d)
		}
		out = append(out, x)
	}
	return out, nil
}

var zones sync.Map // name → bool, so a feed loads each zone once

func knownZone(name string) bool {
	if ok, seen := zones.Load(name); seen {
		return ok.(bool)
	}
	_, err := time.LoadLocation(name)
	ok := err == nil && name != "Local"
	zones.Store(name, ok)
	return ok
}

// parseDays accepts a number, a numeric string, or an array of either.
// 7 is read as Sunday (seven is then set): Meeting Guide counts 0 =
// Sunday … 6 = Saturday, and some feeds count Monday 1 to Sunday 7.
func parseDays(v json.RawMessage) (days []int, seven bool, err error) {
	if len(v) == 0 || string(v) == "null" {
		return nil, false, nil
	}
	var list []json.RawMessage
	if json.Unmarshal(v, &list) != nil {
		list = []json.RawMessage{v}
	}
	for _, item := range list {
		s := strings.Trim(string(item), `" `)
		if s == "" {
			continue
		}
		d, err := strconv.Atoi(s)
		if err != nil {
			var ok bool
			if d, ok = dayNames[strings.ToLower(s)]; !ok {
				return nil, false, fmt.Errorf("day %s is not a number (0 = Sunday … 6 = Saturday) or a day's name", string(item))
			}
		}
		if d == 7 {
			d, seven = 0, true
		}
		if d < 0 || d > 6 {
			return nil, false, fmt.Errorf("day %d is out of range (0 = Sunday … 6 = Saturday)", d)
		}
		if !slices.Contains(days, d) {
			days = append(days, d)
		}
	}
	sort.Ints(days)
	return days, seven, nil
}

// dayNames are the days as feeds written by hand name them (the spec's
// day is a number), in English and Spanish, whole or short.
var dayNames = func() map[string]int {
	m := map[string]int{}
	for d, names := range [][]string{
		{"sunday", "sun", "domingo", "dom"}, {"monday", "mon", "lunes", "lun"}, {"tuesday", "tue", "tues", "martes", "mar"},
		{"wednesday", "wed", "miércoles", "miercoles", "mié", "mie"}, {"thursday", "thu", "thur", "thurs", "jueves", "jue"},
		{"friday", "fri", "viernes", "vie"}, {"saturday", "sat", "sábado", "sabado", "sáb", "sab"},
	} {
		for _, n := range names {
			m[n] = d
		}
	}
	return m
}()

// endOfDay reports whether a start time is written as the end of its day
// ("24:00"), which starts the meeting at 00:00 on the next day.
func endOfDay(s string) bool {
	t := strings.TrimSpace(s)
	return t == "24:00" || t == "24:00:00"
}

// parseClock reads "19:30", "7:30", "19:30:00", "7:30 PM", "7 pm",
// "11:00AM", "7:30 p.m.", "noon", "12 noon", "midnight" and "24:00" (the
// end of a day, which the next day's 00:00 is).
func parseClock(s string) (string, error) {
	t := strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(s), ".", ""))
	t = strings.Join(strings.Fields(t), " ")
	switch {
	case t == "NOON" || t == "12 NOON" || t == "12:00 NOON":
		return "12:00", nil
	case t == "MIDNIGHT" || t == "12 MIDNIGHT" || t == "12:00 MIDNIGHT" || t == "24:00" || t == "24:00:00":
		return "00:00", nil
	}
	for _, layout := range []string{"15:04", "15:04:05", "3:04 PM", "3:04PM", "3 PM", "3PM", "3:04:05 PM"} {
		if p, err := time.Parse(layout, t); err == nil {
			return p.Format("15:04"), nil
		}
	}
	return "", errors.New("use a time like 19:30 or 7:30 PM")
}

func addHour(hhmm string) string {
	t, _ := time.Parse("15:04", hhmm)
	return t.Add(time.Hour).Format("15:04")
}

func parseFloat(s string) *float64 {
	if s == "" {
		return nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return nil
	}
	return &f
}

// parseTypes splits codes into known and unknown; a string of comma-separated
// codes is accepted too.
func parseTypes(v json.RawMessage) (known, unknown []string) {
	var list []string
	if json.Unmarshal(v, &list) != nil {
		var s string
		if json.Unmarshal(v, &s) == nil {
			list = strings.Split(s, ",")
		}
	}
	seen := map[string]bool{}
	for _, c := range list {
		c = strings.TrimSpace(c)
		if c == "" || seen[c] {
			continue
		}
		seen[c] = true
		if _, ok := TypeNames[c]; ok {
			known = append(known, c)
		} else {
			unknown = append(unknown, c)
		}
	}
	return known, unknown
}

func has(list []string, c string) bool {
	for _, x := range list {
		if x == c {
			return true
		}
	}
	return false
}

// deriveAttendance follows the spec when a feed gives no attendance_option:
// a temporarily closed place with a way to join online is online; a place
// and a way to join online is hybrid; only a way to join online is online,
// as is a way to join online beside only a city (an approximate address).
func deriveAttendance(m Meeting) string {
	virtual := m.ConferenceURL != "" || m.ConferencePhone != "" || has(m.Types, "ONL")
	physical := m.Address != "" && !m.Approximate && !has(m.Types, "TC")
	switch {
	case virtual && physical:
		return Hybrid
	case virtual:
		return Online
	case has(m.Types, "TC"):
		return Inactive
	}
	return InPerson
}
