package web

import (
	"fmt"
	"html/template"
	"io"
	"strings"
	"testing"
	"time"
)

// TestGuardCatchesGarbage feeds the guard what the Go template and fmt
// packages print when a value is misused, and text a person may write.
func TestGuardCatchesGarbage(t *testing.T) {
	f := 0.0
	yes := true
	km := "%.1f km away" // a variable, as a template's printf is: vet cannot see it
	type place struct{ Km *float64 }
	bad := map[string]string{
		"printf on a pointer": fmt.Sprintf(km, &f),
		"ZgotmplZ":            `<img src="#ZgotmplZ">`,
		"nil":                 "Mood: &lt;nil&gt;",
		"pointer":             fmt.Sprint(&f) + " km",
		"map":                 fmt.Sprint(map[string]int{"a": 1}),
		"struct pointer":      template.HTMLEscapeString(fmt.Sprint(&place{Km: &f})),
		"slice literal":       fmt.Sprintf("%#v", []string{"a"}),
		"pointer type":        fmt.Sprintf("%T", &yes),
		"zero time":           time.Time{}.Format("2 Jan 2006, 15:04 UTC"),
		"zero date":           time.Time{}.Format("2006-01-02"),
		"not a number":        fmt.Sprint(f / f),
		"escaped struct":      "&amp;{0xc000123456}",
		"time type":           fmt.Sprintf("%T", time.Now()),
	}
	for name, s := range bad {
		if got := pageFaults("<p>" + s + "</p>"); len(got) == 0 {
			t.Errorf("%s: %q passed the guard", name, s)
		}
	}
	good := []string{
		"0 km away", "Used: No", "1 Jan 2027, 19:00 UTC", "Naná 🌱 مرحبا 你好",
		`<a href="#f-code">`, "Ask for the map at the front desk", "0x is how hex begins",
		"Meet at 10:00", "Infinity pool", `<input value="Ab0xC9d-e_f" name="csrf">`,
	}
	for _, s := range good {
		if got := pageFaults(s); len(got) != 0 {
			t.Errorf("%q refused: %v", s, got)
		}
	}
	// A person's own input shown back is theirs, not the page's fault; the
	// same garbage elsewhere on the page is still caught.
	echo := `<input name="lat" value="NaN"><p>Latitude must be a number.</p>`
	if got := pageFaults(echo, "NaN"); len(got) != 0 {
		t.Errorf("typed NaN shown back refused: %v", got)
	}
	if got := pageFaults(echo+"<p>NaN km away</p>", "Na"); len(got) == 0 {
		t.Error("NaN the person did not type passed the guard")
	}
}

// TestGuardIsOnInTests: every page rendered under `go test` is guarded, and
// a guarded page is refused with the fault named.
func TestGuardIsOnInTests(t *testing.T) {
	p := New(nil, nil, Options{})
	if !p.strict {
		t.Fatal("the render guard is off under go test")
	}
	// This refusal is meant: keep it out of the faults TestMain reports.
	guardMu.Lock()
	seen, w := len(guardFaults), guardOut
	guardOut = io.Discard
	guardMu.Unlock()
	defer func() { guardMu.Lock(); guardFaults, guardOut = guardFaults[:seen], w; guardMu.Unlock() }()
	tpl := template.Must(template.New("x").Parse(`<p>{{printf "%.1f" .Data}} km away</p>`))
	f := 2.5
	out, err := p.execute(tpl, "treatment", view{Data: &f})
	if err == nil || !strings.Contains(err.Error(), "printf verb") || !strings.Contains(err.Error(), `"treatment"`) {
		t.Fatalf("garbage rendered: %q, %v", out, err)
	}
}
