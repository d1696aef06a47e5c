package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kinshiprecovery/kinship/internal/model"
)

// TestBrowserAdminUnknownEmailSaysWhatToDo: a site admin on a phone gives
// an email nobody signed up with as an organization's first admin, then as
// its staff. The field's note and the error summary's link read "Unknown",
// in Spanish too; they say no account has this email, in the admin's
// language, beside the sentence that says to ask the person to sign up. The
// staff email typed moved to the invitation's field; it stays in its own.
func TestBrowserAdminUnknownEmailSaysWhatToDo(t *testing.T) {
	base, a := startServer(t)
	secret := withMFA(t, a, account(t, a, "admin@example.org", "steady harbor lantern", "Admin", model.RoleSiteAdmin))
	ctx := signedInPhone(t, base, "admin@example.org", "steady harbor lantern")
	st := steps{t}
	st.mfaStep(ctx, secret)
	for _, c := range []struct {
		lang, org, field, summary string
	}{
		{"en", "Harbor House", "No account has this email", "No account has that email; ask the person to sign up first"},
		{"es", "Casa Puerto", "Ninguna cuenta tiene este correo electrónico", "Ninguna cuenta tiene ese correo electrónico; pídele a la persona que se registre primero"},
	} {
		if c.lang == "es" {
			st.do(ctx, "Spanish", chromedp.Navigate(base+"/profile"), chromedp.SetValue(css(`#f-kinship-lang`), "es"),
				chromedp.Click(css(`form[action="/language"] button`)), chromedp.WaitVisible(css(`html[lang="es"]`)))
		}
		st.do(ctx, c.lang+" unknown first admin", chromedp.Navigate(base+"/admin"),
			chromedp.SendKeys(css(`form[action="/admin/organizations"] #f-name`), c.org), chromedp.SendKeys(css(`#f-admin_email`), "nobody@example.org"),
			chromedp.Click(css(`form[action="/admin/organizations"] button`)), chromedp.WaitVisible(css(`#e-admin_email`)))
		if got := st.text(ctx, `#e-admin_email`); got != c.field {
			t.Errorf("%s: the email's note reads %q, want %q", c.lang, got, c.field)
		}
		if sum := st.text(ctx, `#error-summary`); !strings.Contains(sum, c.summary) || !strings.Contains(sum, c.field) || strings.Contains(sum, "Unknown") {
			t.Errorf("%s: the error summary reads %q: want %q and %q", c.lang, sum, c.summary, c.field)
		}
		shot(t, ctx, "admin-unknown-first-admin-"+c.lang+".png")

		// Made with no first admin's email, the admin is its admin and adds staff.
		st.do(ctx, c.lang+" organization", chromedp.Evaluate[chromedp.Void](`document.querySelector("#f-admin_email").value = ""`), chromedp.Click(css(`form[action="/admin/organizations"] button`)),
			chromedp.WaitVisible(css(`.notice`)))
		st.do(ctx, c.lang+" unknown staff", chromedp.SendKeys(css(`#f-email`), "nobody@example.org"),
			chromedp.Click(css(`form:has(#f-email) button`)), chromedp.WaitVisible(css(`#error-summary`)))
		if sum := st.text(ctx, `#error-summary`); !strings.Contains(sum, c.field) || strings.Contains(sum, "Unknown") {
			t.Errorf("%s: adding unknown staff, the error summary reads %q, want %q", c.lang, sum, c.field)
		}
		// The email stays where it was typed, with its note; it moved to the
		// invitation's "Send it to this email", ready to be sent a code.
		if got := st.text(ctx, `#e-email`); got != c.field {
			t.Errorf("%s: the staff email's note reads %q, want %q", c.lang, got, c.field)
		}
		staff := eval[string](t, ctx, "staff email", `document.querySelector("#f-email").value`)
		invite := eval[string](t, ctx, "invitation email", `document.querySelector("#f-invite-email").value`)
		if staff != "nobody@example.org" || invite != "" {
			t.Errorf("%s: after the staff form, the staff email holds %q and the invitation's %q", c.lang, staff, invite)
		}
		shot(t, ctx, "org-unknown-staff-"+c.lang+".png")
	}
}
