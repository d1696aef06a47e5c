package httpapi_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// doKey sends a JSON POST with an Idempotency-Key.
func (e *env) doKey(path, token, key string, body any) resp {
	e.t.Helper()
	raw, _ := json.Marshal(body)
	req, _ := http.NewRequest("POST", e.http.URL+path, bytes.NewReader(raw))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Idempotency-Key", key)
	return e.send(req, token)
}

// TestIdempotencyKey: a creation sent again with its Idempotency-Key is
// answered as the first time (status, Location, body) without a second
// one being made, also when both are sent at once; another body under the
// key is a 422; a refused request frees its key; keys are per account and
// kept 24 hours.
func TestIdempotencyKey(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		e, _ := newEnvWithAdmin(t, db)
		_, aTok := e.signupLogin("ines@example.org", goodPassword, "Ines")
		_, bTok := e.signupLogin("jo@example.org", goodPassword, "Jo")
		e.facilitator(aTok) // a group's facilitator needs two-factor login
		e.facilitator(bTok)
		group := func(name string) map[string]any {
			return map[string]any{"name": name, "description": "Evenings, gently.", "visibility": "listed"}
		}
		myGroups := func(tok string) int {
			items, _, _ := pageOf(t, e.do("GET", "/api/v1/groups?mine=true", tok, nil))
			return len(items)
		}

		first := e.doKey("/api/v1/groups", aTok, "k-1", group("Evening circle"))
		expectStatus(t, first, http.StatusCreated)
		again := e.doKey("/api/v1/groups", aTok, "k-1", group("Evening circle"))
		expectStatus(t, again, http.StatusCreated)
		if !bytes.Equal(again.Body, first.Body) || again.Header.Get("Location") != first.Header.Get("Location") ||
			again.Header.Get("Content-Type") != first.Header.Get("Content-Type") || again.Header.Get("Idempotent-Replayed") != "true" {
			t.Fatalf("replay differs:\n%v %s\n%v %s", first.Header, first.Body, again.Header, again.Body)
		}
		if first.Header.Get("Idempotent-Replayed") != "" {
			t.Fatal("the first answer is marked replayed")
		}
		if n := myGroups(aTok); n != 1 {
			t.Fatalf("%d groups after a repeat, want 1", n)
		}
		// The same key with another body.
		r := e.doKey("/api/v1/groups", aTok, "k-1", group("Morning circle"))
		expectStatus(t, r, 422)
		if p := problemOf(t, r); p["type"] != "urn:kinship:problem:idempotency_key_reused" || p["errors"].([]any)[0].(map[string]any)["in"] != "header" {
			t.Fatalf("422: %s", r.Body)
		}
		// Another account's key is its own.
		other := e.doKey("/api/v1/groups", bTok, "k-1", group("Evening circle"))
		expectStatus(t, other, http.StatusCreated)
		if other.JSON(t)["id"] == first.JSON(t)["id"] {
			t.Fatal("another account got the first account's answer")
		}
		// A refused request frees its key.
		expectStatus(t, e.doKey("/api/v1/groups", aTok, "k-2", group("")), http.StatusBadRequest)
		expectStatus(t, e.doKey("/api/v1/groups", aTok, "k-2", group("Second circle")), http.StatusCreated)
		// A key that is not one.
		r = e.doKey("/api/v1/groups", aTok, strings.Repeat("k", 256), group("Long"))
		expectStatus(t, r, http.StatusBadRequest)
		if f := problemFields(t, r); f["Idempotency-Key"] == nil {
			t.Fatalf("bad key: %s", r.Body)
		}
		// Sent at once from two places: one group.
		var wg sync.WaitGroup
		answers := make([]resp, 2)
		for i := range answers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				answers[i] = e.doKey("/api/v1/groups", bTok, "k-3", group("At once"))
			}()
		}
		wg.Wait()
		for _, a := range answers {
			expectStatus(t, a, http.StatusCreated)
		}
		if !bytes.Equal(answers[0].Body, answers[1].Body) || myGroups(bTok) != 2 {
			t.Fatalf("two at once: %s / %s; Jo has %d groups, want 2", answers[0].Body, answers[1].Body, myGroups(bTok))
		}
		// After 24 hours the key is forgotten.
		e.clock.Advance(25 * time.Hour)
		later := e.doKey("/api/v1/groups", aTok, "k-1", group("Evening circle"))
		expectStatus(t, later, http.StatusCreated)
		if later.JSON(t)["id"] == first.JSON(t)["id"] || later.Header.Get("Idempotent-Replayed") != "" {
			t.Fatalf("a key from yesterday replayed: %s", later.Body)
		}
	})
}
