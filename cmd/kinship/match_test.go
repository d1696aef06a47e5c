package main

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kinshiprecovery/kinship/internal/match"
)

const matchCohort = `{
  "mentors": [
    {"id": "m1", "pathways": ["medication-supported"], "languages": ["en", "es"], "gender": "woman", "age": 41,
     "time_zone": "America/Chicago", "availability": ["mon-evening", "wed-evening"], "circumstances": ["parent", "young-children"],
     "capacity": 1, "recovery_years": 6},
    {"id": "m2", "pathways": ["12-step"], "languages": ["en"], "gender": "man", "age": 58,
     "time_zone": "America/New_York", "availability": ["sat-morning"], "capacity": 2, "recovery_years": 12},
    {"id": "m7", "languages": ["en"], "age": 40, "capacity": -1}
  ],
  "mentees": [
    {"id": "e1", "pathways": ["medication-supported"], "languages": ["es"], "gender": "woman", "age": 38,
     "time_zone": "America/Chicago", "availability": ["mon-evening"], "circumstances": ["parent", "young-children"],
     "require": {"language": true, "mentor_gender": "woman", "pathway": false}},
    {"id": "e2", "languages": ["vi"], "age": 25, "require": {"language": true}},
    {"id": "e3", "pathways": ["12-step"], "languages": ["en"], "age": 60, "time_zone": "America/Denver",
     "availability": ["sat-morning", "sat-afternoon"]},
    {"id": "e4", "languages": ["en"], "age": 130}
  ]
}`

func writeCohort(t *testing.T, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "cohort.json")
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func runMatch(stdin string, args ...string) (string, string, error) {
	var out, errOut strings.Builder
	err := matchCmd(context.Background(), args, func(string) string { return "" }, strings.NewReader(stdin), &out, &errOut)
	return out.String(), errOut.String(), err
}

func TestMatchPlan(t *testing.T) {
	path := writeCohort(t, matchCohort)
	for _, method := range []string{"optimal", "stable"} {
		out, errOut, err := runMatch("", "plan", "--input", path, "--method", method)
		if err != nil {
			t.Fatalf("%s: %v", method, err)
		}
		wantErr := "kinship: mentor m7: capacity -1 is negative\nkinship: mentee e4: age 130 is outside 0..120\n"
		if errOut != wantErr {
			t.Errorf("%s stderr = %q, want %q", method, errOut, wantErr)
		}
		var plan struct {
			Assignments []struct {
				Mentee  string `json:"mentee_id"`
				Mentor  string `json:"mentor_id"`
				Score   float64
				Reasons []string
			} `json:"assignments"`
			Unassigned []struct {
				Mentee string `json:"mentee_id"`
				Why    string
			} `json:"unassigned"`
			Total *float64 `json:"total_score"`
		}
		if err := json.Unmarshal([]byte(out), &plan); err != nil {
			t.Fatalf("%s: output is not JSON: %v\n%s", method, err, out)
		}
		got := map[string]string{}
		for _, a := range plan.Assignments {
			got[a.Mentee] = a.Mentor
			if len(a.Reasons) == 0 || a.Score <= 0 {
				t.Errorf("%s: assignment %+v lacks a score or reasons", method, a)
			}
		}
		if got["e1"] != "m1" || got["e3"] != "m2" || len(got) != 2 {
			t.Errorf("%s: assignments %v", method, got)
		}
		if len(plan.Unassigned) != 1 || plan.Unassigned[0].Mentee != "e2" || plan.Unassigned[0].Why != "no mentor speaks a shared language" {
			t.Errorf("%s: unassigned %+v", method, plan.Unassigned)
		}
		if plan.Total == nil || *plan.Total <= 0 {
			t.Errorf("%s: total_score missing", method)
		}
		for _, want := range []string{`"speaks Spanish"`, `"parent of young children"`, `"mentee_id": "e1"`} {
			if !strings.Contains(out, want) {
				t.Errorf("%s: output lacks %s:\n%s", method, want, out)
			}
		}
	}
}

func TestMatchPlanStdinAndEmpty(t *testing.T) {
	out, errOut, err := runMatch(`{"mentors":[],"mentees":[]}`, "plan", "--input", "-")
	if err != nil || errOut != "" {
		t.Fatalf("err %v, stderr %q", err, errOut)
	}
	if !strings.Contains(out, `"assignments": []`) || !strings.Contains(out, `"unassigned": []`) || !strings.Contains(out, `"total_score": 0`) {
		t.Errorf("empty plan printed as %s", out)
	}
}

func TestMatchScores(t *testing.T) {
	path := writeCohort(t, matchCohort)
	out, _, err := runMatch("", "scores", "--input", path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	var prev struct {
		Mentee string
		Score  float64
	}
	var pairs []string
	for _, l := range lines {
		var s struct {
			Mentee string `json:"mentee_id"`
			Mentor string `json:"mentor_id"`
			Score  float64
		}
		if err := json.Unmarshal([]byte(l), &s); err != nil {
			t.Fatalf("line %q: %v", l, err)
		}
		if strings.Contains(l, "reasons") {
			t.Errorf("line %q has reasons", l)
		}
		if s.Mentee < prev.Mentee || (s.Mentee == prev.Mentee && s.Score > prev.Score) {
			t.Errorf("line %q out of order", l)
		}
		prev.Mentee, prev.Score = s.Mentee, s.Score
		pairs = append(pairs, s.Mentee+"–"+s.Mentor)
	}
	// e1 needs a Spanish-speaking woman; e3 is free on Saturday mornings only.
	if strings.Join(pairs, " ") != "e1–m1 e3–m2" {
		t.Errorf("pairs %v", pairs)
	}
}

func TestMatchErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "cohort.json")
	if err := os.WriteFile(bad, []byte("{\n  \"mentors\": [\n    {\"id\": \"m1\",}\n  ]\n}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	unknown := writeCohort(t, `{"mentees":[{"id":"e1","colour":"blue"}]}`)
	tests := []struct {
		args  []string
		want  string
		usage bool
	}{
		{[]string{"plan", "--input", bad}, bad + ": not JSON: invalid character '}' looking for beginning of object key string (line 3)", false},
		{[]string{"plan", "--input", unknown}, unknown + `: mentee e1: unknown field "colour"`, false},
		{[]string{"plan", "--input", filepath.Join(dir, "missing.json")}, "cannot read", false},
		{[]string{"plan"}, "--input is required", true},
		{[]string{"plan", "--input", bad, "--method", "greedy"}, `--method "greedy": use optimal or stable`, true},
		{[]string{"scores", "--input", bad, "--method", "stable"}, "flag provided but not defined: -method", true},
		{[]string{"assign"}, "use: kinship match plan", true},
		{nil, "use: kinship match plan", true},
	}
	for _, tt := range tests {
		_, _, err := runMatch("", tt.args...)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%v: err = %v, want %q", tt.args, err, tt.want)
			continue
		}
		var ue usageError
		if errors.As(err, &ue) != tt.usage {
			t.Errorf("%v: usage error = %v, want %v", tt.args, !tt.usage, tt.usage)
		}
	}
}

// TestMatchWeights: kinship match plans with the instance's weights
// (--match-weights, by default KINSHIP_MATCH_WEIGHTS, as serve reads them)
// and refuses weights that cannot plan in words that say what to write.
func TestMatchWeights(t *testing.T) {
	path := writeCohort(t, matchCohort)
	plan := func(env map[string]string, args ...string) (map[string]any, error) {
		var out, errOut strings.Builder
		err := matchCmd(context.Background(), append([]string{"plan", "--input", path}, args...), func(k string) string { return env[k] }, strings.NewReader(""), &out, &errOut)
		var p map[string]any
		if err == nil {
			if err := json.Unmarshal([]byte(out.String()), &p); err != nil {
				t.Fatalf("%v: %v\n%s", args, err, out.String())
			}
		}
		return p, err
	}
	c, err := readCohort(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	c, _ = c.Clean()
	only := match.Weights{Language: 1}
	want, err := match.PlanOptimal(only, c)
	if err != nil {
		t.Fatal(err)
	}
	def, err := match.PlanOptimal(match.DefaultWeights(), c)
	if err != nil || def.TotalScore == want.TotalScore {
		t.Fatalf("the test cohort scores alike under both weights: %v %v", def.TotalScore, want.TotalScore)
	}
	allZeroButLanguage := "age=0,family=0,spirituality=0,pathway=0,circumstances=0,availability=0,language=1,substance=0,gender=0"
	for name, run := range map[string]func() (map[string]any, error){
		"environment": func() (map[string]any, error) {
			return plan(map[string]string{"KINSHIP_MATCH_WEIGHTS": allZeroButLanguage})
		},
		"flag": func() (map[string]any, error) { return plan(nil, "--match-weights", allZeroButLanguage) },
	} {
		p, err := run()
		if err != nil || p["total_score"] != want.TotalScore {
			t.Errorf("%s: total %v (%v), want %v as the weights give", name, p["total_score"], err, want.TotalScore)
		}
	}
	if p, err := plan(nil); err != nil || p["total_score"] != def.TotalScore {
		t.Errorf("no weights named: total %v (%v), want the defaults' %v", p["total_score"], err, def.TotalScore)
	}
	for weights, words := range map[string]string{
		strings.ReplaceAll(allZeroButLanguage, "language=1", "language=0"): `--match-weights / KINSHIP_MATCH_WEIGHTS every weight is 0, so every pair would score 0; give at least one a weight above 0`,
		"age=-1":   `--match-weights / KINSHIP_MATCH_WEIGHTS "age=-1": a weight is a number from 0 to 1000000, such as 3 or 0.5`,
		"height=2": `--match-weights / KINSHIP_MATCH_WEIGHTS "height=2": write name=weight pairs separated by commas (names: age, family, spirituality, pathway, circumstances, substance, gender, language, availability)`,
	} {
		_, err := plan(map[string]string{"KINSHIP_MATCH_WEIGHTS": weights})
		var ue usageError
		if !errors.As(err, &ue) || err.Error() != words {
			t.Errorf("%s: %v, want the usage error %q", weights, err, words)
		}
	}
}
