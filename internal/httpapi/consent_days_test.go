package httpapi_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// programClient makes Ava, the admin of Harbor Treatment with two-factor
// login, and a client (email, name) who joined it by a code and lives in
// zone; it returns the organization, Ava's token, and the client's id and
// token.
func (e *env) programClient(siteTok, email, name, zone string) (org, avaTok, id, tok string) {
	e.t.Helper()
	e.enableMFA(siteTok)
	e.signupLogin("ava@example.org", goodPassword, "Ava")
	id, tok = e.signupLogin(email, goodPassword, name)
	avaTok = e.login("ava@example.org", goodPassword, "")
	org = e.do("POST", "/api/v1/organizations", siteTok, map[string]string{"name": "Harbor Treatment", "admin_email": "ava@example.org"}).JSON(e.t)["id"].(string)
	e.enableMFA(avaTok)
	code := e.do("POST", "/api/v1/organizations/"+org+"/invitations", avaTok, map[string]any{"cohort": "Winter", "days": 7}).JSON(e.t)["code"].(string)
	expectStatus(e.t, e.do("POST", "/api/v1/organizations/join", tok, map[string]string{"code": code}), http.StatusOK)
	expectStatus(e.t, e.do("PATCH", "/api/v1/me", tok, map[string]any{"time_zone": zone}), http.StatusOK)
	return org, avaTok, id, tok
}

// TestConsentDaysAreTheGiversDays: Cal, in New York, consents from
// tomorrow. At 21:00 in New York it is already tomorrow in UTC, and the
// consent, which began at midnight UTC, let the staff read his check-ins
// that evening, before the day he chose. It begins at midnight in New York,
// ends at the end of his last day there, and reads the days he gave.
func TestConsentDaysAreTheGiversDays(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		e, siteTok := newEnvWithAdmin(t, db)
		harbor, avaTok, cID, cTok := e.programClient(siteTok, "cal@example.org", "Cal", "America/New_York")
		expectStatus(t, e.do("POST", "/api/v1/checkins", cTok, map[string]any{"mood": 3, "craving": 2, "used": false}), http.StatusCreated)

		// To 21:00 in New York: 02:00 UTC, the next day there.
		ny, _ := time.LoadLocation("America/New_York")
		now := e.clock.Now().In(ny)
		nine := time.Date(now.Year(), now.Month(), now.Day(), 21, 0, 0, 0, ny)
		if !nine.After(now) {
			nine = nine.AddDate(0, 0, 1)
		}
		e.clock.Advance(nine.Sub(now))
		tomorrow := nine.AddDate(0, 0, 1).Format("2006-01-02")
		last := nine.AddDate(0, 0, 3).Format("2006-01-02")
		c := e.do("POST", "/api/v1/consents", cTok, map[string]any{"org_id": harbor, "data": []string{"checkins"}, "purpose": "my counsellor follows my week", "starts_at": tomorrow, "ends_at": last})
		expectStatus(t, c, http.StatusCreated)
		if v := c.JSON(t); v["starts_at"] != tomorrow || v["ends_at"] != last || v["active"] != false {
			t.Fatalf("Cal's consent from %s to %s, given the evening before: %s", tomorrow, last, c.Body)
		}
		data := "/api/v1/organizations/" + harbor + "/members/" + cID + "/data"
		expectStatus(t, e.do("GET", data, avaTok, nil), http.StatusForbidden)
		// Midnight in New York: it begins.
		e.clock.Advance(3*time.Hour + time.Minute)
		expectStatus(t, e.do("GET", data, avaTok, nil), http.StatusOK)
		// Past 23:59 of his last day in New York (04:59 UTC the next day): it has ended.
		end := time.Date(nine.Year(), nine.Month(), nine.Day()+3, 23, 59, 0, 0, ny)
		e.clock.Advance(end.Sub(e.clock.Now()))
		expectStatus(t, e.do("GET", data, avaTok, nil), http.StatusOK)
		e.clock.Advance(2 * time.Minute)
		expectStatus(t, e.do("GET", data, avaTok, nil), http.StatusForbidden)
	})
}
