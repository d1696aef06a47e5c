package i18n

import (
	"html/template"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestCatalogsComplete fails when the code uses a message ID a catalog
// lacks, when a catalog entry is unused, when Spanish (or any language)
// lacks an English message or is left as a TODO, and when a translation
// uses a field the code does not give.
func TestCatalogsComplete(t *testing.T) {
	u, err := Scan("../..")
	if err != nil {
		t.Fatal(err)
	}
	c := Load()
	if len(u.Called) < 50 {
		t.Fatalf("found only %d message IDs in the code; is the scan reading the templates?", len(u.Called))
	}
	for _, p := range c.Problems(u) {
		t.Error(p)
	}
	if !c.Supported("es") {
		t.Fatal("no Spanish catalog")
	}
	t.Logf("%d messages, %d IDs called in the code, languages %v", len(c.Default().IDs()), len(u.Called), c.Codes())
}

// TestProblemsNamesWhatIsWrong: the catalog check reports a missing ID,
// an unused one and a field the English text does not have.
func TestProblemsNamesWhatIsWrong(t *testing.T) {
	c := Load()
	u := &Usage{Called: map[string][]string{"nav.nowhere": {"x.html"}}, Literals: map[string]bool{}}
	got := strings.Join(c.Problems(u), "\n")
	for _, want := range []string{"en: missing nav.nowhere (used in x.html)", "es: missing nav.nowhere", "en: nav.home is in the catalog but nothing uses it"} {
		if !strings.Contains(got, want) {
			t.Errorf("problems lack %q", want)
		}
	}
}

func TestMatch(t *testing.T) {
	c := Load()
	for _, tc := range []struct {
		accept  string
		choices []string
		want    string
	}{
		{"", nil, "en"},
		{"es-MX,es;q=0.9,en;q=0.8", nil, "es"},
		{"es-419", nil, "es"},
		{"en-US,en;q=0.9,es;q=0.5", nil, "en"},
		{"fr-FR,es;q=0.5", nil, "es"},
		{"fr-FR", nil, "en"},
		{"es-MX", []string{"en"}, "en"},           // a member's setting wins
		{"en-US", []string{"", "zz", "es"}, "es"}, // unknown choices are skipped
		{"en-US", []string{PseudoCode}, "en"},     // the pseudo-locale is off outside tests that ask
		{"garbage;;q=x", nil, "en"},
	} {
		if got := c.Match(tc.accept, tc.choices...).Code; got != tc.want {
			t.Errorf("Match(%q, %q) = %s, want %s", tc.accept, tc.choices, got, tc.want)
		}
	}
}

func TestSpanishWords(t *testing.T) {
	es, en := For("es"), For("en")
	if got := es.T("nav.support_now"); got != "Necesito apoyo ahora" {
		t.Errorf("support button reads %q", got)
	}
	if got := es.T("distance.miles_away", "Miles", "1", "Count", 1); got != "a 1 milla" {
		t.Errorf("one mile: %q", got)
	}
	if got := es.T("distance.miles_away", "Miles", "2.4", "Count", 2); got != "a 2.4 millas" {
		t.Errorf("miles: %q", got)
	}
	if got := en.T("no.such.id"); got != "no.such.id" {
		t.Errorf("a missing ID reads %q", got)
	}
	if got := For("xx").Code; got != "en" {
		t.Errorf("For(xx) = %s", got)
	}
}

func TestDatesAndNumbers(t *testing.T) {
	la, _ := time.LoadLocation("America/Los_Angeles")
	at := time.Date(2026, 12, 4, 22, 35, 0, 0, time.UTC) // Fri 4 Dec, 14:35 in Los Angeles
	now := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	es, en := For("es"), For("en")
	for _, tc := range []struct{ got, want string }{
		{en.When(at, la, now), "Fri 4 Dec, 14:35"},
		{es.When(at, la, now), "vie, 4 dic, 14:35"},
		{en.When(at, la, now.AddDate(1, 0, 0)), "Fri 4 Dec 2026, 14:35"},
		{es.When(at, la, now.AddDate(-1, 0, 0)), "vie, 4 dic 2026, 14:35"},
		{es.When(at, nil, now), "vie, 4 dic, 22:35"},
		{es.LongDate(at), "4 de diciembre de 2026"},
		{en.LongDate(at), "4 December 2026"},
		{es.Day(at), "vie, 4 dic"},
		{es.WeekdayLong(time.Wednesday), "miércoles"},
		{en.Km(0), "0 km"},
		{en.Km(2.44), "2.4 km"},
		{en.Km(80.6), "81 km"},
		{es.Distance(12.34, false), "a 12 km"},
		{en.Distance(1.609344, true), "1 mile away"},
		{en.Distance(3.9, true), "2.4 miles away"},
		{es.Distance(3.9, true), "a 2.4 millas"},
		{en.Int(12345), "12,345"},
		{en.Int(3192), "3,192"},
		{en.Int(999), "999"},
		{en.Number(1234567.5, 1), "1,234,567.5"},
		// Spanish as the RAE writes it (W8-6): four digits whole, five and
		// more in groups of three with a no-break space, beside the decimal
		// point Kinship writes in Spanish (es-419, 2.5); never es-419's comma.
		{es.Int(3192), "3192"},
		{es.Int(12345), "12\u00a0345"},
		{es.Int(1234567), "1\u00a0234\u00a0567"},
		{es.Int(-31416), "-31\u00a0416"},
		{es.Int(999), "999"},
		{es.Number(2.5, 1), "2.5"},
		{es.Number(3192.5, 1), "3192.5"},
		{es.Number(31416.25, 2), "31\u00a0416.25"},
		{es.Distance(12345, false), "a 12\u00a0345 km"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
	if en.Hour12() || es.Hour12() {
		t.Error("English and Spanish pages write 24-hour times")
	}
}

func TestPseudo(t *testing.T) {
	if got := Pseudo("Hello {{.Name}}, see {reason}"); got != "⟦Ĥéļļö {{.Name}}, ŝéé {reason}⟧" {
		t.Errorf("Pseudo = %q", got)
	}
	EnablePseudo()
	p := Load().Lang(PseudoCode)
	if p == nil {
		t.Fatal("no pseudo-locale after EnablePseudo")
	}
	if got := p.T("nav.home"); got != "⟦Ĥöɱé⟧" {
		t.Errorf("pseudo nav.home = %q", got)
	}
	if got := p.T("locale.cldr"); got != "en" {
		t.Errorf("locale data must not be accented: %q", got)
	}
	if got := p.T("distance.miles_away", "Miles", "1", "Count", 1); got != "⟦1 ɱîļé åŵåý⟧" {
		t.Errorf("pseudo plural = %q", got)
	}
}

// TestHTMLMessage: a message with links keeps its links and escapes the
// rest, in either language.
func TestHTMLMessage(t *testing.T) {
	a := template.HTML(`<a href="tel:988">988</a>`)
	got := string(For("es").HTML("footer.us_lines", "Call988", a, "CallSamhsa", "<b>x</b>", "Call911", a))
	if !strings.Contains(got, `al <a href="tel:988">988</a> (marca 2 para español)`) || !strings.Contains(got, "&lt;b&gt;x&lt;/b&gt;") {
		t.Errorf("HTML = %s", got)
	}
}

// TestAppMessagesInSource: every "apperr." message's English text is a
// message the app, the model, the password check or another of
// appMessageSources writes, word for word,
// so a change there cannot leave the Spanish behind unnoticed.
func TestAppMessagesInSource(t *testing.T) {
	var src strings.Builder
	for _, glob := range appMessageSources {
		names, err := filepath.Glob(glob)
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range names {
			if strings.HasSuffix(n, "_test.go") {
				continue
			}
			b, err := os.ReadFile(n)
			if err != nil {
				t.Fatal(err)
			}
			src.Write(b)
		}
	}
	en, es := For("en"), For("es")
	n := 0
	for _, id := range en.IDs() {
		if !strings.HasPrefix(id, AppPrefix) {
			continue
		}
		n++
		text := en.T(id)
		if !strings.Contains(src.String(), strconv.Quote(text)) && !strings.Contains(src.String(), "`"+text+"`") {
			t.Errorf("%s: the app no longer writes %q", id, text)
		}
		if got := es.App(text); got == text {
			t.Errorf("%s: Spanish reads the English %q", id, got)
		}
	}
	if n < 20 {
		t.Fatalf("only %d app messages in the catalog", n)
	}
	if got := es.App("Enter your password"); got != "escribe tu contraseña" {
		t.Errorf("a capitalised message: %q", got)
	}
	if got := es.App("too many attempts; please wait 3 minutes and try again"); got != "too many attempts; please wait 3 minutes and try again" {
		t.Errorf("a message the catalog lacks: %q", got)
	}
}
