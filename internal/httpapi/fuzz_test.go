package httpapi_test

import (
	"bytes"
	"encoding/json"
	"hash/fnv"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// FuzzJSONRequests sends fuzzed JSON bodies to every route of the API that
// reads one, as a signed-in member, through the whole server on SQLite:
// whatever the body, the answer is a JSON object, never a 500, and valid
// against the OpenAPI document (testutil.APIChecker). The
// seed corpus (testdata/fuzz/FuzzJSONRequests) holds a plausible body per
// route; route names a route as "METHOD pattern" (another string picks one
// by its hash).
func FuzzJSONRequests(f *testing.F) {
	e := newEnvTB(f, testutil.DB{Name: "sqlite", DataDir: f.TempDir()})
	e.signupLogin("admin@example.org", goodPassword, "Admin")
	_, tok := e.signupLogin("ana@example.org", goodPassword, "Ana")
	gid := e.newGroup(tok, "Evenings", "listed")
	// Routes that would end the member's session or account are left out:
	// the rest of the run would only see 401s.
	skip := map[string]bool{"POST /api/v1/auth/logout": true, "DELETE /api/v1/me": true, "POST /api/v1/me/password": true,
		"POST /api/v1/me/sessions/revoke-others": true, "DELETE /api/v1/me/sessions/{id}": true}
	type target struct{ method, path string }
	var routes []string
	byName := map[string]target{}
	for _, rt := range e.srv.Routes() {
		name := rt.Method + " " + rt.Pattern
		if rt.Method == "GET" || !strings.HasPrefix(rt.Pattern, "/api/") || skip[name] {
			continue
		}
		path := strings.NewReplacer("{id}", gid, "{user}", "nobody", "{kind}", "with_you", "{source}", "x", "{slug}", "x").Replace(rt.Pattern)
		routes = append(routes, name)
		byName[name] = target{rt.Method, path}
	}
	f.Fuzz(func(t *testing.T, route string, body []byte) {
		tg, ok := byName[route]
		if !ok {
			h := fnv.New32a()
			h.Write([]byte(route))
			tg = byName[routes[int(h.Sum32()%uint32(len(routes)))]]
		}
		req := httptest.NewRequest(tg.method, tg.path, bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+tok)
		rec := httptest.NewRecorder()
		e.srv.ServeHTTP(rec, req)
		if rec.Code >= 500 {
			t.Fatalf("%s %s answered %d: %s", tg.method, tg.path, rec.Code, rec.Body)
		}
		// The answer is the document's, as every test's answer through
		// the harness's client is: a fuzzed body is taken only when it
		// matches the request's schema, and refused as a Problem.
		if msg := apiChecker(t, e.srv).Check(req, body, rec.Code, rec.Header(), rec.Body.Bytes()); msg != "" {
			t.Fatal(msg)
		}
		if rec.Code >= 400 {
			var m map[string]any
			if err := json.Unmarshal(rec.Body.Bytes(), &m); err != nil || m["detail"] == "" || rec.Header().Get("Content-Type") != "application/problem+json" {
				t.Fatalf("%s %s answered %d without a message: %s", tg.method, tg.path, rec.Code, rec.Body)
			}
		}
	})
}
