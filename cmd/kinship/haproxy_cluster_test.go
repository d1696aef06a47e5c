package main

import (
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// TestTwoNodesBehindHAProxyOverNATSInChromium is the set-up an operator
// runs: two nodes on one PostgreSQL database, telling each other of
// changes through NATS, behind HAProxy. A member opens a group's chat in
// Chromium on a phone-sized window through HAProxy; HAProxy's log says
// which node took the page's socket; a message sent through the other
// node appears on the page, live and without a reload.
func TestTwoNodesBehindHAProxyOverNATSInChromium(t *testing.T) {
	haproxy, err := exec.LookPath("haproxy")
	if err != nil {
		testutil.Unavailable(t, "haproxy", "install it with: apt-get install haproxy")
	}
	exe := testutil.ChromiumPath(t)
	pgURL := testutil.PostgresURL(t)
	nats := testutil.StartNATS(t)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	lb := l.Addr().String()
	l.Close()
	key := filepath.Join(t.TempDir(), "kinship.key")
	env := func(node string) map[string]string {
		return map[string]string{"KINSHIP_DATA_DIR": t.TempDir(), "KINSHIP_DATABASE_URL": pgURL, "KINSHIP_KEY_FILE": key, "KINSHIP_NODE_NAME": node,
			"KINSHIP_BROKER": "nats", "KINSHIP_NATS_URL": nats.URL(), "KINSHIP_BASE_URL": "http://" + lb, "KINSHIP_TRUST_PROXY": "true"}
	}
	urls := map[string]string{}
	urls["node-a"], _ = startServer(t, env("node-a"))
	urls["node-b"], _ = startServer(t, env("node-b"))

	// HAProxy, round robin, logging each request's node as soon as the node answers.
	cfg := fmt.Sprintf(`global
  log stdout format raw local0
defaults
  mode http
  log global
  option httplog
  option logasap
  timeout connect 5s
  timeout client 60s
  timeout server 60s
  timeout tunnel 1h
frontend fe
  bind %s
  default_backend nodes
backend nodes
  balance roundrobin
  server node-a %s
  server node-b %s
`, lb, strings.TrimPrefix(urls["node-a"], "http://"), strings.TrimPrefix(urls["node-b"], "http://"))
	cfgPath := filepath.Join(t.TempDir(), "haproxy.cfg")
	if err := os.WriteFile(cfgPath, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	hlog := &testutil.SyncBuffer{}
	cmd := exec.Command(haproxy, "-f", cfgPath, "-db")
	cmd.Stdout, cmd.Stderr = hlog, hlog
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Signal(syscall.SIGTERM); cmd.Wait() })
	for i := 0; ; i++ {
		if c, err := net.Dial("tcp", lb); err == nil {
			c.Close()
			break
		}
		if i == 100 {
			t.Fatalf("HAProxy did not listen on %s:\n%s", lb, hlog.String())
		}
		time.Sleep(50 * time.Millisecond)
	}

	member(t, urls["node-a"], "admin@example.org", "Admin")
	ana := member(t, urls["node-a"], "ana@example.org", "Ana")
	facilitate(t, urls["node-a"], ana)
	st, g := api(t, "POST", urls["node-a"]+"/api/v1/groups", ana, map[string]string{"name": "Mornings", "description": "", "visibility": "listed"})
	if st != http.StatusCreated {
		t.Fatalf("group: %d %v", st, g)
	}
	gid := g["id"].(string)
	ben := member(t, urls["node-b"], "ben@example.org", "Ben")
	if st, m := api(t, "POST", urls["node-b"]+"/api/v1/groups/"+gid+"/join", ben, nil); st != http.StatusOK {
		t.Fatalf("join: %d %v", st, m)
	}

	ctx, closeBrowser := testutil.Browser(t, exe, 390, 844, 90*time.Second)
	defer closeBrowser()
	type css = chromedp.CSS
	if err := chromedp.Do(ctx, chromedp.Navigate("http://"+lb+"/login"), chromedp.SendKeys(css(`#f-email`), "ben@example.org"),
		chromedp.SendKeys(css(`#f-password`), "tidal lantern forest"), chromedp.Click(css(`main button[type=submit]`)),
		chromedp.WaitVisible(css(`a[href="/groups"]`))); err != nil {
		t.Fatalf("Ben signs in through HAProxy: %v\n%s", err, hlog.String())
	}
	if err := chromedp.Do(ctx, chromedp.Navigate("http://"+lb+"/groups/"+gid+"/chat"), chromedp.WaitVisible(css(`#chat[data-live="yes"]`))); err != nil {
		t.Fatalf("Ben opens the chat: %v", err)
	}
	// The page's socket is the one upgrade in HAProxy's log.
	ws := regexp.MustCompile(`nodes/(node-[ab]) .*"GET /api/v1/ws `)
	var holder string
	for end := time.Now().Add(10 * time.Second); holder == "" && time.Now().Before(end); time.Sleep(20 * time.Millisecond) {
		if m := ws.FindStringSubmatch(hlog.String()); m != nil {
			holder = m[1]
		}
	}
	if holder == "" {
		t.Fatalf("no socket in HAProxy's log:\n%s", hlog.String())
	}
	other := map[string]string{"node-a": "node-b", "node-b": "node-a"}[holder]
	t.Logf("HAProxy gave Ben's socket to %s; Ana sends through %s", holder, other)

	body := "Good morning, Ben. Sent through " + other + "."
	if st, m := api(t, "POST", urls[other]+"/api/v1/groups/"+gid+"/messages", ana, map[string]string{"client_id": "walk-1", "body": body}); st != http.StatusCreated {
		t.Fatalf("send through %s: %d %v", other, st, m)
	}
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`window.stillHere = true`),
		chromedp.Poll[chromedp.Void](fmt.Sprintf(`window.stillHere === true && [...document.querySelectorAll('#chat-log .msg .body')].some(e => e.textContent.includes(%q))`, body),
			chromedp.WithPollingTimeout(15*time.Second))); err != nil {
		t.Fatalf("the message sent through %s did not appear on Ben's page (socket on %s): %v", other, holder, err)
	}
	v, err := chromedp.Run(ctx, chromedp.Text(css(`#chat-log .msg:last-of-type`)))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(v, "Ana") || !strings.Contains(v, body) {
		t.Fatalf("Ben's page shows %q, want Ana's message", v)
	}
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(90))
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.ArtifactDir(), "nats-haproxy-chat.png")
	if err := os.WriteFile(p, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", p)
}
