// Package web serves Kinship's pages: server-rendered HTML with embedded
// assets, no inline scripts or styles (the CSP forbids them), and forms that
// work without JavaScript, by keyboard, with a screen reader and on a phone.
package web

import (
	"bytes"
	"cmp"
	"embed"
	"errors"
	"html/template"
	"io/fs"
	"log/slog"
	"maps"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/i18n"
	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/zones"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// Options configure the pages.
type Options struct {
	Secure   bool
	BaseURL  string
	ClientIP func(*http.Request) string
	// ExportDocument is a person's data export as the API writes it
	// (httpapi's exportOf), for the privacy page's download to be the
	// same document; without it the page writes the export as it is.
	ExportDocument func(*app.Export) any
}

// Pages holds the page handlers.
type Pages struct {
	app   *app.App
	log   *slog.Logger
	opts  Options
	pages map[string]*template.Template // in the default language
	// byLang holds the pages in each language asked for so far (pagesIn).
	byLang map[string]map[string]*template.Template
	langMu sync.Mutex
	now    func() time.Time
	static http.Handler
	strict bool // the render guard is on (see guard.go)
	// parsed holds, while the guard is on, each page's templates as
	// parsed, before foldWords wrote words into them (see fold.go).
	parsed map[*template.Template]*template.Template
	lines  linesCache
	// frameOf holds each page's pageFrame (*template.Template to
	// *pageFrame), frameSets each language's layout frames (frame.go).
	frameOf   sync.Map
	frameSets map[string]*frameSet
}

// New parses every template at start, so a broken one fails at once.
func New(a *app.App, log *slog.Logger, opts Options) *Pages {
	if opts.ClientIP == nil {
		opts.ClientIP = func(r *http.Request) string { return r.RemoteAddr }
	}
	p := &Pages{app: a, log: log, opts: opts, byLang: map[string]map[string]*template.Template{}, strict: strictRender(),
		parsed: map[*template.Template]*template.Template{}, frameSets: map[string]*frameSet{}}
	// Times are written against the app's clock (a test's fixed one too):
	// "this year" and "today" are the app's, not the machine's.
	p.now = time.Now
	if a != nil {
		p.now = a.Now
	}
	p.pages = p.pagesIn(i18n.Load().Default())
	sub, _ := fs.Sub(staticFS, "static")
	p.static = http.StripPrefix("/static/", http.FileServer(http.FS(sub)))
	return p
}

// siteName is the name in every page's title and the app's manifest.
const siteName = "Kinship"

// docTitle is a page's title in a browser tab: "Home · Kinship"; a title
// that names Kinship already ("Join Kinship") is left as it is, and no
// title at all is just "Kinship". An installed app's window puts the
// manifest's name in front of the page's title itself (Chromium draws
// "Kinship - " and the title), so there app.js leaves out the " · Kinship".
func docTitle(title string) string {
	switch {
	case title == "":
		return siteName
	case strings.Contains(title, siteName):
		return title
	}
	return title + " · " + siteName
}

// funcs are the template functions in the default language (see funcsFor).
var funcs = funcsFor(i18n.Load().Default(), time.Now)

// baseFuncs are the template functions that write no words.
var baseFuncs = template.FuncMap{
	"join":     strings.Join,
	"docTitle": docTitle,
	// inFields: the page's error is one a field's own says already (the
	// summary then links to it rather than say it twice).
	"inFields": func(fields map[string]string, msg string) bool {
		for _, f := range fields {
			if f == msg {
				return true
			}
		}
		return false
	},
	"has": func(list []string, s string) bool {
		for _, x := range list {
			if x == s {
				return true
			}
		}
		return false
	},
	"inc": func(i int) int { return i + 1 },
	// pronoun is how a page speaks of a person whose profile's pronouns
	// field the viewer sees (a profile view's Fields["pronouns"], nil when
	// hidden): "she", "he", or "" for without gender.
	"pronoun": func(v any) string { s, _ := v.(string); return string(model.PronounOf(s)) },
	// localInput is t where zone keeps its clocks, as a datetime-local
	// field's value (2026-12-08T19:00): a meeting date to move.
	"localInput": func(t model.Timestamp, zone string) string {
		loc, err := time.LoadLocation(zone)
		if err != nil {
			return ""
		}
		return t.Time.In(loc).Format("2006-01-02T15:04")
	},
	"deref": func(f *float64) float64 {
		if f == nil {
			return 0
		}
		return *f
	},
	"list":         func(xs ...int) []int { return xs },
	"browserZone":  zones.BrowserName,
	"countryName":  app.CountryName,
	"countryIn":    app.CountryIn,
	"noAddress":    app.NoAddress,
	"placeName":    app.PlaceName,
	"lineHref":     lineHref,
	"colonAfter":   colonAfter,
	"phoneText":    phoneText,
	"telHref":      telHref,
	"link":         link,
	"outLink":      outLink,
	"downloadLink": downloadLink,
	"codeMark": func(s string) template.HTML {
		return template.HTML(`<strong><code id="invite-code">` + template.HTMLEscapeString(s) + `</code></strong>`)
	},
	"strong": func(s string) template.HTML {
		return template.HTML("<strong>" + template.HTMLEscapeString(s) + "</strong>")
	},
	"seq": func(from, to int) []int {
		var out []int
		for i := from; i <= to; i++ {
			out = append(out, i)
		}
		return out
	},
	"dict": func(kv ...any) map[string]any {
		m := make(map[string]any, len(kv)/2)
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i].(string)] = kv[i+1]
		}
		return m
	},
}

// SessionCookieName is the session cookie's name: with the __Host- prefix
// behind HTTPS; without it on plain HTTP, where browsers refuse the prefix.
func SessionCookieName(secure bool) string {
	if secure {
		return "__Host-kinship_session"
	}
	return "kinship_session"
}

// SetSessionCookie sets the session cookie until expires, now being the
// app's clock. The browser is told how long it lasts (Max-Age) besides
// until when: a phone whose clock is days wrong still keeps it as long.
func SetSessionCookie(w http.ResponseWriter, secure bool, token string, expires, now time.Time) {
	age := max(int(expires.Sub(now)/time.Second), 1)
	http.SetCookie(w, &http.Cookie{Name: SessionCookieName(secure), Value: token, Path: "/", HttpOnly: true, Secure: secure, SameSite: http.SameSiteLaxMode, Expires: expires, MaxAge: age})
}

// DeviceCookieName names the device cookie: a browser that has signed in
// to an account before keeps it, and guesses from elsewhere cannot lock it
// out of that account.
func DeviceCookieName(secure bool) string {
	if secure {
		return "__Host-kinship_device"
	}
	return "kinship_device"
}

// DeviceCookie reads the device cookie, "" when none.
func DeviceCookie(r *http.Request, secure bool) string {
	if c, err := r.Cookie(DeviceCookieName(secure)); err == nil {
		return c.Value
	}
	return ""
}

// SetDeviceCookie keeps the device cookie for a year.
func SetDeviceCookie(w http.ResponseWriter, secure bool, value string) {
	if value == "" {
		return
	}
	http.SetCookie(w, &http.Cookie{Name: DeviceCookieName(secure), Value: value, Path: "/", HttpOnly: true, Secure: secure, SameSite: http.SameSiteStrictMode, MaxAge: 365 * 24 * 3600})
}

// ClearSessionCookie removes the session cookie.
func ClearSessionCookie(w http.ResponseWriter, secure bool) {
	http.SetCookie(w, &http.Cookie{Name: SessionCookieName(secure), Value: "", Path: "/", HttpOnly: true, Secure: secure, SameSite: http.SameSiteLaxMode, MaxAge: -1})
}

// view is what every page template receives.
type view struct {
	Title  string
	Actor  *app.Actor
	Name   string // the signed-in person's display name
	Notice string // a status message (announced politely)
	// NoticeLink, when set, follows the notice: where to change what it says.
	NoticeLink, NoticeLinkText string
	Error                      string // a page-level error (announced assertively)
	Fields                     map[string]string
	// FieldOrder lists Fields' keys in the order their fields come on the
	// page, for the error summary (set where the page is drawn).
	FieldOrder []string
	Form       map[string]string
	Data       any
	Crisis     bool
	NextURL    string
	Unread     int
	// CrisisOpen counts the crisis-queue items waiting, for a moderator's navigation.
	CrisisOpen int
	Nav        navState
	// Help are the crisis lines for the reader's country, for the footer.
	Help *app.CrisisLines
	// HelpHere are, beside Help, the lines of the country the reader seems
	// to be in when Help are the instance's default country's only because
	// nothing else said (a visitor in Madrid on an instance set up for the
	// US); zero otherwise.
	HelpHere hereLines
	// NoticeHelp puts the crisis lines of the reader's country (Help) beside
	// the notice: after a report that someone may be at risk.
	NoticeHelp bool
	// Zone is the viewer's time zone for every time on the page (see
	// viewerZone); ZoneKnown is false when it fell back to UTC.
	Zone      *time.Location
	ZoneKnown bool
	// out is the buffer the page is being written into (set by execute).
	out *bytes.Buffer
}

// navState is what the header and the tab bar show: where the person is,
// and the counts beside the tabs.
type navState struct {
	Path    string // the page's path, for aria-current
	Section string // the tab the page belongs to: home, checkin, groups, messages, more
	// Messages counts unread direct messages and waiting message requests.
	Messages int
	// MoreCount is shown on the More tab: the sum of the role-specific
	// counts listed on the More page (for moderators, the crisis queue's
	// open items; none for members).
	MoreCount int
	// Moderator and SiteAdmin show the role-specific places on the More page.
	Moderator, SiteAdmin bool
}

// section names the tab a path belongs to.
func section(path string) string {
	switch {
	case path == "/":
		return "home"
	case path == "/checkin" || path == "/trends" || path == "/recovery-capital":
		return "checkin"
	case strings.HasPrefix(path, "/groups") || strings.HasPrefix(path, "/group-meetings"):
		return "groups"
	case strings.HasPrefix(path, "/messages"):
		return "messages"
	}
	return "more"
}

// render writes a page with status.
func (p *Pages) render(w http.ResponseWriter, r *http.Request, status int, page string, v view) {
	lang := p.viewerLang(r)
	t, ok := p.pagesIn(lang)[page]
	if !ok {
		p.log.Error("no such page template", "page", page)
		http.Error(w, "page missing", http.StatusInternalServerError)
		return
	}
	v.Actor = app.ActorFrom(r.Context())
	signedIn := v.Actor != nil && !v.Actor.Session.MFAPending
	needPlace := v.Zone == nil || v.Help == nil
	var lay app.Layout
	if signedIn {
		// The counts and, when the page has not read it, the member's
		// zone and country, in one read.
		lay = p.app.Layout(r.Context(), needPlace)
	}
	if needPlace {
		var own *time.Location
		country, since := "", time.Time{}
		if signedIn {
			own, country, since = lay.Zone, lay.Country, lay.CountrySetAt
		} else if v.Actor != nil {
			own = p.app.MyZone(r.Context())
		}
		zone, known := zoneOr(r, own)
		if v.Zone == nil {
			v.Zone, v.ZoneKnown = zone, known
		}
		if v.Help == nil {
			v.Help, v.HelpHere = p.helpLinesFor(r, country, since, zone, known)
		}
	}
	if signedIn && status == http.StatusOK && v.Notice == "" {
		if _, ok := p.takeFlash(w, r, "zone_set"); ok {
			v.Notice = p.tr(r, "zone_set.notice", "Zone", zoneLabelIn(lang, v.Zone))
			v.NoticeLink, v.NoticeLinkText = "/profile#f-time_zone", p.tr(r, "zone_set.change")
		}
	}
	if signedIn {
		v.Name = p.app.DisplayName(r.Context(), v.Actor.User.ID)
		v.Unread = lay.Notifications
		v.CrisisOpen = p.app.OpenCrisisCount(r.Context())
		if v.Nav.Section == "" { // a page may say which tab it belongs to
			v.Nav.Section = section(r.URL.Path)
		}
		v.Nav.Messages = lay.Messages
		role := v.Actor.User.Role
		v.Nav.Moderator = role == model.RoleModerator || role == model.RoleSiteAdmin
		v.Nav.SiteAdmin = role == model.RoleSiteAdmin
		v.Nav.MoreCount = v.CrisisOpen
	}
	v.Nav.Path = r.URL.Path
	if v.Fields == nil {
		v.Fields = map[string]string{}
	}
	if v.Form == nil {
		v.Form = map[string]string{}
	}
	buf := pageBufs.Get().(*bytes.Buffer)
	defer putPageBuf(buf)
	err := p.executeInto(buf, t, page, v, typedValues(r)...)
	if err != nil {
		p.log.Error("render page", "page", page, "err", err)
		msg := "something went wrong on our side"
		if ge := (*RenderGuardError)(nil); errors.As(err, &ge) {
			msg = ge.Error() // only while the guard is on: tests and strict development
		}
		http.Error(w, msg, http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Language", lang.Code)
	w.Header().Add("Vary", "Accept-Language, Cookie")
	// The page is whole in buf: its length goes ahead of it, so the page
	// is sent as it is, not in chunks and an end chunk (a write of its own).
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// executeInto is the one place a page template runs, into buf; the render
// guard reads what it wrote. typed are the values the person sent with
// the request: a page may show those back as they were typed ("NaN" in a
// field refused as not a number), so the guard does not hold them against
// the template.
func (p *Pages) executeInto(buf *bytes.Buffer, t *template.Template, page string, v view, typed ...string) error {
	// A chat page's messages are written straight into buf where the
	// template asks for them (chatLog), not handed back as a string
	// that text/template copies through fmt.
	v.out = buf
	if v.Error != "" && len(v.Fields) > 0 && v.FieldOrder == nil {
		v.FieldOrder = fieldsInPageOrder(t, v)
	}
	// The layout written in its frame for the page's shape (frame.go),
	// else the whole page by its template.
	if framed, err := p.executeFramed(buf, t, &v); err != nil {
		return err
	} else if !framed {
		if err := t.Execute(buf, v); err != nil {
			return err
		}
	}
	if p.strict {
		if plain := p.parsedOf(t); plain != nil {
			if err := sameAsParsed(buf.Bytes(), plain, v); err != nil {
				return p.refuse(page, []string{err.Error()})
			}
		}
		return p.guard(page, buf.String(), typed...)
	}
	return nil
}

// fieldsInPageOrder lists the keys of v's field errors in the order their
// fields come on the page, for the error summary: a person fixing a form
// goes down it, and a map's order (the alphabet) sent the check-in's
// summary from craving to mood to whether they used. The page's content
// is drawn alone and each field found by its id ("f-mood"); a message
// whose field the page does not show comes last.
func fieldsInPageOrder(t *template.Template, v view) []string {
	keys := slices.Sorted(maps.Keys(v.Fields))
	if len(keys) < 2 {
		return keys
	}
	var b bytes.Buffer
	v.out = &b
	if err := t.ExecuteTemplate(&b, "content", v); err != nil {
		return keys
	}
	page := b.String()
	at := map[string]int{}
	for _, k := range keys {
		at[k] = len(page)
		if i := strings.Index(page, `id="f-`+template.HTMLEscapeString(k)+`"`); i >= 0 {
			at[k] = i
		}
	}
	slices.SortStableFunc(keys, func(x, y string) int { return cmp.Compare(at[x], at[y]) })
	return keys
}

// execute runs a page template as executeInto does and returns the page.
func (p *Pages) execute(t *template.Template, page string, v view, typed ...string) (string, error) {
	var buf bytes.Buffer
	if err := p.executeInto(&buf, t, page, v, typed...); err != nil {
		return "", err
	}
	return buf.String(), nil
}

// pageBufs keeps the buffers pages are written into: a chat page is about
// 140 KB, and growing a new buffer to that for each page (then copying
// it to the connection) was most of the bytes a node allocated per page,
// and so of its collector's work.
var pageBufs = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// putPageBuf returns buf to the pool unless it grew past what pages need
// (a very long list), which is left to the collector.
func putPageBuf(buf *bytes.Buffer) {
	if buf.Cap() > 1<<20 {
		return
	}
	buf.Reset()
	pageBufs.Put(buf)
}

// typedValues lists what the person sent: the query string and, once a
// handler has parsed it, the form.
func typedValues(r *http.Request) []string {
	var out []string
	for _, vs := range r.URL.Query() {
		out = append(out, vs...)
	}
	for _, vs := range r.PostForm {
		out = append(out, vs...)
	}
	return out
}

// show renders a page; with err (the action on it failed) it renders it
// through fail instead, with the error's messages and status.
func (p *Pages) show(w http.ResponseWriter, r *http.Request, page string, v view, err error) {
	if err != nil {
		p.fail(w, r, page, v, err)
		return
	}
	p.render(w, r, http.StatusOK, page, v)
}

// fail renders a form page again with the error's messages, keeping input.
func (p *Pages) fail(w http.ResponseWriter, r *http.Request, page string, v view, err error) {
	if model.ClientGone(r.Context(), err) {
		// The person left before the answer (a slow sign-in, a tap on):
		// nobody reads a page now, and it is no fault of the server's.
		p.log.Info("page action left by the client", "route", r.Pattern)
		w.WriteHeader(model.StatusClientClosedRequest)
		return
	}
	var e *model.Error
	if !errors.As(err, &e) || e.Kind == model.KindInternal {
		p.log.Error("page action failed", "route", r.Pattern, "err", err)
		v.Error = p.tr(r, "error.internal")
		p.render(w, r, http.StatusInternalServerError, page, v)
		return
	}
	if who := app.MFANeededBy(err); who != "" {
		// A power that needs two-factor login: say why, and link to it.
		v.Title, v.Data, v.Error, v.Fields = p.tr(r, "mfa_needed.title"), p.mfaNeeded(r, who), "", nil
		p.render(w, r, http.StatusForbidden, "mfa_needed", v)
		return
	}
	// The app writes its messages in English; the viewer reads them in
	// their language: a message built with values through its catalog
	// message (e.Msg), a fixed one through the catalog entry with its
	// English words (i18n.Lang.App).
	l := p.viewerLang(r)
	v.Error = upperFirst(l.App(e.Message))
	if e.Msg != nil {
		v.Error = upperFirst(l.Say(e.Msg))
	}
	v.Fields = map[string]string{}
	for k, msg := range e.Fields {
		text := l.App(msg)
		if m := e.FieldMsgs[k]; m != nil {
			text = l.Say(m)
		}
		if id, ok := fieldIDs[k]; ok {
			k = id
		}
		v.Fields[k] = upperFirst(text)
	}
	status := http.StatusBadRequest
	switch e.Kind {
	case model.KindUnauthorized, model.KindMFARequired:
		status = http.StatusUnauthorized
	case model.KindRateLimited:
		status = http.StatusTooManyRequests
	case model.KindForbidden, model.KindReauth:
		status = http.StatusForbidden
	case model.KindNotFound:
		status = http.StatusNotFound
	case model.KindConflict:
		status = http.StatusConflict
	}
	p.render(w, r, status, page, v)
}

// Lang is the language r's pages are drawn in: the member's choice, the
// page's cookie, else the browser's Accept-Language.
func (p *Pages) Lang(r *http.Request) *i18n.Lang { return p.viewerLang(r) }

// ErrorWords is e's message in r's reader's language, its first letter
// capitalised, for a page the HTTP layer answers itself (a request refused
// before it reached a page).
func (p *Pages) ErrorWords(r *http.Request, e *model.Error) string {
	l := p.viewerLang(r)
	if e.Msg != nil {
		return upperFirst(l.Say(e.Msg))
	}
	return upperFirst(l.App(e.Message))
}

// fieldIDs names the page field for an API field where the two differ, so
// the error summary's link (#f-…) reaches the input: the pages ask for the
// two-factor code as "code" wherever the API calls it "totp".
var fieldIDs = map[string]string{"totp": "code"}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// form reads a posted form, keeping only the named fields (never passwords)
// for re-display.
func form(r *http.Request, keep ...string) map[string]string {
	r.Body = http.MaxBytesReader(nil, r.Body, 64<<10)
	_ = r.ParseForm()
	m := map[string]string{}
	for _, k := range keep {
		m[k] = r.PostFormValue(k)
	}
	return m
}

// Static serves the embedded assets.
func (p *Pages) Static(w http.ResponseWriter, r *http.Request) {
	if code, hash, ok := pageScriptName(strings.TrimPrefix(r.URL.Path, "/static/")); ok {
		servePageScript(w, r, code, hash)
		return
	}
	w.Header().Set("Cache-Control", "public, max-age=3600")
	p.static.ServeHTTP(w, r)
}

// NotFound answers an unknown page.
func (p *Pages) NotFound(w http.ResponseWriter, r *http.Request) {
	p.render(w, r, http.StatusNotFound, "message", view{Title: p.tr(r, "error.not_found_title"), Error: p.tr(r, "error.not_found")})
}

// Forbidden answers a page the person may not open.
func (p *Pages) Forbidden(w http.ResponseWriter, r *http.Request) {
	p.render(w, r, http.StatusForbidden, "message", view{Title: p.tr(r, "error.forbidden_title"), Error: p.tr(r, "error.forbidden")})
}

// localNext returns next when it is a path on this site, else "/".
// Browsers drop tabs and newlines from a URL and read a backslash as a
// slash, so "/\t/evil.example" and "/\\evil" would leave the site: any control
// character or backslash refuses next, as does anything a URL parser reads
// with a scheme or a host.
func localNext(next string) string {
	if next == "" || len(next) > 2048 || next[0] != '/' || strings.HasPrefix(next, "//") {
		return "/"
	}
	for _, c := range next {
		if c < 0x20 || c == 0x7f || c == '\\' || c == 0xfffd {
			return "/"
		}
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.Opaque != "" || u.User != nil || !strings.HasPrefix(u.EscapedPath(), "/") || strings.HasPrefix(u.EscapedPath(), "//") {
		return "/"
	}
	return next
}

func urlQuery(s string) string { return url.QueryEscape(s) }

// pageFragment is a link to a place on the same page ("#crisis-help").
var pageFragment = regexp.MustCompile(`^#[A-Za-z][A-Za-z0-9_-]*$`)

// link is an <a> to a tel:, sms: or https: address, a path on this site or
// a place on the same page, for a link inside a message (see
// i18n.Lang.HTML); text is escaped.
func link(href, text string) template.HTML {
	u := string(lineHref(href))
	if strings.HasPrefix(href, "/") && localNext(href) == href || pageFragment.MatchString(href) {
		u = href
	}
	return template.HTML(`<a href="` + template.HTMLEscapeString(u) + `">` + template.HTMLEscapeString(text) + `</a>`)
}

// extMark finds where a phone number's extension starts: "x110",
// "ext. 110", "extension 110".
var extMark = regexp.MustCompile(`(?i)\s*(?:x|ext\.?|extension)\s*(\d+)\s*$`)

// telHref is the tel: address a phone dials for a number as the treatment
// directory (FindTreatment.gov, US programs) writes it: its digits with
// the country code, +1 before a US number's ten digits, so a phone abroad
// or a dialer that wants the full number reaches it, and an extension
// after a pause ("540-217-6366 x110" is tel:+15402176366,110, which a
// phone dials and then keys 110; "tel:540-217-6366 x110" dialled nothing
// useful). A number written with its own + keeps it; a short number (988)
// is dialled as written. A number with no digits gives "#".
func telHref(number string) template.URL {
	ext := ""
	if m := extMark.FindStringSubmatchIndex(number); m != nil {
		ext, number = number[m[2]:m[3]], number[:m[0]]
	}
	var b strings.Builder
	for i, r := range strings.TrimSpace(number) {
		if r >= '0' && r <= '9' || r == '+' && i == 0 {
			b.WriteRune(r)
		}
	}
	digits := b.String()
	switch {
	case digits == "":
		return "#"
	case len(digits) == 10 && digits[0] >= '2':
		digits = "+1" + digits // a US number: area code (never 0 or 1) and seven digits
	case len(digits) == 11 && digits[0] == '1':
		digits = "+" + digits
	}
	if ext != "" {
		digits += "," + ext
	}
	return template.URL("tel:" + digits)
}

// phoneText is a number as a person reads it: a US number a feed gives as
// bare digits ("+16699009128", "6699006833") reads "669-900-9128", as the
// treatment directory writes its numbers; any other is shown as given.
func phoneText(number string) string {
	n := strings.TrimSpace(number)
	d := strings.TrimPrefix(n, "+")
	if len(d) == 11 && d[0] == '1' {
		d = d[1:]
	} else if d != n { // a + before anything but a US number
		return n
	}
	if len(d) != 10 || d[0] < '2' || strings.Trim(d, "0123456789") != "" {
		return n
	}
	return d[:3] + "-" + d[3:6] + "-" + d[6:]
}

// colonAfter is the colon that follows a crisis line's name before its
// numbers, or nothing when the name ends in its own punctuation: New
// Zealand's "Need to talk?" read "Need to talk?: Call 1737" (walk12 W12-4).
func colonAfter(name string) string {
	if strings.HasSuffix(name, "?") || strings.HasSuffix(name, "!") || strings.HasSuffix(name, ":") {
		return ""
	}
	return ":"
}

// lineHref lets a crisis line's tel:, sms: or https: link through
// html/template, which refuses tel: and sms: as it does anything unknown;
// anything else becomes "#".
func lineHref(href string) template.URL {
	for _, scheme := range []string{"tel:", "sms:", "https://"} {
		if strings.HasPrefix(href, scheme) && !strings.ContainsAny(href, "\"'<> ") {
			return template.URL(href)
		}
	}
	return "#"
}
