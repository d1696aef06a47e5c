package web

import (
	"encoding/json"
	"html/template"
	"io/fs"
	"math"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/i18n"
	"github.com/kinshiprecovery/kinship/internal/importer"
	"github.com/kinshiprecovery/kinship/internal/match"
	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/recovery"
	"github.com/kinshiprecovery/kinship/internal/zones"
)

// Every page is drawn in the viewer's language: a member's own setting,
// else the language cookie the footer's switcher sets (no account needed),
// else the browser's Accept-Language, else English. The templates are
// parsed once per language with that language's functions ({{t "id"}},
// dates, distances), and kept for the life of the process.

// langCookie keeps a visitor's chosen language.
const langCookie = "kinship_lang"

// offlinePages are the pages the service worker keeps, in the language
// their ?lang= names (the one the pages told it: static/sw.js).
var offlinePages = map[string]bool{"/offline": true, "/checkin/offline": true}

// viewerLang is the language to draw a page in for r, with the reader's
// clock.
func (p *Pages) viewerLang(r *http.Request) *i18n.Lang {
	var choices []string
	if act := app.ActorFrom(r.Context()); act != nil && act.User != nil && act.User.Language != "" {
		choices = append(choices, act.User.Language)
	}
	if q := r.URL.Query().Get("lang"); q != "" && offlinePages[r.URL.Path] {
		choices = append(choices, q) // the service worker asks for them without cookies
	}
	if c, err := r.Cookie(langCookie); err == nil {
		choices = append(choices, c.Value)
	}
	l := i18n.Load().Match(r.Header.Get("Accept-Language"), choices...)
	// The clock: a member's choice, else the one usual in their language
	// in their profile's country; a visitor's from their browser's
	// region for the language (en-US, en-AU read 7:30 pm); 24 hours when
	// nothing says.
	if act := app.ActorFrom(r.Context()); act != nil && act.User != nil {
		return l.Reader(act.User.Clock, act.User.ClockRegion)
	}
	return l.InRegion(i18n.AcceptRegion(r.Header.Get("Accept-Language"), l.Code))
}

// tr is a message in the viewer's language, for what handlers write
// (titles, notices, errors).
func (p *Pages) tr(r *http.Request, id string, args ...any) string {
	return tNamed(p.viewerLang(r), id, args...)
}

// SetLanguage is the footer's switcher: it keeps the choice in a cookie
// and, for a signed-in member, in their account, so emails and pushes to
// them are written in it too; then it returns to the page.
func (p *Pages) SetLanguage(w http.ResponseWriter, r *http.Request) {
	f := form(r, "lang", "next")
	code := f["lang"]
	next := localNext(f["next"])
	if code != "" && i18n.Load().Lang(code) == nil {
		p.render(w, r, http.StatusBadRequest, "message", view{Title: p.tr(r, "language.title"), Error: p.tr(r, "language.unknown")})
		return
	}
	p.setLangCookie(w, code)
	if act := app.ActorFrom(r.Context()); act != nil && !act.Session.MFAPending && p.app != nil {
		if err := p.app.SetLanguage(r.Context(), code); err != nil {
			p.fail(w, r, "message", view{Title: p.tr(r, "language.title")}, err)
			return
		}
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

// setLangCookie keeps a visitor's language for a year.
func (p *Pages) setLangCookie(w http.ResponseWriter, code string) {
	http.SetCookie(w, &http.Cookie{Name: langCookie, Value: code, Path: "/", HttpOnly: true, Secure: p.opts.Secure,
		SameSite: http.SameSiteLaxMode, MaxAge: 365 * 24 * 3600})
}

// withLangCookie is r with its language cookie set to code, for a page
// that sets the cookie and is drawn in that language at once.
func withLangCookie(r *http.Request, code string) *http.Request {
	r = r.Clone(r.Context())
	cookies := r.Cookies()
	r.Header.Del("Cookie")
	for _, c := range cookies {
		if c.Name != langCookie {
			r.AddCookie(c)
		}
	}
	r.AddCookie(&http.Cookie{Name: langCookie, Value: code})
	return r
}

// langOption is one language in the switcher, named in itself.
type langOption struct{ Code, Name string }

func langOptions() []langOption {
	c := i18n.Load()
	var out []langOption
	for _, code := range c.Codes() {
		out = append(out, langOption{Code: code, Name: c.Lang(code).Name()})
	}
	return out
}

// pagesIn returns every page template bound to l's functions, parsing
// them the first time l is asked for.
func (p *Pages) pagesIn(l *i18n.Lang) map[string]*template.Template {
	p.langMu.Lock()
	defer p.langMu.Unlock()
	if m, ok := p.byLang[l.Key()]; ok {
		return m
	}
	m := map[string]*template.Template{}
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		panic(err)
	}
	fm := funcsFor(l, p.now)
	for _, n := range names {
		name := strings.TrimSuffix(strings.TrimPrefix(n, "templates/"), ".html")
		if partials[name] {
			continue
		}
		files := []string{"templates/layout.html"}
		for part := range partials {
			if part != "layout" {
				files = append(files, "templates/"+part+".html")
			}
		}
		files = append(files, n)
		t := template.Must(template.New("layout.html").Funcs(fm).ParseFS(templateFS, files...))
		if p.strict {
			p.parsed[t] = template.Must(template.New("layout.html").Funcs(fm).ParseFS(templateFS, files...))
		}
		foldWords(t, l.T)
		p.notePageFrame(t, l, n)
		m[name] = t
	}
	p.byLang[l.Key()] = m
	return m
}

// parsedOf returns t as parsed, before its words were folded in, while the
// render guard is on; else nil.
func (p *Pages) parsedOf(t *template.Template) *template.Template {
	if !p.strict {
		return nil
	}
	p.langMu.Lock()
	defer p.langMu.Unlock()
	return p.parsed[t]
}

// partials are the templates pages share rather than pages of their own.
var partials = map[string]bool{"layout": true, "field": true, "duty": true, "lines": true, "place": true, "queue": true}

// funcsFor binds the template functions that write words, dates and
// numbers to l, and "this year" to the clock now.
func funcsFor(l *i18n.Lang, now func() time.Time) template.FuncMap {
	fm := template.FuncMap{}
	for k, v := range baseFuncs {
		fm[k] = v
	}
	fm["t"] = func(id string, args ...any) string { return tNamed(l, id, args...) }
	fm["th"] = l.HTML
	fm["lang"] = func() string { return l.Code }
	fm["langs"] = langOptions
	when := func(args ...any) string { return whenIn(l, now(), args...) }
	fm["day"] = func(v any) string { return dayIn(l, v) }
	fm["dayCell"] = func(iso string) template.HTML { return dayCellIn(l, iso) }
	fm["milestone"] = func(label string) string { return milestoneIn(l, label) }
	// A message the app built with values (model.Msg), in l.
	fm["say"] = func(m *model.Msg) string {
		if m == nil {
			return ""
		}
		return l.Say(m)
	}
	fm["encouragement"] = func(hasStart bool, s recovery.Status) string { return encouragementIn(l, hasStart, s) }
	fm["streakSpan"] = func(s recovery.Status) string { return streakSpanIn(l, s) }
	fm["int"] = l.Int
	fm["when"], fm["date"], fm["shortTime"] = when, when, when
	fm["distance"] = func(v any, miles bool) (string, error) { return distanceIn(l, v, miles) }
	fm["km"] = func(v any) (string, error) { return kmIn(l, v) }
	fm["yesno"] = func(v any) (string, error) { return yesNoIn(l, v) }
	fm["clockText"] = l.ClockText
	fm["clockThere"] = func(v any, zone string, viewer *time.Location) string { return clockThereIn(l, v, zone, viewer) }
	fm["typeNames"] = func(codes []string) string {
		var names []string
		for _, c := range codes {
			if _, ok := importer.TypeNames[c]; ok {
				names = append(names, typeName(l, c))
			}
		}
		return strings.Join(names, ", ")
	}
	fm["zoneLabel"] = func(v any) string { return zoneLabelIn(l, v) }
	fm["monthWeeks"] = func(w *importer.MonthWeeks, day int) string { return app.MonthWeeksIn(l, w, day) }
	fm["device"] = func(stored string) string { return deviceIn(l, stored) }
	fm["matchReason"] = func(r match.Reason) string { return reasonIn(l, r) }
	fm["matchReasons"] = func(rs []match.Reason) string { return reasonsIn(l, rs) }
	fm["whyUnassigned"] = func(c match.Cause) string { return causeIn(l, c) }
	fm["countryName"] = func(code string) string { return countryNameIn(l, code) }
	fm["countryOptions"] = func(c *app.CrisisLines) []countryOption {
		return countryOptions(c, func(code string) string { return countryNameIn(l, code) }, l.T("footer.country_other"))
	}
	fm["countryIn"] = func(code string) string {
		return countryWords(l, "country_in.", code, func(c string) string { return l.T("country.in_code", "Country", countryNameIn(l, c)) })
	}
	// The same for every page in l: made once (it was a twentieth of a
	// node's CPU under bench/usersim, made again on every page).
	js := sync.OnceValue(func() string { return jsStrings(l) })
	fm["jsStrings"] = js
	// The page script's address in l: its words and app.js in one file
	// the browser keeps (script.go), not the words on every page.
	fm["pageScript"] = sync.OnceValue(func() string { return pageScriptOf(l).path })
	// A chat page's messages, written in Go (chat_log.go).
	chat := func() *chatWords { return chatWordsOf(l).log }
	// Into the page's buffer where the template stands (the page is
	// written in order, straight into it), so the log of about 130 KB is
	// not copied again; handed back when there is no page buffer.
	fm["chatLog"] = func(v view, d chatData) template.HTML {
		if v.out == nil {
			return chatLogIn(l, chat(), now(), v.Zone, d)
		}
		writeChatLog(v.out, l, chat(), now(), v.Zone, d)
		return ""
	}
	fm["roleName"] = func(role string) string { return roleName(l, role) }
	fm["urgency"] = func(severity int) string { return urgency(l, severity) }
	fm["thing"] = func(kind string) string { return thing(l, kind) }
	fm["moderatorDid"] = func(action, targetType string) string { return moderatorDid(l, action, targetType) }
	fm["reportReason"] = func(code string) string { return reportReason(l, code) }
	fm["risks"] = func(cats []string) string { return risks(l, cats) }
	fm["crisisStatus"] = func(f app.FlagView) string { return crisisStatus(l, f) }
	fm["crisisVerdict"] = func(f app.FlagView) string { return crisisVerdict(l, f) }
	fm["crisisEarlier"] = func(zone *time.Location, f app.FlagView) string { return crisisEarlier(l, now(), zone, f) }
	fm["suppressed"] = func(count string) string { return suppressed(l, count) }
	fm["percent"] = func(f float64) string { return l.Int(int(math.Round(f * 100))) }
	fm["schedule"] = func(m app.GroupMeetingView) string { return scheduleIn(l, m) }
	fm["consentData"] = func(codes []string) string { return consentDataIn(l, codes) }
	// tcode names a stored code in l by the catalog's prefix ("mentorship.status."),
	// or as stored when the catalog has no name for it.
	fm["tcode"] = func(prefix, code string) string {
		if id := codeID(prefix, code); i18n.Load().Default().Has(id) {
			return l.T(id)
		}
		return code
	}
	fm["languageNames"] = func(codes []string) string { return languageNames(l, codes) }
	fm["heldSigns"] = func(details string) string { return heldSigns(l, details) }
	fm["otherLanguages"] = func(codes []string) string { return otherLanguageNames(l, codes) }
	fm["spoken"] = func(langs []string) string { return spokenIn(l, langs) }
	fm["serviceNames"] = func(codes []string) string { return serviceNames(l, codes) }
	fm["hasCode"] = func(codes []string, code string) bool {
		for _, c := range codes {
			if c == code {
				return true
			}
		}
		return false
	}
	return fm
}

// countryNameIn names a country in l: the catalog's name for the countries
// Kinship keeps crisis lines for, else CLDR's ("Perú"), else the code.
func countryNameIn(l *i18n.Lang, code string) string {
	return countryWords(l, "country.", code, func(c string) string {
		if n := zones.CountryNameIn(l.Code, c); n != "" {
			return n
		}
		return app.CountryName(c)
	})
}

// countryWords names a country Kinship keeps crisis lines for in l (the
// catalog's prefix+code, lower case), else as the app names it.
func countryWords(l *i18n.Lang, prefix, code string, def func(string) string) string {
	id := prefix + strings.ToLower(code)
	if i18n.Load().Default().Has(id) {
		return l.T(id)
	}
	return def(code)
}

// jsStrings is what app.js writes, in l, as JSON for the language's page
// script (script.go: the CSP allows no inline script): every message whose
// ID starts with "js.", and the names dates are written with.
func jsStrings(l *i18n.Lang) string {
	m := map[string]any{}
	for _, id := range i18n.Load().Default().IDs() {
		if strings.HasPrefix(id, "js.") {
			m[strings.TrimPrefix(id, "js.")] = l.T(id)
		}
	}
	m["weekdays"] = l.WeekdayNames()
	m["months"] = l.MonthNames()
	m["when"] = l.T("date.when", "Weekday", "{weekday}", "Day", "{day}", "Month", "{month}", "Time", "{time}")
	m["when_year"] = l.T("date.when_year", "Weekday", "{weekday}", "Day", "{day}", "Month", "{month}", "Year", "{year}", "Time", "{time}")
	m["day"] = l.T("date.day", "Weekday", "{weekday}", "Day", "{day}", "Month", "{month}")
	m["hours"] = map[bool]string{true: "12", false: "24"}[l.Hour12()]
	m["am"] = l.T("time.am", "Time", "{time}")
	m["pm"] = l.T("time.pm", "Time", "{time}")
	// A milestone card drawn live: its line, and each unit's plural
	// forms as the catalog writes them, {n} for the count (app.js picks
	// the form with the browser's CLDR rules, Intl.PluralRules).
	m["milestone_line"] = l.T("chat.milestone_line", "Name", "{name}", "Milestone", "{milestone}")
	units := map[string]map[string]string{}
	for _, unit := range []string{"hours", "days", "months", "years"} {
		msg := l.Message("milestone." + unit)
		if msg == nil {
			msg = i18n.Load().Default().Message("milestone." + unit)
		}
		forms := map[string]string{}
		for cat, text := range map[string]string{"zero": msg.Zero, "one": msg.One, "two": msg.Two, "few": msg.Few, "many": msg.Many, "other": msg.Other} {
			if text != "" {
				forms[cat] = strings.ReplaceAll(text, "{{.Count}}", "{n}")
			}
		}
		units[unit] = forms
	}
	m["milestone_units"] = units
	b, _ := json.Marshal(m)
	return string(b)
}

// whenIn is the template's when in l, against the clock reading now.
func whenIn(l *i18n.Lang, now time.Time, args ...any) string {
	t, loc, ok := whenArgs(args...)
	if !ok {
		if len(args) > 0 {
			if s, isStr := args[len(args)-1].(string); isStr {
				return s
			}
		}
		return ""
	}
	return l.When(t, loc, now)
}
