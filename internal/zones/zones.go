// Package zones gives time zones and countries names people know: "Pacific
// Time — Los Angeles" for America/Los_Angeles, and reads back what a person
// types ("Pacific", "PST", "Los Angeles", a label or a zone name).
package zones

import (
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"
)

// Zone is a time zone as offered in a list.
type Zone struct {
	Name    string // the tz database name, e.g. America/Los_Angeles
	Label   string // e.g. "Pacific Time — Los Angeles"
	Country string // ISO 3166 alpha-2, "" for UTC
}

// Country is a country as offered in a list.
type Country struct{ Code, Name string }

// aliases are what people call the zones they live in.
var aliases = map[string]string{
	"pacific": "America/Los_Angeles", "pacific time": "America/Los_Angeles", "pt": "America/Los_Angeles", "pst": "America/Los_Angeles", "pdt": "America/Los_Angeles",
	"mountain": "America/Denver", "mountain time": "America/Denver", "mt": "America/Denver", "mst": "America/Denver", "mdt": "America/Denver",
	"arizona": "America/Phoenix",
	"central": "America/Chicago", "central time": "America/Chicago", "ct": "America/Chicago", "cst": "America/Chicago", "cdt": "America/Chicago",
	"eastern": "America/New_York", "eastern time": "America/New_York", "et": "America/New_York", "est": "America/New_York", "edt": "America/New_York",
	"alaska": "America/Anchorage", "akst": "America/Anchorage", "akdt": "America/Anchorage",
	"hawaii": "Pacific/Honolulu", "hst": "Pacific/Honolulu",
	"atlantic": "America/Halifax", "ast": "America/Halifax", "adt": "America/Halifax",
	"newfoundland": "America/St_Johns", "nst": "America/St_Johns", "ndt": "America/St_Johns",
	"uk": "Europe/London", "bst": "Europe/London", "gmt": "Europe/London", "british time": "Europe/London",
	"utc": "UTC", "coordinated universal time": "UTC",
	"ireland": "Europe/Dublin", "cet": "Europe/Paris", "cest": "Europe/Paris", "central european time": "Europe/Paris",
	"aest": "Australia/Sydney", "aedt": "Australia/Sydney", "acst": "Australia/Adelaide", "awst": "Australia/Perth",
	"nzst": "Pacific/Auckland", "nzdt": "Pacific/Auckland", "new zealand": "Pacific/Auckland",
}

// generic names zones by their standard abbreviation, for the region given.
var generic = []struct{ prefix, abbr, name string }{
	{"America/", "PST", "Pacific Time"}, {"America/", "MST", "Mountain Time"}, {"America/Havana", "CST", "Cuba Time"},
	{"America/", "CST", "Central Time"}, {"America/", "EST", "Eastern Time"}, {"America/", "AKST", "Alaska Time"},
	{"America/", "HST", "Hawaii-Aleutian Time"}, {"Pacific/Honolulu", "HST", "Hawaii Time"}, {"America/", "AST", "Atlantic Time"},
	{"America/", "NST", "Newfoundland Time"}, {"Atlantic/", "AST", "Atlantic Time"},
	{"Europe/London", "GMT", "UK Time"}, {"Europe/Dublin", "GMT", "Irish Time"}, {"", "GMT", "Greenwich Mean Time"},
	{"", "WET", "Western European Time"}, {"", "CET", "Central European Time"}, {"", "EET", "Eastern European Time"},
	{"", "MSK", "Moscow Time"}, {"Africa/", "CAT", "Central Africa Time"}, {"Africa/", "EAT", "East Africa Time"},
	{"Africa/", "WAT", "West Africa Time"}, {"Africa/", "SAST", "South Africa Time"}, {"Asia/Kolkata", "IST", "India Time"},
	{"Asia/Jerusalem", "IST", "Israel Time"}, {"Asia/", "JST", "Japan Time"}, {"Asia/", "KST", "Korea Time"},
	{"Asia/Shanghai", "CST", "China Time"}, {"Asia/Taipei", "CST", "Taiwan Time"}, {"Asia/Macau", "CST", "China Time"},
	{"Asia/", "HKT", "Hong Kong Time"}, {"Asia/", "PKT", "Pakistan Time"}, {"Asia/Manila", "PST", "Philippine Time"},
	{"Asia/", "WIB", "Western Indonesia Time"}, {"Asia/", "WITA", "Central Indonesia Time"}, {"Asia/", "WIT", "Eastern Indonesia Time"},
	{"Australia/", "AEST", "Australian Eastern Time"}, {"Australia/", "AEDT", "Australian Eastern Time"},
	{"Australia/", "ACST", "Australian Central Time"}, {"Australia/", "ACDT", "Australian Central Time"},
	{"Australia/", "AWST", "Australian Western Time"}, {"Antarctica/Macquarie", "AEST", "Australian Eastern Time"},
	{"Pacific/Auckland", "NZST", "New Zealand Time"}, {"Pacific/Auckland", "NZDT", "New Zealand Time"},
	{"Pacific/", "ChST", "Chamorro Time"}, {"Pacific/", "SST", "Samoa Time"},
}

var (
	once    sync.Once
	list    []Zone
	byName  map[string]Zone
	byLabel map[string]string // lower-case label or city → zone name
)

func load() {
	once.Do(func() {
		byName = map[string]Zone{}
		byLabel = map[string]string{}
		cities := map[string][]string{}
		for _, zc := range zoneCountry {
			loc, err := time.LoadLocation(zc[0])
			if err != nil {
				continue
			}
			z := Zone{Name: zc[0], Label: label(zc[0], loc), Country: zc[1]}
			list = append(list, z)
			byName[z.Name] = z
			byLabel[strings.ToLower(z.Label)] = z.Name
			c := strings.ToLower(city(z.Name))
			cities[c] = append(cities[c], z.Name)
		}
		u := Zone{Name: "UTC", Label: "Coordinated Universal Time (UTC)"}
		list = append(list, u)
		byName["UTC"] = u
		byLabel[strings.ToLower(u.Label)] = "UTC"
		for c, names := range cities {
			if len(names) == 1 { // a city name two zones share says too little
				if _, taken := byLabel[c]; !taken {
					byLabel[c] = names[0]
				}
			}
		}
		sort.SliceStable(list, func(i, j int) bool { return list[i].Label < list[j].Label })
	})
}

// city is the last part of a zone name, written as people write it.
func city(name string) string {
	if i := strings.LastIndex(name, "/"); i >= 0 {
		name = name[i+1:]
	}
	return strings.ReplaceAll(name, "_", " ")
}

// standard is the zone's abbreviation and offset outside daylight saving:
// of January and July, the one with the smaller offset.
func standard(loc *time.Location) (string, int) {
	y := time.Now().Year()
	ja, jo := time.Date(y, 1, 1, 12, 0, 0, 0, time.UTC).In(loc).Zone()
	la, lo := time.Date(y, 7, 1, 12, 0, 0, 0, time.UTC).In(loc).Zone()
	if lo < jo {
		return la, lo
	}
	return ja, jo
}

func label(name string, loc *time.Location) string {
	abbr, off := standard(loc)
	for _, g := range generic {
		if g.abbr == abbr && strings.HasPrefix(name, g.prefix) {
			return g.name + " — " + city(name)
		}
	}
	return Offset(off) + " — " + city(name)
}

// Offset writes a UTC offset in seconds as "UTC+05:30" or "UTC−03:00".
func Offset(sec int) string {
	sign := "+"
	if sec < 0 {
		sign, sec = "−", -sec
	}
	return fmt.Sprintf("UTC%s%02d:%02d", sign, sec/3600, sec%3600/60)
}

// All is every zone of the tz database's zone.tab and UTC, by label.
func All() []Zone {
	load()
	return list
}

// Label names a zone for people; a name not in the list is returned as it is.
func Label(name string) string {
	load()
	if z, ok := byName[name]; ok {
		return z.Label
	}
	return name
}

// CountryOf is the country a zone is in, "" when none or unknown.
func CountryOf(name string) string {
	load()
	return byName[name].Country
}

// Parse reads a zone as a person may write it: a label from the list, a
// common name or abbreviation ("Pacific", "PST", "Eastern"), a city
// ("Los Angeles") or a tz database name ("America/Los_Angeles", and the
// older ones such as "US/Pacific" that time.LoadLocation accepts). It
// returns the zone's name, or false.
func Parse(s string) (string, bool) {
	load()
	s = strings.TrimSpace(s)
	if s == "" || s == "Local" {
		return "", false
	}
	key := strings.ToLower(strings.Join(strings.Fields(s), " "))
	if n, ok := aliases[key]; ok {
		return n, true
	}
	if n, ok := byLabel[key]; ok {
		return n, true
	}
	if n, ok := byLabel[strings.ReplaceAll(key, "-", "—")]; ok {
		return n, true
	}
	if _, err := time.LoadLocation(s); err == nil {
		return s, true
	}
	return "", false
}

// Countries are the ISO 3166 countries by name.
func Countries() []Country {
	out := make([]Country, 0, len(countryNames))
	for c, n := range countryNames {
		out = append(out, Country{c, n})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// CountryName is the English name of an ISO 3166 alpha-2 code, "" when unknown.
func CountryName(code string) string { return countryNames[strings.ToUpper(code)] }

func init() { countryNames["GB"] = "United Kingdom" } // the tz table says "Britain (UK)"

// ParseCountry reads an ISO 3166 alpha-2 code or an English country name
// and returns the code, or false.
func ParseCountry(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if c := strings.ToUpper(s); countryNames[c] != "" {
		return c, true
	}
	for c, n := range countryNames {
		if strings.EqualFold(n, s) {
			return c, true
		}
	}
	switch strings.ToLower(s) {
	case "usa", "us", "united states of america", "america":
		return "US", true
	case "uk", "great britain", "england", "scotland", "wales", "northern ireland":
		return "GB", true
	}
	return "", false
}
