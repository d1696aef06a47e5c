package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/kinshiprecovery/kinship/internal/match"
)

// maxCohort bounds a cohort file read by "kinship match".
const maxCohort = 256 << 20

const matchUsage = "use: kinship match plan --input FILE [--method optimal|stable] [--match-weights W], or kinship match scores --input FILE [--match-weights W] (FILE may be - for standard input; W as for serve, by default KINSHIP_MATCH_WEIGHTS)"

// matchCmd runs "kinship match plan|scores --input FILE". People with
// problems are reported on stderr, one per line, and left out; everyone
// else is still matched. The weights are the instance's (--match-weights,
// by default KINSHIP_MATCH_WEIGHTS, as kinship serve reads them), so that a
// plan made here scores as the cohort page's does.
func matchCmd(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 || (args[0] != "plan" && args[0] != "scores") {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
			fmt.Fprintln(stdout, matchUsage)
			return nil
		}
		return usageError{matchUsage}
	}
	sub := args[0]
	fs := flag.NewFlagSet("kinship match "+sub, flag.ContinueOnError)
	fs.SetOutput(stderr)
	input := fs.String("input", "", "cohort JSON file, or - for standard input")
	weightsText := fs.String("match-weights", getenv("KINSHIP_MATCH_WEIGHTS"), "mentorship scoring weights, as for kinship serve (default the research-based ones, or KINSHIP_MATCH_WEIGHTS)")
	method := "optimal"
	if sub == "plan" {
		fs.StringVar(&method, "method", "optimal", "optimal (most pairs, then highest total score) or stable (no pair would rather swap)")
	}
	if err := fs.Parse(args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return usageError{err.Error()}
	}
	switch {
	case fs.NArg() > 0:
		return usageError{fmt.Sprintf("unexpected argument %q; %s", fs.Arg(0), matchUsage)}
	case *input == "":
		return usageError{"--input is required; " + matchUsage}
	case method != "optimal" && method != "stable":
		return usageError{fmt.Sprintf("--method %q: use optimal or stable", method)}
	}

	w := match.DefaultWeights()
	if strings.TrimSpace(*weightsText) != "" {
		var probs []string
		if w, probs = match.ParseWeights(*weightsText); len(probs) > 0 {
			return usageError{"--match-weights / KINSHIP_MATCH_WEIGHTS " + strings.Join(probs, "; ")}
		}
	}

	cohort, err := readCohort(*input, stdin)
	if err != nil {
		return err
	}
	cohort, problems := cohort.Clean()
	for _, p := range problems {
		fmt.Fprintln(stderr, "kinship:", p)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	out := bufio.NewWriter(stdout)
	if sub == "scores" {
		pairs, err := match.FeasiblePairs(w, cohort)
		if err != nil {
			return err
		}
		enc := json.NewEncoder(out)
		type line struct {
			Mentee string  `json:"mentee_id"`
			Mentor string  `json:"mentor_id"`
			Score  float64 `json:"score"`
		}
		for s := range pairs {
			if err := enc.Encode(line{s.Mentee, s.Mentor, s.Score}); err != nil {
				return err
			}
		}
		return out.Flush()
	}
	plan := match.PlanOptimal
	if method == "stable" {
		plan = match.PlanStable
	}
	p, err := plan(w, cohort)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(out)
	enc.SetIndent("", "  ")
	if err := enc.Encode(p); err != nil {
		return err
	}
	return out.Flush()
}

// readCohort reads and decodes a cohort from a file, or from stdin for "-".
// Errors name the file: "cohort.json: not JSON: … (line 3)".
func readCohort(name string, stdin io.Reader) (match.Cohort, error) {
	var r io.Reader
	label := name
	if name == "-" {
		r, label = stdin, "standard input"
	} else {
		f, err := os.Open(name)
		if err != nil {
			return match.Cohort{}, fmt.Errorf("cannot read %s: %w", name, err)
		}
		defer f.Close()
		r = f
	}
	data, err := io.ReadAll(io.LimitReader(r, maxCohort+1))
	if err != nil {
		return match.Cohort{}, fmt.Errorf("cannot read %s: %w", label, err)
	}
	if len(data) > maxCohort {
		return match.Cohort{}, fmt.Errorf("%s: larger than %d MiB", label, maxCohort>>20)
	}
	c, err := match.DecodeCohort(data)
	if err != nil {
		return match.Cohort{}, fmt.Errorf("%s: %w", label, err)
	}
	return c, nil
}
