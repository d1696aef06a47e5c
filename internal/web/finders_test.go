package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"math"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/importer"
	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// person is a browser without a browser: a cookie jar and the text a
// person would read on each page.
type person struct {
	t     *testing.T
	base  string
	c     *http.Client
	lang  string    // Accept-Language
	term  *terminal // the server's printed email, for confirmation links
	links int       // how many confirmation links were printed before
}

func newPerson(t *testing.T, base string) *person {
	jar, _ := cookiejar.New(nil)
	return &person{t: t, base: base, c: &http.Client{Jar: jar}, lang: "en-US,en;q=0.9"}
}

var (
	inlineRE = regexp.MustCompile(`</?(?:strong|a|span|small|time|em|code|b|i)\b[^>]*>`)
	tagRE    = regexp.MustCompile(`(?s)<script.*?</script>|<datalist.*?</datalist>|<select.*?</select>|<[^>]*>`)
	spaceRE  = regexp.MustCompile(`\s+`)
)

// readable is the text of a page as a person reads it.
func readable(page string) string {
	return strings.TrimSpace(spaceRE.ReplaceAllString(html.UnescapeString(tagRE.ReplaceAllString(inlineRE.ReplaceAllString(page, ""), " ")), " "))
}

func (p *person) do(method, path string, form url.Values) (int, string, string) {
	p.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, _ := http.NewRequest(method, p.base+path, body)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	req.Header.Set("Accept-Language", p.lang)
	res, err := p.c.Do(req)
	if err != nil {
		p.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b), res.Request.URL.Path
}

// signedInPerson is a browser that has signed in with email and password.
func signedInPerson(t *testing.T, base, email, password string) *person {
	t.Helper()
	p := newPerson(t, base)
	if code, text, _ := p.post("/login", url.Values{"email": {email}, "password": {password}}); code != http.StatusOK {
		t.Fatalf("%s signs in: %d %s", email, code, text)
	}
	return p
}

// get returns the status and the readable text of a page.
func (p *person) get(path string) (int, string) {
	p.t.Helper()
	code, page, _ := p.do("GET", path, nil)
	return code, readable(page)
}

func (p *person) post(path string, form url.Values) (int, string, string) {
	p.t.Helper()
	code, page, at := p.do("POST", path, form)
	return code, readable(page), at
}

// setUpTwoFactor turns on two-factor login through the security page, as
// a person about to start a group does; now is the app's clock.
func (p *person) setUpTwoFactor(now time.Time) {
	p.t.Helper()
	_, page, _ := p.do("POST", "/settings/mfa/setup", url.Values{})
	m := regexp.MustCompile(`<code id="mfa-secret">([A-Z2-7]+)</code>`).FindStringSubmatch(page)
	if m == nil {
		p.t.Fatalf("no key on the set-up page:\n%s", readable(page))
	}
	code, err := totp.GenerateCode(m[1], now)
	if err != nil {
		p.t.Fatal(err)
	}
	if status, text, _ := p.post("/settings/mfa/confirm", url.Values{"code": {code}}); status != http.StatusOK || !strings.Contains(text, "recovery codes") {
		p.t.Fatalf("confirm two-factor login: %d %s", status, text)
	}
}

func (p *person) setZoneCookie(zone string) {
	u, _ := url.Parse(p.base)
	p.c.Jar.SetCookies(u, []*http.Cookie{{Name: "kinship_tz", Value: url.QueryEscape(zone), Path: "/"}})
}

// signUp joins as a browser sends the form (its script fills the zone
// and country), then signs in.
func (p *person) signUp(email, name, zone, country string) {
	p.t.Helper()
	code, text, _ := p.post("/signup", url.Values{"email": {email}, "display_name": {name}, "password": {"willow creek morning"}, "time_zone": {zone}, "country": {country}})
	if code != http.StatusOK {
		p.t.Fatalf("sign up %s: %d %s", email, code, text)
	}
	// Confirm the address with the link the email carried (the last one printed).
	var link string
	for end := time.Now().Add(10 * time.Second); link == "" && time.Now().Before(end); time.Sleep(20 * time.Millisecond) {
		out := p.term.String()
		if i := strings.LastIndex(out, "/verify-email?token="); i >= 0 && strings.Count(out, "/verify-email?token=") > p.links {
			link = strings.Fields(out[i:])[0]
			p.links = strings.Count(out, "/verify-email?token=")
		}
	}
	token := strings.TrimPrefix(link, "/verify-email?token=")
	if code, text, _ := p.post("/verify-email", url.Values{"token": {token}}); token == "" || code != http.StatusOK {
		p.t.Fatalf("confirm %s: %d %s", email, code, text)
	}
	code, text, _ = p.post("/login", url.Values{"email": {email}, "password": {"willow creek morning"}})
	if code != http.StatusOK || !strings.Contains(text, "Welcome, "+name) {
		p.t.Fatalf("sign in %s: %d %s", email, code, text)
	}
}

// tuesdayMorning is 09:00 in Los Angeles on Tuesday 8 December 2026.
var tuesdayMorning = time.Date(2026, 12, 8, 17, 0, 0, 0, time.UTC)

// The fault: a weekly meeting set for Tuesday 19:00 America/Los_Angeles
// was shown as "Wed 9 Dec, 03:00": sign-up ignored the browser's zone, so
// every member read times in UTC, and the page never said the meeting's
// own zone. Now the zone comes with sign-up ("Pacific" is understood),
// the sessions list reads it too, and a member elsewhere sees both.
func TestMeetingTimesInTheViewersZone(t *testing.T) {
	base, a, term := startServerOpts(t, app.Options{Now: func() time.Time { return tuesdayMorning }})
	// The admin first: the first account to sign up would become the site admin.
	account(t, a, "admin@example.org", "steady harbor lantern", "Admin", model.RoleSiteAdmin)
	fran := signedUp(t, base, term, "fran@example.org", "Fran", "Pacific", "")
	fran.setUpTwoFactor(a.Now()) // she facilitates the group
	code, text, at := fran.post("/groups", url.Values{"name": {"Evening circle"}, "description": {"We meet on Tuesdays."}, "guidelines": {"Be kind."}, "visibility": {"listed"}})
	if code != http.StatusOK || !strings.HasPrefix(at, "/groups/") {
		t.Fatalf("create group: %d %s %s", code, at, text)
	}
	group := at
	code, text, _ = fran.post(group+"/meetings", url.Values{"title": {"Tuesday circle"}, "start_local": {"2026-12-08T19:00"}, "time_zone": {"Pacific Time — Los Angeles"},
		"duration_minutes": {"60"}, "freq": {"weekly"}, "weekdays": {"tue"}, "interval": {"1"}, "month_week": {"0"}})
	if code != http.StatusOK {
		t.Fatalf("schedule: %d %s", code, text)
	}
	_, text = fran.get(group)
	if !strings.Contains(text, "Tue 8 Dec, 7:00 pm") || strings.Contains(text, "Wed 9 Dec, 3:00 am") || !strings.Contains(text, "Times below are in your time zone, Pacific Time (Los Angeles).") {
		t.Fatalf("the facilitator in Los Angeles reads:\n%s", text)
	}
	if strings.Contains(text, "where it meets") {
		t.Fatalf("the meeting's zone is repeated though it is the viewer's:\n%s", text)
	}
	_, text = fran.get("/settings/security")
	if !strings.Contains(text, "Signed in Tue 8 Dec, 9:00 am") {
		t.Fatalf("sessions list not in the member's zone:\n%s", text)
	}
	code, page, _ := fran.do("GET", "/profile", nil)
	if code != http.StatusOK || !strings.Contains(page, `value="Pacific Time (Los Angeles)"`) || !regexp.MustCompile(`<option value="US" selected>United States</option>`).MatchString(page) || strings.Contains(page, "IANA") {
		t.Fatalf("profile zone and country (from the zone) not shown as chosen, or the form says IANA")
	}

	lee := newPerson(t, base)
	lee.term, lee.links = term, 1
	lee.signUp("lee@example.org", "Lee", "Europe/London", "GB")
	if code, text, _ := lee.post(group+"/join", url.Values{"accept_guidelines": {"yes"}}); code != http.StatusOK {
		t.Fatalf("join: %d %s", code, text)
	}
	_, text = lee.get(group)
	if !strings.Contains(text, "Wed 9 Dec, 03:00 (Tue 8 Dec, 19:00 Pacific Time where it meets)") || !strings.Contains(text, "the meeting keeps its own, Pacific Time (Los Angeles).") {
		t.Fatalf("a member in London reads:\n%s", text)
	}

	// A member who gave no zone reads the browser's (app.js keeps it in a
	// cookie), on the group page and the home page alike.
	kai := newPerson(t, base)
	kai.term, kai.links = term, 2
	kai.signUp("kai@example.org", "Kai", "", "")
	kai.setZoneCookie("America/Los_Angeles")
	if code, text, _ := kai.post(group+"/join", url.Values{"accept_guidelines": {"yes"}}); code != http.StatusOK {
		t.Fatalf("join: %d %s", code, text)
	}
	if _, text = kai.get(group); !strings.Contains(text, "Tue 8 Dec, 19:00") || strings.Contains(text, "Wed 9 Dec, 03:00") {
		t.Fatalf("a member without a zone, in a Los Angeles browser, reads:\n%s", text)
	}
	// "Today" is the app's today (Tuesday 8 December), not the machine's.
	if _, text = kai.get("/"); !strings.Contains(text, "Next meeting Today, 19:00 Tuesday circle") {
		t.Fatalf("home page's next meeting:\n%s", text)
	}

	// A zone nobody knows is refused with words a person can act on.
	sam := newPerson(t, base)
	code, text, _ = sam.post("/signup", url.Values{"email": {"sam@example.org"}, "display_name": {"Sam"}, "password": {"willow creek morning"}, "time_zone": {"Mars/Olympus"}})
	if code != http.StatusBadRequest || !strings.Contains(text, "choose your time zone from the list, or write a city or a name like Pacific or Eastern") {
		t.Fatalf("unknown zone at sign-up: %d %s", code, text)
	}
}

// sharedData finds a file of the real data kept beside the repository
// (../shared/data), looking up from here so a git worktree finds it too;
// the test is skipped without it.
func sharedData(t *testing.T, parts ...string) string {
	t.Helper()
	return testutil.SharedData(t, parts...)
}

// importOC loads the real Orange County feed (meetings in Los Angeles time).
func importOC(t *testing.T, a *app.App) []map[string]any {
	t.Helper()
	raw, err := os.ReadFile(sharedData(t, "meeting-guide", "oc-orange-county.json"))
	if err != nil {
		t.Fatal(err)
	}
	res, err := importer.ParseMeetingGuide(strings.NewReader(string(raw)), importer.Options{TimeZone: "America/Los_Angeles"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.ImportMeetings(context.Background(), "oc", res); err != nil {
		t.Fatal(err)
	}
	var recs []map[string]any
	if err := json.Unmarshal(raw, &recs); err != nil {
		t.Fatal(err)
	}
	return recs
}

// importMarin loads the real SF/Marin feed (its own zone on every row) as
// source "aasfmarin".
func importMarin(t *testing.T, a *app.App) {
	t.Helper()
	raw, err := os.ReadFile(sharedData(t, "meeting-guide", "aasfmarin.json"))
	if err != nil {
		t.Fatal(err)
	}
	res, err := importer.ParseMeetingGuide(strings.NewReader(string(raw)), importer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.ImportMeetings(context.Background(), "aasfmarin", res); err != nil {
		t.Fatal(err)
	}
}

// tonightInFeed counts the feed's Tuesday meetings from 17:00, read from the
// feed itself.
func tonightInFeed(recs []map[string]any) int {
	n := 0
	for _, r := range recs {
		day, _ := r["day"].(float64)
		tm, _ := r["time"].(string)
		if _, isNum := r["day"].(float64); isNum && day == 2 && tm >= "17:00" && r["attendance_option"] != "inactive" {
			n++
		}
	}
	return n
}

// The finder answers "tonight" in the morning, every evening meeting
// reachable a page at a time, in the visitor's zone from the browser.
func TestMeetingFinderTonight(t *testing.T) {
	base, a := startServerWith(t, app.Options{Now: func() time.Time { return tuesdayMorning }})
	recs := importOC(t, a)
	want := tonightInFeed(recs)
	v := newPerson(t, base)
	v.setZoneCookie("America/Los_Angeles")
	code, text := v.get("/meetings?when=tonight")
	if code != http.StatusOK || !strings.Contains(text, fmt.Sprintf("Tonight: %d meetings (showing 1–25)", want)) || !strings.Contains(text, "Times are in Pacific Time (Los Angeles).") {
		t.Fatalf("tonight (want %d):\n%.2000s", want, text)
	}
	if !strings.Contains(text, "Tue 8 Dec, 5:") || strings.Contains(text, "Tue 8 Dec, 4:") || strings.Contains(text, "where it meets") {
		t.Fatalf("tonight's first page:\n%.2000s", text)
	}
	// The last page holds the last meetings of the evening.
	last := (want + 24) / 25
	code, text = v.get(fmt.Sprintf("/meetings?when=tonight&page=%d", last))
	if code != http.StatusOK || !strings.Contains(text, fmt.Sprintf("(showing %d–%d)", (last-1)*25+1, want)) || !strings.Contains(text, "Earlier meetings") || strings.Contains(text, "Later meetings") {
		t.Fatalf("last page:\n%.1500s", text)
	}
	// A known meeting reads as the feed says: Tuesday 19:00.
	_, text = v.get("/meetings?when=tonight&q=East+Bluff")
	if !strings.Contains(text, "East Bluff Men's Stag Tue 8 Dec, 7:00 pm · In person") {
		t.Fatalf("East Bluff:\n%s", text)
	}
	// A visitor in New York reads it in their time, with the meeting's beside it.
	ny := newPerson(t, base)
	_, text = ny.get("/meetings?when=tonight&q=East+Bluff&tz=Eastern")
	if !strings.Contains(text, "Tue 8 Dec, 10:00 pm (Tue 8 Dec, 7:00 pm Pacific Time where it meets)") {
		t.Fatalf("from New York:\n%s", text)
	}
	// Tomorrow morning: Wednesday from 5 to noon, nothing else.
	_, text = v.get("/meetings?when=tomorrow-morning")
	if !strings.Contains(text, "Tomorrow morning:") || !regexp.MustCompile(`Wed 9 Dec, ([5-9]|1[01]):\d\d am`).MatchString(text) || strings.Contains(text, "Tue 8 Dec") || regexp.MustCompile(`Wed 9 Dec, \d+:\d\d pm|Wed 9 Dec, (12|[1-4]):\d\d am`).MatchString(text) {
		t.Fatalf("tomorrow morning:\n%.1500s", text)
	}
	// A weekday and a time window.
	_, text = v.get("/meetings?when=sat&from=07:00&to=08:00")
	if !strings.Contains(text, "Saturday, starting 7:00 am–8:00 am:") || !strings.Contains(text, "Sat 12 Dec, 7:") || strings.Contains(text, "Sat 12 Dec, 8:") {
		t.Fatalf("Saturday 7-8:\n%.1500s", text)
	}
	// Without a zone from the browser, the page says which it uses.
	_, text = newPerson(t, base).get("/meetings")
	if !strings.Contains(text, "Times are in Coordinated Universal Time (UTC) because your browser has not told us your time zone") {
		t.Fatalf("no zone:\n%.600s", text)
	}
	// The meeting's page names its zone.
	_, text = v.get("/meetings/oc/east-bluff-mens-stag")
	if !strings.Contains(text, "Next: Tue 8 Dec, 7:00 pm In person · every Tuesday, 7:00 pm–8:00 pm · Pacific Time (Los Angeles)") {
		t.Fatalf("meeting page:\n%s", text)
	}
	// Read from New York: the viewer's time first, the meeting's schedule in its own.
	if _, text = ny.get("/meetings/oc/east-bluff-mens-stag?tz=Eastern"); !strings.Contains(text, "Next: Tue 8 Dec, 10:00 pm · your time, Eastern Time (New York) In person · every Tuesday, 7:00 pm–8:00 pm · Pacific Time (Los Angeles)") {
		t.Fatalf("meeting page from New York:\n%s", text)
	}
	for _, bad := range []struct{ path, says string }{
		{"/meetings?when=someday", "Choose when from the list"},
		{"/meetings?tz=Nowhere", "We do not know the time zone “Nowhere”"},
		{"/meetings?when=tonight&from=7pm", "Write the times of day like 18:00."},
		{"/meetings?sort=nearest", "give a city or postal code"},
		{"/meetings?page=0", "The page number must be 1 or more."},
	} {
		if code, text := v.get(bad.path); code != http.StatusBadRequest || !strings.Contains(text, bad.says) {
			t.Errorf("%s: %d %.300s", bad.path, code, text)
		}
	}
}

// importFacilities loads the real FindTreatment sample around Charlottesville.
func importFacilities(t *testing.T, a *app.App) {
	t.Helper()
	f, err := os.Open(sharedData(t, "facilities", "findtreatment-listing-sample.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	res, err := importer.ParseFacilities(f)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.ImportFacilities(context.Background(), "samhsa", res); err != nil {
		t.Fatal(err)
	}
}

func haversineKm(lat1, lng1, lat2, lng2 float64) float64 {
	r := math.Pi / 180
	dlat, dlng := (lat2-lat1)*r, (lng2-lng1)*r
	h := math.Sin(dlat/2)*math.Sin(dlat/2) + math.Cos(lat1*r)*math.Cos(lat2*r)*math.Sin(dlng/2)*math.Sin(dlng/2)
	return 2 * 6371.0088 * math.Asin(math.Sqrt(h))
}

// A meeting's page tells a person what they need to get in, as the feed
// gave it: what kind of meeting it is (closed, men, newcomers), where in the
// building, the call's ID and passcode, and a dial-in that keys the
// meeting's ID after the number. The page showed none of these: a man could
// not tell a women's meeting, and a Zoom call asked for a passcode nobody
// was shown.
func TestMeetingPageSaysHowToGetIn(t *testing.T) {
	base, a := startServer(t)
	importOC(t, a)
	importMarin(t, a)
	for _, c := range []struct {
		lang, path string
		text, html []string
	}{
		{"en-US", "/meetings/oc/east-bluff-mens-stag", []string{"Closed, English, Men"}, nil},
		{"en-US", "/meetings/oc/wed-newcomers", []string{"Newcomer, Open, Online", "Sunset Beach Fellowship Center (Thursday's Club)", "ID 61035 61035, Password big book", "Join by phone: 669-900-6833"},
			[]string{`href="tel:6699006833"`}},
		{"en-US", "/meetings/aasfmarin/marin-city-fellowship-speaker-619", []string{"Zoom ID: 530851127\nPassword: 085392", "Join online", "Join by phone: 669-900-9128"},
			[]string{`href="https://zoom.us/j/530851127"`, `href="tel:&#43;16699009128,,530851127%23,,085392%23"`}},
		{"es-US", "/meetings/oc/east-bluff-mens-stag", []string{"Cerrada, Inglés, Hombres"}, nil},
		{"es-US", "/meetings/aasfmarin/marin-city-fellowship-speaker-619", []string{"Password: 085392", "Unirse por teléfono: 669-900-9128"}, nil},
	} {
		v := newPerson(t, base)
		v.lang = c.lang
		code, page, _ := v.do("GET", c.path, nil)
		if code != http.StatusOK {
			t.Fatalf("%s: %d", c.path, code)
		}
		main := page[strings.Index(page, "<main"):strings.Index(page, "</main>")]
		for _, w := range c.text {
			if !strings.Contains(html.UnescapeString(main), w) {
				t.Errorf("%s %s: the page lacks %q:\n%s", c.lang, c.path, w, readable(main))
			}
		}
		for _, w := range c.html {
			if !strings.Contains(main, w) {
				t.Errorf("%s %s: the page lacks %s:\n%s", c.lang, c.path, w, main)
			}
		}
	}
}

// The locator's results are a GET (bookmarkable), distances read in the
// viewer's unit and are right (they read "%!f(*float64=0x…) km away"),
// and when nothing is near it offers the same search wider.
func TestTreatmentLocator(t *testing.T) {
	base, a := startServer(t)
	importFacilities(t, a)
	us := newPerson(t, base)
	code, text := us.get("/treatment?near=22902&service=MD")
	if code != http.StatusOK || strings.Contains(text, "%!") || strings.Contains(text, "km away") || !strings.Contains(text, "within 50 miles") {
		t.Fatalf("US visitor:\n%.2000s", text)
	}
	// 22902 is found at the middle of its two programs; the first is 0.4 km from it.
	mid := [2]float64{(38.0282239 + 38.024022) / 2, (-78.4725231 + -78.487295) / 2}
	first := haversineKm(mid[0], mid[1], 38.0282239, -78.4725231) / 1.609344
	if want := fmt.Sprintf("%.1f miles away", first); !strings.Contains(text, want) {
		t.Fatalf("first distance, want %q:\n%.1500s", want, text)
	}
	de := newPerson(t, base)
	de.lang = "de-DE,de;q=0.9"
	if _, text := de.get("/treatment?near=22902&service=MD"); !strings.Contains(text, "km away") || strings.Contains(text, "miles away") || !strings.Contains(text, "within 80 km") {
		t.Fatalf("German visitor:\n%.1500s", text)
	}
	// Each number is one a phone dials, from abroad too: +1 before the US
	// number, an extension after a pause, and the intake line, the number
	// to call to begin treatment, beside the main one; the page shows each
	// as the program writes it.
	_, page, _ := us.do("GET", "/treatment?near=24401&within=10mi", nil)
	text = readable(page)
	for _, want := range []string{
		`<a href="tel:&#43;15402176366,110">540-217-6366 x110</a>`, // Staunton Treatment Center
		`To start treatment (intake): <a href="tel:&#43;15402176366">540-217-6366</a>`,
		`<a href="tel:&#43;15408867100">540-886-7100</a>`, // PACT, whose intake is Valley's line
		`To start treatment (intake): <a href="tel:&#43;15408873200">540-887-3200</a>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the programs near 24401 lack %s:\n%.3000s", want, text)
		}
	}
	if strings.Contains(page, "tel:540-217-6366 x110") || strings.Contains(page, "%20x") {
		t.Errorf("a tel: link keeps the extension's words:\n%.3000s", page)
	}
	if _, page, _ := us.do("GET", "/treatment?near=22903&within=10mi", nil); !strings.Contains(page, `(intake): <a href="tel:&#43;14349718454,1">434-971-8454 x1</a>`) {
		t.Errorf("Empowering Families' intake (its own number, extension 1):\n%.3000s", readable(page))
	}
	// A browser in Mexican Spanish on a phone in Los Angeles reads miles,
	// as on the road signs there: the zone says where the phone is.
	mx := newPerson(t, base)
	mx.lang = "es-MX,es;q=0.9"
	mx.setZoneCookie("America/Los_Angeles")
	if _, text := mx.get("/treatment?near=22902&service=MD"); !strings.Contains(text, fmt.Sprintf("a %.1f millas", first)) || !strings.Contains(text, "50 millas") || strings.Contains(text, " km") {
		t.Fatalf("es-MX visitor in Los Angeles:\n%.1500s", text)
	}
	// Far from every program: say so, and offer the next radius.
	code, page, _ = us.do("GET", "/treatment?lat=38.25&lng=-78&within=10mi&service=MD", nil)
	text = readable(page)
	if code != http.StatusOK || !strings.Contains(text, "0 programs within 10 miles") || !strings.Contains(text, "Nothing within 10 miles. Widen to 25 miles") || !strings.Contains(page, "within=25mi") || strings.Contains(text, "Try fewer services") {
		t.Fatalf("nothing near:\n%.1500s", text)
	}
	// A posted search (an old form) lands on the bookmarkable address.
	code, text, at := us.post("/treatment", url.Values{"near": {"22902"}, "service": {"MD"}})
	if code != http.StatusOK || at != "/treatment" || !strings.Contains(text, "miles away") {
		t.Fatalf("posted search: %d %s", code, at)
	}
}

// A Spanish reader finds treatment in Spanish: the page, the kinds of care
// and payment in Spanish, a first filter for programs with services in
// Spanish, and those programs marked "Servicios en español". The filter
// keeps only them.
func TestTreatmentLocatorInSpanish(t *testing.T) {
	base, a := startServer(t)
	f, err := os.Open(sharedData(t, "facilities", "findtreatment-listing-sample.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	res, err := importer.ParseFacilities(f)
	if err != nil {
		t.Fatal(err)
	}
	res.Facilities = append(res.Facilities, importer.Facility{ID: "casa-esperanza", Name: "Casa Esperanza", Street: "1 Main St", City: "Charlottesville", State: "VA", Zip: "22902",
		Latitude: 38.03, Longitude: -78.48, Type: "SA", Codes: []string{"OP", "MD", "SP-Spanish"}})
	if _, err := a.ImportFacilities(context.Background(), "samhsa", res); err != nil {
		t.Fatal(err)
	}
	ana := newPerson(t, base)
	ana.lang = "es-US,es;q=0.9"
	code, page, _ := ana.do("GET", "/treatment", nil)
	text := readable(page)
	if code != http.StatusOK || !strings.Contains(text, "Buscar tratamiento") || !strings.Contains(text, "Línea Nacional de Ayuda de SAMHSA") {
		t.Fatalf("the locator in Spanish: %d %.1500s", code, text)
	}
	// The first choice of the form is Spanish-language services.
	first := strings.Index(page, `name="service"`)
	if first < 0 || !strings.Contains(page[first:first+80], `value="SP-Spanish"`) || !strings.Contains(text, "Idioma Español") {
		t.Fatalf("Spanish services are not the first filter: %.600s", page[max(first, 0):])
	}
	// The sample around Charlottesville has programs with Spanish services
	// too (Region Ten); every result of the filter is one and is marked.
	_, page, _ = ana.do("GET", "/treatment?near=22902&service=SP-Spanish", nil)
	text = readable(page)
	results, marked := strings.Count(page, "<h3>"), strings.Count(page, `<span class="badge">Servicios en español</span>`)
	if !strings.Contains(text, "programas a menos de 50 millas") || !strings.Contains(text, "Casa Esperanza Servicios en español") || !strings.Contains(text, "Region Ten Community Services Board Servicios en español") ||
		!strings.Contains(text, "Ambulatorio, Medicaid, Español") || results < 2 || marked != results {
		t.Fatalf("Spanish services search (%d results, %d marked): %.2000s", results, marked, text)
	}
	_, page, _ = ana.do("GET", "/treatment?near=22902&service=MD", nil)
	if all, marked := strings.Count(page, "<h3>"), strings.Count(page, `<span class="badge">Servicios en español</span>`); marked == 0 || marked >= all {
		t.Fatalf("Medicaid search: %d programs, %d marked as in Spanish", all, marked)
	}
}

// TestMeetingPageNotFoundInWords: an old link to a meeting no directory
// has any more reads, in the reader's language, that the meeting was not
// found and why that may be (tab title, heading and message), with a 404;
// the page's title was once "Meeting" in every language.
func TestMeetingPageNotFoundInWords(t *testing.T) {
	base, a := startServer(t)
	importOC(t, a)
	titleRE := regexp.MustCompile(`<title>([^<]*)</title>`)
	h1RE := regexp.MustCompile(`<h1[^>]*>([^<]*)</h1>`)
	for _, c := range []struct{ lang, title, says string }{
		{"en-US,en;q=0.9", "Meeting not found", "This meeting is not in the directory any more, or its address is mistyped."},
		{"es-US,es;q=0.9", "No encontramos la reunión", "Esta reunión ya no está en el directorio, o su dirección está mal escrita."},
	} {
		p := newPerson(t, base)
		p.lang = c.lang
		code, page, _ := p.do("GET", "/meetings/oc/no-such-meeting", nil)
		text := readable(page)
		title, h1 := titleRE.FindStringSubmatch(page), h1RE.FindStringSubmatch(page)
		if code != http.StatusNotFound || title == nil || !strings.HasPrefix(html.UnescapeString(title[1]), c.title+" · ") || h1 == nil || html.UnescapeString(h1[1]) != c.title ||
			!strings.Contains(text, c.says) || strings.Contains(text, "meeting not found") {
			t.Errorf("%s: %d, title %q, heading %q:\n%.800s", c.lang, code, title, h1, text)
		}
	}
	// A meeting that is there still opens.
	if code, text := newPerson(t, base).get("/meetings/oc/east-bluff-mens-stag"); code != http.StatusOK || !strings.Contains(text, "East Bluff") {
		t.Errorf("a listed meeting: %d %.300s", code, text)
	}
}
