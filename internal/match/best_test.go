package match

import (
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// TestBestFeasible checks the planning shortcut (bitsets of feasible
// mentors, a bounded heap of the best) against the plain list: every
// feasible mentor, sorted, cut to the limit.
func TestBestFeasible(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 9))
	weights := []Weights{DefaultWeights(), {Age: 1, Gender: 1.3, Language: 2, Availability: 0.7}}
	cohorts := []Cohort{genCohort(9, 300, 150, 3)}
	for range 4 {
		c := oddCohort(r, 60, 90)
		for i := range c.Mentees {
			p := &c.Mentees[i]
			if r.IntN(6) == 0 { // blocks both ways, some of slow mentors
				p.Blocked = append(p.Blocked, c.Mentors[r.IntN(len(c.Mentors))].ID)
				m := &c.Mentors[r.IntN(len(c.Mentors))]
				m.Blocked = append(m.Blocked, p.ID)
			}
			if r.IntN(5) == 0 {
				p.Require.Language, p.Require.Pathway = r.IntN(2) == 0, r.IntN(2) == 0
			}
			if r.IntN(8) == 0 {
				p.Require.MentorGender = genGenders[r.IntN(len(genGenders))]
			}
		}
		for j := range c.Mentors {
			if r.IntN(8) == 0 {
				c.Mentors[j].Availability = nil
			}
		}
		cohorts = append(cohorts, c)
	}
	compared := 0
	for _, w := range weights {
		for _, c := range cohorts {
			e, err := prepare(w, c)
			if err != nil {
				t.Fatal(err)
			}
			ms := e.indexMentors()
			if ms.codes == nil {
				t.Fatal("no mentor codes")
			}
			uncoded := *ms
			uncoded.codes = nil // scored with points instead
			var s edgeScratch
			for i := range e.mentees {
				all := e.feasibleList(i, nil)
				for _, limit := range []int{0, 1, 7, 48, 1000} {
					for _, ms := range []*mentorSets{ms, &uncoded} {
						got, count := e.bestFeasible(i, limit, ms, &s)
						want := all[:min(limit, len(all))]
						if count != len(all) || !slices.Equal(got, want) {
							t.Fatalf("mentee %d, limit %d, coded %v: got %v (%d feasible), want %v (%d)", i, limit, ms.codes != nil, got, count, want, len(all))
						}
						compared += len(got)
					}
				}
			}
		}
	}
	if compared < 10000 {
		t.Errorf("compared only %d edges", compared)
	}
}

// TestSuggestMatchesBruteForce checks Suggest, which drops mentors early
// on bounds, against scoring every feasible mentor, with several weights
// (some zero) and mentees asking for every kind of thing.
func TestSuggestMatchesBruteForce(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 17))
	weights := []Weights{DefaultWeights(), {Family: 5, Circumstances: 4, Age: 0.5}, {Pathway: 1, Spirituality: 2, Gender: 1.3, Availability: 3}, {}}
	for round := range 12 {
		c := oddCohort(r, 8, 400)
		taken := map[string]bool{}
		for j := range c.Mentors {
			m := &c.Mentors[j]
			switch r.IntN(12) {
			case 0:
				m.Spirituality, m.Circumstances = "", append(m.Circumstances, "spiritual")
			case 1:
				m.Family, m.Pathways = "", append(m.Pathways, "secular")
			case 2:
				m.Availability, m.Age = nil, 0
			case 3:
				m.Blocked = append(m.Blocked, c.Mentees[r.IntN(len(c.Mentees))].ID)
			case 4:
				if id := c.Mentees[r.IntN(len(c.Mentees))].ID; !taken[id] {
					m.ID, taken[id] = id, true // a mentee's own id (ids stay distinct)
				}
			}
		}
		for i := range c.Mentees {
			p := &c.Mentees[i]
			p.Require.Language, p.Require.Pathway = r.IntN(3) == 0, r.IntN(3) == 0
			if r.IntN(3) == 0 {
				p.Require.MentorGender = genGenders[r.IntN(len(genGenders))]
			}
			if r.IntN(4) == 0 {
				p.Blocked = append(p.Blocked, c.Mentors[r.IntN(len(c.Mentors))].ID)
			}
			if r.IntN(5) == 0 {
				p.Circumstances, p.Family = nil, ""
			}
		}
		w := weights[round%len(weights)]
		for _, me := range c.Mentees {
			var all []Score
			for _, mo := range c.Mentors {
				if ok, _ := Feasible(me, mo); ok && mo.ID != me.ID {
					all = append(all, ScorePair(w, me, mo))
				}
			}
			slices.SortStableFunc(all, func(a, b Score) int {
				switch {
				case a.Score > b.Score:
					return -1
				case a.Score < b.Score:
					return 1
				case a.Mentor < b.Mentor:
					return -1
				case a.Mentor > b.Mentor:
					return 1
				}
				return 0
			})
			for _, k := range []int{1, 3, 10, 50} {
				got := Suggest(w, me, c.Mentors, k)
				want := all[:min(k, len(all))]
				if len(got) != len(want) {
					t.Fatalf("round %d, %s, k=%d: %d suggestions, want %d", round, me.ID, k, len(got), len(want))
				}
				for n := range got {
					if got[n].Mentor != want[n].Mentor || got[n].Score != want[n].Score || !slices.Equal(got[n].Reasons, want[n].Reasons) {
						t.Fatalf("round %d, %s, k=%d, #%d: got %+v, want %+v", round, me.ID, k, n, got[n], want[n])
					}
				}
			}
		}
	}
}

// TestMentorCodesOverflow: with more distinct pathway sets than a code
// tells apart, mentors go uncoded, and planning still scores them right.
func TestMentorCodesOverflow(t *testing.T) {
	c := genCohort(3, 40, 320, 2)
	tokens := strings.Split("abcdefghijklmnopqrstuvwxyz", "") // 325 pairs
	n := 0
	for x := range tokens {
		for y := x + 1; y < len(tokens) && n < len(c.Mentors); y++ {
			c.Mentors[n].Pathways = []string{tokens[x], tokens[y]}
			n++
		}
	}
	e, err := prepare(DefaultWeights(), c)
	if err != nil {
		t.Fatal(err)
	}
	ms := e.indexMentors()
	if ms.codes != nil {
		t.Fatal("mentors were coded despite 320 distinct pathway sets")
	}
	var s edgeScratch
	for i := range e.mentees {
		all := e.feasibleList(i, nil)
		got, count := e.bestFeasible(i, 48, ms, &s)
		if count != len(all) || !slices.Equal(got, all[:min(48, len(all))]) {
			t.Fatalf("mentee %d: got %v (%d feasible), want %v", i, got, count, all[:min(48, len(all))])
		}
	}
}

// TestSuggestCutIsABound: a feasible mentor must never be dropped for a
// threshold it reaches exactly, whatever its lists hold.
func TestSuggestCutIsABound(t *testing.T) {
	r := rand.New(rand.NewPCG(31, 7))
	weights := []Weights{DefaultWeights(), {Family: 5, Circumstances: 4, Age: 0.5}, {Pathway: 1, Spirituality: 2, Gender: 1.3, Availability: 3, Substance: 2}, {Language: 1}}
	checked := 0
	for round := range 8 {
		c := oddCohort(r, 30, 300)
		for j := range c.Mentors {
			m := &c.Mentors[j]
			switch r.IntN(6) {
			case 0:
				m.Circumstances = append(m.Circumstances, "", m.Family, "spiritual")
			case 1:
				m.Family = genFamilies[r.IntN(len(genFamilies))]
				m.Circumstances = pick(r, []string{"parent", "young-children", "single-parent", "married", "veteran"}, 1+r.IntN(3))
			case 2:
				m.Languages = []string{""}
				m.Pathways = append(m.Pathways, m.Pathways...)
			}
		}
		for i := range c.Mentees {
			if r.IntN(3) == 0 {
				c.Mentees[i].Circumstances = pick(r, []string{"parent", "young-children", "single-parent", "married", "veteran", "student"}, 1+r.IntN(3))
			}
		}
		w := weights[round%len(weights)]
		sc := scorerFor(w)
		for _, me := range c.Mentees {
			cut := newSuggestCut(newMenteeView(&me), sc)
			for _, mo := range c.Mentors {
				if ok, _ := Feasible(me, mo); !ok {
					continue
				}
				s := int64(math.Round(ScorePair(w, me, mo).Score * 1000))
				if !cut.mayReach(&mo, s) {
					t.Fatalf("round %d: %s dropped for %s at its own score %d\nmentee %+v\nmentor %+v", round, mo.ID, me.ID, s, me, mo)
				}
				checked++
			}
		}
	}
	if checked < 5000 {
		t.Errorf("checked only %d pairs", checked)
	}
}
