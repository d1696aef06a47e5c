package httpapi_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"github.com/kinshiprecovery/kinship/internal/testutil"
)

const goodPassword = "lantern orchard pebble"

func TestSignupAndLogin(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		e := newEnv(t, db)
		r := e.do("POST", "/api/v1/auth/signup", "", map[string]string{"email": "Rae@Example.org", "password": goodPassword, "display_name": "Rae"})
		expectStatus(t, r, http.StatusCreated)
		first := r.JSON(t)
		if first["display_name"] != "Rae" || first["id"] == "" || len(first) != 2 {
			t.Fatalf("signup answer %v, want {id, display_name}", first)
		}
		// Before the email is confirmed, the right password gets a wrong
		// password's answer, and a fresh link goes to the address.
		early := e.do("POST", "/api/v1/auth/login", "", map[string]string{"email": "rae@example.org", "password": goodPassword})
		wrong := e.do("POST", "/api/v1/auth/login", "", map[string]string{"email": "rae@example.org", "password": "not the password"})
		if early.Status != http.StatusUnauthorized || early.Status != wrong.Status || string(early.Body) != string(wrong.Body) {
			t.Fatalf("sign-in before confirming: %d %s; a wrong password: %d %s", early.Status, early.Body, wrong.Status, wrong.Body)
		}
		confirmations := e.smtp.WaitFor(t, 2, 5*time.Second)
		link := linkToken.FindStringSubmatch(testutil.ParseMail(t, confirmations[1]).Text)
		if link == nil || !strings.Contains(testutil.ParseMail(t, confirmations[1]).Subject, "Confirm your email") {
			t.Fatalf("no confirmation link re-sent: %+v", testutil.ParseMail(t, confirmations[1]))
		}
		expectStatus(t, e.do("POST", "/api/v1/auth/verify-email", "", map[string]string{"token": link[1]}), http.StatusNoContent)
		// The first account becomes site admin and must set up two-factor login.
		token := e.login("rae@example.org", goodPassword, "")
		me := e.do("GET", "/api/v1/me", token, nil).JSON(t)
		if me["role"] != "site_admin" || me["mfa_required"] != true {
			t.Fatalf("first account: %v", me)
		}
		r = e.do("GET", "/api/v1/users/"+first["id"].(string), token, nil)
		expectStatus(t, r, http.StatusForbidden)
		if !strings.Contains(problemOf(t, r)["detail"].(string), "two-factor") {
			t.Fatalf("want a message about two-factor login, got %s", r.Body)
		}

		// A second sign-up with the same email answers the same shape and emails the owner.
		msgsBefore := len(e.smtp.Messages())
		r = e.do("POST", "/api/v1/auth/signup", "", map[string]string{"email": "rae@example.org", "password": "another fine phrase", "display_name": "Someone"})
		expectStatus(t, r, http.StatusCreated)
		dup := r.JSON(t)
		if dup["id"] == first["id"] || dup["display_name"] != "Someone" || len(dup) != 2 {
			t.Fatalf("duplicate signup answer %v", dup)
		}
		// The queue sends the notice to the owner.
		msgs := e.smtp.WaitFor(t, msgsBefore+1, 5*time.Second)
		found := false
		for _, m := range msgs {
			if strings.Contains(testutil.ParseMail(t, m).Subject, "tried to create") {
				found = true
			}
		}
		if !found {
			t.Fatal("the owner was not told about the second sign-up")
		}
		// Still one account: the old password works, the new one does not.
		r = e.do("POST", "/api/v1/auth/login", "", map[string]string{"email": "rae@example.org", "password": "another fine phrase"})
		expectStatus(t, r, http.StatusUnauthorized)

		// Wrong password and unknown email get the same answer.
		a := e.do("POST", "/api/v1/auth/login", "", map[string]string{"email": "rae@example.org", "password": "not the password"})
		b := e.do("POST", "/api/v1/auth/login", "", map[string]string{"email": "nobody@example.org", "password": "not the password"})
		if a.Status != b.Status || string(a.Body) != string(b.Body) {
			t.Fatalf("login answers differ: %d %s vs %d %s", a.Status, a.Body, b.Status, b.Body)
		}
		// Logout ends the session.
		expectStatus(t, e.do("POST", "/api/v1/auth/logout", token, nil), http.StatusNoContent)
		expectStatus(t, e.do("GET", "/api/v1/me", token, nil), http.StatusUnauthorized)
	})
}

func TestBadInput(t *testing.T) {
	e := newEnv(t, testutil.DB{Name: "sqlite", DataDir: t.TempDir()})
	cases := []struct {
		name, body string
		status     int
		field, msg string
	}{
		{"invalid email", `{"email":"not-an-email","password":"lantern orchard pebble","display_name":"A"}`, 400, "email", "name@example.org"},
		{"short password", `{"email":"a@example.org","password":"short","display_name":"A"}`, 400, "password", "at least 8"},
		{"long password", `{"email":"a@example.org","password":"` + strings.Repeat("x", 200) + `","display_name":"A"}`, 400, "password", "at most 128"},
		{"common password", `{"email":"a@example.org","password":"password123","display_name":"A"}`, 400, "password", "common"},
		{"empty name", `{"email":"a@example.org","password":"lantern orchard pebble","display_name":" "}`, 400, "display_name", "display name"},
		{"long name", `{"email":"a@example.org","password":"lantern orchard pebble","display_name":"` + strings.Repeat("n", 51) + `"}`, 400, "display_name", "at most 50"},
		{"unknown field", `{"email":"a@example.org","password":"lantern orchard pebble","display_name":"A","admin":true}`, 400, "admin", "unknown field"},
		{"wrong type", `{"email":42,"password":"lantern orchard pebble","display_name":"A"}`, 400, "email", "must be a string"},
		{"not JSON", `{"email":`, 400, "", "not valid JSON"},
		{"two objects", `{} {}`, 400, "", "single JSON object"},
		{"too large", `{"email":"` + strings.Repeat("a", 70<<10) + `"}`, 413, "", "larger than"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := e.do("POST", "/api/v1/auth/signup", "", c.body)
			expectStatus(t, r, c.status)
			m := problemOf(t, r)
			got := m["detail"].(string)
			if c.field != "" {
				got, _ = problemFields(t, r)[c.field].(string)
			}
			if !strings.Contains(got, c.msg) {
				t.Fatalf("message %q does not mention %q (answer %s)", got, c.msg, r.Body)
			}
		})
	}
	if n, err := e.store.CountUsers(t.Context()); err != nil || n != 0 {
		t.Fatalf("bad sign-ups created %d accounts (%v)", n, err)
	}
	// Malformed and unknown sessions are 401.
	for _, tok := range []string{"x", "not-a-real-token-at-all-really", strings.Repeat("z", 300)} {
		expectStatus(t, e.do("GET", "/api/v1/me", tok, nil), http.StatusUnauthorized)
	}
}

func TestProfilePatchValidationWritesNothing(t *testing.T) {
	e, _ := newEnvWithAdmin(t, testutil.DB{Name: "sqlite", DataDir: t.TempDir()})
	_, tok := e.signupLogin("sam@example.org", goodPassword, "Sam")
	expectStatus(t, e.do("PATCH", "/api/v1/me", tok, map[string]any{"bio": "Hello", "pathways": []string{"secular"}}), http.StatusOK)
	r := e.do("PATCH", "/api/v1/me", tok, map[string]any{"bio": "Changed", "pathways": []string{"astrology"}, "time_zone": "Mars/Olympus", "recovery_start": "2099-01-01", "visibility": map[string]string{"bio": "everyone"}})
	expectStatus(t, r, http.StatusBadRequest)
	fields := problemFields(t, r)
	for _, f := range []string{"pathways", "time_zone", "recovery_start", "visibility.bio"} {
		if fields[f] == nil {
			t.Errorf("no message for %s in %v", f, fields)
		}
	}
	r = e.do("PATCH", "/api/v1/me", tok, `{"bio": 7, "languages": "en", "favourite_colour": "blue"}`)
	expectStatus(t, r, http.StatusBadRequest)
	fields = problemFields(t, r)
	if !strings.Contains(fields["bio"].(string), "string") || !strings.Contains(fields["languages"].(string), "list") || !strings.Contains(fields["favourite_colour"].(string), "unknown") {
		t.Fatalf("field messages %v", fields)
	}
	me := e.do("GET", "/api/v1/me", tok, nil).JSON(t)["profile"].(map[string]any)
	if me["bio"] != "Hello" {
		t.Fatalf("a rejected change was written: bio %q", me["bio"])
	}
}

func TestVisibilityAndAudit(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		e, _ := newEnvWithAdmin(t, db)
		bID, bTok := e.signupLogin("b@example.org", goodPassword, "Bee")
		_, aTok := e.signupLogin("a@example.org", goodPassword, "Ay")
		r := e.do("PATCH", "/api/v1/me", bTok, map[string]any{"bio": "Gardener, two years in", "substances": []string{"alcohol"},
			"pathways": []string{"smart-recovery"}, "recovery_start": "2022-05-01",
			"visibility": map[string]string{"bio": "members", "pathways": "members", "substances": "only_me", "recovery_start": "supporters"}})
		expectStatus(t, r, http.StatusOK)
		view := e.do("GET", "/api/v1/users/"+bID, aTok, nil)
		expectStatus(t, view, http.StatusOK)
		v := view.JSON(t)
		if v["bio"] != "Gardener, two years in" || v["pathways"] == nil {
			t.Fatalf("visible fields missing: %v", v)
		}
		if _, ok := v["substances"]; ok {
			t.Fatalf("only_me field shown to another member: %v", v)
		}
		if _, ok := v["recovery_start"]; ok {
			t.Fatalf("supporters field shown to a member who is not a supporter: %v", v)
		}
		// B sees that A read their pathways.
		audit := e.do("GET", "/api/v1/me/audit", bTok, nil).JSON(t)["items"].([]any)
		found := false
		for _, x := range audit {
			en := x.(map[string]any)
			if en["action"] == "profile_read" && en["actor_display_name"] == "Ay" && strings.Contains(strings.Join(toStrings(en["fields"]), ","), "pathways") {
				found = true
			}
		}
		if !found {
			t.Fatalf("no audit entry for A's read: %v", audit)
		}
		// Anonymous visitors see nothing.
		expectStatus(t, e.do("GET", "/api/v1/users/"+bID, "", nil), http.StatusUnauthorized)
		expectStatus(t, e.do("GET", "/api/v1/users/01J0000000000000000000NONE", aTok, nil), http.StatusNotFound)
	})
}

func toStrings(v any) []string {
	var out []string
	for _, x := range v.([]any) {
		out = append(out, x.(string))
	}
	return out
}

var linkToken = regexp.MustCompile(`token=([A-Za-z0-9_-]+)`)

func TestVerifyAndResetByEmail(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		e := newEnv(t, db)
		_, tok := e.signupLogin("kai@example.org", goodPassword, "Kai")
		msgs := e.smtp.WaitFor(t, 1, 5*time.Second)
		m := testutil.ParseMail(t, msgs[0])
		tm := linkToken.FindStringSubmatch(m.Text)
		if tm == nil {
			t.Fatalf("no link in verification email: %q", m.Text)
		}
		expectStatus(t, e.do("POST", "/api/v1/auth/verify-email", "", map[string]string{"token": tm[1]}), http.StatusNoContent)
		if e.do("GET", "/api/v1/me", tok, nil).JSON(t)["email_verified"] != true {
			t.Fatal("email not verified")
		}
		r := e.do("POST", "/api/v1/auth/verify-email", "", map[string]string{"token": tm[1]})
		expectStatus(t, r, http.StatusBadRequest)

		// Reset: same answer for a known and an unknown address.
		a := e.do("POST", "/api/v1/auth/password-reset", "", map[string]string{"email": "kai@example.org"})
		b := e.do("POST", "/api/v1/auth/password-reset", "", map[string]string{"email": "ghost@example.org"})
		if a.Status != http.StatusAccepted || string(a.Body) != string(b.Body) {
			t.Fatalf("reset answers differ: %s / %s", a.Body, b.Body)
		}
		msgs = e.smtp.WaitFor(t, 2, 5*time.Second)
		if len(msgs) != 2 {
			t.Fatalf("want 2 emails (verify, reset), got %d", len(msgs))
		}
		m = testutil.ParseMail(t, msgs[1])
		tm = linkToken.FindStringSubmatch(m.Text)
		if tm == nil || !strings.Contains(m.Subject, "Reset") {
			t.Fatalf("reset email: %q %q", m.Subject, m.Text)
		}
		r = e.do("POST", "/api/v1/auth/password-reset/confirm", "", map[string]string{"token": tm[1], "password": "short"})
		expectStatus(t, r, http.StatusBadRequest)
		expectStatus(t, e.do("POST", "/api/v1/auth/password-reset/confirm", "", map[string]string{"token": tm[1], "password": "river stone compass"}), http.StatusNoContent)
		// Every session ended; the new password works, the old does not.
		expectStatus(t, e.do("GET", "/api/v1/me", tok, nil), http.StatusUnauthorized)
		e.login("kai@example.org", "river stone compass", "")
		expectStatus(t, e.do("POST", "/api/v1/auth/login", "", map[string]string{"email": "kai@example.org", "password": goodPassword}), http.StatusUnauthorized)
		// Email never carries health information.
		for _, msg := range e.smtp.Messages() {
			pm := testutil.ParseMail(t, msg)
			for _, w := range []string{"recovery start", "substance", "relapse", "addict"} {
				if strings.Contains(strings.ToLower(pm.Subject+pm.Text), w) {
					t.Errorf("email %q mentions %q", pm.Subject, w)
				}
			}
		}
	})
}

func TestTwoFactorLogin(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		e := newEnv(t, db)
		_, tok := e.signupLogin("lee@example.org", goodPassword, "Lee") // site admin: MFA required
		r := e.do("POST", "/api/v1/me/mfa/setup", tok, nil)
		expectStatus(t, r, http.StatusOK)
		secret := r.JSON(t)["secret"].(string)
		expectStatus(t, e.do("POST", "/api/v1/me/mfa/confirm", tok, map[string]string{"code": "000000"}), http.StatusBadRequest)
		code, _ := totp.GenerateCode(secret, e.clock.Now())
		r = e.do("POST", "/api/v1/me/mfa/confirm", tok, map[string]string{"code": code})
		expectStatus(t, r, http.StatusOK)
		codes := toStrings(r.JSON(t)["recovery_codes"])
		if len(codes) != 10 {
			t.Fatalf("want 10 recovery codes, got %d", len(codes))
		}
		// Now member routes open up.
		expectStatus(t, e.do("PATCH", "/api/v1/me", tok, map[string]any{"pronouns": "they/them"}), http.StatusOK)
		// The password alone opens a pending sign-in: a token good only for
		// the second step, no user yet.
		pending := e.do("POST", "/api/v1/auth/login", "", map[string]string{"email": "lee@example.org", "password": goodPassword})
		expectStatus(t, pending, http.StatusOK)
		pj := pending.JSON(t)
		if pj["status"] != "mfa_required" || pj["user"] != nil || pj["token"] == "" {
			t.Fatalf("password alone: %s", pending.Body)
		}
		ptok := pj["token"].(string)
		if exp, err := time.Parse(time.RFC3339, pj["expires_at"].(string)); err != nil || exp.After(e.clock.Now().Add(10*time.Minute+time.Second)) {
			t.Fatalf("pending sign-in should end within 10 minutes: %v", pj["expires_at"])
		}
		r = e.do("GET", "/api/v1/me", ptok, nil)
		expectStatus(t, r, http.StatusUnauthorized)
		if problemOf(t, r)["type"] != "urn:kinship:problem:mfa_required" {
			t.Fatalf("a pending token must not open /me: %s", r.Body)
		}
		expectStatus(t, e.do("POST", "/api/v1/auth/mfa", ptok, map[string]string{"code": "000000"}), http.StatusUnauthorized)
		e.clock.Advance(31 * time.Second)
		code, _ = totp.GenerateCode(secret, e.clock.Now())
		r = e.do("POST", "/api/v1/auth/mfa", ptok, map[string]string{"code": code})
		expectStatus(t, r, http.StatusOK)
		done := r.JSON(t)
		user, _ := done["user"].(map[string]any)
		if done["status"] != "signed_in" || done["token"] != ptok || user["display_name"] != "Lee" || user["mfa_enabled"] != true {
			t.Fatalf("after the code: %s", r.Body)
		}
		if !timestampRE.MatchString(done["expires_at"].(string)) {
			t.Fatalf("expires_at %q is not RFC 3339 UTC with milliseconds", done["expires_at"])
		}
		expectStatus(t, e.do("GET", "/api/v1/me", ptok, nil), http.StatusOK)
		// A recovery code finishes a sign-in, once.
		e.login("lee@example.org", goodPassword, codes[0])
		again := e.do("POST", "/api/v1/auth/login", "", map[string]string{"email": "lee@example.org", "password": goodPassword}).JSON(t)["token"].(string)
		expectStatus(t, e.do("POST", "/api/v1/auth/mfa", again, map[string]string{"code": codes[0]}), http.StatusUnauthorized)
		// Five wrong codes end the pending sign-in: even a right code is then refused.
		for i := 1; i < 5; i++ {
			expectStatus(t, e.do("POST", "/api/v1/auth/mfa", again, map[string]string{"code": "123456"}), http.StatusUnauthorized)
		}
		code, _ = totp.GenerateCode(secret, e.clock.Now())
		r = e.do("POST", "/api/v1/auth/mfa", again, map[string]string{"code": code})
		expectStatus(t, r, http.StatusUnauthorized)
		if !strings.Contains(problemOf(t, r)["detail"].(string), "sign in again") {
			t.Fatalf("after five wrong codes: %s", r.Body)
		}
		// The old one-step form (the code beside the password) is refused by name.
		r = e.do("POST", "/api/v1/auth/login", "", map[string]string{"email": "lee@example.org", "password": goodPassword, "totp": code})
		expectStatus(t, r, http.StatusBadRequest)
		// A pending sign-in expires after ten minutes.
		late := e.do("POST", "/api/v1/auth/login", "", map[string]string{"email": "lee@example.org", "password": goodPassword}).JSON(t)["token"].(string)
		e.clock.Advance(11 * time.Minute)
		code, _ = totp.GenerateCode(secret, e.clock.Now())
		expectStatus(t, e.do("POST", "/api/v1/auth/mfa", late, map[string]string{"code": code}), http.StatusUnauthorized)
		// A site admin may not turn two-factor login off.
		expectStatus(t, e.do("DELETE", "/api/v1/me/mfa", tok, nil), http.StatusForbidden)
	})
}

func TestSessionsListAndRevoke(t *testing.T) {
	e, _ := newEnvWithAdmin(t, testutil.DB{Name: "sqlite", DataDir: t.TempDir()})
	_, t1 := e.signupLogin("mo@example.org", goodPassword, "Mo")
	t2 := e.login("mo@example.org", goodPassword, "")
	list := e.do("GET", "/api/v1/me/sessions", t1, nil).JSON(t)["items"].([]any)
	if len(list) != 2 {
		t.Fatalf("want 2 sessions, got %v", list)
	}
	var other string
	for _, x := range list {
		s := x.(map[string]any)
		if s["current"] != true {
			other = s["id"].(string)
		}
	}
	expectStatus(t, e.do("DELETE", "/api/v1/me/sessions/"+other, t1, nil), http.StatusNoContent)
	expectStatus(t, e.do("GET", "/api/v1/me", t2, nil), http.StatusUnauthorized)
	expectStatus(t, e.do("DELETE", "/api/v1/me/sessions/"+other, t1, nil), http.StatusNoContent) // DELETE is idempotent
	// Idle time-out.
	e.clock.Advance(8 * 24 * time.Hour)
	expectStatus(t, e.do("GET", "/api/v1/me", t1, nil), http.StatusUnauthorized)
	// Changing the password signs out everywhere and hands this device a new session.
	e.clock.Advance(time.Hour)
	t3 := e.login("mo@example.org", goodPassword, "")
	t4 := e.login("mo@example.org", goodPassword, "")
	r := e.do("POST", "/api/v1/me/password", t3, map[string]string{"current_password": goodPassword, "new_password": "meadow violin harbor"})
	expectStatus(t, r, http.StatusOK)
	t5 := r.JSON(t)["token"].(string)
	expectStatus(t, e.do("GET", "/api/v1/me", t3, nil), http.StatusUnauthorized)
	expectStatus(t, e.do("GET", "/api/v1/me", t4, nil), http.StatusUnauthorized)
	expectStatus(t, e.do("GET", "/api/v1/me", t5, nil), http.StatusOK)
}

func TestLoginRateLimit(t *testing.T) {
	e := newEnv(t, testutil.DB{Name: "sqlite", DataDir: t.TempDir()})
	e.signupLogin("ari@example.org", goodPassword, "Ari")
	var last resp
	for i := 0; i < 11; i++ {
		last = e.do("POST", "/api/v1/auth/login", "", map[string]string{"email": "ari@example.org", "password": "wrong password here"})
	}
	expectStatus(t, last, http.StatusTooManyRequests)
	if last.Header.Get("Retry-After") == "" || !strings.Contains(problemOf(t, last)["detail"].(string), "wait") {
		t.Fatalf("rate-limited answer lacks Retry-After or advice: %v %s", last.Header, last.Body)
	}
	// No hard lock-out: after the window the right password works again.
	e.clock.Advance(16 * time.Minute)
	e.login("ari@example.org", goodPassword, "")
}

func TestExportAndDelete(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		e, _ := newEnvWithAdmin(t, db)
		id, tok := e.signupLogin("jo@example.org", goodPassword, "Jo")
		_, other := e.signupLogin("pat@example.org", goodPassword, "Pat")
		expectStatus(t, e.do("PATCH", "/api/v1/me", tok, map[string]any{"bio": "Export me", "substances": []string{"opioids"}}), http.StatusOK)
		r := e.do("GET", "/api/v1/me/export", tok, nil)
		expectStatus(t, r, http.StatusOK)
		ex := r.JSON(t)
		if ex["account"].(map[string]any)["email"] != "jo@example.org" || ex["profile"].(map[string]any)["bio"] != "Export me" {
			t.Fatalf("export lacks data: %s", r.Body)
		}
		// Ten minutes after signing in, a password confirmation is needed.
		e.clock.Advance(11 * time.Minute)
		r = e.do("GET", "/api/v1/me/export", tok, nil)
		expectStatus(t, r, http.StatusForbidden)
		if problemOf(t, r)["type"] != "urn:kinship:problem:reauth_required" {
			t.Fatalf("want reauth_required: %s", r.Body)
		}
		expectStatus(t, e.do("POST", "/api/v1/auth/reauth", tok, map[string]string{"password": "wrong"}), http.StatusUnauthorized)
		expectStatus(t, e.do("POST", "/api/v1/auth/reauth", tok, map[string]string{"password": goodPassword}), http.StatusNoContent)
		expectStatus(t, e.do("GET", "/api/v1/me/export", tok, nil), http.StatusOK)
		// Deletion with the wrong password keeps everything.
		e.clock.Advance(11 * time.Minute)
		expectStatus(t, e.do("DELETE", "/api/v1/me", tok, map[string]string{"password": "nope nope nope"}), http.StatusUnauthorized)
		expectStatus(t, e.do("GET", "/api/v1/me", tok, nil), http.StatusOK)
		expectStatus(t, e.do("DELETE", "/api/v1/me", tok, map[string]string{"password": goodPassword}), http.StatusNoContent)
		expectStatus(t, e.do("GET", "/api/v1/me", tok, nil), http.StatusUnauthorized)
		expectStatus(t, e.do("POST", "/api/v1/auth/login", "", map[string]string{"email": "jo@example.org", "password": goodPassword}), http.StatusUnauthorized)
		v := e.do("GET", "/api/v1/users/"+id, other, nil).JSON(t)
		if v["display_name"] != "a former member" || v["bio"] != nil {
			t.Fatalf("deleted profile still shows: %v", v)
		}
		// The email can be used again.
		e.signupLogin("jo@example.org", goodPassword, "Jo again")
	})
}
