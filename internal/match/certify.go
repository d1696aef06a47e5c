package match

// Optimality over every feasible pair, not only the kept ones.
//
// The flow keeps each mentee's best edgeLimit mentors. A plan that is
// optimal over the kept pairs is optimal over all of them exactly when no
// left-out pair could take part in an improving exchange. Linear
// programming duality gives a test for that: the kept plan has node
// potentials under which no arc of its residual graph costs less than zero;
// if every left-out pair also costs zero or more under them, no exchange
// through any pair improves the plan. solveOptimal finds the potentials,
// brings in every feasible pair of any mentee who fails the test, and
// solves again, until none fails. So the plan is optimal over all feasible
// pairs, and the usual cost is one search over the kept arcs.

// solveOptimal returns each mentee's mentor index (or -1) and score in
// thousandths for a plan that pairs as many mentees as can be paired and,
// among those plans, has the greatest total score over all feasible pairs.
// The caller has run buildEdges.
func (e *engine) solveOptimal() ([]int32, []int64) {
	for {
		assign, milli := e.solveFlow(sideAuto)
		widen := e.uncertified(assign, milli)
		if len(widen) == 0 {
			return assign, milli
		}
		e.widen(widen)
	}
}

// uncertified returns the mentees who have a left-out pair that might
// improve the plan (assign, milli). It returns every mentee with left-out
// pairs when the plan is not optimal even over the kept pairs, which the
// flow never produces but the test does not take on trust.
func (e *engine) uncertified(assign []int32, milli []int64) []int {
	n, m := len(e.mentees), len(e.mentors)
	var withLeftOut []int
	for i := range n {
		if e.feasible[i] > e.start[i+1]-e.start[i] {
			withLeftOut = append(withLeftOut, i)
		}
	}
	if len(withLeftOut) == 0 {
		return nil // every pair is kept: the flow is optimal over all of them
	}
	pot, ok := e.residualPotentials(assign, milli)
	if !ok {
		return withLeftOut
	}
	top := int64(-1 << 62) // the highest mentor potential
	for j := range m {
		top = max(top, pot[n+j])
	}
	var widen []int
	var buf []edge
	for _, i := range withLeftOut {
		// Left-out pairs score no more than the lowest kept one, so
		// they cost at least its cost; if even that, against the highest
		// mentor potential, costs zero or more, none can help.
		if e.start[i] < e.start[i+1] {
			lowest := int64(1 << 62)
			for k := e.start[i]; k < e.start[i+1]; k++ {
				lowest = min(lowest, int64(e.milli[k]))
			}
			if arcCost(lowest)+pot[i]-top >= 0 {
				continue
			}
		}
		buf = e.feasibleAll(i, buf[:0])
		for _, ed := range buf {
			if ed.mentor != assign[i] && arcCost(ed.milli)+pot[i]-pot[n+int(ed.mentor)] < 0 {
				widen = append(widen, i)
				break
			}
		}
	}
	return widen
}

// arcCost is the flow's cost of a pair scoring milli thousandths.
func arcCost(milli int64) int64 { return unitCost - 1 - milli }

// residualPotentials finds potentials for the residual graph of the plan
// over the kept pairs, under which no residual arc costs less than zero:
// shortest distances from a virtual node joined to every node at no cost,
// by Bellman–Ford with a queue. Nodes are mentees, then mentors, then
// "nobody" (D) and the sink (T); each mentee sends one unit, to a mentor or
// to D at a cost above any total. It reports false if the residual graph
// has a cycle of negative cost (the plan is not optimal over the kept
// pairs).
func (e *engine) residualPotentials(assign []int32, milli []int64) ([]int64, bool) {
	n, m := len(e.mentees), len(e.mentors)
	d, t := n+m, n+m+1
	nodes := n + m + 2
	big := int64(n+2) * unitCost
	load := make([]int32, m)
	// The mentees each mentor holds: held[heldAt[j]:heldAt[j+1]].
	heldAt := make([]int32, m+1)
	for _, j := range assign {
		if j >= 0 {
			load[j]++
			heldAt[j+1]++
		}
	}
	for j := range m {
		heldAt[j+1] += heldAt[j]
	}
	var nowhere []int32 // mentees sent to D
	for i, j := range assign {
		if j < 0 {
			nowhere = append(nowhere, int32(i))
		}
	}
	held := make([]int32, heldAt[m])
	fill := append([]int32(nil), heldAt[:m]...)
	for i, j := range assign {
		if j >= 0 {
			held[fill[j]] = int32(i)
			fill[j]++
		}
	}

	pot := make([]int64, nodes)
	queued := make([]bool, nodes)
	visits := make([]int32, nodes)
	queue := make([]int32, 0, nodes)
	for v := range nodes {
		queue = append(queue, int32(v))
		queued[v] = true
	}
	relax := func(u, v int, cost int64) {
		if nd := pot[u] + cost; nd < pot[v] {
			pot[v] = nd
			if !queued[v] {
				queued[v] = true
				queue = append(queue, int32(v))
			}
		}
	}
	for head := 0; head < len(queue); head++ {
		if head > 1<<16 && head*2 > len(queue) {
			// Keep the queue from growing without end.
			queue = append(queue[:0], queue[head:]...)
			head = 0
		}
		u := int(queue[head])
		queued[u] = false
		if visits[u]++; int(visits[u]) > nodes {
			return nil, false // a negative cycle
		}
		switch {
		case u < n: // a mentee: to each kept mentor it is not with, and to D if it has a mentor
			for k := e.start[u]; k < e.start[u+1]; k++ {
				if j := e.to[k]; j != assign[u] {
					relax(u, n+int(j), arcCost(int64(e.milli[k])))
				}
			}
			if assign[u] >= 0 {
				relax(u, d, big)
			}
		case u < d: // a mentor: back to each mentee it holds, and to T if it has room
			j := u - n
			for _, i := range held[heldAt[j]:heldAt[j+1]] {
				relax(u, int(i), -arcCost(milli[i]))
			}
			if load[j] < e.mentors[j].capacity {
				relax(u, t, 0)
			}
		case u == d: // D: on to T, and back to each mentee sent nowhere
			relax(u, t, 0)
			for _, i := range nowhere {
				relax(u, int(i), -big)
			}
		default: // T: back to each mentor holding someone, and to D if anyone went there
			for j := range m {
				if load[j] > 0 {
					relax(u, n+j, 0)
				}
			}
			if len(nowhere) > 0 {
				relax(u, d, 0)
			}
		}
	}
	return pot, true
}

// widen brings every feasible pair of the given mentees into the kept
// pairs, best first as the flow needs.
func (e *engine) widen(mentees []int) {
	n := len(e.mentees)
	full := make(map[int][]edge, len(mentees))
	for _, i := range mentees {
		full[i] = e.feasibleList(i, nil)
	}
	start := make([]int32, n+1)
	var to, milli []int32
	for i := range n {
		if list, ok := full[i]; ok {
			for _, ed := range list {
				to, milli = append(to, ed.mentor), append(milli, int32(ed.milli))
			}
		} else {
			to, milli = append(to, e.to[e.start[i]:e.start[i+1]]...), append(milli, e.milli[e.start[i]:e.start[i+1]]...)
		}
		start[i+1] = int32(len(to))
	}
	e.start, e.to, e.milli = start, to, milli
}
