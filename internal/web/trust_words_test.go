package web

import (
	"regexp"
	"strings"
	"testing"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/i18n"
	"github.com/kinshiprecovery/kinship/internal/model"
)

// visibleText is a page's text as a person reads it: tags gone, spaces
// made one.
func visibleText(html string) string {
	s := regexp.MustCompile(`(?s)<script.*?</script>|<[^>]+>`).ReplaceAllString(html, " ")
	s = strings.NewReplacer("&#39;", "'", "&amp;", "&", "&quot;", `"`, "&lt;", "<", "&gt;", ">").Replace(s)
	return strings.Join(strings.Fields(s), " ")
}

// renderIn draws a page in a language as its handler would.
func renderIn(t *testing.T, p *Pages, code, page string, data any) string {
	t.Helper()
	member := &app.Actor{User: &model.User{ID: "u1", Role: model.RoleMember}, Session: &model.Session{}}
	out, err := p.execute(p.pagesIn(i18n.For(code))[page], page, view{Title: page, Actor: member, Data: data, Fields: map[string]string{}, Form: map[string]string{}})
	if err != nil {
		t.Fatalf("%s in %s: %v", page, code, err)
	}
	return visibleText(out)
}

// TestConsentCardInWords: a consent reads as a person would say it, in
// English and Spanish: who can see what, never "the organization's staff
// may see: checkins, recovery".
func TestConsentCardInWords(t *testing.T) {
	p := New(nil, nil, Options{})
	cs := []app.ConsentView{
		{ID: "c1", OrgName: "Harbor House", Recipient: "the organization's staff", Data: []string{"checkins", "recovery"}, Purpose: "my counsellor follows my week",
			StartsAt: "2027-01-05", EndsAt: "2027-04-05", Active: true,
			Disclosures: []app.DisclosureView{{Viewer: "Ava", Data: []string{"checkins"}, At: model.At(edgeTime)}}},
		{ID: "c2", OrgName: "Harbor House", Recipient: "Dr. Lee", RecipientIsPerson: true, Data: []string{"profile", "checkins", "recovery"}, Purpose: "care plan",
			StartsAt: "2027-01-05", EndsAt: "2027-04-05", Active: true},
	}
	want := map[string][]string{
		"en": {"Staff at Harbor House can see your check-ins and your recovery time.", "For: my counsellor follows my week.",
			"Dr. Lee at Harbor House can see your profile, your check-ins and your recovery time.", "Ava saw your check-ins,"},
		"es": {"El personal de Harbor House puede ver tus registros y tu tiempo en recuperación.", "Para: my counsellor follows my week.",
			"Dr. Lee, de Harbor House, puede ver tu perfil, tus registros y tu tiempo en recuperación.", "Ava vio tus registros,"},
	}
	for code, ws := range want {
		out := renderIn(t, p, code, "consents", orgsData{Consents: cs})
		for _, w := range ws {
			if !strings.Contains(out, w) {
				t.Errorf("%s: the consent cards lack %q:\n%s", code, w, out)
			}
		}
		for _, bad := range []string{"may see:", "checkins", "the organization's staff", " recovery,", " recovery."} {
			if strings.Contains(out, bad) {
				t.Errorf("%s: the consent cards read %q", code, bad)
			}
		}
	}
}
