package bunstore

import (
	"fmt"
	"strings"

	"github.com/kinshiprecovery/kinship/internal/model"
)

// linesWithoutLanguageWords is migration 36: the shipped descriptions that
// named a line's languages, which the page now shows once, apart, lose
// those words where they are still as shipped.
func linesWithoutLanguageWords() string {
	var b strings.Builder
	for _, c := range []struct{ key, was, now string }{
		{"ca-988", "If you are thinking about suicide or are worried about someone. Free, 24 hours a day, in English and French.", "If you are thinking about suicide or are worried about someone. Free, 24 hours a day."},
		{"mx-lineadelavida", "Free, confidential support about substance use and mental health, 24 hours a day, in Spanish.", "Free, confidential support about substance use and mental health, 24 hours a day."},
	} {
		fmt.Fprintf(&b, "UPDATE crisis_resources SET description = '%s' WHERE id = '%s' AND description = '%s';\n", c.now, model.SeedID(c.key), c.was)
	}
	return b.String()
}

// linesForIndia is migration 37: India's emergency number (112), the
// government's Tele MANAS mental health line and its drug de-addiction
// helpline, named by model.SeedID of their keys as every shipped line is.
func linesForIndia() string {
	var b strings.Builder
	for i, l := range []struct{ key, name, contact, kind, about, langs string }{
		{"in-112", "Emergency", "112", "emergency", "If a life is in danger now: an overdose, someone not breathing, a serious injury.", ""},
		{"in-telemanas", "Tele MANAS", "Call 14416 or 1-800-891-4416", "call", "Free, confidential mental health support, 24 hours a day.", "en,hi"},
		{"in-14446", "Drug De-addiction Helpline", "Call 14446", "call",
			"Free advice about drug and alcohol use, and where to find treatment, from the Government of India.", "en,hi"},
	} {
		position := i // the emergency number first, as in every country
		fmt.Fprintf(&b, "INSERT INTO crisis_resources (id, country, name, contact, kind, description, position, updated_at, languages) "+
			"VALUES ('%s', 'IN', '%s', '%s', '%s', '%s', %d, 0, '%s');\n", model.SeedID(l.key), l.name, l.contact, l.kind, l.about, position, l.langs)
	}
	return b.String()
}
