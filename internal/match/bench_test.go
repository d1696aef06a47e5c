package match

import "testing"

func BenchmarkSuggest100k(b *testing.B) {
	c := genCohort(1, 1, 100_000, 5)
	w := DefaultWeights()
	mentee := c.Mentees[0]
	zoneSlots(mentee.Timezone) // warm the zone cache as a running server would
	for _, z := range genZones {
		zoneSlots(z)
	}
	b.ResetTimer()
	for b.Loop() {
		if got := Suggest(w, mentee, c.Mentors, 10); len(got) != 10 {
			b.Fatalf("got %d suggestions", len(got))
		}
	}
}

func BenchmarkPlanOptimal10kx2k(b *testing.B) {
	c := genCohort(2, 10_000, 2_000, 5)
	w := DefaultWeights()
	b.ResetTimer()
	for b.Loop() {
		p, err := PlanOptimal(w, c)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(len(p.Assignments)), "assigned")
	}
}

func BenchmarkPlanStable10kx2k(b *testing.B) {
	c := genCohort(2, 10_000, 2_000, 5)
	w := DefaultWeights()
	b.ResetTimer()
	for b.Loop() {
		p, err := PlanStable(w, c)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(len(p.Assignments)), "assigned")
	}
}
