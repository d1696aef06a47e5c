package httpapi_test

import (
	"bytes"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kinshiprecovery/kinship/internal/httpapi"
	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// canaries are values only B writes; nobody else may ever read them.
var canaries = map[string]any{
	"bio":                "CANARY-BIO-7f3a",
	"pronouns":           "canary-pro-91",
	"city":               "CanaryCity4411",
	"substances":         []string{"CANARY-SUBSTANCE-52c1"},
	"interests":          []string{"CANARY-INTEREST-0d9e"},
	"skills":             []string{"CANARY-SKILL-77b2"},
	"languages":          []string{"CANARY-LANG-3e"},
	"recovery_start":     "2019-07-14",
	"life_circumstances": []string{"veteran"},
	"pathways":           []string{"faith-based"},
}

var canaryStrings = []string{"CANARY-CHAT-5e1f", "CANARY-DM-2b7c", "canary-meet.example", "CANARY-NOTE-88aa", "CANARY-BIO-7f3a", "canary-pro-91", "CanaryCity4411", "CANARY-SUBSTANCE-52c1", "CANARY-INTEREST-0d9e", "CANARY-SKILL-77b2", "CANARY-LANG-3e", "2019-07-14"}

func TestEveryRouteHasAPolicy(t *testing.T) {
	e := newEnv(t, testutil.DB{Name: "sqlite", DataDir: t.TempDir()})
	seen := map[string]bool{}
	for _, rt := range e.srv.Routes() {
		key := rt.Method + " " + rt.Pattern
		if rt.Policy < httpapi.Public || rt.Policy > httpapi.SiteAdmin || rt.Policy.String() == "none" {
			t.Errorf("%s has no access policy", key)
		}
		if rt.Handler == nil {
			t.Errorf("%s has no handler", key)
		}
		if seen[key] {
			t.Errorf("%s is listed twice", key)
		}
		seen[key] = true
		if rt.Method == "GET" && strings.Contains(rt.Pattern, "delete") {
			t.Errorf("%s: GET must never change state", key)
		}
	}
}

// TestAccessMatrix walks the whole route table as member A, with B's
// identifiers in every path, and proves A can neither read nor change B's
// private data; then walks it anonymously and proves nothing private opens.
func TestAccessMatrix(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		e, _ := newEnvWithAdmin(t, db)
		// B's password differs from A's, so bodies carrying A's password
		// never sign anyone in as B.
		bID, bTok := e.signupLogin("b@example.org", "bee keeps her own secret", "Bee")
		_, aTok := e.signupLogin("a@example.org", goodPassword, "Ay")
		patch := map[string]any{"visibility": map[string]string{}}
		for k, v := range canaries {
			patch[k] = v
		}
		vis := map[string]string{}
		for _, f := range []string{"pronouns", "bio", "languages", "location", "pathways", "substances", "recovery_start", "life_circumstances", "interests", "skills"} {
			vis[f] = "only_me"
		}
		patch["visibility"] = vis
		expectStatus(t, e.do("PATCH", "/api/v1/me", bTok, patch), http.StatusOK)
		expectStatus(t, e.do("POST", "/api/v1/checkins", bTok, map[string]any{"mood": 2, "craving": 7, "used": false, "note": "CANARY-NOTE-88aa", "tags": []string{"CANARY-TAG"}}), http.StatusCreated)
		bCheckins := e.do("GET", "/api/v1/checkins", bTok, nil).Body
		// B has a partner, D, and notifications: their ids stand in the paths.
		dID, dTok := e.signupLogin("d@example.org", "dee keeps his own too", "Dee")
		bPartnership := e.do("POST", "/api/v1/partners", bTok, map[string]string{"user_id": dID}).JSON(t)["id"].(string)
		expectStatus(t, e.do("POST", "/api/v1/partners/"+bPartnership+"/accept", dTok, nil), http.StatusOK)
		expectStatus(t, e.do("POST", "/api/v1/partners/"+bPartnership+"/encourage", dTok, map[string]string{"kind": "proud"}), http.StatusNoContent)
		bNotification := e.do("GET", "/api/v1/notifications", bTok, nil).JSON(t)["items"].([]any)[0].(map[string]any)["id"].(string)
		bPartners := e.do("GET", "/api/v1/partners", bTok, nil).Body
		bSessions := e.do("GET", "/api/v1/me/sessions", bTok, nil).JSON(t)["items"].([]any)
		bSession := bSessions[0].(map[string]any)["id"].(string)
		// B leads a private group with a chat, a meeting with a link, and a direct-message thread with D.
		bGroup := e.newGroup(bTok, "B's private circle", "private")
		bMessage := e.do("POST", "/api/v1/groups/"+bGroup+"/messages", bTok, map[string]string{"client_id": "b1", "body": "CANARY-CHAT-5e1f"}).JSON(t)["id"].(string)
		bMeeting := e.do("POST", "/api/v1/groups/"+bGroup+"/meetings", bTok, map[string]any{"title": "Circle", "start_local": "2027-01-05T19:00", "time_zone": "America/Chicago",
			"duration_minutes": 60, "recurrence": map[string]any{"freq": "weekly", "weekdays": []string{"tue"}}, "online_url": "https://canary-meet.example/9q"}).JSON(t)["id"].(string)
		bConn := e.do("POST", "/api/v1/connections", bTok, map[string]string{"user_id": dID}).JSON(t)["id"].(string)
		expectStatus(t, e.do("POST", "/api/v1/connections/"+bConn+"/accept", dTok, nil), http.StatusNoContent)
		bThread := e.do("POST", "/api/v1/dms", bTok, map[string]string{"user_id": dID, "client_id": "d1", "body": "CANARY-DM-2b7c"}).JSON(t)["thread"].(map[string]any)["id"].(string)
		// D, let into B's group, wrote there and B reported it: only the
		// group's facilitators (B) and the moderators may read or handle
		// the report, which B's page of the group's reports lists.
		expectStatus(t, e.do("POST", "/api/v1/groups/"+bGroup+"/join", dTok, nil), http.StatusOK)
		expectStatus(t, e.do("POST", "/api/v1/groups/"+bGroup+"/members/"+dID, bTok, map[string]string{"action": "approve"}), http.StatusNoContent)
		dMessage := e.do("POST", "/api/v1/groups/"+bGroup+"/messages", dTok, map[string]string{"client_id": "d1", "body": "Anyone selling?"}).JSON(t)["id"].(string)
		bReport := e.do("POST", "/api/v1/reports", bTok, map[string]string{"target_type": "message", "target_id": dMessage, "reason": "spam"}).JSON(t)["id"].(string)
		if items, _, _ := pageOf(t, e.do("GET", "/api/v1/groups/"+bGroup+"/reports", bTok, nil)); len(items) != 1 || items[0].(map[string]any)["id"] != bReport {
			t.Fatalf("B's page of her group's reports: %v, want her report %s", items, bReport)
		}
		bChat := func() []byte {
			a := e.do("GET", "/api/v1/groups/"+bGroup+"/messages", bTok, nil).Body
			b := e.do("GET", "/api/v1/dms/"+bThread+"/messages", bTok, nil).Body
			c := e.do("GET", "/api/v1/groups/"+bGroup, bTok, nil).Body // a join request from A is allowed; membership is not
			d := e.do("GET", "/api/v1/groups/"+bGroup+"/meetings", bTok, nil).Body
			r := e.do("GET", "/api/v1/groups/"+bGroup+"/reports", bTok, nil).Body
			return bytes.Join([][]byte{a, b, c, d, r}, nil)
		}
		chatBefore := bChat()
		// B is D's mentee, and they planned a call: only they see or change it.
		e.enableMFA(dTok)
		expectStatus(t, e.do("PATCH", "/api/v1/me", dTok, map[string]any{"recovery_start": e.clock.Now().AddDate(-3, 0, 0).Format("2006-01-02")}), http.StatusOK)
		expectStatus(t, e.do("PATCH", "/api/v1/me/mentorship", dTok, map[string]any{"is_mentor": true, "capacity": 2, "availability": []string{"tue-evening"}}), http.StatusOK)
		bMentorship := e.do("POST", "/api/v1/mentorships", bTok, map[string]string{"mentor_id": dID}).JSON(t)["id"].(string)
		expectStatus(t, e.do("POST", "/api/v1/mentorships/"+bMentorship+"/status", dTok, map[string]string{"action": "accept"}), http.StatusOK)
		bCall := e.do("POST", "/api/v1/mentorships/"+bMentorship+"/calls", bTok, map[string]any{"start_local": e.clock.Now().Add(48 * time.Hour).UTC().Format("2006-01-02T15:04"),
			"time_zone": "UTC", "duration_minutes": 30}).JSON(t)["id"].(string)
		bCalls := func() []byte {
			a := e.do("GET", "/api/v1/mentorships/"+bMentorship+"/calls", bTok, nil).Body
			b := e.do("GET", "/api/v1/mentorship-calls/"+bCall, dTok, nil).Body
			return bytes.Join([][]byte{a, b}, nil)
		}
		callsBefore := bCalls()
		if !bytes.Contains(callsBefore, []byte(bCall)) {
			t.Fatalf("B's call is not listed: %s", callsBefore)
		}
		// B has called for support: her page's status (GET /support/status)
		// is hers alone, and nobody else can close or answer it.
		bAlert := e.do("POST", "/api/v1/support/alerts", bTok, nil).JSON(t)["alert"].(map[string]any)["id"].(string)
		bSupport := func() string {
			m := e.do("GET", "/support/status", bTok, nil).JSON(t)
			return fmt.Sprint(m["id"], " ", m["status"])
		}
		supportBefore := bSupport()
		if supportBefore != bAlert+" open" {
			t.Fatalf("B's /support/status reads %q, want her open call %s", supportBefore, bAlert)
		}
		before := e.do("GET", "/api/v1/me", bTok, nil).Body

		bodies := map[string]any{
			"POST /api/v1/auth/reauth":                     map[string]string{"password": goodPassword},
			"POST /api/v1/me/password":                     map[string]string{"current_password": goodPassword, "new_password": "violet canyon thimble"},
			"DELETE /api/v1/me":                            map[string]string{"password": goodPassword},
			"POST /api/v1/auth/mfa":                        map[string]string{"code": "123456"},
			"POST /api/v1/me/mfa/confirm":                  map[string]string{"code": "123456"},
			"PATCH /api/v1/me":                             map[string]any{"bio": "A's own bio"},
			"POST /api/v1/auth/login":                      map[string]string{"email": "b@example.org", "password": "guess guess guess"},
			"POST /api/v1/auth/verify-email":               map[string]string{"token": "guessed-token-value-123"},
			"POST /api/v1/auth/password-reset":             map[string]string{"email": "b@example.org"},
			"POST /api/v1/auth/password-reset/confirm":     map[string]string{"token": "guessed-token-value-123", "password": "taken over now"},
			"POST /api/v1/auth/signup":                     map[string]string{"email": "b@example.org", "password": "taken over now", "display_name": "Mallory"},
			"POST /api/v1/checkins":                        map[string]any{"mood": 5, "craving": 0, "used": false, "note": "A's own day"},
			"POST /api/v1/blocks":                          map[string]string{"user_id": "01J0000000000000000000NONE"},
			"POST /api/v1/me/recovery/returns":             map[string]string{"date": "2026-01-01"},
			"PATCH /api/v1/partners/{id}":                  map[string]any{"share": map[string]bool{"note": true, "craving": true}},
			"POST /api/v1/partners/{id}/encourage":         map[string]string{"kind": "proud"},
			"POST /api/v1/groups/{id}/messages":            map[string]string{"client_id": "a", "body": "A was here"},
			"POST /api/v1/dms/{id}/messages":               map[string]string{"client_id": "a", "body": "A was here"},
			"PATCH /api/v1/messages/{id}":                  map[string]string{"body": "A was here"},
			"DELETE /api/v1/messages/{id}":                 map[string]string{"reason": "A says so"},
			"PATCH /api/v1/groups/{id}":                    map[string]string{"name": "Taken"},
			"POST /api/v1/groups/{id}/members/{user}":      map[string]string{"action": "remove", "reason": "A says so"},
			"POST /api/v1/groups/{id}/reports/{report}":    map[string]string{"action": "hide", "reason": "A says so"},
			"POST /api/v1/groups/{id}/meetings":            map[string]any{"title": "A's", "start_local": "2027-01-05T19:00", "time_zone": "UTC", "duration_minutes": 30},
			"PUT /api/v1/group-meetings/{id}":              map[string]any{"title": "A's", "start_local": "2027-01-05T19:00", "time_zone": "UTC", "duration_minutes": 30},
			"POST /api/v1/group-meetings/{id}/rsvp":        map[string]any{"occurrence": "2027-01-06T01:00:00Z", "status": "going"},
			"POST /api/v1/group-meetings/{id}/occurrences": map[string]any{"occurrence": "2027-01-06T01:00:00Z", "cancel": true},
			"POST /api/v1/dms/{id}/answer":                 map[string]string{"answer": "ignore"},
			"POST /api/v1/groups/{id}/read":                map[string]int{"seq": 1},
			"POST /api/v1/dms/{id}/read":                   map[string]int{"seq": 1},
			"POST /api/v1/mentorships/{id}/calls":          map[string]any{"start_local": "2027-01-05T19:00", "time_zone": "UTC", "duration_minutes": 30},
			"POST /api/v1/mentorship-calls/{id}/status":    map[string]string{"action": "cancel"},
			"POST /api/v1/mentorship-calls/{id}/suggest":   map[string]any{"start_local": "2027-01-05T19:00", "time_zone": "UTC", "duration_minutes": 30},
			"POST /mentorship-calls/{id}/status":           formBody("action=cancel"),
		}
		fresh := 0
		t.Logf("walking %d routes, anonymously and as A, against B's data", len(e.srv.Routes()))
		for _, rt := range e.srv.Routes() {
			key := rt.Method + " " + rt.Pattern
			path := strings.NewReplacer("{id}", bID, "{$}", "").Replace(rt.Pattern)
			switch {
			case strings.Contains(rt.Pattern, "sessions/{id}"):
				path = strings.Replace(rt.Pattern, "{id}", bSession, 1)
			case strings.Contains(rt.Pattern, "partners/{id}"):
				path = strings.Replace(rt.Pattern, "{id}", bPartnership, 1)
			case strings.Contains(rt.Pattern, "notifications/{id}"):
				path = strings.Replace(rt.Pattern, "{id}", bNotification, 1)
			case strings.Contains(rt.Pattern, "groups/{id}"):
				path = strings.NewReplacer("{id}", bGroup, "{user}", bID, "{report}", bReport).Replace(rt.Pattern)
			case strings.Contains(rt.Pattern, "group-meetings/{id}"):
				path = strings.Replace(rt.Pattern, "{id}", bMeeting, 1)
			case strings.Contains(rt.Pattern, "messages/{id}"):
				path = strings.NewReplacer("{id}", bMessage, "{kind}", "with_you").Replace(rt.Pattern)
			case strings.Contains(rt.Pattern, "dms/{id}"):
				path = strings.Replace(rt.Pattern, "{id}", bThread, 1)
			case strings.Contains(rt.Pattern, "mentorship-calls/{id}"):
				path = strings.Replace(rt.Pattern, "{id}", bCall, 1)
			case strings.Contains(rt.Pattern, "mentorships/{id}"):
				path = strings.Replace(rt.Pattern, "{id}", bMentorship, 1)
			case strings.Contains(rt.Pattern, "support/alerts/{id}"):
				path = strings.Replace(rt.Pattern, "{id}", bAlert, 1)
			}
			if strings.HasSuffix(path, "/") && path != "/" {
				path += "app.css"
			}
			var body any = bodies[key]
			if body == nil && !strings.HasPrefix(path, "/api/") && rt.Method == "POST" {
				body = formBody("password=" + goodPassword + "&current_password=" + goodPassword +
					"&new_password=violet+canyon+thimble&email=b%40example.org&bio=A&display_name=Ay&code=123456&token=guessed")
			}
			// Anonymous first.
			anon := e.do(rt.Method, path, "", body)
			if rt.Policy != httpapi.Public && anon.Status != http.StatusUnauthorized && anon.Status != http.StatusSeeOther {
				t.Errorf("anonymous %s: status %d, want 401 or a redirect to sign in", key, anon.Status)
			}
			checkNoCanary(t, "anonymous "+key, anon.Body)
			if bytes.Contains(anon.Body, []byte(bAlert)) && !strings.Contains(path, bAlert) {
				t.Errorf("anonymous %s: answers with B's call for support", key)
			}
			// Then as A; when an earlier route ended A's session (logout,
			// password change, deletion), a fresh A takes over.
			if e.do("GET", "/api/v1/me", aTok, nil).Status != http.StatusOK {
				fresh++
				_, aTok = e.signupLogin(fmt.Sprintf("a%d@example.org", fresh), goodPassword, "Ay")
			}
			r := e.do(rt.Method, path, aTok, body)
			checkNoCanary(t, "A "+key, r.Body)
			if bytes.Contains(r.Body, []byte(bAlert)) && !strings.Contains(path, bAlert) {
				t.Errorf("A %s: answers with B's call for support", key)
			}
			// B is untouched after every step.
			after := e.do("GET", "/api/v1/me", bTok, nil)
			if after.Status != http.StatusOK {
				t.Fatalf("after A called %s, B's session no longer works (%d %s)", key, after.Status, after.Body)
			}
			if !bytes.Equal(after.Body, before) {
				t.Fatalf("after A called %s, B's account changed:\n%s\n%s", key, before, after.Body)
			}
			if got := e.do("GET", "/api/v1/checkins", bTok, nil).Body; !bytes.Equal(got, bCheckins) {
				t.Fatalf("after A called %s, B's check-ins changed", key)
			}
			if got := e.do("GET", "/api/v1/partners", bTok, nil).Body; !bytes.Equal(got, bPartners) {
				t.Fatalf("after A called %s, B's partnerships changed", key)
			}
			if got := bSupport(); got != supportBefore {
				t.Fatalf("after A called %s, B's call for support reads %q, was %q", key, got, supportBefore)
			}
			if got := bCalls(); !bytes.Equal(got, callsBefore) {
				t.Fatalf("after A called %s, B's calls changed:\n%s\n%s", key, callsBefore, got)
			}
			if bytes.Contains(r.Body, []byte(bCall)) && !strings.Contains(path, bCall) {
				t.Errorf("A %s: answers with B's call", key)
			}
			if got := bChat(); !bytes.Equal(got, chatBefore) {
				t.Fatalf("after A called %s, B's group, its chat or reports, or her thread changed:\n%s\n%s", key, chatBefore, got)
			}
		}
		if len(e.do("GET", "/api/v1/me/sessions", bTok, nil).JSON(t)["items"].([]any)) != 1 {
			t.Fatal("B's sessions changed")
		}
		checkNoCanary(t, "logs", []byte(e.logs.String()))
	})
}

func checkNoCanary(t *testing.T, where string, body []byte) {
	t.Helper()
	for _, c := range canaryStrings {
		if bytes.Contains(body, []byte(c)) {
			t.Errorf("%s: B's private value %q leaked", where, c)
		}
	}
}

// TestHealthDataEncryptedAtRest writes canaries through the API and then
// reads the raw SQLite database and WAL files: none may appear.
func TestHealthDataEncryptedAtRest(t *testing.T) {
	dir := t.TempDir()
	e, _ := newEnvWithAdmin(t, testutil.DB{Name: "sqlite", DataDir: dir})
	_, tok := e.signupLogin("c@example.org", goodPassword, "Cee")
	expectStatus(t, e.do("PATCH", "/api/v1/me", tok, canaries), http.StatusOK)
	expectStatus(t, e.do("POST", "/api/v1/checkins", tok, map[string]any{"mood": 2, "craving": 7, "used": true, "note": "CANARY-NOTE-88aa"}), http.StatusCreated)
	gid := e.newGroup(tok, "Evenings", "listed")
	expectStatus(t, e.do("POST", "/api/v1/groups/"+gid+"/messages", tok, map[string]string{"client_id": "c", "body": "CANARY-CHAT-5e1f"}), http.StatusCreated)
	files, _ := filepath.Glob(filepath.Join(dir, "kinship.db*"))
	if len(files) == 0 {
		t.Fatal("no database files found")
	}
	sawWAL := false
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasSuffix(f, "-wal") && len(raw) > 0 {
			sawWAL = true
		}
		checkNoCanary(t, filepath.Base(f), raw)
		if bytes.Contains(raw, []byte(goodPassword)) {
			t.Errorf("%s holds the password in the clear", f)
		}
	}
	if !sawWAL {
		t.Log("the WAL was empty at the time of reading (checkpointed); the main file was checked")
	}
	checkNoCanary(t, "logs", []byte(e.logs.String()))
	if strings.Contains(e.logs.String(), goodPassword) || strings.Contains(e.logs.String(), tok) {
		t.Error("logs hold a password or a session token")
	}
}
