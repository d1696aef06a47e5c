package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/pquerna/otp/totp"
)

// TestEndingASessionClosesItsSocketsOnEveryNode starts two nodes on one
// PostgreSQL database. For each way a session ends (or an account
// changes), a member has a socket open on each node, the change is made
// through node A or the admin command, and both sockets are closed with a
// close frame that says why; a socket of a session that was kept stays
// open and keeps receiving; with each broker.
func TestEndingASessionClosesItsSocketsOnEveryNode(t *testing.T) {
	brokers(t, testEndingASession)
}

func testEndingASession(t *testing.T, c *cluster) {
	urlA, urlB := c.urlA, c.urlB
	cli := c.env("admin-cli")
	const pw = "tidal lantern forest"

	// The first account is the site admin, who moderates (with two-factor login).
	adminTok := siteAdmin(t, urlA, "admin@example.org")

	hostTok, gid := groupHostedBy(t, urlA)

	login := func(email string) string {
		t.Helper()
		st, m := api(t, "POST", urlA+"/api/v1/auth/login", "", map[string]string{"email": email, "password": pw})
		if st != http.StatusOK {
			t.Fatalf("login %s: %d %v", email, st, m)
		}
		return m["token"].(string)
	}
	// open dials a socket on base with tok and waits until it follows the group.
	open := func(base, tok string) *websocket.Conn { t.Helper(); return followGroup(t, base, tok, gid) }
	// closed waits for conn's close frame and returns it, failing if a
	// message frame arrives first or the connection stays open.
	closed := func(conn *websocket.Conn) (*websocket.CloseError, time.Duration) {
		t.Helper()
		return closeFrame(t, conn)
	}
	sendAsHost := func(body string) {
		t.Helper()
		if st, m := api(t, "POST", urlA+"/api/v1/groups/"+gid+"/messages", hostTok, map[string]string{"client_id": body, "body": body}); st != http.StatusCreated {
			t.Fatalf("host send: %d %v", st, m)
		}
	}
	cliRun := func(args ...string) {
		t.Helper()
		var out strings.Builder
		if err := run(context.Background(), append([]string{"admin"}, args...), func(k string) string { return cli[k] }, nil, &out, io.Discard); err != nil {
			t.Fatalf("admin %v: %v", args, err)
		}
	}

	cases := []struct {
		name string
		// act ends the session (tok) or changes the account (id, email);
		// other is a second session of the same person.
		act func(id, email, tok, other string)
		// kept is true when the second session survives.
		kept   bool
		code   int
		reason string
	}{
		{"logout", func(id, email, tok, other string) {
			if st, m := api(t, "POST", urlA+"/api/v1/auth/logout", tok, nil); st != http.StatusNoContent {
				t.Fatalf("logout: %d %v", st, m)
			}
		}, true, 4401, "signed_out"},
		{"revoke other sessions", func(id, email, tok, other string) {
			if st, m := api(t, "POST", urlA+"/api/v1/me/sessions/revoke-others", other, nil); st != http.StatusNoContent {
				t.Fatalf("revoke others: %d %v", st, m)
			}
		}, true, 4401, "signed_out"},
		{"password change", func(id, email, tok, other string) {
			if st, m := api(t, "POST", urlA+"/api/v1/me/password", other, map[string]string{"current_password": pw, "new_password": "quiet harbor morning"}); st != http.StatusOK {
				t.Fatalf("password change: %d %v", st, m)
			}
		}, false, 4401, "signed_out"},
		{"mfa reset", func(id, email, tok, other string) { cliRun("reset-mfa", "--email", email) }, false, 4401, "signed_out"},
		{"role change", func(id, email, tok, other string) { cliRun("set-role", "--email", email, "--role", "mentor") }, false, 4403, "account_changed"},
		{"suspension", func(id, email, tok, other string) { moderate(t, urlA, hostTok, adminTok, id, "suspend") }, false, 4403, "account_changed"},
		{"ban", func(id, email, tok, other string) { moderate(t, urlA, hostTok, adminTok, id, "ban") }, false, 4403, "account_changed"},
		{"account deletion", func(id, email, tok, other string) {
			if st, m := api(t, "DELETE", urlA+"/api/v1/me", other, map[string]string{"password": pw}); st != http.StatusNoContent {
				t.Fatalf("delete: %d %v", st, m)
			}
		}, false, 4401, "signed_out"},
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			email := fmt.Sprintf("person%d@example.org", i)
			tok := member(t, urlA, email, fmt.Sprint("Person ", i))
			other := login(email)
			st, me := api(t, "GET", urlA+"/api/v1/me", tok, nil)
			if st != http.StatusOK {
				t.Fatalf("me: %d %v", st, me)
			}
			id := me["id"].(string)
			if st, m := api(t, "POST", urlB+"/api/v1/groups/"+gid+"/join", tok, nil); st != http.StatusOK {
				t.Fatalf("join: %d %v", st, m)
			}
			// The ended session has a socket on each node; so has the other.
			// Each node has checked it (and keeps it for a while).
			onA, onB := open(urlA, tok), open(urlB, tok)
			otherOnB := open(urlB, other)
			for _, base := range []string{urlA, urlB} {
				if st, m := api(t, "GET", base+"/api/v1/me", tok, nil); st != http.StatusOK {
					t.Fatalf("me: %d %v", st, m)
				}
			}

			c.act(id, email, tok, other)
			for node, conn := range map[string]*websocket.Conn{"A": onA, "B": onB} {
				ce, took := closed(conn)
				if ce.Code != c.code || !strings.HasPrefix(ce.Text, c.reason+":") {
					t.Fatalf("node %s closed the socket with %d %q, want %d %s", node, ce.Code, ce.Text, c.code, c.reason)
				}
				t.Logf("node %s closed the socket %v after the request returned: %d %q", node, took, ce.Code, ce.Text)
			}
			sendAsHost("after " + c.name)
			if c.kept {
				otherOnB.SetReadDeadline(time.Now().Add(10 * time.Second))
				for {
					var f map[string]any
					if err := otherOnB.ReadJSON(&f); err != nil {
						t.Fatalf("the kept session's socket: %v", err)
					}
					if f["type"] == "message" {
						if body := f["message"].(map[string]any)["body"]; body != "after "+c.name {
							t.Fatalf("the kept session's socket got %v", body)
						}
						break
					}
				}
			} else if ce, _ := closed(otherOnB); ce.Code != c.code {
				t.Fatalf("the second session's socket closed with %d %q", ce.Code, ce.Text)
			}
			// Whatever ended the session, its token opens no new socket.
			if c.code == 4401 {
				_, res, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(urlB, "http")+"/api/v1/ws", http.Header{"Authorization": {"Bearer " + tok}})
				if err == nil || res == nil || res.StatusCode != http.StatusUnauthorized {
					t.Fatalf("a socket opened with an ended session: %v %v", err, res)
				}
			}
			// Nor does any node that had checked it take it for a request,
			// and a changed role is the new one everywhere.
			for node, base := range map[string]string{"A": urlA, "B": urlB} {
				st, me := api(t, "GET", base+"/api/v1/me", tok, nil)
				if c.code == 4401 && st != http.StatusUnauthorized {
					t.Fatalf("node %s took the ended session: %d %v", node, st, me)
				}
				if c.name == "role change" && (st != http.StatusOK || me["role"] != "mentor") {
					t.Fatalf("node %s: %d, role %v after the change to mentor", node, st, me["role"])
				}
			}
		})
	}
}

// moderate has reporter report the member and the moderator take action on it.
func moderate(t *testing.T, base, reporterTok, modTok, memberID, action string) {
	t.Helper()
	st, r := api(t, "POST", base+"/api/v1/reports", reporterTok, map[string]string{"target_type": "user", "target_id": memberID, "reason": "harassment", "details": "unkind messages"})
	if st != http.StatusCreated {
		t.Fatalf("report: %d %v", st, r)
	}
	if st, m := api(t, "POST", base+"/api/v1/moderation/reports/"+r["id"].(string), modTok, map[string]string{"action": action, "reason": "unkind messages to others"}); st != http.StatusOK {
		t.Fatalf("%s: %d %v", action, st, m)
	}
}

// TestSecondFactorDoneOnOneNodeCountsOnEvery: node B has checked a session
// still waiting for its second factor (and keeps it for a while); the code
// is entered on node A, and B takes the session as signed in at once (as
// soon as the broker has told it, far sooner than B would read it again).
func TestSecondFactorDoneOnOneNodeCountsOnEvery(t *testing.T) {
	brokers(t, func(t *testing.T, c *cluster) {
		const pw = "tidal lantern forest"
		tok := member(t, c.urlA, "two@example.org", "Two")
		secret := facilitate(t, c.urlA, tok)
		st, m := api(t, "POST", c.urlA+"/api/v1/auth/login", "", map[string]string{"email": "two@example.org", "password": pw})
		if st != http.StatusOK || m["status"] != "mfa_required" {
			t.Fatalf("login: %d %v", st, m)
		}
		pending := m["token"].(string)
		if st, m := api(t, "GET", c.urlB+"/api/v1/me", pending, nil); st != http.StatusUnauthorized {
			t.Fatalf("node B took a session still waiting for its code: %d %v", st, m)
		}
		code, _ := totp.GenerateCode(secret, time.Now())
		if st, m := api(t, "POST", c.urlA+"/api/v1/auth/mfa", pending, map[string]string{"code": code}); st != http.StatusOK || m["status"] != "signed_in" {
			t.Fatalf("code: %d %v", st, m)
		}
		start := time.Now()
		for {
			st, m := api(t, "GET", c.urlB+"/api/v1/me", pending, nil)
			if st == http.StatusOK {
				t.Logf("node B took the session %v after the code was entered on A", time.Since(start))
				break
			}
			if time.Since(start) > 5*time.Second {
				t.Fatalf("node B still refuses the session 5 s after its code was entered on A: %d %v", st, m)
			}
			time.Sleep(20 * time.Millisecond)
		}
	})
}
