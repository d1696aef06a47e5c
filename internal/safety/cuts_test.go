package safety

import (
	"math"
	"math/rand/v2"
	"testing"
)

// chooseCutsPairs is chooseCuts written plainly: every pair of cuts tried
// on every line (a crisis passes both cuts). TestChooseCutsSame checks that the counting version picks
// the same cuts.
func chooseCutsPairs(ss []scored, a, c func(scored) float64, floor func(scored) bool, ca, cc []float64, allowed float64) [2]float32 {
	var nNone, nCrisis, nConcern int
	for _, s := range ss {
		switch {
		case s.isCrisis:
			nCrisis++
		case s.atRisk:
			nConcern++
		default:
			nNone++
		}
	}
	nRisk := nCrisis + nConcern
	best, bestCut := math.Inf(-1), [2]float32{float32(ca[len(ca)-1]), float32(cc[len(cc)-1])}
	for _, tc := range cc {
		for _, ta := range ca {
			var fa, hitC, hitR, over int
			for _, s := range ss {
				la := a(s) >= ta || floor(s)
				lc := c(s) >= tc && a(s) >= ta
				switch {
				case s.isCrisis:
					if lc {
						hitC++
					}
					if la {
						hitR++
					}
				case s.atRisk:
					if la {
						hitR++
					}
					if lc {
						over++
					}
				default:
					if la {
						fa++
					}
				}
			}
			if float64(fa) > allowed {
				continue
			}
			v := ratio(hitC, nCrisis) + ratio(hitR, nRisk) - 0.25*ratio(over, nConcern)
			if v > best {
				best, bestCut = v, [2]float32{float32(ta), float32(tc)}
			}
		}
	}
	return bestCut
}

func TestChooseCutsSame(t *testing.T) {
	defer func(b float64) { FalseAlarmBudget = b }(FalseAlarmBudget)
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := range 12 {
		n := 200 + rng.IntN(1500)
		ss := make([]scored, n)
		for i := range ss {
			lvl := rng.IntN(3)
			s := scored{atRisk: lvl > 0, isCrisis: lvl == 2}
			// Scores that lean toward the label, rounded so many tie.
			s.combA = math.Round((rng.NormFloat64()+float64(lvl))*8) / 8
			s.combC = math.Round((rng.NormFloat64()+float64(lvl)-1)*8) / 8
			if rng.IntN(10) == 0 {
				s.rules.sev = 4
			}
			ss[i] = s
		}
		a := func(s scored) float64 { return s.combA }
		c := func(s scored) float64 { return s.combC }
		for _, floorOn := range []bool{false, true} {
			floor := func(s scored) bool { return floorOn && s.rules.sev >= 4 }
			for _, budget := range []float64{0.01, 0.03, 0.2} {
				FalseAlarmBudget = budget
				got := chooseCuts(ss, a, c, floor)
				// The same candidates and allowance chooseCuts uses.
				ca, cc, allowed := cutCandidates(ss, a, c, floor)
				if want := chooseCutsPairs(ss, a, c, floor, ca, cc, allowed); got != want {
					t.Errorf("trial %d (floor %v, budget %v): chooseCuts %v, trying every pair %v", trial, floorOn, budget, got, want)
				}
			}
		}
	}
}
