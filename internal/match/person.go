// Package match suggests peer mentors for people in recovery and plans
// whole cohorts of mentor–mentee pairs, explaining every pairing in plain words.
//
// Matching leans on what research on peer mentoring found to matter most —
// closeness in age, family situation, spirituality and recovery pathway —
// and gives little weight to gender or substance. Race is never used.
//
// Tokens (pathways, languages, circumstances, genders …) are compared
// exactly, so write them in lower case, e.g. "12-step", "es", "parent".
package match

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math/bits"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/kinshiprecovery/kinship/internal/textin"
)

// Person is a mentor or a mentee as read from a cohort file.
// Capacity and RecoveryYears are for mentors; Require is for mentees.
type Person struct {
	ID            string   `json:"id"`
	Pathways      []string `json:"pathways,omitempty"`
	Substances    []string `json:"substances,omitempty"`
	Languages     []string `json:"languages,omitempty"`
	Gender        string   `json:"gender,omitempty"`
	Age           int      `json:"age,omitempty"`
	Timezone      string   `json:"time_zone,omitempty"`
	Availability  []string `json:"availability,omitempty"`
	Circumstances []string `json:"circumstances,omitempty"`
	// Spirituality is free text such as "christian", "spiritual" or "none".
	Spirituality string `json:"spirituality,omitempty"`
	// Family is a family situation such as "single-parent" or "young-children".
	Family string `json:"family,omitempty"`
	// Blocked lists people this person must never be paired with; it works both ways.
	Blocked []string `json:"blocked,omitempty"`

	Capacity      int     `json:"capacity,omitempty"`
	RecoveryYears float64 `json:"recovery_years,omitempty"`

	Require Require `json:"require,omitzero"`
}

// Require holds a mentee's hard requirements: a pair that fails one is never made.
type Require struct {
	// Language asks for a mentor who speaks one of the mentee's languages.
	Language bool `json:"language,omitempty"`
	// MentorGender, when set, asks for a mentor of exactly this gender.
	MentorGender string `json:"mentor_gender,omitempty"`
	// Pathway asks for a mentor who shares one of the mentee's recovery pathways.
	Pathway bool `json:"pathway,omitempty"`
}

// Cohort is everyone to be matched in one round.
type Cohort struct {
	Mentors []Person `json:"mentors"`
	Mentees []Person `json:"mentees"`
}

// InvalidError lists every problem Validate found, one per person and field.
type InvalidError struct{ Problems []string }

func (e *InvalidError) Error() string {
	return "match: invalid cohort: " + strings.Join(e.Problems, "; ")
}

// Validate reports every problem in the cohort in one *InvalidError, or nil.
// Problems read like "mentor m7: capacity -1 is negative".
func (c Cohort) Validate() error {
	if problems := c.check(nil); len(problems) > 0 {
		return &InvalidError{problems}
	}
	return nil
}

// Clean returns the cohort without the people who have problems, and the
// problems, so that planning can go on for everyone else. When an id is used
// twice, the first person keeps it and the later one is dropped.
func (c Cohort) Clean() (Cohort, []string) {
	out := Cohort{Mentors: []Person{}, Mentees: []Person{}}
	problems := c.check(func(mentor bool, p *Person) {
		if mentor {
			out.Mentors = append(out.Mentors, *p)
		} else {
			out.Mentees = append(out.Mentees, *p)
		}
	})
	return out, problems
}

// check returns every problem in the cohort, mentors first, and calls keep
// (unless nil) for each person without one, in order.
func (c Cohort) check(keep func(mentor bool, p *Person)) []string {
	var problems []string
	seen := make(map[string]string, len(c.Mentors)+len(c.Mentees))
	check := func(role string, i int, p *Person) bool {
		var own []string
		add := func(format string, args ...any) { own = append(own, fmt.Sprintf(format, args...)) }
		if p.ID == "" {
			add("id is empty")
		} else if first, dup := seen[p.ID]; dup {
			add("id is already used by %s", first)
		} else if role == "mentor" {
			seen[p.ID] = "a mentor"
		} else {
			seen[p.ID] = "a mentee"
		}
		if role == "mentor" {
			if p.Capacity < 0 {
				add("capacity %d is negative", p.Capacity)
			}
			if p.RecoveryYears < 0 || p.RecoveryYears != p.RecoveryYears {
				add("recovery_years %v is negative", p.RecoveryYears)
			}
		}
		for _, l := range [...]struct {
			name string
			list []string
		}{{"pathways", p.Pathways}, {"substances", p.Substances}, {"languages", p.Languages}, {"availability", p.Availability}, {"circumstances", p.Circumstances}, {"blocked", p.Blocked}} {
			if len(l.list) > maxList {
				add("%s has %d entries; at most %d are allowed", l.name, len(l.list), maxList)
			}
		}
		if p.Age < 0 || p.Age > 120 {
			add("age %d is outside 0..120", p.Age)
		}
		for _, a := range p.Availability {
			if _, ok := parseSlot(a); !ok {
				add("availability %q is not a day and a part of day such as \"mon-evening\"", a)
			}
		}
		switch {
		case p.Timezone == "" && len(p.Availability) > 0:
			add("time_zone is missing (availability is read in the person's own time zone)")
		case p.Timezone != "" && !knownZone(p.Timezone):
			add("time_zone %q is not an IANA time zone such as \"America/Chicago\"", p.Timezone)
		}
		name := p.ID
		if name == "" {
			name = fmt.Sprintf("#%d", i+1)
		}
		for _, o := range own {
			problems = append(problems, role+" "+name+": "+o)
		}
		return len(own) == 0
	}
	for i := range c.Mentors {
		if check("mentor", i, &c.Mentors[i]) && keep != nil {
			keep(true, &c.Mentors[i])
		}
	}
	for i := range c.Mentees {
		if check("mentee", i, &c.Mentees[i]) && keep != nil {
			keep(false, &c.Mentees[i])
		}
	}
	return problems
}

// maxList bounds every list a person may give.
const maxList = 100

// knownZone reports whether tz names an IANA zone; "Local" depends on the
// machine and is refused.
func knownZone(tz string) bool {
	if tz == "Local" || tz == "" {
		return false
	}
	if _, ok := zones.Load(tz); ok {
		return true
	}
	if _, err := time.LoadLocation(tz); err != nil {
		return false
	}
	zoneSlots(tz) // remember it
	return true
}

// SyntaxError is returned by DecodeCohort for input that is not JSON at all.
type SyntaxError struct {
	Detail string
	Line   int
}

func (e *SyntaxError) Error() string { return fmt.Sprintf("not JSON: %s (line %d)", e.Detail, e.Line) }

var (
	commonFields = []string{"id", "pathways", "substances", "languages", "gender", "age", "time_zone",
		"availability", "circumstances", "spirituality", "family", "blocked"}
	mentorFields  = append(slices.Clone(commonFields), "capacity", "recovery_years")
	menteeFields  = append(slices.Clone(commonFields), "require")
	requireFields = []string{"language", "mentor_gender", "pathway"}
)

// DecodeCohort reads a cohort file {"mentors":[…],"mentees":[…]}. Input that
// is not JSON gives a *SyntaxError; a field that is unknown or of the wrong
// type gives an error naming the person and the field, e.g.
// `mentee e4: unknown field "colour"`. It does not Validate.
func DecodeCohort(data []byte) (Cohort, error) {
	if !json.Valid(data) {
		var v any
		err := json.Unmarshal(data, &v)
		var se *json.SyntaxError
		if errors.As(err, &se) {
			at := max(int(se.Offset)-1, 0)
			at = min(at, len(data))
			return Cohort{}, &SyntaxError{Detail: se.Error(), Line: bytes.Count(data[:at], []byte("\n")) + 1}
		}
		return Cohort{}, &SyntaxError{Detail: "invalid JSON", Line: 1}
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(data, &top); err != nil {
		return Cohort{}, errors.New(`a cohort is a JSON object {"mentors":[…],"mentees":[…]}`)
	}
	var problems []string
	for _, k := range sortedKeys(top) {
		if k != "mentors" && k != "mentees" {
			problems = append(problems, fmt.Sprintf("unknown top-level field %q", k))
		}
	}
	c := Cohort{Mentors: []Person{}, Mentees: []Person{}}
	list := func(role string, raw json.RawMessage, allowed []string) []Person {
		var items []json.RawMessage
		if raw == nil || string(raw) == "null" {
			return []Person{}
		}
		if err := json.Unmarshal(raw, &items); err != nil {
			problems = append(problems, fmt.Sprintf("%ss must be a list of people", role))
			return []Person{}
		}
		out := make([]Person, 0, len(items))
		for i, item := range items {
			p, errs := decodePerson(role, i, item, allowed)
			problems = append(problems, errs...)
			if len(errs) == 0 {
				out = append(out, p)
			}
		}
		return out
	}
	c.Mentors = list("mentor", top["mentors"], mentorFields)
	c.Mentees = list("mentee", top["mentees"], menteeFields)
	if len(problems) > 0 {
		return Cohort{}, errors.New(strings.Join(problems, "; "))
	}
	// The file's text is checked where it enters, as every request's is.
	if e := textin.InvalidUTF8InJSON(data); e != nil {
		return Cohort{}, errors.New(e.Error())
	}
	if e := textin.Check(c); e != nil {
		return Cohort{}, errors.New(e.Error())
	}
	return c, nil
}

// decodePerson decodes one person, naming them by id (or position) in every problem.
func decodePerson(role string, i int, item json.RawMessage, allowed []string) (Person, []string) {
	name := fmt.Sprintf("%s #%d", role, i+1)
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(item, &fields); err != nil {
		return Person{}, []string{name + ": must be a JSON object"}
	}
	var id string
	if json.Unmarshal(fields["id"], &id) == nil && id != "" {
		name = role + " " + id
	}
	var problems []string
	for _, k := range sortedKeys(fields) {
		if !slices.Contains(allowed, k) {
			problems = append(problems, fmt.Sprintf("%s: unknown field %q", name, k))
		}
	}
	if req, ok := fields["require"]; ok && role == "mentee" {
		var rf map[string]json.RawMessage
		if json.Unmarshal(req, &rf) == nil {
			for _, k := range sortedKeys(rf) {
				if !slices.Contains(requireFields, k) {
					problems = append(problems, fmt.Sprintf("%s: unknown field %q", name, "require."+k))
				}
			}
		}
	}
	var p Person
	if err := json.Unmarshal(item, &p); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			problems = append(problems, fmt.Sprintf("%s: %s must be %s, not %s", name, te.Field, kindName(te.Type.Kind().String()), te.Value))
		} else {
			problems = append(problems, fmt.Sprintf("%s: %v", name, err))
		}
	}
	return p, problems
}

func kindName(kind string) string {
	switch kind {
	case "int", "float64":
		return "a number"
	case "string":
		return "a string"
	case "bool":
		return "true or false"
	case "slice":
		return "a list"
	case "struct":
		return "an object"
	}
	return kind
}

func sortedKeys(m map[string]json.RawMessage) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// ---- Availability as hours of a reference week in UTC ----

// week is a set of the 168 hours of the week starting Monday 00:00 UTC.
type week [3]uint64

func (w *week) set(h int)  { w[h>>6] |= 1 << (h & 63) }
func (w *week) or(o *week) { w[0] |= o[0]; w[1] |= o[1]; w[2] |= o[2] }
func (w *week) count() int {
	return bits.OnesCount64(w[0]) + bits.OnesCount64(w[1]) + bits.OnesCount64(w[2])
}
func (w *week) meets(o *week) bool { return w[0]&o[0] != 0 || w[1]&o[1] != 0 || w[2]&o[2] != 0 }
func (w *week) common(o *week) int {
	return bits.OnesCount64(w[0]&o[0]) + bits.OnesCount64(w[1]&o[1]) + bits.OnesCount64(w[2]&o[2])
}

var (
	dayLong   = [7]string{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}
	partNames = [4]string{"morning", "afternoon", "evening", "night"}
	// partHours are local hours [from, to): morning 06–12, afternoon 12–17,
	// evening 17–21, night 21–24.
	partHours = [4][2]int{{6, 12}, {12, 17}, {17, 21}, {21, 24}}
)

// parseSlot reads "mon-evening" as day*4+part. It switches on bytes
// rather than strings: it runs for every mentor in Suggest.
func parseSlot(s string) (int, bool) {
	if len(s) < 9 || s[3] != '-' {
		return 0, false
	}
	var d int
	switch uint32(s[0])<<16 | uint32(s[1])<<8 | uint32(s[2]) {
	case 'm'<<16 | 'o'<<8 | 'n':
		d = 0
	case 't'<<16 | 'u'<<8 | 'e':
		d = 1
	case 'w'<<16 | 'e'<<8 | 'd':
		d = 2
	case 't'<<16 | 'h'<<8 | 'u':
		d = 3
	case 'f'<<16 | 'r'<<8 | 'i':
		d = 4
	case 's'<<16 | 'a'<<8 | 't':
		d = 5
	case 's'<<16 | 'u'<<8 | 'n':
		d = 6
	default:
		return 0, false
	}
	switch s[4:] { // partNames
	case "morning":
		return d * 4, true
	case "afternoon":
		return d*4 + 1, true
	case "evening":
		return d*4 + 2, true
	case "night":
		return d*4 + 3, true
	}
	return 0, false
}

// zoneTable holds, for one time zone, the UTC hours of each local day-part
// during the reference week of Monday 2026-01-05.
type zoneTable struct{ slot [28]week }

var zones sync.Map // time zone name → *zoneTable

// zoneSlots returns the table for tz. An unknown zone is read as UTC and is
// not cached (Validate reports it).
func zoneSlots(tz string) *zoneTable {
	if t, ok := zones.Load(tz); ok {
		return t.(*zoneTable)
	}
	loc, known := time.UTC, tz == ""
	if tz != "" && tz != "Local" {
		if l, err := time.LoadLocation(tz); err == nil {
			loc, known = l, true
		}
	}
	ref := time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)
	t := new(zoneTable)
	for d := range 7 {
		for p, hrs := range partHours {
			for h := hrs[0]; h < hrs[1]; h++ {
				mins := int(time.Date(2026, 1, 5+d, h, 0, 0, 0, loc).Sub(ref) / time.Minute)
				idx := ((mins-((mins%60+60)%60))/60%168 + 168) % 168
				t.slot[d*4+p].set(idx)
			}
		}
	}
	if known {
		v, _ := zones.LoadOrStore(tz, t)
		return v.(*zoneTable)
	}
	return t
}

// zoneMemo saves a trip to the shared map for the last few zones seen.
type zoneMemo struct {
	tz [8]string
	t  [8]*zoneTable
	n  int
}

func (z *zoneMemo) get(tz string) *zoneTable {
	for i := range z.n {
		if z.tz[i] == tz {
			return z.t[i]
		}
	}
	t := zoneSlots(tz)
	if z.n < len(z.tz) {
		z.tz[z.n], z.t[z.n] = tz, t
		z.n++
	}
	return t
}

// personWeek is p's availability in UTC hours and how many hours that is;
// zero hours means p gave none and is taken to be flexible.
func personWeek(p *Person, t *zoneTable) (week, int) {
	var w week
	for _, a := range p.Availability {
		if s, ok := parseSlot(a); ok {
			w.or(&t.slot[s])
		}
	}
	return w, w.count()
}
