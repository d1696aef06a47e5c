package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/store"
)

// TestOtherProcessesReachARunningSQLiteNode: a SQLite node has no broker,
// so what another process commits (an admin command; a suspension made
// through another connection to the file) reached its requests only when
// what it kept ran out (30 s for a session and its account, 10 s for an
// account found free to write). Each change is made while the person's
// session and freedom to write are fresh in the node's memory, and the
// node's next requests say what changed; each is asked for a few seconds
// at most, far less than it kept anything before.
func TestOtherProcessesReachARunningSQLiteNode(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"KINSHIP_DATA_DIR": dir}
	getenv := func(k string) string { return env[k] }
	url, _ := startServer(t, env)

	// The first account is the site admin, who moderates (with two-factor login).
	adminTok := siteAdmin(t, url, "admin@example.org")
	hostTok, gid := groupHostedBy(t, url)
	miaTok := member(t, url, "mia@example.org", "Mia")
	st, me := api(t, "GET", url+"/api/v1/me", miaTok, nil)
	if st != http.StatusOK || me["role"] != "member" {
		t.Fatalf("me: %d %v", st, me)
	}
	miaID := me["id"].(string)
	if st, m := api(t, "POST", url+"/api/v1/groups/"+gid+"/join", miaTok, nil); st != http.StatusOK {
		t.Fatalf("join: %d %v", st, m)
	}
	send := func(body string) (int, map[string]any) {
		return api(t, "POST", url+"/api/v1/groups/"+gid+"/messages", miaTok, map[string]string{"client_id": body, "body": body})
	}
	if st, m := send("hello everyone"); st != http.StatusCreated {
		t.Fatalf("first message: %d %v", st, m)
	}

	// until asks ask until it answers true, for at most five seconds.
	until := func(what string, ask func() (bool, string)) {
		t.Helper()
		start := time.Now()
		for {
			ok, got := ask()
			if ok {
				t.Logf("%s: seen after %v", what, time.Since(start).Round(time.Millisecond))
				return
			}
			if time.Since(start) > 5*time.Second {
				t.Fatalf("%s: the running node still answers %s", what, got)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	cli := func(args ...string) string {
		t.Helper()
		var out strings.Builder
		if err := run(context.Background(), append([]string{"admin"}, args...), getenv, nil, &out, io.Discard); err != nil {
			t.Fatalf("admin %v: %v", args, err)
		}
		return out.String()
	}

	// A suspension made through another connection (the admin command's
	// way in: its own store and app on the same file) refuses Mia's next
	// message in words.
	st, r := api(t, "POST", url+"/api/v1/reports", hostTok, map[string]string{"target_type": "user", "target_id": miaID, "reason": "harassment", "details": "unkind messages"})
	if st != http.StatusCreated {
		t.Fatalf("report: %d %v", st, r)
	}
	// The node has had no request for two seconds and has no socket open,
	// so it has stopped asking whether another process committed; the
	// change is still the answer to its next request.
	time.Sleep(8 * app.OtherWritersEvery)
	other, _, err := open(context.Background(), "kinship admin", nil, getenv, io.Discard, nil)
	if err != nil {
		t.Fatal(err)
	}
	mod, err := other.store.FindUserByEmail(context.Background(), "admin@example.org")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := other.app.ActOnReport(app.WithActor(context.Background(), &app.Actor{User: mod}), r["id"].(string), "suspend", "unkind messages to others"); err != nil {
		t.Fatal(err)
	}
	other.store.Close()
	until("suspension", func() (bool, string) {
		st, m := send("are you there")
		detail, _ := m["detail"].(string)
		return st == http.StatusForbidden && strings.HasPrefix(detail, "your account is suspended until ") &&
			strings.HasSuffix(detail, "; your notifications say why, and how to appeal"), detail
	})

	// A role changed by the admin command is the role of Mia's next request.
	if st, m := api(t, "GET", url+"/api/v1/me", miaTok, nil); st != http.StatusOK || m["role"] != "member" {
		t.Fatalf("me: %d %v", st, m)
	}
	if out := cli("set-role", "--email", "mia@example.org", "--role", "mentor"); !strings.Contains(out, "mia@example.org now has role mentor") {
		t.Fatalf("set-role printed %q", out)
	}
	until("role change", func() (bool, string) {
		st, me := api(t, "GET", url+"/api/v1/me", miaTok, nil)
		return st == http.StatusOK && me["role"] == "mentor", fmt.Sprint(me["role"])
	})

	// Two-factor login reset by the admin command signs the admin out of
	// the running node's next request.
	if st, m := api(t, "GET", url+"/api/v1/me", adminTok, nil); st != http.StatusOK {
		t.Fatalf("admin me: %d %v", st, m)
	}
	if out := cli("reset-mfa", "--email", "admin@example.org"); !strings.Contains(out, "every session was signed out") {
		t.Fatalf("reset-mfa printed %q", out)
	}
	until("sign-out", func() (bool, string) {
		st, m := api(t, "GET", url+"/api/v1/me", adminTok, nil)
		detail, _ := m["detail"].(string)
		return st == http.StatusUnauthorized && detail == "sign in to continue", detail
	})
}

// groupHostedBy has a new member, Host, with two-factor login, start the
// listed group Evenings on url; it returns Host's token and the group's id.
func groupHostedBy(t *testing.T, url string) (hostTok, gid string) {
	t.Helper()
	hostTok = member(t, url, "host@example.org", "Host")
	facilitate(t, url, hostTok)
	st, g := api(t, "POST", url+"/api/v1/groups", hostTok, map[string]string{"name": "Evenings", "description": "", "visibility": "listed"})
	if st != http.StatusCreated {
		t.Fatalf("group: %d %v", st, g)
	}
	return hostTok, g["id"].(string)
}

// followGroup dials a socket on base with tok and waits until it follows
// the group gid.
func followGroup(t *testing.T, base, tok, gid string) *websocket.Conn {
	t.Helper()
	conn, _, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(base, "http")+"/api/v1/ws", http.Header{"Authorization": {"Bearer " + tok}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	conn.WriteJSON(map[string]any{"op": "subscribe", "conv": gid, "ref": "s"})
	for {
		conn.SetReadDeadline(time.Now().Add(10 * time.Second))
		var f map[string]any
		if err := conn.ReadJSON(&f); err != nil {
			t.Fatalf("subscribing: %v", err)
		}
		if f["type"] == "subscribed" {
			return conn
		}
	}
}

// closeFrame waits, for ten seconds at most, for conn's close frame and
// returns it, failing if a message frame arrives first or the connection
// stays open.
func closeFrame(t *testing.T, conn *websocket.Conn) (*websocket.CloseError, time.Duration) {
	t.Helper()
	start := time.Now()
	for {
		conn.SetReadDeadline(time.Now().Add(10 * time.Second))
		var f map[string]any
		err := conn.ReadJSON(&f)
		var ce *websocket.CloseError
		if errors.As(err, &ce) {
			return ce, time.Since(start)
		}
		if err != nil {
			t.Fatalf("the socket was not closed with a close frame: %v", err)
		}
		if f["type"] == "message" {
			t.Fatalf("a message reached a socket whose session ended: %v", f)
		}
	}
}

// TestOtherProcessesEndSocketsOnARunningSQLiteNode: a socket opened on a
// running SQLite node before another process ended its session (the admin
// command's reset-mfa signs every session out) or changed its account (a
// role set by the admin command; a suspension or a ban made through
// another connection) is closed with the close frame a change made
// through the node itself sends: 4401 "signed_out: your session has
// ended; please sign in again", on which the chat page says the person
// was signed out, or 4403 "account_changed", on which it reconnects as
// the account now is. The other sockets stay open and keep receiving.
func TestOtherProcessesEndSocketsOnARunningSQLiteNode(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"KINSHIP_DATA_DIR": dir}
	getenv := func(k string) string { return env[k] }
	url, _ := startServer(t, env)
	siteAdmin(t, url, "admin@example.org")
	hostTok, gid := groupHostedBy(t, url)
	cli := func(args ...string) {
		t.Helper()
		if err := run(context.Background(), append([]string{"admin"}, args...), getenv, nil, io.Discard, io.Discard); err != nil {
			t.Fatalf("admin %v: %v", args, err)
		}
	}
	// Another connection to the file, as the admin command opens, acting
	// as the site admin.
	otherActs := func(act func(ctx context.Context, a *app.App)) {
		t.Helper()
		other, _, err := open(context.Background(), "kinship admin", nil, getenv, io.Discard, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer other.store.Close()
		mod, err := other.store.FindUserByEmail(context.Background(), "admin@example.org")
		if err != nil {
			t.Fatal(err)
		}
		act(app.WithActor(context.Background(), &app.Actor{User: mod}), other.app)
	}
	// A bystander's socket follows the group throughout and must keep
	// receiving.
	bystander := followGroup(t, url, hostTok, gid)

	cases := []struct {
		name   string
		act    func(email, id string)
		code   int
		reason string
	}{
		{"sessions signed out by the admin command", func(email, id string) { cli("reset-mfa", "--email", email) }, 4401, "signed_out: your session has ended; please sign in again"},
		{"role set by the admin command", func(email, id string) { cli("set-role", "--email", email, "--role", "mentor") }, 4403, "account_changed: your account changed; reconnect to carry on"},
		{"suspension through another connection", func(email, id string) { otherModerates(t, url, hostTok, id, "suspend", otherActs) }, 4403, "account_changed: your account changed; reconnect to carry on"},
		{"ban through another connection", func(email, id string) { otherModerates(t, url, hostTok, id, "ban", otherActs) }, 4403, "account_changed: your account changed; reconnect to carry on"},
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			email := fmt.Sprintf("person%d@example.org", i)
			tok := member(t, url, email, fmt.Sprint("Person ", i))
			st, me := api(t, "GET", url+"/api/v1/me", tok, nil)
			if st != http.StatusOK {
				t.Fatalf("me: %d %v", st, me)
			}
			if st, m := api(t, "POST", url+"/api/v1/groups/"+gid+"/join", tok, nil); st != http.StatusOK {
				t.Fatalf("join: %d %v", st, m)
			}
			conn := followGroup(t, url, tok, gid)
			if i == 0 {
				// Nobody asks the node anything for two seconds: the open
				// sockets alone keep it asking whether another process
				// committed (with neither requests nor sockets it stops
				// after a second).
				time.Sleep(8 * app.OtherWritersEvery)
			}
			c.act(email, me["id"].(string))
			ce, took := closeFrame(t, conn)
			if ce.Code != c.code || ce.Text != c.reason {
				t.Fatalf("the socket closed with %d %q, want %d %q", ce.Code, ce.Text, c.code, c.reason)
			}
			t.Logf("closed %v after the other process's change: %d %q", took.Round(time.Millisecond), ce.Code, ce.Text)
			if c.code == 4401 {
				if st, m := api(t, "GET", url+"/api/v1/me", tok, nil); st != http.StatusUnauthorized || m["detail"] != "sign in to continue" {
					t.Fatalf("the ended session still works: %d %v", st, m)
				}
			}
			// The bystander's socket is open and receives the next message.
			body := "after " + c.name
			if st, m := api(t, "POST", url+"/api/v1/groups/"+gid+"/messages", hostTok, map[string]string{"client_id": body, "body": body}); st != http.StatusCreated {
				t.Fatalf("host send: %d %v", st, m)
			}
			for {
				bystander.SetReadDeadline(time.Now().Add(10 * time.Second))
				var f map[string]any
				if err := bystander.ReadJSON(&f); err != nil {
					t.Fatalf("the bystander's socket: %v", err)
				}
				if f["type"] == "message" && f["message"].(map[string]any)["body"] == body {
					break
				}
			}
		})
	}
}

// otherModerates has reporter report the member through the node and the
// site admin act on the report through another connection to the file.
func otherModerates(t *testing.T, url, reporterTok, memberID, action string, otherActs func(func(context.Context, *app.App))) {
	t.Helper()
	st, r := api(t, "POST", url+"/api/v1/reports", reporterTok, map[string]string{"target_type": "user", "target_id": memberID, "reason": "harassment", "details": "unkind messages"})
	if st != http.StatusCreated {
		t.Fatalf("report: %d %v", st, r)
	}
	otherActs(func(ctx context.Context, a *app.App) {
		if _, err := a.ActOnReport(ctx, r["id"].(string), action, "unkind messages to others"); err != nil {
			t.Fatal(err)
		}
	})
}

// TestOtherConnectionsRemovalFromAGroupReachesARunningSQLiteNode
// (review7): a running SQLite node keeps people's rows in groups for the
// access checks of sends and subscriptions (app.memberCache), dropped by
// its own writer's word of every row and, for another connection to the
// file, by data_version. Mia's row is fresh in the node's memory (she has
// just sent) when another connection (an import's, the admin command's)
// marks her removed: within the node's next asks her send is refused as a
// removed person's is, and her open socket is told "removed", receives
// the group's messages no more and cannot subscribe again (before
// review7 it went on receiving them until it reconnected).
func TestOtherConnectionsRemovalFromAGroupReachesARunningSQLiteNode(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"KINSHIP_DATA_DIR": dir}
	getenv := func(k string) string { return env[k] }
	url, _ := startServer(t, env)
	siteAdmin(t, url, "admin@example.org")
	hostTok, gid := groupHostedBy(t, url)
	miaTok := member(t, url, "mia@example.org", "Mia")
	st, me := api(t, "GET", url+"/api/v1/me", miaTok, nil)
	if st != http.StatusOK {
		t.Fatalf("me: %d %v", st, me)
	}
	miaID := me["id"].(string)
	if st, m := api(t, "POST", url+"/api/v1/groups/"+gid+"/join", miaTok, nil); st != http.StatusOK {
		t.Fatalf("join: %d %v", st, m)
	}
	n := 0
	send := func(tok string) (int, map[string]any) {
		n++
		body := fmt.Sprint("hello ", n)
		return api(t, "POST", url+"/api/v1/groups/"+gid+"/messages", tok, map[string]string{"client_id": body, "body": body})
	}
	for range 2 {
		if st, m := send(miaTok); st != http.StatusCreated {
			t.Fatalf("Mia's message: %d %v", st, m)
		}
	}
	sock := followGroup(t, url, miaTok, gid)

	other, _, err := open(context.Background(), "kinship admin", nil, getenv, io.Discard, nil)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now().UTC()
	if err := other.store.SaveGroupMember(context.Background(), &store.GroupMember{GroupID: gid, UserID: miaID, Role: app.RoleMember, Status: "removed", Reason: "Selling in the group.", CreatedAt: now, UpdatedAt: now}); err != nil {
		t.Fatal(err)
	}
	other.store.Close()
	start := time.Now()
	for {
		st, m := send(miaTok)
		if st == http.StatusNotFound {
			t.Logf("removal seen after %v", time.Since(start).Round(time.Millisecond))
			break
		}
		if time.Since(start) > 5*time.Second {
			t.Fatalf("the running node still answers Mia's send %d %v", st, m)
		}
		time.Sleep(50 * time.Millisecond)
	}
	// Her open socket is told she was removed, as after a removal made
	// through the node.
	for {
		sock.SetReadDeadline(time.Now().Add(10 * time.Second))
		var f map[string]any
		if err := sock.ReadJSON(&f); err != nil {
			t.Fatalf("Mia's socket was not told of her removal: %v", err)
		}
		if f["type"] == "removed" && f["conv"] == gid {
			break
		}
	}
	// Host's message, delivered to the node's subscribers before its send
	// returns, does not reach Mia's socket: a ping's answer comes after
	// anything queued for her before it.
	st, hm := send(hostTok)
	if st != http.StatusCreated {
		t.Fatalf("Host's message: %d %v", st, hm)
	}
	sock.WriteJSON(map[string]any{"op": "ping", "ref": "after"})
	for {
		sock.SetReadDeadline(time.Now().Add(10 * time.Second))
		var f map[string]any
		if err := sock.ReadJSON(&f); err != nil {
			t.Fatalf("Mia's socket after the removal: %v", err)
		}
		if f["type"] == "pong" && f["ref"] == "after" {
			break
		}
		if strings.Contains(fmt.Sprint(f), fmt.Sprint("hello ", n)) {
			t.Fatalf("Mia's socket still receives the group's messages after her removal: %v", f)
		}
	}
	sock.WriteJSON(map[string]any{"op": "subscribe", "conv": gid, "ref": "again"})
	for {
		sock.SetReadDeadline(time.Now().Add(10 * time.Second))
		var f map[string]any
		if err := sock.ReadJSON(&f); err != nil {
			t.Fatalf("Mia's socket after the removal: %v", err)
		}
		if f["ref"] == "again" {
			if f["type"] == "subscribed" {
				t.Fatalf("Mia's socket subscribed again after her removal: %v", f)
			}
			break
		}
	}
}
