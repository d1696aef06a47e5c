package match

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

func person(id string, edit func(*Person)) Person {
	p := Person{ID: id, Languages: []string{"en"}, Pathways: []string{"smart"}, Gender: "woman", Age: 35,
		Timezone: "America/New_York", Availability: []string{"mon-evening", "tue-evening"}, Capacity: 2}
	if edit != nil {
		edit(&p)
	}
	return p
}

func TestFeasible(t *testing.T) {
	tests := []struct {
		name           string
		mentee, mentor func(*Person)
		want           string // "" when feasible
	}{
		{"plain", nil, nil, ""},
		{"blocked by mentee", func(p *Person) { p.Blocked = []string{"m"} }, nil, "blocked"},
		{"blocked by mentor", nil, func(p *Person) { p.Blocked = []string{"e"} }, "blocked"},
		{"no capacity", nil, func(p *Person) { p.Capacity = 0 }, "capacity"},
		{"language required", func(p *Person) { p.Languages, p.Require.Language = []string{"es"}, true }, nil, "language"},
		{"language not required", func(p *Person) { p.Languages = []string{"es"} }, nil, ""},
		{"language shared", func(p *Person) { p.Languages, p.Require.Language = []string{"es", "en"}, true }, nil, ""},
		{"mentor gender", func(p *Person) { p.Require.MentorGender = "man" }, nil, "mentor_gender"},
		{"mentor gender met", func(p *Person) { p.Require.MentorGender = "woman" }, nil, ""},
		{"pathway required", func(p *Person) { p.Pathways, p.Require.Pathway = []string{"12-step"}, true }, nil, "pathway"},
		{"pathway not required", func(p *Person) { p.Pathways = []string{"12-step"} }, nil, ""},
		{"no common hour", func(p *Person) { p.Availability = []string{"sat-morning"} }, nil, "availability"},
		{"mentor flexible", func(p *Person) { p.Availability = []string{"sat-morning"} }, func(p *Person) { p.Availability = nil }, ""},
		// 17–21 in New York is 14–18 in Los Angeles: afternoon there overlaps.
		{"across time zones", nil, func(p *Person) {
			p.Timezone, p.Availability = "America/Los_Angeles", []string{"mon-afternoon"}
		}, ""},
		{"across time zones, no overlap", nil, func(p *Person) {
			p.Timezone, p.Availability = "Asia/Tokyo", []string{"mon-evening"}
		}, "availability"},
		{"blocked comes first", func(p *Person) { p.Blocked, p.Require.MentorGender = []string{"m"}, "man" }, nil, "blocked"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ok, why := Feasible(person("e", tt.mentee), person("m", tt.mentor))
			if ok != (tt.want == "") || why != tt.want {
				t.Errorf("Feasible = %v, %q; want %q", ok, why, tt.want)
			}
			err := Check(person("e", tt.mentee), person("m", tt.mentor))
			var inf *Infeasible
			if (tt.want == "") != (err == nil) || (err != nil && (!errors.As(err, &inf) || inf.Constraint != tt.want)) {
				t.Errorf("Check = %v", err)
			}
		})
	}
}

func TestScorePairReasons(t *testing.T) {
	mentee := person("e", func(p *Person) {
		p.Age = 31
		p.Pathways = []string{"medication-supported"}
		p.Languages = []string{"es", "en"}
		p.Circumstances = []string{"parent", "young-children", "veteran"}
		p.Availability = []string{"mon-evening", "tue-evening", "wed-evening", "thu-evening", "fri-evening"}
	})
	mentor := person("m", func(p *Person) {
		p.Age = 34
		p.Pathways = []string{"medication-supported", "12-step"}
		p.Languages = []string{"en", "es"}
		p.Circumstances = []string{"young-children", "parent", "veteran"}
		p.Timezone = "America/Chicago" // an hour behind: 16–20 there covers 17–21 here
		p.Availability = []string{"mon-evening", "tue-evening", "wed-evening", "thu-evening", "fri-evening", "sat-morning"}
	})
	w := DefaultWeights()
	s := ScorePair(w, mentee, mentor)
	for _, want := range []string{"also on a medication-supported path", "parent of young children", "speaks Spanish",
		"free on weekday evenings in your time zone", "close in age", "also a veteran"} {
		if !slices.Contains(s.Reasons, want) {
			t.Errorf("reasons %q lack %q", s.Reasons, want)
		}
	}
	if s.Score <= 50 || s.Score > 100 {
		t.Errorf("score %v for a close pair", s.Score)
	}
	if again := ScorePair(w, mentee, mentor); again.Score != s.Score || !slices.Equal(again.Reasons, s.Reasons) {
		t.Errorf("ScorePair is not deterministic: %+v then %+v", s, again)
	}
	// Reasons come weightiest first: language (weight 1) after age (3).
	if slices.Index(s.Reasons, "close in age") > slices.Index(s.Reasons, "speaks Spanish") {
		t.Errorf("reasons out of order: %q", s.Reasons)
	}
	for _, r := range s.Reasons {
		for _, bad := range []string{"addict", "abuse", "clean"} {
			if strings.Contains(r, bad) {
				t.Errorf("reason %q uses %q", r, bad)
			}
		}
	}

	far := person("m2", func(p *Person) {
		p.Age, p.Pathways, p.Languages = 70, []string{"12-step"}, []string{"en"}
		p.Spirituality = "none"
		p.Gender = "man"
	})
	mentee.Spirituality = "christian"
	if f := ScorePair(w, mentee, far); f.Score >= s.Score || slices.Contains(f.Reasons, "close in age") {
		t.Errorf("distant pair scores %v with %q, close pair %v", f.Score, f.Reasons, s.Score)
	}
	if z := ScorePair(Weights{}, mentee, mentor); z.Score != 0 {
		t.Errorf("zero weights give %v", z.Score)
	}
}

func TestReasonWording(t *testing.T) {
	tests := []struct {
		mentee, mentor func(*Person)
		want           string
	}{
		{func(p *Person) { p.Spirituality = "christian" }, func(p *Person) { p.Spirituality = "christian" }, "shares your faith"},
		{func(p *Person) { p.Circumstances = []string{"spiritual"} }, func(p *Person) { p.Pathways = []string{"faith-based"} }, "also draws on spirituality"},
		{func(p *Person) { p.Spirituality = "none" }, func(p *Person) { p.Pathways = []string{"secular"} }, "also prefers a secular approach"},
		{func(p *Person) { p.Family = "single-parent" }, func(p *Person) { p.Circumstances = []string{"single-parent"} }, "also a single parent"},
		{func(p *Person) { p.Pathways = []string{"12-step"} }, func(p *Person) { p.Pathways = []string{"12-step"} }, "also working a 12-step program"},
		{func(p *Person) { p.Circumstances = []string{"lgbtq"} }, func(p *Person) { p.Circumstances = []string{"lgbtq"} }, "also LGBTQ+"},
		{func(p *Person) { p.Substances = []string{"alcohol"} }, func(p *Person) { p.Substances = []string{"alcohol"} }, "shared experience with alcohol"},
		{func(p *Person) { p.Availability = []string{"sat-morning", "sun-morning"} }, func(p *Person) { p.Availability = []string{"sat-morning", "sun-morning"} }, "free on weekend mornings in your time zone"},
		{func(p *Person) { p.Availability = []string{"wed-night"} }, func(p *Person) { p.Availability = []string{"wed-night"} }, "free on Wednesday nights in your time zone"},
	}
	for _, tt := range tests {
		s := ScorePair(DefaultWeights(), person("e", tt.mentee), person("m", tt.mentor))
		if !slices.Contains(s.Reasons, tt.want) {
			t.Errorf("reasons %q lack %q", s.Reasons, tt.want)
		}
	}
}

// oddCohort mixes in what the fast planning path hands to the exact one:
// rare tokens beyond the first 64, long lists, blocks, flexible people.
func oddCohort(r *rand.Rand, n, m int) Cohort {
	c := genCohort(r.Uint64(), n, m, 2)
	for i := range c.Mentees {
		p := &c.Mentees[i]
		if r.IntN(4) == 0 {
			p.Circumstances = append(p.Circumstances, fmt.Sprintf("rare-%d", r.IntN(120)))
		}
		if r.IntN(10) == 0 {
			for k := range 9 {
				p.Substances = append(p.Substances, fmt.Sprintf("s%d", k))
			}
		}
		if r.IntN(10) == 0 {
			p.Availability = nil
		}
		if r.IntN(10) == 0 {
			p.Age = 0
		}
	}
	for j := range c.Mentors {
		p := &c.Mentors[j]
		if r.IntN(4) == 0 {
			p.Circumstances = append(p.Circumstances, fmt.Sprintf("rare-%d", r.IntN(120)), "parent", "parent")
		}
		if r.IntN(10) == 0 {
			p.Pathways = append(p.Pathways, "p1", "p2", "p3", "p4", "p5", "p6", "p7", "p8")
		}
		if r.IntN(10) == 0 {
			p.Gender, p.Languages = "", nil
		}
		p.Capacity = r.IntN(3)
	}
	return c
}

func TestPlanningScoresMatchScorePair(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	w := DefaultWeights()
	w.Gender = 1.3 // weights that do not divide evenly
	compared, slow := 0, 0
	for range 5 {
		c := oddCohort(r, 40, 60)
		e, err := prepare(w, c)
		if err != nil {
			t.Fatal(err)
		}
		for i, me := range c.Mentees {
			got := e.feasibleAll(i, nil)
			var want []edge
			for j, mo := range c.Mentors {
				if ok, _ := Feasible(me, mo); ok {
					want = append(want, edge{int32(j), int64(ScorePair(w, me, mo).Score*1000 + 0.5)})
				}
				if exact := e.fails(i, j, false) == 0; exact != (len(want) > 0 && want[len(want)-1].mentor == int32(j)) {
					t.Fatalf("%s–%s: engine feasibility %v disagrees with Feasible", me.ID, mo.ID, exact)
				}
			}
			if !slices.Equal(got, want) {
				t.Fatalf("mentee %s: planning scores %v, ScorePair %v", me.ID, got, want)
			}
			compared += len(got)
			if e.mentees[i].slow {
				slow++
			}
		}
	}
	if compared < 1000 || slow == 0 {
		t.Errorf("compared only %d pairs (%d mentees on the exact path)", compared, slow)
	}
}

func TestSuggest(t *testing.T) {
	r := rand.New(rand.NewPCG(4, 4))
	w := DefaultWeights()
	c := oddCohort(r, 20, 300)
	c.Mentors = append(c.Mentors, c.Mentors[5], c.Mentors[5]) // equal scores: ties go by id
	c.Mentors[len(c.Mentors)-2].ID, c.Mentors[len(c.Mentors)-1].ID = "zz-twin", "aa-twin"
	for _, me := range c.Mentees {
		var all []Score
		for _, mo := range c.Mentors {
			if ok, _ := Feasible(me, mo); ok {
				all = append(all, ScorePair(w, me, mo))
			}
		}
		slices.SortFunc(all, func(a, b Score) int {
			if a.Score != b.Score {
				if a.Score > b.Score {
					return -1
				}
				return 1
			}
			return strings.Compare(a.Mentor, b.Mentor)
		})
		for _, k := range []int{1, 5, 1000} {
			got := Suggest(w, me, c.Mentors, k)
			want := all[:min(k, len(all))]
			if len(got) != len(want) {
				t.Fatalf("Suggest(%s, k=%d) gave %d, want %d", me.ID, k, len(got), len(want))
			}
			for n := range got {
				if got[n].Mentor != want[n].Mentor || got[n].Score != want[n].Score || !slices.Equal(got[n].Reasons, want[n].Reasons) {
					t.Fatalf("Suggest(%s, k=%d)[%d] = %+v, want %+v", me.ID, k, n, got[n], want[n])
				}
			}
		}
	}
	if got := Suggest(w, c.Mentees[0], c.Mentors, 0); got == nil || len(got) != 0 {
		t.Errorf("k=0 gave %v", got)
	}
	self := person("x", nil)
	if got := Suggest(w, self, []Person{self}, 3); len(got) != 0 {
		t.Errorf("a person was suggested as their own mentor: %v", got)
	}
}

func TestSelectBest(t *testing.T) {
	r := rand.New(rand.NewPCG(8, 8))
	c := genCohort(1, 1, 500, 1)
	e, err := prepare(DefaultWeights(), c)
	if err != nil {
		t.Fatal(err)
	}
	for range 200 {
		list := make([]edge, r.IntN(300))
		for i := range list {
			list[i] = edge{int32(r.IntN(500)), int64(r.IntN(20))} // many ties
		}
		k := r.IntN(60) + 1
		sorted := slices.Clone(list)
		e.sortEdges(sorted)
		best := e.selectBest(list, k)
		e.sortEdges(best)
		if !slices.Equal(best, sorted[:min(k, len(sorted))]) {
			t.Fatalf("selectBest(k=%d) = %v, want %v", k, best, sorted[:min(k, len(sorted))])
		}
	}
}

func TestFeasiblePairs(t *testing.T) {
	c := Cohort{
		Mentors: []Person{person("m1", nil), person("m2", func(p *Person) { p.Age = 60 }), person("m3", func(p *Person) { p.Capacity = 0 })},
		Mentees: []Person{person("e2", nil), person("e1", func(p *Person) { p.Require.MentorGender = "man" }), person("e0", nil)},
	}
	seq, err := FeasiblePairs(DefaultWeights(), c)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for s := range seq {
		got = append(got, s.Mentee+"–"+s.Mentor)
	}
	want := []string{"e0–m1", "e0–m2", "e2–m1", "e2–m2"}
	if !slices.Equal(got, want) {
		t.Errorf("pairs %v, want %v", got, want)
	}
}

func TestWeightsValidate(t *testing.T) {
	if err := DefaultWeights().Validate(); err != nil {
		t.Error(err)
	}
	if err := (Weights{Family: -2}).Validate(); err == nil || err.Error() != "match: weight Family is -2; weights must be zero or more" {
		t.Errorf("err = %v", err)
	}
}
