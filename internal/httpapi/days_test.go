package httpapi_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// isoDay is a date as the database keeps it ("2026-12-19"), which no page
// should show a person as text (a date field's value may stay ISO).
var isoDay = regexp.MustCompile(`\b\d{4}-\d{2}-\d{2}\b`)

// The fault: the check-in page read "since 2026-12-19" while the home page
// read "20 October 2026". Every page writes a day one way, "19 December
// 2026": the home page, the check-in page (start, next milestone, the
// recent list), consents, and what a partner, a mentor and program staff
// read of someone's check-ins.
func TestDaysReadTheSameOnEveryPage(t *testing.T) {
	e, siteTok := newEnvWithAdmin(t, testutil.DB{Name: "sqlite", DataDir: t.TempDir()})
	e.enableMFA(siteTok)
	mID, mTok := e.signupLogin("mia@example.org", goodPassword, "Mia")
	_, eTok := e.signupLogin("eli@example.org", goodPassword, "Eli")
	pID, pTok := e.signupLogin("pat@example.org", goodPassword, "Pat")
	_, aTok := e.signupLogin("ava@example.org", goodPassword, "Ava")
	e.enableMFA(aTok)
	e.enableMFA(mTok)
	now := e.clock.Now()
	start := now.AddDate(-3, 0, -10)
	expectStatus(t, e.do("PATCH", "/api/v1/me", mTok, map[string]any{"recovery_start": start.Format("2006-01-02")}), http.StatusOK)
	expectStatus(t, e.do("PATCH", "/api/v1/me", eTok, map[string]any{"recovery_start": start.Format("2006-01-02")}), http.StatusOK)
	expectStatus(t, e.do("PATCH", "/api/v1/me/mentorship", mTok, map[string]any{"is_mentor": true, "capacity": 1, "availability": []string{"tue-evening"}}), http.StatusOK)
	ms := e.do("POST", "/api/v1/mentorships", eTok, map[string]string{"mentor_id": mID}).JSON(t)["id"].(string)
	expectStatus(t, e.do("POST", "/api/v1/mentorships/"+ms+"/status", mTok, map[string]string{"action": "accept"}), http.StatusOK)
	expectStatus(t, e.do("PATCH", "/api/v1/mentorships/"+ms, eTok, map[string]any{"share": map[string]bool{"checkin_done": true, "mood": true, "used": true}}), http.StatusOK)
	partnership := e.do("POST", "/api/v1/partners", eTok, map[string]string{"user_id": pID}).JSON(t)["id"].(string)
	expectStatus(t, e.do("POST", "/api/v1/partners/"+partnership+"/accept", pTok, nil), http.StatusOK)
	expectStatus(t, e.do("PATCH", "/api/v1/partners/"+partnership, eTok, map[string]any{"share": map[string]bool{"checkin_done": true, "craving": true, "used": true}}), http.StatusOK)
	org := e.do("POST", "/api/v1/organizations", siteTok, map[string]string{"name": "Harbor", "admin_email": "ava@example.org"}).JSON(t)["id"].(string)
	code := e.do("POST", "/api/v1/organizations/"+org+"/invitations", aTok, map[string]string{"cohort": "Spring"}).JSON(t)["code"].(string)
	expectStatus(t, e.do("POST", "/api/v1/organizations/join", eTok, map[string]string{"code": code}), http.StatusOK)
	expectStatus(t, e.do("POST", "/api/v1/checkins", eTok, map[string]any{"mood": 4, "craving": 0, "used": false}), http.StatusCreated)
	ends := now.AddDate(0, 1, 0)
	expectStatus(t, e.do("POST", "/api/v1/consents", eTok, map[string]any{"org_id": org, "data": []string{"checkins"}, "purpose": "care",
		"starts_at": now.Format("2006-01-02"), "ends_at": ends.Format("2006-01-02")}), http.StatusCreated)
	eID := e.do("GET", "/api/v1/me", eTok, nil).JSON(t)["id"].(string)

	today, since := now.Format("2 January 2006"), start.Format("2 January 2006")
	for _, c := range []struct {
		who, tok, path string
		want           []string
		cell           bool // the page lists check-ins in a table of days
	}{
		{"Eli's home page", eTok, "/", []string{"days since " + since + "."}, false},
		{"Eli's check-in page", eTok, "/checkin", []string{"days in recovery in all, since " + since + ".", today + " 4/5 0/10 No"}, true},
		{"Eli's trends", eTok, "/trends", []string{today + " 4"}, false},
		{"Eli's consents", eTok, "/consents", []string{"From " + today + " to " + ends.Format("2 January 2006") + "."}, false},
		{"his partner Pat", pTok, "/partners", []string{today + ": checked in · craving 0/10 · used: No"}, false},
		{"his mentor Mia", mTok, "/mentorships/" + ms + "/checkins", []string{today + " 4/5"}, true},
		{"program staff", aTok, "/organizations/" + org + "/members/" + eID, []string{today + " 4/5 0/10 No"}, true},
	} {
		r := e.do("GET", c.path, c.tok, nil)
		expectStatus(t, r, http.StatusOK)
		text := testutil.Visible(r.String())
		for _, w := range c.want {
			if !strings.Contains(text, w) {
				t.Errorf("%s does not read %q:\n%s", c.who, w, text)
			}
		}
		// A table's day is short on the screen and whole for a screen
		// reader (W10-12).
		if c.cell && !strings.Contains(r.String(), `<span aria-hidden="true">`+now.Format("Mon 2 Jan")+`</span><span class="visually-hidden">`+now.Format("Monday 2 January 2006")+`</span>`) {
			t.Errorf("%s does not show today as %q (%q for a screen reader):\n%s", c.who, now.Format("Mon 2 Jan"), now.Format("Monday 2 January 2006"), r.String())
		}
		if d := isoDay.FindString(text); d != "" {
			t.Errorf("%s shows the raw date %s:\n%s", c.who, d, text)
		}
	}
	// The check-in page's next milestone is a day in words too.
	text := testutil.Visible(e.do("GET", "/checkin", eTok, nil).String())
	if !regexp.MustCompile(`Next milestone: .+ on \d{1,2} [A-Z][a-z]+ \d{4}\.`).MatchString(text) {
		t.Errorf("next milestone:\n%s", text)
	}
}
