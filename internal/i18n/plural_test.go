package i18n

import (
	"strings"
	"testing"
)

// TestCountedMessagesHaveBothForms: every message that writes a
// {{.Count}} has its singular and its plural written in every language,
// so that a count of one is never read as "1 alumni" or "1 reports" for
// want of a form (go-i18n falls back to the plural without a word).
func TestCountedMessagesHaveBothForms(t *testing.T) {
	c := Load()
	for _, code := range c.Codes() {
		l := c.Lang(code)
		for _, id := range l.IDs() {
			m := l.Message(id)
			if !strings.Contains(m.One+m.Other, "{{.Count}}") {
				continue
			}
			if m.One == "" || m.Other == "" {
				t.Errorf("%s: %s writes a count but has no %q form", code, id, map[bool]string{true: "one", false: "other"}[m.One == ""])
			}
		}
	}
}

// TestCountsReadAsPeopleSayThem: what the administration page, the
// discharge notice and the mentor offer read for one and for more.
func TestCountsReadAsPeopleSayThem(t *testing.T) {
	en, es := For("en"), For("es")
	for _, tc := range []struct{ got, want string }{
		{en.T("admin.alumni", "Count", 1), "1 alum"},
		{en.T("admin.alumni", "Count", 3), "3 alumni"},
		{es.T("admin.alumni", "Count", 1), "1 exparticipante"},
		{es.T("admin.alumni", "Count", 3), "3 exparticipantes"},
		{en.T("admin.staff", "Count", 1), "1 staff member"},
		{en.T("admin.staff", "Count", 0), "0 staff"},
		{en.T("role.alumni"), "alum"},
		{en.T("org.done_discharged_named_he", "Name", "Cal"), "Cal is one of the alumni now: he keeps his account, his peers and the alumni groups."},
		{en.T("apperrf.mentor_needs_years", "Count", "1"), "mentors on this instance have at least 1 year in recovery"},
		{en.T("apperrf.mentor_needs_years", "Count", "1.5"), "mentors on this instance have at least 1.5 years in recovery"},
		{es.T("apperrf.mentor_needs_years", "Count", "1"), "en este Kinship, los mentores y las mentoras tienen al menos 1 año en recuperación"},
		{es.T("apperrf.mentor_needs_years", "Count", "2"), "en este Kinship, los mentores y las mentoras tienen al menos 2 años en recuperación"},
		{en.T("group.reports_title_more", "Count", 1), "More than 1 report waiting for your review"},
		{es.T("group.reports_title_more", "Count", 1), "Más de 1 reporte espera tu revisión"},
		{en.T("cohort.ruled_out.capacity", "Count", "1"), "capacity rules out 1"},
		{es.T("apperrf.interval_weeks", "Count", 1), "repítela cada semana"},
		// A count of thousands is grouped as each language writes it (W10-10).
		{en.T("checkin.encourage.counting", "Count", 3192), "3,192 days and counting."},
		{es.T("checkin.encourage.counting", "Count", 3192), "3192 días y sumando."},
		{es.T("checkin.encourage.counting", "Count", 31416), "31\u00a0416 días y sumando."},
		{en.T("checkin.encourage.counting", "Count", 31416), "31,416 days and counting."},
		{en.T("milestone.days", "Count", 999), "999 days"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}
