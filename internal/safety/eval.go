package safety

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
)

// Tally counts how one set of lines was read.
type Tally struct {
	Crisis, CrisisHit int // crisis lines, and those read as crisis
	Risk, RiskHit     int // crisis or concern lines, and those read as concern or above
	None, FalseAlarm  int // none lines, and those read as concern or above
	Over              int // concern lines read as crisis
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
		if got == Crisis {
			t.Over++
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
	t.Over += o.Over
}

// OverShare is the share of concern lines read as crisis.
func (t Tally) OverShare() float64 { return ratio(t.Over, t.Risk-t.Crisis) }

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
		l := p.lang[i]
		za, zc := m.combined(ra, rc, p.rules[i], l)
		s.add(SysRules, e.Lang, e.Level, levelOf(p.rules[i].sev))
		s.add(SysModel, e.Lang, e.Level, decide(ra, rc, m.solo[l]))
		got := decideWithRules(za, zc, m.cut[l], p.rules[i].sev, p.rules[i].sure, p.wins[i] != nil)
		if len(p.feats[i]) == 0 {
			got = None
		}
		s.add(SysCombined, e.Lang, e.Level, got)
	}
}

// split returns the examples of p outside group and the groups in
// exclude (to train on), and those in group (to measure).
func split(p *Prepared, group string, exclude []string) (tr, held []int) {
	for i, e := range p.Examples {
		switch {
		case e.Group == group:
			held = append(held, i)
		case !slices.Contains(exclude, e.Group):
			tr = append(tr, i)
		}
	}
	return tr, held
}

// CrossValidate trains, for each group in test, on every example of p
// outside that group and the groups in exclude, and measures the group.
func CrossValidate(p *Prepared, test, exclude []string, cfg TrainConfig) []Fold {
	folds := make([]Fold, len(test))
	parallel(len(test), func(k int) {
		tr, held := split(p, test[k], exclude)
		m := train(p, tr, cfg)
		s := newScore()
		measureModel(m, p, held, s)
		folds[k] = Fold{Author: test[k], Score: s}
	})
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
			if !strings.HasPrefix(l, "#") { // style tags (ByStyle) are printed apart
				langs = append(langs, l)
			}
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

// QuickCV is a fast measure for comparing features, not a result: for
// each group in test, the model alone is trained without that group, and
// on the group's lines of each language the cuts are set at the group's
// own none lines so that 3% of them are raised; it returns, pooled, the
// crisis and concern-or-above recall at those cuts, by language.
func QuickCV(p *Prepared, test, exclude []string, cfg TrainConfig) map[string][2]float64 {
	type res struct {
		lang         string
		crisis, risk bool
		a, c         float64
	}
	parts := make([][]res, len(test))
	parallel(len(test), func(k int) {
		tr, _ := split(p, test[k], exclude)
		m := fit(p, tr, cfg)
		for i, e := range p.Examples {
			if e.Group == test[k] {
				a, c := p.raw(m, i)
				parts[k] = append(parts[k], res{e.Lang, e.Level == Crisis, e.Level != None, a, c})
			}
		}
	})
	hits := map[string]*[4]int{}
	for pi, part := range parts {
		for _, lang := range []string{"en", "es", "mixed"} {
			var noneA, noneC []float64
			for _, r := range part {
				if r.lang == lang && !r.risk {
					noneA, noneC = append(noneA, r.a), append(noneC, r.c)
				}
			}
			if len(noneA) == 0 {
				continue
			}
			slices.Sort(noneA)
			slices.Sort(noneC)
			k := len(noneA) - 1 - len(noneA)*3/100
			ta, tc := noneA[k], noneC[k]
			for _, key := range []string{lang, "all", test[pi]} {
				h := hits[key]
				if h == nil {
					h = &[4]int{}
					hits[key] = h
				}
				for _, r := range part {
					if r.lang != lang {
						continue
					}
					if r.crisis {
						h[0]++
						if r.c > tc {
							h[1]++
						}
					}
					if r.risk {
						h[2]++
						if r.a > ta || r.c > tc {
							h[3]++
						}
					}
				}
			}
		}
	}
	out := map[string][2]float64{}
	for k, h := range hits {
		out[k] = [2]float64{ratio(h[1], h[0]), ratio(h[3], h[2])}
	}
	return out
}

// CalibrationVariant is one way of choosing the combiner and the cuts.
type CalibrationVariant struct {
	Floor   int // as SetRuleFloor takes it
	Budget  float64
	PerLang bool
}

// CompareCalibrations cross-validates by author once (the model, and the
// out-of-fold scores the calibration reads, for each held-out group) and
// then measures each variant of the calibration on the same folds.
func CompareCalibrations(p *Prepared, test, exclude []string, cfg TrainConfig, vs []CalibrationVariant) []Score {
	type foldRun struct {
		m    *linear
		oof  []scored
		held []int
	}
	runs := make([]foldRun, len(test))
	parallel(len(test), func(k int) {
		tr, held := split(p, test[k], exclude)
		runs[k] = foldRun{fit(p, tr, cfg), outOfFold(p, tr, cfg), held}
	})
	floor0, long0, budget0, perLang0 := ruleFloor, floorLongOnly, FalseAlarmBudget, perLang
	defer func() { ruleFloor, floorLongOnly, FalseAlarmBudget, perLang = floor0, long0, budget0, perLang0 }()
	var out []Score
	for _, v := range vs {
		SetRuleFloor(v.Floor)
		FalseAlarmBudget, perLang = v.Budget, v.PerLang
		s := newScore()
		for _, r := range runs {
			calibrate(r.m, r.oof)
			measureModel(r.m, p, r.held, s)
		}
		out = append(out, s)
	}
	return out
}

// CompareCalibrationsFast measures ways of calibrating more cheaply than
// CompareCalibrations: every group's lines are scored once by a model
// trained without that group, and then, for each group, the combiner and
// cuts are chosen on the other groups' scores and applied to its own.
// The models that scored the other groups saw this group's lines, so it
// flatters a little; it is for comparing, not for reporting.
func CompareCalibrationsFast(p *Prepared, test, exclude []string, cfg TrainConfig, vs []CalibrationVariant) []Score {
	oof := outOfFold(p, trainable(p, exclude), cfg)
	floor0, long0, budget0, perLang0 := ruleFloor, floorLongOnly, FalseAlarmBudget, perLang
	defer func() { ruleFloor, floorLongOnly, FalseAlarmBudget, perLang = floor0, long0, budget0, perLang0 }()
	var out []Score
	for _, v := range vs {
		SetRuleFloor(v.Floor)
		FalseAlarmBudget, perLang = v.Budget, v.PerLang
		s := newScore()
		for _, f := range calibrateEachOut(p, oof, test) {
			for sys := range f.Score {
				for l, t := range f.Score[sys] {
					if s[sys][l] == nil {
						s[sys][l] = &Tally{}
					}
					s[sys][l].Merge(*t)
				}
			}
		}
		out = append(out, s)
	}
	return out
}

// CrossValidateFast is CrossValidate at a tenth of the cost: each group's
// lines are scored by a model trained without that group (as in
// CrossValidate), but the combiner and the cuts applied to them are
// chosen on the other groups' out-of-fold scores, made by models that had
// seen this group. That flatters the calibration a little.
func CrossValidateFast(p *Prepared, test, exclude []string, cfg TrainConfig) []Fold {
	return calibrateEachOut(p, outOfFold(p, trainable(p, exclude), cfg), test)
}

// CrossValidateFastInteract is CrossValidateFast, and also the same
// out-of-fold scores calibrated with combInteract the other way (for
// comparing the combiners on one scoring).
func CrossValidateFastInteract(p *Prepared, test, exclude []string, cfg TrainConfig) (folds, other []Fold) {
	oof := outOfFold(p, trainable(p, exclude), cfg)
	folds = calibrateEachOut(p, oof, test)
	combInteract = !combInteract
	defer func() { combInteract = !combInteract }()
	return folds, calibrateEachOut(p, oof, test)
}

// CrossValidateFastAndTrain is CrossValidateFast, and also the model
// Train makes from the trainable lines (the same out-of-fold scores
// calibrate it, so it costs one training more than the cross-validation).
// With both, other is the folds calibrated with combInteract the other way.
func CrossValidateFastAndTrain(p *Prepared, test, exclude []string, cfg TrainConfig, both bool) (folds, other []Fold, model []byte) {
	idx := trainable(p, exclude)
	oof := outOfFold(p, idx, cfg)
	folds = calibrateEachOut(p, oof, test)
	if both {
		combInteract = !combInteract
		other = calibrateEachOut(p, oof, test)
		combInteract = !combInteract
	}
	m := fit(p, idx, cfg)
	calibrate(m, oof)
	return folds, other, m.encode()
}

// CombInteract tells whether the combiner weighs the rules by the model.
func CombInteract() bool { return combInteract }

func trainable(p *Prepared, exclude []string) []int {
	var idx []int
	for i, e := range p.Examples {
		if !slices.Contains(exclude, e.Group) {
			idx = append(idx, i)
		}
	}
	return idx
}

// calibrateEachOut measures each group in test on its out-of-fold scores,
// with a combiner and cuts chosen on the other groups' scores.
func calibrateEachOut(p *Prepared, oof []scored, test []string) []Fold {
	var folds []Fold
	for _, g := range test {
		var cal, held []scored
		for _, x := range oof {
			if p.Examples[x.i].Group == g {
				held = append(held, x)
			} else {
				cal = append(cal, x)
			}
		}
		m := &linear{}
		calibrate(m, cal)
		s := newScore()
		for _, x := range held {
			e := p.Examples[x.i]
			za, zc := m.combined(x.rawA, x.rawC, x.rules, x.lang)
			s.add(SysRules, e.Lang, e.Level, levelOf(x.rules.sev))
			s.add(SysModel, e.Lang, e.Level, decide(x.rawA, x.rawC, m.solo[x.lang]))
			got := decideWithRules(za, zc, m.cut[x.lang], x.rules.sev, x.rules.sure, x.long)
			if len(p.feats[x.i]) == 0 {
				got = None
			}
			s.add(SysCombined, e.Lang, e.Level, got)
			if CVMisses != nil && got != e.Level {
				fmt.Fprintf(CVMisses, "%s\twant %s\tgot %s\tmodel %s\trules %s\tscore %.3f\t[%s] %s\n", g, e.Level, got,
					decide(x.rawA, x.rawC, m.solo[x.lang]), levelOf(x.rules.sev), 1/(1+math.Exp(-za)), e.Lang, e.Text)
			}
			if ByStyle && e.Style != "" {
				st := styleKey(e.Style)
				for sys, got := range map[int]Level{SysCombined: got, SysRules: levelOf(x.rules.sev)} {
					if s[sys][st] == nil {
						s[sys][st] = &Tally{}
					}
					s[sys][st].Add(e.Level, got)
				}
			}
		}
		folds = append(folds, Fold{Author: g, Score: s})
	}
	return folds
}

// CVMisses, when set, receives each line the fast cross-validation reads
// wrong: its group, the level written, Check's, the model's alone and the
// rules' alone, Check's score and the text (tab-separated; for reading
// what a change moves).
var CVMisses io.Writer

// ByStyle makes the fast cross-validation also count lines by the
// author's style tag (keys "#tag"), for finding what a change moves.
var ByStyle = false

// styleKey folds an author's style tag: no register suffix ("-mx"), no
// hyphens ("run-together" and "runtogether" are one tag).
func styleKey(s string) string {
	for _, suf := range []string{"-mx", "-es", "-rio", "-caribe"} {
		s = strings.TrimSuffix(s, suf)
	}
	return "#" + strings.ReplaceAll(s, "-", "")
}
