package model

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// Visibility says who may see one profile field.
type Visibility string

// Visibility levels, narrowest first. Each level includes the ones before it.
const (
	VisOnlyMe      Visibility = "only_me"
	VisSupporters  Visibility = "supporters" // my mentor and accountability partners
	VisConnections Visibility = "connections"
	VisGroups      Visibility = "groups" // members of groups I belong to
	VisMembers     Visibility = "members"
)

// VisibilityLevels lists the levels, narrowest first.
var VisibilityLevels = []Visibility{VisOnlyMe, VisSupporters, VisConnections, VisGroups, VisMembers}

// Rank orders levels from 0 (only me) to 4 (all members); -1 when unknown.
func (v Visibility) Rank() int {
	for i, x := range VisibilityLevels {
		if x == v {
			return i
		}
	}
	return -1
}

// Relation is the closest tie between a viewer and a profile's owner.
type Relation int

// Relations, closest first.
const (
	RelSelf Relation = iota
	RelSupporter
	RelConnection
	RelGroupPeer
	RelMember
	RelAnonymous
)

// CanSee reports whether a viewer with this relation may see a field with visibility v.
func (r Relation) CanSee(v Visibility) bool {
	switch r {
	case RelSelf:
		return true
	case RelAnonymous:
		return false
	}
	return v.Rank() >= int(r)
}

// Recovery pathways a person may name. All are equally welcome.
var Pathways = []string{"12-step", "smart-recovery", "medication-supported", "faith-based", "secular", "harm-reduction", "other"}

// Life circumstances a person may name.
var LifeCircumstances = []string{"parent", "veteran", "lgbtq", "in-school", "working", "caregiver", "retired", "unhoused-or-recently-unhoused", "justice-involved", "other"}

// Profile is what a person shares about themselves. Everything but the
// display name and time zone is stored encrypted.
type Profile struct {
	UserID            string   `json:"-"`
	DisplayName       string   `json:"display_name"`
	Pronouns          string   `json:"pronouns"`
	Bio               string   `json:"bio"`
	Languages         []string `json:"languages"`
	TimeZone          string   `json:"time_zone"`
	City              string   `json:"city"`
	Country           string   `json:"country"`
	Pathways          []string `json:"pathways"`
	Substances        []string `json:"substances"`
	RecoveryStart     string   `json:"recovery_start"` // YYYY-MM-DD or ""
	LifeCircumstances []string `json:"life_circumstances"`
	Interests         []string `json:"interests"`
	Skills            []string `json:"skills"`
	// LookingFor says what the person hopes peers can help with: a resume
	// review, a first job after treatment, a study partner.
	LookingFor []string              `json:"looking_for"`
	Visibility map[string]Visibility `json:"visibility"`
	UpdatedAt  time.Time             `json:"-"`
	// CountrySetAt is when the person last saved another Country (zero
	// when never since they joined): the crisis lines a device shows
	// follow the newer of it and the country chosen on that device.
	CountrySetAt time.Time `json:"-"`
}

// VisibleFields lists the profile fields that carry their own visibility.
// The display name is always visible to signed-in members.
var VisibleFields = []string{"pronouns", "bio", "languages", "location", "pathways", "substances", "recovery_start", "life_circumstances", "interests", "skills", "looking_for"}

// HealthFields are the fields that describe a person's health; reading
// another person's is audited.
var HealthFields = map[string]bool{"substances": true, "recovery_start": true, "life_circumstances": true, "pathways": true}

// DefaultVisibility is what a new profile starts with: health fields stay
// private until the person chooses otherwise.
func DefaultVisibility() map[string]Visibility {
	v := map[string]Visibility{}
	for _, f := range VisibleFields {
		if HealthFields[f] {
			v[f] = VisOnlyMe
		} else {
			v[f] = VisMembers
		}
	}
	v["location"] = VisConnections
	return v
}

// Field length limits.
const (
	DisplayNameMax = 50
	PronounsMax    = 40
	BioMax         = 1000
	ListItemMax    = 60
	ListMax        = 20
	PlaceMax       = 80
)

// Validate checks the profile and fills missing visibilities with defaults;
// now is the app's clock, which a recovery start may not be after. It
// returns an invalid-kind *Error with one message per field.
func (p *Profile) Validate(now time.Time) error { return p.validate("", now) }

// ValidateEdit is Validate for a profile edited from one whose display
// name was was: a reserved name (ReservedDisplayName) it already had,
// taken before names were reserved, does not stop other changes (a time
// zone the browser gives, a new bio); a name changed to one is refused.
func (p *Profile) ValidateEdit(was string, now time.Time) error { return p.validate(was, now) }

func (p *Profile) validate(was string, now time.Time) error {
	fe := FieldErrors{}
	p.DisplayName = strings.TrimSpace(p.DisplayName)
	msg := displayNameForm(p.DisplayName)
	if msg == nil && p.DisplayName != was {
		msg = reservedName(p.DisplayName)
	}
	if msg != nil {
		fe.AddMsg("display_name", msg)
	}
	checkLen(fe, "pronouns", p.Pronouns, PronounsMax)
	checkLen(fe, "bio", p.Bio, BioMax)
	checkLen(fe, "city", p.City, PlaceMax)
	checkLen(fe, "country", p.Country, PlaceMax)
	if p.TimeZone != "" {
		if _, err := time.LoadLocation(p.TimeZone); err != nil || p.TimeZone == "Local" {
			fe.Add("time_zone", "choose your time zone from the list, or write a city or a name like Pacific or Eastern")
		}
	}
	p.Languages = cleanList(fe, "languages", p.Languages, nil)
	p.Pathways = cleanList(fe, "pathways", p.Pathways, Pathways)
	p.Substances = cleanList(fe, "substances", p.Substances, nil)
	p.LifeCircumstances = cleanList(fe, "life_circumstances", p.LifeCircumstances, LifeCircumstances)
	p.Interests = cleanList(fe, "interests", p.Interests, nil)
	p.Skills = cleanList(fe, "skills", p.Skills, nil)
	p.LookingFor = cleanList(fe, "looking_for", p.LookingFor, nil)
	if p.RecoveryStart != "" {
		d, err := time.Parse("2006-01-02", p.RecoveryStart)
		if err != nil {
			fe.Add("recovery_start", "use a date like 2024-03-15")
		} else if d.After(now.Add(24 * time.Hour)) { // a day ahead: it is already that day east of UTC
			fe.Add("recovery_start", "the start date cannot be in the future")
		} else if d.Year() < 1900 {
			fe.Add("recovery_start", "check the year of the start date")
		}
	}
	if p.Visibility == nil {
		p.Visibility = map[string]Visibility{}
	}
	for k, v := range p.Visibility {
		if !contains(VisibleFields, k) {
			fields := strings.Join(VisibleFields, ", ")
			fe.AddMsg("visibility."+k, NewMsg("apperrf.visibility_unknown_field", fmt.Sprintf("unknown field %q; fields with their own visibility are %s", k, fields), "Field", k, "Fields", fields))
			continue
		}
		if v.Rank() < 0 {
			fe.Add("visibility."+k, "choose one of only_me, supporters, connections, groups, members")
		}
	}
	for k, v := range DefaultVisibility() {
		if _, ok := p.Visibility[k]; !ok {
			p.Visibility[k] = v
		}
	}
	return fe.Err()
}

// ValidateDisplayName returns a message for a bad pseudonym, or nil: empty,
// too long, with characters a name cannot hold, or reserved
// (ReservedDisplayName).
func ValidateDisplayName(s string) *Msg {
	if msg := displayNameForm(s); msg != nil {
		return msg
	}
	return reservedName(s)
}

// displayNameForm is ValidateDisplayName without the reserved names.
func displayNameForm(s string) *Msg {
	n := utf8.RuneCountInString(s)
	switch {
	case n == 0:
		return NewMsg("apperr.name_empty", "choose a display name; a pseudonym is fine")
	case n > DisplayNameMax:
		return atMostChars(DisplayNameMax)
	case strings.ContainsAny(s, "<>\x00\r\n"):
		return NewMsg("apperr.name_chars", "a display name cannot contain < > or line breaks")
	}
	return nil
}

// atMostChars says a text is longer than max characters.
func atMostChars(max int) *Msg {
	return NewMsg("apperrf.at_most_chars", fmt.Sprintf("use at most %s characters", Thousands(max)), "Count", max)
}

func checkLen(fe FieldErrors, field, s string, max int) {
	if utf8.RuneCountInString(s) > max {
		fe.AddMsg(field, atMostChars(max))
	}
	if strings.ContainsRune(s, 0) {
		fe.Add(field, "contains a character that is not allowed")
	}
}

func cleanList(fe FieldErrors, field string, in []string, allowed []string) []string {
	out := make([]string, 0, len(in))
	seen := map[string]bool{}
	for _, s := range in {
		s = strings.TrimSpace(s)
		if s == "" || seen[s] {
			continue
		}
		seen[s] = true
		if utf8.RuneCountInString(s) > ListItemMax {
			fe.AddMsg(field, NewMsg("apperrf.list_entry_chars", fmt.Sprintf("each entry has at most %d characters", ListItemMax), "Count", ListItemMax))
		}
		if allowed != nil && !contains(allowed, s) {
			choices := strings.Join(allowed, ", ")
			fe.AddMsg(field, NewMsg("apperrf.list_entry_unknown", fmt.Sprintf("%q is not one of %s", s, choices), "Entry", s, "Choices", choices))
		}
		out = append(out, s)
	}
	if len(out) > ListMax {
		fe.AddMsg(field, NewMsg("apperrf.list_too_long", fmt.Sprintf("list at most %d entries", ListMax), "Count", ListMax))
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
