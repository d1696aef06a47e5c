package safety

import (
	"fmt"
	"io"
	"slices"
	"strings"
)

// Tally counts how one set of lines was read.
type Tally struct {
	Crisis, CrisisHit int // crisis lines, and those read as crisis
	Risk, RiskHit     int // crisis or concern lines, and those read as concern or above
	None, FalseAlarm  int // none lines, and those read as concern or above
}

// Add counts one line labelled want and read as got.
func (t *Tally) Add(want, got Level) {
	switch want {
	case Crisis:
		t.Crisis++
		t.Risk++
		if got == Crisis {
			t.CrisisHit++
		}
		if got != None {
			t.RiskHit++
		}
	case Concern:
		t.Risk++
		if got != None {
			t.RiskHit++
		}
	default:
		t.None++
		if got != None {
			t.FalseAlarm++
		}
	}
}

// Merge adds o's counts to t.
func (t *Tally) Merge(o Tally) {
	t.Crisis += o.Crisis
	t.CrisisHit += o.CrisisHit
	t.Risk += o.Risk
	t.RiskHit += o.RiskHit
	t.None += o.None
	t.FalseAlarm += o.FalseAlarm
}

// String gives crisis recall, concern-or-above recall and false alarms on none.
func (t Tally) String() string {
	return fmt.Sprintf("%5.3f (%4d) %5.3f (%4d) %5.3f (%4d)",
		ratio(t.CrisisHit, t.Crisis), t.Crisis, ratio(t.RiskHit, t.Risk), t.Risk, ratio(t.FalseAlarm, t.None), t.None)
}

// Systems compared: the rules alone, the model alone, and Check.
const (
	SysRules = iota
	SysModel
	SysCombined
	nSys
)

// SystemNames name the systems in tables.
var SystemNames = [nSys]string{"rules", "model", "combined"}

// Score holds the tallies of each system, by language.
type Score [nSys]map[string]*Tally

func newScore() Score {
	var s Score
	for i := range s {
		s[i] = map[string]*Tally{}
	}
	return s
}

func (s Score) add(sys int, lang string, want, got Level) {
	for _, k := range []string{lang, "all"} {
		t := s[sys][k]
		if t == nil {
			t = &Tally{}
			s[sys][k] = t
		}
		t.Add(want, got)
	}
}

// Fold is one author's lines measured by a model trained without them.
type Fold struct {
	Author string
	Score  Score
}

// measureModel scores examples idx of p with m, all three ways.
func measureModel(m *linear, p *Prepared, idx []int, s Score) {
	for _, i := range idx {
		e := p.Examples[i]
		ra, rc := p.raw(m, i)
		za, zc := m.combined(ra, rc, p.rules[i])
		s.add(SysRules, e.Lang, e.Level, levelOf(p.rules[i].sev))
		s.add(SysModel, e.Lang, e.Level, decide(ra, rc, m.solo))
		got := decideWithRules(za, zc, m.cut, p.rules[i].sev)
		if len(p.feats[i]) == 0 {
			got = None
		}
		s.add(SysCombined, e.Lang, e.Level, got)
	}
}

// CrossValidate trains, for each group in test, on every example of p
// outside that group and the groups in exclude, and measures the group.
func CrossValidate(p *Prepared, test, exclude []string, cfg TrainConfig) []Fold {
	var folds []Fold
	for _, g := range test {
		var tr, held []int
		for i, e := range p.Examples {
			switch {
			case e.Group == g:
				held = append(held, i)
			case !slices.Contains(exclude, e.Group):
				tr = append(tr, i)
			}
		}
		m := train(p, tr, cfg)
		s := newScore()
		measureModel(m, p, held, s)
		folds = append(folds, Fold{Author: g, Score: s})
	}
	return folds
}

// MeasureTrained trains on the examples of p outside exclude and measures
// the examples in the groups of test together.
func MeasureTrained(p *Prepared, test, exclude []string, cfg TrainConfig) Score {
	var tr, held []int
	for i, e := range p.Examples {
		switch {
		case slices.Contains(test, e.Group):
			held = append(held, i)
		case !slices.Contains(exclude, e.Group):
			tr = append(tr, i)
		}
	}
	s := newScore()
	measureModel(train(p, tr, cfg), p, held, s)
	return s
}

// MeasureEmbedded measures the embedded model (Check, Classify and the
// model alone) on examples.
func MeasureEmbedded(exs []Example) Score {
	p := Prepare(exs)
	s := newScore()
	if theModel == nil {
		return s
	}
	idx := make([]int, len(exs))
	for i := range idx {
		idx[i] = i
	}
	measureModel(theModel, p, idx, s)
	return s
}

// WriteTable writes a score as a table: one row per system and language.
func WriteTable(w io.Writer, title string, s Score) {
	fmt.Fprintf(w, "%-22s %-9s %-5s %-12s %-12s %-12s\n", title, "system", "lang", "crisis rec", "concern+ rec", "false alarm")
	for sys, byLang := range s {
		var langs []string
		for l := range byLang {
			langs = append(langs, l)
		}
		slices.SortFunc(langs, func(a, b string) int {
			if (a == "all") != (b == "all") {
				if a == "all" {
					return 1
				}
				return -1
			}
			return strings.Compare(a, b)
		})
		for _, l := range langs {
			fmt.Fprintf(w, "%-22s %-9s %-5s %s\n", "", SystemNames[sys], l, byLang[l])
		}
	}
}
