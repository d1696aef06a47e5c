package httpapi_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// TestTextIsCheckedWhereItEnters sends NUL bytes, control characters and
// invalid UTF-8 through every way text enters (JSON bodies, the profile
// patch, query strings, forms, socket frames): each is refused with a 400
// that names the field, on SQLite and PostgreSQL alike, and nothing is stored.
func TestTextIsCheckedWhereItEnters(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		e, _ := newEnvWithAdmin(t, db)
		bID, bTok := e.signupLogin("ben@example.org", goodPassword, "Ben")
		_, tok := e.signupLogin("ana@example.org", goodPassword, "Ana")
		gid := e.newGroup(tok, "Evenings", "listed")
		nul := "a\x00b"
		cases := []struct {
			method, path, token string
			body                any
			field, message      string
		}{
			{"POST", "/api/v1/groups", tok, map[string]string{"name": nul, "description": "", "visibility": "listed"}, "name", "name contains a NUL character, which text may not hold"},
			{"POST", "/api/v1/groups", tok, map[string]string{"name": "two\nlines", "description": "", "visibility": "listed"}, "name", "name must be on one line, without line breaks or tabs"},
			{"POST", "/api/v1/posts", tok, map[string]string{"kind": "story", "title": nul, "body": "fine"}, "title", "title contains a NUL character, which text may not hold"},
			{"POST", "/api/v1/posts", tok, map[string]string{"kind": "story", "title": "Fine", "body": "bell \x07 here"}, "body", `body contains a control character ('\a'), which text may not hold`},
			{"POST", "/api/v1/resources", tok, map[string]any{"title": "Help", "url": "https://example.org", "description": nul, "tags": []string{"ok", "b\x00d"}}, "description", "description contains a NUL character, which text may not hold"},
			{"POST", "/api/v1/groups/" + gid + "/meetings", tok, map[string]any{"title": nul, "start_local": "2027-01-05T19:00", "time_zone": "America/Chicago", "duration_minutes": 60}, "title", "title contains a NUL character, which text may not hold"},
			{"POST", "/api/v1/groups/" + gid + "/meetings", tok, map[string]any{"title": "Circle", "start_local": "2027-01-05T19:00", "time_zone": "America/Chicago", "duration_minutes": 60, "place": nul}, "place", "place contains a NUL character, which text may not hold"},
			{"POST", "/api/v1/groups/" + gid + "/messages", tok, map[string]string{"client_id": nul, "body": "hello"}, "client_id", "client_id contains a NUL character, which text may not hold"},
			{"POST", "/api/v1/dms", tok, map[string]string{"user_id": bID, "client_id": "c1", "body": nul}, "body", "body contains a NUL character, which text may not hold"},
			{"POST", "/api/v1/reports", tok, map[string]string{"target_type": "user", "target_id": bID, "reason": "spam", "details": nul}, "details", "details contains a NUL character, which text may not hold"},
			{"POST", "/api/v1/auth/login", "", map[string]string{"email": "ana\x00@example.org", "password": goodPassword}, "email", "email contains a NUL character, which text may not hold"},
			{"POST", "/api/v1/auth/login", "", "{\"email\":\"ana@example.org\",\"password\":\"\xff\xfe\"}", "password", "password is not valid UTF-8 text"},
			{"PATCH", "/api/v1/me", tok, map[string]any{"bio": nul}, "bio", "bio contains a NUL character, which text may not hold"},
			{"PATCH", "/api/v1/me", tok, map[string]any{"interests": []string{"walks", nul}}, "interests[1]", "interests[1] contains a NUL character, which text may not hold"},
			{"GET", "/api/v1/posts?q=" + url.QueryEscape(nul), tok, nil, "q", `the query parameter "q" contains a NUL character, which text may not hold`},
			{"GET", "/api/v1/meetings?near=" + url.QueryEscape("x\x1by"), "", nil, "near", `the query parameter "near" contains a control character ('\x1b'), which text may not hold`},
		}
		for _, c := range cases {
			r := e.do(c.method, c.path, c.token, c.body)
			if r.Status != http.StatusBadRequest {
				t.Errorf("%s %s: %d %s, want 400", c.method, c.path, r.Status, r.Body)
				continue
			}
			m := problemOf(t, r)
			if m["detail"] != c.message {
				t.Errorf("%s %s: detail %q, want %q", c.method, c.path, m["detail"], c.message)
			}
			if f := problemFields(t, r); f[c.field] == nil {
				t.Errorf("%s %s: errors %v do not name %s", c.method, c.path, m["errors"], c.field)
			}
		}
		// Line breaks are fine where a field holds several lines.
		expectStatus(t, e.do("POST", "/api/v1/posts", tok, map[string]string{"kind": "story", "title": "Two years", "body": "First line\n\tand the second"}), http.StatusCreated)
		if n := len(e.do("GET", "/api/v1/posts", bTok, nil).JSON(t)["items"].([]any)); n != 1 {
			t.Fatalf("%d posts stored, want only the good one", n)
		}

		// The web forms: the anonymous sign-in and a signed-in form.
		r := e.do("POST", "/login", "", formBody("email="+url.QueryEscape("ana\x00@example.org")+"&password=x"))
		if r.Status != http.StatusBadRequest || !strings.Contains(r.String(), `The field "email" contains a NUL character, which text may not hold.`) {
			t.Fatalf("web sign-in with a NUL: %d %s", r.Status, r.Body)
		}
		r = e.do("POST", "/groups", tok, formBody("name="+url.QueryEscape(nul)+"&visibility=listed"))
		if r.Status != http.StatusBadRequest || !strings.Contains(r.String(), `The field "name" contains a NUL character, which text may not hold.`) {
			t.Fatalf("web group form with a NUL: %d %s", r.Status, r.Body)
		}

		// A socket frame: refused naming the field; the socket carries on.
		ws := e.dialWS(tok)
		ws.send(map[string]any{"op": "send", "ref": "n", "conv": gid, "client_id": "k", "body": nul})
		if f := ws.until("error"); f["ref"] != "n" || f["error"] != "body contains a NUL character, which text may not hold" {
			t.Fatalf("socket frame with a NUL: %v", f)
		}
		ws.send(map[string]any{"op": "ping", "ref": "p"})
		ws.until("pong")
		if n := len(e.do("GET", "/api/v1/groups/"+gid+"/messages", tok, nil).JSON(t)["items"].([]any)); n != 0 {
			t.Fatalf("%d messages stored from refused text", n)
		}
	})
}
