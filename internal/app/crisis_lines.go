package app

import (
	"context"
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/language"
	"golang.org/x/text/unicode/norm"

	"github.com/kinshiprecovery/kinship/internal/i18n"
	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/store"
	"github.com/kinshiprecovery/kinship/internal/zones"
)

// ContactAction is one way to reach a crisis line from a phone: a call
// (tel:), a text (sms:, with the keyword when the line wants one) or a page.
type ContactAction struct {
	Kind  string `json:"kind"` // call, text, web
	Label string `json:"label"`
	Href  string `json:"href"`
	// Number is the number (or address) as people write it: "911".
	Number string `json:"number"`
	// Keyword is the word a text must say ("HOME"), when the line wants one.
	Keyword string `json:"keyword,omitempty"`
	// Reaches is what the number reaches, where a country has several
	// emergency numbers: the words in brackets after it in the contact
	// ("119 (ambulance, fire) or 110 (police)"), in the contact's language.
	Reaches string `json:"reaches,omitempty" doc:"what this number reaches, where the contact names it in brackets after the number (a country's emergency numbers: \"ambulance, fire\", \"police\"), in the contact's language; the label says it too"`
}

var (
	// A short code may start with a star: Chile's suicide prevention line is *4141.
	phoneNumber = regexp.MustCompile(`[+*]?\d[\d \-]*\d|\d`)
	textKeyword = regexp.MustCompile(`(?i)\btext\s+([A-Za-z]+)\s+to\b`)
	// envíaKeyword is the Spanish "envía AYUDA al 988".
	enviaKeyword = regexp.MustCompile(`(?i)\benv[ií]a\s+([A-Za-z]+)\s+al\b`)
	// orWords split a contact into its ways ("Call 988 or text…", "Llama al 988 o envía…").
	orWords = regexp.MustCompile(` (?:or|o|u) `)
	// reachesWords are the words in brackets just after a number: what it
	// reaches ("119 (ambulance, fire)").
	reachesWords = regexp.MustCompile(`^\s*\(([^()]+)\)`)
)

// ContactActions reads a line's contact as people write it ("Call or text
// 988", "Text HOME to 741741", "112 or 999", "1-800-662-4357", or in
// Spanish "Llama al 988 o envía AYUDA al 988") and returns
// the links that act on it, in order. Words in brackets just after a
// number say what it reaches ("119 (ambulance, fire) or 110 (police)").
// A contact with no number ("Your local emergency number") has none: an
// empty list, never nil.
func ContactActions(contact, kind string) []ContactAction {
	contact = strings.TrimSpace(contact)
	if kind == "web" || strings.HasPrefix(contact, "https://") {
		if strings.HasPrefix(contact, "https://") {
			return []ContactAction{{Kind: "web", Label: strings.TrimPrefix(contact, "https://"), Href: contact, Number: contact}}
		}
		return []ContactAction{}
	}
	out := []ContactAction{}
	var pending []string // verbs waiting for their number ("Call or text 988")
	for _, part := range orWords.Split(contact, -1) {
		lower := strings.ToLower(part)
		verbs := append([]string{}, pending...)
		if strings.Contains(lower, "call") || strings.Contains(lower, "llama") {
			verbs = append(verbs, "call")
		}
		if strings.Contains(lower, "text") || strings.Contains(lower, "mensaje") || strings.Contains(lower, "envía") || strings.Contains(lower, "envia") {
			verbs = append(verbs, "text")
		}
		at := phoneNumber.FindStringIndex(part)
		num, reaches := "", ""
		if at != nil {
			num = part[at[0]:at[1]]
			if m := reachesWords.FindStringSubmatch(part[at[1]:]); m != nil {
				reaches = strings.TrimSpace(m[1])
			}
		}
		digits := strings.Map(func(r rune) rune {
			if r >= '0' && r <= '9' || r == '+' || r == '*' {
				return r
			}
			return -1
		}, num)
		if len(digits) < 2 {
			pending = verbs
			continue
		}
		pending = nil
		if len(verbs) == 0 {
			verbs = []string{"call"}
			if kind == "text" {
				verbs = []string{"text"}
			}
		}
		keyword := ""
		if m := textKeyword.FindStringSubmatch(part); m != nil {
			keyword = strings.ToUpper(m[1])
		} else if m := enviaKeyword.FindStringSubmatch(part); m != nil {
			keyword = strings.ToUpper(m[1])
		}
		for _, v := range verbs {
			if v == "call" {
				a := ContactAction{Kind: "call", Label: "Call " + strings.TrimSpace(num), Href: "tel:" + digits, Number: strings.TrimSpace(num), Reaches: reaches}
				if reaches != "" {
					a.Label += " (" + reaches + ")"
				}
				out = append(out, a)
				continue
			}
			a := ContactAction{Kind: "text", Label: "Text " + strings.TrimSpace(num), Href: "sms:" + digits, Number: strings.TrimSpace(num)}
			if keyword != "" {
				a.Label, a.Href, a.Keyword = "Text "+keyword+" to "+strings.TrimSpace(num), a.Href+"?&body="+keyword, keyword
			}
			out = append(out, a)
		}
	}
	return out
}

// helpResource converts a stored resource, with the links that act on it.
func helpResource(r *store.CrisisResource) HelpResource {
	langs := append([]string{}, r.Languages...)
	h := HelpResource{ID: r.ID, Country: r.Country, Name: r.Name, Contact: r.Contact, Kind: r.Kind, Description: r.Description,
		Descriptions: map[string]string{}, Position: r.Position, Languages: langs, Actions: ContactActions(r.Contact, r.Kind)}
	for code, d := range r.Descriptions {
		h.Descriptions[code] = d
	}
	if h.Description == "" {
		// Written only in other languages: never blank for a reader of one
		// with none of its own.
		for _, code := range i18n.Load().Codes() {
			if d := h.Descriptions[code]; d != "" {
				h.Description = d
				break
			}
		}
	}
	return h
}

// DescriptionIn is when to use the line, for a reader of language code
// ("es", "es-MX"): the admin's words in that language, else Description.
// own is set when the words are the admin's in that language.
func (h HelpResource) DescriptionIn(code string) (text string, own bool) {
	base, _, _ := strings.Cut(code, "-")
	if d := h.Descriptions[strings.ToLower(base)]; d != "" {
		return d, true
	}
	return h.Description, false
}

// lineDescriptions checks the descriptions given by language: each in a
// language Kinship speaks, at most 300 characters; blank ones are left out.
// Problems go to f under "descriptions.<code>".
func lineDescriptions(in map[string]string, f model.FieldErrors) map[string]string {
	out := map[string]string{}
	for code, d := range in {
		key := "descriptions." + code
		c := strings.ToLower(strings.TrimSpace(code))
		if !i18n.Load().Supported(c) {
			f.Add(key, "give descriptions in a language Kinship speaks: en (English) or es (Spanish)")
			continue
		}
		d = strings.TrimSpace(d)
		if utf8.RuneCountInString(d) > 300 {
			f.Add(key, "keep it to 300 characters")
			continue
		}
		if _, twice := out[c]; twice && d != "" {
			f.Add(key, "give each language's description once")
			continue
		}
		if d != "" {
			out[c] = d
		}
	}
	return out
}

// lineLanguages checks and normalizes the languages a line answers in:
// each a BCP 47 language ("es", "ES", "es-MX" is kept as "es"), once.
func lineLanguages(in []string) ([]string, bool) {
	out := []string{}
	seen := map[string]bool{}
	for _, s := range in {
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		tag, err := language.Parse(s)
		if err != nil {
			return nil, false
		}
		base, conf := tag.Base()
		if conf == language.No {
			return nil, false
		}
		if code := base.String(); !seen[code] {
			seen[code] = true
			out = append(out, code)
		}
	}
	return out, true
}

// Answers reports whether the line says it answers in language code.
func (h HelpResource) Answers(code string) bool {
	base := code
	if i := strings.IndexByte(code, '-'); i > 0 {
		base = code[:i]
	}
	for _, l := range h.Languages {
		if l == base {
			return true
		}
	}
	return false
}

// PreferLanguage puts first, in each country's list, the lines that answer
// in language code (a Spanish reader sees 988's Spanish service and Línea
// de la Vida before English-only lines); the order is otherwise kept. The
// emergency number stays apart, first. Pages call it for readers of
// another language than the one the lines' order was written for.
func (c *CrisisLines) PreferLanguage(code string) {
	if c == nil || code == "" {
		return
	}
	first := func(ls []HelpResource) {
		sort.SliceStable(ls, func(i, j int) bool { return ls[i].Answers(code) && !ls[j].Answers(code) })
	}
	first(c.Lines)
	for i := range c.Elsewhere {
		first(c.Elsewhere[i].Lines)
	}
}

// countryNames are the ways people write the countries whose lines
// Kinship keeps, and a few more, folded to lower case without accents.
var countryNames = map[string]string{
	"usa": "US", "united states": "US", "united states of america": "US", "america": "US", "estados unidos": "US", "eeuu": "US", "ee uu": "US",
	"canada": "CA",
	"mexico": "MX", "méxico": "MX", "mejico": "MX", "estados unidos mexicanos": "MX",
	"uk": "GB", "united kingdom": "GB", "great britain": "GB", "britain": "GB", "england": "GB", "scotland": "GB", "wales": "GB", "northern ireland": "GB",
	"ireland": "IE", "eire": "IE", "republic of ireland": "IE",
	"australia":   "AU",
	"new zealand": "NZ", "aotearoa": "NZ", "aotearoa new zealand": "NZ",
	"india": "IN", "bharat": "IN", "republic of india": "IN",
	"spain": "ES", "espana": "ES", "colombia": "CO", "nepal": "NP", "chile": "CL",
	"argentina": "AR", "republica argentina": "AR",
	"nigeria": "NG", "federal republic of nigeria": "NG",
	"japan": "JP", "japon": "JP", "nippon": "JP", "nihon": "JP",
}

// foldCountry lower-cases s, drops accents and dots, and squeezes spaces.
func foldCountry(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(strings.ToLower(s)) {
		switch {
		case r >= 0x300 && r <= 0x36f, r == '.':
		default:
			b.WriteRune(r)
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// CountryCode reads a stored country, an ISO 3166 code ("US", "mx",
// "GBR") or legacy free text ("United States", "USA", "México", "UK"),
// and returns its ISO 3166-1 alpha-2 code, or "" when it is not a country.
func CountryCode(s string) string {
	f := foldCountry(s)
	if f == "" {
		return ""
	}
	if c, ok := countryNames[f]; ok {
		return c
	}
	if n := len(f); n == 2 || n == 3 {
		if r, err := language.ParseRegion(f); err == nil && r.IsCountry() {
			return r.String()
		}
	}
	return ""
}

// LinesCountry is the country whose crisis lines a person is shown:
// the one they chose (in their profile, or on this device), else the
// instance's default country, else a guess from their browser
// (VisitorCountry). It returns "" when none says.
func (a *App) LinesCountry(chosen, acceptLanguage, timeZone string) string {
	if c := CountryCode(chosen); c != "" {
		return c
	}
	if c := CountryCode(a.opts.DefaultCountry); c != "" {
		return c
	}
	return VisitorCountry(acceptLanguage, timeZone)
}

// countryShownTo is where ownerID's profile says they are (its country,
// else its time zone's; "" when it says neither), as viewerID may see it:
// private is set, and the country left out, when the profile's location
// is kept from viewerID (or the profile cannot be read). Their time zone
// does not stand in for a location they keep private, unless they chose
// to let whoever answers their call see their country's crisis lines
// (User.ShareLinesOnCall): then the country is given and shared is set.
func (a *App) countryShownTo(ctx context.Context, viewerID, ownerID string) (country string, private, shared bool) {
	p, err := a.LoadProfile(ctx, ownerID)
	if err != nil {
		return "", true, false
	}
	place := profileCountry(p)
	if rel, err := a.relations.Relation(ctx, viewerID, ownerID); err == nil && rel.CanSee(p.Visibility["location"]) {
		return place, false, false
	}
	if place != "" && a.sharesLinesOnCall(ctx, ownerID) {
		return place, false, true
	}
	return "", true, false
}

// profileCountry is where a profile says its member is: its country,
// else its time zone's; "" when it says neither.
func profileCountry(p *model.Profile) string {
	if c := CountryCode(p.Country); c != "" {
		return c
	}
	return VisitorCountry("", p.TimeZone)
}

// VisitorCountry guesses a visitor's country, for the lines shown before
// they say: the country of the time zone their device is set to
// ("America/Los_Angeles" is the US), which follows where the phone is;
// then, when the zone names no country (or is not known yet), the first
// region named in their browser's languages (Accept-Language
// "es-MX,es;q=0.9"). The zone comes first because a language's region says
// where a person's Spanish is from, not where they are: a Spanish speaker
// in Los Angeles whose browser asks for es-MX needs 988, which a US phone
// reaches, not Mexico's Línea de la Vida. It returns "" when neither says.
func VisitorCountry(acceptLanguage, timeZone string) string {
	if c := timeZoneCountry(timeZone); c != "" {
		return c
	}
	return languageCountry(acceptLanguage)
}

// HereCountry is the country a person seems to be in when the lines they
// are shown are the instance's default country's only because nothing
// else said (LinesCountry): their time zone's country, else their
// browser's language's region (VisitorCountry), when it is another
// country than the default. byZone is true when the time zone said it.
// A visitor in Madrid on an instance set up for the US is shown Spain's
// lines beside the US's, each named: 911 does not answer in Spain. It
// returns "" when they chose a country (chosen), the instance has no
// default, or nothing says another country.
func (a *App) HereCountry(chosen, acceptLanguage, timeZone string) (country string, byZone bool) {
	def := CountryCode(a.opts.DefaultCountry)
	if CountryCode(chosen) != "" || def == "" {
		return "", false
	}
	if c := timeZoneCountry(timeZone); c != "" {
		// The zone says where the phone is: its language says no more.
		if c == def {
			return "", false
		}
		return c, true
	}
	if c := languageCountry(acceptLanguage); c != "" && c != def {
		return c, false
	}
	return "", false
}

// timeZoneCountry is the country of a time zone, "" when it names none.
func timeZoneCountry(timeZone string) string {
	if c := zoneCountry(timeZone); c != "" {
		return c
	}
	return zones.CountryOf(strings.TrimSpace(timeZone))
}

// languageCountry is the first region named in a browser's languages
// (Accept-Language "es-MX,es;q=0.9" is MX), "" when none names one.
func languageCountry(acceptLanguage string) string {
	tags, _, _ := language.ParseAcceptLanguage(acceptLanguage)
	for _, t := range tags {
		if r, conf := t.Region(); conf == language.Exact && r.IsCountry() {
			return r.String()
		}
	}
	return ""
}

// zoneCountries maps the time zones of the countries Kinship keeps lines
// for (and their common old names) to the country.
var zoneCountries = map[string]string{
	"America/New_York": "US", "America/Chicago": "US", "America/Denver": "US", "America/Los_Angeles": "US", "America/Phoenix": "US",
	"America/Anchorage": "US", "America/Juneau": "US", "America/Boise": "US", "America/Detroit": "US", "Pacific/Honolulu": "US",
	"US/Eastern": "US", "US/Central": "US", "US/Mountain": "US", "US/Pacific": "US", "US/Alaska": "US", "US/Hawaii": "US", "US/Arizona": "US",
	"America/Toronto": "CA", "America/Vancouver": "CA", "America/Edmonton": "CA", "America/Winnipeg": "CA", "America/Halifax": "CA",
	"America/St_Johns": "CA", "America/Regina": "CA", "America/Montreal": "CA", "Canada/Eastern": "CA", "Canada/Pacific": "CA",
	"America/Mexico_City": "MX", "America/Monterrey": "MX", "America/Merida": "MX", "America/Cancun": "MX", "America/Chihuahua": "MX",
	"America/Hermosillo": "MX", "America/Mazatlan": "MX", "America/Tijuana": "MX", "America/Matamoros": "MX", "America/Ojinaga": "MX",
	"America/Bahia_Banderas": "MX", "America/Ciudad_Juarez": "MX", "Mexico/General": "MX",
	"Europe/London": "GB", "Europe/Belfast": "GB", "GB": "GB", "Europe/Dublin": "IE", "Eire": "IE",
	"Pacific/Auckland": "NZ", "Pacific/Chatham": "NZ", "NZ": "NZ",
	"Asia/Kolkata": "IN", "Asia/Calcutta": "IN",
}

func zoneCountry(zone string) string {
	zone = strings.TrimSpace(zone)
	if c, ok := zoneCountries[zone]; ok {
		return c
	}
	// Every America/Indiana/… and America/Kentucky/… zone is in the US.
	if strings.HasPrefix(zone, "America/Indiana/") || strings.HasPrefix(zone, "America/Kentucky/") || strings.HasPrefix(zone, "America/North_Dakota/") {
		return "US"
	}
	if strings.HasPrefix(zone, "Australia/") {
		return "AU"
	}
	return ""
}

// CrisisLines are the lines a person is shown: their country's emergency
// number first and their country's lines up front; other countries' lines
// only behind a disclosure.
type CrisisLines struct {
	// Country is the ISO code the lines are for, "" when unknown.
	Country string `json:"country"`
	// Emergency is the country's emergency number (or, when unknown, the
	// advice to call the local one).
	Emergency *HelpResource `json:"emergency"`
	// Lines are the country's other lines, in order.
	Lines []HelpResource `json:"lines"`
	// Elsewhere are other countries' lines, by country, for the disclosure.
	Elsewhere []CountryLines `json:"elsewhere"`
}

// CountryLines are one country's lines.
type CountryLines struct {
	Country string         `json:"country"`
	Name    string         `json:"name"`
	Lines   []HelpResource `json:"lines"`
}

// countryLabel names the countries Kinship keeps lines for.
var countryLabel = map[string]string{"US": "United States", "CA": "Canada", "MX": "Mexico", "GB": "United Kingdom", "IE": "Ireland",
	"AU": "Australia", "NZ": "New Zealand", "IN": "India", "ES": "Spain", "CO": "Colombia", "NP": "Nepal", "CL": "Chile",
	"AR": "Argentina", "NG": "Nigeria", "JP": "Japan", "INTL": "Everywhere else"}

// CountryName names a country code for people ("Mexico"), or returns the code.
func CountryName(code string) string {
	if n, ok := countryLabel[code]; ok {
		return n
	}
	return code
}

// CountryIn says where, for a sentence: "in the United States", "in Mexico".
func CountryIn(code string) string {
	switch code {
	case "US", "GB":
		return "in the " + CountryName(code)
	}
	return "in " + CountryName(code)
}

// linesOf splits resources into the lines to show for country: its own
// first (the emergency number apart), or, for a country without its own,
// the international ones; every other country's go to Elsewhere.
func linesOf(country string, all []HelpResource) *CrisisLines {
	has := false
	for _, r := range all {
		if r.Country == country {
			has = true
		}
	}
	own := country
	if !has {
		own = "INTL"
	}
	out := &CrisisLines{Country: country, Lines: []HelpResource{}, Elsewhere: []CountryLines{}}
	byCountry := map[string]int{}
	for _, r := range all {
		if r.Country == own {
			if r.Kind == "emergency" && out.Emergency == nil {
				e := r
				out.Emergency = &e
			} else {
				out.Lines = append(out.Lines, r)
			}
			continue
		}
		i, ok := byCountry[r.Country]
		if !ok {
			i = len(out.Elsewhere)
			byCountry[r.Country] = i
			out.Elsewhere = append(out.Elsewhere, CountryLines{Country: r.Country, Name: CountryName(r.Country)})
		}
		out.Elsewhere[i].Lines = append(out.Elsewhere[i].Lines, r)
	}
	if len(out.Lines) == 0 && own != "INTL" {
		// A country with only its emergency number shipped (Japan): the
		// international lines stand for the ones to reach at any hour.
		for _, r := range all {
			if r.Country == "INTL" && r.Kind != "emergency" {
				out.Lines = append(out.Lines, r)
			}
		}
	}
	return out
}
