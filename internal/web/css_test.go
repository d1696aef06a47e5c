package web

import (
	"io/fs"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestFocusRingContrast computes, from app.css's own colours, the contrast
// of every focus outline against every background a focused element can sit
// on: it must be at least 3:1 (WCAG 1.4.11 and 2.4.13). The yellow ring
// it replaces was 1.7-1.9:1.
func TestFocusRingContrast(t *testing.T) {
	b, err := fs.ReadFile(staticFS, "static/app.css")
	if err != nil {
		t.Fatal(err)
	}
	css := string(b)
	// The light scheme is the stylesheet without its dark block; the dark
	// scheme overrides the variables inside prefers-color-scheme: dark,
	// where fields take the card colour instead of white.
	light, dark := css, ""
	if i := strings.Index(css, "@media (prefers-color-scheme: dark)"); i >= 0 {
		depth, j := 0, i
		for ; j < len(css); j++ {
			if css[j] == '{' {
				depth++
			} else if css[j] == '}' {
				depth--
				if depth == 0 {
					break
				}
			}
		}
		light, dark = css[:i]+css[j+1:], css[i:j+1]
	}
	vars := map[string]string{}
	readVars := func(part string) {
		for _, m := range regexp.MustCompile(`(--[a-z-]+):\s*(#[0-9a-fA-F]{3,6})`).FindAllStringSubmatch(part, -1) {
			vars[m[1]] = m[2]
		}
	}
	readVars(light)
	rings := 0
	check := func(scheme string, white bool) {
		colour := func(v string) string {
			if strings.HasPrefix(v, "var(") {
				return vars[strings.TrimSuffix(strings.TrimPrefix(v, "var("), ")")]
			}
			return v
		}
		// Backgrounds: the page, cards, notices, banners, and white fields.
		var backgrounds []string
		for _, name := range []string{"--bg", "--card", "--notice-bg", "--banner-bg"} {
			if vars[name] == "" {
				t.Fatalf("app.css (%s) has no %s", scheme, name)
			}
			backgrounds = append(backgrounds, vars[name])
		}
		if white {
			backgrounds = append(backgrounds, "#ffffff")
		}
		rules := regexp.MustCompile(`([^{}]*:focus[^{}]*)\{([^}]*)\}`).FindAllStringSubmatch(css, -1)
		for _, r := range rules {
			m := regexp.MustCompile(`outline:\s*\d+px\s+solid\s+(var\(--[a-z-]+\)|#[0-9a-fA-F]{3,6})`).FindStringSubmatch(r[2])
			if m == nil {
				continue
			}
			rings++
			ring := colour(m[1])
			for _, bg := range backgrounds {
				if c := contrast(ring, bg); c < 3 {
					t.Errorf("%s scheme, %s: focus ring %s on %s is %.2f:1, want at least 3:1", scheme, strings.TrimSpace(r[1]), ring, bg, c)
				}
			}
		}
	}
	check("light", true)
	if dark != "" {
		readVars(dark)
		check("dark", false)
	}
	if rings == 0 {
		t.Fatal("no focus outline found in app.css")
	}
}

// contrast is the WCAG contrast ratio of two #rrggbb colours.
func contrast(a, b string) float64 {
	la, lb := luminance(a), luminance(b)
	return (math.Max(la, lb) + 0.05) / (math.Min(la, lb) + 0.05)
}

func luminance(hex string) float64 {
	hex = strings.TrimPrefix(hex, "#")
	if len(hex) == 3 {
		hex = string([]byte{hex[0], hex[0], hex[1], hex[1], hex[2], hex[2]})
	}
	var l float64
	for i, w := range []float64{0.2126, 0.7152, 0.0722} {
		n, _ := strconv.ParseUint(hex[2*i:2*i+2], 16, 8)
		c := float64(n) / 255
		if c <= 0.03928 {
			c /= 12.92
		} else {
			c = math.Pow((c+0.055)/1.055, 2.4)
		}
		l += w * c
	}
	return l
}

func TestContrastFormula(t *testing.T) {
	if c := contrast("#000000", "#ffffff"); math.Abs(c-21) > 0.01 {
		t.Fatalf("black on white %.2f", c)
	}
	if c := contrast("#f2b01e", "#fbfaf7"); c > 2 {
		t.Fatalf("the old yellow ring on the page: %.2f:1, expected under 2", c)
	}
}

// A table too wide for a phone scrolls in its own box; a keyboard can
// reach that box only when it is focusable, and a screen reader names it
// only when it is a labelled region. The admin's and an organization's
// lists of people had neither. Every .table-scroll in every template has
// role="region", an aria-label and tabindex="0".
func TestTableScrollBoxesAreFocusableRegions(t *testing.T) {
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		t.Fatal(err)
	}
	box := regexp.MustCompile(`<div class="table-scroll"[^>]*>`)
	n := 0
	for _, name := range names {
		b, _ := fs.ReadFile(templateFS, name)
		for _, tag := range box.FindAllString(string(b), -1) {
			n++
			if !strings.Contains(tag, `role="region"`) || !regexp.MustCompile(`aria-label(ledby)?="[^"]+"`).MatchString(tag) || !strings.Contains(tag, `tabindex="0"`) {
				t.Errorf("%s: %s needs role=\"region\", an aria-label (or aria-labelledby) and tabindex=\"0\"", name, tag)
			}
		}
	}
	if n == 0 {
		t.Fatal("no table-scroll box found")
	}
}
