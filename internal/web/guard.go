package web

import (
	"fmt"
	"html"
	"io"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
)

// The render guard reads every page as it leaves the one place pages are
// executed (Pages.execute) and refuses one that shows what only a
// programmer's mistake can print: a printf verb that did not fit its value
// ("%!f(*float64=0xc000…)"), html/template's "ZgotmplZ" for a value it
// would not trust in a URL or attribute, "<nil>", a pointer address, a Go
// map, struct pointer or slice literal, a Go type name, a zero time, or
// NaN. A person must never read any of these; a false "yes" printed from a
// non-nil *bool is caught by typing the views instead (see viewBool).
//
// The guard is on in every test binary (testing.Testing), so every page
// rendered by any test, now or later, is checked; KINSHIP_STRICT_RENDER=1
// turns it on in a running server while developing, and =0 turns it off
// (a benchmark, which measures the page as a running server makes it). A guarded page is
// answered with a 500 naming the fault, the fault is written to stderr and
// kept for GuardFaults, which the test packages' TestMain turn into a
// failing run even where a test looked at nothing but the status.

// garbage is what a rendered page must never contain, read after HTML
// entities are decoded (so "&lt;nil&gt;" and "&amp;{" are caught too).
var garbage = []struct {
	re   *regexp.Regexp
	what string
}{
	{regexp.MustCompile(`%!`), "a printf verb that did not fit its value"},
	{regexp.MustCompile(`ZgotmplZ`), "a value html/template refused in a URL or attribute (ZgotmplZ)"},
	{regexp.MustCompile(`<nil>`), "a nil value printed as <nil>"},
	{regexp.MustCompile(`(?:^|[^0-9A-Za-z_\-])0x[0-9a-f]{6,16}(?:[^0-9A-Za-z_\-]|$)`), "a pointer address"},
	{regexp.MustCompile(`map\[`), "a Go map printed as map[…]"},
	{regexp.MustCompile(`&\{`), "a struct pointer printed as &{…}"},
	{regexp.MustCompile(`\[\](?:\*?[a-z][A-Za-z0-9_.]*)\{`), "a Go slice literal"},
	{regexp.MustCompile(`\*(?:bool|u?int(?:8|16|32|64)?|float(?:32|64)|string|time\.Time|time\.Duration|(?:model|app|match|safety|recovery|geo|web)\.[A-Z]\w*)\b`), "a Go pointer type name"},
	{regexp.MustCompile(`\b(?:time\.Time|time\.Duration|struct \{|interface \{|func\()`), "a Go type name"},
	{regexp.MustCompile(`\b0001-01-01\b|\bJan(?:uary)? (?:1, )?0001\b`), "a zero time (year 1)"},
	{regexp.MustCompile(`\bNaN\b|[+-]Inf\b`), "a number that is not a number (NaN or Inf)"},
}

// pageFaults lists the garbage found in a rendered page, each with a little
// of the text around it so the template line is easy to find.
// What the person typed themselves (typed) is taken out of the text first:
// showing someone their own input is not a fault of the page.
func pageFaults(out string, typed ...string) []string {
	text := html.UnescapeString(out)
	for _, t := range typed {
		if len(strings.TrimSpace(t)) >= 3 {
			text = strings.ReplaceAll(text, t, " ")
		}
	}
	var faults []string
	for _, g := range garbage {
		loc := g.re.FindStringIndex(text)
		if loc == nil {
			continue
		}
		from, to := max(loc[0]-60, 0), min(loc[1]+60, len(text))
		for from > 0 && !utf8Start(text[from]) {
			from--
		}
		for to < len(text) && !utf8Start(text[to]) {
			to++
		}
		faults = append(faults, fmt.Sprintf("%s: …%s…", g.what, strings.Join(strings.Fields(text[from:to]), " ")))
	}
	return faults
}

func utf8Start(b byte) bool { return b&0xC0 != 0x80 }

// strictRender says whether the guard runs: under `go test` unless
// KINSHIP_STRICT_RENDER=0, and in a server started with
// KINSHIP_STRICT_RENDER=1.
func strictRender() bool {
	switch os.Getenv("KINSHIP_STRICT_RENDER") {
	case "1":
		return true
	case "0":
		return false
	}
	return testing.Testing()
}

var (
	guardMu     sync.Mutex
	guardFaults []string
	guardOut    io.Writer = os.Stderr // where refusals are written as they happen
)

// GuardFaults returns every render-guard fault seen in this process; the
// test packages that render pages fail their run when it is not empty.
func GuardFaults() []string {
	guardMu.Lock()
	defer guardMu.Unlock()
	return append([]string(nil), guardFaults...)
}

// RenderGuardError is a page the guard refused.
type RenderGuardError struct {
	Page   string
	Faults []string
}

func (e *RenderGuardError) Error() string {
	return fmt.Sprintf("render guard: page %q shows %s", e.Page, strings.Join(e.Faults, "; "))
}

// guard checks a rendered page when the guard is on.
func (p *Pages) guard(page, out string, typed ...string) error {
	if !p.strict {
		return nil
	}
	return p.refuse(page, pageFaults(out, typed...))
}

// refuse records faults found in a page, if any, and returns them as an error.
func (p *Pages) refuse(page string, faults []string) error {
	if len(faults) == 0 {
		return nil
	}
	err := &RenderGuardError{Page: page, Faults: faults}
	guardMu.Lock()
	guardFaults = append(guardFaults, err.Error())
	w := guardOut
	guardMu.Unlock()
	fmt.Fprintln(w, "KINSHIP "+err.Error())
	return err
}

// AfterTests is for a test package's TestMain: given m.Run's exit code, it
// lists the pages the guard refused during the run and turns the run into a
// failure if there were any, even when the tests that rendered them only
// looked at a status code.
//
//	func TestMain(m *testing.M) { os.Exit(web.AfterTests(m.Run())) }
func AfterTests(code int) int {
	faults := GuardFaults()
	if len(faults) == 0 {
		return code
	}
	fmt.Fprintf(os.Stderr, "FAIL: the render guard refused %d page(s) during the tests:\n", len(faults))
	for _, f := range faults {
		fmt.Fprintln(os.Stderr, "  "+f)
	}
	return 1
}
