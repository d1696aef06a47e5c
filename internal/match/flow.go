package match

import "slices"

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
// To stay fast on large cohorts each mentee brings only its 48 best-scoring
// feasible mentors into the flow. The plan is exactly optimal whenever no
// mentee has more than 48 feasible mentors (so on every small cohort);
// otherwise it is optimal over those arcs, and a mentee left out is then
// given any feasible mentor who still has room.
func PlanOptimal(w Weights, c Cohort) (Plan, error) {
	e, err := prepare(w, c)
	if err != nil {
		return Plan{}, err
	}
	e.buildEdges(edgeLimit)
	assign, milli := e.solveFlow(sideAuto)
	return e.plan(assign, milli), nil
}

// unitCost is one more than the highest score in thousandths.
const unitCost = 100001

// qItem is a tentative distance in a search queue.
type qItem struct {
	d int64
	v int32
}

// minQueue is a binary heap of tentative distances; stale entries are skipped.
type minQueue []qItem

func (q *minQueue) push(it qItem) {
	*q = append(*q, it)
	s := *q
	i := len(s) - 1
	for i > 0 {
		p := (i - 1) / 2
		if s[p].d <= it.d {
			break
		}
		s[i] = s[p]
		i = p
	}
	s[i] = it
}

func (q *minQueue) pop() qItem {
	s := *q
	top := s[0]
	last := s[len(s)-1]
	s = s[:len(s)-1]
	*q = s
	if len(s) == 0 {
		return top
	}
	i := 0
	for {
		c := 2*i + 1
		if c >= len(s) {
			break
		}
		if c+1 < len(s) && s[c+1].d < s[c].d {
			c++
		}
		if s[c].d >= last.d {
			break
		}
		s[i] = s[c]
		i = c
	}
	s[i] = last
	return top
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
)

// arcChunk is how many arcs of a row a search looks at before it queues
// the rest for later.
const arcChunk = 8

// transport is a min-cost flow problem: each row sends supply units to
// columns that take up to capacity units, over arcs listed per row from the
// cheapest; a unit may go nowhere at a cost above any total of arc costs.
type transport struct {
	supply   []int32 // per row
	capacity []int32 // per column
	start    []int32 // row r's arcs are start[r]..start[r+1]
	col      []int32
	cost     []int32
}

// solve sends every unit, one at a time, along a shortest path from its row
// (Dijkstra with potentials, stopping at the sink). Each step keeps the flow
// the cheapest for the units sent so far, so the end result leaves the
// fewest units with nowhere to go and then costs the least. It reports
// which arcs carry flow.
func (t *transport) solve() []bool {
	nr, nc := len(t.supply), len(t.capacity)
	dummy, sink := int32(nr+nc), int32(nr+nc+1)
	var units int64
	for _, s := range t.supply {
		units += int64(s)
	}
	big := (units + 2) * unitCost
	used := make([]bool, len(t.col))
	rowOf := make([]int32, len(t.col))
	for r := range nr {
		for k := t.start[r]; k < t.start[r+1]; k++ {
			rowOf[k] = int32(r)
		}
	}
	members := make([][]int32, nc) // arcs carrying flow into each column
	nodes := make([]node, nr+nc+2)
	var touched, settled []int32
	var q minQueue

	// scanArcs relaxes up to arcChunk of row v's arcs from k on, then queues
	// the rest under a lower bound of what they could reach. Arcs come
	// cheapest first and no potential is ever positive, so d+cost+h[v]
	// bounds every later arc: once it reaches the best path to the sink
	// found so far, the rest are never looked at.
	next := make([]int32, nr)
	scanArcs := func(v int32, d, hv int64, k int32) {
		bound := int64(1 << 62)
		if nodes[sink].state != notSeen {
			bound = nodes[sink].dist
		}
		end := min(k+arcChunk, t.start[v+1])
		for ; k < end; k++ {
			base := d + int64(t.cost[k]) + hv
			if base >= bound {
				return
			}
			c := int32(nr) + t.col[k]
			y := &nodes[c]
			if y.state == finalized || used[k] {
				continue
			}
			nd := base - y.h
			if nd >= bound || (y.state == seen && nd >= y.dist) {
				continue
			}
			if y.state == notSeen {
				y.state = seen
				touched = append(touched, c)
			}
			y.dist, y.parent, y.via = nd, v, k
			q.push(qItem{nd, c})
		}
		if k < t.start[v+1] {
			if lb := d + int64(t.cost[k]) + hv; lb < bound {
				next[v] = k
				q.push(qItem{lb, -v - 1})
			}
		}
	}

	relax := func(v int32, d int64, from, via int32) {
		x := &nodes[v]
		if x.state == notSeen {
			x.state = seen
			touched = append(touched, v)
		} else if x.state == finalized || d >= x.dist {
			return
		}
		x.dist, x.parent, x.via = d, from, via
		q.push(qItem{d, v})
	}

	for r := range int32(nr) {
		if t.start[r] == t.start[r+1] {
			continue // every unit goes nowhere
		}
		for range t.supply[r] {
			q, touched, settled = q[:0], touched[:0], settled[:0]
			relax(r, 0, none, none)
			for len(q) > 0 {
				it := q.pop()
				v := it.v
				if v < 0 {
					// A row's later arcs, due now: none can be reached for
					// less than this key.
					row := -v - 1
					x := &nodes[row]
					scanArcs(row, x.dist, x.h, next[row])
					continue
				}
				x := &nodes[v]
				if x.state == finalized || it.d > x.dist {
					continue
				}
				x.state = finalized
				settled = append(settled, v)
				d, hv := it.d, x.h
				switch {
				case v == sink:
					q = q[:0]
				case v < int32(nr):
					scanArcs(v, d, hv, t.start[v])
					relax(dummy, d+big+hv-nodes[dummy].h, v, none)
				case v == dummy:
					relax(sink, d+hv-nodes[sink].h, dummy, none)
				default:
					c := v - int32(nr)
					if int32(len(members[c])) < t.capacity[c] {
						relax(sink, d+hv-nodes[sink].h, v, none)
					}
					for _, k := range members[c] {
						row := rowOf[k]
						relax(row, d-int64(t.cost[k])+hv-nodes[row].h, v, k)
					}
				}
			}
			dt := nodes[sink].dist
			for _, v := range settled {
				if x := &nodes[v]; x.dist < dt {
					x.h += x.dist - dt
				}
			}
			for _, v := range touched {
				nodes[v].state = notSeen
			}
			// Walk back from the sink: each row on the path moves its unit
			// to the column after it.
			for x := nodes[sink].parent; ; {
				var row int32
				if x == dummy {
					row = nodes[dummy].parent
				} else {
					k := nodes[x].via
					used[k] = true
					members[x-int32(nr)] = append(members[x-int32(nr)], k)
					row = nodes[x].parent
				}
				from := nodes[row].parent
				if from == none {
					break
				}
				k := nodes[row].via
				used[k] = false
				list := members[from-int32(nr)]
				for i, a := range list {
					if a == k {
						list[i] = list[len(list)-1]
						members[from-int32(nr)] = list[:len(list)-1]
						break
					}
				}
				x = from
			}
		}
	}
	return used
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
		t := transport{supply: make([]int32, n), capacity: make([]int32, m), start: e.start, col: e.to, cost: make([]int32, len(e.to))}
		for i := range t.supply {
			t.supply[i] = 1
		}
		for j := range t.capacity {
			t.capacity[j] = e.mentors[j].capacity
		}
		for k, s := range e.milli {
			t.cost[k] = unitCost - 1 - s
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
		t.col = make([]int32, len(back))
		t.cost = make([]int32, len(back))
		for x, k := range back {
			t.col[x] = owner[k]
			t.cost[x] = unitCost - 1 - e.milli[k]
		}
		used := t.solve()
		for x, k := range back {
			if used[x] {
				assignArc[t.col[x]] = k
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
