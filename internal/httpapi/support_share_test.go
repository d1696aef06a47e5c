package httpapi_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// A moderator on duty answering Priya, who keeps where she is from
// strangers, is told her country only once she lets whoever answers see
// her country's lines (walk12 W12-3); each sight is in her audit log,
// and she may stop at any time.
func TestCallerLetsWhoeverAnswersSeeHerCountrysLines(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		e, _ := newEnvWithAdmin(t, db)
		_, pTok := e.signupLogin("priya@example.org", goodPassword, "Priya")
		kiriID, kiriTok := e.moderator("kiri@example.org", "Kiri")
		expectStatus(t, e.do("PUT", "/api/v1/me/on-duty", kiriTok, map[string]bool{"on": true}), http.StatusNoContent)
		expectStatus(t, e.do("PATCH", "/api/v1/me", pTok, map[string]any{"country": "India", "city": "Kolkata"}), http.StatusOK)

		choices := e.do("GET", "/api/v1/support/settings", pTok, nil)
		expectStatus(t, choices, http.StatusOK)
		if c := choices.JSON(t); c["share_country_lines"] != false || c["country"] != "IN" {
			t.Fatalf("Priya's choices before she makes one: %s", choices.Body)
		}
		// No partner, no mentor: her call goes straight to those on duty.
		expectStatus(t, e.do("POST", "/api/v1/support/alerts", pTok, nil), http.StatusCreated)
		call := func() map[string]any {
			t.Helper()
			r := e.do("GET", "/api/v1/support/alerts?role=responder", kiriTok, nil)
			if strings.Contains(r.String(), "Kolkata") {
				t.Fatal("Kiri is told Priya's town")
			}
			l := r.JSON(t)["items"].([]any)
			if len(l) != 1 {
				t.Fatalf("Kiri sees %d calls: %v", len(l), l)
			}
			return l[0].(map[string]any)
		}
		if got := call(); got["member_country"] != nil || got["member_country_private"] != true || got["member_country_shared"] != nil {
			t.Fatalf("before Priya chooses, Kiri sees %v", got)
		}

		r := e.do("PUT", "/api/v1/support/settings", pTok, map[string]any{})
		expectStatus(t, r, http.StatusBadRequest)
		if !strings.Contains(r.String(), "share_country_lines") {
			t.Fatalf("a body without the choice is refused naming it: %s", r.Body)
		}
		r = e.do("PUT", "/api/v1/support/settings", pTok, map[string]any{"share_country_lines": true})
		expectStatus(t, r, http.StatusOK)
		if c := r.JSON(t); c["share_country_lines"] != true || c["country"] != "IN" {
			t.Fatalf("after Priya shares: %s", r.Body)
		}
		got := call()
		if got["member_country"] != "IN" || got["member_country_shared"] != true || got["member_country_private"] != nil {
			t.Fatalf("once Priya shares her country's lines, Kiri sees %v", got)
		}
		sawCountry := func() int {
			n := 0
			for _, x := range e.do("GET", "/api/v1/me/audit", pTok, nil).JSON(t)["items"].([]any) {
				en := x.(map[string]any)
				if en["action"] == "support_alert_viewed" && en["actor_id"] == kiriID && en["fields"] != nil &&
					strings.Join(toStrings(en["fields"]), ",") == "country" {
					n++
				}
			}
			return n
		}
		if n := sawCountry(); n != 1 {
			t.Fatalf("Priya's log says %d times that Kiri saw her country, want 1", n)
		}

		r = e.do("PUT", "/api/v1/support/settings", pTok, map[string]any{"share_country_lines": false})
		expectStatus(t, r, http.StatusOK)
		if got := call(); got["member_country"] != nil || got["member_country_private"] != true {
			t.Fatalf("after Priya stops sharing, Kiri sees %v", got)
		}
		if n := sawCountry(); n != 1 {
			t.Fatalf("after Priya stops, her log says %d times that Kiri saw her country, want still 1", n)
		}
	})
}
