package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// review8 L3 on a phone: in an archived group's chat (read-only, and the
// page says so) Ash's own message offered "Edit or delete" and every
// message its reactions. At 390x844, with the page script, her message now
// offers "Delete", which opens in place a Delete button (the focus on it)
// and nothing to edit; no message offers reactions; Bo's still offers
// "Report". In English and in Spanish.
func TestBrowserArchivedChatOffersOnlyDelete(t *testing.T) {
	type css = chromedp.CSS
	base, a := startServer(t)
	ash, bo := cast(t, a)
	g, asFay, _ := faysGroupMFA(t, a, "Evening circle", "Peers meeting weeknights")
	asAsh, asBo := asUser(ash), asUser(bo)
	joinedAll(t, a, g.ID, asAsh, asBo)
	bos := said(t, a, asBo, g.ID, "b1", "I made it through the weekend")
	ashs := said(t, a, asAsh, g.ID, "a1", "Proud of you, Bo")
	if err := a.ArchiveGroup(asFay, g.ID); err != nil {
		t.Fatal(err)
	}
	st := steps{t}
	tab := signedInPhone(t, base, "ash@example.org", "amber meadow trail")
	for _, c := range []struct{ lang, del, report, button, archived string }{
		{"en", "Delete this message", "Report this message", "Delete", "This group is archived. Its conversation stays here to read."},
		{"es", "Eliminar este mensaje", "Reportar este mensaje", "Eliminar", "Este grupo está archivado. Su conversación queda aquí para leerla."},
	} {
		if c.lang == "es" {
			st.spanish(tab, base)
		}
		st.do(tab, c.lang+" archived chat", chromedp.Navigate(base+"/groups/"+g.ID+"/chat"), chromedp.WaitVisible(css(`#m-`+ashs+` .acts a`)))
		said := func(sel string) string { // the words a screen reader says, the hidden ones too
			return eval[string](t, tab, sel, `document.querySelector('`+sel+`').textContent.replace(/\s+/g, ' ').trim()`)
		}
		if got := said(`#m-` + ashs + ` .acts a`); got != c.del {
			t.Errorf("%s: Ash's own message offers %q, want %q", c.lang, got, c.del)
		}
		if got := said(`#m-` + bos + ` .acts a`); got != c.report {
			t.Errorf("%s: Bo's message offers %q, want %q", c.lang, got, c.report)
		}
		if n := eval[int](t, tab, "reactions", `document.querySelectorAll('#chat-log form.reactions, #chat-log textarea').length`); n != 0 {
			t.Errorf("%s: the archived chat offers %d reaction forms or edit boxes", c.lang, n)
		}
		if got := st.text(tab, `#chat .notice`); got != c.archived {
			t.Errorf("%s: the chat says %q", c.lang, got)
		}
		st.do(tab, c.lang+" open delete", chromedp.Click(css(`#m-`+ashs+` .acts a`)), chromedp.WaitVisible(css(`#act-`+ashs+` button`)))
		panel := eval[[]string](t, tab, "the panel", `(() => { const p = document.querySelector('#act-`+ashs+`');
			return [p.innerText.trim(), document.activeElement.textContent.trim(), String(p.querySelectorAll('textarea').length)]; })()`)
		if panel[0] != c.button || panel[1] != c.button || panel[2] != "0" {
			t.Errorf("%s: the message's panel reads %q, the focus on %q, %s boxes to edit", c.lang, panel[0], panel[1], panel[2])
		}
		if w := eval[float64](t, tab, "page width", `document.documentElement.scrollWidth`); w > 390 {
			t.Errorf("%s: the page is %v px wide", c.lang, w)
		}
		shot(t, tab, "archived-chat-"+c.lang+".png")
	}
	if strings.Contains(st.text(tab, `main`), "Editar") {
		t.Errorf("the archived chat offers to edit")
	}
}
