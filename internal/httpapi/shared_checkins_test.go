package httpapi_test

import (
	"net/http"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// TestSharedUsedReadsAsAnswered: a mentor and program staff read a shared
// check-in's "used" as the member answered it: No for No, Yes for Yes, and
// "not shared" when the member keeps it to themselves. (It read "yes" for a
// No: the template asked {{if}} of a *bool, which is true when not nil.)
func TestSharedUsedReadsAsAnswered(t *testing.T) {
	e := newEnv(t, testutil.DB{Name: "sqlite", DataDir: t.TempDir()})
	_, siteTok := e.signupLogin("admin@example.org", goodPassword, "Admin")
	e.enableMFA(siteTok)
	mID, mTok := e.signupLogin("mia@example.org", goodPassword, "Mia")
	eID, eTok := e.signupLogin("eli@example.org", goodPassword, "Eli")
	_, aTok := e.signupLogin("ava@example.org", goodPassword, "Ava")
	e.enableMFA(aTok)
	e.enableMFA(mTok)
	expectStatus(t, e.do("PATCH", "/api/v1/me", mTok, map[string]any{"recovery_start": e.clock.Now().AddDate(-3, 0, 0).Format("2006-01-02")}), http.StatusOK)
	expectStatus(t, e.do("PUT", "/api/v1/me/mentorship", mTok, map[string]any{"mentor": true, "capacity": 1, "availability": []string{"tue-evening"}}), http.StatusOK)
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
	noDay := e.clock.Now().Format("2006-01-02")
	expectStatus(t, e.do("POST", "/api/v1/checkins", eTok, map[string]any{"mood": 3, "craving": 0, "used": false}), http.StatusCreated)
	e.clock.Advance(24 * 60 * 60e9)
	yesDay := e.clock.Now().Format("2006-01-02")
	expectStatus(t, e.do("POST", "/api/v1/checkins", eTok, map[string]any{"mood": 2, "craving": 8, "used": true}), http.StatusCreated)
	expectStatus(t, e.do("POST", "/api/v1/consents", eTok, map[string]any{"org_id": org, "data": []string{"checkins"}, "purpose": "care", "starts_at": yesDay, "ends_at": e.clock.Now().AddDate(0, 1, 0).Format("2006-01-02")}), http.StatusCreated)

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

// columns reads a page's table as a person does: for each row's first cell
// (the day), the text under each column heading, with "—" shown to the eye
// and "not shared" to a screen reader read as the screen reader hears it.
func columns(t *testing.T, page string) map[string]map[string]string {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	var heads []string
	rows := map[string]map[string]string{}
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.DataAtom == atom.Tr {
			var cells []string
			header := false
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				if c.Type == html.ElementNode && (c.DataAtom == atom.Td || c.DataAtom == atom.Th) {
					header = header || c.DataAtom == atom.Th
					cells = append(cells, strings.TrimSpace(spoken(c)))
				}
			}
			if header {
				heads = cells
			} else if len(cells) > 0 {
				row := map[string]string{}
				for i, v := range cells {
					if i < len(heads) {
						row[heads[i]] = v
					}
				}
				rows[cells[0]] = row
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return rows
}

// spoken is an element's text without what is hidden from screen readers.
func spoken(n *html.Node) string {
	if n.Type == html.TextNode {
		return n.Data
	}
	if n.Type == html.ElementNode && attr(n, "aria-hidden") == "true" {
		return ""
	}
	var b strings.Builder
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		b.WriteString(spoken(c))
	}
	return b.String()
}
