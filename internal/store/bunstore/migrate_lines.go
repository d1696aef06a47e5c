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
