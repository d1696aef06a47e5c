package httpapi_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// realPage is a page opened as a person (tok "" is a visitor) who expects
// to read want on it.
type realPage struct{ tok, path, want string }

// TestPagesWithRealData opens the pages of every area as the people who
// use them, with real data behind them, and expects each to render whole.
func TestPagesWithRealData(t *testing.T) {
	e, pages := seedRealPages(t)
	for _, p := range pages {
		r := e.do("GET", p.path, p.tok, nil)
		if r.Status != http.StatusOK || !strings.Contains(r.String(), p.want) {
			t.Errorf("GET %s: %d, want 200 with %q:\n%.600s", p.path, r.Status, p.want, r.Body)
			continue
		}
		// Every page can be used with a screen reader.
		for _, problem := range a11yProblems(r.String()) {
			t.Errorf("GET %s: %s", p.path, problem)
		}
	}
	// So can a page that answers a mistake, with its field messages.
	for _, p := range errorPages(e) {
		r := e.do("GET", p.path, p.tok, nil)
		for _, problem := range a11yProblems(r.String()) {
			t.Errorf("GET %s (%d): %s", p.path, r.Status, problem)
		}
	}
}

// seedRealPages starts Kinship on SQLite with people, a group and its
// chat, a post with a report, a mentorship, a call for support, a program
// with a client under consent, and returns the pages of every area with
// what each person expects to read there. The browser tests open the same.
func seedRealPages(t *testing.T) (*env, []realPage) {
	t.Helper()
	e := newEnv(t, testutil.DB{Name: "sqlite", DataDir: t.TempDir()})
	_, siteTok := e.signupLogin("admin@example.org", goodPassword, "Admin")
	e.enableMFA(siteTok)
	aID, aTok := e.signupLogin("ana@example.org", goodPassword, "Ana")
	bID, bTok := e.signupLogin("ben@example.org", goodPassword, "Ben")
	_, modTok := e.moderator("mod@example.org", "Mod")
	expectStatus(t, e.do("PATCH", "/api/v1/me", aTok, map[string]any{"recovery_start": e.clock.Now().AddDate(-2, 0, 0).Format("2006-01-02"), "country": "US", "looking_for": []string{"a study partner"},
		"skills": []string{"Resume reviews"}, "visibility": map[string]string{"skills": "members"}}), http.StatusOK)
	gid := e.newGroup(aTok, "Evenings", "listed")
	expectStatus(t, e.do("POST", "/api/v1/groups/"+gid+"/join", bTok, nil), http.StatusOK)
	expectStatus(t, e.do("POST", "/api/v1/groups/"+gid+"/meetings", aTok, map[string]any{"title": "Weekly", "start_local": "2027-01-05T19:00", "time_zone": "America/Chicago",
		"duration_minutes": 60, "recurrence": map[string]any{"freq": "weekly", "weekdays": []string{"tue"}}}), http.StatusCreated)
	msg := e.do("POST", "/api/v1/groups/"+gid+"/messages", bTok, map[string]string{"client_id": "1", "body": "everyone would be better off without me"}).JSON(t)["id"].(string)
	expectStatus(t, e.do("PUT", "/api/v1/messages/"+msg+"/reactions/with_you", aTok, nil), http.StatusOK)
	thread := e.do("POST", "/api/v1/dms", aTok, map[string]string{"user_id": bID, "body": "Thinking of you"}).JSON(t)["thread"].(map[string]any)["id"].(string)
	post := e.do("POST", "/api/v1/posts", aTok, map[string]string{"kind": "story", "title": "Two years", "body": "Thankful", "content_note": "mentions overdose"}).JSON(t)["id"].(string)
	expectStatus(t, e.do("POST", "/api/v1/posts/"+post+"/comments", bTok, map[string]string{"body": "Proud of you"}), http.StatusCreated)
	expectStatus(t, e.do("POST", "/api/v1/reports", bTok, map[string]string{"target_type": "post", "target_id": post, "reason": "spam"}), http.StatusCreated)
	e.facilitator(aTok) // on since Ana started a group
	expectStatus(t, e.do("PATCH", "/api/v1/me/mentorship", aTok, map[string]any{"is_mentor": true, "capacity": 2, "availability": []string{"tue-evening"}}), http.StatusOK)
	expectStatus(t, e.do("POST", "/api/v1/mentorships", bTok, map[string]string{"mentor_id": aID, "note": "Hello"}), http.StatusCreated)
	// Cy is Ana's mentee and shares check-ins, one answered No.
	_, cTok := e.signupLogin("cy@example.org", goodPassword, "Cy")
	mentee := e.do("POST", "/api/v1/mentorships", cTok, map[string]string{"mentor_id": aID}).JSON(t)["id"].(string)
	expectStatus(t, e.do("POST", "/api/v1/mentorships/"+mentee+"/status", aTok, map[string]string{"action": "accept"}), http.StatusOK)
	expectStatus(t, e.do("PATCH", "/api/v1/mentorships/"+mentee, cTok, map[string]any{"share": map[string]bool{"checkin_done": true, "mood": true, "craving": true, "used": true}}), http.StatusOK)
	expectStatus(t, e.do("POST", "/api/v1/checkins", cTok, map[string]any{"mood": 2, "craving": 0, "used": false, "note": "long day"}), http.StatusCreated)
	expectStatus(t, e.do("POST", "/api/v1/support/alerts", bTok, nil), http.StatusCreated)
	org := e.do("POST", "/api/v1/organizations", siteTok, map[string]string{"name": "Harbor", "admin_email": "ana@example.org"}).JSON(t)["id"].(string)
	code := e.do("POST", "/api/v1/organizations/"+org+"/invitations", aTok, map[string]string{"cohort": "Spring"}).JSON(t)["code"].(string)
	expectStatus(t, e.do("POST", "/api/v1/organizations/join", bTok, map[string]string{"code": code}), http.StatusOK)
	today := e.clock.Now().Format("2006-01-02")
	expectStatus(t, e.do("POST", "/api/v1/consents", bTok, map[string]any{"org_id": org, "data": []string{"checkins", "recovery", "profile"}, "purpose": "care", "starts_at": today, "ends_at": e.clock.Now().AddDate(0, 1, 0).Format("2006-01-02")}), http.StatusCreated)

	e.tokens = map[string]string{"ana": aTok, "ben": bTok, "mod": modTok, "site": siteTok}
	return e, []realPage{
		{aTok, "/", "Kinship"},
		{aTok, "/groups", "Evenings"},
		{aTok, "/groups/" + gid, "Weekly"},
		{aTok, "/groups/" + gid + "/chat", "better off without me"},
		{aTok, "/messages", "Ben"},
		{aTok, "/messages/" + thread, "Thinking of you"},
		{aTok, "/community", "Two years"},
		{aTok, "/posts/" + post, "Proud of you"},
		{aTok, "/mentorship", "asks you to mentor them"},
		{bTok, "/mentorship", "Asked Ana"},
		{bTok, "/support", "peer supporters on duty"},
		{aTok, "/support/respond", "Nobody is waiting"},
		{aTok, "/notifications", "Your choices"},
		{bTok, "/consents", "Harbor"},
		{aTok, "/organizations", "Harbor"},
		{aTok, "/organizations/" + org, "Invite clients"},
		{aTok, "/organizations/" + org + "/members/" + bID, "may not be re-disclosed"},
		{bTok, "/appeals", "No moderator"},
		{modTok, "/moderation/queue", "Two years"},
		{modTok, "/moderation/crisis", "better off without me"},
		{siteTok, "/admin/crisis-resources", "988"},
		{aTok, "/checkin", "recovery time"},
		{aTok, "/profile", "study partner"},
		{bTok, "/people?skill=resume", "Resume reviews"},
		{bTok, "/people", "Find peers"},
		{aTok, "/about", "peer support"},
		{bTok, "/members/" + aID, "Report Ana"},
		{aTok, "/partners", "Accountability partners"},
		{aTok, "/trends", "Mood"},
		{aTok, "/recovery-capital", "Recovery capital"},
		{aTok, "/connections", "Connections"},
		{aTok, "/settings/security", "Two-factor"},
		{aTok, "/settings/privacy", "Your data and privacy"},
		{aTok, "/mentorship/cohort", "Plan a cohort"},
		{modTok, "/moderation/resources", "Resource"},
		{siteTok, "/admin/feedback", "Feedback inbox"},
		{siteTok, "/admin", "People with a role"},
		{siteTok, "/organizations/" + org, "People"},
		{"", "/", "Kinship"},
		{"", "/login", "Sign in"},
		{"", "/signup", "Join Kinship"},
		{"", "/password-reset", "Reset your password"},
		{"", "/meetings", "Find a meeting"},
		{"", "/treatment", "SAMHSA"},
		{"", "/resources", "Resources"},
		{"", "/feedback", "Feedback"},
		{"", "/about", "peer support"},
		{aTok, "/mentorships/" + mentee + "/checkins", "0/10"},
		{cTok, "/settings/privacy", "Read the check-ins you share with your mentor"},
		{bTok, "/settings/privacy", "under a consent you gave a program"},
	}
}

// errorPages are pages answering a mistake, with field messages.
func errorPages(e *env) []realPage {
	return []realPage{{e.tokens["ben"], "/people?skill=r", ""}, {"", "/treatment?near=zzzz-not-a-place", ""}, {"", "/meetings?near=%20", ""}}
}
