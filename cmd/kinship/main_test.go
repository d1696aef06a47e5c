package main

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// terminals holds what each in-process server printed on standard error
// (email too, as it has no SMTP), by URL.
var terminals sync.Map

// printedLink waits for a server to print an email to `to` with a link
// containing path, and returns the link. Any node may send it: nodes on one
// PostgreSQL share the job queue.
func printedLink(t *testing.T, url, to, path string) string {
	t.Helper()
	if _, ok := terminals.Load(url); !ok {
		t.Fatalf("no server at %s", url)
	}
	for end := time.Now().Add(20 * time.Second); time.Now().Before(end); time.Sleep(20 * time.Millisecond) {
		var all strings.Builder
		terminals.Range(func(_, v any) bool { all.WriteString(v.(*testutil.SyncBuffer).String()); return true })
		for _, mail := range strings.Split(all.String(), "---- end of email ----") {
			if !strings.Contains(mail, "To: "+to+"\n") {
				continue
			}
			if i := strings.Index(mail, path); i >= 0 {
				start := strings.LastIndex(mail[:i], "http")
				return strings.Fields(mail[start:])[0]
			}
		}
	}
	t.Fatalf("%s printed no email to %s with %s", url, to, path)
	return ""
}

// startServer runs the real program in-process on a random port and
// returns its URL once /healthz answers 200.
func startServer(t *testing.T, env map[string]string) (url string, stdout *testutil.SyncBuffer) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	stdout = &testutil.SyncBuffer{}
	stderr := &testutil.SyncBuffer{}
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--addr", "127.0.0.1:0"}, func(k string) string { return env[k] }, strings.NewReader(""), io.MultiWriter(pw, stdout), stderr)
		pw.Close()
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("server stopped with an error: %v\n%s", err, stderr.String())
			}
		case <-time.After(15 * time.Second):
			t.Error("server did not stop within 15s")
		}
	})
	sc := bufio.NewScanner(pr)
	for sc.Scan() {
		if u, ok := strings.CutPrefix(sc.Text(), "Kinship is running at "); ok {
			url = u
			break
		}
	}
	terminals.Store(url, stderr)
	t.Cleanup(func() { terminals.Delete(url) })
	go io.Copy(io.Discard, pr)
	if url == "" {
		t.Fatalf("server printed no address; stderr:\n%s", stderr.String())
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		res, err := http.Get(url + "/healthz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return url, stdout
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("/healthz never answered 200: %v", err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestServeOnEachDatabase(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		dir := t.TempDir()
		url, out := startServer(t, map[string]string{"KINSHIP_DATA_DIR": dir, "KINSHIP_DATABASE_URL": db.URL, "KINSHIP_METRICS_TOKEN": "metrics-token-for-the-test"})
		if !strings.Contains(out.String(), "first account to sign up becomes its site admin") {
			t.Errorf("no first-admin notice in %q", out.String())
		}
		if !strings.Contains(out.String(), "SMTP is not configured: email, with its confirmation and password-reset links, is printed on standard error") {
			t.Errorf("no word on where email goes in %q", out.String())
		}
		info, err := os.Stat(filepath.Join(dir, "kinship.key"))
		if err != nil {
			t.Fatal(err)
		}
		if info.Mode().Perm() != 0o600 {
			t.Errorf("key file mode %v, want 0600", info.Mode().Perm())
		}
		res, err := http.Post(url+"/api/v1/auth/signup", "application/json", strings.NewReader(`{"email":"first@example.org","password":"tidal lantern forest","display_name":"First"}`))
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusCreated {
			t.Fatalf("signup: %d", res.StatusCode)
		}
		for _, h := range []string{"Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy"} {
			if res.Header.Get(h) == "" {
				t.Errorf("missing security header %s", h)
			}
		}
		req, _ := http.NewRequest("GET", url+"/metrics", nil)
		req.Header.Set("Authorization", "Bearer metrics-token-for-the-test")
		res, err = http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if !strings.Contains(string(body), `kinship_http_requests_total{code="2xx",route="POST /api/v1/auth/signup"} 1`) {
			t.Errorf("metrics lack the sign-up count:\n%s", body)
		}
	})
}

func TestConfigErrorsSayWhatToFix(t *testing.T) {
	cases := []struct {
		args []string
		env  map[string]string
		want string
	}{
		{[]string{"serve", "--addr", "nonsense"}, nil, "use host:port"},
		{nil, map[string]string{"KINSHIP_DATABASE_URL": "mysql://x"}, "postgres://"},
		{nil, map[string]string{"KINSHIP_SMTP_HOST": "mail.example.org"}, "KINSHIP_SMTP_FROM"},
		{nil, map[string]string{"KINSHIP_SMTP_PORT": "seventy"}, "port number"},
		{[]string{"serve", "--base-url", "ftp://x"}, nil, "--base-url"},
		{[]string{"frobnicate"}, nil, "unknown command"},
		{[]string{"admin", "dance"}, nil, "unknown admin action"},
	}
	for _, c := range cases {
		env := map[string]string{"KINSHIP_DATA_DIR": t.TempDir()}
		for k, v := range c.env {
			env[k] = v
		}
		var stderr strings.Builder
		err := run(context.Background(), c.args, func(k string) string { return env[k] }, strings.NewReader(""), io.Discard, &stderr)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v %v: error %v, want it to mention %q", c.args, c.env, err, c.want)
		}
		if exitCode(err) != 2 {
			t.Errorf("%v: exit code %d, want 2", c.args, exitCode(err))
		}
	}
}

func TestAdminAndMigrate(t *testing.T) {
	env := dataDirOnly(t)
	var out strings.Builder
	if err := run(context.Background(), []string{"migrate"}, env, nil, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "migration") {
		t.Fatalf("migrate printed %q", out.String())
	}
	out.Reset()
	// Flags may come before or after the action.
	err := run(context.Background(), []string{"admin", "--email", "mod@example.org", "create-user", "--role", "moderator", "--display-name", "Mod"}, env, strings.NewReader("quiet harbor lights\n"), &out, io.Discard)
	if err != nil || !strings.Contains(out.String(), "created mod@example.org with role moderator") {
		t.Fatalf("create-user with flags first: %v %q", err, out.String())
	}
	if !strings.Contains(out.String(), "No time zone given (--timezone): their days count in UTC") {
		t.Fatalf("create-user without a zone does not say whose days are UTC's: %q", out.String())
	}
	out.Reset()
	err = run(context.Background(), []string{"admin", "create-user", "--email", "cal@example.org", "--display-name", "Cal", "--timezone", "Eastern"}, env, strings.NewReader("quiet harbor lights\n"), &out, io.Discard)
	if err != nil || !strings.Contains(out.String(), "created cal@example.org with role member") || strings.Contains(out.String(), "No time zone") {
		t.Fatalf("create-user with --timezone: %v %q", err, out.String())
	}
	err = run(context.Background(), []string{"admin", "create-user", "--email", "dee@example.org", "--display-name", "Dee", "--timezone", "Atlantis"}, env, strings.NewReader("quiet harbor lights\n"), &out, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "time zone") {
		t.Fatalf("create-user with an unknown zone: %v", err)
	}
	err = run(context.Background(), []string{"admin", "set-role", "--email", "cal@example.org", "--role", "mentor", "--timezone", "Eastern"}, env, nil, &out, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "--timezone is for create-user only") {
		t.Fatalf("set-role with --timezone: %v", err)
	}
	err = run(context.Background(), []string{"admin", "create-user", "--email", "mod@example.org", "--role", "moderator", "--display-name", "Mod"}, env, strings.NewReader("quiet harbor lights\n"), &out, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Fatalf("second create-user: %v", err)
	}
	// A command line has no highlighted fields: each mistake names its flag
	// (W8-8), and a wrong role lists the roles there are.
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"create-user", "--email", "mod2@example.org", "--role", "admin", "--display-name", "Mod"},
			"--role admin is not a role: use member, mentor, facilitator, moderator, org_admin or site_admin"},
		{[]string{"set-role", "--email", "mod@example.org", "--role", "wizard"},
			"--role wizard is not a role: use member, mentor, facilitator, moderator, org_admin or site_admin"},
		{[]string{"create-user", "--email", "not-an-address", "--display-name", "Mod"}, "--email: "},
		{[]string{"create-user", "--email", "dee@example.org", "--display-name", "Dee", "--timezone", "Atlantis"}, "--timezone: "},
		{[]string{"create-user", "--email", "eve@example.org", "--display-name", "Eve", "--language", "fr"}, "--language: Kinship does not speak fr: use one of en, es"},
		{[]string{"set-role", "--email", "mod@example.org", "--role", "mentor", "--language", "es"}, "--language is for create-user only"},
	} {
		err = run(context.Background(), append([]string{"admin"}, c.args...), env, strings.NewReader("quiet harbor lights\n"), &out, io.Discard)
		if err == nil || !strings.HasPrefix(err.Error(), c.want) || strings.Contains(err.Error(), "highlighted") || exitCode(err) != 2 {
			t.Errorf("admin %q: %v (exit %d), want %q", c.args, err, exitCode(err), c.want)
		}
	}
	out.Reset()
	if err := run(context.Background(), []string{"admin", "set-role", "--email", "mod@example.org", "--role", "mentor"}, env, nil, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "mentor") {
		t.Fatalf("set-role printed %q", out.String())
	}
	out.Reset()
	if err := run(context.Background(), []string{"admin", "reset-mfa", "--email", "mod@example.org"}, env, nil, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if err := run(context.Background(), []string{"admin", "reset-mfa", "--email", "nobody@example.org"}, env, nil, &out, io.Discard); err == nil || !strings.Contains(err.Error(), "not found") {
		t.Fatalf("reset-mfa of an unknown account: %v", err)
	}
	out.Reset()
	if err := run(context.Background(), []string{"version"}, env, nil, &out, io.Discard); err != nil || !strings.HasPrefix(out.String(), "kinship ") {
		t.Fatalf("version: %q %v", out.String(), err)
	}
}
