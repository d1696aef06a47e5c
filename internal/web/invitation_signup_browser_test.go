package web_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// walk12 W12-1: Priya, invited by her program in Kolkata, opened the
// email's link, pressed "Create an account", signed up and confirmed her
// email: its link signed her in on a home that said nothing of the
// invitation, and the code waited in her email with nowhere to type it
// (the Organizations page is under More). Now the confirmation brings her
// back to the invitation, signed in, where she types the code and joins;
// in English and, for Lucía invited in Spanish, in Spanish.
func TestBrowserInvitationSurvivesSignup(t *testing.T) {
	base, a, term := startServerMail(t)
	org, rosa, _ := harborHouseAlone(t, a)
	st := steps{t}
	for _, c := range []struct {
		lang, email, name                               string
		create, confirmed, joinTitle, codeLabel, joined string
	}{
		{"en", "priya@example.org", "Priya", "Create an account", "Thank you — your email address is confirmed, and you are signed in.",
			"Join with a code", "Invitation code from your program", "Welcome. Your program's groups are open to you now."},
		{"es", "lucia@example.org", "Lucía", "Crear una cuenta", "Gracias: tu correo electrónico está confirmado y ya iniciaste sesión.",
			"Unirte con un código", "Código de invitación de tu programa", "Te damos la bienvenida. Los grupos de tu programa ya están abiertos para ti."},
	} {
		before := len(term.String())
		inv, err := a.InviteToOrganization(asUser(rosa), org.ID, "December", 14, c.email, c.lang)
		if err != nil {
			t.Fatal(err)
		}
		mail := term.String()[before:]
		i := strings.Index(mail, "/invitation?lang="+c.lang)
		if i < 0 {
			t.Fatalf("no invitation link in:\n%s", mail)
		}
		link := strings.Fields(mail[strings.LastIndex(mail[:i], "http"):])[0]
		tab, done := phone(t, chromium(t))
		t.Cleanup(done)
		st.do(tab, c.name+" opens the invitation", chromedp.Navigate(link), chromedp.WaitVisible(css(`main a.button[href="/signup"]`)))
		if got := st.text(tab, `main a.button[href="/signup"]`); got != c.create {
			t.Fatalf("%s's invitation offers %q", c.name, got)
		}
		st.do(tab, c.name+" signs up", chromedp.Click(css(`main a.button[href="/signup"]`)), chromedp.WaitVisible(css(`#f-email`)),
			chromedp.SendKeys(css(`#f-email`), c.email), chromedp.SendKeys(css(`#f-display_name`), c.name),
			chromedp.SendKeys(css(`#f-password`), "monsoon lotus river"), chromedp.Click(css(`main form[action="/signup"] button[type=submit]`)),
			chromedp.WaitVisible(css(`.notice`)))
		st.do(tab, c.name+" opens the confirmation", chromedp.Navigate(linkAfter(t, term, before, "/verify-email?token=")), chromedp.WaitVisible(css(`main button[type=submit]`)),
			chromedp.Click(css(`main button[type=submit]`)), chromedp.WaitVisible(css(`#f-code`)))
		if got := st.text(tab, `.notice`); got != c.confirmed {
			t.Errorf("%s is told %q after confirming", c.name, got)
		}
		if got := st.text(tab, `main h2`); got != c.joinTitle {
			t.Errorf("%s reads %q above the code", c.name, got)
		}
		if got := st.text(tab, `label[for=f-code]`); got != c.codeLabel {
			t.Errorf("%s's code field is labelled %q", c.name, got)
		}
		shot(t, tab, "invitation-after-signup-"+c.lang+".png")
		st.do(tab, c.name+" joins", chromedp.SendKeys(css(`#f-code`), inv.Code), chromedp.Click(css(`form[action="/organizations/join"] button`)))
		st.until(tab, c.name+"'s organizations", `document.readyState === 'complete' && location.pathname === '/organizations' && !!document.querySelector('.notice')`)
		if got := st.text(tab, `.notice`); got != c.joined {
			t.Errorf("%s is told %q after joining", c.name, got)
		}
		if got := st.text(tab, `main`); !strings.Contains(got, "Harbor House") {
			t.Errorf("%s's organizations after joining:\n%s", c.name, got)
		}
		// The device forgets the invitation: signing out and confirming
		// nothing more leads home, as for anyone.
		st.do(tab, c.name+" goes home", chromedp.Navigate(base+"/"), chromedp.WaitVisible(css(`#home-recovery`)))
	}
}

// linkAfter is the first link with path printed after the first `from`
// bytes of the server's terminal.
func linkAfter(t *testing.T, term *terminal, from int, path string) string {
	t.Helper()
	for range 200 {
		out := term.String()[from:]
		if i := strings.Index(out, path); i >= 0 {
			return strings.Fields(out[strings.LastIndex(out[:i], "http"):])[0]
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("no link with %s was printed", path)
	return ""
}
