package web

import (
	"encoding/json"
	"html"
	"regexp"
	"strings"
	"testing"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/match"
)

// TestCohortPairsRoundTrip renders the cohort review and reads back what
// the "Send" boxes post: each pair names its mentee and mentor by the ids
// the send step reads (mentee_id, mentor_id), and the sent list reads as
// words, by name (never the ids), with the reason a pair was not sent.
func TestCohortPairsRoundTrip(t *testing.T) {
	p := New(nil, nil, Options{})
	plan := &app.CohortPlan{Plan: match.Plan{Assignments: []match.Assignment{{Mentee: "01MENTEE", Mentor: "01MENTOR", Score: 80, Reasons: []string{"speaks Spanish"}}}},
		Names: map[string]string{"01MENTEE": "Eli", "01MENTOR": "Mia"}}
	why := "this mentor is full right now; try another suggestion"
	id := "01MENTORSHIP"
	sent := []app.PairResult{{Mentee: "01MENTEE", Mentor: "01MENTOR", ID: &id}, {Mentee: "01OTHER", Mentor: "01MENTOR", Error: &why}}
	var b strings.Builder
	if err := p.pages["cohort"].Execute(&b, view{Title: "Plan a cohort", Data: cohortData{Plan: plan, Method: "optimal", Sent: sentPairs(sent, func(id string) string {
		return map[string]string{"01MENTEE": "Eli", "01MENTOR": "Mia", "01OTHER": "Ren"}[id]
	})}}); err != nil {
		t.Fatal(err)
	}
	page := b.String()
	values := regexp.MustCompile(`name="pair" value='([^']*)'`).FindAllStringSubmatch(page, -1)
	if len(values) != 1 {
		t.Fatalf("pair boxes: %v", values)
	}
	var a match.Assignment
	if err := json.Unmarshal([]byte(html.UnescapeString(values[0][1])), &a); err != nil || a.Mentee != "01MENTEE" || a.Mentor != "01MENTOR" {
		t.Fatalf("a pair posts %s, read as %+v (%v)", values[0][1], a, err)
	}
	for _, want := range []string{"Eli → Mia: request sent", "Ren → Mia: not sent (" + html.EscapeString(why) + ")"} {
		if !strings.Contains(page, want) {
			t.Errorf("the sent list lacks %q", want)
		}
	}
	if strings.Contains(page, "01OTHER") {
		t.Errorf("the sent list shows an id: %s", page)
	}
}
