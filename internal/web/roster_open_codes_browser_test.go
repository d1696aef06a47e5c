package web_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/i18n"
	"github.com/kinshiprecovery/kinship/internal/model"
)

// TestBrowserRosterSentTwiceSaysOpenCodes walks walk15's W15-8 on a
// phone: Lucía sent her roster twice and read four codes "todavía sin
// usar" that could not be told apart, and everyone on it got a second
// code by email without a word to her. Each code sent from a list now
// names its address on the program's page ("sent to jorge@example.org",
// "enviado a …", the Revoke button too), and an address that has an open
// code is sent nothing but said: "jorge@example.org already has an open
// code, sent …; revoke it to send a new one." Once revoked, it is sent
// again. A code sent to no address reads as before.
func TestBrowserRosterSentTwiceSaysOpenCodes(t *testing.T) {
	type css = chromedp.CSS
	base, a := startServer(t)
	org, rosa, secret := harborHouseAlone(t, a)
	asRosa := asUser(rosa)
	if _, err := a.UpdateMe(asRosa, func(p *model.Profile) { p.TimeZone = "America/Bogota" }); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Invite(asRosa, org.ID, app.InviteInput{Cohort: "Walk-in"}); err != nil {
		t.Fatal(err)
	}
	st := steps{t}
	tab := rosaOnPhone(t, base, secret)
	page := "/organizations/" + org.ID
	send := func(step, text string) string {
		t.Helper()
		// The answer is the next page's notice, not one the page had
		// before the click (a page marked before it is not the answer).
		st.do(tab, step, chromedp.Navigate(base+page), chromedp.WaitVisible(css(`#f-roster`)), chromedp.SendKeys(css(`#f-cohort`), "Primavera 2027"),
			chromedp.SetValue(css(`#f-roster`), text), chromedp.Evaluate[chromedp.Void](`window.beforeTheAnswer = true`), chromedp.Click(css(`.roster + button`)))
		st.until(tab, step+": the answer", `document.readyState === 'complete' && !window.beforeTheAnswer && !!document.querySelector('p.notice')`)
		return strings.Join(strings.Fields(st.text(tab, `p.notice`)), " ")
	}
	openCode := func(email string) (id, day string, found bool) {
		rows, err := a.ListInvitations(asRosa, org.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			if r.Email == email && r.Open {
				bogota, _ := time.LoadLocation("America/Bogota")
				return r.ID, i18n.For("en").Day(r.CreatedAt.In(bogota)), true
			}
		}
		return "", "", false
	}

	if n := send("the roster", "jorge@example.org\nmaria@example.org\n"); n != "Made 2 codes, one for each address, and sent each by email." {
		t.Errorf("after the roster the page reads %q", n)
	}
	_, day, _ := openCode("jorge@example.org")
	n := send("the roster again", "jorge@example.org\nMARIA@example.org\nsofia@example.org\n")
	want := "Made 1 code and sent it by email to sofia@example.org. jorge@example.org already has an open code, sent " + day +
		"; revoke it to send a new one. MARIA@example.org already has an open code, sent " + day + "; revoke it to send a new one."
	if n != want {
		t.Errorf("after the roster sent again the page reads\n%q\nwant\n%q", n, want)
	}
	if rows, _ := a.ListInvitations(asRosa, org.ID); len(rows) != 4 {
		t.Errorf("the roster sent again made %d codes in all, want 4 (one walk-in, jorge, maria, sofia)", len(rows))
	}
	codes := strings.Join(strings.Fields(st.text(tab, `#codes`)), " ")
	for _, w := range []string{", sent to jorge@example.org: not used yet", ", sent to maria@example.org: not used yet", ", sent to sofia@example.org: not used yet"} {
		if !strings.Contains(codes, w) {
			t.Errorf("the codes read %q, want %q", codes, w)
		}
	}
	if !strings.Contains(codes, "Cohort Walk-in, made") || strings.Contains(codes, "Walk-in, made "+day+", sent") {
		t.Errorf("the code sent to no address reads %q", codes)
	}
	names := eval[[]string](t, tab, "the Revoke buttons' names", `[...document.querySelectorAll('#codes button')].map(b => b.textContent)`)
	if !strings.Contains(strings.Join(names, " | "), "Revoke the code sent to jorge@example.org") {
		t.Errorf("the Revoke buttons are named %q", names)
	}
	shot(t, tab, "org-roster-open-codes-en.png")

	// In Spanish: sent a third time, nothing is sent; revoked, Jorge's is.
	st.spanish(tab, base)
	if n := send("la lista otra vez", "jorge@example.org"); !strings.HasPrefix(n, "No se envió ningún código. jorge@example.org ya tiene un código abierto, enviado el ") ||
		!strings.HasSuffix(n, "; revócalo para enviar uno nuevo.") {
		t.Errorf("the roster sent a third time reads %q", n)
	}
	if codes := st.text(tab, `#codes`); !strings.Contains(codes, "enviado a jorge@example.org: todavía sin usar") {
		t.Errorf("the Spanish codes read %q", codes)
	}
	shot(t, tab, "org-roster-open-codes-es.png")
	id, _, _ := openCode("jorge@example.org")
	// The page already shows the last sending's notice: wait for the
	// revoke's own answer before sending again.
	st.do(tab, "revoke Jorge's", chromedp.Evaluate[chromedp.Void](`window.beforeTheAnswer = true`), chromedp.Click(css(`#codes input[value="`+id+`"] ~ button`)))
	st.until(tab, "the revoke's answer", `document.readyState === 'complete' && !window.beforeTheAnswer && !!document.querySelector('p.notice')`)
	if n := send("Jorge again", "jorge@example.org"); n != "Se creó 1 código y se envió por correo a su dirección." {
		t.Errorf("once revoked, Jorge's code sent reads %q", n)
	}
	if _, _, ok := openCode("jorge@example.org"); !ok {
		t.Errorf("Jorge has no open code after it was sent again")
	}
}
