package web_test

import (
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// TestBrowserNoOneTakesAnErasedAccountsName: "a former member" and "un
// exmiembro" are what pages show for an erased account, and anyone could
// take them as a display name and read as a ghost. Luz, signing up in
// Spanish as "Un ex-miembro", and Ash, renaming himself "A Former
// Member." on his profile in English, are each asked for another name in
// their language beside the field, and nothing is saved.
func TestBrowserNoOneTakesAnErasedAccountsName(t *testing.T) {
	exe := chromium(t)
	base, a, _ := startServerMail(t)
	ash, _ := cast(t, a)
	type css = chromedp.CSS
	st := steps{t}

	ctx, done := phone(t, exe)
	defer done()
	ua := eval[string](t, ctx, "user agent", `navigator.userAgent`)
	if _, err := chromedp.Call(ctx, emulation.SetUserAgentOverride, emulation.SetUserAgentOverrideParams{UserAgent: ua, AcceptLanguage: "es-MX,es"}); err != nil {
		t.Fatal(err)
	}
	st.do(ctx, "sign-up form", chromedp.Navigate(base+"/signup"), chromedp.WaitVisible(css(`#f-email`)), chromedp.WaitVisible(css(`html[lang="es"]`)))
	st.do(ctx, "join as un ex-miembro", chromedp.SendKeys(css(`#f-email`), "luz@example.org"), chromedp.SendKeys(css(`#f-display_name`), "Un ex-miembro"),
		chromedp.SendKeys(css(`#f-password`), "willow creek morning"), chromedp.Click(css(`main form button[type=submit]`)), chromedp.WaitVisible(css(`#e-display_name`)))
	if got := st.text(ctx, `#e-display_name`); got != "Elige otro nombre visible: Kinship usa este para las cuentas que se han borrado" {
		t.Errorf("Luz reads beside the name: %q", got)
	}
	shot(t, ctx, "es-signup-name-reserved.png")
	if _, err := a.Store().FindUserByEmail(t.Context(), "luz@example.org"); err == nil {
		t.Error("Luz's refused sign-up made an account")
	}
	done()

	tab := signedInPhone(t, base, "ash@example.org", "amber meadow trail")
	st.do(tab, "profile", chromedp.Navigate(base+"/profile"), chromedp.WaitVisible(css(`#f-display_name`)))
	st.do(tab, "rename to A Former Member.", chromedp.SetValue(css(`#f-display_name`), "A Former Member."),
		chromedp.Click(css(`form.profile button[type=submit]`)), chromedp.WaitVisible(css(`#e-display_name`)))
	if got := st.text(tab, `#e-display_name`); got != "Choose another display name: Kinship uses this one for accounts that have been erased" {
		t.Errorf("Ash reads beside his name: %q", got)
	}
	shot(t, tab, "profile-name-reserved.png")
	if p, err := a.LoadProfile(t.Context(), ash.ID); err != nil || p.DisplayName != "Ash" {
		t.Errorf("Ash's name after the refused rename: %q (%v)", p.DisplayName, err)
	}
}
