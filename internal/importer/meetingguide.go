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
	var raw []json.RawMessage
	if err := dec.Decode(&raw); err != nil {
		return nil, fmt.Errorf("importer: %w: %v", ErrUnreadable, err)
	}
	res := &Result{}
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
	return res, nil
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

func parseRecord(raw json.RawMessage, opts Options) ([]Meeting, error) {
	var r record
	if err := json.Unmarshal(raw, &r); err != nil || r == nil {
		return nil, errors.New("the record is not a JSON object")
	}
	m := Meeting{Slug: r.str("slug"), Name: r.str("name"), Location: r.str("location"), Region: r.str("region"), Notes: r.str("notes"),
		LocationNotes: r.str("location_notes"), Group: r.str("group"), ConferenceNotes: r.str("conference_url_notes")}
	if m.Slug == "" {
		return nil, errors.New("no slug")
	}
	if m.Name == "" {
		return nil, errors.New("no name")
	}
	days, err := parseDays(r["day"])
	if err != nil {
		return nil, err
	}
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
	m.Address = r.str("formatted_address")
	m.Approximate = r.str("approximate") == "yes"
	if m.Address == "" {
		var parts []string
		for _, k := range []string{"address", "city", "state", "postal_code", "country"} {
			if v := r.str(k); v != "" {
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
func parseDays(v json.RawMessage) ([]int, error) {
	if len(v) == 0 || string(v) == "null" {
		return nil, nil
	}
	var list []json.RawMessage
	if json.Unmarshal(v, &list) != nil {
		list = []json.RawMessage{v}
	}
	var days []int
	for _, item := range list {
		s := strings.Trim(string(item), `" `)
		if s == "" {
			continue
		}
		d, err := strconv.Atoi(s)
		if err != nil {
			return nil, fmt.Errorf("day %s is not a number (0 = Sunday … 6 = Saturday)", string(item))
		}
		if d < 0 || d > 6 {
			return nil, fmt.Errorf("day %d is out of range (0 = Sunday … 6 = Saturday)", d)
		}
		days = append(days, d)
	}
	sort.Ints(days)
	return days, nil
}

// parseClock reads "19:30", "7:30", "19:30:00", "7:30 PM", "7 pm", "11:00AM".
func parseClock(s string) (string, error) {
	t := strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(s), ".", ""))
	t = strings.Join(strings.Fields(t), " ")
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
