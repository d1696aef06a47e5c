package safety

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// LoadExamples reads a JSON Lines file of labelled lines ({"text", "lang",
// "level", ...}; other fields are ignored) and gives each the group.
func LoadExamples(path, group string) ([]Example, error) {
	var out []Example
	err := eachLine(path, func(n int, b []byte) error {
		var e Example
		if err := json.Unmarshal(b, &e); err != nil {
			return err
		}
		switch {
		case strings.TrimSpace(e.Text) == "":
			return fmt.Errorf("no text")
		case e.Level != None && e.Level != Concern && e.Level != Crisis:
			return fmt.Errorf("unknown level %q", e.Level)
		case e.Lang != "en" && e.Lang != "es" && e.Lang != "mixed":
			return fmt.Errorf("unknown lang %q", e.Lang)
		}
		e.Group = group
		out = append(out, e)
		return nil
	})
	return out, err
}

func eachLine(path string, f func(n int, b []byte) error) error {
	fh, err := os.Open(path)
	if err != nil {
		return err
	}
	defer fh.Close()
	sc := bufio.NewScanner(fh)
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for n := 1; sc.Scan(); n++ {
		b := bytes.TrimSpace(sc.Bytes())
		if len(b) == 0 {
			continue
		}
		if err := f(n, b); err != nil {
			return fmt.Errorf("%s line %d: %w", path, n, err)
		}
	}
	return sc.Err()
}

// Review is a second author's reading of one line.
type Review struct {
	Text     string `json:"text"`
	Original Level  `json:"level_original"`
	Reviewed Level  `json:"level_review"`
	// Level is the reviewer's level in a review that gives only that
	// (the original is then the author's line's own).
	Level    Level  `json:"level"`
	Note     string `json:"note"`
	Reviewer string `json:"reviewer"`
}

// ReviewStats is how far a second author agreed with the first.
type ReviewStats struct {
	Author, Reviewer string
	Lines, Agreed    int
	Raised, Lowered  int // lines whose level the review changed (the higher level kept)
	Unmatched        int // reviewed lines not found in the author's file
	Kappa            float64
	// DisagreementsOnly: the review file lists only the lines where the
	// reviewer's blind level differed (the held-out reviews from a18 on);
	// every other line of the author's file counts as agreed.
	DisagreementsOnly bool
}

// LoadAuthors reads every <author>.jsonl in dir (not review-*.jsonl, not
// names in skip) and applies review-<author>.jsonl where it exists: where
// the reviewer disagrees, the higher of the two levels is kept, unless
// the line is listed in dir/adjudicated.jsonl ({"text", "level", "why"}),
// which records where the note showed the reviewer misread.
func LoadAuthors(dir string, skip ...string) ([]Example, []ReviewStats, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "*.jsonl"))
	if err != nil {
		return nil, nil, err
	}
	slices.Sort(paths)
	adjudicated := map[string]Level{}
	if _, err := os.Stat(filepath.Join(dir, "adjudicated.jsonl")); err == nil {
		err := eachLine(filepath.Join(dir, "adjudicated.jsonl"), func(n int, b []byte) error {
			var a struct {
				Text  string `json:"text"`
				Level Level  `json:"level"`
			}
			if err := json.Unmarshal(b, &a); err != nil {
				return err
			}
			adjudicated[a.Text] = a.Level
			return nil
		})
		if err != nil {
			return nil, nil, err
		}
	}
	var all []Example
	var stats []ReviewStats
	for _, path := range paths {
		name := strings.TrimSuffix(filepath.Base(path), ".jsonl")
		if strings.HasPrefix(name, "review-") || name == "adjudicated" || slices.Contains(skip, name) {
			continue
		}
		exs, err := LoadExamples(path, name)
		if err != nil {
			return nil, nil, err
		}
		rp := filepath.Join(dir, "review-"+name+".jsonl")
		if _, err := os.Stat(rp); err == nil {
			st, err := applyReview(exs, rp, adjudicated)
			if err != nil {
				return nil, nil, err
			}
			st.Author = name
			stats = append(stats, st)
		}
		all = append(all, exs...)
	}
	return all, stats, nil
}

func applyReview(exs []Example, path string, adjudicated map[string]Level) (ReviewStats, error) {
	byText := map[string][]int{}
	for i, e := range exs {
		byText[e.Text] = append(byText[e.Text], i)
	}
	var st ReviewStats
	var conf [3][3]int
	listed := map[string]bool{}
	err := eachLine(path, func(n int, b []byte) error {
		var r Review
		if err := json.Unmarshal(b, &r); err != nil {
			return err
		}
		listed[r.Text] = true
		if r.Reviewed == "" {
			r.Reviewed = r.Level
		}
		if is, ok := byText[r.Text]; ok && r.Original == "" {
			r.Original = exs[is[0]].Level
		}
		if r.Original == "" {
			// Not found, and the review does not say what the author wrote.
			st.Lines++
			st.Unmatched++
			return nil
		}
		if rank(r.Original) == 0 && r.Original != None || rank(r.Reviewed) == 0 && r.Reviewed != None {
			return fmt.Errorf("unknown level %q or %q", r.Original, r.Reviewed)
		}
		if st.Reviewer == "" {
			st.Reviewer = r.Reviewer
		}
		st.Lines++
		conf[rank(r.Original)][rank(r.Reviewed)]++
		if r.Original == r.Reviewed {
			st.Agreed++
		}
		is, ok := byText[r.Text]
		if !ok {
			st.Unmatched++
			return nil
		}
		for _, i := range is {
			want := exs[i].Level
			if l, ok := adjudicated[r.Text]; ok {
				want = l
			} else if rank(r.Reviewed) > rank(want) {
				want = r.Reviewed
			}
			switch {
			case rank(want) > rank(exs[i].Level):
				st.Raised++
			case rank(want) < rank(exs[i].Level):
				st.Lowered++
			}
			exs[i].Level = want
		}
		return nil
	})
	if err == nil && st.Agreed == 0 && st.Lines < len(exs) {
		// A file of disagreements only: the reviewer labelled every line
		// blind and wrote down where the levels differed. The lines not
		// listed were read at the author's level; an empty file is a
		// review that agreed on every line (review-a20.jsonl).
		st.DisagreementsOnly = true
		for _, e := range exs {
			if listed[e.Text] {
				continue
			}
			st.Lines++
			st.Agreed++
			conf[rank(e.Level)][rank(e.Level)]++
		}
	}
	st.Kappa = kappa(conf)
	return st, err
}

// kappa is Cohen's kappa of a confusion matrix between two raters.
func kappa(c [3][3]int) float64 {
	n, agree := 0, 0
	var rows, cols [3]int
	for i := range c {
		for j := range c[i] {
			n += c[i][j]
			rows[i] += c[i][j]
			cols[j] += c[i][j]
			if i == j {
				agree += c[i][j]
			}
		}
	}
	if n == 0 {
		return 0
	}
	po := float64(agree) / float64(n)
	pe := 0.0
	for i := range rows {
		pe += float64(rows[i]) * float64(cols[i]) / float64(n) / float64(n)
	}
	if pe == 1 {
		return 1
	}
	return (po - pe) / (1 - pe)
}

// LoadTrainingData reads what the model is trained on, under a testdata
// directory: corpus.jsonl (group "dev"), gaps.jsonl (group "dev-gaps"),
// everyday.jsonl and everyday-next.jsonl (group "dev-everyday")
// and the authors' files in authors/ with their reviews. The held-out sets (heldout.jsonl and
// authors/heldout-*.jsonl) are not part of it.
func LoadTrainingData(testdata string) ([]Example, []ReviewStats, error) {
	dev, err := LoadExamples(filepath.Join(testdata, "corpus.jsonl"), "dev")
	if err != nil {
		return nil, nil, err
	}
	dir := filepath.Join(testdata, "authors")
	var skip []string
	held, _ := filepath.Glob(filepath.Join(dir, "heldout-*.jsonl"))
	for _, h := range held {
		skip = append(skip, strings.TrimSuffix(filepath.Base(h), ".jsonl"))
	}
	authors, stats, err := LoadAuthors(dir, skip...)
	if err != nil {
		return nil, nil, err
	}
	// Lines the developers wrote later, in their own words: gaps.jsonl
	// fills styles the held-out authors showed the model missing, and
	// everyday.jsonl is the short everyday chat (greetings, thanks,
	// logistics, sign-offs) the authors hardly wrote, beside short lines
	// at risk (see testdata/README.md). Each is a group of its own, never
	// a cross-validation fold.
	var later []Example
	for _, f := range []struct{ file, group string }{{"gaps.jsonl", GapsGroup}, {"everyday.jsonl", EverydayGroup}, {"everyday-next.jsonl", EverydayGroup}} {
		if _, err := os.Stat(filepath.Join(testdata, f.file)); err != nil {
			continue
		}
		exs, err := LoadExamples(filepath.Join(testdata, f.file), f.group)
		if err != nil {
			return nil, nil, err
		}
		later = append(later, exs...)
	}
	return slices.Concat(dev, later, authors), stats, nil
}

// GapsGroup is the group of testdata/gaps.jsonl, EverydayGroup of
// testdata/everyday.jsonl.
const (
	GapsGroup     = "dev-gaps"
	EverydayGroup = "dev-everyday"
)

// IsAuthor reports whether group is an independent author's (one a
// cross-validation by author holds out), not the developers' lines.
func IsAuthor(group string) bool {
	return group != "dev" && group != GapsGroup && group != EverydayGroup && group != "heldout"
}
