package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kinshiprecovery/kinship/internal/model"
)

// TestBrowserHeadsUpSaysTheLinesShown walks walk15's W15-6: Fay (in
// Australia) was told "Arjun may be going through a crisis … a kind,
// private word can help", and the only numbers on her page were her own
// country's, which do not reach Arjun in India; he had been shown India's
// under his message, and nothing told her. Her heads-up and the message's
// page now say "Kinship has shown Arjun the crisis lines for where he
// lives." (en, es), never naming his country. Of Lena, whose profile has
// no country (she was shown no lines of her own), nothing of the kind is
// said; a member of the group reads none of it.
func TestBrowserHeadsUpSaysTheLinesShown(t *testing.T) {
	base, a := startServer(t)
	account(t, a, "admin@example.org", "steady harbor lantern", "Admin", model.RoleSiteAdmin)
	g, asFay, secret := faysGroupMFA(t, a, "Evening circle", "A peer support group that meets in the evening.")
	if _, err := a.UpdateMe(asFay, func(p *model.Profile) { p.Country = "Australia"; p.TimeZone = "Australia/Adelaide" }); err != nil {
		t.Fatal(err)
	}
	arjun := account(t, a, "arjun@example.org", "amber meadow trail", "Arjun", model.RoleMember)
	lena := account(t, a, "lena@example.org", "maple creek window", "Lena", model.RoleMember)
	bo := account(t, a, "bo@example.org", "cobalt river stone", "Bo", model.RoleMember)
	if _, err := a.UpdateMe(asUser(arjun), func(p *model.Profile) { p.Country = "India"; p.TimeZone = "Asia/Kolkata"; p.Pronouns = "he/him" }); err != nil {
		t.Fatal(err)
	}
	joinedAll(t, a, g.ID, asUser(arjun), asUser(lena), asUser(bo))
	his := said(t, a, asUser(arjun), g.ID, "a1", "I have been thinking about ending my life.")
	hers := said(t, a, asUser(lena), g.ID, "l1", "I don't want to be alive anymore, I have been saving up my pills.")

	st := steps{t}
	type css = chromedp.CSS
	fay := signedInPhone(t, base, "fay@example.org", "quiet harbor willow")
	st.mfaStep(fay, secret)
	for _, c := range []struct{ lang, shown, arjunsNote, lenasNote string }{
		{"en", "Kinship has shown Arjun the crisis lines for where he lives.", "Arjun may be going through a crisis", "Lena may be going through a crisis"},
		{"es", "Kinship le mostró a Arjun las líneas de crisis de donde vive.", "Arjun podría estar pasando por una crisis", "Lena podría estar pasando por una crisis"},
	} {
		if c.lang == "es" {
			st.spanish(fay, base)
		}
		st.do(fay, c.lang+" notifications", chromedp.Navigate(base+"/notifications"), chromedp.WaitVisible(css(`ul.notifications`)))
		notes := eval[[]string](t, fay, "the heads-ups", `[...document.querySelectorAll("ul.notifications li p")].map(p => p.innerText)`)
		var arjuns, lenas string
		for _, n := range notes {
			switch {
			case strings.HasPrefix(n, c.arjunsNote):
				arjuns = n
			case strings.HasPrefix(n, c.lenasNote):
				lenas = n
			}
		}
		if !strings.Contains(arjuns, c.shown) || strings.Contains(arjuns, "India") {
			t.Errorf("%s: Fay's heads-up about Arjun reads %q, want it to say %q and not name his country", c.lang, arjuns, c.shown)
		}
		if lenas == "" || strings.Contains(lenas, "Kinship") {
			t.Errorf("%s: Fay's heads-up about Lena (no country) reads %q, want no word of lines shown", c.lang, lenas)
		}
		shot(t, fay, "heads-up-lines-notifications-"+c.lang+".png")
		st.do(fay, c.lang+" Arjun's message's page", chromedp.Navigate(base+"/messages/"+his+"/action"), chromedp.WaitVisible(css(`#write`)))
		if got := strings.Join(strings.Fields(st.text(fay, `#lines-shown`)), " "); got != c.shown {
			t.Errorf("%s: Arjun's message's page tells Fay %q, want %q", c.lang, got, c.shown)
		}
		if page := st.text(fay, `main`); strings.Contains(page, "India") {
			t.Errorf("%s: Arjun's message's page names his country:\n%s", c.lang, page)
		}
		shot(t, fay, "heads-up-lines-page-"+c.lang+".png")
		st.do(fay, c.lang+" Lena's message's page", chromedp.Navigate(base+"/messages/"+hers+"/action"), chromedp.WaitVisible(css(`#write`)))
		if n := eval[int](t, fay, "lines said of Lena", `document.querySelectorAll('#lines-shown').length`); n != 0 {
			t.Errorf("%s: Lena's message's page says lines were shown to her", c.lang)
		}
	}
	boTab := signedInPhone(t, base, "bo@example.org", "cobalt river stone")
	st.do(boTab, "Bo's page of Arjun's message", chromedp.Navigate(base+"/messages/"+his+"/action"), chromedp.WaitVisible(css(`#report`)))
	if n := eval[int](t, boTab, "lines said to a member", `document.querySelectorAll('#lines-shown').length`); n != 0 {
		t.Errorf("Bo, a member, is told what Arjun was shown")
	}
}
