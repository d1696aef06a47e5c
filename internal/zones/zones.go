// Package zones gives time zones and countries the names people know, in
// their language, from CLDR: "Pacific Time (Los Angeles)" and "Hora del
// Pacífico (Los Ángeles)" for America/Los_Angeles, "Mexico" and "México" for
// MX; and reads back what a person types ("Pacific", "PST", "Los Angeles",
// "Los Ángeles", a label in any language or a zone name).
package zones

//go:generate go run gen.go

import (
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
	"golang.org/x/text/unicode/norm"
)

// Zone is a time zone as offered in a list.
type Zone struct {
	Name    string // the tz database name, e.g. America/Los_Angeles
	Label   string // in the list's language, e.g. "Pacific Time (Los Angeles)"
	Country string // ISO 3166 alpha-2, "" for UTC
}

// Country is a country as offered in a list.
type Country struct{ Code, Name string }

// defaultLang is the language names fall back to.
const defaultLang = "en"

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
	// What Spanish speakers in the US call theirs.
	"pacifico": "America/Los_Angeles", "hora del pacifico": "America/Los_Angeles",
	"montana": "America/Denver", "hora de la montana": "America/Denver",
	"hora central": "America/Chicago", "oriental": "America/New_York", "hora del este": "America/New_York", "hora oriental": "America/New_York",
	"hora universal coordinada": "UTC", "tiempo universal coordinado": "UTC",
}

var (
	once    sync.Once
	lists   map[string][]Zone // by language
	country map[string]string // zone name → country
	byLabel map[string]string // folded label or city, in any language → zone name
)

func load() {
	once.Do(func() {
		lists = map[string][]Zone{}
		country = map[string]string{}
		byLabel = map[string]string{}
		for _, zc := range zoneCountry {
			country[zc[0]] = zc[1]
		}
		cities := map[string]map[string]bool{}
		for lang, names := range zoneNames {
			list := make([]Zone, 0, len(names))
			for name, label := range names {
				if _, err := time.LoadLocation(name); err != nil {
					continue
				}
				list = append(list, Zone{Name: name, Label: label, Country: country[name]})
				byLabel[fold(label)] = name
				c := city(label)
				if cities[c] == nil {
					cities[c] = map[string]bool{}
				}
				cities[c][name] = true
			}
			col := collate.New(language.Make(lang), collate.Loose)
			sort.SliceStable(list, func(i, j int) bool { return col.CompareString(list[i].Label, list[j].Label) < 0 })
			lists[lang] = list
		}
		for c, names := range cities {
			if len(names) == 1 { // a city name two zones share says too little
				for n := range names {
					if _, taken := byLabel[c]; !taken {
						byLabel[c] = n
					}
				}
			}
		}
	})
}

// fold lower-cases s, drops accents and squeezes spaces, so "Los Ángeles"
// and "los angeles" read the same.
func fold(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(strings.ToLower(s)) {
		if r < 0x300 || r > 0x36f {
			b.WriteRune(r)
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// city is the city a label names in parentheses, folded: "los angeles".
func city(label string) string {
	i, j := strings.LastIndex(label, "("), strings.LastIndex(label, ")")
	if i < 0 || j < i {
		return ""
	}
	return fold(label[i+1 : j])
}

// Offset writes a UTC offset in seconds as "UTC+05:30" or "UTC−03:00".
func Offset(sec int) string {
	sign := "+"
	if sec < 0 {
		sign, sec = "−", -sec
	}
	return fmt.Sprintf("UTC%s%02d:%02d", sign, sec/3600, sec%3600/60)
}

// TimeNameIn is a zone's time, in lang, for after a clock reading:
// without its city where the time's name says which clock it is ("Pacific
// Time", "Hora del Pacífico"), and with it where zones of that name keep
// other clocks than the one the name means ("Central Time (Mexico City)",
// "Hora central (Ciudad de México)": for a reader in the US, Central Time
// is Chicago's; see namesItsClock).
func TimeNameIn(lang, name string) string {
	label := LabelIn(lang, name)
	if i := strings.LastIndex(label, " ("); i > 0 && namesItsClock(lang, name, label[:i]) {
		return label[:i]
	}
	return label
}

// The years over which two zones' clocks are compared (the rules in force
// now and those the tz database knows ahead: Mexico left daylight saving
// time in 2022, Kazakhstan became one zone in 2024).
var (
	clocksFrom = time.Date(2025, 1, 1, 12, 0, 0, 0, time.UTC)
	clocksTo   = time.Date(2035, 1, 1, 12, 0, 0, 0, time.UTC)
)

var (
	clockMu    sync.Mutex
	clockSigs  = map[string]string{} // zone name → its clocks, clocksFrom to clocksTo
	mainClocks = map[string]string{} // lang and time name → the clocks the name means
)

// clocks is what a zone's clocks read, each day of clocksFrom to clocksTo
// (its offsets from UTC, written out); "" when the zone does not load.
// Callers hold clockMu.
func clocks(name string) string {
	if c, ok := clockSigs[name]; ok {
		return c
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return ""
	}
	var b strings.Builder
	last, since := 0, clocksFrom
	for t := clocksFrom; t.Before(clocksTo); t = t.AddDate(0, 0, 1) {
		if _, off := t.In(loc).Zone(); off != last || t.Equal(clocksFrom) {
			fmt.Fprintf(&b, "%d@%d ", off, t.Sub(since)/(24*time.Hour))
			last = off
		}
	}
	clockSigs[name] = b.String()
	return clockSigs[name]
}

// namesItsClock reports whether timeName (a label of lang without its
// city) says which clock name's is: every zone of that name keeps the same
// clocks, or name keeps the clocks the name means. Those are the clocks of
// the zone people mean by the name alone where they use it (Parse's
// aliases: "Central Time" and "Hora central" are Chicago's), else the
// clocks most zones of that name keep (Central European Time is Paris's
// and Madrid's, not Algiers's), the first zone's by name on a tie.
func namesItsClock(lang, name, timeName string) bool {
	load()
	clockMu.Lock()
	defer clockMu.Unlock()
	key := lang + "\x00" + timeName
	main, ok := mainClocks[key]
	if !ok {
		count, first := map[string]int{}, map[string]string{}
		for _, z := range AllIn(lang) {
			if i := strings.LastIndex(z.Label, " ("); i > 0 && z.Label[:i] == timeName {
				c := clocks(z.Name)
				count[c]++
				if f, seen := first[c]; !seen || z.Name < f {
					first[c] = z.Name
				}
			}
		}
		best := ""
		for c, n := range count {
			if best == "" || n > count[best] || n == count[best] && first[c] < first[best] {
				best = c
			}
		}
		if z, ok := aliases[fold(timeName)]; ok && count[clocks(z)] > 0 {
			best = clocks(z)
		}
		main = best
		mainClocks[key] = main
	}
	return main == "" || clocks(name) == main
}

// All is every zone of the tz database's zone.tab and UTC, named in
// English, by name.
func All() []Zone { return AllIn(defaultLang) }

// AllIn is every zone named in lang (English when Kinship has no names in
// lang), in that language's alphabetical order.
func AllIn(lang string) []Zone {
	load()
	if l, ok := lists[lang]; ok {
		return l
	}
	return lists[defaultLang]
}

// Label names a zone in English; a name not in the list is returned as it is.
func Label(name string) string { return LabelIn(defaultLang, name) }

// LabelIn names a zone in lang ("Hora del Pacífico (Los Ángeles)"), in
// English when Kinship has no names in lang; a name not in the list is
// returned as it is.
func LabelIn(lang, name string) string {
	names, ok := zoneNames[lang]
	if !ok {
		names = zoneNames[defaultLang]
	}
	if l, ok := names[name]; ok {
		return l
	}
	if l, ok := zoneNames[defaultLang][name]; ok {
		return l
	}
	if c := canonical(name); c != "" {
		return LabelIn(lang, c)
	}
	return name
}

// CountryOf is the country a zone is in, "" when none or unknown.
func CountryOf(name string) string {
	load()
	if c, ok := country[name]; ok {
		return c
	}
	return country[canonical(name)]
}

var (
	canonMu sync.Mutex
	canon   = map[string]string{}
)

// canonical is the zone of the list that name is an older name of, or ""
// when none is sure. Browsers report some zones by the names ICU keeps
// (Chromium's Intl says "America/Buenos_Aires", "Asia/Calcutta",
// "Europe/Kiev", "America/Indianapolis"), which the tz database keeps as
// links and zone.tab does not list. A listed zone whose clocks read the
// same as name's every week from 1970 to 2037 is the same zone; of
// several, the one in name's city, else the first when they are all in
// one country.
func canonical(name string) string {
	canonMu.Lock()
	defer canonMu.Unlock()
	if c, ok := canon[name]; ok {
		return c
	}
	c := sameZone(name)
	canon[name] = c
	return c
}

func sameZone(name string) string {
	load()
	if name == "" || name == "UTC" || name == "Local" {
		return ""
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return ""
	}
	from, to := time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2037, 1, 1, 0, 0, 0, 0, time.UTC)
	_, now := time.Now().In(loc).Zone()
	var same []string
	for _, zc := range zoneCountry {
		other, err := time.LoadLocation(zc[0])
		if err != nil {
			continue
		}
		if _, off := time.Now().In(other).Zone(); off != now {
			continue
		}
		alike := true
		for t := from; t.Before(to); t = t.AddDate(0, 0, 7) {
			_, a := t.In(loc).Zone()
			_, b := t.In(other).Zone()
			if a != b {
				alike = false
				break
			}
		}
		if alike {
			same = append(same, zc[0])
		}
	}
	last := func(n string) string { return n[strings.LastIndex(n, "/")+1:] }
	for _, s := range same {
		if last(s) == last(name) {
			return s
		}
	}
	if len(same) == 0 {
		return ""
	}
	for _, s := range same[1:] {
		if country[s] != country[same[0]] {
			return ""
		}
	}
	return same[0]
}

// Parse reads a zone as a person may write it: a label from the list in
// any language, with or without accents, a common name or abbreviation ("Pacific", "PST", "Eastern"), a city
// ("Los Angeles") or a tz database name ("America/Los_Angeles", and the
// older ones such as "US/Pacific" that time.LoadLocation accepts). It
// returns the zone's name, or false.
func Parse(s string) (string, bool) {
	load()
	s = strings.TrimSpace(s)
	if s == "" || s == "Local" {
		return "", false
	}
	key := fold(s)
	if n, ok := aliases[key]; ok {
		return n, true
	}
	if n, ok := byLabel[key]; ok {
		return n, true
	}
	// "Pacific Time — Los Angeles", as labels were written before CLDR's.
	for _, dash := range []string{" — ", " - "} {
		if i := strings.LastIndex(key, dash); i >= 0 {
			if n, ok := byLabel[key[i+len(dash):]]; ok {
				return n, true
			}
		}
	}
	if _, err := time.LoadLocation(s); err == nil {
		return s, true
	}
	return "", false
}

// Countries are the ISO 3166 countries named in English, by name.
func Countries() []Country { return CountriesIn(defaultLang) }

var (
	countryMu    sync.Mutex
	countryLists = map[string][]Country{}
	countryFold  = sync.OnceValue(foldedCountries)
)

// CountriesIn are the ISO 3166 countries named in lang, from CLDR ("Estados
// Unidos"), in that language's alphabetical order.
func CountriesIn(lang string) []Country {
	countryMu.Lock()
	defer countryMu.Unlock()
	if l, ok := countryLists[lang]; ok {
		return l
	}
	out := make([]Country, 0, len(countryCodes))
	for _, c := range countryCodes {
		out = append(out, Country{c, CountryNameIn(lang, c)})
	}
	col := collate.New(language.Make(lang), collate.Loose)
	sort.SliceStable(out, func(i, j int) bool { return col.CompareString(out[i].Name, out[j].Name) < 0 })
	countryLists[lang] = out
	return out
}

// CountryName is the English name of an ISO 3166 alpha-2 code, "" when unknown.
func CountryName(code string) string { return CountryNameIn(defaultLang, code) }

// CountryNameIn names an ISO 3166 alpha-2 code in lang as CLDR does
// ("México"), "" when the code is no country Kinship lists.
func CountryNameIn(lang, code string) string {
	code = strings.ToUpper(code)
	if !knownCountry(code) {
		return ""
	}
	r, err := language.ParseRegion(code)
	if err != nil {
		return ""
	}
	if n := display.Regions(language.Make(lang)).Name(r); n != "" {
		return n
	}
	if n := display.Regions(language.English).Name(r); n != "" {
		return n
	}
	return code
}

func knownCountry(code string) bool {
	i := sort.SearchStrings(countryCodes, code)
	return i < len(countryCodes) && countryCodes[i] == code
}

// foldedCountries maps every country's name in every language Kinship
// has zone names in, folded, to its code.
func foldedCountries() map[string]string {
	m := map[string]string{}
	for lang := range zoneNames {
		for _, c := range countryCodes {
			if n := CountryNameIn(lang, c); n != "" {
				m[fold(n)] = c
			}
		}
	}
	return m
}

// ParseCountry reads an ISO 3166 alpha-2 code or a country's name in any
// language Kinship speaks ("Mexico", "México", "Estados Unidos") and
// returns the code, or false.
func ParseCountry(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if c := strings.ToUpper(s); len(c) == 2 && knownCountry(c) {
		return c, true
	}
	key := fold(s)
	if c, ok := countryFold()[key]; ok {
		return c, true
	}
	switch key {
	case "usa", "us", "united states of america", "america", "eeuu", "ee uu", "ee. uu.":
		return "US", true
	case "uk", "great britain", "britain", "england", "scotland", "wales", "northern ireland":
		return "GB", true
	}
	return "", false
}

// browserNames are the names browsers' Intl (ICU) gives some zones, where
// the tz database has renamed them; zone.tab lists only the new names.
var browserNames = map[string]string{
	"Asia/Kolkata": "Asia/Calcutta", "Asia/Kathmandu": "Asia/Katmandu", "Asia/Ho_Chi_Minh": "Asia/Saigon",
	"Asia/Yangon": "Asia/Rangoon", "Europe/Kyiv": "Europe/Kiev", "America/Argentina/Buenos_Aires": "America/Buenos_Aires",
	"America/Indiana/Indianapolis": "America/Indianapolis", "America/Kentucky/Louisville": "America/Louisville",
	"Atlantic/Faroe": "Atlantic/Faeroe", "Pacific/Chuuk": "Pacific/Truk", "Pacific/Pohnpei": "Pacific/Ponape",
	"America/Nuuk": "America/Godthab", "Pacific/Kanton": "Pacific/Enderbury",
}

// BrowserName is the older name a browser may report for the zone name
// ("Asia/Calcutta" for "Asia/Kolkata"), or "" when browsers use name.
func BrowserName(name string) string { return browserNames[name] }
