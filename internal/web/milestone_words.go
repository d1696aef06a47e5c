package web

import (
	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/i18n"
	"github.com/kinshiprecovery/kinship/internal/recovery"
)

// milestoneIn names a recovery milestone in l. The recovery package labels
// them in English ("24 hours", "90 days", "9 months", "1 year", "3 years"),
// and the label is also what a shared milestone's form sends; the reader
// sees it through the catalog, "3 años". A label of another shape is
// shown as it is.
func milestoneIn(l *i18n.Lang, label string) string { return app.MilestoneWords(l, label) }

// encouragementIn is the line under a member's recovery time on the
// check-in page, in l: the same choice as the API's "encouragement"
// (app.encouragement), written through the catalog.
func encouragementIn(l *i18n.Lang, hasStart bool, s recovery.Status) string {
	switch {
	case !hasStart:
		return l.T("checkin.encourage.no_start")
	case s.Returns > 0 && s.StreakDays < 7:
		return l.T("checkin.encourage.setback", "Count", s.CumulativeDays)
	case s.StreakDays == 0:
		return l.T("checkin.encourage.begin")
	}
	msg := l.T("checkin.encourage.counting", "Count", s.StreakDays)
	if s.Returns > 0 {
		msg = l.T("checkin.encourage.stretch", "Count", s.StreakDays, "Total", l.Int(s.CumulativeDays))
	}
	if s.Next != nil {
		msg += " " + l.T("checkin.encourage.next", "Milestone", milestoneIn(l, s.Next.Label))
	}
	return msg
}

// streakSpanIn is a current stretch of a year or more as people say it,
// in l: "8 years, 8 months and 25 days" ("8 años, 8 meses y 25 días"),
// exact to the day (recovery.Status.StreakSpan); "" under a year, which
// is counted in days.
func streakSpanIn(l *i18n.Lang, s recovery.Status) string {
	y, m, d := s.StreakSpan()
	if y == 0 {
		return ""
	}
	parts := []string{l.T("milestone.years", "Count", y)}
	if m > 0 {
		parts = append(parts, l.T("milestone.months", "Count", m))
	}
	if d > 0 {
		parts = append(parts, l.T("milestone.days", "Count", d))
	}
	return l.List(parts)
}
