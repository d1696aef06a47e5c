package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kinshiprecovery/kinship/internal/model"
)

// TestBrowserStartingAGroupBeforeTwoFactorKeepsTheWords walks walk13's
// W13-9 in Spanish: Marisol filled the name, the purpose and the
// guidelines of a private group and pressed "Crear el grupo" before
// setting up two-factor login; the page that explained why left her
// words behind, and /groups showed an empty form. Now she reads on a phone
// that the group is not made yet, why, and that what she wrote is kept,
// with all of it in the form and the set-up link beside it opening in a
// new tab.
func TestBrowserStartingAGroupBeforeTwoFactorKeepsTheWords(t *testing.T) {
	base, a := startServer(t)
	cast(t, a)
	marisol := account(t, a, "marisol@example.org", "jacaranda en flor", "Marisol", model.RoleMember)
	livesIn(t, a, marisol, "MX", "America/Mexico_City", "es")
	tab := signedInPhone(t, base, "marisol@example.org", "jacaranda en flor")
	st := steps{t}
	const (
		name  = "Círculo de los miércoles"
		desc  = "Un espacio para hablar de lo que vivimos cada semana."
		guide = "Aquí nos hablamos con respeto; por favor, sin juzgar a nadie."
	)
	st.do(tab, "start a group", chromedp.Navigate(base+"/groups"), chromedp.SendKeys(css(`#f-name`), name),
		chromedp.SendKeys(css(`#f-description`), desc), chromedp.SendKeys(css(`#f-guidelines`), guide), chromedp.Click(css(`#v-private`)),
		chromedp.Click(css(`form[method=post][action="/groups"] button[type=submit]`)), chromedp.WaitVisible(css(`#error-summary`)))
	if got := st.text(tab, `#error-summary`); !strings.Contains(got, "Tu grupo aún no se ha creado: quienes facilitan usan el inicio de sesión en dos pasos. Lo que escribiste se conserva en el formulario de abajo.") {
		t.Errorf("Marisol reads %q", got)
	}
	form := eval[map[string]any](t, tab, "the form", `({name: document.querySelector('#f-name').value, desc: document.querySelector('#f-description').value,
		guide: document.querySelector('#f-guidelines').value, private: document.querySelector('#v-private').checked})`)
	gotName, gotDesc, gotGuide, private := form["name"], form["desc"], form["guide"], form["private"]
	if gotName != name || gotDesc != desc || gotGuide != guide || private != true {
		t.Errorf("after the refusal the form holds %q / %q / %q, private %v", gotName, gotDesc, gotGuide, private)
	}
	if s := st.text(tab, `#start-mfa a[target=_blank]`); s != "Configura primero el inicio de sesión en dos pasos (se abre en una pestaña nueva)" {
		t.Errorf("beside the form the link reads %q", s)
	}
	if groups, err := a.ListGroups(asUser(marisol), "", true); err != nil || len(groups) != 0 {
		t.Errorf("the refusal made %d groups (%v)", len(groups), err)
	}
	shot(t, tab, "group-start-before-mfa-es.png")
}
