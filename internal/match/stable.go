package match

import (
	"container/heap"
	"runtime"
	"slices"
	"sync"
)

// PlanStable pairs mentees by mentee-proposing Gale–Shapley with mentor
// capacities: each mentee asks mentors in order of score (ties by mentor id);
// a mentor keeps the best-scoring mentees that asked, up to capacity (ties by
// mentee id). No mentee and mentor would both rather be together than keep
// what they have, and no mentee can do better in any such plan. It fails as
// PlanOptimal does.
func PlanStable(w Weights, c Cohort) (Plan, error) {
	e, err := prepare(w, c)
	if err != nil {
		return Plan{}, err
	}
	e.buildEdges(edgeLimit)
	assign, milli := e.solveStable()
	return e.plan(assign, milli), nil
}

// held is the mentees a mentor holds, least preferred at the root.
type held struct {
	e     *engine
	items []edge // mentor field holds the mentee index here
}

func (h *held) Len() int { return len(h.items) }
func (h *held) Less(i, j int) bool {
	a, b := h.items[i], h.items[j]
	return h.e.menteeWorse(a.mentor, a.milli, b.mentor, b.milli)
}
func (h *held) Swap(i, j int) { h.items[i], h.items[j] = h.items[j], h.items[i] }
func (h *held) Push(x any)    { h.items = append(h.items, x.(edge)) }
func (h *held) Pop() any {
	x := h.items[len(h.items)-1]
	h.items = h.items[:len(h.items)-1]
	return x
}

// solveStable returns each mentee's mentor index (or -1) and score in
// thousandths. A mentee who runs through its best mentors from buildEdges
// goes on with its full preference list, so the result is exact.
func (e *engine) solveStable() ([]int32, []int64) {
	n, m := len(e.mentees), len(e.mentors)
	next := make([]int32, n)
	full := make(map[int][]edge) // full lists, made only when needed
	holds := make([]*held, m)
	for j := range holds {
		holds[j] = &held{e: e}
	}
	free := make([]int32, 0, n)
	for i := n - 1; i >= 0; i-- {
		free = append(free, int32(i))
	}
	at := func(i int32, k int32) (edge, bool) {
		deg := e.start[i+1] - e.start[i]
		if k < deg {
			x := e.start[i] + k
			return edge{e.to[x], int64(e.milli[x])}, true
		}
		if e.feasible[i] <= deg {
			return edge{}, false
		}
		list, ok := full[int(i)]
		if !ok {
			list = e.feasibleList(int(i), nil)
			full[int(i)] = list
		}
		if int(k) < len(list) {
			return list[k], true
		}
		return edge{}, false
	}
	for len(free) > 0 {
		i := free[len(free)-1]
		free = free[:len(free)-1]
		for {
			ed, ok := at(i, next[i])
			if !ok {
				break // nobody left to ask
			}
			next[i]++
			h := holds[ed.mentor]
			offer := edge{i, ed.milli}
			if int32(h.Len()) < e.mentors[ed.mentor].capacity {
				heap.Push(h, offer)
				break
			}
			if worst := h.items[0]; e.menteeWorse(worst.mentor, worst.milli, i, ed.milli) {
				h.items[0] = offer
				heap.Fix(h, 0)
				free = append(free, worst.mentor)
				break
			}
		}
	}
	assign := make([]int32, n)
	milli := make([]int64, n)
	for i := range assign {
		assign[i] = -1
	}
	for j, h := range holds {
		for _, it := range h.items {
			assign[it.mentor], milli[it.mentor] = int32(j), it.milli
		}
	}
	return assign, milli
}

// prefer reports whether a mentee likes edge x better than y: higher score,
// then earlier mentor id.
func (e *engine) prefer(x, y edge) bool {
	if x.milli != y.milli {
		return x.milli > y.milli
	}
	return e.mentorRank[x.mentor] < e.mentorRank[y.mentor]
}

func (e *engine) sortEdges(list []edge) {
	slices.SortFunc(list, func(x, y edge) int {
		if e.prefer(x, y) {
			return -1
		}
		if e.prefer(y, x) {
			return 1
		}
		return 0
	})
}

// feasibleList appends every feasible mentor of mentee i to buf, best first.
func (e *engine) feasibleList(i int, buf []edge) []edge {
	buf = e.feasibleAll(i, buf)
	e.sortEdges(buf)
	return buf
}

// selectBest moves the k preferred edges to the front of list (quickselect,
// in no particular order) and returns them.
func (e *engine) selectBest(list []edge, k int) []edge {
	if len(list) <= k {
		return list
	}
	lo, hi := 0, len(list)-1
	for lo < hi {
		// Median of three keeps sorted input from going quadratic.
		mid := lo + (hi-lo)/2
		if e.prefer(list[hi], list[lo]) {
			list[lo], list[hi] = list[hi], list[lo]
		}
		if e.prefer(list[mid], list[lo]) {
			list[mid], list[lo] = list[lo], list[mid]
		}
		if e.prefer(list[hi], list[mid]) {
			list[mid], list[hi] = list[hi], list[mid]
		}
		pivot := list[mid]
		i, j := lo, hi
		for i <= j {
			for e.prefer(list[i], pivot) {
				i++
			}
			for e.prefer(pivot, list[j]) {
				j--
			}
			if i <= j {
				list[i], list[j] = list[j], list[i]
				i++
				j--
			}
		}
		switch {
		case k-1 <= j:
			hi = j
		case k-1 >= i:
			lo = i
		default:
			return list[:k]
		}
	}
	return list[:k]
}

// buildEdges keeps each mentee's best limit feasible mentors, best first.
// Mentees are split among the available CPUs; the result does not depend
// on how many there are.
func (e *engine) buildEdges(limit int) {
	n := len(e.mentees)
	limit = max(limit, 0)
	e.feasible = make([]int32, n)
	ms := e.indexMentors()
	// Mentee i's list goes to to[i*limit:], then the lists are closed up.
	to, milli := make([]int32, n*limit), make([]int32, n*limit)
	deg := make([]int32, n)
	workers := max(1, min(runtime.GOMAXPROCS(0), n/256))
	var wg sync.WaitGroup
	for wk := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var s edgeScratch
			for i := wk; i < n; i += workers {
				best, count := e.bestFeasible(i, limit, ms, &s)
				e.feasible[i], deg[i] = int32(count), int32(len(best))
				for k, ed := range best {
					to[i*limit+k], milli[i*limit+k] = ed.mentor, int32(ed.milli)
				}
			}
		}()
	}
	wg.Wait()
	e.start = make([]int32, n+1)
	for i := range n {
		at := e.start[i]
		copy(to[at:], to[i*limit:i*limit+int(deg[i])])
		copy(milli[at:], milli[i*limit:i*limit+int(deg[i])])
		e.start[i+1] = at + deg[i]
	}
	e.to, e.milli = to[:e.start[n]], milli[:e.start[n]]
}

// blockingPairs counts feasible pairs (i, j), not together, where mentee i
// prefers j to its mentor (or has none) and j has room or prefers i to its
// least preferred mentee. Preferences are by score, then by id.
func (e *engine) blockingPairs(assign []int32, milli []int64) int {
	m := len(e.mentors)
	load := make([]int32, m)
	worst := make([]int32, m)
	for j := range worst {
		worst[j] = -1
	}
	for i, j := range assign {
		if j < 0 {
			continue
		}
		load[j]++
		if w := worst[j]; w < 0 || e.menteeWorse(int32(i), milli[i], w, milli[w]) {
			worst[j] = int32(i)
		}
	}
	n := 0
	var buf []edge
	for i := range e.mentees {
		buf = e.feasibleList(i, buf[:0])
		cur := assign[i]
		for _, ed := range buf {
			j := ed.mentor
			if j == cur {
				break // the rest are liked less than the current mentor
			}
			if load[j] < e.mentors[j].capacity || e.menteeWorse(worst[j], milli[worst[j]], int32(i), ed.milli) {
				n++
			}
		}
	}
	return n
}

// menteeWorse reports whether a mentor likes mentee a (at score sa) less than b (at sb).
func (e *engine) menteeWorse(a int32, sa int64, b int32, sb int64) bool {
	if sa != sb {
		return sa < sb
	}
	return e.menteeRank[a] > e.menteeRank[b]
}
