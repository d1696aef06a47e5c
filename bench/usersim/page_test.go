package main

import (
	mrand "math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// randomPages are n pages of up to most pieces each, drawn from pieces.
func randomPages(seed uint64, n, most int, pieces []string) []string {
	rng := mrand.New(mrand.NewPCG(seed, seed+1))
	out := make([]string, n)
	for i := range out {
		var b strings.Builder
		for k := rng.IntN(most); k > 0; k-- {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		out[i] = b.String()
	}
	return out
}

// staticRefsOf is what eachStaticRef finds in html.
func staticRefsOf(html string) []string {
	var out []string
	eachStaticRef([]byte(html), func(ref []byte) { out = append(out, string(ref)) })
	return out
}

// staticRefsByRE is what the regular expression finds in html.
func staticRefsByRE(html string) []string {
	var out []string
	for _, m := range staticRefRE.FindAllStringSubmatch(html, -1) {
		out = append(out, m[1])
	}
	return out
}

// The scan finds exactly what the expression finds, in the same order:
// the simulated browser asks for the same static files as before.
func TestStaticRefsAreTheExpressions(t *testing.T) {
	cases := []string{
		``,
		`<link rel="stylesheet" href="/static/app.css?v=3"><script src="/static/app.js" defer></script>`,
		`<img src="/static/icon-32.png#x"><a href="/static/">empty</a><a href="/static/?q">empty too</a>`,
		`data-src="/static/a.js" xhref="/static/b.css" hre="/static/no" rc="/static/no2"`,
		`href='/static/single' href="/static" href="/static/x`,
		`href="/static/a="/static/b" src="/static/c" src=""/static/d"`,
		`href="/static/a"href="/static/a"src="/static/a#"`,
		`="/static/lonely" src="/static/last`,
	}
	for _, c := range cases {
		if got, want := staticRefsOf(c), staticRefsByRE(c); !slices.Equal(got, want) {
			t.Errorf("%q: scan %q, expression %q", c, got, want)
		}
	}
	// Random pages made of the pieces that matter.
	pieces := []string{`href="/static/`, `src="/static/`, `href`, `src`, `="`, `"`, `/static/`, `a`, `?`, `#`, `=`, ` `, `h`, `rc`, `/stat`, `ic/`, `<`, `>`}
	found := 0
	for _, c := range randomPages(1, 20000, 40, pieces) {
		if got, want := staticRefsOf(c), staticRefsByRE(c); !slices.Equal(got, want) {
			t.Fatalf("%q: scan %q, expression %q", c, got, want)
		}
		found += len(staticRefsByRE(c))
	}
	if found < 1000 {
		t.Fatalf("the random pages named only %d static files: too few to compare", found)
	}
}

// changeByRE is what the regular expression finds in html.
func changeByRE(html string) int64 {
	m := dataChange.FindStringSubmatch(html)
	if m == nil {
		return 0
	}
	n, _ := strconv.ParseInt(m[1], 10, 64)
	return n
}

// The scan reads the same change as the expression: the simulated page
// subscribes from the same change as before.
func TestPageChangeIsTheExpressions(t *testing.T) {
	pieces := []string{`id="chat"`, `id="chat`, ` `, `data-change="`, `data-change=`, `"`, `7`, `42`, `>`, `<`, `x`, `id=`, `9999999999999999999999`}
	found := 0
	for _, c := range randomPages(3, 50000, 30, pieces) {
		if got, want := pageChange([]byte(c)), changeByRE(c); got != want {
			t.Fatalf("%q: scan %d, expression %d", c, got, want)
		}
		if changeByRE(c) != 0 {
			found++
		}
	}
	if found < 100 {
		t.Fatalf("the random pages showed a change only %d times: too few to compare", found)
	}
}

func TestPageChange(t *testing.T) {
	for html, want := range map[string]int64{
		`<main><section id="chat" class="chat" data-conv="g1" data-change="42">`: 42,
		`<div id="chat">`: 0,
		`<div id="chat" data-x="1"><p data-change="7">`:                     0,
		`<div id="chat" data-change="3" data-change="8">`:                   8,
		`<div id="chat" data-change="3" data-change="8x">`:                  3,
		`<div id="chatter" data-change="5"><div id="chat" data-change="9">`: 9,
		``: 0,
	} {
		if got := pageChange([]byte(html)); got != want || changeByRE(html) != want {
			t.Errorf("%q: %d, want %d", html, got, want)
		}
	}
}
