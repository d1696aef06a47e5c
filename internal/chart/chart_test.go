package chart

import (
	"encoding/xml"
	"strings"
	"testing"
)

func TestSVGIsWellFormedAndLabelled(t *testing.T) {
	l := Line{Title: "Mood <30 days>", Desc: "Mood from 1 to 5", Days: 30, YMin: 1, YMax: 5,
		Points: []Point{{X: 0, Y: 2, Label: "2026-10-26"}, {X: 10, Y: 4, Label: "2026-11-05"}, {X: 29, Y: 9, Label: "2026-11-24"}}}
	svg := string(l.SVG("mood"))
	if err := xml.Unmarshal([]byte(svg), new(any)); err != nil {
		t.Fatalf("not well-formed: %v\n%s", err, svg)
	}
	for _, want := range []string{`role="img"`, `aria-labelledby="mood-t mood-d"`, "Mood &lt;30 days&gt;", "<polyline", "2026-11-05: 4"} {
		if !strings.Contains(svg, want) {
			t.Errorf("SVG lacks %q", want)
		}
	}
	if strings.Contains(svg, "<script") || strings.Contains(svg, "style=") {
		t.Error("SVG carries script or inline style")
	}
	// An out-of-range value is drawn at the edge, never outside the box.
	if strings.Contains(svg, `cy="-`) {
		t.Error("a point is drawn outside the chart")
	}
}

func TestSummary(t *testing.T) {
	cases := []struct {
		ys   []float64
		want string
	}{
		{nil, "No data"},
		{[]float64{3}, "1 entries, from 3 to 3"},
		{[]float64{2, 2, 4, 4}, "Higher lately (4.0, up from 2.0)"},
		{[]float64{8, 8, 3, 3}, "Lower lately"},
		{[]float64{3, 3, 3, 3}, "Steady"},
	}
	for _, c := range cases {
		var ps []Point
		for i, y := range c.ys {
			ps = append(ps, Point{X: i, Y: y})
		}
		if got := Summary(ps, "of 5"); !strings.Contains(got, c.want) {
			t.Errorf("Summary(%v) = %q, want %q", c.ys, got, c.want)
		}
	}
}

func BenchmarkSVG(b *testing.B) {
	l := Line{Title: "Craving", Days: 365, YMin: 0, YMax: 10}
	for i := 0; i < 365; i++ {
		l.Points = append(l.Points, Point{X: i, Y: float64(i % 11), Label: "day"})
	}
	for b.Loop() {
		_ = l.SVG("c")
	}
}
