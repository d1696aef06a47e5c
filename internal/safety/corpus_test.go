package safety

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"testing"
)

// corpusLine is one labelled message in testdata/corpus.jsonl.
type corpusLine struct {
	Text       string     `json:"text"`
	Lang       string     `json:"lang"`
	Level      Level      `json:"level"`
	Categories []Category `json:"categories"`
}

// loadCorpus reads the labelled corpus; any malformed line fails the test.
func loadCorpus(tb testing.TB) []corpusLine {
	tb.Helper()
	return loadLabelled(tb, "testdata/corpus.jsonl")
}

// loadLabelled reads a labelled JSON Lines file; any malformed line fails the test.
func loadLabelled(tb testing.TB, path string) []corpusLine {
	tb.Helper()
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var lines []corpusLine
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	n := 0
	for sc.Scan() {
		n++
		if len(sc.Bytes()) == 0 {
			continue
		}
		var l corpusLine
		dec := json.NewDecoder(bytes.NewReader(sc.Bytes()))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&l); err != nil {
			tb.Fatalf("%s line %d: %v", path, n, err)
		}
		if l.Text == "" || (l.Lang != "en" && l.Lang != "es") {
			tb.Fatalf("corpus line %d: need text and lang en or es, got %+v", n, l)
		}
		switch l.Level {
		case None:
			if len(l.Categories) != 0 {
				tb.Fatalf("corpus line %d: none with categories %v", n, l.Categories)
			}
		case Concern, Crisis:
			if len(l.Categories) == 0 {
				tb.Fatalf("corpus line %d: %s without categories", n, l.Level)
			}
		default:
			tb.Fatalf("corpus line %d: unknown level %q", n, l.Level)
		}
		lines = append(lines, l)
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	return lines
}

// tally counts how one language's lines were classified.
type tally struct {
	crisis, crisisHit           int // crisis lines, and those classified crisis
	atRisk, atRiskHit           int // crisis or concern lines, and those classified concern or above
	concern, concernHit         int // concern lines, and those classified concern or above
	none, falseAlarm            int // none lines, and those classified concern or above
	categoryMiss, exactLevelHit int
	total                       int
}

// TestCorpus measures the classifier on the labelled corpus. It fails when
// crisis recall drops below 0.95 or the false-alarm rate on ordinary
// messages rises above 0.05, in either language or overall.
func TestCorpus(t *testing.T) {
	byLang, all := measure(t, loadCorpus(t))
	if byLang["es"].total < 120 || all.total < 400 {
		t.Errorf("corpus too small: %d lines, %d Spanish; want at least 400 and 120", all.total, byLang["es"].total)
	}
	for _, name := range []string{"en", "es", "all"} {
		tl := all
		if name != "all" {
			tl = byLang[name]
		}
		if r := ratio(tl.crisisHit, tl.crisis); r < 0.95 {
			t.Errorf("%s: crisis recall %.3f, want at least 0.95", name, r)
		}
		if r := ratio(tl.falseAlarm, tl.none); r > 0.05 {
			t.Errorf("%s: false-alarm rate %.3f, want at most 0.05", name, r)
		}
	}
}

// TestHeldOut measures messages written after the rules were last changed
// and never used to change them, so its numbers estimate how the rules do
// on new wording. Recall there is far lower than on the corpus and is only
// logged; the test fails only if false alarms on ordinary messages pass 10%.
// Do not tune rules against this file: add new held-out lines instead and
// move old ones into the corpus.
//
// The file may be empty between rounds (its lines moved into the corpus
// and a fresh set not yet written); the test then skips.
func TestHeldOut(t *testing.T) {
	const path = "testdata/heldout.jsonl"
	if _, err := os.Stat(path); os.IsNotExist(err) {
		t.Skipf("%s does not exist; add a fresh held-out set to measure generalization", path)
	}
	lines := loadLabelled(t, path)
	if len(lines) == 0 {
		t.Skipf("%s has no lines: its previous lines were moved into the corpus; write a fresh held-out set (never used to tune the rules) to measure generalization", path)
	}
	_, all := measure(t, lines)
	if r := ratio(all.falseAlarm, all.none); r > 0.10 {
		t.Errorf("held out: false-alarm rate %.3f, want at most 0.10", r)
	}
}

// measure classifies labelled lines, logs every miss and the rates per
// language, and returns the tallies.
func measure(t *testing.T, lines []corpusLine) (map[string]*tally, *tally) {
	t.Helper()
	byLang := map[string]*tally{"en": {}, "es": {}}
	all := &tally{}
	var misses []string
	for i, l := range lines {
		got := Classify(l.Text, l.Lang)
		for _, tl := range []*tally{byLang[l.Lang], all} {
			tl.total++
			if got.Level == l.Level {
				tl.exactLevelHit++
			}
			switch l.Level {
			case Crisis:
				tl.crisis++
				tl.atRisk++
				if got.Level == Crisis {
					tl.crisisHit++
				}
				if got.Level != None {
					tl.atRiskHit++
				}
			case Concern:
				tl.concern++
				tl.atRisk++
				if got.Level != None {
					tl.concernHit++
					tl.atRiskHit++
				}
			case None:
				tl.none++
				if got.Level != None {
					tl.falseAlarm++
				}
			}
			if l.Level != None && got.Level != None {
				for _, c := range l.Categories {
					if !slices.Contains(got.Categories, c) {
						tl.categoryMiss++
						break
					}
				}
			}
		}
		if got.Level != l.Level {
			misses = append(misses, fmt.Sprintf("line %d [%s] want %s got %s %v %q: %q",
				i+1, l.Lang, l.Level, got.Level, got.Categories, got.Evidence, l.Text))
		}
	}
	for _, m := range misses {
		t.Logf("miss: %s", m)
	}
	report := func(name string, tl *tally) {
		t.Logf("%s: %d lines (crisis %d, concern %d, none %d); crisis recall %.3f; concern-or-above recall on crisis+concern %.3f; concern recall %.3f; false alarms on none %.3f; exact level %.3f; lines missing a labelled category %d",
			name, tl.total, tl.crisis, tl.concern, tl.none,
			ratio(tl.crisisHit, tl.crisis), ratio(tl.atRiskHit, tl.atRisk), ratio(tl.concernHit, tl.concern),
			ratio(tl.falseAlarm, tl.none), ratio(tl.exactLevelHit, tl.total), tl.categoryMiss)
	}
	report("en", byLang["en"])
	report("es", byLang["es"])
	report("all", all)
	return byLang, all
}
