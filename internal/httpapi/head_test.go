package httpapi_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// TestHeadAnsweredAndDocumented: the server answers HEAD wherever it
// answers GET (a 405 lists it in Allow), so a client generated from the
// document finds it there: the same status and headers as GET, no body.
// The harness's client checks each exchange against the document, and
// failed here on "HEAD /api/v1/me … is not in the document" (R12-1).
func TestHeadAnsweredAndDocumented(t *testing.T) {
	e := newEnv(t, testutil.DB{Name: "sqlite", DataDir: t.TempDir()})
	_, tok := e.signupLogin("head@example.org", goodPassword, "Hedda")

	get := e.do("GET", "/api/v1/me", tok, nil)
	head := e.do("HEAD", "/api/v1/me", tok, nil)
	expectStatus(t, head, http.StatusOK)
	if len(head.Body) != 0 {
		t.Fatalf("HEAD /api/v1/me answered a body: %s", head.Body)
	}
	for _, h := range []string{"Content-Type", "Content-Length", "Cache-Control"} {
		if head.Header.Get(h) != get.Header.Get(h) {
			t.Errorf("HEAD /api/v1/me %s %q, GET's %q", h, head.Header.Get(h), get.Header.Get(h))
		}
	}
	// What is not there, and who may not see it, read as GET's status.
	if r := e.do("HEAD", "/api/v1/meetings/bm9uZQ", tok, nil); r.Status != http.StatusNotFound || len(r.Body) != 0 {
		t.Fatalf("HEAD of an unknown meeting: %d %q, want 404 and no body", r.Status, r.Body)
	}
	if r := e.do("HEAD", "/api/v1/me", "", nil); r.Status != http.StatusUnauthorized {
		t.Fatalf("HEAD /api/v1/me signed out: %d, want 401", r.Status)
	}
	// A path without GET does not take HEAD either, and Allow says so.
	r := e.do("HEAD", "/api/v1/auth/login", "", nil)
	if r.Status != http.StatusMethodNotAllowed || r.Header.Get("Allow") != "POST" {
		t.Fatalf("HEAD /api/v1/auth/login: %d, Allow %q; want 405 and Allow: POST", r.Status, r.Header.Get("Allow"))
	}

	// Nor GET (the catch-all of unknown paths answered it 404, "no such
	// API path", R12-2), nor any other method.
	for _, m := range []string{"GET", "DELETE"} {
		r := e.do(m, "/api/v1/auth/login", "", nil)
		if r.Status != http.StatusMethodNotAllowed || r.Header.Get("Allow") != "POST" ||
			!strings.Contains(r.String(), m+" is not served here; use POST") {
			t.Fatalf("%s /api/v1/auth/login: %d, Allow %q, %s; want 405 and Allow: POST", m, r.Status, r.Header.Get("Allow"), r.Body)
		}
	}
	if r := e.do("GET", "/api/v1/no/such/path", "", nil); r.Status != http.StatusNotFound || !strings.Contains(r.String(), "no such API path") {
		t.Fatalf("GET of an unknown path: %d %s", r.Status, r.Body)
	}

	// The document says it, beside each GET.
	var doc struct {
		Paths map[string]map[string]struct {
			OperationID string   `json:"operationId"`
			Summary     string   `json:"summary"`
			Tags        []string `json:"tags"`
		} `json:"paths"`
	}
	if err := json.Unmarshal(e.do("GET", "/api/v1/openapi.json", "", nil).Body, &doc); err != nil {
		t.Fatal(err)
	}
	me := doc.Paths["/api/v1/me"]
	if me["head"].OperationID != "head_me" || len(me["head"].Tags) != 1 || me["head"].Tags[0] != "Headers only" || !strings.HasSuffix(me["head"].Summary, "(headers only)") {
		t.Fatalf("/api/v1/me in the document: %+v, want a head_me operation", me)
	}
	if _, ok := doc.Paths["/api/v1/auth/login"]["head"]; ok {
		t.Fatal("HEAD documented on /api/v1/auth/login, which has no GET")
	}
}
