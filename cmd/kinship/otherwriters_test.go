package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/kinshiprecovery/kinship/internal/app"
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
	hostTok := member(t, url, "host@example.org", "Host")
	facilitate(t, url, hostTok)
	st, g := api(t, "POST", url+"/api/v1/groups", hostTok, map[string]string{"name": "Evenings", "description": "", "visibility": "listed"})
	if st != http.StatusCreated {
		t.Fatalf("group: %d %v", st, g)
	}
	gid := g["id"].(string)
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
