package main

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	_ "github.com/jackc/pgx/v5/stdlib"
	"github.com/pquerna/otp/totp"

	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// api calls a node's JSON API and decodes the answer.
func api(t *testing.T, method, url, token string, body any) (int, map[string]any) {
	t.Helper()
	var rd *bytes.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	} else {
		rd = bytes.NewReader(nil)
	}
	req, _ := http.NewRequest(method, url, rd)
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var m map[string]any
	_ = json.NewDecoder(res.Body).Decode(&m)
	return res.StatusCode, m
}

// facilitate turns on two-factor login for tok's account, as a person
// does before starting a group (a group's facilitators need it), and
// returns the secret for codes at later sign-ins.
func facilitate(t *testing.T, url, tok string) string {
	t.Helper()
	st, m := api(t, "POST", url+"/api/v1/me/mfa/setup", tok, nil)
	if st != http.StatusOK {
		t.Fatalf("mfa setup: %d %v", st, m)
	}
	secret := m["secret"].(string)
	code, _ := totp.GenerateCode(secret, time.Now())
	if st, m := api(t, "POST", url+"/api/v1/me/mfa/confirm", tok, map[string]string{"code": code}); st != http.StatusOK {
		t.Fatalf("mfa confirm: %d %v", st, m)
	}
	return secret
}

// siteAdmin signs up the first account (the site admin, who moderates),
// turns on its two-factor login and signs in with a code; it returns the
// signed-in token.
func siteAdmin(t *testing.T, url, email string) string {
	t.Helper()
	tok := member(t, url, email, "Admin")
	secret := facilitate(t, url, tok)
	st, m := api(t, "POST", url+"/api/v1/auth/login", "", map[string]string{"email": email, "password": "tidal lantern forest"})
	if st != http.StatusOK || m["status"] != "mfa_required" {
		t.Fatalf("admin login: %d %v", st, m)
	}
	tok = m["token"].(string)
	code, _ := totp.GenerateCode(secret, time.Now())
	if st, m = api(t, "POST", url+"/api/v1/auth/mfa", tok, map[string]string{"code": code}); st != http.StatusOK || m["status"] != "signed_in" {
		t.Fatalf("admin login with code: %d %v", st, m)
	}
	return tok
}

func member(t *testing.T, url, email, name string) string {
	t.Helper()
	if st, m := api(t, "POST", url+"/api/v1/auth/signup", "", map[string]string{"email": email, "password": "tidal lantern forest", "display_name": name}); st != http.StatusCreated {
		t.Fatalf("signup %s: %d %v", email, st, m)
	}
	// Sign-in waits for the email to be confirmed: follow the printed link.
	link := printedLink(t, url, email, "/verify-email?token=")
	token := link[strings.Index(link, "token=")+len("token="):]
	if st, m := api(t, "POST", url+"/api/v1/auth/verify-email", "", map[string]string{"token": token}); st != http.StatusNoContent {
		t.Fatalf("confirm %s: %d %v", email, st, m)
	}
	st, m := api(t, "POST", url+"/api/v1/auth/login", "", map[string]string{"email": email, "password": "tidal lantern forest"})
	if st != http.StatusOK {
		t.Fatalf("login %s: %d %v", email, st, m)
	}
	return m["token"].(string)
}

// brokerPID returns the backend of the named node's listening connection, 0 when none.
func brokerPID(t *testing.T, db *sql.DB, node string) int {
	var pid int
	err := db.QueryRow("SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND query LIKE 'LISTEN%'", "kinship-broker-"+node).Scan(&pid)
	if err != nil && err != sql.ErrNoRows {
		t.Fatal(err)
	}
	return pid
}

// cluster is nodes A and B on one fresh PostgreSQL database with one key,
// telling each other of changes through one broker.
type cluster struct {
	pgURL, urlA, urlB string
	// env is the environment of a further process (such as an admin
	// command) on the same database and broker.
	env func(node string) map[string]string
	// cut breaks the named node's broker connection as a network failure
	// would; back reports once the node has connected anew.
	cut func(t *testing.T, node string) (back func() bool)
}

// brokers runs f once with each broker: PostgreSQL's LISTEN/NOTIFY and a
// NATS server started in the test's process.
func brokers(t *testing.T, f func(t *testing.T, c *cluster)) {
	for _, broker := range []string{"postgres", "nats"} {
		t.Run(broker, func(t *testing.T) { f(t, twoNodes(t, broker)) })
	}
}

// twoNodes starts nodes A and B with the named broker.
func twoNodes(t *testing.T, broker string) *cluster {
	c := &cluster{pgURL: testutil.PostgresURL(t)}
	key := filepath.Join(t.TempDir(), "kinship.key")
	extra := map[string]string{}
	switch broker {
	case "postgres":
		c.cut = func(t *testing.T, node string) func() bool {
			db, err := sql.Open("pgx", c.pgURL)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			old := brokerPID(t, db, node)
			if old == 0 {
				t.Fatalf("%s has no broker connection", node)
			}
			if _, err := db.Exec("SELECT pg_terminate_backend($1)", old); err != nil {
				t.Fatal(err)
			}
			return func() bool { pid := brokerPID(t, db, node); return pid != 0 && pid != old }
		}
	case "nats":
		srv := testutil.StartNATS(t)
		extra = map[string]string{"KINSHIP_BROKER": "nats", "KINSHIP_NATS_URL": srv.URL()}
		c.cut = func(t *testing.T, node string) func() bool {
			old := srv.Kick(t, "kinship-broker-"+node)
			return func() bool { ids := srv.Clients(t, "kinship-broker-"+node); return len(ids) == 1 && ids[0] != old }
		}
	}
	c.env = func(node string) map[string]string {
		env := map[string]string{"KINSHIP_DATA_DIR": t.TempDir(), "KINSHIP_DATABASE_URL": c.pgURL, "KINSHIP_KEY_FILE": key, "KINSHIP_NODE_NAME": node}
		maps.Copy(env, extra)
		return env
	}
	c.urlA, _ = startServer(t, c.env("node-a"))
	c.urlB, _ = startServer(t, c.env("node-b"))
	return c
}

// TestTwoNodesDeliverAcrossTheBroker starts two Kinship nodes on one
// PostgreSQL database, connects a member to each, and proves that messages
// sent through node A reach the member on node B in order, including those
// sent while node B's broker connection was cut and before it came back,
// and those sent through node A while its own connection was cut; with
// each broker.
func TestTwoNodesDeliverAcrossTheBroker(t *testing.T) {
	brokers(t, testTwoNodesDeliver)
}

func testTwoNodesDeliver(t *testing.T, c *cluster) {
	urlA, urlB := c.urlA, c.urlB
	member(t, urlA, "admin@example.org", "Admin")
	aTok := member(t, urlA, "ana@example.org", "Ana")
	bTok := member(t, urlB, "ben@example.org", "Ben")
	facilitate(t, urlA, aTok)
	st, g := api(t, "POST", urlA+"/api/v1/groups", aTok, map[string]string{"name": "Across nodes", "description": "", "visibility": "listed"})
	if st != http.StatusCreated {
		t.Fatalf("group: %d %v", st, g)
	}
	gid := g["id"].(string)
	if st, m := api(t, "POST", urlB+"/api/v1/groups/"+gid+"/join", bTok, nil); st != http.StatusOK {
		t.Fatalf("join: %d %v", st, m)
	}

	dial := func(base, tok string) *websocket.Conn {
		conn, _, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(base, "http")+"/api/v1/ws", http.Header{"Authorization": {"Bearer " + tok}})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { conn.Close() })
		conn.WriteJSON(map[string]any{"op": "subscribe", "conv": gid})
		return conn
	}
	connA, connB := dial(urlA, aTok), dial(urlB, bTok)
	// seqs reads message frames from conn until it has n, failing on a duplicate.
	seqs := func(conn *websocket.Conn, n int) []int {
		t.Helper()
		var out []int
		seen := map[int]bool{}
		for len(out) < n {
			conn.SetReadDeadline(time.Now().Add(10 * time.Second))
			var f struct {
				Type    string `json:"type"`
				Message struct {
					Seq int `json:"seq"`
				} `json:"message"`
			}
			if err := conn.ReadJSON(&f); err != nil {
				t.Fatalf("after %v: %v", out, err)
			}
			if f.Type != "message" {
				continue
			}
			if seen[f.Message.Seq] {
				t.Fatalf("message %d delivered twice", f.Message.Seq)
			}
			seen[f.Message.Seq] = true
			out = append(out, f.Message.Seq)
		}
		return out
	}
	send := func(i int) {
		t.Helper()
		if st, m := api(t, "POST", urlA+"/api/v1/groups/"+gid+"/messages", aTok, map[string]string{"client_id": fmt.Sprint("m", i), "body": fmt.Sprint("message ", i)}); st != http.StatusCreated {
			t.Fatalf("send %d: %d %v", i, st, m)
		}
	}
	// Wait until both sockets are subscribed (the subscribe answer) before sending.
	for _, c := range []*websocket.Conn{connA, connB} {
		for {
			c.SetReadDeadline(time.Now().Add(10 * time.Second))
			var f map[string]any
			if err := c.ReadJSON(&f); err != nil {
				t.Fatal(err)
			}
			if f["type"] == "subscribed" {
				break
			}
		}
	}
	for i := 1; i <= 3; i++ {
		send(i)
	}
	if got := seqs(connB, 3); fmt.Sprint(got) != "[1 2 3]" {
		t.Fatalf("node B delivered %v", got)
	}

	// Cut node B's broker connection; send while it is down and after it is back.
	back := c.cut(t, "node-b")
	for i := 4; i <= 6; i++ {
		send(i)
	}
	deadline := time.Now().Add(15 * time.Second)
	for !back() {
		if time.Now().After(deadline) {
			t.Fatal("node B's broker did not reconnect")
		}
		time.Sleep(20 * time.Millisecond)
	}
	for i := 7; i <= 8; i++ {
		send(i)
	}
	if got := seqs(connB, 5); fmt.Sprint(got) != "[4 5 6 7 8]" {
		t.Fatalf("node B delivered %v after the cut", got)
	}

	// Cut node A's broker connection as it sends: what it published as the
	// connection died may be lost on the way (NATS does not acknowledge a
	// publish), and node B must still deliver all of it, once, in order.
	back = c.cut(t, "node-a")
	for i := 9; i <= 11; i++ {
		send(i)
	}
	deadline = time.Now().Add(15 * time.Second)
	for !back() {
		if time.Now().After(deadline) {
			t.Fatal("node A's broker did not reconnect")
		}
		time.Sleep(20 * time.Millisecond)
	}
	// Before any later message could reveal the gap.
	if got := seqs(connB, 3); fmt.Sprint(got) != "[9 10 11]" {
		t.Fatalf("node B delivered %v after node A's cut", got)
	}
	send(12)
	if got := seqs(connB, 1); fmt.Sprint(got) != "[12]" {
		t.Fatalf("node B delivered %v after node A came back", got)
	}
	// Node A's own member saw everything too, in order.
	if got := seqs(connA, 12); fmt.Sprint(got) != "[1 2 3 4 5 6 7 8 9 10 11 12]" {
		t.Fatalf("node A delivered %v", got)
	}
}
