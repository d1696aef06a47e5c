// Command soakplot draws a soak's readings (the CSV `usersim -samples`
// writes) as one SVG picture, a panel for each measure over time, and
// prints a Markdown table of each measure at the start, halfway and the
// end, so a reader can see whether memory, goroutines, open files and
// database connections stayed flat.
//
//	go run ./bench/soakplot -in soak.csv -out docs/soak.svg -title "…"
package main

import (
	"encoding/csv"
	"flag"
	"fmt"
	"html"
	"math"
	"os"
	"sort"
	"strconv"
	"strings"
)

// measure is one panel: a column of the CSV (or the CPU share worked out
// from cpu_s) and how to say it.
type measure struct {
	col, title, unit string
}

var measures = []measure{
	{"rss_mb", "Resident memory", "MB"},
	{"heap_inuse_mb", "Go heap in use", "MB"},
	{"goroutines", "Goroutines", ""},
	{"open_fds", "Open files (sockets included)", ""},
	{"db_conns", "Database connections", ""},
	{"cpu_pct", "CPU (one core = 100%)", ""},
}

type point struct{ x, y float64 }

func main() {
	in := flag.String("in", "", "the CSV usersim -samples wrote")
	out := flag.String("out", "soak.svg", "the SVG to write")
	title := flag.String("title", "Soak", "the picture's title")
	note := flag.String("note", "", "a line under the title: the rate, the length, the machine")
	flag.Parse()
	f, err := os.Open(*in)
	if err != nil {
		fmt.Fprintln(os.Stderr, "soakplot:", err)
		os.Exit(2)
	}
	rows, err := csv.NewReader(f).ReadAll()
	f.Close()
	if err != nil || len(rows) < 2 {
		fmt.Fprintln(os.Stderr, "soakplot: no readings in", *in, err)
		os.Exit(2)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	// series[measure][node] = points in minutes.
	series := map[string]map[string][]point{}
	lastCPU := map[string]point{}
	seen := map[string]bool{}
	var nodes []string
	for _, r := range rows[1:] {
		sec, _ := strconv.ParseFloat(r[col["seconds"]], 64)
		node := r[col["node"]]
		if !seen[node] {
			seen[node] = true
			nodes = append(nodes, node)
		}
		x := sec / 60
		for _, m := range measures {
			if series[m.col] == nil {
				series[m.col] = map[string][]point{}
			}
			if m.col == "cpu_pct" {
				cpu, _ := strconv.ParseFloat(r[col["cpu_s"]], 64)
				if prev, ok := lastCPU[node]; ok && sec > prev.x {
					series[m.col][node] = append(series[m.col][node], point{x, 100 * (cpu - prev.y) / (sec - prev.x)})
				}
				lastCPU[node] = point{sec, cpu}
				continue
			}
			v, err := strconv.ParseFloat(r[col[m.col]], 64)
			if err != nil || v < 0 {
				continue
			}
			series[m.col][node] = append(series[m.col][node], point{x, v})
		}
	}
	sort.Strings(nodes)
	svg := draw(*title, *note, nodes, series)
	if err := os.WriteFile(*out, []byte(svg), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "soakplot:", err)
		os.Exit(1)
	}
	table(nodes, series)
}

const (
	width   = 760.0
	panelH  = 130.0
	padL    = 64.0
	padR    = 16.0
	padTop  = 26.0
	padBot  = 22.0
	heading = 52.0
)

var dashes = []string{"", "6 3", "2 3", "8 3 2 3"}

func draw(title, note string, nodes []string, series map[string]map[string][]point) string {
	var b strings.Builder
	esc := html.EscapeString
	h := heading + float64(len(measures))*(panelH+padTop+padBot)
	maxX := 0.0
	for _, byNode := range series {
		for _, ps := range byNode {
			for _, p := range ps {
				maxX = math.Max(maxX, p.x)
			}
		}
	}
	if maxX == 0 {
		maxX = 1
	}
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %.0f %.0f" width="%.0f" height="%.0f" role="img" aria-labelledby="t d" font-family="sans-serif" font-size="12">`, width, h, width, h)
	fmt.Fprintf(&b, `<title id="t">%s</title><desc id="d">%s</desc>`, esc(title), esc(describe(nodes, series)))
	fmt.Fprintf(&b, `<rect width="100%%" height="100%%" fill="#fff"/><text x="%.0f" y="20" font-size="15" font-weight="bold">%s</text><text x="%.0f" y="36" fill="#333">%s</text>`, padL, esc(title), padL, esc(note))
	if len(nodes) > 1 {
		for i, n := range nodes {
			x := width - padR - float64(len(nodes)-i)*90
			fmt.Fprintf(&b, `<line x1="%.0f" y1="18" x2="%.0f" y2="18" stroke="#1f5fa8" stroke-width="2" stroke-dasharray="%s"/><text x="%.0f" y="22">%s</text>`, x, x+24, dashes[i%len(dashes)], x+28, esc(n))
		}
	}
	for k, m := range measures {
		top := heading + float64(k)*(panelH+padTop+padBot) + padTop
		maxY := 0.0
		for _, ps := range series[m.col] {
			for _, p := range ps {
				maxY = math.Max(maxY, p.y)
			}
		}
		maxY = niceCeil(maxY * 1.1)
		x := func(v float64) float64 { return padL + (width-padL-padR)*v/maxX }
		y := func(v float64) float64 { return top + panelH*(1-v/maxY) }
		fmt.Fprintf(&b, `<text x="%.0f" y="%.0f" font-weight="bold">%s</text>`, padL, top-8, esc(m.title))
		for _, v := range []float64{0, maxY / 2, maxY} {
			fmt.Fprintf(&b, `<line x1="%.0f" y1="%.1f" x2="%.0f" y2="%.1f" stroke="#ddd"/><text x="%.0f" y="%.1f" text-anchor="end" fill="#555">%s%s</text>`,
				padL, y(v), width-padR, y(v), padL-6, y(v)+4, trimNum(v), unitSuffix(m.unit))
		}
		for _, v := range minuteTicks(maxX) {
			anchor := "middle"
			if x(v) > width-padR-30 {
				anchor = "end"
			}
			fmt.Fprintf(&b, `<text x="%.1f" y="%.0f" text-anchor="%s" fill="#555">%s min</text>`, x(v), top+panelH+16, anchor, trimNum(v))
		}
		for i, n := range nodes {
			ps := series[m.col][n]
			if len(ps) == 0 {
				continue
			}
			b.WriteString(`<polyline fill="none" stroke="#1f5fa8" stroke-width="1.8"`)
			if d := dashes[i%len(dashes)]; d != "" {
				fmt.Fprintf(&b, ` stroke-dasharray="%s"`, d)
			}
			b.WriteString(` points="`)
			for j, p := range ps {
				if j > 0 {
					b.WriteByte(' ')
				}
				fmt.Fprintf(&b, "%.1f,%.1f", x(p.x), y(p.y))
			}
			b.WriteString(`"/>`)
		}
	}
	b.WriteString("</svg>\n")
	return b.String()
}

// describe says in words what the picture shows, for a screen reader.
func describe(nodes []string, series map[string]map[string][]point) string {
	var parts []string
	for _, m := range measures {
		for _, n := range nodes {
			ps := series[m.col][n]
			if len(ps) == 0 {
				continue
			}
			lo, hi := minMax(ps)
			parts = append(parts, fmt.Sprintf("%s (%s): %s at the start, %s at the end, between %s and %s", m.title, n,
				trimNum(ps[0].y), trimNum(ps[len(ps)-1].y), trimNum(lo), trimNum(hi)))
		}
	}
	return strings.Join(parts, "; ") + "."
}

// table prints each measure at the first reading, after a tenth of the
// run (once the people have all arrived), halfway and at the end.
func table(nodes []string, series map[string]map[string][]point) {
	fmt.Println("| measure | node | start | after a tenth | halfway | end | least | most |")
	fmt.Println("|---|---|---|---|---|---|---|---|")
	for _, m := range measures {
		for _, n := range nodes {
			ps := series[m.col][n]
			if len(ps) == 0 {
				continue
			}
			at := func(frac float64) string {
				end := ps[len(ps)-1].x
				for _, p := range ps {
					if p.x >= frac*end {
						return trimNum(p.y)
					}
				}
				return trimNum(ps[len(ps)-1].y)
			}
			lo, hi := minMax(ps)
			fmt.Printf("| %s | %s | %s | %s | %s | %s | %s | %s |\n", m.title+unitParen(m.unit), n, trimNum(ps[0].y), at(0.1), at(0.5), trimNum(ps[len(ps)-1].y), trimNum(lo), trimNum(hi))
		}
	}
}

func minMax(ps []point) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, p := range ps {
		lo, hi = math.Min(lo, p.y), math.Max(hi, p.y)
	}
	return lo, hi
}

// niceCeil rounds v up to 1, 2 or 5 times a power of ten.
func niceCeil(v float64) float64 {
	if v <= 0 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(v)))
	for _, m := range []float64{1, 2, 5, 10} {
		if m*p >= v {
			return m * p
		}
	}
	return 10 * p
}

func minuteTicks(maxX float64) []float64 {
	step := niceCeil(maxX / 6)
	var out []float64
	for v := 0.0; v <= maxX+1e-9; v += step {
		out = append(out, v)
	}
	return out
}

func trimNum(v float64) string {
	if math.Abs(v) >= 100 {
		return strconv.FormatFloat(math.Round(v), 'f', -1, 64)
	}
	return strings.TrimSuffix(strings.TrimRight(strconv.FormatFloat(v, 'f', 1, 64), "0"), ".")
}

func unitSuffix(u string) string {
	if u == "" {
		return ""
	}
	return " " + u
}

func unitParen(u string) string {
	if u == "" {
		return ""
	}
	return " (" + u + ")"
}
