package httpapi_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/kinshiprecovery/kinship/internal/httpapi"
	"github.com/kinshiprecovery/kinship/internal/testutil"
)

func TestSecurityHeaders(t *testing.T) {
	e := newEnv(t, testutil.DB{Name: "sqlite", DataDir: t.TempDir()})
	_, tok := e.signupLogin("h@example.org", goodPassword, "Aitch")
	r := e.do("GET", "/", "", nil)
	for h, want := range map[string]string{
		"Content-Security-Policy": "frame-ancestors 'none'",
		"X-Content-Type-Options":  "nosniff",
		"Referrer-Policy":         "no-referrer",
	} {
		if !strings.Contains(r.Header.Get(h), want) {
			t.Errorf("%s = %q, want %q", h, r.Header.Get(h), want)
		}
	}
	if csp := r.Header.Get("Content-Security-Policy"); strings.Contains(csp, "unsafe-inline") || !strings.Contains(csp, "script-src 'self'") {
		t.Errorf("CSP allows inline script: %s", csp)
	}
	if r.Header.Get("Strict-Transport-Security") != "" {
		t.Error("HSTS sent over plain HTTP")
	}
	if got := e.do("GET", "/api/v1/me", tok, nil).Header.Get("Cache-Control"); got != "no-store" {
		t.Errorf("signed-in answer Cache-Control %q, want no-store", got)
	}
}

func TestSecureDeploymentUsesHostCookieAndHSTS(t *testing.T) {
	e := newEnv(t, testutil.DB{Name: "sqlite", DataDir: t.TempDir()})
	srv := httpapi.New(e.app, slog.New(slog.NewTextHandler(io.Discard, nil)), httpapi.Options{BaseURL: "https://kinship.example.org", Secure: true})
	rec := httptest.NewRecorder()
	req := httptest.NewRequest("POST", "/api/v1/auth/signup", strings.NewReader(`{"email":"s@example.org","password":"lantern orchard pebble","display_name":"Es"}`))
	req.Header.Set("Content-Type", "application/json")
	srv.ServeHTTP(rec, req)
	if !strings.HasPrefix(rec.Header().Get("Strict-Transport-Security"), "max-age=") {
		t.Fatalf("no HSTS behind HTTPS: %v", rec.Header())
	}
	e.confirmEmail("s@example.org")
	rec = httptest.NewRecorder()
	req = httptest.NewRequest("POST", "/api/v1/auth/login", strings.NewReader(`{"email":"s@example.org","password":"lantern orchard pebble"}`))
	req.Header.Set("Content-Type", "application/json")
	srv.ServeHTTP(rec, req)
	cookies := rec.Result().Cookies()
	if rec.Code != http.StatusOK || len(cookies) != 2 {
		t.Fatalf("login behind HTTPS: %d %+v", rec.Code, cookies)
	}
	for i, name := range []string{"__Host-kinship_device", "__Host-kinship_session"} {
		if c := cookies[i]; c.Name != name || !c.Secure || !c.HttpOnly || c.Path != "/" {
			t.Fatalf("login behind HTTPS: cookie %+v, want %s", c, name)
		}
	}
}

// TestCrossOriginWritesRefused proves CSRF protection: a browser request
// from another site that would change data is refused, and nothing changes.
func TestCrossOriginWritesRefused(t *testing.T) {
	e := newEnv(t, testutil.DB{Name: "sqlite", DataDir: t.TempDir()})
	req, _ := http.NewRequest("POST", e.http.URL+"/signup", strings.NewReader("email=x%40example.org&password=lantern+orchard+pebble&display_name=X"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	req.Header.Set("Origin", "https://evil.example")
	res, err := e.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusForbidden {
		t.Fatalf("cross-site POST: %d, want 403", res.StatusCode)
	}
	if n, _ := e.store.CountUsers(t.Context()); n != 0 {
		t.Fatalf("a cross-site request created %d accounts", n)
	}
	// A GET is never refused and never changes anything.
	if r := e.do("GET", "/verify-email?token=abc", "", nil); r.Status != http.StatusOK {
		t.Fatalf("GET /verify-email: %d", r.Status)
	}
}

func TestUnknownPageIs404(t *testing.T) {
	e := newEnv(t, testutil.DB{Name: "sqlite", DataDir: t.TempDir()})
	if r := e.do("GET", "/no/such/page", "", nil); r.Status != http.StatusNotFound || !strings.Contains(string(r.Body), "could not find") {
		t.Fatalf("unknown page: %d", r.Status)
	}
	if r := e.do("GET", "/api/v1/nothing", "", nil); r.Status != http.StatusNotFound || problemOf(t, r)["type"] != "urn:kinship:problem:not_found" {
		t.Fatalf("unknown API path: %d", r.Status)
	}
}

// TestAnswersGoWithTheirLength: a page and a JSON answer, written whole,
// are sent with their length (Content-Length), not chunked: a page over
// the server's buffer went out in three writes (its head and first part,
// the rest, an end chunk), now two.
func TestAnswersGoWithTheirLength(t *testing.T) {
	e := newEnv(t, testutil.DB{Name: "sqlite", DataDir: t.TempDir()})
	_, tok := e.signupLogin("len@example.org", goodPassword, "Len")
	for range 12 { // sessions enough for a list over 2 KB
		e.login("len@example.org", goodPassword, "")
	}
	longest := map[bool]int{} // by whether the answer is JSON
	for _, c := range []struct{ path, token string }{{"/", ""}, {"/login", ""}, {"/", tok}, {"/api/v1/me", tok}, {"/api/v1/me/sessions", tok}} {
		req, err := http.NewRequest("GET", e.http.URL+c.path, nil)
		if err != nil {
			t.Fatal(err)
		}
		if c.token != "" {
			req.Header.Set("Authorization", "Bearer "+c.token)
			req.Header.Set("Cookie", "kinship_session="+c.token)
		}
		res, err := e.client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusOK || len(res.TransferEncoding) != 0 || res.ContentLength != int64(len(body)) {
			t.Errorf("%s: %d, %d bytes, Content-Length %d, Transfer-Encoding %v; want 200 with its length", c.path, res.StatusCode, len(body), res.ContentLength, res.TransferEncoding)
		}
		json := strings.HasPrefix(c.path, "/api/")
		longest[json] = max(longest[json], len(body))
	}
	// The server works out the length itself of an answer under 2 KB.
	if longest[false] <= 4096 || longest[true] <= 2048 {
		t.Fatalf("the longest page was %d bytes and the longest JSON %d: nothing here was long enough to be chunked", longest[false], longest[true])
	}
}
