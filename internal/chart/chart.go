// Package chart draws small, accessible line charts as SVG on the server:
// no script, no library from a CDN. Each chart carries a title and a
// description for screen readers; pages show the same data as a table.
package chart

import (
	"fmt"
	"html/template"
	"strings"
)

// Point is one value on one day (X is the day's index, 0 = first day).
type Point struct {
	X     int
	Y     float64
	Label string // e.g. the date, as a person reads it
	// Day is the point's day ("2006-01-02") or month ("2006-01") as
	// stored, for a page to write Label in its reader's language.
	Day string
}

// Line is a chart of points over a span of days.
type Line struct {
	Title string
	Desc  string
	Days  int // span of the X axis
	// From and To label the X axis's ends: "29 days ago" and "today"
	// when left empty.
	From, To string
	YMin     float64
	YMax     float64
	Points   []Point
}

const (
	width, height        = 320.0, 160.0
	padL, padR, padT, pb = 28.0, 8.0, 8.0, 20.0
)

// SVG renders the chart. Values outside YMin..YMax are drawn at the edge.
func (l Line) SVG(id string) template.HTML {
	var b strings.Builder
	esc := template.HTMLEscapeString
	fmt.Fprintf(&b, `<svg class="chart" viewBox="0 0 %.0f %.0f" role="img" aria-labelledby="%s-t %s-d" xmlns="http://www.w3.org/2000/svg">`, width, height, esc(id), esc(id))
	fmt.Fprintf(&b, `<title id="%s-t">%s</title><desc id="%s-d">%s</desc>`, esc(id), esc(l.Title), esc(id), esc(l.Desc))
	plotW, plotH := width-padL-padR, height-padT-pb
	y := func(v float64) float64 {
		if l.YMax == l.YMin {
			return padT + plotH/2
		}
		if v < l.YMin {
			v = l.YMin
		}
		if v > l.YMax {
			v = l.YMax
		}
		return padT + plotH*(1-(v-l.YMin)/(l.YMax-l.YMin))
	}
	x := func(i int) float64 {
		if l.Days <= 1 {
			return padL + plotW/2
		}
		return padL + plotW*float64(i)/float64(l.Days-1)
	}
	// Axes and three gridlines with labels.
	for _, v := range []float64{l.YMin, (l.YMin + l.YMax) / 2, l.YMax} {
		fmt.Fprintf(&b, `<line class="grid" x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f"/>`, padL, y(v), width-padR, y(v))
		fmt.Fprintf(&b, `<text class="axis" x="%.1f" y="%.1f" text-anchor="end">%s</text>`, padL-4, y(v)+4, trim(v))
	}
	from, to := l.From, l.To
	if from == "" {
		from = fmt.Sprintf("%d days ago", l.Days-1)
	}
	if to == "" {
		to = "today"
	}
	fmt.Fprintf(&b, `<text class="axis" x="%.1f" y="%.1f">%s</text>`, padL, height-4, esc(from))
	fmt.Fprintf(&b, `<text class="axis" x="%.1f" y="%.1f" text-anchor="end">%s</text>`, width-padR, height-4, esc(to))
	if len(l.Points) > 1 {
		b.WriteString(`<polyline class="line" points="`)
		for i, p := range l.Points {
			if i > 0 {
				b.WriteByte(' ')
			}
			fmt.Fprintf(&b, "%.1f,%.1f", x(p.X), y(p.Y))
		}
		b.WriteString(`"/>`)
	}
	for _, p := range l.Points {
		fmt.Fprintf(&b, `<circle class="dot" cx="%.1f" cy="%.1f" r="2.5"><title>%s: %s</title></circle>`, x(p.X), y(p.Y), esc(p.Label), trim(p.Y))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

func trim(v float64) string {
	s := fmt.Sprintf("%.1f", v)
	return strings.TrimSuffix(s, ".0")
}

// Summary describes the points in words: how many, the range and the
// average, and the change from the first half to the second.
func Summary(points []Point, unit string) string {
	st := Describe(points)
	if st.N == 0 {
		return "No data in this period."
	}
	s := fmt.Sprintf("%d entries, from %s to %s %s, average %.1f.", st.N, trim(st.Lo), trim(st.Hi), unit, st.Avg)
	switch {
	case st.Trend > 0:
		s += fmt.Sprintf(" Higher lately (%.1f, up from %.1f).", st.Late, st.Early)
	case st.Trend < 0:
		s += fmt.Sprintf(" Lower lately (%.1f, down from %.1f).", st.Late, st.Early)
	case st.HasTrend:
		s += " Steady."
	}
	return s
}

// Stats are the figures Summary puts in words, for a page that writes
// them in its reader's language.
type Stats struct {
	N           int
	Lo, Hi, Avg float64
	HasTrend    bool    // four points or more: the halves are compared
	Early, Late float64 // the averages of the first and the second half
	Trend       int     // 1 higher lately, -1 lower, 0 steady
}

// Describe counts the points and finds their range, their average and,
// from four points on, how the second half compares with the first.
func Describe(points []Point) Stats {
	st := Stats{N: len(points)}
	if st.N == 0 {
		return st
	}
	st.Lo, st.Hi = points[0].Y, points[0].Y
	sum := 0.0
	for _, p := range points {
		st.Lo, st.Hi = min(st.Lo, p.Y), max(st.Hi, p.Y)
		sum += p.Y
	}
	st.Avg = sum / float64(st.N)
	if st.N >= 4 {
		half := st.N / 2
		a, c := 0.0, 0.0
		for _, p := range points[:half] {
			a += p.Y
		}
		for _, p := range points[half:] {
			c += p.Y
		}
		st.HasTrend, st.Early, st.Late = true, a/float64(half), c/float64(st.N-half)
		switch {
		case st.Late > st.Early+0.25:
			st.Trend = 1
		case st.Late < st.Early-0.25:
			st.Trend = -1
		}
	}
	return st
}
