package web

import (
	"strconv"
	"strings"

	"github.com/kinshiprecovery/kinship/internal/i18n"
)

// milestoneIn names a recovery milestone in l. The recovery package labels
// them in English ("24 hours", "90 days", "9 months", "1 year", "3 years"),
// and the label is also what a shared milestone's form sends; the reader
// sees it through the catalog, "3 años". A label of another shape is
// shown as it is.
func milestoneIn(l *i18n.Lang, label string) string {
	n, unit, ok := strings.Cut(label, " ")
	count, err := strconv.Atoi(n)
	if !ok || err != nil {
		return label
	}
	switch unit {
	case "hour", "hours":
		return l.T("milestone.hours", "Count", count)
	case "day", "days":
		return l.T("milestone.days", "Count", count)
	case "month", "months":
		return l.T("milestone.months", "Count", count)
	case "year", "years":
		return l.T("milestone.years", "Count", count)
	}
	return label
}
