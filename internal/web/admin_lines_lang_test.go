package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/pquerna/otp/totp"
)

// An admin reading Spanish sees the lines Kinship came with as members
// reading Spanish see them ("Emergencias", "El número de emergencias de
// tu país"), with the stored English under each; an admin reading
// English sees them as stored, with nothing doubled (walk11 W11-14).
func TestAdminReadsLinesAsMembersDo(t *testing.T) {
	base, a := startServer(t)
	for i, c := range []struct {
		lang      string
		want, not []string
	}{
		{"es-MX,es;q=0.9", []string{"Todos los demás países Emergencias Guardado: Emergency El número de emergencias de tu país Guardado: Your local emergency number",
			"Las líneas que trae Kinship se muestran como las leen los miembros en tu idioma", "Llama al 988 o envía AYUDA al 988 Guardado: Call or text 988"},
			[]string{"Todos los demás países Emergency"}},
		{"en", []string{"Everywhere else Emergency Your local emergency number"}, []string{"Stored:", "Lines Kinship came with are shown"}},
	} {
		// One account per language, so that neither reads in a language the other kept.
		email := fmt.Sprintf("admin%d@example.org", i)
		secret := withMFA(t, a, account(t, a, email, "steady harbor lantern", "Admin", model.RoleSiteAdmin))
		admin := newPerson(t, base)
		admin.lang = c.lang
		admin.post("/login", url.Values{"email": {email}, "password": {"steady harbor lantern"}})
		mfa, _ := totp.GenerateCode(secret, a.Now())
		if code, text, _ := admin.post("/login/mfa", url.Values{"code": {mfa}}); code != http.StatusOK {
			t.Fatalf("%s: sign in: %d %s", c.lang, code, text)
		}
		code, page := admin.get("/admin/crisis-resources")
		if code != http.StatusOK {
			t.Fatalf("%s: %d %s", c.lang, code, page)
		}
		for _, s := range c.want {
			if !strings.Contains(page, s) {
				t.Errorf("%s: lacks %q: %s", c.lang, s, page)
			}
		}
		for _, s := range c.not {
			if strings.Contains(page, s) {
				t.Errorf("%s: has %q", c.lang, s)
			}
		}
	}
}
