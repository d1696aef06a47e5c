package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/accessibility"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// axNames is what a screen reader meets under the page's main part: each
// heading, link, button and field by its role and accessible name.
func axNames(t *testing.T, tab context.Context) []string {
	t.Helper()
	res, err := chromedp.Call(tab, accessibility.GetFullAXTree, accessibility.GetFullAXTreeParams{})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, n := range res.Nodes {
		if n.Ignored || n.Role == nil || n.Name == nil {
			continue
		}
		switch role := strings.Trim(string(n.Role.Value), `"`); role {
		case "heading", "link", "button", "combobox", "textbox":
			var name string
			_ = json.Unmarshal(n.Name.Value, &name)
			out = append(out, role+": "+name)
		}
	}
	return out
}

// TestBrowserMessagePageRefusedAndSaved: on a 390x844 phone without the
// page script, Fay removes a message far up her group's chat from its own
// page: a reason of spaces is refused on that page, the error beside the
// field (a screen reader meets the field by its label) and her words kept;
// once removed she lands on the message, in view, not at the chat's end,
// and so she does after a reaction far up.
// Ash edits her own early line in Spanish and lands on it too.
func TestBrowserMessagePageRefusedAndSaved(t *testing.T) {
	type css = chromedp.CSS
	base, a := startServer(t)
	ash, bo := cast(t, a)
	g, _, secret := faysGroupMFA(t, a, "Evening circle", "Peers meeting weeknights")
	asAsh, asBo := asUser(ash), asUser(bo)
	joinedAll(t, a, g.ID, asAsh, asBo)
	bos := said(t, a, asBo, g.ID, "b1", "Early words from Bo, far up the chat")
	var ashs []string
	for i := range 30 {
		ashs = append(ashs, said(t, a, asAsh, g.ID, fmt.Sprint("a", i), fmt.Sprintf("Ash's line %d", i)))
	}
	st := steps{t}
	inView := func(tab context.Context, id string) bool {
		return eval[bool](t, tab, "in view", `(() => { const e = document.querySelector('#m-`+id+`'); if (!e) return false;
			const r = e.getBoundingClientRect(); return r.bottom > 0 && r.top < innerHeight; })()`)
	}
	noScript := func(tab context.Context) {
		if _, err := chromedp.Call(tab, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
			t.Fatal(err)
		}
	}

	fay := signedInPhone(t, base, "fay@example.org", "quiet harbor willow")
	st.mfaStep(fay, secret)
	noScript(fay)
	st.do(fay, "the chat", chromedp.Navigate(base+"/groups/"+g.ID+"/chat"), chromedp.WaitVisible(css(`#m-`+bos)))
	st.do(fay, "Remove", submitAndWait(`#m-`+bos+` .acts a[href$="#remove"]`))
	ax := axNames(t, fay)
	for _, want := range []string{"heading: A message from Bo", "heading: Remove it from the group", "textbox: Reason (the group will see it)", "button: Remove", "link: ← Back to the conversation"} {
		if !slices.Contains(ax, want) {
			t.Errorf("the message's page has no %q for a screen reader: %q", want, ax)
		}
	}
	st.do(fay, "a reason of spaces", chromedp.SetValue(css(`#f-reason`), "   "), submitAndWait(`#f-reason ~ button, main form .field + button.danger`))
	if h := st.text(fay, `main h1`); h != "A message from Bo" {
		t.Errorf("after a refused removal the page is headed %q, want the message's page", h)
	}
	if v := eval[string](t, fay, "the reason", `document.querySelector('#f-reason').value`); v != "   " {
		t.Errorf("the reason field holds %q after the refusal", v)
	}
	if e := st.text(fay, `#e-reason`); e == "" {
		t.Error("no error beside the reason")
	}
	shot(t, fay, "message-page-removal-refused-en.png")
	st.do(fay, "remove it", chromedp.SetValue(css(`#f-reason`), "Selling is not allowed here"), submitAndWait(`main form .field + button.danger`))
	if u := eval[string](t, fay, "where", `location.pathname + location.hash`); u != "/groups/"+g.ID+"/chat#m-"+bos || !inView(fay, bos) {
		t.Errorf("after the removal Fay is at %s, Bo's message in view: %v; want the chat at his message", u, inView(fay, bos))
	}

	st.do(fay, "a reaction far up", submitAndWait(`#m-`+ashs[1]+` button[value="with_you"]`))
	if u := eval[string](t, fay, "where", `location.pathname + location.hash`); u != "/groups/"+g.ID+"/chat#m-"+ashs[1] || !inView(fay, ashs[1]) {
		t.Errorf("after reacting Fay is at %s, Ash's line in view: %v; want the chat at it", u, inView(fay, ashs[1]))
	}

	tab := signedInPhone(t, base, "ash@example.org", "amber meadow trail")
	noScript(tab)
	st.spanish(tab, base)
	st.do(tab, "editar", chromedp.Navigate(base+"/messages/"+ashs[0]+"/action#edit"), chromedp.WaitVisible(css(`#f-body`)))
	st.do(tab, "guardar", chromedp.SetValue(css(`#f-body`), "Ash's line, edited"), submitAndWait(`main form .field + button`))
	if u := eval[string](t, tab, "where", `location.pathname + location.hash`); u != "/groups/"+g.ID+"/chat#m-"+ashs[0] || !inView(tab, ashs[0]) {
		t.Errorf("after the edit Ash is at %s, her line in view: %v; want the chat at it", u, inView(tab, ashs[0]))
	}
	shot(t, tab, "message-page-after-edit-es.png")
}
