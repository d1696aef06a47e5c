package httpapi_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/kinshiprecovery/kinship/internal/testutil"
	"golang.org/x/net/html"
)

// TestReportQueueNamesTheGroup: the moderators' report queue did not say
// which group a reported message came from. Each group-message report
// now reads "In the group Evening circle." ("En el grupo Evening
// circle." in Spanish) beside whose it is, and its API entry carries the
// group's id and name; a direct message's report names no group.
func TestReportQueueNamesTheGroup(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		e, _ := newEnvWithAdmin(t, db)
		_, fTok := e.signupLogin("fay@example.org", goodPassword, "Fay")
		jID, jTok := e.signupLogin("jo@example.org", goodPassword, "Jo")
		lID, lTok := e.signupLogin("lu@example.org", goodPassword, "Lucia")
		_, modTok := e.moderator("mod@example.org", "Mod")
		gid := e.groupWith(fTok, "Evening circle", jTok, lTok)
		r := e.do("POST", "/api/v1/groups/"+gid+"/messages", jTok, map[string]string{"client_id": "j1", "body": "Buy cheap pills at my site"})
		expectStatus(t, r, http.StatusCreated)
		inGroup := r.JSON(t)["id"].(string)
		cid := e.do("POST", "/api/v1/connections", lTok, map[string]string{"user_id": jID}).JSON(t)["id"].(string)
		expectStatus(t, e.do("POST", "/api/v1/connections/"+cid+"/accept", jTok, nil), http.StatusNoContent)
		r = e.do("POST", "/api/v1/dms", jTok, map[string]string{"user_id": lID, "client_id": "d1", "body": "Buy them from me directly"})
		expectStatus(t, r, http.StatusCreated)
		direct := r.JSON(t)["message"].(map[string]any)["id"].(string)
		for _, id := range []string{inGroup, direct} {
			expectStatus(t, e.do("POST", "/api/v1/reports", lTok, map[string]string{"target_type": "message", "target_id": id, "reason": "spam"}), http.StatusCreated)
		}
		// A profile's report says whose profile in the moderator's language.
		expectStatus(t, e.do("POST", "/api/v1/reports", lTok, map[string]string{"target_type": "user", "target_id": jID, "reason": "spam"}), http.StatusCreated)

		q := e.do("GET", "/api/v1/moderation/queue", modTok, nil)
		expectStatus(t, q, http.StatusOK)
		items := q.JSON(t)["items"].([]any)
		if len(items) != 3 {
			t.Fatalf("queue: %s", q.Body)
		}
		for _, it := range items {
			m := it.(map[string]any)
			switch m["target_id"] {
			case inGroup:
				if m["group_id"] != gid || m["group_name"] != "Evening circle" {
					t.Errorf("the group message's report: %v", m)
				}
			case direct:
				if _, ok := m["group_name"]; ok {
					t.Errorf("the direct message's report names a group: %v", m)
				}
			}
		}

		for _, c := range []struct{ lang, want, profile string }{
			{"en", "In the group Evening circle.", "The profile of Jo"},
			{"es", "En el grupo Evening circle.", "El perfil de Jo"},
		} {
			expectStatus(t, e.do("POST", "/language", modTok, formBody("lang="+c.lang+"&next=/")), http.StatusSeeOther)
			page := e.do("GET", "/moderation/queue", modTok, nil)
			expectStatus(t, page, http.StatusOK)
			doc, err := html.Parse(strings.NewReader(page.String()))
			if err != nil {
				t.Fatal(err)
			}
			text := strings.Join(strings.Fields(textOf(doc)), " ")
			if strings.Count(text, c.want) != 1 || !strings.Contains(text, "Buy cheap pills") || !strings.Contains(text, "Buy them from me") {
				t.Errorf("the report queue in %s does not read %q once beside both reports:\n%s", c.lang, c.want, text)
			}
			if !strings.Contains(text, c.profile) {
				t.Errorf("the report queue in %s does not read %q for the profile's report:\n%s", c.lang, c.profile, text)
			}
		}
	})
}
