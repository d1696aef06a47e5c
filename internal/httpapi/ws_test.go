package httpapi_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/kinshiprecovery/kinship/internal/testutil"
)

func frameMessage(t testing.TB, f map[string]any) map[string]any {
	t.Helper()
	m, ok := f["message"].(map[string]any)
	if !ok {
		t.Fatalf("not a message frame: %v", f)
	}
	return m
}

func TestSocketDeliveryAndResync(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		e, _ := newEnvWithAdmin(t, db)
		_, aTok := e.signupLogin("ana@example.org", goodPassword, "Ana")
		_, bTok := e.signupLogin("ben@example.org", goodPassword, "Ben")
		gid := e.groupWith(aTok, "Evenings", bTok)

		a, b := e.dialWS(aTok), e.dialWS(bTok)
		a.subscribe(gid, 0)
		a.until("subscribed")
		b.subscribe(gid, 0)
		b.until("subscribed")

		// Sent on the socket: acknowledged to the sender, delivered to both.
		a.send(map[string]any{"op": "send", "ref": "r1", "conv": gid, "client_id": "k1", "body": "Hello from the socket"})
		got := frameMessage(t, b.until("message"))
		if got["body"] != "Hello from the socket" || got["seq"].(float64) != 1 {
			t.Fatalf("delivered: %v", got)
		}
		// Sent over plain HTTP: delivered live too.
		expectStatus(t, e.do("POST", "/api/v1/groups/"+gid+"/messages", aTok, map[string]string{"client_id": "k2", "body": "Hello over HTTP"}), http.StatusCreated)
		got = frameMessage(t, b.until("message"))
		if got["body"] != "Hello over HTTP" || got["seq"].(float64) != 2 {
			t.Fatalf("delivered: %v", got)
		}
		lastChange := int64(2)

		// Ben drops off; two messages and a reaction happen while he is away.
		b.conn.Close()
		for i := 3; i <= 4; i++ {
			expectStatus(t, e.do("POST", "/api/v1/groups/"+gid+"/messages", aTok, map[string]string{"client_id": fmt.Sprint("k", i), "body": fmt.Sprint("missed ", i)}), http.StatusCreated)
		}
		// He reconnects with his last change and gets exactly what he missed, in order.
		b2 := e.dialWS(bTok)
		b2.subscribe(gid, lastChange)
		var seqs []float64
		for len(seqs) < 2 {
			f := b2.next()
			if f["type"] == "message" {
				seqs = append(seqs, frameMessage(t, f)["seq"].(float64))
			}
		}
		if seqs[0] != 3 || seqs[1] != 4 {
			t.Fatalf("resync delivered %v", seqs)
		}
		b2.until("subscribed")
		// A retry of the same client ID is acknowledged with the stored message, not stored twice.
		a.send(map[string]any{"op": "send", "ref": "r2", "conv": gid, "client_id": "k1", "body": "Hello from the socket"})
		for {
			f := a.next()
			if f["type"] == "ack" && f["ref"] == "r2" {
				if f["result"].(map[string]any)["seq"].(float64) != 1 {
					t.Fatalf("retry: %v", f)
				}
				break
			}
		}
		page := e.do("GET", "/api/v1/groups/"+gid+"/messages?after=0", aTok, nil).JSON(t)
		if n := len(page["items"].([]any)); n != 4 {
			t.Fatalf("%d messages stored, want 4", n)
		}
	})
}

func TestSocketAccessIsCheckedOnEveryDelivery(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		e, _ := newEnvWithAdmin(t, db)
		_, fTok := e.signupLogin("fran@example.org", goodPassword, "Fran")
		aID, aTok := e.signupLogin("ana@example.org", goodPassword, "Ana")
		_, cTok := e.signupLogin("cy@example.org", goodPassword, "Cy")
		mID, mTok := e.signupLogin("milo@example.org", goodPassword, "Milo")
		gid := e.groupWith(fTok, "Evenings", aTok, cTok, mTok)
		c, m := e.dialWS(cTok), e.dialWS(mTok)
		for _, cl := range []*wsClient{c, m} {
			cl.subscribe(gid, 0)
			cl.until("subscribed")
		}
		// Cy blocks Ana while his socket is open: her messages stop reaching him at once.
		expectStatus(t, e.do("POST", "/api/v1/blocks", cTok, map[string]string{"user_id": aID}), http.StatusCreated)
		expectStatus(t, e.do("POST", "/api/v1/groups/"+gid+"/messages", aTok, map[string]string{"client_id": "a1", "body": "from Ana"}), http.StatusCreated)
		expectStatus(t, e.do("POST", "/api/v1/groups/"+gid+"/messages", fTok, map[string]string{"client_id": "f1", "body": "from Fran"}), http.StatusCreated)
		if got := frameMessage(t, c.until("message")); got["body"] != "from Fran" {
			t.Fatalf("a blocked member's message reached the blocker's socket: %v", got)
		}
		// Milo is removed while connected: he is told, and receives nothing more.
		if got := frameMessage(t, m.until("message")); got["body"] != "from Ana" {
			t.Fatalf("milo: %v", got)
		}
		m.until("message")
		expectStatus(t, e.do("POST", "/api/v1/groups/"+gid+"/members/"+mID, fTok, map[string]string{"action": "remove", "reason": "off-topic selling"}), http.StatusNoContent)
		if f := m.until("removed"); f["conv"] != gid {
			t.Fatalf("removed frame: %v", f)
		}
		expectStatus(t, e.do("POST", "/api/v1/groups/"+gid+"/messages", fTok, map[string]string{"client_id": "f2", "body": "after the removal"}), http.StatusCreated)
		m.send(map[string]any{"op": "subscribe", "conv": gid, "ref": "again"})
		if f := m.until("error"); f["code"] != "not_found" {
			t.Fatalf("resubscribing after removal: %v", f)
		}
		m.quiet(300*time.Millisecond, "pong")
	})
}

func TestSocketBadInput(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		e, _ := newEnvWithAdmin(t, db)
		_, aTok := e.signupLogin("ana@example.org", goodPassword, "Ana")
		gid := e.newGroup(aTok, "Evenings", "listed")
		a := e.dialWS(aTok)
		expectError := func(code string) {
			t.Helper()
			if f := a.until("error"); f["code"] != code {
				t.Fatalf("error frame: %v, want code %s", f, code)
			}
		}
		// A frame that is not JSON is refused in words a developer can act on.
		notJSON := func(want string) {
			t.Helper()
			if f := a.until("error"); f["code"] != "invalid" || f["error"] != want+`; send one JSON object per frame, such as {"op":"ping","ref":"1"}` {
				t.Fatalf("error frame: %v, want %q", f, want)
			}
		}
		a.conn.WriteMessage(websocket.TextMessage, []byte("{not json"))
		notJSON("that request is not valid JSON: it breaks at character 2")
		a.conn.WriteMessage(websocket.BinaryMessage, []byte{1, 2, 3})
		if f := a.until("error"); f["code"] != "invalid" || f["error"] != "send requests as JSON text frames" {
			t.Fatalf("binary frame: %v", f)
		}
		a.conn.WriteMessage(websocket.TextMessage, []byte(`[{"op":"ping"}]`))
		notJSON("that request is a list, not an object")
		a.conn.WriteMessage(websocket.TextMessage, []byte(`{"op":"send","conv":"`+gid+`","body":"`+strings.Repeat("x", 20000)+`"}`))
		expectError("too_large")
		a.send(map[string]any{"op": "dance"})
		expectError("invalid")
		a.send(map[string]any{"op": "subscribe", "conv": "no-such-conversation"})
		expectError("not_found")
		a.send(map[string]any{"op": "send", "conv": gid, "client_id": "e", "body": ""})
		expectError("invalid")
		a.send(map[string]any{"op": "react", "message_id": "nope", "reaction": "with_you"})
		expectError("not_found")
		// Numbers out of range are refused naming the field, never replaced.
		expectMessage := func(ref, msg string) {
			t.Helper()
			if f := a.until("error"); f["ref"] != ref || f["error"] != msg {
				t.Fatalf("error frame: %v, want %q", f, msg)
			}
		}
		a.send(map[string]any{"op": "subscribe", "ref": "neg", "conv": gid, "after": -5})
		expectMessage("neg", "after must be 0 or more")
		a.send(map[string]any{"op": "history", "ref": "big", "conv": gid, "limit": 500})
		expectMessage("big", "limit is 1 to 200 messages (leave it out for 50) (limit: use 1 to 200)")
		a.send(map[string]any{"op": "history", "ref": "typo", "conv": gid, "limt": 5})
		expectMessage("typo", `unknown field "limt"; a request's keys are op, ref, conv, after, client_id, body, message_id, reaction, reason, seq, limit`)
		// A key in another case, or given twice, is named, not folded
		// into the field or taken with its last value.
		a.conn.WriteMessage(websocket.TextMessage, []byte(`{"op":"send","ref":"case","conv":"`+gid+`","client_id":"c","Body":"hi"}`))
		expectMessage("case", `unknown field "Body"; keys are read exactly as documented: send "body"`)
		a.conn.WriteMessage(websocket.TextMessage, []byte(`{"op":"send","ref":"twice","conv":"`+gid+`","client_id":"t","body":"a","body":"b"}`))
		expectMessage("twice", `"body" is given more than once in the request; send each key once`)
		// The connection carries on.
		a.send(map[string]any{"op": "ping", "ref": "p"})
		if f := a.until("pong"); f["ref"] != "p" {
			t.Fatalf("pong: %v", f)
		}
		a.send(map[string]any{"op": "send", "ref": "ok", "conv": gid, "client_id": "fine", "body": "still works"})
		if f := a.until("ack"); f["ref"] != "ok" {
			t.Fatalf("ack: %v", f)
		}
		if n := len(e.do("GET", "/api/v1/groups/"+gid+"/messages", aTok, nil).JSON(t)["items"].([]any)); n != 1 {
			t.Fatalf("bad requests stored messages: %d", n)
		}
		// A page on another site cannot open a socket with the member's cookie.
		h := http.Header{"Authorization": {"Bearer " + aTok}, "Origin": {"https://evil.example"}}
		_, res, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(e.http.URL, "http")+"/api/v1/ws", h)
		if err == nil || res == nil || res.StatusCode != http.StatusForbidden {
			t.Fatalf("foreign origin: %v %v", err, res)
		}
		h.Set("Origin", e.http.URL)
		conn, _, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(e.http.URL, "http")+"/api/v1/ws", h)
		if err != nil {
			t.Fatalf("own origin: %v", err)
		}
		conn.Close()
		// Without a session there is no socket.
		_, res, err = websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(e.http.URL, "http")+"/api/v1/ws", nil)
		if err == nil || res.StatusCode != http.StatusUnauthorized {
			t.Fatalf("anonymous: %v %v", err, res)
		}
	})
}

// TestChatPageSocketOpensSubscribed: a chat page's socket names its
// conversation and the last change the page has (?conv=…&after=…) and
// opens subscribed, as a subscribe request would have it: what it missed,
// then its answer (ref empty), then what is sent live. A conversation the
// member is not in is refused as the request is; after without conv, or
// an after that is not a whole number 0 or more, is a 400 before the
// upgrade.
func TestChatPageSocketOpensSubscribed(t *testing.T) {
	e, _ := newEnvWithAdmin(t, testutil.DB{Name: "sqlite", DataDir: t.TempDir()})
	_, aTok := e.signupLogin("ana@example.org", goodPassword, "Ana")
	_, bTok := e.signupLogin("ben@example.org", goodPassword, "Ben")
	_, cTok := e.signupLogin("cy@example.org", goodPassword, "Cy")
	gid := e.groupWith(aTok, "Evenings", bTok)
	expectStatus(t, e.do("POST", "/api/v1/groups/"+gid+"/messages", aTok, map[string]string{"client_id": "k1", "body": "Before Ben came"}), http.StatusCreated)

	b := e.dialWSQuery(bTok, "?conv="+gid+"&after=0")
	if got := frameMessage(t, b.until("message")); got["body"] != "Before Ben came" {
		t.Fatalf("caught up: %v", got)
	}
	if f := b.until("subscribed"); f["conv"] != gid || f["ref"] != "" {
		t.Fatalf("the subscription's answer: %v", f)
	}
	expectStatus(t, e.do("POST", "/api/v1/groups/"+gid+"/messages", aTok, map[string]string{"client_id": "k2", "body": "Live now"}), http.StatusCreated)
	if got := frameMessage(t, b.until("message")); got["body"] != "Live now" {
		t.Fatalf("live: %v", got)
	}

	// Opened from the last change: nothing again, only the answer.
	b2 := e.dialWSQuery(bTok, "?conv="+gid+"&after=2")
	if f := b2.next(); f["type"] != "subscribed" {
		t.Fatalf("opened up to date, the first frame after hello: %v", f)
	}

	c := e.dialWSQuery(cTok, "?conv="+gid)
	if f := c.until("error"); f["code"] != "not_found" || f["ref"] != "" {
		t.Fatalf("Cy, outside the group: %v", f)
	}
	c.send(map[string]any{"op": "ping", "ref": "p"})
	c.until("pong")

	for _, q := range []string{"?after=3", "?conv=" + gid + "&after=-1", "?conv=" + gid + "&after=soon"} {
		h := http.Header{"Authorization": {"Bearer " + bTok}}
		_, res, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(e.http.URL, "http")+"/api/v1/ws"+q, h)
		if err == nil || res == nil || res.StatusCode != http.StatusBadRequest {
			status := 0
			if res != nil {
				status = res.StatusCode
			}
			t.Errorf("%s: %v, %d; want 400", q, err, status)
		}
	}
}
