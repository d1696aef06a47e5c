package i18n

import (
	"os"
	"regexp"
	"testing"
)

// The Spanish catalog never names a person with a slash ("facilitador/a",
// "compañero/a"): glossary-es.md asks for wording without gender, both
// forms, or the person's own (model.PronounOf).
func TestSpanishNamesNoOneWithASlash(t *testing.T) {
	raw, err := os.ReadFile("locales/es.toml")
	if err != nil {
		t.Fatal(err)
	}
	text := regexp.MustCompile(`(?m)^(?:zero|one|two|few|many|other) = "(.*)"$`)
	slash := regexp.MustCompile(`\p{L}(?:o|e|or|ero)/(?:a|as)\b|\p{L}os/as\b|\(a\)|\(as\)`)
	for _, m := range text.FindAllStringSubmatch(string(raw), -1) {
		if w := slash.FindString(m[1]); w != "" {
			t.Errorf("the Spanish catalog names someone with a slash (%q): %s", w, m[1])
		}
	}
}
