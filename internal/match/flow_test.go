package match

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// randomTransport makes a small transport problem with every oddity the
// solver must handle: rows without arcs or supply, columns without room,
// rows sending several units, and many equal costs.
func randomTransport(r *rand.Rand, rows, cols int) *transport {
	nr, nc := 1+r.IntN(rows), 1+r.IntN(cols)
	t := &transport{supply: make([]int32, nr), capacity: make([]int32, nc), start: make([]int32, nr+1)}
	for c := range t.capacity {
		t.capacity[c] = int32(r.IntN(5))
	}
	costs := []int32{0, 1, 5000, 5000, 5001, 99999, 100000}
	for row := range nr {
		t.supply[row] = int32(r.IntN(4))
		var arcs []arc
		for _, c := range r.Perm(nc)[:r.IntN(nc+1)] {
			cost := int32(r.IntN(100001))
			if r.IntN(2) == 0 {
				cost = costs[r.IntN(len(costs))]
			}
			arcs = append(arcs, arc{int32(c), cost})
		}
		slices.SortStableFunc(arcs, func(a, b arc) int { return int(a.cost - b.cost) })
		t.arcs = append(t.arcs, arcs...)
		t.start[row+1] = int32(len(t.arcs))
	}
	return t
}

// referenceFlow solves t plainly: successive shortest paths found by
// Bellman–Ford from a source over an explicit residual graph, nothing
// sent nowhere until nothing else is possible (sending nowhere costs more
// than any total of arcs). It returns how many units reach a column and
// what their arcs cost.
func referenceFlow(t *transport) (int, int64) {
	nr, nc := len(t.supply), len(t.capacity)
	src, dummy, sink := nr+nc, nr+nc+1, nr+nc+2
	type edge struct {
		to, cap int
		cost    int64
		rev     int
	}
	g := make([][]edge, nr+nc+3)
	add := func(u, v, cp int, cost int64) {
		g[u] = append(g[u], edge{v, cp, cost, len(g[v])})
		g[v] = append(g[v], edge{u, 0, -cost, len(g[u]) - 1})
	}
	var units int
	for row := range nr {
		units += int(t.supply[row])
	}
	big := int64(units+2) * unitCost
	for row := range nr {
		add(src, row, int(t.supply[row]), 0)
		add(row, dummy, units, big)
		for _, a := range t.arcs[t.start[row]:t.start[row+1]] {
			add(row, nr+int(a.col), 1, int64(a.cost))
		}
	}
	for c := range nc {
		add(nr+c, sink, int(t.capacity[c]), 0)
	}
	add(dummy, sink, units, 0)
	for range units {
		dist := make([]int64, len(g))
		from := make([][2]int, len(g))
		for i := range dist {
			dist[i] = 1 << 62
		}
		dist[src] = 0
		for changed := true; changed; {
			changed = false
			for u := range g {
				if dist[u] == 1<<62 {
					continue
				}
				for k, e := range g[u] {
					if e.cap > 0 && dist[u]+e.cost < dist[e.to] {
						dist[e.to], from[e.to] = dist[u]+e.cost, [2]int{u, k}
						changed = true
					}
				}
			}
		}
		for v := sink; v != src; v = from[v][0] {
			e := &g[from[v][0]][from[v][1]]
			e.cap--
			g[v][e.rev].cap++
		}
	}
	n, total := 0, int64(0)
	for row := range nr {
		for _, e := range g[row] {
			if e.to >= nr && e.to < nr+nc && e.cap == 0 && e.cost >= 0 {
				n++
				total += e.cost
			}
		}
	}
	return n, total
}

func TestTransportMatchesReference(t *testing.T) {
	r := rand.New(rand.NewPCG(21, 34))
	defer func() { refreshWork = defaultRefresh }()
	for round := range 620 {
		rows, cols := 40, 15
		if round >= 600 { // a few larger ones, where searches go deep
			rows, cols = 150, 40
		}
		tr := randomTransport(r, rows, cols)
		wantN, wantTotal := referenceFlow(tr)
		for _, every := range []int{-1, 0, 7} {
			if every >= 0 {
				refreshWork = func(int, int) int { return every }
			} else {
				refreshWork = defaultRefresh
			}
			used := tr.solve()
			n, total := 0, int64(0)
			sent := make([]int32, len(tr.supply))
			held := make([]int32, len(tr.capacity))
			for row := range tr.supply {
				for k := tr.start[row]; k < tr.start[row+1]; k++ {
					if used[k] {
						n++
						total += int64(tr.arcs[k].cost)
						sent[row]++
						held[tr.arcs[k].col]++
					}
				}
				if sent[row] > tr.supply[row] {
					t.Fatalf("round %d: row %d sends %d of %d units", round, row, sent[row], tr.supply[row])
				}
			}
			for c := range held {
				if held[c] > tr.capacity[c] {
					t.Fatalf("round %d: column %d takes %d of %d", round, c, held[c], tr.capacity[c])
				}
			}
			if n != wantN || total != wantTotal {
				t.Fatalf("round %d, refresh %d: %d units costing %d; reference %d costing %d", round, every, n, total, wantN, wantTotal)
			}
		}
	}
}

// TestFlowSidesAgree plans medium cohorts where no mentee has more
// feasible mentors than the edge limit, so the flow alone decides: sending
// from either side, with potentials remade exact before every unit or not,
// must give the same number of pairs and the same total.
func TestFlowSidesAgree(t *testing.T) {
	defer func() { refreshWork = defaultRefresh }()
	for _, c := range []Cohort{genCohort(21, 400, 40, 3), genCohort(22, 300, 45, 8), genCohort(23, 500, 30, 2)} {
		e, err := prepare(DefaultWeights(), c)
		if err != nil {
			t.Fatal(err)
		}
		e.buildEdges(edgeLimit)
		first := true
		var wantN int
		var wantTotal int64
		for _, side := range []int{sideMentees, sideMentors} {
			for _, refresh := range []bool{false, true} {
				refreshWork = defaultRefresh
				if refresh {
					refreshWork = func(int, int) int { return 0 }
				}
				assign, milli := e.solveFlow(side)
				n, total := 0, int64(0)
				for i, j := range assign {
					if j >= 0 {
						n++
						total += milli[i]
					}
				}
				if first {
					wantN, wantTotal, first = n, total, false
				} else if n != wantN || total != wantTotal {
					t.Fatalf("side %d, refresh %v: %d pairs, total %d; first way %d, %d", side, refresh, n, total, wantN, wantTotal)
				}
			}
		}
	}
}
