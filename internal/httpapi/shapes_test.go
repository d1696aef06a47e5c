package httpapi_test

import (
	"net/http"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// timestampRE is the one form of an instant in the API: RFC 3339 in UTC
// with exactly millisecond precision.
var timestampRE = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$`)

// expectKeys fails unless m has exactly these keys.
func expectKeys(t testing.TB, m map[string]any, keys ...string) {
	t.Helper()
	var got []string
	for k := range m {
		got = append(got, k)
	}
	sort.Strings(got)
	want := append([]string(nil), keys...)
	sort.Strings(want)
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("keys\n got %v\nwant %v", got, want)
	}
}

// mergePatch sends a PATCH with Content-Type application/merge-patch+json.
func (e *env) mergePatch(path, token, body string) resp {
	e.t.Helper()
	req, err := http.NewRequest("PATCH", e.http.URL+path, strings.NewReader(body))
	if err != nil {
		e.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/merge-patch+json")
	return e.send(req, token)
}

// TestMeShape: /me as a client reads it: every key present, null (not "")
// for what is not given, [] (not null) for empty lists, the account's
// creation as a millisecond UTC timestamp and the recovery date as a date;
// PATCH is a JSON Merge Patch (null removes a value, absent keys stay).
func TestMeShape(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		e, _ := newEnvWithAdmin(t, db)
		_, tok := e.signupLogin("sam@example.org", goodPassword, "Sam")
		r := e.do("GET", "/api/v1/me", tok, nil)
		expectStatus(t, r, http.StatusOK)
		me := r.JSON(t)
		expectKeys(t, me, "id", "email", "email_verified", "role", "mfa_enabled", "mfa_required", "email_notifications", "created_at", "profile")
		if !timestampRE.MatchString(me["created_at"].(string)) {
			t.Fatalf("created_at %q", me["created_at"])
		}
		p := me["profile"].(map[string]any)
		expectKeys(t, p, "display_name", "pronouns", "bio", "languages", "time_zone", "city", "country", "pathways", "substances",
			"recovery_start", "life_circumstances", "interests", "skills", "looking_for", "visibility", "clock")
		if p["clock"] != "usual" {
			t.Errorf("clock: a new account's is \"usual\" (its country's), got %#v", p["clock"])
		}
		for _, k := range []string{"pronouns", "bio", "city", "country", "recovery_start", "time_zone"} {
			if p[k] != nil {
				t.Errorf("%s: want null, got %#v", k, p[k])
			}
		}
		for _, k := range []string{"languages", "pathways", "substances", "life_circumstances", "interests", "skills", "looking_for"} {
			if l, ok := p[k].([]any); !ok || len(l) != 0 {
				t.Errorf("%s: want [], got %#v", k, p[k])
			}
		}
		r = e.mergePatch("/api/v1/me", tok, `{"recovery_start": "2025-03-09", "bio": "Gardener", "interests": ["hiking"]}`)
		expectStatus(t, r, http.StatusOK)
		p = r.JSON(t)["profile"].(map[string]any)
		if p["recovery_start"] != "2025-03-09" || p["bio"] != "Gardener" || len(p["interests"].([]any)) != 1 {
			t.Fatalf("after patch: %v", p)
		}
		// null removes; what is not sent stays.
		r = e.mergePatch("/api/v1/me", tok, `{"bio": null, "interests": null}`)
		expectStatus(t, r, http.StatusOK)
		p = r.JSON(t)["profile"].(map[string]any)
		if p["bio"] != nil || len(p["interests"].([]any)) != 0 || p["recovery_start"] != "2025-03-09" {
			t.Fatalf("after removing bio and interests: %v", p)
		}
	})
}

// TestWriteStatuses: a creation answers 201 with its address in Location;
// the same day's second check-in updates it (200, same address); a message
// re-sent with its client_id replays the first answer; a DELETE of what is
// already gone answers 204 again.
func TestWriteStatuses(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		e, _ := newEnvWithAdmin(t, db)
		_, tok := e.signupLogin("ana@example.org", goodPassword, "Ana")
		bID, bTok := e.signupLogin("bo@example.org", goodPassword, "Bo")

		r := e.do("POST", "/api/v1/checkins", tok, map[string]any{"mood": 4, "craving": 2, "used": false})
		expectStatus(t, r, http.StatusCreated)
		loc := r.Header.Get("Location")
		c := r.JSON(t)
		if loc != "/api/v1/checkins/"+c["date"].(string) {
			t.Fatalf("Location %q for %s", loc, r.Body)
		}
		expectKeys(t, c, "date", "mood", "craving", "used", "sleep_hours", "note", "tags", "created_at", "updated_at")
		if c["note"] != nil || c["sleep_hours"] != nil || len(c["tags"].([]any)) != 0 || !timestampRE.MatchString(c["created_at"].(string)) {
			t.Fatalf("check-in: %s", r.Body)
		}
		got := e.do("GET", loc, tok, nil)
		expectStatus(t, got, http.StatusOK)
		if got.JSON(t)["mood"] != 4.0 {
			t.Fatalf("GET %s: %s", loc, got.Body)
		}
		expectStatus(t, e.do("GET", "/api/v1/checkins/2001-01-01", tok, nil), http.StatusNotFound)
		expectStatus(t, e.do("GET", "/api/v1/checkins/yesterday", tok, nil), http.StatusBadRequest)
		r = e.do("POST", "/api/v1/checkins", tok, map[string]any{"mood": 5, "craving": 1, "used": false, "note": "better"})
		expectStatus(t, r, http.StatusOK)
		if r.Header.Get("Content-Location") != loc || r.JSON(t)["note"] != "better" {
			t.Fatalf("same-day update: %v %s", r.Header, r.Body)
		}

		e.facilitator(tok)
		g := e.do("POST", "/api/v1/groups", tok, map[string]string{"name": "Evenings", "description": "", "visibility": "listed"})
		expectStatus(t, g, http.StatusCreated)
		gid := g.JSON(t)["id"].(string)
		if g.Header.Get("Location") != "/api/v1/groups/"+gid {
			t.Fatalf("group Location %q", g.Header.Get("Location"))
		}
		first := e.do("POST", "/api/v1/groups/"+gid+"/messages", tok, map[string]string{"client_id": "m1", "body": "Hello"})
		again := e.do("POST", "/api/v1/groups/"+gid+"/messages", tok, map[string]string{"client_id": "m1", "body": "Hello"})
		expectStatus(t, first, http.StatusCreated)
		expectStatus(t, again, http.StatusCreated)
		mid := first.JSON(t)["id"].(string)
		if again.JSON(t)["id"] != mid || first.Header.Get("Location") != "/api/v1/messages/"+mid || again.Header.Get("Location") != first.Header.Get("Location") {
			t.Fatalf("replay: %s %v / %s %v", first.Body, first.Header, again.Body, again.Header)
		}

		b := e.do("POST", "/api/v1/blocks", tok, map[string]string{"user_id": bID})
		expectStatus(t, b, http.StatusCreated)
		if b.Header.Get("Location") != "/api/v1/blocks/"+bID || b.JSON(t)["user_id"] != bID {
			t.Fatalf("block: %v %s", b.Header, b.Body)
		}
		expectStatus(t, e.do("DELETE", "/api/v1/blocks/"+bID, tok, nil), http.StatusNoContent)
		expectStatus(t, e.do("DELETE", "/api/v1/blocks/"+bID, tok, nil), http.StatusNoContent)
		_ = bTok
	})
}

// TestDeleteTwice: DELETE is idempotent everywhere: what is already gone
// answers 204 again.
func TestDeleteTwice(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		e, adminTok := newEnvWithAdmin(t, db)
		aID, aTok := e.signupLogin("ana@example.org", goodPassword, "Ana")
		bID, bTok := e.signupLogin("bo@example.org", goodPassword, "Bo")
		_ = aID
		twice := func(what, path, tok string, want ...int) {
			t.Helper()
			status := http.StatusNoContent
			if len(want) > 0 { // a DELETE that answers the changed parent
				status = want[0]
			}
			for i := 1; i <= 2; i++ {
				if r := e.do("DELETE", path, tok, nil); r.Status != status {
					t.Errorf("%s, DELETE number %d: %d %s", what, i, r.Status, r.Body)
				}
			}
		}
		p := e.do("POST", "/api/v1/partners", aTok, map[string]string{"user_id": bID})
		expectStatus(t, p, http.StatusCreated)
		twice("partnership", "/api/v1/partners/"+p.JSON(t)["id"].(string), aTok)
		c := e.do("POST", "/api/v1/connections", aTok, map[string]string{"user_id": bID})
		expectStatus(t, c, http.StatusCreated)
		twice("connection", "/api/v1/connections/"+c.JSON(t)["id"].(string), aTok)
		gid := e.newGroup(aTok, "Evenings", "listed")
		m := e.do("POST", "/api/v1/groups/"+gid+"/messages", aTok, map[string]string{"client_id": "x", "body": "Hello"})
		expectStatus(t, m, http.StatusCreated)
		mid := m.JSON(t)["id"].(string)
		expectStatus(t, e.do("PUT", "/api/v1/messages/"+mid+"/reactions/with_you", aTok, nil), http.StatusOK)
		twice("reaction", "/api/v1/messages/"+mid+"/reactions/with_you", aTok, http.StatusOK)
		twice("message", "/api/v1/messages/"+mid, aTok, http.StatusOK)
		gm := e.do("POST", "/api/v1/groups/"+gid+"/meetings", aTok, map[string]any{"title": "Circle", "start_local": "2027-01-05T19:00", "time_zone": "UTC", "duration_minutes": 30})
		expectStatus(t, gm, http.StatusCreated)
		twice("group meeting", "/api/v1/group-meetings/"+gm.JSON(t)["id"].(string), aTok)
		e.enableMFA(adminTok)
		cr := e.do("POST", "/api/v1/admin/crisis-resources", adminTok, map[string]string{"country": "US", "name": "Warmline", "contact": "1-800-000-0000", "kind": "call", "description": "Someone to talk to"})
		expectStatus(t, cr, http.StatusCreated)
		twice("crisis line", cr.Header.Get("Location"), adminTok)
		twice("calendar feeds", "/api/v1/me/calendar-feeds", aTok)
		twice("someone else's or an unknown connection", "/api/v1/connections/01J0000000000000000000NONE", bTok)
		_ = bTok
	})
}
