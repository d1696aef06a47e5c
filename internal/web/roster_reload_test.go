package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/pquerna/otp/totp"

	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// TestARosterPartlySentIsNotSentAgainOnReload: Rosa sends a list of which
// one row is no address. The page that says what was sent, with the box
// holding the refused row, comes after a redirect, so reloading it (as a
// person does on a phone, or a browser restoring its tab) sends nothing
// again: before, the page was the answer to the list's POST, and a reload
// made a new code for every address and emailed each again. The page is
// read in Spanish too.
func TestARosterPartlySentIsNotSentAgainOnReload(t *testing.T) {
	base, a := startServer(t)
	org, rosa, secret := harborHouseAlone(t, a)
	for _, lang := range []string{"en", "es"} {
		p := signedInPerson(t, base, "rosa@example.org", "quiet willow harbor")
		code, _ := totp.GenerateCode(secret, testutil.Now(t))
		if status, text, _ := p.post("/login/mfa", url.Values{"code": {code}}); status != http.StatusOK {
			t.Fatalf("Rosa's two-factor code: %d %s", status, text)
		}
		if lang == "es" {
			if status, text, _ := p.speak("es"); status != http.StatusOK {
				t.Fatalf("Rosa reads Spanish: %d %s", status, text)
			}
		}
		before, _ := a.ListInvitations(asUser(rosa), org.ID)
		page := "/organizations/" + org.ID
		good := lang + "-one@example.org"
		status, text, at := p.post(page+"/action", url.Values{"action": {"invite"}, "joins_as": {"client"}, "cohort": {"Winter"},
			"roster": {good + "\nnot an address@\n"}})
		if status != http.StatusOK || at != page {
			t.Fatalf("the list's answer is %d at %s, want the program's page after a redirect:\n%s", status, at, text)
		}
		want := map[string][]string{
			"en": {"Made 1 code and sent it by email to " + good + ".", "1 line was not sent, and is left in the box: fix it, then send it again.",
				"line 1: 'not an address@' is"},
			"es": {"Se creó 1 código y se envió por correo a " + good + ".", "1 línea no se envió y quedó en el cuadro: corrígela y vuelve a enviarla.",
				"línea 1: 'not an address@'"},
		}[lang]
		for _, w := range want {
			if !strings.Contains(text, w) {
				t.Errorf("%s: after the list the page does not read %q:\n%s", lang, w, text)
			}
		}
		_, raw, _ := p.do("GET", page, nil)
		if strings.Contains(raw, "Made 1 code") || strings.Contains(raw, "Se creó 1 código") || strings.Contains(raw, "not an address@") {
			t.Errorf("%s: the page read again still says what was sent and holds the refused row", lang)
		}
		after, _ := a.ListInvitations(asUser(rosa), org.ID)
		if len(after) != len(before)+1 {
			t.Errorf("%s: a list with one good row and a page read twice made %d codes", lang, len(after)-len(before))
		}
	}
}
