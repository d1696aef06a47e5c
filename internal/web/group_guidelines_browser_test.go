package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kinshiprecovery/kinship/internal/model"
)

// TestBrowserFacilitatorWritesTheGuidelines (walk5 W5-8): a facilitator
// could write a group's guidelines only through the API. On a phone, Fay
// adds her group's guidelines on its page, is told they are saved and
// reads them there; guidelines over 5,000 characters are refused at the
// field, her words kept and nothing saved; in Spanish she edits them.
func TestBrowserFacilitatorWritesTheGuidelines(t *testing.T) {
	type css = chromedp.CSS
	base, a := startServer(t)
	account(t, a, "admin@example.org", "steady harbor lantern", "Admin", model.RoleSiteAdmin)
	g, asFay, secret := faysGroupMFA(t, a, "Parents in recovery", "A circle for parents.")
	tab := signedInPhone(t, base, "fay@example.org", "quiet harbor willow")
	st := steps{t}
	st.mfaStep(tab, secret)
	guidelines := func() string {
		t.Helper()
		v, err := a.GetGroup(asFay, g.ID)
		if err != nil {
			t.Fatal(err)
		}
		return v.Guidelines
	}
	save := func(step, words string) {
		t.Helper()
		st.do(tab, step, chromedp.Navigate(base+"/groups/"+g.ID), chromedp.WaitVisible(css(`main h1`)),
			chromedp.Click(css(`#edit-guidelines summary`)), chromedp.WaitVisible(css(`#f-guidelines`)),
			chromedp.SetValue(css(`#f-guidelines`), words), chromedp.Click(css(`#edit-guidelines button`)))
	}

	first := "What is shared here stays here.\nSpeak from your own experience."
	if got := st.text(tab, `main`); strings.Contains(got, "Edit the guidelines") {
		t.Fatalf("a group without guidelines offers to edit them:\n%s", got)
	}
	save("add the guidelines", first)
	st.until(tab, "the notice", `!!document.querySelector('main .notice')`)
	if n := st.text(tab, `main .notice`); n != "The guidelines are saved." {
		t.Errorf("after saving: %q", n)
	}
	if got := st.text(tab, `.guidelines`); got != first {
		t.Errorf("the page's guidelines read %q", got)
	}
	if got := guidelines(); got != first {
		t.Errorf("saved: %q", got)
	}
	shot(t, tab, "group-guidelines-en-saved.png")

	save("too long", strings.Repeat("Be kind. ", 600))
	st.until(tab, "the error", `!!document.querySelector('#error-summary')`)
	if e := st.text(tab, `#edit-guidelines .field-error`); e != "Keep the guidelines to 5,000 characters" {
		t.Errorf("too long: the field reads %q", e)
	}
	if v := eval[string](t, tab, "kept", `document.querySelector('#f-guidelines').value`); !strings.HasPrefix(v, "Be kind. Be kind.") {
		t.Errorf("too long: the field lost her words: %.40q", v)
	}
	if got := guidelines(); got != first {
		t.Errorf("too long, yet saved: %.40q", got)
	}
	shot(t, tab, "group-guidelines-en-too-long.png")

	st.spanish(tab, base)
	second := "Lo que se comparte aquí se queda aquí."
	st.do(tab, "es", chromedp.Navigate(base+"/groups/"+g.ID), chromedp.WaitVisible(css(`#edit-guidelines summary`)))
	if s := st.text(tab, `#edit-guidelines summary`); s != "Editar las normas" {
		t.Errorf("es: the disclosure reads %q", s)
	}
	save("es: edit", second)
	st.until(tab, "la nota", `!!document.querySelector('main .notice')`)
	if n := st.text(tab, `main .notice`); n != "Las normas se guardaron." {
		t.Errorf("es: after saving: %q", n)
	}
	if got := guidelines(); got != second {
		t.Errorf("es: saved %q", got)
	}
	shot(t, tab, "group-guidelines-es-saved.png")
}
