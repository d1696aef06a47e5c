package match

import (
	"math/bits"
	"slices"
)

// PlanOptimal pairs as many mentees as can be paired and, among all such
// plans, picks one with the greatest total score. It returns an
// *InvalidError for a cohort that does not Validate (use Clean first) and an
// error for bad weights.
//
// It solves a min-cost flow by successive shortest paths. Every mentee sends
// one unit either to a mentor, along an arc costing 100000 − score in
// thousandths, or to "nobody" at a cost above any possible total, so
// leaving one more mentee out never pays. Units go one at a time along a
// shortest path (Dijkstra with potentials, stopping at the sink), which
// keeps the flow the cheapest for the units sent so far; the last one is
// the plan. When mentors have fewer seats than there are mentees, the seats
// are sent to mentees instead (the same problem seen from the other side),
// because a unit with nowhere to go searches everything it can reach.
//
// To stay fast on large cohorts each mentee first brings only its 48
// best-scoring feasible mentors into the flow. A duality test then checks
// the plan against every feasible pair left out; a mentee with a left-out
// pair that could improve it brings all its pairs in, and the flow is
// solved again (see certify.go). So the plan is optimal over all feasible
// pairs; the test costs one search over the kept arcs.
func PlanOptimal(w Weights, c Cohort) (Plan, error) {
	e, err := prepare(w, c)
	if err != nil {
		return Plan{}, err
	}
	e.buildEdges(edgeLimit)
	assign, milli := e.solveOptimal()
	return e.plan(assign, milli), nil
}

// unitCost is one more than the highest score in thousandths.
const unitCost = 100001

// qItem is a tentative distance in a search queue.
type qItem struct {
	d int64
	v int32
}

// radixQueue is a monotone priority queue for Dijkstra's searches, whose
// keys popped never decrease (no reduced cost is below zero): an entry sits
// in the bucket of the highest bit in which it differs from the last key
// popped, so a push is an append and an entry moves to a lower bucket at
// most 64 times. Stale entries are skipped by the searches. Equal keys come
// out last in, first out, so a search through arcs of reduced cost zero
// goes deep first, straight for the sink.
type radixQueue struct {
	last    int64
	size    int
	buckets [65][]qItem
}

func (q *radixQueue) reset() {
	q.last, q.size = 0, 0
	for i := range q.buckets {
		q.buckets[i] = q.buckets[i][:0]
	}
}

// push adds it, whose key must not be below the last key popped.
func (q *radixQueue) push(it qItem) {
	if it.d < q.last {
		panic("match: negative reduced cost in a flow search") // a bug; better than a wrong plan
	}
	b := bits.Len64(uint64(it.d ^ q.last))
	q.buckets[b] = append(q.buckets[b], it)
	q.size++
}

// pop removes an entry with the least key; the queue must not be empty.
func (q *radixQueue) pop() qItem {
	if len(q.buckets[0]) == 0 {
		i := 1
		for len(q.buckets[i]) == 0 {
			i++
		}
		bk := q.buckets[i]
		least := bk[0].d
		for _, it := range bk[1:] {
			least = min(least, it.d)
		}
		q.last = least
		for _, it := range bk {
			b := bits.Len64(uint64(it.d ^ least))
			q.buckets[b] = append(q.buckets[b], it)
		}
		q.buckets[i] = bk[:0]
	}
	b0 := q.buckets[0]
	it := b0[len(b0)-1]
	q.buckets[0] = b0[:len(b0)-1]
	q.size--
	return it
}

// node is one vertex's search state, kept together for the cache.
type node struct {
	h      int64 // potential
	dist   int64
	parent int32
	via    int32 // the arc a column or row was reached by
	state  uint8
}

const (
	none = -1

	notSeen   = 0
	seen      = 1
	finalized = 2

	infDist = int64(1) << 62
)

// transport is a min-cost flow problem: each row sends supply units to
// columns that take up to capacity units, over arcs listed per row from the
// cheapest; a unit may go nowhere at a cost above any total of arc costs.
type transport struct {
	supply   []int32 // per row
	capacity []int32 // per column
	start    []int32 // row r's arcs are arcs[start[r]:start[r+1]]
	arcs     []arc
}

// refreshWork is how many arcs the searches may look at before the
// potentials are made exact again: about as many as one backward search
// looks at, which keeps the two kinds of work in balance. Tests lower it.
var refreshWork = func(arcs, nodes int) int { return arcs + nodes }

// arc is an arc to a column, as a row lists it.
type arc struct{ col, cost int32 }

// solve sends every unit, one at a time, along a shortest path from its row
// to the sink. Each step keeps the flow the cheapest for the units sent so
// far, so the end result leaves the fewest units with nowhere to go and then
// costs the least. It reports which arcs carry flow.
//
// The searches are Dijkstra's on costs reduced by node potentials, and
// stop at the sink. Each search updates the potentials so that they stay
// valid (no reduced cost below zero), but late in a full cohort, when few
// seats are left, a unit may have to search much of the graph to find one.
// So whenever the searches have together looked at about as many arcs as
// the graph has, the potentials are remade exact: one search backwards from
// the sink gives every node its distance to the sink, and with those as
// potentials the next searches head straight for the nearest free seat.
// Any valid potentials give the same shortest paths; only the work to find
// them differs.
func (t *transport) solve() []bool {
	s := newFlowSolver(t)
	limit := refreshWork(len(s.arcs), len(s.nodes))
	for r := range s.nr {
		if s.start[r] == s.start[r+1] {
			continue // every unit goes nowhere
		}
		for range t.supply[r] {
			if s.work > limit {
				s.exactPotentials()
				s.work = 0
			}
			s.sendUnit(r)
		}
	}
	used := make([]bool, len(s.arcs))
	for k := range used {
		used[k] = s.isUsed(int32(k))
	}
	return used
}

// slot is a unit held by a column: the arc it came by, and from where.
type slot struct{ arc, row, cost int32 }

// inArc is an arc seen from its column, for the backward search.
type inArc struct{ row, cost int32 }

// flowSolver is the state of one transport solve. Nodes are numbered rows
// first, then columns, then "nobody" (dummy), then the sink. It keeps what
// the searches read close together, as they are bound by memory.
type flowSolver struct {
	capacity    []int32
	start       []int32
	arcs        []arc
	nr          int32
	dummy, sink int32
	big         int64 // the cost of sending a unit nowhere
	nodes       []node
	used        []uint64 // bit k: arc k carries flow
	// The units held by column c are held[heldAt[c]:heldAt[c]+load[c]].
	heldAt, load []int32
	held         []slot
	// The arcs into column c are in[inAt[c]:inAt[c+1]], for the backward search.
	inAt             []int32
	in               []inArc
	q                radixQueue
	touched, settled []int32
	bh, bd           []int64 // the backward search's potentials and distances
	saved            []int64
	work             int // arcs looked at since the potentials were made exact
}

func newFlowSolver(t *transport) *flowSolver {
	nr, nc := len(t.supply), len(t.capacity)
	var units int64
	for _, x := range t.supply {
		units += int64(x)
	}
	s := &flowSolver{
		capacity: t.capacity,
		start:    t.start,
		arcs:     t.arcs,
		nr:       int32(nr),
		dummy:    int32(nr + nc),
		sink:     int32(nr + nc + 1),
		big:      (units + 2) * unitCost,
		nodes:    make([]node, nr+nc+2),
		used:     make([]uint64, (len(t.arcs)+63)/64),
		heldAt:   make([]int32, nc+1),
		load:     make([]int32, nc),
		inAt:     make([]int32, nc+1),
		in:       make([]inArc, len(t.arcs)),
	}
	for _, a := range t.arcs {
		s.inAt[a.col+1]++
	}
	// A column never holds more units than it has arcs.
	for c := range nc {
		s.heldAt[c+1] = s.heldAt[c] + min(t.capacity[c], s.inAt[c+1])
	}
	s.held = make([]slot, s.heldAt[nc])
	for c := range nc {
		s.inAt[c+1] += s.inAt[c]
	}
	fill := slices.Clone(s.inAt[:nc])
	for r := range int32(nr) {
		for _, a := range t.arcs[t.start[r]:t.start[r+1]] {
			s.in[fill[a.col]] = inArc{r, a.cost}
			fill[a.col]++
		}
	}
	return s
}

func (s *flowSolver) isUsed(k int32) bool { return s.used[k>>6]&(1<<(k&63)) != 0 }

// nextUsed returns the first arc from k up to (not including) end that
// carries flow, or -1.
func (s *flowSolver) nextUsed(k, end int32) int32 {
	for k < end {
		w := s.used[k>>6] >> (k & 63)
		if w != 0 {
			if k += int32(bits.TrailingZeros64(w)); k < end {
				return k
			}
			return -1
		}
		k = (k | 63) + 1
	}
	return -1
}

// reach records a tentative distance d for node v, from node from over arc via.
func (s *flowSolver) reach(v int32, d int64, from, via int32) {
	x := &s.nodes[v]
	if x.state == notSeen {
		x.state = seen
		s.touched = append(s.touched, v)
	} else if x.state == finalized || d >= x.dist {
		return
	}
	x.dist, x.parent, x.via = d, from, via
	s.q.push(qItem{d, v})
}

// sendUnit sends one unit of row r along a shortest path to the sink and
// updates the potentials.
func (s *flowSolver) sendUnit(r int32) {
	nodes, nr := s.nodes, s.nr
	hSink, hDummy := nodes[s.sink].h, nodes[s.dummy].h
	// The sink's tentative distance and the node before it (a column with
	// room, or the dummy), and the dummy's tentative distance.
	best, bestVia := infDist, int32(none)
	dummyDist := infDist
	s.q.reset()
	s.touched, s.settled = s.touched[:0], s.settled[:0]
	s.reach(r, 0, none, none)
	work := 0
	for s.q.size > 0 {
		it := s.q.pop()
		if it.d >= best {
			break // the sink is nearer than anything left
		}
		v := it.v
		x := &nodes[v]
		if x.state == finalized || it.d > x.dist {
			continue
		}
		x.state = finalized
		s.settled = append(s.settled, v)
		hv := it.d + x.h
		if v < nr {
			if d := hv + s.big - hDummy; d < dummyDist {
				dummyDist = d
				nodes[s.dummy].parent = v
				if sd := d + hDummy - hSink; sd < best {
					best, bestVia = sd, s.dummy
				}
			}
			// Arcs come cheapest first and no column potential is ever
			// positive, so once hv+cost reaches the best way to the sink
			// found so far, no later arc can lead to a shorter one.
			lo, hi := s.start[v], s.start[v+1]
			k := lo
			for ; k < hi; k++ {
				a := s.arcs[k]
				base := hv + int64(a.cost)
				if base >= best {
					break
				}
				if s.used[k>>6]&(1<<(k&63)) != 0 {
					continue
				}
				c := nr + a.col
				y := &nodes[c]
				d := base - y.h
				if d >= best || y.state == finalized || (y.state == seen && d >= y.dist) {
					continue
				}
				if y.state == notSeen {
					y.state = seen
					s.touched = append(s.touched, c)
				}
				y.dist, y.parent, y.via = d, v, k
				if s.load[a.col] < s.capacity[a.col] {
					if sd := d + y.h - hSink; sd < best {
						best, bestVia = sd, c
					}
				}
				s.q.push(qItem{d, c})
			}
			work += int(k-lo) + 1
		} else {
			c := v - nr
			at := s.heldAt[c]
			for _, u := range s.held[at : at+s.load[c]] {
				s.reach(u.row, hv-int64(u.cost)-nodes[u.row].h, v, u.arc)
			}
			work += int(s.load[c]) + 1
		}
	}
	s.work += work

	// New potentials: every node settled nearer than the sink moves by its
	// distance less the sink's, which keeps every reduced cost at zero or
	// more and makes those along shortest paths zero.
	for _, v := range s.settled {
		if x := &nodes[v]; x.dist < best {
			x.h += x.dist - best
		}
	}
	if dummyDist < best {
		nodes[s.dummy].h += dummyDist - best
	}
	for _, v := range s.touched {
		nodes[v].state = notSeen
	}

	// Walk back from the sink: each column on the path takes the arc it
	// was reached by, and each row on it leaves the column it was in.
	for x := bestVia; ; {
		row := nodes[x].parent
		if x != s.dummy {
			k, c := nodes[x].via, x-nr
			s.used[k>>6] |= 1 << (k & 63)
			s.held[s.heldAt[c]+s.load[c]] = slot{k, row, s.arcs[k].cost}
			s.load[c]++
		}
		from := nodes[row].parent
		if from == none {
			break
		}
		k, c := nodes[row].via, from-nr
		s.used[k>>6] &^= 1 << (k & 63)
		list := s.held[s.heldAt[c] : s.heldAt[c]+s.load[c]]
		i := slices.IndexFunc(list, func(u slot) bool { return u.arc == k })
		list[i] = list[len(list)-1]
		s.load[c]--
		x = from
	}
}

// exactPotentials searches backwards from the sink over the reduced costs
// and lowers every node's potential by its distance to the sink, so that
// each node's shortest way to the sink costs zero. Reduced costs stay at
// zero or more: for an arc u→v, dist(u) ≤ reduced cost + dist(v).
// Arcs out of the sink, and from the dummy back to rows, are left out: no
// shortest path to the sink can use them (a row once sent nowhere never
// again reaches a free seat).
func (s *flowSolver) exactPotentials() {
	nodes, nr := s.nodes, s.nr
	// Dense copies of the potentials and distances stay in cache better.
	h := slices.Grow(s.bh[:0], len(nodes))[:len(nodes)]
	dist := slices.Grow(s.bd[:0], len(nodes))[:len(nodes)]
	s.bh, s.bd = h, dist
	for i := range nodes {
		h[i], dist[i] = nodes[i].h, infDist
	}
	q := &s.q
	q.reset()
	dist[s.sink] = 0
	q.push(qItem{0, s.sink})
	// Reduced costs are never below zero, so a node popped once (settled)
	// is never improved again, and a queue entry above its node's distance
	// is stale.
	for q.size > 0 {
		it := q.pop()
		v := it.v
		if it.d > dist[v] {
			continue
		}
		// The reduced cost of u→v is cost + h(u) − h(v); d is the
		// distance less h(v).
		d := it.d - h[v]
		switch {
		case v < nr: // into a row: the reverse of each arc it sends along
			for k := s.nextUsed(s.start[v], s.start[v+1]); k >= 0; k = s.nextUsed(k+1, s.start[v+1]) {
				c := nr + s.arcs[k].col
				if nd := d - int64(s.arcs[k].cost) + h[c]; nd < dist[c] {
					dist[c] = nd
					q.push(qItem{nd, c})
				}
			}
		case v < s.dummy: // into a column: every arc to it without flow
			c := v - nr
			// The rows it holds reach it only backwards; keep them out
			// of reach meanwhile.
			held := s.held[s.heldAt[c] : s.heldAt[c]+s.load[c]]
			saved := s.saved[:0]
			for _, u := range held {
				saved = append(saved, dist[u.row])
				dist[u.row] = -infDist
			}
			for _, u := range s.in[s.inAt[c]:s.inAt[c+1]] {
				if nd := d + int64(u.cost) + h[u.row]; nd < dist[u.row] {
					dist[u.row] = nd
					q.push(qItem{nd, u.row})
				}
			}
			for i, u := range held {
				dist[u.row] = saved[i]
			}
			s.saved = saved
		case v == s.dummy:
			for r := range nr {
				if nd := d + s.big + h[r]; nd < dist[r] && s.start[r] < s.start[r+1] {
					dist[r] = nd
					q.push(qItem{nd, r})
				}
			}
		default: // the sink
			for c := range int32(len(s.load)) {
				if s.load[c] < s.capacity[c] {
					dist[nr+c] = d + h[nr+c]
					q.push(qItem{dist[nr+c], nr + c})
				}
			}
			dist[s.dummy] = d + h[s.dummy]
			q.push(qItem{dist[s.dummy], s.dummy})
		}
	}
	// Nodes that cannot reach the sink count as just beyond the farthest
	// that can, which keeps every reduced cost at zero or more.
	var far int64
	for _, x := range dist {
		if x < infDist {
			far = max(far, x)
		}
	}
	// Then every potential is shifted alike (which changes no reduced
	// cost) so that no column potential is positive, as sendUnit's arc
	// cut-off needs.
	top := -infDist
	for c := nr; c < s.dummy; c++ {
		top = max(top, h[c]-min(dist[c], far))
	}
	if top == -infDist {
		top = 0
	}
	for i := range nodes {
		nodes[i].h = h[i] - min(dist[i], far) - top
	}
}

// Which side of the flow sends units.
const (
	sideAuto = iota
	sideMentees
	sideMentors
)

// solveFlow returns each mentee's mentor index (or -1) and score in
// thousandths. Units are sent from the side with fewer of them, so that
// few units search in vain (a unit with nowhere to go explores everything
// it can reach before it gives up).
func (e *engine) solveFlow(side int) ([]int32, []int64) {
	n, m := len(e.mentees), len(e.mentors)
	deg := make([]int32, m)
	for _, j := range e.to {
		deg[j]++
	}
	var menteeUnits, mentorUnits int
	for i := range n {
		if e.start[i] < e.start[i+1] {
			menteeUnits++
		}
	}
	for j := range m {
		mentorUnits += int(min(deg[j], e.mentors[j].capacity))
	}
	assignArc := make([]int32, n) // index into e.to, or none
	for i := range assignArc {
		assignArc[i] = none
	}
	if side == sideMentees || (side == sideAuto && menteeUnits <= mentorUnits) {
		t := transport{supply: make([]int32, n), capacity: make([]int32, m), start: e.start, arcs: make([]arc, len(e.to))}
		for i := range t.supply {
			t.supply[i] = 1
		}
		for j := range t.capacity {
			t.capacity[j] = e.mentors[j].capacity
		}
		for k, j := range e.to {
			t.arcs[k] = arc{j, unitCost - 1 - e.milli[k]}
		}
		used := t.solve()
		for i := range n {
			for k := e.start[i]; k < e.start[i+1]; k++ {
				if used[k] {
					assignArc[i] = k
				}
			}
		}
	} else {
		// The same arcs, listed per mentor from the cheapest.
		t := transport{supply: make([]int32, m), capacity: make([]int32, n), start: make([]int32, m+1)}
		for j := range m {
			t.supply[j] = min(deg[j], e.mentors[j].capacity)
			t.start[j+1] = t.start[j] + deg[j]
		}
		for i := range t.capacity {
			t.capacity[i] = 1
		}
		back := make([]int32, len(e.to))  // transposed arc → arc in e.to
		owner := make([]int32, len(e.to)) // arc in e.to → mentee
		fill := slices.Clone(t.start[:m])
		for i := range n {
			for k := e.start[i]; k < e.start[i+1]; k++ {
				j := e.to[k]
				back[fill[j]] = k
				owner[k] = int32(i)
				fill[j]++
			}
		}
		for j := range m {
			part := back[t.start[j]:t.start[j+1]]
			slices.SortStableFunc(part, func(a, b int32) int { return int(e.milli[b]) - int(e.milli[a]) })
		}
		t.arcs = make([]arc, len(back))
		for x, k := range back {
			t.arcs[x] = arc{owner[k], unitCost - 1 - e.milli[k]}
		}
		used := t.solve()
		for x, k := range back {
			if used[x] {
				assignArc[t.arcs[x].col] = k
			}
		}
	}

	assign := make([]int32, n)
	milli := make([]int64, n)
	load := make([]int32, m)
	for i := range n {
		assign[i] = -1
		if k := assignArc[i]; k >= 0 {
			assign[i] = e.to[k]
			milli[i] = int64(e.milli[k])
			load[assign[i]]++
		}
	}
	// Mentees cut off by the edge limit may still find a mentor with room.
	var buf []edge
	for i := range n {
		if assign[i] >= 0 || e.feasible[i] <= e.start[i+1]-e.start[i] {
			continue
		}
		buf = e.feasibleList(i, buf[:0])
		for _, ed := range buf {
			if load[ed.mentor] < e.mentors[ed.mentor].capacity {
				assign[i], milli[i] = ed.mentor, ed.milli
				load[ed.mentor]++
				break
			}
		}
	}
	return assign, milli
}
