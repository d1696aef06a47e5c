package httpapi_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// TestDuplicateKeyRefused: a body that gives one key twice was taken with
// its last value and no word (R12-3); a client that sends one has a fault
// (two fields written to one name), so it is a 400 that names the key,
// and nothing is written.
func TestDuplicateKeyRefused(t *testing.T) {
	e, _ := newEnvWithAdmin(t, testutil.DB{Name: "sqlite", DataDir: t.TempDir()})
	_, tok := e.signupLogin("twice@example.org", goodPassword, "Twyla")

	for _, c := range []struct {
		method, path, body, key string
	}{
		{"POST", "/api/v1/posts", `{"kind":"story","title":"Day one","body":"a","body":"b"}`, "body"},
		{"POST", "/api/v1/checkins", `{"mood":2,"craving":1,"used":false,"mood":5}`, "mood"},
		{"PATCH", "/api/v1/me", `{"bio":"first","visibility":{"bio":"only_me","bio":"members"}}`, "visibility.bio"},
		{"POST", "/api/v1/auth/login", `{"email":"twice@example.org","password":"x","password":"` + goodPassword + `"}`, "password"},
	} {
		r := e.do(c.method, c.path, tok, c.body)
		if c.path == "/api/v1/auth/login" {
			r = e.do(c.method, c.path, "", c.body)
		}
		expectStatus(t, r, http.StatusBadRequest)
		p := r.JSON(t)
		want := `"` + c.key + `" is given more than once in the body; send each key once`
		if p["detail"] != want {
			t.Errorf("%s %s: detail %q, want %q", c.method, c.path, p["detail"], want)
		}
		errs, _ := p["errors"].([]any)
		if len(errs) != 1 {
			t.Fatalf("%s %s: errors %v, want the key", c.method, c.path, p["errors"])
		}
		f := errs[0].(map[string]any)
		if f["name"] != c.key || f["in"] != "body" || f["detail"] != "is given more than once; send it once" {
			t.Errorf("%s %s: errors %v, want %q in the body", c.method, c.path, f, c.key)
		}
	}
	// Nothing was written.
	if items := e.do("GET", "/api/v1/posts", tok, nil).JSON(t)["items"].([]any); len(items) != 0 {
		t.Errorf("posts after refused bodies: %v", items)
	}
	if cs := e.do("GET", "/api/v1/checkins", tok, nil).JSON(t)["checkins"].([]any); len(cs) != 0 {
		t.Errorf("check-ins after refused bodies: %v", cs)
	}
	if me := e.do("GET", "/api/v1/me", tok, nil).String(); strings.Contains(me, "first") {
		t.Errorf("profile after a refused PATCH: %s", me)
	}
	// The same keys once each, and a key repeated in two different objects,
	// are fine.
	r := e.do("PATCH", "/api/v1/me", tok, `{"bio":"first","visibility":{"bio":"members"}}`)
	expectStatus(t, r, http.StatusOK)
}

// TestKeyInAnotherCaseRefused: encoding/json matched a key to a field in
// any case, so "Body" and "BODY" were taken as "body" (and a body giving
// "body" and "Body" took the last). A key is read exactly as the document
// names it: any other is a 400 that names the key and the field meant,
// and nothing is written; the documented keys still work.
func TestKeyInAnotherCaseRefused(t *testing.T) {
	e, _ := newEnvWithAdmin(t, testutil.DB{Name: "sqlite", DataDir: t.TempDir()})
	_, tok := e.signupLogin("cases@example.org", goodPassword, "Casey")

	for _, c := range []struct {
		method, path, body, key, meant string
	}{
		{"POST", "/api/v1/posts", `{"kind":"story","title":"Day one","Body":"a"}`, "Body", "body"},
		{"POST", "/api/v1/posts", `{"kind":"story","title":"Day one","BODY":"a"}`, "BODY", "body"},
		{"POST", "/api/v1/posts", `{"kind":"story","title":"Day one","body":"a","Body":"b"}`, "Body", "body"},
		{"POST", "/api/v1/checkins", `{"Mood":2,"craving":1,"used":false}`, "Mood", "mood"},
		{"POST", "/api/v1/auth/login", `{"email":"cases@example.org","passWord":"` + goodPassword + `"}`, "passWord", "password"},
	} {
		r := e.do(c.method, c.path, tok, c.body)
		if c.path == "/api/v1/auth/login" {
			r = e.do(c.method, c.path, "", c.body)
		}
		expectStatus(t, r, http.StatusBadRequest)
		p := r.JSON(t)
		want := `unknown field "` + c.key + `"; keys are read exactly as documented: send "` + c.meant + `"`
		if p["detail"] != want || p["type"] != "urn:kinship:problem:invalid" {
			t.Errorf("%s %s: type %v detail %q, want invalid %q", c.method, c.path, p["type"], p["detail"], want)
		}
		errs, _ := p["errors"].([]any)
		if len(errs) != 1 {
			t.Fatalf("%s %s: errors %v, want the key", c.method, c.path, p["errors"])
		}
		f := errs[0].(map[string]any)
		if f["name"] != c.key || f["in"] != "body" || f["detail"] != `unknown field; send "`+c.meant+`", in that case` {
			t.Errorf("%s %s: errors %v, want %q in the body", c.method, c.path, f, c.key)
		}
	}
	// A key that is no field in any case is named as unknown.
	r := e.do("POST", "/api/v1/posts", tok, `{"kind":"story","title":"Day one","body":"a","bodyy":"b"}`)
	expectStatus(t, r, http.StatusBadRequest)
	if p := r.JSON(t); p["detail"] != `unknown field "bodyy"` {
		t.Errorf("unknown key: detail %q", p["detail"])
	}
	if items := e.do("GET", "/api/v1/posts", tok, nil).JSON(t)["items"].([]any); len(items) != 0 {
		t.Errorf("posts after refused bodies: %v", items)
	}
	if cs := e.do("GET", "/api/v1/checkins", tok, nil).JSON(t)["checkins"].([]any); len(cs) != 0 {
		t.Errorf("check-ins after refused bodies: %v", cs)
	}
	// The documented keys are taken.
	expectStatus(t, e.do("POST", "/api/v1/posts", tok, `{"kind":"story","title":"Day one","body":"a"}`), http.StatusCreated)
	expectStatus(t, e.do("POST", "/api/v1/checkins", tok, `{"mood":2,"craving":1,"used":false}`), http.StatusCreated)
}
