package match

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// smallCohort is a random cohort small enough to solve by brute force,
// with every kind of hard constraint in play.
func smallCohort(r *rand.Rand) Cohort {
	nm, nt := r.IntN(5), 1+r.IntN(6)
	c := Cohort{}
	for j := range nm {
		p := genPerson(r, fmt.Sprintf("m%d", j))
		p.Capacity = r.IntN(3)
		if r.IntN(4) == 0 {
			p.Availability = nil
		}
		c.Mentors = append(c.Mentors, p)
	}
	for i := range nt {
		p := genPerson(r, fmt.Sprintf("e%d", i))
		p.Require.Language = r.IntN(3) == 0
		p.Require.Pathway = r.IntN(3) == 0
		if r.IntN(4) == 0 {
			p.Require.MentorGender = genGenders[r.IntN(len(genGenders))]
		}
		if nm > 0 && r.IntN(8) == 0 {
			p.Blocked = []string{fmt.Sprintf("m%d", r.IntN(nm))}
		}
		c.Mentees = append(c.Mentees, p)
	}
	return c
}

// bruteForce tries every assignment and returns the best (count, total in thousandths).
func bruteForce(w Weights, c Cohort) (int, int64) {
	type opt struct {
		j     int
		milli int64
	}
	opts := make([][]opt, len(c.Mentees))
	for i, me := range c.Mentees {
		for j, mo := range c.Mentors {
			if ok, _ := Feasible(me, mo); ok {
				opts[i] = append(opts[i], opt{j, int64(math.Round(ScorePair(w, me, mo).Score * 1000))})
			}
		}
	}
	load := make([]int, len(c.Mentors))
	bestN, bestT := 0, int64(0)
	var walk func(i, n int, t int64)
	walk = func(i, n int, t int64) {
		if i == len(c.Mentees) {
			if n > bestN || (n == bestN && t > bestT) {
				bestN, bestT = n, t
			}
			return
		}
		walk(i+1, n, t)
		for _, o := range opts[i] {
			if load[o.j] < c.Mentors[o.j].Capacity {
				load[o.j]++
				walk(i+1, n+1, t+o.milli)
				load[o.j]--
			}
		}
	}
	walk(0, 0, 0)
	return bestN, bestT
}

// checkPlan verifies a plan is a valid assignment and returns its count and total.
func checkPlan(t *testing.T, c Cohort, p Plan) (int, int64) {
	t.Helper()
	mentors := map[string]Person{}
	for _, m := range c.Mentors {
		mentors[m.ID] = m
	}
	load := map[string]int{}
	seen := map[string]bool{}
	var total int64
	for _, a := range p.Assignments {
		if seen[a.Mentee] {
			t.Fatalf("mentee %s assigned twice", a.Mentee)
		}
		seen[a.Mentee] = true
		me := c.Mentees[slices.IndexFunc(c.Mentees, func(x Person) bool { return x.ID == a.Mentee })]
		mo := mentors[a.Mentor]
		if ok, why := Feasible(me, mo); !ok {
			t.Fatalf("infeasible pair %s–%s (%s)", a.Mentee, a.Mentor, why)
		}
		if load[a.Mentor]++; load[a.Mentor] > mo.Capacity {
			t.Fatalf("mentor %s over capacity", a.Mentor)
		}
		if s := ScorePair(DefaultWeights(), me, mo); s.Score != a.Score || !slices.Equal(s.Reasons, a.Reasons) {
			t.Fatalf("pair %s–%s: plan says %v %q, ScorePair says %v %q", a.Mentee, a.Mentor, a.Score, a.Reasons, s.Score, s.Reasons)
		}
		total += int64(math.Round(a.Score * 1000))
	}
	for _, u := range p.Unassigned {
		if seen[u.Mentee] {
			t.Fatalf("mentee %s both assigned and unassigned", u.Mentee)
		}
		seen[u.Mentee] = true
		if u.Why == "" {
			t.Fatalf("mentee %s unassigned without a reason", u.Mentee)
		}
	}
	if len(seen) != len(c.Mentees) {
		t.Fatalf("plan covers %d of %d mentees", len(seen), len(c.Mentees))
	}
	if math.Abs(p.TotalScore-float64(total)/1000) > 1e-6 {
		t.Fatalf("total_score %v, assignments add up to %v", p.TotalScore, float64(total)/1000)
	}
	return len(p.Assignments), total
}

func TestPlanOptimalMatchesBruteForce(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	w := DefaultWeights()
	for round := range 400 {
		c := smallCohort(r)
		p, err := PlanOptimal(w, c)
		if err != nil {
			t.Fatal(err)
		}
		n, total := checkPlan(t, c, p)
		bn, bt := bruteForce(w, c)
		if n != bn || total != bt {
			t.Fatalf("round %d: optimal plan assigns %d with total %d; brute force %d with %d\ncohort: %+v", round, n, total, bn, bt, c)
		}
		// Sending units from either side must give the same optimum, and
		// so must remaking the potentials exact before every unit.
		for _, side := range []int{sideMentees, sideMentors} {
			for _, refresh := range []bool{false, true} {
				if refresh {
					refreshWork = func(int, int) int { return 0 }
				}
				e, _ := prepare(w, c)
				e.buildEdges(edgeLimit)
				assign, milli := e.solveFlow(side)
				refreshWork = defaultRefresh
				sn, st := 0, int64(0)
				for i, j := range assign {
					if j >= 0 {
						sn++
						st += milli[i]
					}
				}
				if sn != bn || st != bt {
					t.Fatalf("round %d, side %d, refresh %v: %d with total %d; brute force %d with %d", round, side, refresh, sn, st, bn, bt)
				}
			}
		}
	}
}

var defaultRefresh = refreshWork

// blocking counts pairs that would both rather be together, judged from
// Feasible and ScorePair alone.
func blocking(w Weights, c Cohort, p Plan) []string {
	mentorOf := map[string]Assignment{}
	held := map[string][]Assignment{}
	for _, a := range p.Assignments {
		mentorOf[a.Mentee] = a
		held[a.Mentor] = append(held[a.Mentor], a)
	}
	var out []string
	for _, me := range c.Mentees {
		for _, mo := range c.Mentors {
			if ok, _ := Feasible(me, mo); !ok {
				continue
			}
			cur, has := mentorOf[me.ID]
			if has && cur.Mentor == mo.ID {
				continue
			}
			s := ScorePair(w, me, mo).Score
			menteeWants := !has || s > cur.Score || (s == cur.Score && mo.ID < cur.Mentor)
			if !menteeWants {
				continue
			}
			mentorWants := len(held[mo.ID]) < mo.Capacity
			for _, h := range held[mo.ID] {
				if s > h.Score || (s == h.Score && me.ID < h.Mentee) {
					mentorWants = true
				}
			}
			if mentorWants {
				out = append(out, me.ID+"–"+mo.ID)
			}
		}
	}
	return out
}

func TestPlanStableHasNoBlockingPair(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 5))
	w := DefaultWeights()
	for round := range 300 {
		c := smallCohort(r)
		p, err := PlanStable(w, c)
		if err != nil {
			t.Fatal(err)
		}
		checkPlan(t, c, p)
		if b := blocking(w, c, p); len(b) > 0 {
			t.Fatalf("round %d: blocking pairs %v in %+v", round, b, p)
		}
	}
}

func TestPlansOnMediumCohort(t *testing.T) {
	// 300 mentees bring more than 64 feasible mentors each into play
	// for some, so the edge limit and the stable full-list path are used.
	c := genCohort(9, 600, 120, 4)
	w := DefaultWeights()
	po, err := PlanOptimal(w, c)
	if err != nil {
		t.Fatal(err)
	}
	ps, err := PlanStable(w, c)
	if err != nil {
		t.Fatal(err)
	}
	no, to := checkPlan(t, c, po)
	ns, ts := checkPlan(t, c, ps)
	if no < ns || (no == ns && to < ts) {
		t.Errorf("optimal (%d, %d) is worse than stable (%d, %d)", no, to, ns, ts)
	}
	if b := blocking(w, c, ps); len(b) > 0 {
		t.Errorf("stable plan has blocking pairs %v", b)
	}
	cmp, err := Compare(w, c)
	if err != nil {
		t.Fatal(err)
	}
	if cmp.OptimalAssigned != no || cmp.StableAssigned != ns || math.Abs(cmp.OptimalTotal-po.TotalScore) > 1e-6 ||
		math.Abs(cmp.StableTotal-ps.TotalScore) > 1e-6 || cmp.SamePairs+cmp.DifferentPairs > len(c.Mentees) {
		t.Errorf("comparison %+v does not fit the plans (%d %v, %d %v)", cmp, no, po.TotalScore, ns, ps.TotalScore)
	}
	if got := len(blocking(w, c, po)); got != cmp.BlockingPairsInOptimal {
		t.Errorf("Compare counts %d blocking pairs in the optimal plan, independent count %d", cmp.BlockingPairsInOptimal, got)
	}
}

func TestEmptyCohort(t *testing.T) {
	for name, plan := range map[string]func(Weights, Cohort) (Plan, error){"optimal": PlanOptimal, "stable": PlanStable} {
		p, err := plan(DefaultWeights(), Cohort{})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if p.Assignments == nil || p.Unassigned == nil || len(p.Assignments)+len(p.Unassigned) != 0 || p.TotalScore != 0 {
			t.Errorf("%s: empty cohort gave %+v", name, p)
		}
	}
}

func TestUnassignedSaysWhy(t *testing.T) {
	base := func(id string) Person {
		return Person{ID: id, Languages: []string{"en"}, Pathways: []string{"smart"}, Gender: "woman", Age: 40,
			Timezone: "America/Chicago", Availability: []string{"mon-evening"}}
	}
	mentor := func(id string, edit func(*Person)) Person {
		p := base(id)
		p.Capacity = 1
		if edit != nil {
			edit(&p)
		}
		return p
	}
	tests := []struct {
		name    string
		mentee  func(*Person)
		mentors []Person
		want    string
	}{
		{"no mentors", nil, nil, "there are no mentors in this cohort"},
		{"language", func(p *Person) { p.Languages, p.Require.Language = []string{"es"}, true },
			[]Person{mentor("m1", nil), mentor("m2", nil)}, "no mentor speaks a shared language"},
		{"gender", func(p *Person) { p.Require.MentorGender = "nonbinary" },
			[]Person{mentor("m1", nil)}, "no mentor has the gender asked for (nonbinary)"},
		{"pathway", func(p *Person) { p.Pathways, p.Require.Pathway = []string{"12-step"}, true },
			[]Person{mentor("m1", nil)}, "no mentor shares a recovery pathway"},
		{"availability", func(p *Person) { p.Availability = []string{"sat-morning"} },
			[]Person{mentor("m1", nil)}, "no mentor is free at the same times"},
		{"blocked", func(p *Person) { p.Blocked = []string{"m1"} },
			[]Person{mentor("m1", nil)}, "every mentor is blocked"},
		{"capacity zero", nil,
			[]Person{mentor("m1", func(p *Person) { p.Capacity = 0 })}, "no mentor has room (every capacity is 0)"},
		{"mixed", func(p *Person) {
			p.Require.Language, p.Languages = true, []string{"es"}
			p.Availability = []string{"sat-morning"}
		},
			[]Person{mentor("m1", func(p *Person) { p.Languages = []string{"es"} }), mentor("m2", func(p *Person) { p.Availability = []string{"sat-morning"} })},
			"no single mentor meets every need (language rules out 1, availability rules out 1)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			me := base("e1")
			if tt.mentee != nil {
				tt.mentee(&me)
			}
			c := Cohort{Mentors: tt.mentors, Mentees: []Person{me}}
			for _, plan := range []func(Weights, Cohort) (Plan, error){PlanOptimal, PlanStable} {
				p, err := plan(DefaultWeights(), c)
				if err != nil {
					t.Fatal(err)
				}
				if len(p.Unassigned) != 1 || p.Unassigned[0].Why != tt.want {
					t.Errorf("unassigned = %+v, want why %q", p.Unassigned, tt.want)
				}
			}
		})
	}
	// Two mentees, one seat: the one left out hears that mentors are full.
	c := Cohort{Mentors: []Person{mentor("m1", nil)}, Mentees: []Person{base("e1"), base("e2")}}
	p, err := PlanOptimal(DefaultWeights(), c)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Assignments) != 1 || len(p.Unassigned) != 1 || p.Unassigned[0].Why != "every feasible mentor is at capacity" {
		t.Errorf("plan = %+v", p)
	}
}

func TestPlanRefusesInvalidCohort(t *testing.T) {
	c := Cohort{Mentors: []Person{{ID: "m1", Capacity: -1}}}
	if _, err := PlanOptimal(DefaultWeights(), c); err == nil || !strings.Contains(err.Error(), "mentor m1: capacity -1 is negative") {
		t.Errorf("PlanOptimal error = %v", err)
	}
	if _, err := PlanStable(Weights{Age: -1}, Cohort{}); err == nil || !strings.Contains(err.Error(), "weight Age is -1") {
		t.Errorf("PlanStable error = %v", err)
	}
}

func TestCompareLargeCohort(t *testing.T) {
	if testing.Short() {
		t.Skip("the 10,000 × 2,000 comparison takes a few seconds; run without -short")
	}
	c := genCohort(2, 10_000, 2_000, 5)
	cmp, err := Compare(DefaultWeights(), c)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("10k×2k: %+v", cmp)
	if cmp.OptimalAssigned < cmp.StableAssigned || (cmp.OptimalAssigned == cmp.StableAssigned && cmp.OptimalTotal < cmp.StableTotal) {
		t.Errorf("optimal plan is worse than the stable one: %+v", cmp)
	}
}

// TestOptimalWidensPastTheEdgeLimit: with each mentee keeping only one or
// two of its best mentors, the kept pairs alone often cannot give the best
// plan; the duality test must notice, bring in the rest, and end with the
// brute-force optimum every time.
func TestOptimalWidensPastTheEdgeLimit(t *testing.T) {
	defer func(old int) { edgeLimit = old }(edgeLimit)
	r := rand.New(rand.NewPCG(7, 11))
	w := DefaultWeights()
	widened := 0
	for round := range 300 {
		c := smallCohort(r)
		bn, bt := bruteForce(w, c)
		for _, limit := range []int{1, 2} {
			edgeLimit = limit
			e, err := prepare(w, c)
			if err != nil {
				t.Fatal(err)
			}
			e.buildEdges(limit)
			kept := len(e.to)
			assign, milli := e.solveOptimal()
			if len(e.to) > kept {
				widened++
			}
			n, total := 0, int64(0)
			for i, j := range assign {
				if j >= 0 {
					n++
					total += milli[i]
				}
			}
			if n != bn || total != bt {
				t.Fatalf("round %d, limit %d: %d with total %d; brute force %d with %d", round, limit, n, total, bn, bt)
			}
			p, err := PlanOptimal(w, c)
			if err != nil {
				t.Fatal(err)
			}
			if pn, pt := checkPlan(t, c, p); pn != bn || pt != bt {
				t.Fatalf("round %d, limit %d: PlanOptimal %d with %d; brute force %d with %d", round, limit, pn, pt, bn, bt)
			}
		}
	}
	if widened == 0 {
		t.Fatal("no cohort needed more than its kept pairs, so widening was never tested")
	}
	t.Logf("widened in %d of 600 solves", widened)
}

// TestOptimalOverEveryPairOnLargeCohorts compares PlanOptimal's way (the
// best 48 pairs per mentee, widened where duality asks) with the same flow
// over every feasible pair (millions of arcs): the totals must be equal.
// On the one-to-one cohort the 48 best alone fall short by 0.7 points.
func TestOptimalOverEveryPairOnLargeCohorts(t *testing.T) {
	if testing.Short() {
		t.Skip("solving over every feasible pair takes a few seconds; run without -short")
	}
	for _, cs := range []struct {
		seed                       uint64
		mentees, mentors, capacity int
	}{{2, 10_000, 2_000, 5}, {6, 3_000, 3_000, 1}} {
		c := genCohort(cs.seed, cs.mentees, cs.mentors, cs.capacity)
		var plans [3]Plan
		for x := range plans {
			e, err := prepare(DefaultWeights(), c)
			if err != nil {
				t.Fatal(err)
			}
			switch x {
			case 0: // the kept pairs alone
				e.buildEdges(edgeLimit)
				plans[x] = e.plan(e.solveFlow(sideAuto))
			case 1: // as PlanOptimal does
				e.buildEdges(edgeLimit)
				plans[x] = e.plan(e.solveOptimal())
			case 2: // every feasible pair
				e.buildEdges(cs.mentors)
				plans[x] = e.plan(e.solveFlow(sideAuto))
			}
		}
		kept, optimal, all := plans[0], plans[1], plans[2]
		t.Logf("%d × %d at capacity %d: total %.3f over the 48 best pairs per mentee, %.3f widened, %.3f over every feasible pair",
			cs.mentees, cs.mentors, cs.capacity, kept.TotalScore, optimal.TotalScore, all.TotalScore)
		if len(optimal.Unassigned) != len(all.Unassigned) || optimal.TotalScore != all.TotalScore {
			t.Errorf("PlanOptimal: %d unassigned, total %.3f; every pair: %d, %.3f", len(optimal.Unassigned), optimal.TotalScore, len(all.Unassigned), all.TotalScore)
		}
	}
}
