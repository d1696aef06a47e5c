package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// TestBrowserChatMessageActionsOnAPhone: each chat message carries one
// form of reactions and a link to its own page ("Report", "Edit or
// delete"), where each message once carried its report, edit and delete
// forms (about 2.5 KB of a 138 KB page). On a 390x844 phone, Ash opens
// Bo's "Report" by keyboard: the page script opens its form in place, the
// focus on its reasons, and Escape closes it and goes back to the link;
// she edits her own message in place. Without the page script the same
// links open the message's page: she reports Bo's message there in
// English, and edits her own in Spanish. The links are 44 px targets.
// Fay, who leads the group, removes Bo's message in place with a reason
// the group reads.
func TestBrowserChatMessageActionsOnAPhone(t *testing.T) {
	type css = chromedp.CSS
	base, a := startServer(t)
	ash, bo := cast(t, a)
	g, _, secret := faysGroupMFA(t, a, "Evening circle", "Peers meeting weeknights")
	asAsh, asBo := asUser(ash), asUser(bo)
	joinedAll(t, a, g.ID, asAsh, asBo)
	bos := said(t, a, asBo, g.ID, "b1", "I made it through the weekend")
	ashs := said(t, a, asAsh, g.ID, "a1", "Proud of you, Bo")
	chat := base + "/groups/" + g.ID + "/chat"
	st := steps{t}
	tab := signedInPhone(t, base, "ash@example.org", "amber meadow trail")
	state := func(what string) []string {
		return eval[[]string](t, tab, what, `(() => { const l = document.querySelector('#m-`+bos+` .acts a'), p = document.querySelector('#act-`+bos+`');
			return [l.getAttribute('aria-expanded') || '', document.activeElement.id || document.activeElement.tagName, p ? p.innerText : '', location.pathname]; })()`)
	}

	// With the page script: in place, by keyboard.
	st.do(tab, "open the chat", chromedp.Navigate(chat), chromedp.WaitVisible(css(`#chat[data-live="yes"]`)))
	for _, b := range boxes(t, tab, `#chat-log .acts a`) {
		if b.Height < 44 {
			t.Errorf("%q is %.0f px tall, under a 44 px target", b.Text, b.Height)
		}
	}
	st.do(tab, "Report by keyboard", chromedp.Focus(css(`#m-`+bos+` .acts a`)), chromedp.KeyEvent("\r"), chromedp.WaitVisible(css(`#rr-`+bos)))
	if s := state("open"); s[0] != "true" || s[1] != "rr-"+bos || !strings.Contains(s[2], "Why") || !strings.Contains(s[2], "They may be at risk") || s[3] != "/groups/"+g.ID+"/chat" {
		t.Errorf("Report opened: expanded %q, focus on %q, the form reads %q, at %s; want true, the reasons, in the chat", s[0], s[1], s[2], s[3])
	}
	shot(t, tab, "chat-report-in-place-en.png")
	st.do(tab, "Escape", chromedp.KeyEvent("\x1b"), chromedp.WaitNotPresent(css(`#act-`+bos)))
	if s := state("closed"); s[0] != "false" || s[1] != "A" || s[2] != "" {
		t.Errorf("after Escape: expanded %q, focus on %q, a form reading %q; want false, on the link, none", s[0], s[1], s[2])
	}
	if tag := eval[string](t, tab, "focus", `document.activeElement.getAttribute('href') || ''`); tag != "/messages/"+bos+"/action#report" {
		t.Errorf("after Escape the focus is on %q, want Bo's message's Report", tag)
	}
	st.do(tab, "Edit or delete", chromedp.Click(css(`#m-`+ashs+` .acts a`)), chromedp.WaitVisible(css(`#edit-`+ashs)))
	if v := eval[string](t, tab, "the edit's words", `document.querySelector('#edit-`+ashs+`').value`); v != "Proud of you, Bo" {
		t.Errorf("the edit form holds %q", v)
	}
	st.do(tab, "save the edit", chromedp.SetValue(css(`#edit-`+ashs), "So proud of you, Bo"), submitAndWait(`#act-`+ashs+` button.secondary`))
	st.until(tab, "the edited message", `document.querySelector('#m-`+ashs+` .body').textContent === 'So proud of you, Bo'`)

	// Without it: the message's own page.
	if _, err := chromedp.Call(tab, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	st.do(tab, "the chat without the script", chromedp.Navigate(chat), chromedp.WaitVisible(css(`#m-`+bos)))
	st.do(tab, "Report, without the script", submitAndWait(`#m-`+bos+` .acts a`))
	if h := st.text(tab, `main h1`); h != "A message from Bo" {
		t.Errorf("the message's page is headed %q", h)
	}
	if q := st.text(tab, `main .msg .body`); q != "I made it through the weekend" {
		t.Errorf("the message's page shows %q", q)
	}
	shot(t, tab, "message-page-report-en.png")
	st.do(tab, "send the report", chromedp.SetValue(css(`#rr-`+bos), "spam"), submitAndWait(`main form[action="/reports"] button`))
	if n := st.text(tab, `.notice`); !strings.Contains(n, "Thank you") {
		t.Errorf("after the report the chat says %q", n)
	}
	st.spanish(tab, base)
	st.do(tab, "el chat sin el script", chromedp.Navigate(chat), chromedp.WaitVisible(css(`#m-`+ashs)))
	if l := eval[string](t, tab, "her link", `document.querySelector('#m-`+ashs+` .acts a').textContent`); l != "Editar o eliminar este mensaje" {
		t.Errorf("Ash's own message's link reads %q", l)
	}
	st.do(tab, "Editar o eliminar", submitAndWait(`#m-`+ashs+` .acts a`))
	if h := st.text(tab, `main h1`); h != "Tu mensaje" {
		t.Errorf("her message's page is headed %q", h)
	}
	if l := st.text(tab, `label[for="f-body"]`); l != "Texto del mensaje" {
		t.Errorf("the box of her message's words is labelled %q", l)
	}
	shot(t, tab, "message-page-edit-es.png")
	st.do(tab, "guardar", chromedp.SetValue(css(`#f-body`), "Muy orgullosa de ti, Bo"), submitAndWait(`main form .field + button`))
	if b := st.text(tab, `#m-`+ashs+` .body`); b != "Muy orgullosa de ti, Bo" {
		t.Errorf("after saving, her message reads %q", b)
	}

	// And the script again, in Spanish.
	if _, err := chromedp.Call(tab, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: false}); err != nil {
		t.Fatal(err)
	}
	st.do(tab, "el chat", chromedp.Navigate(chat), chromedp.WaitVisible(css(`#chat[data-live="yes"]`)),
		chromedp.Click(css(`#m-`+bos+` .acts a`)), chromedp.WaitVisible(css(`#rr-`+bos)))
	if s := state("abierto"); !strings.Contains(s[2], "Motivo") || !strings.Contains(s[2], "Enviar el reporte") {
		t.Errorf("Reportar opened a form reading %q", s[2])
	}
	shot(t, tab, "chat-report-in-place-es.png")

	// Fay leads the group: "Remove" beside "Report", in place, the focus on
	// the reason.
	fay := signedInPhone(t, base, "fay@example.org", "quiet harbor willow")
	st.mfaStep(fay, secret)
	st.do(fay, "Fay's chat", chromedp.Navigate(chat), chromedp.WaitVisible(css(`#chat[data-live="yes"]`)),
		chromedp.Click(css(`#m-`+bos+` .acts a[href$="#remove"]`)), chromedp.WaitVisible(css(`#reason-`+bos)))
	if f := eval[string](t, fay, "focus", `document.activeElement.id`); f != "reason-"+bos {
		t.Errorf("Remove opened with the focus on %q, want the reason", f)
	}
	shot(t, fay, "chat-remove-in-place-en.png")
	st.do(fay, "remove", chromedp.SendKeys(css(`#reason-`+bos), "Off-topic, sorry"), submitAndWait(`#act-`+bos+` button.danger`))
	if b := st.text(fay, `#m-`+bos+` .body`); b != "Removed. The reason given: Off-topic, sorry" {
		t.Errorf("after the removal Bo's message reads %q", b)
	}
}
