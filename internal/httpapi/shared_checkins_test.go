package httpapi_test

import (
	"net/http"
	"testing"

	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// TestSharedUsedReadsAsAnswered: a mentor and program staff read a shared
// check-in's "used" as the member answered it: No for No, Yes for Yes, and
// "not shared" when the member keeps it to themselves. (It read "yes" for a
// No: the template asked {{if}} of a *bool, which is true when not nil.)
func TestSharedUsedReadsAsAnswered(t *testing.T) {
	e, siteTok := newEnvWithAdmin(t, testutil.DB{Name: "sqlite", DataDir: t.TempDir()})
	e.enableMFA(siteTok)
	mID, mTok := e.signupLogin("mia@example.org", goodPassword, "Mia")
	eID, eTok := e.signupLogin("eli@example.org", goodPassword, "Eli")
	_, aTok := e.signupLogin("ava@example.org", goodPassword, "Ava")
	e.enableMFA(aTok)
	e.enableMFA(mTok)
	expectStatus(t, e.do("PATCH", "/api/v1/me", mTok, map[string]any{"recovery_start": e.clock.Now().AddDate(-3, 0, 0).Format("2006-01-02")}), http.StatusOK)
	expectStatus(t, e.do("PATCH", "/api/v1/me/mentorship", mTok, map[string]any{"is_mentor": true, "capacity": 1, "availability": []string{"tue-evening"}}), http.StatusOK)
	ms := e.do("POST", "/api/v1/mentorships", eTok, map[string]string{"mentor_id": mID}).JSON(t)["id"].(string)
	expectStatus(t, e.do("POST", "/api/v1/mentorships/"+ms+"/status", mTok, map[string]string{"action": "accept"}), http.StatusOK)
	share := func(used bool) {
		t.Helper()
		expectStatus(t, e.do("PATCH", "/api/v1/mentorships/"+ms, eTok, map[string]any{"share": map[string]bool{"checkin_done": true, "mood": true, "craving": true, "used": used}}), http.StatusOK)
	}
	share(true)
	org := e.do("POST", "/api/v1/organizations", siteTok, map[string]string{"name": "Harbor", "admin_email": "ava@example.org"}).JSON(t)["id"].(string)
	code := e.do("POST", "/api/v1/organizations/"+org+"/invitations", aTok, map[string]string{"cohort": "Spring"}).JSON(t)["code"].(string)
	expectStatus(t, e.do("POST", "/api/v1/organizations/join", eTok, map[string]string{"code": code}), http.StatusOK)

	// Day one Eli answers No (craving 0), day two Yes.
	noDay := e.clock.Now().Format("Monday 2 January 2006") // as a screen reader reads the table's day (W10-12)
	expectStatus(t, e.do("POST", "/api/v1/checkins", eTok, map[string]any{"mood": 3, "craving": 0, "used": false}), http.StatusCreated)
	e.clock.Advance(24 * 60 * 60e9)
	yesDay := e.clock.Now().Format("Monday 2 January 2006")
	expectStatus(t, e.do("POST", "/api/v1/checkins", eTok, map[string]any{"mood": 2, "craving": 8, "used": true}), http.StatusCreated)
	expectStatus(t, e.do("POST", "/api/v1/consents", eTok, map[string]any{"org_id": org, "data": []string{"checkins"}, "purpose": "care", "starts_at": e.clock.Now().Format("2006-01-02"), "ends_at": e.clock.Now().AddDate(0, 1, 0).Format("2006-01-02")}), http.StatusCreated)

	mentorPage := "/mentorships/" + ms + "/checkins"
	staffPage := "/organizations/" + org + "/members/" + eID
	for _, c := range []struct{ who, tok, path string }{{"mentor", mTok, mentorPage}, {"program staff", aTok, staffPage}} {
		r := e.do("GET", c.path, c.tok, nil)
		expectStatus(t, r, http.StatusOK)
		cols := columns(t, r.String())
		if got := cols[noDay]; got["Used"] != "No" || got["Craving"] != "0/10" || got["Mood"] != "3/5" {
			t.Errorf("%s reads the No day as %v, want Used No, Craving 0/10, Mood 3/5", c.who, got)
		}
		if got := cols[yesDay]; got["Used"] != "Yes" || got["Craving"] != "8/10" {
			t.Errorf("%s reads the Yes day as %v, want Used Yes, Craving 8/10", c.who, got)
		}
	}
	// Eli stops sharing whether he used: his mentor reads "not shared", never a guess.
	share(false)
	cols := columns(t, e.do("GET", mentorPage, mTok, nil).String())
	for _, day := range []string{noDay, yesDay} {
		if got := cols[day]["Used"]; got != "not shared" {
			t.Errorf("with used not shared, the mentor reads %q on %s", got, day)
		}
	}
}

func columns(t *testing.T, page string) map[string]map[string]string {
	t.Helper()
	rows, err := testutil.TableCells(page)
	if err != nil {
		t.Fatal(err)
	}
	return rows
}
