package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/model"
)

// walk12 W12-2: Priya's call for support at 23:40 in Kolkata went to her
// partner Dana and her mentor first; ten minutes on it went to those on
// duty too, and Dana, one of Priya's own people, read on it "Asked for
// support Mon 7 Dec, 09:10; their own people have not answered yet", as if
// of others. Now a partner or mentor reads that nobody has answered yet and
// that those on duty were alerted too (Bo in English, Cy in Spanish), and
// the moderator on duty still reads that her own people have not answered.
func TestBrowserOwnPeopleReadAnEscalatedCallAsTheirs(t *testing.T) {
	base, a := startServer(t)
	ash, bo, cy, _ := castAbroad(t, a, home{"US", "America/Chicago", "en"}, home{"US", "America/Anchorage", "en"},
		home{"US", "America/Chicago", "es"}, home{})
	mod := account(t, a, "mod@example.org", "quiet willow harbor", "Mod", model.RoleModerator)
	secret := withMFA(t, a, mod)
	partnered(t, a, ash, bo)
	partnered(t, a, ash, cy)
	al := escalatedCall(t, a, ash)
	st := steps{t}
	for _, c := range []struct {
		email, pw, mfa, want, not string
	}{
		{"bo@example.org", "cobalt river stone", "", "nobody has answered yet, so the peer supporters on duty were alerted too.", "own people"},
		{"cy@example.org", "granite orchard dusk", "", "nadie respondió todavía, así que también se avisó a las personas de turno.", "su círculo"},
		{"mod@example.org", "quiet willow harbor", secret, "their own people have not answered yet.", "nobody has answered"},
	} {
		tab := signedInPhone(t, base, c.email, c.pw)
		if c.mfa != "" {
			st.mfaStepAt(tab, c.mfa, a.Now())
		}
		st.do(tab, c.email+" opens Ash's call", chromedp.Navigate(base+"/support/respond"), chromedp.WaitVisible(css(`#alert-`+al.ID)))
		card := st.text(tab, `#alert-`+al.ID+` p`)
		if !strings.Contains(card, c.want) || strings.Contains(card, c.not) {
			t.Errorf("%s reads on Ash's call %q, want %q", c.email, card, c.want)
		}
		shotHere(t, tab, "#to-respond", "respond-own-"+strings.Split(c.email, "@")[0]+".png")
	}
}

// escalatedCall is u's call for support, gone on to those on duty as if
// nobody of u's own had answered in time.
func escalatedCall(t *testing.T, a *app.App, u *model.User) *app.AlertView {
	t.Helper()
	al, err := a.RequestSupport(asUser(u))
	if err != nil {
		t.Fatal(err)
	}
	if err := a.EscalateSupportAlert(context.Background(), al.ID); err != nil {
		t.Fatal(err)
	}
	return al
}
