package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kinshiprecovery/kinship/internal/model"
)

// walk13 W13-3: Marisol, facilitating a group, was told "Tomás may be going
// through a crisis … a kind, private word can help", and the notice opened
// on his words in the group's chat, where the only things offered beside
// them were "Report" and "Remove": nothing to write to him with, his name
// not a link. A group's facilitators now read "Write privately" first
// beside anyone else's message (drawn by the server and live alike); it
// opens the message's page, "Write to Ash privately", whose button opens
// the conversation with them. Members of the group read no such link.
func TestBrowserFacilitatorWritesPrivatelyFromTheWords(t *testing.T) {
	base, a := startServer(t)
	account(t, a, "admin@example.org", "steady harbor lantern", "Admin", model.RoleSiteAdmin)
	g, asFay, secret := faysGroupMFA(t, a, "Evening circle", "A peer support group that meets in the evening.")
	ash := account(t, a, "ash@example.org", "amber meadow trail", "Ash", model.RoleMember)
	bo := account(t, a, "bo@example.org", "cobalt river stone", "Bo", model.RoleMember)
	joinedAll(t, a, g.ID, asUser(ash), asUser(bo))
	said(t, a, asFay, g.ID, "f1", "Welcome, everyone.")
	words := said(t, a, asUser(ash), g.ID, "a1", "I don't want to be alive anymore, I have been saving up my pills.")
	st := steps{t}
	type css = chromedp.CSS
	fay := signedInPhone(t, base, "fay@example.org", "quiet harbor willow")
	st.mfaStep(fay, secret)
	st.do(fay, "the heads-up", chromedp.Navigate(base+"/notifications"), chromedp.WaitVisible(css(`ul.notifications`)))
	href := eval[string](t, fay, "the heads-up's link", `(() => { const l = [...document.querySelectorAll("ul.notifications li")].find(l => l.innerText.includes("may be going through a crisis")); const a = l && l.querySelector("a"); return a ? a.getAttribute("href") : ""; })()`)
	if href != "/groups/"+g.ID+"/chat#m-"+words {
		t.Fatalf("Fay's heads-up opens %q", href)
	}
	st.do(fay, "open it", chromedp.Navigate(base+href), chromedp.WaitVisible(css(`#m-`+words+` .acts`)))
	acts := func(id string) string { return strings.Join(strings.Fields(st.text(fay, `#m-`+id+` .acts`)), " ") }
	if got := acts(words); !strings.HasPrefix(got, "Write privately to whoever wrote this message Report this message Remove this message") {
		t.Errorf("beside Ash's words Fay reads %q", got)
	}
	// A message that arrives while the page is open offers the same.
	live := said(t, a, asUser(bo), g.ID, "b1", "Ash, I'm here with you.")
	st.do(fay, "the live message", chromedp.WaitVisible(css(`#m-`+live+` .acts a.write`)))
	if got := acts(live); !strings.HasPrefix(got, "Write privately to whoever wrote this message Report this message Remove") {
		t.Errorf("beside Bo's live message Fay reads %q", got)
	}
	if n := eval[int](t, fay, "her own", `document.querySelectorAll('#chat-log li.mine a.write').length`); n != 0 {
		t.Errorf("Fay is offered to write to herself %d times", n)
	}
	shot(t, fay, "write-privately-chat-en.png")
	st.do(fay, "write privately", chromedp.Click(css(`#m-`+words+` a.write`)), chromedp.WaitVisible(css(`#write`)))
	page := strings.Join(strings.Fields(st.text(fay, `main`)), " ")
	for _, want := range []string{"A message from Ash", "I don't want to be alive anymore", "Write to Ash privately", "Only Ash reads what you write there, not the group.", "Message Ash"} {
		if !strings.Contains(page, want) {
			t.Errorf("the message's page lacks %q:\n%s", want, page)
		}
	}
	shot(t, fay, "write-privately-page-en.png")
	st.do(fay, "message Ash", chromedp.Click(css(`#write ~ form[action="/dms"] button`)), chromedp.WaitVisible(css(`#composer`)))
	if h := st.text(fay, `main h1`); !strings.Contains(h, "Ash") || !strings.HasPrefix(eval[string](t, fay, "where", `location.pathname`), "/messages/") {
		t.Errorf("the button opened %q", h)
	}
	// In Spanish.
	st.spanish(fay, base)
	st.do(fay, "the chat in Spanish", chromedp.Navigate(base+href), chromedp.WaitVisible(css(`#m-`+words+` .acts a.write`)))
	if got := acts(words); !strings.HasPrefix(got, "Escribir en privado a quien escribió este mensaje Reportar este mensaje Eliminar este mensaje") {
		t.Errorf("beside Ash's words Fay reads in Spanish %q", got)
	}
	st.do(fay, "the page in Spanish", chromedp.Navigate(base+"/messages/"+words+"/action#write"), chromedp.WaitVisible(css(`#write`)))
	page = strings.Join(strings.Fields(st.text(fay, `main`)), " ")
	for _, want := range []string{"Escribirle a Ash en privado", "Solo Ash lee lo que escribas ahí, no el grupo.", "Enviar un mensaje a Ash"} {
		if !strings.Contains(page, want) {
			t.Errorf("the message's page in Spanish lacks %q:\n%s", want, page)
		}
	}
	shot(t, fay, "write-privately-page-es.png")
	// A member of the group is not offered it in the chat.
	boTab := signedInPhone(t, base, "bo@example.org", "cobalt river stone")
	st.do(boTab, "Bo's chat", chromedp.Navigate(base+"/groups/"+g.ID+"/chat"), chromedp.WaitVisible(css(`#m-`+words+` .acts`)))
	if n := eval[int](t, boTab, "write links", `document.querySelectorAll('#chat-log a.write').length`); n != 0 {
		t.Errorf("Bo, a member, is offered %d links to write privately", n)
	}
}
