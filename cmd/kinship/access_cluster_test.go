package main

import (
	"fmt"
	"net/http"
	"testing"
	"time"
)

// TestTwoNodesAccessChangesAtOnce: access checks of sends keep the
// conversation and its group in each node's memory, but a removal from a
// group or a block made through node A refuses the next send and read
// through node B at once, and an archive made through A reaches B's cache
// through the broker; with each broker.
func TestTwoNodesAccessChangesAtOnce(t *testing.T) {
	brokers(t, testTwoNodesAccess)
}

func testTwoNodesAccess(t *testing.T, c *cluster) {
	urlA, urlB := c.urlA, c.urlB
	member(t, urlA, "admin@example.org", "Admin")
	ana := member(t, urlA, "ana@example.org", "Ana")
	ben := member(t, urlB, "ben@example.org", "Ben")
	cara := member(t, urlB, "cara@example.org", "Cara")
	id := func(base, tok string) string {
		t.Helper()
		st, m := api(t, "GET", base+"/api/v1/me", tok, nil)
		if st != http.StatusOK {
			t.Fatalf("me: %d %v", st, m)
		}
		return m["id"].(string)
	}
	benID, caraID := id(urlB, ben), id(urlB, cara)
	facilitate(t, urlA, ana)
	st, g := api(t, "POST", urlA+"/api/v1/groups", ana, map[string]string{"name": "Mornings", "description": "", "visibility": "listed"})
	if st != http.StatusCreated {
		t.Fatalf("group: %d %v", st, g)
	}
	gid := g["id"].(string)
	for _, tok := range []string{ben, cara} {
		if st, m := api(t, "POST", urlB+"/api/v1/groups/"+gid+"/join", tok, nil); st != http.StatusOK {
			t.Fatalf("join: %d %v", st, m)
		}
	}
	n := 0
	send := func(base, tok, path string) (int, map[string]any) {
		n++
		return api(t, "POST", base+path, tok, map[string]string{"client_id": fmt.Sprint("c", n), "body": fmt.Sprint("hello ", n)})
	}
	// Node B has the group in its memory once Ben and Cara have sent there.
	for _, tok := range []string{ben, cara} {
		if st, m := send(urlB, tok, "/api/v1/groups/"+gid+"/messages"); st != http.StatusCreated {
			t.Fatalf("send through B: %d %v", st, m)
		}
	}

	// A direct thread between Ben and Cara, through B; Cara blocks Ben through A.
	st, th := api(t, "POST", urlB+"/api/v1/dms", ben, map[string]string{"user_id": caraID, "client_id": "t1", "body": "hi Cara"})
	if st != http.StatusCreated && st != http.StatusOK {
		t.Fatalf("thread: %d %v", st, th)
	}
	thread, _ := th["thread"].(map[string]any)
	if thread == nil {
		thread = th
	}
	dm, _ := thread["id"].(string)
	if dm == "" {
		t.Fatalf("no thread id in %v", th)
	}
	if st, m := api(t, "POST", urlA+"/api/v1/blocks", cara, map[string]string{"user_id": benID}); st/100 != 2 {
		t.Fatalf("block: %d %v", st, m)
	}
	if st, m := send(urlB, ben, "/api/v1/dms/"+dm+"/messages"); st != http.StatusNotFound {
		t.Fatalf("Ben writes to Cara through B right after her block through A: %d %v (want 404)", st, m)
	}

	// Ana removes Ben through A: his very next send and read through B are refused.
	if st, m := api(t, "POST", urlA+"/api/v1/groups/"+gid+"/members/"+benID, ana, map[string]string{"action": "remove", "reason": "testing access"}); st != http.StatusNoContent {
		t.Fatalf("remove: %d %v", st, m)
	}
	if st, m := send(urlB, ben, "/api/v1/groups/"+gid+"/messages"); st != http.StatusNotFound {
		t.Fatalf("Ben sends through B right after his removal through A: %d %v (want 404)", st, m)
	}
	if st, m := api(t, "GET", urlB+"/api/v1/groups/"+gid+"/messages", ben, nil); st != http.StatusNotFound {
		t.Fatalf("Ben reads through B right after his removal through A: %d %v (want 404)", st, m)
	}
	if st, m := send(urlB, cara, "/api/v1/groups/"+gid+"/messages"); st != http.StatusCreated {
		t.Fatalf("Cara still sends through B: %d %v", st, m)
	}

	// Ana archives the group through A; B drops the group it kept when the
	// event arrives, and refuses Cara's sends as read-only from then on.
	if st, m := api(t, "POST", urlA+"/api/v1/groups/"+gid+"/archive", ana, nil); st != http.StatusNoContent {
		t.Fatalf("archive: %d %v", st, m)
	}
	deadline := time.Now().Add(10 * time.Second) // within the chat allowance of 30 a minute
	for {
		st, m := send(urlB, cara, "/api/v1/groups/"+gid+"/messages")
		if st == http.StatusConflict && fmt.Sprint(m["detail"]) == "this group is archived; its chat is read-only" {
			break
		}
		if st != http.StatusCreated || time.Now().After(deadline) {
			t.Fatalf("Cara's send through B after the archive through A: %d %v", st, m)
		}
		time.Sleep(500 * time.Millisecond)
	}
}
