package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/model"
)

// TestBrowserMemberZoneFollowsWhereYouAre: Jo's profile form asks his time
// zone under "Where you are", whose one "Who can see this" says "My
// connections". Lucía, not his connection, read "Time zone: Central Time
// (Chicago)" on his page all the same. On a phone, in English and Spanish,
// she reads it only when Jo lets every member see where he is.
func TestBrowserMemberZoneFollowsWhereYouAre(t *testing.T) {
	base, a := startServer(t)
	account(t, a, "admin@example.org", "steady harbor lantern", "Admin", model.RoleSiteAdmin)
	jo := account(t, a, "jo@example.org", "willow creek morning", "Jo", model.RoleMember)
	account(t, a, "lucia@example.org", "girasol lluvia tarde", "Lucía", model.RoleMember)
	asJo := app.WithActor(context.Background(), &app.Actor{User: jo})
	where := func(v model.Visibility) {
		t.Helper()
		if _, err := a.UpdateMe(asJo, func(p *model.Profile) {
			p.TimeZone, p.Bio, p.Visibility["location"], p.Visibility["bio"] = "America/Chicago", "Dad of two.", v, model.VisMembers
		}); err != nil {
			t.Fatal(err)
		}
	}
	ctx := signedInPhone(t, base, "lucia@example.org", "girasol lluvia tarde")
	st := steps{t}
	for _, c := range []struct{ lang, label, zone string }{
		{"en", "Time zone", "Central Time (Chicago)"},
		{"es", "Zona horaria", "Hora central (Chicago)"},
	} {
		if c.lang == "es" {
			st.do(ctx, "Spanish", chromedp.Navigate(base+"/profile"), chromedp.SetValue(css(`#f-kinship-lang`), "es"),
				chromedp.Click(css(`form[action="/language"] button`)), chromedp.WaitVisible(css(`html[lang="es"]`)))
		}
		where(model.VisConnections)
		st.do(ctx, c.lang+" Jo's page", chromedp.Navigate(base+"/members/"+jo.ID), chromedp.WaitVisible(css(`main h1`)))
		if page := st.text(ctx, `main`); !strings.Contains(page, "Dad of two.") || strings.Contains(page, c.label) || strings.Contains(page, "Chicago") {
			t.Errorf("%s: Jo keeps where he is to his connections; Lucía reads:\n%s", c.lang, page)
		}
		shot(t, ctx, "member-zone-hidden-"+c.lang+".png")
		where(model.VisMembers)
		st.do(ctx, c.lang+" Jo's page, shown", chromedp.Navigate(base+"/members/"+jo.ID), chromedp.WaitVisible(css(`main h1`)))
		if page := st.text(ctx, `main`); !strings.Contains(page, c.label+"\n"+c.zone) {
			t.Errorf("%s: Jo shows where he is to every member; Lucía reads:\n%s\nwant %q", c.lang, page, c.label+"\n"+c.zone)
		}
	}
}
