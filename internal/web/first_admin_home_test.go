package web_test

import (
	"github.com/chromedp/chromedp"
	"strings"
	"testing"
)

// The first account of a new Kinship, once confirmed, reads on its home
// that it is the site admin, that Administration is under More, and that
// two-factor login comes first, in its language; a member's home says
// none of it (walk11 W11-8).
func TestFirstAccountIsToldItIsTheSiteAdmin(t *testing.T) {
	base, _, admin := serverWithAdmin(t)
	ana := admin.next("ana@example.org", "Ana", "America/Chicago")
	_, home := admin.get("/")
	for _, s := range []string{"You are this Kinship's site admin: you look after its people, roles, organizations and crisis lines, under More, in Administration.",
		"Set up two-factor login first: the admin pages need it", "Set up two-factor login"} {
		if !strings.Contains(home, s) {
			t.Errorf("the first account's home lacks %q: %.1500s", s, home)
		}
	}
	if _, home := ana.get("/"); strings.Contains(home, "site admin") {
		t.Errorf("a member reads she is the site admin: %.1500s", home)
	}
	admin.speak("es")
	_, home = admin.get("/")
	for _, s := range []string{"Administras este Kinship: cuidas de sus personas, roles, organizaciones y líneas de crisis, en Más, bajo Administración.",
		"Primero configura el inicio de sesión en dos pasos", "Configurar el inicio de sesión en dos pasos"} {
		if !strings.Contains(home, s) {
			t.Errorf("es: the first account's home lacks %q: %.1500s", s, home)
		}
	}

	// On a phone, in Spanish; the link leads to the security page.
	st := steps{t}
	ctx := signedInPhone(t, base, "admin@example.org", "willow creek morning")
	st.do(ctx, "home", chromedp.Navigate(base+"/"), chromedp.WaitVisible(chromedp.CSS(`#home-site-admin`)))
	shotHere(t, ctx, "body", "first-admin-home-es.png")
	if a, err := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.CSS(`#home-site-admin a`), "href")); err != nil || a.Value != "/settings/security" {
		t.Errorf("the link leads to %v (%v)", a, err)
	}
}
