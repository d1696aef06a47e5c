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
	flag.Parse()
	if err := run(*testdata, *out, *cv, *eval); err != nil {
		fmt.Fprintln(os.Stderr, "train:", err)
		os.Exit(1)
	}
}

func run(testdata, out string, cv bool, eval string) error {
	if eval != "" {
		exs, err := safety.LoadExamples(eval, "eval")
		if err != nil {
			return err
		}
		safety.WriteTable(os.Stdout, eval, safety.MeasureEmbedded(exs))
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
	if cv {
		authors := slices.DeleteFunc(slices.Clone(groups), func(g string) bool { return g == "dev" })
		start := time.Now()
		folds := safety.CrossValidate(p, authors, []string{"heldout"}, cfg)
		total := [3]map[string]*safety.Tally{{}, {}, {}}
		for _, f := range folds {
			safety.WriteTable(os.Stdout, "held-out author "+f.Author, f.Score)
			for sys, byLang := range f.Score {
				for l, t := range byLang {
					if total[sys][l] == nil {
						total[sys][l] = &safety.Tally{}
					}
					total[sys][l].Merge(*t)
				}
			}
		}
		safety.WriteTable(os.Stdout, "all folds pooled", total)
		fmt.Fprintf(os.Stderr, "cross-validation took %s\n", time.Since(start).Round(time.Second))
		// heldout.jsonl, by the model trained on everything else.
		safety.WriteTable(os.Stdout, "heldout.jsonl", safety.MeasureTrained(p, []string{"heldout"}, nil, cfg))
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
