package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"
)

// post sends a JSON request and returns the status and decoded answer, or
// an error when the server did not answer (it was killed mid-request).
func post(client *http.Client, url, token string, body any) (int, map[string]any, error) {
	b, _ := json.Marshal(body)
	req, _ := http.NewRequest("POST", url, bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := client.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer res.Body.Close()
	var m map[string]any
	if err := json.NewDecoder(res.Body).Decode(&m); err != nil {
		return res.StatusCode, nil, err
	}
	return res.StatusCode, m, nil
}

// writersOnServer creates n members on the data directory named in env,
// starts a server process on it, signs each member in and has each create
// a group of their own: the set-up of the tests that write under stress.
func writersOnServer(t *testing.T, env []string, n int) (p *proc, client *http.Client, tokens, groups []string) {
	t.Helper()
	for i := 0; i < n; i++ {
		if _, stderr, code := runKinship(t, "tidal lantern forest\n", env, "admin", "create-user", "--email", fmt.Sprintf("w%d@example.org", i), "--display-name", fmt.Sprint("Writer ", i), "--role", "member"); code != 0 {
			t.Fatalf("create-user: %d %s", code, stderr)
		}
	}
	p = startProc(t, env...)
	client = &http.Client{Timeout: 10 * time.Second}
	tokens, groups = make([]string, n), make([]string, n)
	for i := range tokens {
		st, m, err := post(client, p.url+"/api/v1/auth/login", "", map[string]string{"email": fmt.Sprintf("w%d@example.org", i), "password": "tidal lantern forest"})
		if err != nil || st != http.StatusOK {
			t.Fatalf("login: %d %v %v", st, m, err)
		}
		tokens[i] = m["token"].(string)
		facilitate(t, p.url, tokens[i])
		st, m, err = post(client, p.url+"/api/v1/groups", tokens[i], map[string]string{"name": fmt.Sprint("Circle ", i), "description": "We meet to talk.", "visibility": "listed"})
		if err != nil || st != http.StatusCreated {
			t.Fatalf("group: %d %v %v", st, m, err)
		}
		groups[i] = m["id"].(string)
	}
	return p, client, tokens, groups
}

// storedMessage is a chat message as the history lists it.
type storedMessage struct {
	ClientID string `json:"client_id"`
	Seq      int64  `json:"seq"`
	Body     string `json:"body"`
}

// groupMessages reads a group's whole history, a page of 200 at a time
// from the newest back (a quiet machine writes more than one page in these
// tests; after=0 means "no after", so paging goes by before).
func groupMessages(t *testing.T, client *http.Client, base, group, token string) []storedMessage {
	t.Helper()
	var all []storedMessage
	for cursor := ""; ; {
		url := fmt.Sprintf("%s/api/v1/groups/%s/messages?limit=200", base, group)
		if cursor != "" {
			url += "&cursor=" + cursor
		}
		req, _ := http.NewRequest("GET", url, nil)
		req.Header.Set("Authorization", "Bearer "+token)
		res, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var page struct {
			Items      []storedMessage `json:"items"`
			NextCursor *string         `json:"next_cursor"`
		}
		err = json.NewDecoder(res.Body).Decode(&page)
		res.Body.Close()
		if err != nil || res.StatusCode != http.StatusOK {
			t.Fatalf("list messages: %d %v", res.StatusCode, err)
		}
		all = append(all, page.Items...)
		if page.NextCursor == nil {
			return all
		}
		cursor = *page.NextCursor
	}
}

// TestKillNineUnderWriteLoseNothing runs a real server process on SQLite,
// has four members post chat messages as fast as they are allowed, and
// kills the process with SIGKILL in the middle of it, ten times. After
// each restart every message the server acknowledged (201 with its
// sequence number) is there, in its place.
func TestKillNineUnderWriteLoseNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a server process through ten restarts")
	}
	dir := t.TempDir()
	env := []string{"KINSHIP_DATA_DIR=" + dir}
	const writers = 4
	p, client, tokens, groups := writersOnServer(t, env, writers)

	acked := make([]map[string]int64, writers) // client id -> seq, per writer
	for i := range acked {
		acked[i] = map[string]int64{}
	}
	total, inFlight := 0, 0
	for round := 0; round < 10; round++ {
		var wg sync.WaitGroup
		var mu sync.Mutex
		for i := 0; i < writers; i++ {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				for n := 0; ; n++ {
					id := fmt.Sprintf("r%d-w%d-%d", round, i, n)
					st, m, err := post(client, p.url+"/api/v1/groups/"+groups[i]+"/messages", tokens[i], map[string]string{"client_id": id, "body": "message " + id})
					if err != nil {
						mu.Lock()
						inFlight++
						mu.Unlock()
						return // killed
					}
					if st != http.StatusCreated {
						return // the per-minute allowance of a new account is spent
					}
					mu.Lock()
					acked[i][id] = int64(m["seq"].(float64))
					total++
					mu.Unlock()
				}
			}(i)
		}
		time.Sleep(time.Duration(40+round*15) * time.Millisecond)
		p.kill()
		wg.Wait()
		p = startProc(t, env...)
		for i := 0; i < writers; i++ {
			found := map[string]int64{}
			for _, m := range groupMessages(t, client, p.url, groups[i], tokens[i]) {
				if _, dup := found[m.ClientID]; dup {
					t.Errorf("round %d: %s stored twice", round, m.ClientID)
				}
				found[m.ClientID] = m.Seq
			}
			for id, seq := range acked[i] {
				if got, ok := found[id]; !ok || got != seq {
					t.Errorf("round %d: acknowledged message %s (seq %d) after kill -9: found %v (seq %d)", round, id, seq, ok, got)
				}
			}
		}
	}
	t.Logf("10 kills under write: %d acknowledged messages all present, %d requests cut off by a kill", total, inFlight)
}
