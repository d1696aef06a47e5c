package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/match"
	"github.com/kinshiprecovery/kinship/internal/model"
)

// walk4: Lucía wrote her language as the Spanish profile form suggests
// ("español"); Marco, a mentor, wrote "English, Spanish". Her suggestions
// gave only the shared pathway as a reason, and a mentee who asked for a
// mentor speaking their language would have found none. Now Eli (es,
// "español", who asks for a shared language) reads Mia as a suggestion
// with "habla español", and Bo (en, "Spanish") reads "speaks Spanish" for
// Ash, who wrote "español, inglés".
func TestBrowserMentorSharesALanguageWrittenDifferently(t *testing.T) {
	base, a := startServer(t)
	ctx := context.Background()
	ash, bo := cast(t, a)
	mia := account(t, a, "mia@example.org", "violet canyon song", "Mia", model.RoleMember)
	eli := account(t, a, "eli@example.org", "silver pine morning", "Eli", model.RoleMember)
	start := a.Now().AddDate(-3, 0, 0).Format("2006-01-02")
	for _, m := range []struct {
		u     *model.User
		langs []string
	}{{mia, []string{"English", "Spanish"}}, {ash, []string{"español", "inglés"}}} {
		as := app.WithActor(ctx, &app.Actor{User: m.u})
		withMFA(t, a, m.u)
		if _, err := a.UpdateMe(as, func(p *model.Profile) {
			p.RecoveryStart, p.Languages, p.Pathways, p.TimeZone = start, m.langs, []string{"12-step"}, "Australia/Adelaide"
		}); err != nil {
			t.Fatal(err)
		}
		if _, err := a.SaveMentorshipSettings(as, app.MentorshipSettings{Mentor: true, Capacity: 2}); err != nil {
			t.Fatal(err)
		}
	}
	asEli := app.WithActor(ctx, &app.Actor{User: eli})
	if _, err := a.UpdateMe(asEli, func(p *model.Profile) { p.Languages, p.TimeZone = []string{"español"}, "America/Mexico_City" }); err != nil {
		t.Fatal(err)
	}
	if err := a.SetLanguage(asEli, "es"); err != nil {
		t.Fatal(err)
	}
	if _, err := a.SaveMentorshipSettings(asEli, app.MentorshipSettings{Require: match.Require{Language: true}}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.UpdateMe(app.WithActor(ctx, &app.Actor{User: bo}), func(p *model.Profile) { p.Languages, p.TimeZone = []string{"Spanish"}, "Asia/Kolkata" }); err != nil {
		t.Fatal(err)
	}
	st := steps{t}
	type css = chromedp.CSS
	for _, c := range []struct{ email, pw, mentor, reason, shot string }{
		{"eli@example.org", "silver pine morning", "Mia", "habla español", "mentor-language-es.png"},
		{"bo@example.org", "cobalt river stone", "Ash", "speaks Spanish", "mentor-language-en.png"},
	} {
		tab := signedInPhone(t, base, c.email, c.pw)
		st.do(tab, c.email+" looks for a mentor", chromedp.Navigate(base+"/mentorship"), chromedp.WaitVisible(css(`#find`)))
		cards := eval[[]string](t, tab, "the suggestions", `Array.from(document.querySelectorAll('#find ~ ul.cards > li')).map(li => li.innerText)`)
		var card string
		for _, s := range cards {
			if strings.HasPrefix(s, c.mentor) {
				card = s
			}
		}
		if !strings.Contains(card, c.reason) {
			t.Errorf("%s: %s's suggestion should give %q as a reason; the suggestions read %q", c.email, c.mentor, c.reason, cards)
		}
		shotHere(t, tab, "#find", c.shot)
	}
}
