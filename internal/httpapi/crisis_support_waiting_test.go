package httpapi_test

import (
	"net/http"
	"testing"

	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// walk14 W14-7: the crisis queue said nothing of a call for support
// waiting for someone on duty. Through the API its answer now lists, on
// every page, the calls that went to those on duty and that nobody has
// answered, naming nobody and leading to where each is answered; a call
// still with the caller's partner is not among them, and one a moderator
// answers leaves the list.
func TestCrisisQueueListsCallsForSupportWaiting(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		e, _ := newEnvWithAdmin(t, db)
		_, aTok := e.signupLogin("ana@example.org", goodPassword, "Ana Quintero")
		pID, pTok := e.signupLogin("pat@example.org", goodPassword, "Pat")
		e.partnered(aTok, pTok, pID)
		_, bTok := e.signupLogin("bo@example.org", goodPassword, "Bo")
		_, modTok := e.moderator("mod@example.org", "Mod")

		waiting := func() []map[string]any {
			t.Helper()
			r := e.do("GET", "/api/v1/moderation/crisis", modTok, nil)
			expectStatus(t, r, http.StatusOK)
			list, ok := r.JSON(t)["support_waiting"].([]any)
			if !ok {
				t.Fatalf("the crisis queue has no support_waiting list: %s", r.Body)
			}
			var out []map[string]any
			for _, w := range list {
				out = append(out, w.(map[string]any))
			}
			return out
		}
		if w := waiting(); len(w) != 0 {
			t.Fatalf("with no call, support_waiting is %v", w)
		}
		expectStatus(t, e.do("POST", "/api/v1/support/alerts", aTok, nil), http.StatusCreated) // with Pat for now
		bo := e.do("POST", "/api/v1/support/alerts", bTok, nil)
		expectStatus(t, bo, http.StatusCreated)
		boAlert := bo.JSON(t)["alert"].(map[string]any)
		w := waiting()
		if len(w) != 1 || w[0]["id"] != boAlert["id"] || w[0]["path"] != "/support/respond#alert-"+boAlert["id"].(string) ||
			w[0]["created_at"] != boAlert["created_at"] {
			t.Fatalf("support_waiting is %v; want Bo's call (%v) alone", w, boAlert)
		}
		for k := range w[0] {
			if k != "id" && k != "path" && k != "created_at" {
				t.Errorf("a waiting call says %s: %v", k, w[0][k])
			}
		}
		// A member may not read the queue.
		expectStatus(t, e.do("GET", "/api/v1/moderation/crisis", pTok, nil), http.StatusForbidden)

		expectStatus(t, e.do("POST", "/api/v1/support/alerts/"+boAlert["id"].(string)+"/acknowledge", modTok, nil), http.StatusOK)
		if w := waiting(); len(w) != 0 {
			t.Errorf("an answered call still waits: %v", w)
		}
	})
}
