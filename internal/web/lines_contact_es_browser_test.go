package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kinshiprecovery/kinship/internal/model"
)

// TestBrowserLinesContactsInSpanish: a site admin reading Spanish reads the
// lines Kinship came with as members reading Spanish do, and their
// contacts had English words in it ("Call 116 123", "Text HOME to
// 741741", "112 or 999"): each now reads in Spanish, the stored English
// under it.
func TestBrowserLinesContactsInSpanish(t *testing.T) {
	base, a := startServer(t)
	secret := withMFA(t, a, account(t, a, "admin@example.org", "steady harbor lantern", "Admin", model.RoleSiteAdmin))
	st := steps{t}
	tab := signedInPhone(t, base, "admin@example.org", "steady harbor lantern")
	st.mfaStep(tab, secret)
	st.spanish(tab, base)
	st.do(tab, "las líneas", chromedp.Navigate(base+"/admin/crisis-resources"), chromedp.WaitVisible(chromedp.CSS(`main table`)))
	page := strings.Join(strings.Fields(st.text(tab, `main`)), " ")
	for _, w := range []string{"Envía HOME al 741741 Guardado: Text HOME to 741741", "Llama al 116 123 Guardado: Call 116 123",
		"Envía SHOUT al 85258", "112 o 999 Guardado: 112 or 999", "Llama al 13 11 14 o envía un mensaje al 0477 13 11 14",
		"Llama o envía un mensaje al 1737", "Llama o envía un mensaje al 988"} {
		if !strings.Contains(page, w) {
			t.Errorf("the lines read in Spanish lack %q:\n%s", w, page)
		}
	}
	shot(t, tab, "admin-lines-contacts-es.png")
}
