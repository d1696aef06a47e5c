// Command train makes the safety model from the labelled lines in
// internal/safety/testdata and measures it. "go generate" in
// internal/safety runs it to write model.bin.
//
//	go run ./internal/train -out model.bin   train on everything, write the model
//	go run ./internal/train -cv              leave each author out in turn and measure
//	go run ./internal/train -eval FILE       measure the embedded model and the rules on FILE
package main

import (
	"crypto/sha256"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/kinshiprecovery/kinship/internal/safety"
)

func main() {
	out := flag.String("out", "", "write the trained model here")
	cv := flag.Bool("cv", false, "cross-validate by author")
	eval := flag.String("eval", "", "measure the embedded model on this JSON Lines file")
	testdata := flag.String("testdata", "testdata", "the testdata directory")
	floor := flag.Int("floor", 0, "the rules' severity kept at least a concern (0: none; negative: -floor in long messages only; for experiments)")
	l2 := flag.Float64("l2", safety.DefaultTrainConfig.L2, "weight decay (for experiments)")
	epochs := flag.Int("epochs", safety.DefaultTrainConfig.Epochs, "passes over the lines (for experiments)")
	rate := flag.Float64("rate", safety.DefaultTrainConfig.Rate, "AdaGrad step (for experiments)")
	neg := flag.Bool("neg", true, "negated-word features")
	spaces := flag.Bool("spaces", false, "keep spaces in letter runs")
	misses := flag.Bool("misses", false, "with -eval, print the lines Check gets wrong")
	readme := flag.String("readme", "", "write the table of authors (markdown) to this file")
	budget := flag.Float64("budget", safety.FalseAlarmBudget, "false alarms on none allowed when choosing the cuts")
	equal := flag.Bool("equal", safety.DefaultTrainConfig.EqualGroups, "weigh every author the same")
	mil := flag.Bool("mil", true, "train each head on a long message's highest-scoring window (for experiments)")
	perLang := flag.Bool("perlang", true, "a combiner and cuts per language (for experiments)")
	whole := flag.Bool("whole", true, "score a long message's whole text beside its windows (for experiments)")
	workers := flag.Int("workers", 2, "trainings at once while cross-validating (the result does not depend on it)")
	cvOut := flag.String("cvout", "", "with -cv, also write the tables to this file")
	bare := flag.Bool("bare", true, "train on each line written without punctuation too (for experiments)")
	small := flag.Int("small", 0, "words in a small window (0: none; for experiments)")
	calFast = flag.Bool("calfast", false, "with -cal, score each author once and calibrate on the others' scores (faster, flatters a little)")
	cal := flag.Bool("cal", false, "cross-validate once and compare ways of calibrating (floor, budget, per language)")
	quick := flag.Bool("quick", false, "a quick measure for comparing features (the model alone, cuts set on each author's own none lines)")
	vocabOut := flag.String("vocab", "", "write the known words for splitting run-together words (from the developers' lines) to this file")
	segment := flag.Bool("segment", true, "split run-together words (for experiments)")
	cues := flag.Bool("cues", true, "sentence-cue features: hyperbole, reported speech, questions (for experiments)")
	cvMisses := flag.String("cvmisses", "", "with -cv -calfast, write each line read wrong to this file (for experiments)")
	byStyle := flag.Bool("bystyle", false, "with -cv -calfast, also print the pooled figures by style tag (for experiments)")
	skip := flag.Int("skip", 3, "pair each word with those up to this many words before it (2 or 3; 0: none; for experiments)")
	cuePairs := flag.Bool("cuepairs", true, "features of two cue classes met together (for experiments)")
	crisisW := flag.Float64("crisisw", safety.DefaultTrainConfig.CrisisWeight, "weight of crisis lines in the crisis head (for experiments)")
	overCost := flag.Float64("overcost", safety.OverCrisisCost, "cost of a concern line called a crisis when choosing the cuts (for experiments)")
	short := flag.Bool("short", true, "words and cue classes of a message of up to six words weigh again in weights of their own (for experiments)")
	context := flag.Bool("context", true, "each window of a long post reads the whole post's cue classes and last words (for experiments)")
	planNeeds := flag.Bool("planneeds", true, "a short message's time with nothing to plan weighs apart (for experiments)")
	calEveryday := flag.Bool("caleveryday", false, "the everyday lines count in calibration, scored out of fold (for experiments)")
	moreCues := flag.Bool("morecues", true, "words of being found and of affairs put in order join two cue classes (for experiments)")
	a21Cues := flag.Bool("a21cues", true, "cue classes of prescriptions, numbness, gambling, relapse, custody, coming back, places, errands closed, a bare yes (for experiments)")
	a23Cues := flag.Bool("a23cues", true, "cue classes of away messages, belongings, verse, thanks, a joke said not to be one, and a reply to a quoted line (for experiments)")
	a24Cues := flag.Bool("a24cues", true, "congratulations, sayings and pawning join cue classes; a frame's class before the last sentence by its plan classes; a reply's own cue pairs beside a quoted line; a \"me too\" reply reads the quoted line's classes (for experiments)")
	a25Cues := flag.Bool("a25cues", true, "a list read item by item, words of a past told as past, and calibration keeping the model's own scores in a language where the combiner reads worse (for experiments)")
	a26Cues := flag.Bool("a26cues", false, "a line opening with \"re:\", \"re <topic>:\" or \"(about ...)\" read as a quote and the writer's answer; the tail read from a turn to another topic and past a closing of laughter; a question or a status line as a frame (for experiments)")
	a26Turn := flag.Bool("a26turn", true, "with -a26cues, the tail read from a turn to another topic and past a closing of laughter, a question or a status line as a frame (for experiments)")
	a27Cues := flag.Bool("a27cues", false, "a bot's or a reminder's prompt quoted on the writer's own line (\"<prompt> > <answer>\", \"Me: <answer>\", \"[prompt] answer\"), and a list's item holding a means among errands read as a means (for experiments)")
	calSolo := flag.Bool("calsolo", true, "with -a25cues, calibration may keep the model's own scores in a language where the combiner reads worse (for experiments)")
	tailAlways := flag.Bool("tailalways", true, "with -a24cues, the last sentence's cue classes weigh apart with no frame before them too (for experiments)")
	interact := flag.Bool("interact", false, "the combiner weighs the rules' finding by the model's at-risk logit (for experiments)")
	cmpInteract := flag.Bool("cmpinteract", false, "with -cv -calfast, also print the pooled figures with the combiner of -interact=false (stderr, for experiments)")
	flag.Parse()
	compareInteract = *cmpInteract
	safety.SetFeatureA21Cues(*a21Cues)
	safety.SetFeatureA23Cues(*a23Cues)
	safety.SetFeatureA24Cues(*a24Cues)
	safety.SetFeatureA25Cues(*a25Cues)
	safety.SetFeatureA26Cues(*a26Cues)
	safety.SetFeatureA26Turn(*a26Turn)
	safety.SetFeatureA27Cues(*a27Cues)
	safety.SetCalSolo(*calSolo)
	safety.SetFeatureTailAlways(*tailAlways)
	safety.SetCombInteract(*interact)
	safety.SetFeatureMoreCues(*moreCues)
	safety.SetFeaturePlanNeeds(*planNeeds)
	safety.SetCalEveryday(*calEveryday)
	safety.SetFeatureShort(*short)
	safety.SetFeatureContext(*context)
	safety.OverCrisisCost = *overCost
	safety.SetFeatureSkip(*skip)
	safety.SetFeatureCuePairs(*cuePairs)
	safety.DefaultTrainConfig.CrisisWeight = *crisisW
	safety.ByStyle = *byStyle
	if *cvMisses != "" {
		f, err := os.Create(*cvMisses)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		defer f.Close()
		safety.CVMisses = f
	}
	safety.SetFeatureSegment(*segment)
	safety.SetFeatureCues(*cues)
	if *vocabOut != "" {
		exs, _, err := safety.LoadTrainingData(*testdata)
		if err == nil {
			exs = slices.DeleteFunc(exs, func(e safety.Example) bool { return safety.IsAuthor(e.Group) })
			err = os.WriteFile(*vocabOut, []byte(safety.Vocabulary(exs)), 0o644)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "train:", err)
			os.Exit(1)
		}
		return
	}
	quickCV, calCV = *quick, *cal
	safety.SetWinSmall(*small)
	safety.SetFeatureBare(*bare)
	safety.Workers = *workers
	safety.SetExperiment(*mil, *perLang)
	safety.SetFeatureWhole(*whole)
	safety.DefaultTrainConfig.EqualGroups = *equal
	safety.FalseAlarmBudget = *budget
	safety.SetFeatureSpaces(*spaces)
	safety.SetRuleFloor(*floor)
	safety.SetFeatureNegation(*neg)
	safety.DefaultTrainConfig.L2, safety.DefaultTrainConfig.Epochs, safety.DefaultTrainConfig.Rate = *l2, *epochs, *rate
	if *readme != "" {
		if err := writeReadme(*testdata, *readme); err != nil {
			fmt.Fprintln(os.Stderr, "train:", err)
			os.Exit(1)
		}
		return
	}
	if err := run(*testdata, *out, *cv, *cvOut, *eval, *misses); err != nil {
		fmt.Fprintln(os.Stderr, "train:", err)
		os.Exit(1)
	}
}

func levelIndex(l safety.Level) int {
	switch l {
	case safety.Concern:
		return 1
	case safety.Crisis:
		return 2
	}
	return 0
}

var (
	compareInteract bool
	quickCV, calCV  bool
	calFast         *bool
	calFloors       = flag.String("calfloors", "4,5,0", "with -cal, the rules' floors compared")
	calBudgets      = flag.String("calbudgets", "0.02,0.025,0.03", "with -cal, the false-alarm budgets compared")
)

// numbers reads a comma-separated list of numbers (a flag's value).
func numbers(s string) []float64 {
	var out []float64
	for _, f := range strings.Split(s, ",") {
		var v float64
		if _, err := fmt.Sscan(strings.TrimSpace(f), &v); err != nil {
			fmt.Fprintf(os.Stderr, "train: %q is not a number\n", f)
			os.Exit(2)
		}
		out = append(out, v)
	}
	return out
}

// printOther prints the pooled figures of folds calibrated with the
// combiner the other way (-cmpinteract).
func printOther(other []safety.Fold) {
	if other == nil {
		return
	}
	pooled := map[string]*safety.Tally{}
	for _, f := range other {
		for l, t := range f.Score[safety.SysCombined] {
			if pooled[l] == nil {
				pooled[l] = &safety.Tally{}
			}
			pooled[l].Merge(*t)
		}
	}
	for _, l := range []string{"en", "es", "mixed", "all"} {
		fmt.Fprintf(os.Stderr, "pooled combined with -interact=%v %-5s %s\n", !safety.CombInteract(), l, pooled[l])
	}
}

func run(testdata, out string, cv bool, cvOut, eval string, misses bool) error {
	if eval != "" {
		exs, err := safety.LoadExamples(eval, "eval")
		if err != nil {
			return err
		}
		safety.WriteTable(os.Stdout, eval, safety.MeasureEmbedded(exs))
		// Each level by each level, per language: the rules alone and Check.
		for _, sys := range []struct {
			name string
			f    func(text, lang string) safety.Result
		}{{"rules", safety.Classify}, {"Check", safety.Check}} {
			conf := map[string]*[3][3]int{}
			for _, e := range exs {
				for _, l := range []string{e.Lang, "all"} {
					if conf[l] == nil {
						conf[l] = &[3][3]int{}
					}
					conf[l][levelIndex(e.Level)][levelIndex(sys.f(e.Text, e.Lang).Level)]++
				}
			}
			fmt.Printf("\n%s, lines by level written (rows) and level read (columns: none concern crisis)\n", sys.name)
			for _, l := range []string{"en", "es", "mixed", "all"} {
				c := conf[l]
				if c == nil {
					continue
				}
				for i, lv := range []string{"none", "concern", "crisis"} {
					fmt.Printf("  %-5s %-8s %5d %7d %6d\n", l, lv, c[i][0], c[i][1], c[i][2])
				}
			}
		}
		if misses {
			for _, e := range exs {
				r := safety.Check(e.Text, e.Lang)
				if r.Level != e.Level && (e.Level == safety.Crisis || r.Level == safety.None || e.Level == safety.None) {
					fmt.Printf("want %-7s got %-7s score %.3f [%s] %s\n", e.Level, r.Level, r.Score, e.Lang, e.Text)
				}
			}
		}
		return nil
	}
	exs, stats, err := safety.LoadTrainingData(testdata)
	if err != nil {
		return err
	}
	held, err := safety.LoadExamples(testdata+"/heldout.jsonl", "heldout")
	if err != nil {
		return err
	}
	var groups []string
	count := map[string]int{}
	for _, e := range exs {
		if count[e.Group] == 0 {
			groups = append(groups, e.Group)
		}
		count[e.Group]++
	}
	fmt.Fprintf(os.Stderr, "training lines: %d (", len(exs))
	for _, g := range groups {
		fmt.Fprintf(os.Stderr, " %s %d", g, count[g])
	}
	fmt.Fprintln(os.Stderr, " )")
	for _, st := range stats {
		fmt.Fprintf(os.Stderr, "review of %s by %s: %d lines, agreed %d, raised %d, lowered %d, unmatched %d, kappa %.3f\n",
			st.Author, st.Reviewer, st.Lines, st.Agreed, st.Raised, st.Lowered, st.Unmatched, st.Kappa)
	}
	p := safety.Prepare(append(exs, held...))
	cfg := safety.DefaultTrainConfig
	if calCV {
		authors := slices.DeleteFunc(slices.Clone(groups), func(g string) bool { return !safety.IsAuthor(g) })
		var vs []safety.CalibrationVariant
		for _, fl := range numbers(*calFloors) {
			for _, b := range numbers(*calBudgets) {
				for _, pl := range []bool{true} {
					vs = append(vs, safety.CalibrationVariant{Floor: int(fl), Budget: b, PerLang: pl})
				}
			}
		}
		start := time.Now()
		compare := safety.CompareCalibrations
		if *calFast {
			compare = safety.CompareCalibrationsFast
		}
		for k, s := range compare(p, authors, []string{"heldout"}, cfg, vs) {
			for _, l := range []string{"en", "es", "mixed", "all"} {
				fmt.Printf("floor %d budget %.3f perlang %-5v %-5s model %s combined %s\n", vs[k].Floor, vs[k].Budget, vs[k].PerLang, l, s[safety.SysModel][l], s[safety.SysCombined][l])
			}
		}
		fmt.Fprintf(os.Stderr, "took %s\n", time.Since(start).Round(time.Second))
		return nil
	}
	if quickCV {
		authors := slices.DeleteFunc(slices.Clone(groups), func(g string) bool { return !safety.IsAuthor(g) })
		start := time.Now()
		q := safety.QuickCV(p, authors, []string{"heldout"}, cfg)
		for _, l := range append([]string{"en", "es", "mixed", "all"}, authors...) {
			fmt.Printf("quick %-5s crisis %.3f concern+ %.3f\n", l, q[l][0], q[l][1])
		}
		fmt.Fprintf(os.Stderr, "took %s\n", time.Since(start).Round(time.Second))
		return nil
	}
	if cv {
		var w io.Writer = os.Stdout
		if cvOut != "" {
			f, err := os.Create(cvOut)
			if err != nil {
				return err
			}
			defer f.Close()
			w = io.MultiWriter(os.Stdout, f)
			if *calFast {
				fmt.Fprintf(f, "Cross-validation by author, fast form (go run ./internal/train -cv -calfast): each author's\n"+
					"lines are scored by a model trained without them; the combiner and the cuts applied to them are\n"+
					"chosen on the other authors' out-of-fold scores, made by models that had seen this author (this\n"+
					"flatters the calibration a little). ")
			} else {
				fmt.Fprintf(f, "Cross-validation by author: for each author, the model, the combiner and the cuts are\n"+
					"trained without that author's lines and measured on them (go run ./internal/train -cv).\n")
			}
			fmt.Fprintf(f, "Training lines: %d (", len(exs))
			for _, g := range groups {
				fmt.Fprintf(f, " %s %d", g, count[g])
			}
			fmt.Fprintf(f, " ). Columns: recall of crisis lines as crisis (count), of crisis or concern lines\n"+
				"as concern or above (count), false alarms on none lines (count); lang is the author's label.\n\n")
		}
		authors := slices.DeleteFunc(slices.Clone(groups), func(g string) bool { return !safety.IsAuthor(g) })
		start := time.Now()
		cross := safety.CrossValidate
		if *calFast {
			cross = safety.CrossValidateFast
		}
		if *calFast && compareInteract {
			cross = func(p *safety.Prepared, test, exclude []string, cfg safety.TrainConfig) []safety.Fold {
				folds, other := safety.CrossValidateFastInteract(p, test, exclude, cfg)
				printOther(other)
				return folds
			}
		}
		if *calFast && out != "" {
			// The model from the same out-of-fold scores (Train's bytes).
			cross = func(p *safety.Prepared, test, exclude []string, cfg safety.TrainConfig) []safety.Fold {
				folds, other, b := safety.CrossValidateFastAndTrain(p, test, exclude, cfg, compareInteract)
				printOther(other)
				if err := os.WriteFile(out, b, 0o644); err != nil {
					fmt.Fprintln(os.Stderr, "train:", err)
					os.Exit(1)
				}
				fmt.Fprintf(os.Stderr, "wrote %s: %d bytes, sha256 %x, trained on %s\n", out, len(b), sha256.Sum256(b), strings.Join(groups, " "))
				out = ""
				return folds
			}
		}
		folds := cross(p, authors, []string{"heldout"}, cfg)
		total := [3]map[string]*safety.Tally{{}, {}, {}}
		for _, f := range folds {
			safety.WriteTable(w, "held-out author "+f.Author, f.Score)
			for sys, byLang := range f.Score {
				for l, t := range byLang {
					if total[sys][l] == nil {
						total[sys][l] = &safety.Tally{}
					}
					total[sys][l].Merge(*t)
				}
			}
		}
		if safety.ByStyle {
			// The style tags, apart from the table (never written to -cvout).
			var keys []string
			for l, t := range total[safety.SysCombined] {
				if strings.HasPrefix(l, "#") && t.Crisis+t.Risk+t.None >= 25 {
					keys = append(keys, l)
				}
			}
			slices.Sort(keys)
			for _, k := range keys {
				fmt.Fprintf(os.Stderr, "style %-16s rules %s combined %s\n", k, total[safety.SysRules][k], total[safety.SysCombined][k])
				delete(total[safety.SysRules], k)
				delete(total[safety.SysCombined], k)
			}
		}
		safety.WriteTable(w, "all folds pooled", total)
		for sys, name := range safety.SystemNames {
			for _, l := range []string{"en", "es", "mixed", "all"} {
				fmt.Fprintf(os.Stderr, "pooled %-8s %-5s %s concern as crisis %.3f\n", name, l, total[sys][l], total[sys][l].OverShare())
			}
		}
		fmt.Fprintf(os.Stderr, "cross-validation took %s\n", time.Since(start).Round(time.Second))
		// heldout.jsonl, by the model trained on everything else.
		if !*calFast {
			safety.WriteTable(w, "heldout.jsonl", safety.MeasureTrained(p, []string{"heldout"}, nil, cfg))
		}
	}
	if out != "" {
		var idx []int
		for i, e := range p.Examples {
			if e.Group != "heldout" {
				idx = append(idx, i)
			}
		}
		b := safety.Train(p, idx, cfg)
		if err := os.WriteFile(out, b, 0o644); err != nil {
			return err
		}
		fmt.Fprintf(os.Stderr, "wrote %s: %d bytes, sha256 %x, trained on %s\n", out, len(b), sha256.Sum256(b), strings.Join(groups, " "))
	}
	return nil
}

const readmeIntro = `# Labelled lines by independent authors

Written for Kinship in one session (2026-12-04) by separate authors, each
a helper given a different brief by the coordinator, with no sight of the
rules, the model or each other's lines, following [GUIDELINES.md](GUIDELINES.md).
Nothing here is copied from elsewhere or comes from a real member. The
style tags below are the authors' own; the briefs themselves are kept by
the coordinator, and the tags show what each one asked for.

The model (` + "`../../model.bin`" + `) is trained on ` + "`../corpus.jsonl`" + ` and every
` + "`aN.jsonl`" + ` here, with reviews applied; ` + "`heldout-*.jsonl`" + ` files are written after
the model was frozen and never trained on. A held-out author's file, once
measured (its figures stay in ` + "`heldout-aN-measured.txt`" + `), may join the
training as ` + "`aN.jsonl`" + ` for the next model; the table says so. This file is written by
` + "`go run ./internal/train -readme testdata/authors/README.md`" + ` in internal/safety.

`

// heldOutOnce names the authors whose lines were a held-out set, measured
// once with a frozen model, before they joined the training.
var heldOutOnce = map[string]string{
	"a7":  "measured once at freeze 2026-12-04 18:28 (heldout-a7-measured.txt), then trained on",
	"a10": "measured once at freeze 2026-12-04 20:52 (heldout-a10-measured.txt), then trained on",
	"a11": "measured once at freeze 2026-12-05 00:12 (heldout-a11-measured.txt; its review agreed on all 600 lines, heldout-a11-notes.md), then trained on",
	"a12": "measured once at freeze 2026-12-05 03:08 (heldout-a12-measured.txt; its review agreed on all 600 lines, heldout-a12-notes.md), then trained on",
	"a13": "measured once at freeze 2026-12-05 03:48 (heldout-a13-measured.txt; its review agreed on all 400 lines, review-a13.jsonl, heldout-a13-notes.md), then trained on",
	"a14": "measured once at freeze 2026-12-05 05:50 (heldout-a14-measured.txt; its review agreed on all 450 lines, review-a14.jsonl, heldout-a14-notes.md), then trained on",
	"a16": "measured once 2026-12-05 09:10 on the freeze of 08:57 (heldout-a16-measured.txt; its review agreed on all 450 lines, review-a16.jsonl, heldout-a16-notes.md), then trained on",
	"a17": "measured once 2026-12-05 11:55 on the freeze of 11:42 (heldout-a17-measured.txt; its review agreed on 449 of 450 lines, review-a17.jsonl, heldout-a17-notes.md), then trained on",
	"a18": "measured once 2026-12-05 15:02 on the freeze of 14:50 (heldout-a18-measured.txt; its review, one line per disagreement, differed on 2 of 600 lines, review-a18.jsonl, heldout-a18-notes.md), then trained on",
	"a19": "measured once 2026-12-05 15:55 on the freeze of 15:47 (heldout-a19-measured.txt; its review, one line per substantive disagreement, differed on 10 of 540 lines, review-a19.jsonl, heldout-a19-notes.md), then trained on",
	"a20": "measured once 2026-12-05 18:28 on the freeze of 18:01 (heldout-a20-measured.txt; its review agreed on all 560 lines, so review-a20.jsonl, one line per disagreement, is empty; heldout-a20-notes.md), then trained on",
	"a21": "measured once 2026-12-05 21:26 on the freeze of 21:03 (heldout-a21-measured.txt; its review, one line per disagreement, differed on 5 of 540 lines, review-a21.jsonl, heldout-a21-notes.md), then trained on",
	"a22": "measured once 2026-12-06 00:32 on the freeze of 00:12 (heldout-a22-measured.txt; its review agreed on all 540 lines, so review-a22.jsonl, one line per disagreement, is empty; heldout-a22-notes.md), then trained on",
	"a23": "measured once 2026-12-06 03:55 on the freeze of 03:26 (heldout-a23-measured.txt; its review agreed on all 540 lines, so review-a23.jsonl, one line per disagreement, is empty; heldout-a23-notes.md), then trained on",
	"a24": "measured once 2026-12-06 07:06 on the freeze of 06:43 (heldout-a24-measured.txt; its review, one line per disagreement, differed on 1 of 540 lines (fentanyl test strips for a brother still using: author none, reviewer concern; concern kept by GUIDELINES.md), review-a24.jsonl, heldout-a24-notes.md), then trained on",
	"a25": "measured once 2026-12-06 07:59 on the freeze of 07:32 (heldout-a25-measured.txt; its review, one line per disagreement, differed on 1 of 540 lines (grief numbness asked as \"is that normal\": author concern, reviewer none; concern kept by GUIDELINES.md), review-a25.jsonl, heldout-a25-notes.md), then trained on",
	"a26": "measured once 2026-12-06 09:51 on the freeze of 09:29 (heldout-a26-measured.txt; its review agreed on all 540 lines, so review-a26.jsonl, one line per disagreement, is empty; heldout-a26-notes.md), then trained on",
	"a27": "measured once 2026-12-06 10:12 on the freeze of 10:03 (heldout-a27-measured.txt; its review agreed on all 540 lines, so review-a27.jsonl, one line per disagreement, is empty; heldout-a27-notes.md), then trained on",
	"a28": "measured once 2026-12-06 10:44 on the freeze of 10:03, not refrozen for a28 (heldout-a28-measured.txt; its review agreed on all 540 lines, so review-a28.jsonl, one line per disagreement, is empty; heldout-a28-notes.md), then trained on",
	"a29": "measured once 2026-12-06 12:44 on the freeze of 12:29 (heldout-a29-measured.txt; its review agreed on all 540 lines, so review-a29.jsonl, one line per disagreement, is empty; heldout-a29-notes.md), then trained on",
	"a30": "measured once 2026-12-06 13:17 on the freeze of 13:01 (heldout-a30-measured.txt; its review agreed on all 540 lines, so review-a30.jsonl, one line per disagreement, is empty; heldout-a30-notes.md), then trained on",
	"a31": "measured once 2026-12-06 13:40 on the freeze of 13:25 (heldout-a31-measured.txt; its review agreed on all 540 lines, so review-a31.jsonl, one line per disagreement, is empty; heldout-a31-notes.md), then trained on",
	"a32": "measured once 2026-12-06 16:40 on the freeze of 16:20 (heldout-a32-measured.txt; its review agreed on all 540 lines, so review-a32.jsonl, one line per disagreement, is empty; heldout-a32-notes.md), then trained on",
}

// writeReadme writes a markdown table of the authors' files: lines,
// languages, levels (after reviews), the style tags they used most, and
// the second author's agreement.
func writeReadme(testdata, path string) error {
	exs, stats, err := safety.LoadTrainingData(testdata)
	if err != nil {
		return err
	}
	type row struct {
		lines  int
		lang   map[string]int
		level  map[safety.Level]int
		styles map[string]int
	}
	rows := map[string]*row{}
	var order []string
	for _, e := range exs {
		r := rows[e.Group]
		if r == nil {
			r = &row{lang: map[string]int{}, level: map[safety.Level]int{}, styles: map[string]int{}}
			rows[e.Group] = r
			order = append(order, e.Group)
		}
		r.lines++
		r.lang[e.Lang]++
		r.level[e.Level]++
		if e.Style != "" {
			r.styles[e.Style]++
		}
	}
	var b strings.Builder
	b.WriteString(readmeIntro)
	b.WriteString("| file | lines | en / es / mixed | crisis / concern / none | most used style tags |\n|---|---:|---|---|---|\n")
	for _, g := range order {
		r := rows[g]
		name := g + ".jsonl"
		switch g {
		case "dev":
			name = "../corpus.jsonl"
		case safety.GapsGroup:
			name = "../gaps.jsonl (developers, not an independent author)"
		case safety.EverydayGroup:
			name = "../everyday.jsonl and ../everyday-next.jsonl (developers, not an independent author)"
		}
		if note := heldOutOnce[g]; note != "" {
			name += " (" + note + ")"
		}
		var tags []string
		for t := range r.styles {
			tags = append(tags, t)
		}
		slices.SortFunc(tags, func(a, b string) int {
			if r.styles[a] != r.styles[b] {
				return r.styles[b] - r.styles[a]
			}
			return strings.Compare(a, b)
		})
		if len(tags) > 6 {
			tags = tags[:6]
		}
		for i, t := range tags {
			tags[i] = fmt.Sprintf("%s %d", t, r.styles[t])
		}
		fmt.Fprintf(&b, "| %s | %d | %d / %d / %d | %d / %d / %d | %s |\n", name, r.lines, r.lang["en"], r.lang["es"], r.lang["mixed"],
			r.level[safety.Crisis], r.level[safety.Concern], r.level[safety.None], strings.Join(tags, ", "))
	}
	if len(stats) > 0 {
		b.WriteString("\nSecond-author reviews (where they disagreed, the higher level is kept unless adjudicated.jsonl records a misreading):\n\n")
		b.WriteString("| file | reviewer | lines reviewed | same level | raised | lowered | not found | Cohen's kappa |\n|---|---|---:|---:|---:|---:|---:|---:|\n")
		for _, st := range stats {
			rev := st.Reviewer
			if rev == "" {
				rev = "(not named)"
			}
			if st.DisagreementsOnly {
				rev += " (blind, file lists disagreements only)"
			}
			fmt.Fprintf(&b, "| %s.jsonl | %s | %d | %d | %d | %d | %d | %.3f |\n", st.Author, rev, st.Lines, st.Agreed, st.Raised, st.Lowered, st.Unmatched, st.Kappa)
		}
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}
