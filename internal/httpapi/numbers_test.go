package httpapi_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// TestNumbersOutOfRangeAreRefused sends NaN, infinities and numbers outside
// the range each message promises to every place a number is read, and
// expects a 400 that names the range; none may be used as if valid.
func TestNumbersOutOfRangeAreRefused(t *testing.T) {
	e, _ := newEnvWithAdmin(t, testutil.DB{Name: "sqlite", DataDir: t.TempDir()})
	_, tok := e.signupLogin("ana@example.org", goodPassword, "Ana")
	gid := e.newGroup(tok, "Evening circle", "listed")

	cases := []struct {
		method, path, tok string
		body              any
		want              string
	}{
		{"GET", "/api/v1/meetings?lat=38&lng=-78&radius_km=NaN", "", nil, "radius_km is a number from 1 to 500"},
		{"GET", "/api/v1/meetings?lat=38&lng=-78&radius_km=0.0000001", "", nil, "radius_km is a number from 1 to 500"},
		{"GET", "/api/v1/meetings?lat=38&lng=-78&radius_km=Inf", "", nil, "radius_km is a number from 1 to 500"},
		{"GET", "/api/v1/meetings?lat=38&lng=-78&radius_km=0x1p3", "", nil, "radius_km is a number from 1 to 500"},
		{"GET", "/api/v1/facilities?lat=38&lng=-78&radius_km=-Inf", "", nil, "radius_km is a number from 1 to 1000"},
		{"GET", "/api/v1/meetings?lat=NaN&lng=-78", "", nil, "lat (-90 to 90)"},
		{"GET", "/api/v1/facilities?lat=38&lng=1e400", "", nil, "lng (-180 to 180)"},
		{"GET", "/api/v1/meetings?within_hours=-3", "", nil, "within_hours is a whole number of hours from 0 (any time) to 168"},
		{"GET", "/api/v1/meetings?day=9", "", nil, "day is 0 (Sunday) to 6 (Saturday)"},
		{"GET", "/api/v1/groups/" + gid + "/messages?limit=0", tok, nil, "limit must be a whole number from 1 to 200"},
		{"GET", "/api/v1/mentorship/suggestions?k=1000", tok, nil, "k is how many suggestions to show, 1 to 20"},
		{"POST", "/checkin", tok, formBody("mood=3&craving=2&used=false&sleep_hours=NaN"), "hours of sleep as a number from 0 to 24"},
		{"GET", "/treatment?lat=NaN&lng=-78.4", "", nil, "latitude (-90 to 90)"}, // the locator's search is a GET
	}
	for _, c := range cases {
		r := e.do(c.method, c.path, c.tok, c.body)
		if r.Status != http.StatusBadRequest || !strings.Contains(r.String(), c.want) {
			t.Errorf("%s %s: %d, want 400 saying %q:\n%.400s", c.method, c.path, r.Status, c.want, r.Body)
		}
	}
	// The same numbers in range still work; a page limit over 200 is taken as 200.
	for _, p := range []string{"/api/v1/meetings?lat=38&lng=-78&radius_km=1", "/api/v1/facilities?lat=38&lng=-78&radius_km=1000", "/api/v1/groups/" + gid + "/messages?limit=200", "/api/v1/groups/" + gid + "/messages?limit=500"} {
		if r := e.do("GET", p, tok, nil); r.Status != http.StatusOK {
			t.Errorf("GET %s: %d %s", p, r.Status, r.Body)
		}
	}

	// A socket subscription from a negative change number is refused.
	ws := e.dialWS(tok)
	ws.subscribe(gid, -5)
	if f := ws.until("error"); f["code"] != "invalid" || !strings.Contains(f["error"].(string), "after") || !strings.Contains(f["error"].(string), "0 or more") {
		t.Errorf("subscribe after -5: %v", f)
	}
}

// TestSignInRedirectStaysOnTheSite signs in through the web form with
// hostile next= values: each lands on the home page, and the sign-in form
// never carries them.
func TestSignInRedirectStaysOnTheSite(t *testing.T) {
	e, _ := newEnvWithAdmin(t, testutil.DB{Name: "sqlite", DataDir: t.TempDir()})
	for _, next := range []string{"/\t/evil.example", "//evil.example", "/\\evil.example", "javascript:alert(1)", "https://evil.example/", "/\n/evil.example", " //evil.example"} {
		page := e.do("GET", "/login?next="+url.QueryEscape(next), "", nil)
		if strings.Contains(page.String(), "evil.example") || strings.Contains(page.String(), "javascript:") {
			t.Errorf("sign-in form carries next=%q:\n%s", next, page.Body)
		}
		r := e.do("POST", "/login", "", formBody("email=admin%40example.org&password="+url.QueryEscape(goodPassword)+"&next="+url.QueryEscape(next)))
		if r.Status != http.StatusSeeOther || r.Header.Get("Location") != "/" {
			t.Errorf("next=%q: %d to %q, want 303 to /", next, r.Status, r.Header.Get("Location"))
		}
	}
	r := e.do("POST", "/login", "", formBody("email=admin%40example.org&password="+url.QueryEscape(goodPassword)+"&next=%2Fgroups%3Fmine%3D1"))
	if r.Header.Get("Location") != "/groups?mine=1" {
		t.Errorf("a path on the site: redirected to %q", r.Header.Get("Location"))
	}
}
