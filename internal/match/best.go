package match

import (
	"math/bits"
	"slices"
)

// ---- Each mentee's best feasible mentors, for planning ----

// rowTables are one mentee's side of the score tables, so that scoring a
// mentor on the fast path (no rare tokens, no long lists) is a few loads
// and popcounts with no branch on what the mentor said. points gives the
// very same score as engine.score.
type rowTables struct {
	lo  [numKinds]uint64
	age *[128]int32 // by the mentor's age (at most 120); see engine.ageRows
	// Family, pathways, circumstances, substances: by tokens shared<<3 |
	// the mentor's count.
	jac       [4][jacSize * jacSize]int32
	spirit    [4]int32 // by the mentor's outlook, when not the same tradition
	same      int32    // the same tradition
	tradition int32    // the mentee's tradition, or -2, which no mentor has
	// Gender: a mentor of another gender, of the mentee's own (ownGender),
	// or of none stated.
	gDiff, gSame, gNone int32
	ownGender           int32
	langNo, langYes     int32 // languages: none shared, one shared
	langUnknown         int32 // the mentor (or the mentee) gave none
	week                week
	weekN               int16
	avail               []int32 // see engine.availPoints
	stride              int
}

// codedPoints[c][id] are the points of coded component c for a mentor
// whose code for it is id (see mentorCode).
type codedPoints [numCoded][256]int32

func (e *engine) rowTables(i int, r *rowTables) {
	a, nd, sc := &e.mentees[i], &e.needs[i], e.sc
	r.lo = a.lo
	r.age = &e.ageRows[max(a.age, 0)]
	for t, k := range [4]int{tFam, tPaths, tCirc, tSubs} {
		// The scorer's table has zeros where x > an or x > b.
		an := int(a.n[k])
		for x := range jacSize {
			copy(r.jac[t][x<<3:x<<3+jacSize], sc.jac[t][x<<6|an<<3:])
		}
	}
	for o := range int8(3) {
		switch {
		case a.orient != orientUnknown && a.orient == o:
			r.spirit[o] = sc.spirit[1]
		case a.orient == orientUnknown || o == orientUnknown:
			r.spirit[o] = sc.spirit[2]
		default:
			r.spirit[o] = sc.spirit[3]
		}
	}
	r.same, r.tradition = sc.spirit[0], a.spirit
	if a.spirit < 0 {
		r.tradition = -2
	}
	switch {
	case nd.gender >= 0: // a feasible mentor has the gender asked for
		r.gDiff, r.gSame, r.gNone = sc.gender[2], sc.gender[2], sc.gender[2]
	case a.gender < 0:
		r.gDiff, r.gSame, r.gNone = sc.gender[1], sc.gender[1], sc.gender[1]
	default:
		r.gDiff, r.gSame, r.gNone = sc.gender[0], sc.gender[2], sc.gender[1]
	}
	r.ownGender = a.gender
	r.langNo, r.langYes, r.langUnknown = sc.lang[0], sc.lang[2], sc.lang[1]
	if a.n[tLangs] == 0 {
		r.langNo = sc.lang[1]
	}
	r.week, r.weekN = a.avail, a.availN
	r.avail, r.stride = e.availPoints[a.availN], int(a.availN)+1
}

// points scores a feasible mentor on the fast path, in thousandths. The
// choices below are between values already loaded, which the compiler
// turns into conditional moves: a branch on random data mispredicts often.
func (r *rowTables) points(b *profile) int64 {
	// On the fast path sets have fewer than jacSize (8) tokens, so the
	// masks below change no index; they only spare bounds checks.
	t := int64(r.age[b.age&127])
	t += int64(r.jac[0][(bits.OnesCount64(r.lo[tFam]&b.lo[tFam])<<3|int(b.n[tFam]))&63])
	t += int64(r.jac[1][(bits.OnesCount64(r.lo[tPaths]&b.lo[tPaths])<<3|int(b.n[tPaths]))&63])
	t += int64(r.jac[2][(bits.OnesCount64(r.lo[tCirc]&b.lo[tCirc])<<3|int(b.n[tCirc]))&63])
	t += int64(r.jac[3][(bits.OnesCount64(r.lo[tSubs]&b.lo[tSubs])<<3|int(b.n[tSubs]))&63])
	s, same := r.spirit[b.orient&3], r.same
	if b.spirit == r.tradition {
		s = same
	}
	g, gSame, gNone := r.gDiff, r.gSame, r.gNone
	if b.gender == r.ownGender {
		g = gSame
	}
	if b.gender < 0 {
		g = gNone
	}
	l, yes, unknown := r.langNo, r.langYes, r.langUnknown
	if r.lo[tLangs]&b.lo[tLangs] != 0 {
		l = yes
	}
	if b.n[tLangs] == 0 {
		l = unknown
	}
	// Entry 0 of the availability table is for a mentor (or mentee) who
	// gave no times: then no hour is shared and the shorter week is empty.
	t += int64(s) + int64(g) + int64(l) +
		int64(r.avail[r.week.common(&b.avail)*r.stride+int(min(r.weekN, b.availN))])
	return min(max(t, 0), 100000)
}

// Components scored through mentor codes.
const (
	codeFam = iota
	codeCirc
	codePath
	codeSub
	codeLang
	codeSpirit
	codeGender
	numCoded
)

// codedKinds are the token kinds of the first coded components, and the
// Jaccard tables (rowTables.jac) that score them.
var (
	codedKinds = [5]int{tFam, tCirc, tPaths, tSubs, tLangs}
	codedJac   = [4]int{0, 2, 1, 3}
)

// mentorCode is a mentor on the fast path reduced to small numbers. Few
// mentors say something no other mentor says: for each kind of token,
// mentors share a few dozen distinct sets of tokens between them (and a few
// traditions with outlooks, and genders). A mentor's code for a component
// is the number of its value among those distinct values, so that scoring
// a mentor is a table lookup per component, the tables being made once per
// mentee from the distinct values alone. Only availability, which varies
// too much, is scored as in points.
type mentorCode struct {
	avail  week
	availN int16
	age    uint8
	id     [numCoded]uint8
}

// encode gives every mentor in the sets a code, unless some component has
// more distinct values than a code can tell apart (256); then codes stays
// nil and mentors are scored with points.
func (s *mentorSets) encode(e *engine) {
	codes := make([]mentorCode, len(e.mentors))
	var seen [numCoded]map[[2]int64]uint8
	for c := range seen {
		seen[c] = map[[2]int64]uint8{}
	}
	for j := range e.mentors {
		b := &e.mentors[j]
		if b.capacity <= 0 || b.slow {
			continue
		}
		m := &codes[j]
		m.avail, m.availN, m.age = b.avail, b.availN, uint8(b.age)
		var keys [numCoded][2]int64
		for c, k := range codedKinds {
			keys[c] = [2]int64{int64(b.lo[k])}
		}
		keys[codeSpirit] = [2]int64{int64(b.spirit), int64(b.orient)}
		keys[codeGender] = [2]int64{int64(b.gender)}
		for c, key := range keys {
			id, ok := seen[c][key]
			if !ok {
				if len(s.values[c]) == 256 {
					s.values = [numCoded][][2]int64{}
					return
				}
				id = uint8(len(s.values[c]))
				seen[c][key] = id
				s.values[c] = append(s.values[c], key)
			}
			m.id[c] = id
		}
	}
	s.codes = codes
}

// codeTables fills p for the mentee r was made for (by rowTables).
func (r *rowTables) codeTables(ms *mentorSets, p *codedPoints) {
	for c := range codeLang {
		k, jac := codedKinds[c], &r.jac[codedJac[c]]
		for id, v := range ms.values[c] {
			set := uint64(v[0]) // on the fast path the count is the set's size
			p[c][id] = jac[(bits.OnesCount64(r.lo[k]&set)<<3|bits.OnesCount64(set))&63]
		}
	}
	for id, v := range ms.values[codeLang] {
		l := r.langNo
		if r.lo[tLangs]&uint64(v[0]) != 0 {
			l = r.langYes
		}
		if v[0] == 0 {
			l = r.langUnknown
		}
		p[codeLang][id] = l
	}
	for id, v := range ms.values[codeSpirit] {
		sp := r.spirit[v[1]&3]
		if int32(v[0]) == r.tradition {
			sp = r.same
		}
		p[codeSpirit][id] = sp
	}
	for id, v := range ms.values[codeGender] {
		g := r.gDiff
		if int32(v[0]) == r.ownGender {
			g = r.gSame
		}
		if v[0] < 0 {
			g = r.gNone
		}
		p[codeGender][id] = g
	}
}

// mentorSets index the cohort's mentors by what hard constraints ask of
// them, as bitsets over mentor indices, so that a mentee's feasible mentors
// take a few hundred word operations to find instead of a check per
// mentor. Only mentors with room on the fast path are in the sets; the
// others (slow) are checked one by one.
type mentorSets struct {
	words    int
	open     []uint64 // every mentor in the sets
	slow     []int32
	langs    []uint64 // speakers of language token t: langs[t*words:(t+1)*words]
	paths    []uint64 // likewise for pathways
	hours    []uint64 // free at hour h of the week: hours[h*words:(h+1)*words]
	flexible []uint64 // gave no availability
	genders  map[int32][]uint64
	byRank   []int32 // mentor index by place in id order
	// codes are the mentors' codes (nil when there are too many distinct
	// values), values the distinct values of each coded component.
	codes  []mentorCode
	values [numCoded][][2]int64
}

func (e *engine) indexMentors() *mentorSets {
	w := (len(e.mentors) + 63) / 64
	s := &mentorSets{
		words: w, open: make([]uint64, w), flexible: make([]uint64, w),
		langs: make([]uint64, 64*w), paths: make([]uint64, 64*w), hours: make([]uint64, 168*w),
		genders: map[int32][]uint64{},
	}
	for j := range e.mentors {
		b := &e.mentors[j]
		if b.capacity <= 0 {
			continue
		}
		if b.slow {
			s.slow = append(s.slow, int32(j))
			continue
		}
		x, bit := j>>6, uint64(1)<<(j&63)
		s.open[x] |= bit
		for l := b.lo[tLangs]; l != 0; l &= l - 1 {
			s.langs[bits.TrailingZeros64(l)*w+x] |= bit
		}
		for l := b.lo[tPaths]; l != 0; l &= l - 1 {
			s.paths[bits.TrailingZeros64(l)*w+x] |= bit
		}
		if b.availN == 0 {
			s.flexible[x] |= bit
		}
		for k, h := range b.avail {
			for ; h != 0; h &= h - 1 {
				s.hours[(k*64+bits.TrailingZeros64(h))*w+x] |= bit
			}
		}
	}
	s.encode(e)
	s.byRank = make([]int32, len(e.mentors))
	for j, r := range e.mentorRank {
		s.byRank[r] = int32(j)
	}
	for _, nd := range e.needs {
		if g := nd.gender; g >= 0 && s.genders[g] == nil {
			set := make([]uint64, w)
			for j := range e.mentors {
				if e.mentors[j].gender == g {
					set[j>>6] |= 1 << (j & 63)
				}
			}
			s.genders[g] = set
		}
	}
	return s
}

// edgeScratch is the memory one worker reuses for bestFeasible.
type edgeScratch struct {
	set, union []uint64
	scores     []uint64
	top        []uint64 // see rankKey
	all        []edge
	rt         rowTables
	coded      codedPoints
}

// rankKey orders a mentee's mentors as prefer does, as one number: the
// score above, the mentor's place in id order (reversed) below, so that a
// larger key is a preferred mentor.
func rankKey(milli int64, rank int32) uint64 {
	return uint64(milli)<<32 | uint64(^uint32(rank))
}

// bestFeasible returns mentee i's best limit feasible mentors, best first
// (ties by mentor id), and how many mentors are feasible for it in all: the
// same as sorting feasibleAll's list and keeping its head. Hard constraints
// become a bitset of feasible mentors (see mentorSets); every feasible
// mentor is scored, into a histogram of scores too, which tells a score
// that at least limit mentors reach; only the mentors that reach it (a few
// more than limit) are then sorted.
func (e *engine) bestFeasible(i, limit int, ms *mentorSets, s *edgeScratch) ([]edge, int) {
	a := &e.mentees[i]
	if a.hi != nil || slowSizes(a) {
		s.all = e.feasibleAll(i, s.all[:0])
		best := e.selectBest(s.all, limit)
		e.sortEdges(best)
		return best, len(s.all)
	}
	set := s.feasibleSet(i, e, ms)
	rt := &s.rt
	e.rowTables(i, rt)
	// scores[:n] hold score<<32 | mentor for every feasible mentor.
	scores := slices.Grow(s.scores[:0], len(e.mentors))[:len(e.mentors)]
	s.scores = scores
	var hist [100000>>histShift + 1]int32
	n := 0
	if ms.codes != nil {
		rt.codeTables(ms, &s.coded)
		// The score of each mentor, as points gives it, by its code; the
		// lookups are written out here as this loop runs for every pair.
		age, c := rt.age, &s.coded
		wk, wn, av, stride := rt.week, rt.weekN, rt.avail, rt.stride
		codes := ms.codes
		for x, w := range set {
			for ; w != 0; w &= w - 1 {
				j := x<<6 | bits.TrailingZeros64(w)
				b := &codes[j]
				t := int64(age[b.age&127]) +
					int64(c[codeFam][b.id[codeFam]]) + int64(c[codeCirc][b.id[codeCirc]]) +
					int64(c[codePath][b.id[codePath]]) + int64(c[codeSub][b.id[codeSub]]) +
					int64(c[codeLang][b.id[codeLang]]) + int64(c[codeSpirit][b.id[codeSpirit]]) +
					int64(c[codeGender][b.id[codeGender]])
				h := bits.OnesCount64(wk[0]&b.avail[0]) + bits.OnesCount64(wk[1]&b.avail[1]) + bits.OnesCount64(wk[2]&b.avail[2])
				t = min(max(t+int64(av[h*stride+int(min(wn, b.availN))]), 0), 100000)
				scores[n] = uint64(t)<<32 | uint64(j)
				hist[t>>histShift]++
				n++
			}
		}
	} else {
		for x, w := range set {
			for ; w != 0; w &= w - 1 {
				j := x<<6 | bits.TrailingZeros64(w)
				t := rt.points(&e.mentors[j])
				scores[n] = uint64(t)<<32 | uint64(j)
				hist[t>>histShift]++
				n++
			}
		}
	}
	for _, j := range ms.slow {
		if e.fails(i, int(j), false) == 0 {
			t := e.score(i, int(j))
			scores[n] = uint64(t)<<32 | uint64(j)
			hist[t>>histShift]++
			n++
		}
	}
	// At least limit mentors score thr or more.
	thr, need := int64(0), int32(limit)
	for b := len(hist) - 1; b >= 0 && need > 0; b-- {
		if need -= hist[b]; need <= 0 {
			thr = int64(b) << histShift
		}
	}
	top := s.top[:0]
	if limit > 0 {
		for _, x := range scores[:n] {
			if t := int64(x >> 32); t >= thr {
				top = append(top, rankKey(t, e.mentorRank[uint32(x)]))
			}
		}
	}
	slices.Sort(top)
	s.top = top
	best := s.all[:0]
	for k := len(top) - 1; k >= max(len(top)-limit, 0); k-- {
		best = append(best, edge{ms.byRank[^uint32(top[k])], int64(top[k] >> 32)})
	}
	s.all = best
	return best, n
}

// histShift sets the width of bestFeasible's histogram bins: 512 thousandths.
const histShift = 9

// feasibleSet is the set of mentors in ms that mentee i (on the fast path)
// may be paired with: those with room, of the gender asked for, sharing a
// language or a pathway when asked, free at some hour the mentee is (or
// flexible), and not blocked either way.
func (s *edgeScratch) feasibleSet(i int, e *engine, ms *mentorSets) []uint64 {
	a, nd, w := &e.mentees[i], &e.needs[i], ms.words
	s.set = append(s.set[:0], ms.open...)
	s.union = slices.Grow(s.union[:0], w)[:w]
	set, u := s.set, s.union
	and := func(o []uint64) {
		for x := range set {
			set[x] &= o[x]
		}
	}
	anyOf := func(tokens uint64, sets []uint64) {
		clear(u)
		for ; tokens != 0; tokens &= tokens - 1 {
			t := bits.TrailingZeros64(tokens)
			for x, v := range sets[t*w : (t+1)*w] {
				u[x] |= v
			}
		}
		and(u)
	}
	if g := nd.gender; g >= 0 {
		and(ms.genders[g])
	}
	if nd.lang {
		anyOf(a.lo[tLangs], ms.langs)
	}
	if nd.pathway {
		anyOf(a.lo[tPaths], ms.paths)
	}
	if a.availN > 0 {
		copy(u, ms.flexible)
		for k, h := range a.avail {
			for ; h != 0; h &= h - 1 {
				hr := k*64 + bits.TrailingZeros64(h)
				for x, v := range ms.hours[hr*w : (hr+1)*w] {
					u[x] |= v
				}
			}
		}
		and(u)
	}
	for _, j := range nd.blocked {
		set[j>>6] &^= 1 << (j & 63)
	}
	return set
}
