package httpapi_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/gorilla/websocket"

	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// problemOf reads an error answer: an RFC 9457 problem served as
// application/problem+json, whose type, title, status and detail are set.
func problemOf(t testing.TB, r resp) map[string]any {
	t.Helper()
	if ct := r.Header.Get("Content-Type"); ct != "application/problem+json" {
		t.Fatalf("error answer (%d) is %q, not application/problem+json: %s", r.Status, ct, r.Body)
	}
	m := r.JSON(t)
	if m["status"] != float64(r.Status) || m["title"] == "" || m["detail"] == "" || !strings.HasPrefix(m["type"].(string), "urn:kinship:problem:") {
		t.Fatalf("problem lacks type, title, status or detail: %s", r.Body)
	}
	return m
}

// problemFields reads the named fields of a problem: name -> detail.
func problemFields(t testing.TB, r resp) map[string]any {
	t.Helper()
	out := map[string]any{}
	list, _ := problemOf(t, r)["errors"].([]any)
	for _, it := range list {
		f := it.(map[string]any)
		out[f["name"].(string)] = f["detail"]
	}
	return out
}

// TestProblems reads every kind of API error as a client does: an RFC 9457
// problem with its stable type, the person's detail, and the fields named,
// including the refusals the mux and the WebSocket upgrade used to answer
// in plain text. Web pages keep their own pages.
func TestProblems(t *testing.T) {
	e, _ := newEnvWithAdmin(t, testutil.DB{Name: "sqlite", DataDir: t.TempDir()}) // the first account is the site admin
	_, tok := e.signupLogin("pat@example.org", goodPassword, "Pat")
	type want struct {
		status int
		kind   string
		detail string
	}
	check := func(r resp, w want) map[string]any {
		t.Helper()
		if r.Status != w.status {
			t.Fatalf("status %d, want %d: %s", r.Status, w.status, r.Body)
		}
		p := problemOf(t, r)
		if p["type"] != "urn:kinship:problem:"+w.kind || !strings.Contains(p["detail"].(string), w.detail) {
			t.Fatalf("problem %s, want type %s and detail with %q", r.Body, w.kind, w.detail)
		}
		return p
	}
	// Unknown paths, with any method.
	check(e.do("GET", "/api/v1/nothing/here", tok, nil), want{404, "not_found", "no such API path"})
	check(e.do("POST", "/api/v1/nothing", tok, map[string]any{}), want{404, "not_found", "no such API path"})
	// A known path with a method it does not take: 405 with Allow.
	r := e.do("DELETE", "/api/v1/checkins", tok, nil)
	p := check(r, want{405, "method_not_allowed", "DELETE is not served here; use GET, HEAD or POST"})
	if r.Header.Get("Allow") != "GET, HEAD, POST" || p["title"] != "Method not allowed" {
		t.Fatalf("405: Allow %q, title %v", r.Header.Get("Allow"), p["title"])
	}
	// Signed out, and not allowed.
	check(e.do("GET", "/api/v1/me", "", nil), want{401, "unauthorized", "sign in"})
	check(e.do("GET", "/api/v1/moderation/queue", tok, nil), want{403, "forbidden", "only moderators"})
	// A body field and a query parameter are named with where they were sent.
	r = e.do("POST", "/api/v1/checkins", tok, map[string]any{"mood": 9, "craving": 1, "used": false})
	p = check(r, want{400, "invalid", ""})
	if errs := p["errors"].([]any); len(errs) != 1 || errs[0].(map[string]any)["name"] != "mood" || errs[0].(map[string]any)["in"] != "body" {
		t.Fatalf("body field errors: %s", r.Body)
	}
	r = e.do("GET", "/api/v1/checkins?days=0", tok, nil)
	p = check(r, want{400, "invalid", "days must be from 1 to 366"})
	if errs, _ := p["errors"].([]any); len(errs) != 1 || errs[0].(map[string]any)["name"] != "days" || errs[0].(map[string]any)["in"] != "query" {
		t.Fatalf("query parameter errors: %s", r.Body)
	}
	// Too large.
	check(e.do("POST", "/api/v1/auth/login", "", `{"email":"`+strings.Repeat("a", 9000)+`"}`), want{413, "too_large", "larger than 8 KiB"})
	// The WebSocket address refuses a plain request and another site's page.
	r = e.do("GET", "/api/v1/ws", tok, nil)
	check(r, want{426, "upgrade_required", "WebSocket"})
	if r.Header.Get("Upgrade") != "websocket" {
		t.Fatalf("426 without Upgrade: %v", r.Header)
	}
	h := http.Header{"Authorization": {"Bearer " + tok}, "Origin": {"https://elsewhere.example"}}
	_, res, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(e.http.URL, "http")+"/api/v1/ws", h)
	if err == nil || res == nil {
		t.Fatalf("a foreign page's socket was opened (%v)", err)
	}
	defer res.Body.Close()
	buf := new(strings.Builder)
	_, _ = io.Copy(buf, res.Body)
	check(resp{Status: res.StatusCode, Header: res.Header, Body: []byte(buf.String())}, want{403, "forbidden", "only from Kinship's own pages"})
	// Web pages keep their HTML.
	if r := e.do("GET", "/no/such/page", "", nil); r.Status != 404 || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/html") {
		t.Fatalf("web 404: %d %s", r.Status, r.Header.Get("Content-Type"))
	}
}

// TestUnknownQueryParameters: an API route refuses query parameters it
// does not take, naming them and the ones it takes (they were silently
// ignored, so a misspelt filter returned everything); web pages do not.
func TestUnknownQueryParameters(t *testing.T) {
	e, adminTok := newEnvWithAdmin(t, testutil.DB{Name: "sqlite", DataDir: t.TempDir()})
	_, tok := e.signupLogin("uma@example.org", goodPassword, "Uma")
	for _, c := range []struct{ path, detail string }{
		{"/api/v1/notifications?limt=5", `unknown query parameter "limt"; this route takes cursor, limit`},
		{"/api/v1/me?x=1&y=2", `unknown query parameters "x", "y"; this route takes none`},
		{"/api/v1/groups?mine=true&name=Evening", `unknown query parameter "name"; this route takes cursor, limit, mine, q`},
		{"/api/v1/facilities?lat=38&lng=-78&servce=MD", `unknown query parameter "servce"; this route takes cursor, lat, limit, lng, near, radius_km, service`},
	} {
		r := e.do("GET", c.path, tok, nil)
		expectStatus(t, r, http.StatusBadRequest)
		p := problemOf(t, r)
		if p["detail"] != c.detail {
			t.Errorf("%s: detail %q, want %q", c.path, p["detail"], c.detail)
		}
		for _, fe := range p["errors"].([]any) {
			if f := fe.(map[string]any); f["in"] != "query" || f["detail"] != "unknown parameter" {
				t.Errorf("%s: %v", c.path, f)
			}
		}
	}
	// Parameters a route takes are fine, and so is any on a web page.
	expectStatus(t, e.do("GET", "/api/v1/groups?mine=true&limit=5", tok, nil), http.StatusOK)
	expectStatus(t, e.do("GET", "/api/v1/meetings?within_hours=2&type=W&attendance=online", "", nil), http.StatusOK)
	expectStatus(t, e.do("GET", "/meetings?utm_source=x", "", nil), http.StatusOK)
	// Unknown JSON fields are refused on the cohort plan too (it took them).
	e.enableMFA(adminTok)
	r := e.do("POST", "/api/v1/mentorship/cohort/plan", adminTok, `{"cohort": {"mentors": [], "mentees": []}, "methd": "optimal"}`)
	expectStatus(t, r, http.StatusBadRequest)
	if f := problemFields(t, r); f["methd"] != "unknown field" {
		t.Fatalf("cohort plan with an unknown field: %s", r.Body)
	}
}
