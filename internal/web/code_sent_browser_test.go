package web_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/kinshiprecovery/kinship/internal/app"
)

// walk7: Ava made a code and gave "Send it to this email"; the page said
// only "write it down or read it to your client now", and the address she
// typed was gone from the form: whether the email went out, and where,
// she could not tell. The notice now says it is on its way, to which
// address, in Spanish for Rosa and English for Ava; the email is sent.
func TestBrowserCodeSaysWhereItWasEmailed(t *testing.T) {
	base, a, term := startServerOpts(t, app.Options{})
	org, _, rosaSecret, avaSecret := harborHouseInSpanish(t, a, "ava@example.org", "amber meadow trail", "Ava", "admin")
	st := steps{t}
	avaTab := signedInPhone(t, base, "ava@example.org", "amber meadow trail")
	st.mfaStep(avaTab, avaSecret)
	for _, c := range []struct{ who, to, want, shot string }{
		{"Rosa", "nuevo@example.org", "También va en camino por correo electrónico a nuevo@example.org.", "code-sent-es.png"},
		{"Ava", "newcomer@example.org", "It is on its way by email to newcomer@example.org too.", "code-sent-en.png"},
	} {
		tab := avaTab
		if c.who == "Rosa" {
			tab = rosaOnPhone(t, base, rosaSecret)
		}
		st.do(tab, c.who+" makes a code for "+c.to, chromedp.Navigate(base+"/organizations/"+org.ID), chromedp.WaitVisible(css(`#f-invite-email`)),
			chromedp.SendKeys(css(`#f-invite-email`), c.to), submitAndWait(`form:has(input[value=invite]) button`))
		// A code without a cohort says so plainly (walk7: "cohort none", "cohorte ninguna").
		if got := strings.Join(strings.Fields(st.text(tab, `.invite-code`)), " "); !strings.HasSuffix(got, c.want) ||
			!strings.Contains(got, map[string]string{"Rosa": "(sin cohorte, hasta ", "Ava": "(no cohort, until "}[c.who]) {
			t.Errorf("%s reads %q, want it to end %q", c.who, got, c.want)
		}
		shot(t, tab, c.shot)
	}
	// Each email went out (printed, as a server without SMTP does).
	term.link(t, "/invitation")
	for end := time.Now().Add(10 * time.Second); !strings.Contains(term.String(), "newcomer@example.org") && time.Now().Before(end); {
		time.Sleep(50 * time.Millisecond)
	}
	for _, to := range []string{"nuevo@example.org", "newcomer@example.org"} {
		if !strings.Contains(term.String(), to) {
			t.Errorf("no invitation email was sent to %s", to)
		}
	}
	// A code made without an address says nothing of email.
	st.do(avaTab, "a code by hand", chromedp.Navigate(base+"/organizations/"+org.ID), chromedp.WaitVisible(css(`#f-invite-email`)),
		submitAndWait(`form:has(input[value=invite]) button`))
	if got := st.text(avaTab, `.invite-code`); strings.Contains(got, "email") {
		t.Errorf("a code made without an address reads %q", got)
	}
}
