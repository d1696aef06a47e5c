package match

import (
	"fmt"
	"math/bits"
	"slices"
	"sort"
	"strings"
)

// Assignment pairs a mentee with a mentor, with the pair's score and reasons.
type Assignment struct {
	Mentee  string   `json:"mentee_id"`
	Mentor  string   `json:"mentor_id"`
	Score   float64  `json:"score"`
	Reasons []string `json:"reasons"`
	// Why are the Reasons as codes, for pages in the reader's language.
	Why []Reason `json:"-"`
}

// Unassigned is a mentee left without a mentor and why, e.g.
// "no mentor speaks a shared language" or "every feasible mentor is at capacity".
type Unassigned struct {
	Mentee string `json:"mentee_id"`
	Why    string `json:"why"`
	// Cause is Why as codes, for pages in the reader's language.
	Cause Cause `json:"-"`
}

// Cause is why a mentee was left without a mentor. Kind is "at-capacity"
// (every feasible mentor is full), "no-mentors", the one constraint that
// rules out every mentor ("blocked", "capacity", "language",
// "mentor_gender", "pathway", "availability"), or "mixed", when no single
// mentor meets every need: then RuledOut counts, for each constraint in
// that order, the mentors it rules out. Gender is the gender asked for.
type Cause struct {
	Kind     string
	Gender   string
	RuledOut [6]int
}

// ConstraintNames are the hard constraints in the order Cause.RuledOut
// counts them.
func ConstraintNames() [6]string { return constraintNames }

// Plan is a whole cohort's pairing. Assignments and Unassigned follow the
// mentees' order in the cohort and are never nil.
type Plan struct {
	Assignments []Assignment `json:"assignments"`
	Unassigned  []Unassigned `json:"unassigned"`
	TotalScore  float64      `json:"total_score"`
}

// Comparison tells how the optimal and the stable plans for a cohort differ.
// SamePairs counts pairs in both plans; DifferentPairs counts mentees whose
// mentor differs (including having one in only one plan).
// BlockingPairsInOptimal counts pairs that would both rather be together than
// keep their place in the optimal plan.
type Comparison struct {
	OptimalTotal           float64 `json:"optimal_total"`
	StableTotal            float64 `json:"stable_total"`
	OptimalAssigned        int     `json:"optimal_assigned"`
	StableAssigned         int     `json:"stable_assigned"`
	SamePairs              int     `json:"same_pairs"`
	DifferentPairs         int     `json:"different_pairs"`
	BlockingPairsInOptimal int     `json:"blocking_pairs_in_optimal"`
}

// Compare makes both plans for the cohort and tells how they differ.
// It fails as PlanOptimal does.
func Compare(w Weights, c Cohort) (Comparison, error) {
	e, err := prepare(w, c)
	if err != nil {
		return Comparison{}, err
	}
	e.buildEdges(edgeLimit)
	sa, sm := e.solveStable() // before solveOptimal, which may bring in more pairs
	oa, om := e.solveOptimal()
	var cmp Comparison
	var ot, st int64
	for i := range oa {
		if oa[i] >= 0 {
			cmp.OptimalAssigned++
			ot += om[i]
		}
		if sa[i] >= 0 {
			cmp.StableAssigned++
			st += sm[i]
		}
		switch {
		case oa[i] >= 0 && oa[i] == sa[i]:
			cmp.SamePairs++
		case oa[i] != sa[i]:
			cmp.DifferentPairs++
		}
	}
	cmp.OptimalTotal, cmp.StableTotal = float64(ot)/1000, float64(st)/1000
	cmp.BlockingPairsInOptimal = e.blockingPairs(oa, om)
	return cmp, nil
}

// ---- The cohort engine: people as bitsets, scored the same as ScorePair ----

// edgeLimit bounds how many of its best feasible mentors each mentee brings
// into planning; see PlanOptimal.
var edgeLimit = 48 // a variable so tests can make widening happen on small cohorts

// Token kinds in a profile.
const (
	tLangs = iota
	tPaths
	tSubs
	tFam
	tCirc
	numKinds
)

// profile is a person reduced to what scoring needs, kept small so that
// thousands of mentors stay in cache. Token ids below 64 (the most common
// ones) are bits of lo; rarer ones are listed, sorted, in hi.
type profile struct {
	lo       [numKinds]uint64
	avail    week
	gender   int32 // interned; -1 for none
	spirit   int32 // interned; -1 for none
	capacity int32
	availN   int16
	age      int16
	n        [numKinds]uint8
	orient   int8
	slow     bool // hi tokens or a set too large for the tables
	hi       *[numKinds][]int32
}

// need holds a mentee's hard requirements in interned form.
type need struct {
	gender        int32 // -1 for none
	lang, pathway bool
	blocked       []int32 // mentors blocked either way, sorted
}

// inter counts the tokens of kind k that a and b share.
func inter(a, b *profile, k int) int {
	n := bits.OnesCount64(a.lo[k] & b.lo[k])
	if a.hi == nil || b.hi == nil {
		return n
	}
	x, y := a.hi[k], b.hi[k]
	i, j := 0, 0
	for i < len(x) && j < len(y) {
		switch {
		case x[i] < y[j]:
			i++
		case x[i] > y[j]:
			j++
		default:
			n++
			i++
			j++
		}
	}
	return n
}

// engine is a validated cohort ready for planning: profiles, interned
// requirements, score tables and each mentee's best feasible mentors.
type engine struct {
	w                Weights
	sc               *scorer
	c                Cohort
	mentees, mentors []profile
	needs            []need
	// availPoints[aN][c*(aN+1)+min(aN,bN)] is the availability points
	// for c hours in common, for each mentee week length aN; entry 0 is
	// for a pair where either gave no times.
	availPoints            map[int16][]int32
	menteeRank, mentorRank []int32 // position when sorted by id
	// ageRows[a][b] is the age points for ages a and b (0: unknown).
	ageRows *[121][128]int32

	// Each mentee's best feasible mentors (at most edgeLimit), best first.
	start    []int32
	to       []int32
	milli    []int32
	feasible []int32 // how many mentors are feasible for each mentee
}

// edge is a feasible pair seen from one side: the other person and the score.
type edge struct {
	mentor int32
	milli  int64
}

// prepare checks the weights and the cohort and turns people into profiles.
func prepare(w Weights, c Cohort) (*engine, error) {
	if err := w.Validate(); err != nil {
		return nil, err
	}
	if err := c.Validate(); err != nil {
		return nil, err
	}
	e := &engine{w: w, sc: scorerFor(w), c: c}
	type toks struct{ langs, paths, subs, fam, circ []string }
	all := make([]toks, 0, len(c.Mentees)+len(c.Mentors))
	people := make([]*Person, 0, cap(all))
	for i := range c.Mentees {
		people = append(people, &c.Mentees[i])
	}
	for i := range c.Mentors {
		people = append(people, &c.Mentors[i])
	}
	var vocab [5]map[string]int
	for k := range vocab {
		vocab[k] = map[string]int{}
	}
	for _, p := range people {
		var t toks
		t.langs, t.paths, t.subs = distinct(p.Languages), distinct(p.Pathways), distinct(p.Substances)
		t.fam, t.circ = splitTokens(p, nil, nil)
		for k, l := range [5][]string{t.langs, t.paths, t.subs, t.fam, t.circ} {
			for _, s := range l {
				vocab[k][s]++
			}
		}
		all = append(all, t)
	}
	// The most common tokens get the low ids, which live in one machine word.
	var ids [5]map[string]int32
	for k, counts := range vocab {
		names := make([]string, 0, len(counts))
		for s := range counts {
			names = append(names, s)
		}
		sort.Slice(names, func(a, b int) bool {
			if counts[names[a]] != counts[names[b]] {
				return counts[names[a]] > counts[names[b]]
			}
			return names[a] < names[b]
		})
		ids[k] = make(map[string]int32, len(names))
		for i, s := range names {
			ids[k][s] = int32(i)
		}
	}
	genders, spirits := map[string]int32{}, map[string]int32{}
	intern := func(m map[string]int32, s string) int32 {
		if s == "" {
			return -1
		}
		id, ok := m[s]
		if !ok {
			id = int32(len(m))
			m[s] = id
		}
		return id
	}
	profiles := make([]profile, len(people))
	for i, p := range people {
		pr := &profiles[i]
		for k, list := range [numKinds][]string{all[i].langs, all[i].paths, all[i].subs, all[i].fam, all[i].circ} {
			for _, s := range list {
				if id := ids[k][s]; id < 64 {
					pr.lo[k] |= 1 << id
				} else {
					if pr.hi == nil {
						pr.hi = new([numKinds][]int32)
					}
					pr.hi[k] = append(pr.hi[k], id)
				}
			}
			pr.n[k] = uint8(min(len(list), 255))
			if pr.hi != nil {
				slices.Sort(pr.hi[k])
			}
		}
		pr.age = int16(p.Age)
		pr.gender, pr.spirit = intern(genders, p.Gender), intern(spirits, p.Spirituality)
		pr.orient = orientation(p)
		var n int
		pr.avail, n = personWeek(p, zoneSlots(p.Timezone))
		pr.availN = int16(n)
		pr.capacity = int32(p.Capacity)
		pr.slow = pr.hi != nil || slowSizes(pr)
	}
	e.mentees, e.mentors = profiles[:len(c.Mentees)], profiles[len(c.Mentees):]
	e.needs = make([]need, len(c.Mentees))
	for i := range e.mentees {
		p := &c.Mentees[i]
		e.needs[i] = need{gender: intern(genders, p.Require.MentorGender), lang: p.Require.Language, pathway: p.Require.Pathway}
		e.mentees[i].capacity = 0
	}
	e.availPoints = map[int16][]int32{}
	for _, a := range e.mentees {
		an := int(a.availN)
		if _, ok := e.availPoints[a.availN]; ok {
			continue
		}
		t := make([]int32, (an+1)*(an+1))
		t[0] = e.sc.availUnk
		for mn := 1; mn <= an; mn++ {
			for c := 0; c <= mn; c++ {
				t[c*(an+1)+mn] = milliOf(e.sc.wn[cAvail], float64(c)/float64(mn))
			}
		}
		e.availPoints[a.availN] = t
	}
	e.ageRows = new([121][128]int32)
	for a := range e.ageRows {
		for b := range e.ageRows[a] {
			e.ageRows[a][b] = e.sc.agePoints(a, b)
		}
	}
	e.menteeRank, e.mentorRank = rankByID(c.Mentees), rankByID(c.Mentors)
	e.blockPairs()
	return e, nil
}

// rankByID gives each person's position in id order, for tie-breaks.
func rankByID(ps []Person) []int32 {
	order := make([]int32, len(ps))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int { return strings.Compare(ps[a].ID, ps[b].ID) })
	rank := make([]int32, len(ps))
	for r, i := range order {
		rank[i] = int32(r)
	}
	return rank
}

// blockPairs records, on each mentee, the mentors blocked either way.
func (e *engine) blockPairs() {
	mentorIdx := map[string]int32{}
	menteeIdx := map[string]int32{}
	for j := range e.c.Mentors {
		mentorIdx[e.c.Mentors[j].ID] = int32(j)
	}
	for i := range e.c.Mentees {
		menteeIdx[e.c.Mentees[i].ID] = int32(i)
	}
	for i, p := range e.c.Mentees {
		for _, id := range p.Blocked {
			if j, ok := mentorIdx[id]; ok {
				e.needs[i].blocked = append(e.needs[i].blocked, j)
			}
		}
	}
	for j, p := range e.c.Mentors {
		for _, id := range p.Blocked {
			if i, ok := menteeIdx[id]; ok {
				e.needs[i].blocked = append(e.needs[i].blocked, int32(j))
			}
		}
	}
	for i := range e.needs {
		slices.Sort(e.needs[i].blocked)
	}
}

// fails returns the hard constraints mentor j fails for mentee i, every one
// of them if all is set, else only the first.
func (e *engine) fails(i, j int, all bool) uint8 {
	a, b, nd := &e.mentees[i], &e.mentors[j], &e.needs[i]
	var mask uint8
	if len(nd.blocked) > 0 {
		if _, found := slices.BinarySearch(nd.blocked, int32(j)); found {
			if mask |= failBlocked; !all {
				return mask
			}
		}
	}
	if b.capacity <= 0 {
		if mask |= failCapacity; !all {
			return mask
		}
	}
	if nd.lang && inter(a, b, tLangs) == 0 {
		if mask |= failLanguage; !all {
			return mask
		}
	}
	if nd.gender >= 0 && b.gender != nd.gender {
		if mask |= failGender; !all {
			return mask
		}
	}
	if nd.pathway && inter(a, b, tPaths) == 0 {
		if mask |= failPathway; !all {
			return mask
		}
	}
	if a.availN > 0 && b.availN > 0 && !a.avail.meets(&b.avail) {
		mask |= failAvailability
	}
	return mask
}

// score is the pair's score in thousandths, exactly as ScorePair gives it.
func (e *engine) score(i, j int) int64 {
	a, b := &e.mentees[i], &e.mentors[j]
	f := features{
		ageA: int(a.age), ageB: int(b.age),
		famI: inter(a, b, tFam), famA: int(a.n[tFam]), famB: int(b.n[tFam]),
		spiritSame: a.spirit >= 0 && a.spirit == b.spirit,
		orientA:    a.orient, orientB: b.orient,
		pathI: inter(a, b, tPaths), pathA: int(a.n[tPaths]), pathB: int(b.n[tPaths]),
		circI: inter(a, b, tCirc), circA: int(a.n[tCirc]), circB: int(b.n[tCirc]),
		subI: inter(a, b, tSubs), subA: int(a.n[tSubs]), subB: int(b.n[tSubs]),
		langI: inter(a, b, tLangs), langA: int(a.n[tLangs]), langB: int(b.n[tLangs]),
		availA: int(a.availN), availB: int(b.availN),
	}
	switch g := e.needs[i].gender; {
	case g >= 0:
		f.gender = -1
		if b.gender == g {
			f.gender = 1
		}
	case a.gender < 0 || b.gender < 0:
	case a.gender == b.gender:
		f.gender = 1
	default:
		f.gender = -1
	}
	if a.availN > 0 && b.availN > 0 {
		f.availI = a.avail.common(&b.avail)
	}
	return e.sc.total(&f)
}

// feasibleAll appends every feasible mentor of mentee i to buf, in mentor
// order. It is the hot loop of planning: the mentee's side of every table
// is looked up once, so each mentor costs a few loads and popcounts. People
// with rare tokens, long lists or blocks take the exact one-by-one path,
// which gives the same scores.
func (e *engine) feasibleAll(i int, buf []edge) []edge {
	a, nd := &e.mentees[i], &e.needs[i]
	if a.hi != nil || len(nd.blocked) > 0 || slowSizes(a) {
		for j := range e.mentors {
			if e.fails(i, j, false) == 0 {
				buf = append(buf, edge{int32(j), e.score(i, j)})
			}
		}
		return buf
	}
	var rt rowTables
	e.rowTables(i, &rt)
	aLang, aPath := a.lo[tLangs], a.lo[tPaths]
	wantGender := nd.gender
	for j := range e.mentors {
		b := &e.mentors[j]
		if b.capacity <= 0 ||
			(nd.lang && aLang&b.lo[tLangs] == 0) ||
			(wantGender >= 0 && b.gender != wantGender) ||
			(nd.pathway && aPath&b.lo[tPaths] == 0) ||
			(a.availN > 0 && b.availN > 0 && !a.avail.meets(&b.avail)) {
			continue
		}
		if b.slow {
			buf = append(buf, edge{int32(j), e.score(i, j)})
			continue
		}
		buf = append(buf, edge{int32(j), rt.points(b)})
	}
	return buf
}

// slowSizes reports a set too large for the Jaccard tables.
func slowSizes(p *profile) bool {
	for _, n := range p.n {
		if n >= jacSize {
			return true
		}
	}
	return false
}

// plan turns an assignment (mentor index or -1 per mentee) into a Plan.
func (e *engine) plan(assign []int32, milli []int64) Plan {
	p := Plan{Assignments: make([]Assignment, 0, len(assign)), Unassigned: []Unassigned{}}
	var total int64
	for i, j := range assign {
		me := &e.c.Mentees[i]
		if j < 0 {
			why, cause := e.why(i)
			p.Unassigned = append(p.Unassigned, Unassigned{Mentee: me.ID, Why: why, Cause: cause})
			continue
		}
		s := scorePair(e.sc, me, &e.c.Mentors[j])
		if s.Reasons == nil {
			s.Reasons = []string{}
		}
		total += milli[i]
		p.Assignments = append(p.Assignments, Assignment{Mentee: me.ID, Mentor: s.Mentor, Score: float64(milli[i]) / 1000, Reasons: s.Reasons, Why: s.Why})
	}
	p.TotalScore = float64(total) / 1000
	return p
}

// why says, for a mentee left without a mentor, what kept everyone out.
func (e *engine) why(i int) (string, Cause) {
	if e.feasible[i] > 0 {
		return "every feasible mentor is at capacity", Cause{Kind: "at-capacity"}
	}
	if len(e.mentors) == 0 {
		return "there are no mentors in this cohort", Cause{Kind: "no-mentors"}
	}
	var counts [numConstraints]int
	for j := range e.mentors {
		mask := e.fails(i, j, true)
		for k := range numConstraints {
			if mask&(1<<k) != 0 {
				counts[k]++
			}
		}
	}
	m := len(e.mentors)
	gender := e.c.Mentees[i].Require.MentorGender
	for _, k := range []int{2, 3, 4, 5, 0, 1} { // language, gender, pathway, availability, blocked, capacity
		if counts[k] == m {
			return e.whyAll(k, i), Cause{Kind: constraintNames[k], Gender: gender}
		}
	}
	var parts []string
	for _, k := range []int{2, 3, 4, 5, 0, 1} {
		if counts[k] > 0 {
			parts = append(parts, fmt.Sprintf("%s rules out %d", constraintNames[k], counts[k]))
		}
	}
	return "no single mentor meets every need (" + strings.Join(parts, ", ") + ")", Cause{Kind: "mixed", Gender: gender, RuledOut: counts}
}

// whyAll words constraint k when it rules out every mentor for mentee i.
func (e *engine) whyAll(k, i int) string {
	switch k {
	case 0:
		return "every mentor is blocked"
	case 1:
		return "no mentor has room (every capacity is 0)"
	case 2:
		return "no mentor speaks a shared language"
	case 3:
		return fmt.Sprintf("no mentor has the gender asked for (%s)", e.c.Mentees[i].Require.MentorGender)
	case 4:
		return "no mentor shares a recovery pathway"
	}
	return "no mentor is free at the same times"
}
