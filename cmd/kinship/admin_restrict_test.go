package main

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// TestAdminSuspendBanAndLift: the operator suspends a member from the
// command line until a time with a reason, lifts it, and bans them, on
// SQLite and on PostgreSQL, while a node runs. Each takes the moderation
// queue's path: the member's open socket closes as their account changed
// (on PostgreSQL by the broker, on SQLite by the node noticing another
// process's commit), their next message is refused in words, they are
// told the reason and how to appeal, and their privacy log says so; after
// the lift they write again. Mistakes in the call are refused with exit
// code 2 and words that say what to give; nothing is changed by them.
func TestAdminSuspendBanAndLift(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		env := map[string]string{"KINSHIP_DATA_DIR": t.TempDir(), "KINSHIP_DATABASE_URL": db.URL}
		getenv := func(k string) string { return env[k] }
		url, _ := startServer(t, env)
		siteAdmin(t, url, "admin@example.org")
		_, gid := groupHostedBy(t, url)
		miaTok := member(t, url, "mia@example.org", "Mia")
		if st, m := api(t, "POST", url+"/api/v1/groups/"+gid+"/join", miaTok, nil); st != http.StatusOK {
			t.Fatalf("join: %d %v", st, m)
		}
		send := func(body string) (int, string) {
			st, m := api(t, "POST", url+"/api/v1/groups/"+gid+"/messages", miaTok, map[string]string{"client_id": body, "body": body})
			d, _ := m["detail"].(string)
			return st, d
		}
		if st, d := send("hello everyone"); st != http.StatusCreated {
			t.Fatalf("first message: %d %s", st, d)
		}
		// cli runs the admin command; it returns what it printed and its error.
		cli := func(args ...string) (string, error) {
			var out strings.Builder
			err := run(context.Background(), append([]string{"admin"}, args...), getenv, nil, &out, io.Discard)
			return out.String(), err
		}
		notes := func() string {
			st, m := api(t, "GET", url+"/api/v1/notifications", miaTok, nil)
			if st != http.StatusOK {
				t.Fatalf("notifications: %d %v", st, m)
			}
			var texts []string
			for _, n := range m["items"].([]any) {
				texts = append(texts, n.(map[string]any)["text"].(string))
			}
			return strings.Join(texts, "\n")
		}

		// Mistakes: refused with exit code 2, words that say what to give, nothing changed.
		for _, c := range []struct {
			args []string
			want string
		}{
			{[]string{"suspend", "--email", "mia@example.org"}, "--reason is required"},
			{[]string{"suspend", "--email", "mia@example.org", "--reason", "spam", "--until", "next week"}, `--until "next week" is not a time: give a day, 2026-12-12`},
			{[]string{"suspend", "--email", "mia@example.org", "--reason", "spam", "--until", "2020-01-01"}, "--until 2020-01-01 has passed: give a time still to come"},
			{[]string{"ban", "--email", "mia@example.org", "--reason", "spam", "--until", "2030-01-01"}, "--until is for suspend only"},
			{[]string{"lift", "--email", "mia@example.org", "--reason", "spam"}, "--reason is for suspend and ban only"},
			{[]string{"pause", "--email", "mia@example.org"}, "use create-user, set-role, reset-mfa, suspend, ban or lift"},
		} {
			out, err := cli(c.args...)
			if err == nil || exitCode(err) != 2 || !strings.Contains(err.Error(), c.want) || out != "" {
				t.Errorf("admin %v: printed %q, error %v (exit %d), want exit 2 with %q", c.args, out, err, exitCode(err), c.want)
			}
		}
		if _, err := cli("lift", "--email", "mia@example.org"); err == nil || exitCode(err) != 1 || err.Error() != "mia@example.org is neither suspended nor banned" {
			t.Errorf("lift of a free account: %v", err)
		}
		if _, err := cli("ban", "--email", "nobody@example.org", "--reason", "spam"); err == nil || exitCode(err) != 1 || err.Error() != "no account has the email nobody@example.org" {
			t.Errorf("ban of no account: %v", err)
		}
		if st, d := send("still here"); st != http.StatusCreated {
			t.Fatalf("a refused command changed something: %d %s", st, d)
		}

		// Suspended until a time, with a reason.
		conn := followGroup(t, url, miaTok, gid)
		until := time.Now().Add(72 * time.Hour).UTC().Truncate(time.Minute)
		out, err := cli("suspend", "--email", "Mia@Example.org", "--until", until.Format(time.RFC3339), "--reason", "unkind messages to others")
		if err != nil {
			t.Fatal(err)
		}
		if want := "mia@example.org is suspended from writing until " + until.Format("2006-01-02 15:04 UTC") + "\n"; !strings.HasPrefix(out, want) {
			t.Fatalf("suspend printed %q, want %q first", out, want)
		}
		if ce, _ := closeFrame(t, conn); ce.Code != 4403 || ce.Text != "account_changed: your account changed; reconnect to carry on" {
			t.Fatalf("after the suspension Mia's socket closed with %d %q", ce.Code, ce.Text)
		}
		// Refused with the day and hour her notice gives (her zone is UTC).
		if st, d := send("are you there"); st != http.StatusForbidden ||
			!strings.HasPrefix(d, "your account is suspended until "+until.Format("2 January 2006")+", "+until.Format("15:04")+" UTC; ") {
			t.Fatalf("a suspended member's message: %d %q", st, d)
		}
		// The day in full as English writes it ("12 December 2026"), never 2026-12-12.
		wantNote := "Kinship's operator suspended your account from writing until " + until.Format("2 January 2006") + ", " + until.Format("15:04") + " UTC. Their reason: unkind messages to others. You can appeal if you think it is wrong."
		if n := notes(); !strings.Contains(n, wantNote) {
			t.Fatalf("Mia should read %q in her notifications:\n%s", wantNote, n)
		}

		// Lifted: she writes again, and is told.
		conn = followGroup(t, url, miaTok, gid)
		if out, err = cli("lift", "--email", "mia@example.org"); err != nil || out != "the suspension of mia@example.org is lifted: they can write again, and were told so\n" {
			t.Fatalf("lift printed %q, %v", out, err)
		}
		if ce, _ := closeFrame(t, conn); ce.Code != 4403 {
			t.Fatalf("after the lift Mia's socket closed with %d %q", ce.Code, ce.Text)
		}
		if st, d := send("back again"); st != http.StatusCreated {
			t.Fatalf("after the lift: %d %s", st, d)
		}
		if n := notes(); !strings.Contains(n, "Kinship's operator lifted the suspension or ban on your account: you can write again.") {
			t.Fatalf("Mia should be told of the lift:\n%s", n)
		}

		// Banned.
		conn = followGroup(t, url, miaTok, gid)
		if out, err = cli("ban", "--email", "mia@example.org", "--reason", "selling pills in group chat"); err != nil || !strings.HasPrefix(out, "mia@example.org is banned from writing\n") {
			t.Fatalf("ban printed %q, %v", out, err)
		}
		if ce, _ := closeFrame(t, conn); ce.Code != 4403 {
			t.Fatalf("after the ban Mia's socket closed with %d %q", ce.Code, ce.Text)
		}
		if st, d := send("hello?"); st != http.StatusForbidden || !strings.Contains(d, "banned") {
			t.Fatalf("a banned member's message: %d %q", st, d)
		}
		if n := notes(); !strings.Contains(n, "Kinship's operator banned your account from writing. Their reason: selling pills in group chat. You can appeal if you think it is wrong.") {
			t.Fatalf("Mia should be told of the ban:\n%s", n)
		}
		// Her privacy log names each, as the moderation queue's actions are.
		st, log := api(t, "GET", url+"/api/v1/me/audit", miaTok, nil)
		if st != http.StatusOK {
			t.Fatalf("audit: %d %v", st, log)
		}
		var actions []string
		for _, e := range log["items"].([]any) {
			actions = append(actions, e.(map[string]any)["action"].(string))
		}
		for _, want := range []string{"moderation_suspend", "restriction_lifted", "moderation_ban"} {
			if !strings.Contains(strings.Join(actions, " "), want) {
				t.Errorf("Mia's privacy log lacks %s: %v", want, actions)
			}
		}
	})
}
