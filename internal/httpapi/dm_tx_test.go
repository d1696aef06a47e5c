package httpapi_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// TestRefusedFirstMessageLeavesNoThread: a first direct message to someone
// one is not connected to, refused as too long or with a bad client ID,
// leaves no empty pending thread on either side and spends none of the
// day's allowance of such requests; a good one then opens the thread with
// its message.
func TestRefusedFirstMessageLeavesNoThread(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		e, _ := newEnvWithAdmin(t, db)
		aID, aTok := e.signupLogin("ana@example.org", goodPassword, "Ana")
		sID, sTok := e.signupLogin("sam@example.org", goodPassword, "Sam")
		if err := e.store.SetTrustOverride(t.Context(), sID, 1, "test", e.clock.Now()); err != nil {
			t.Fatal(err)
		}
		r := e.do("POST", "/api/v1/dms", sTok, map[string]string{"user_id": aID, "client_id": "c1", "body": strings.Repeat("a", 4001)})
		if r.Status != http.StatusRequestEntityTooLarge || problemOf(t, r)["detail"] != "keep a message to 4,000 characters; split a longer one in two" {
			t.Fatalf("too long a first message: %d %s", r.Status, r.Body)
		}
		r = e.do("POST", "/api/v1/dms", sTok, map[string]string{"user_id": aID, "client_id": strings.Repeat("k", 101), "body": "hello"})
		if r.Status != http.StatusBadRequest || problemOf(t, r)["detail"] != "client_id must be at most 100 characters" {
			t.Fatalf("a bad client id: %d %s", r.Status, r.Body)
		}
		for _, tok := range []string{sTok, aTok} {
			in := e.do("GET", "/api/v1/dms", tok, nil).JSON(t)
			if len(in["items"].([]any)) != 0 {
				t.Fatalf("a refused first message left a thread: %v", in)
			}
		}
		// Nothing was counted against Sam's requests to strangers today.
		n, err := e.store.Hit(t.Context(), "dm-request:"+sID, e.clock.Now().Truncate(24*60*60*1e9))
		if err != nil {
			t.Fatal(err)
		}
		if n != 1 {
			t.Fatalf("refused requests spent %d of the allowance", n-1)
		}
		r = e.do("POST", "/api/v1/dms", sTok, map[string]string{"user_id": aID, "client_id": "c2", "body": "Hello Ana, I saw your post about the evening group."})
		expectStatus(t, r, http.StatusCreated)
		if m := r.JSON(t)["message"].(map[string]any); m["body"] != "Hello Ana, I saw your post about the evening group." || m["seq"].(float64) != 1 {
			t.Fatalf("first message: %v", m)
		}
		reqs := e.do("GET", "/api/v1/dms?state=request", aTok, nil).JSON(t)["items"].([]any)
		if len(reqs) != 1 || reqs[0].(map[string]any)["other_display_name"] != "Sam" {
			t.Fatalf("Ana's requests: %v", reqs)
		}
	})
}
