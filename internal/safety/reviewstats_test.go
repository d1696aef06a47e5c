package safety

import (
	"os"
	"path/filepath"
	"testing"
)

// TestReviewOfDisagreementsOnly: a blind review written as the lines where
// the reviewer differed (the held-out reviews from a18 on) counts every
// other line as agreed, so the authors' README reads "598 of 600" and a
// kappa near 1, not "0 of 2" and a kappa of 0. A review that lists every
// line is counted as it was.
func TestReviewOfDisagreementsOnly(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("b1.jsonl", `{"text":"going to a meeting tonight","lang":"en","level":"none"}
{"text":"i dont see the point anymore","lang":"en","level":"concern"}
{"text":"tengo las pastillas listas para esta noche","lang":"es","level":"crisis"}
{"text":"me mata este laburo","lang":"es","level":"none"}
`)
	write("review-b1.jsonl", `{"text":"i dont see the point anymore","level":"crisis","reviewer":"r1","note":"raised"}
`)
	write("b2.jsonl", `{"text":"ok bye guys","lang":"en","level":"none"}
{"text":"nobody would miss me","lang":"en","level":"concern"}
`)
	write("review-b2.jsonl", `{"text":"ok bye guys","level":"none","reviewer":"r2"}
{"text":"nobody would miss me","level":"concern","reviewer":"r2"}
`)
	// A blind review that agreed on every line leaves its file empty.
	write("b3.jsonl", `{"text":"see you all thursday","lang":"en","level":"none"}
{"text":"ya no aguanto mas","lang":"es","level":"concern"}
`)
	write("review-b3.jsonl", "")
	exs, stats, err := LoadAuthors(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(exs) != 8 || len(stats) != 3 {
		t.Fatalf("got %d lines and %d reviews, want 8 and 3", len(exs), len(stats))
	}
	b1, b2, b3 := stats[0], stats[1], stats[2]
	if !b3.DisagreementsOnly || b3.Lines != 2 || b3.Agreed != 2 || b3.Kappa != 1 {
		t.Errorf("b3: %+v, want an empty blind review read as 2 of 2 agreed, kappa 1", b3)
	}
	if !b1.DisagreementsOnly || b1.Lines != 4 || b1.Agreed != 3 || b1.Raised != 1 {
		t.Errorf("b1: %+v, want 4 lines reviewed, 3 agreed, 1 raised, disagreements only", b1)
	}
	if b1.Kappa <= 0.5 || b1.Kappa >= 1 {
		t.Errorf("b1 kappa %.3f, want between 0.5 and 1 (3 of 4 agreed)", b1.Kappa)
	}
	if b2.DisagreementsOnly || b2.Lines != 2 || b2.Agreed != 2 || b2.Kappa != 1 {
		t.Errorf("b2: %+v, want a full review: 2 lines, 2 agreed, kappa 1", b2)
	}
	for _, e := range exs {
		if e.Text == "i dont see the point anymore" && e.Level != Crisis {
			t.Errorf("the raised line trains as %s, want crisis (the higher level kept)", e.Level)
		}
	}
}
