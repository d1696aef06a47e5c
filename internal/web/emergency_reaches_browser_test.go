package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/model"
)

// fixes16's report: Kenji in Tokyo read two buttons, "Call 119" and "Call
// 110", and had to read the words under them to know which brings an
// ambulance. Where a country has several emergency numbers, each button
// now says what it reaches: on the support page, at the foot of every page
// and beside the chat composer after words of crisis, in English and
// Spanish.
func TestBrowserEmergencyButtonsSayWhatEachReaches(t *testing.T) {
	base, a := startServer(t)
	ash, bo := cast(t, a)
	fran := account(t, a, "fran@example.org", "harbor light evening", "Fran", model.RoleMember)
	withMFA(t, a, fran)
	livesIn(t, a, ash, "JP", "Asia/Tokyo", "en")
	livesIn(t, a, bo, "JP", "Asia/Tokyo", "es")
	name, desc, guide, vis := "Evenings", "We talk once the children sleep.", "What is shared here stays here.", "listed"
	g, err := a.CreateGroup(asUser(fran), app.GroupInput{Name: &name, Description: &desc, Guidelines: &guide, Visibility: &vis})
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range []*model.User{ash, bo} {
		if _, err := a.JoinGroup(asUser(u), g.ID, true); err != nil {
			t.Fatal(err)
		}
	}
	st := steps{t}
	type css = chromedp.CSS
	for _, c := range []struct{ email, pw, lang, banner, foot, chat, words string }{
		{"ash@example.org", "amber meadow trail", "en", "Call 119 (ambulance, fire) Call 110 (police)",
			"call 119 (ambulance, fire) or 110 (police).", "Call 119 (ambulance, fire) Call 110 (police)",
			"I don't want to live anymore. Tonight I am going to end it all."},
		{"bo@example.org", "cobalt river stone", "es", "Llamar al 119 (ambulancia, bomberos) Llamar al 110 (policía)",
			"llama al 119 (ambulancia, bomberos) o 110 (policía).", "Llamar al 119 (ambulancia, bomberos) Llamar al 110 (policía)",
			"Ya no quiero seguir viviendo. Esta noche voy a terminar con todo."},
	} {
		tab := signedInPhone(t, base, c.email, c.pw)
		st.do(tab, c.lang+" support", chromedp.Navigate(base+"/support"), chromedp.WaitVisible(css(`#emergency-call`)))
		if got := strings.Join(strings.Fields(st.text(tab, `#emergency-call`)), " "); got != c.banner {
			t.Errorf("%s: the emergency buttons read %q, want %q", c.lang, got, c.banner)
		}
		if links := telLinks(t, tab, `#emergency-call`); links != "tel:119 tel:110" {
			t.Errorf("%s: the emergency buttons call %q", c.lang, links)
		}
		shotHere(t, tab, "section.banner", "emergency-reaches-support-"+c.lang+".png")
		if foot := strings.Join(strings.Fields(st.text(tab, `#crisis-help`)), " "); !strings.Contains(foot, c.foot) {
			t.Errorf("%s: the foot reads %q, want %q", c.lang, foot, c.foot)
		}
		shotHere(t, tab, "#crisis-help", "emergency-reaches-foot-"+c.lang+".png")

		st.do(tab, c.lang+" writes in the group's chat", chromedp.Navigate(base+"/groups/"+g.ID+"/chat"), chromedp.WaitVisible(css(`#chat[data-live="yes"]`)),
			chromedp.SendKeys(css(`#f-body`), c.words),
			chromedp.Click(css(`#composer button[type=submit]`)), chromedp.WaitVisible(css(`#chat-help a[href="tel:110"]`)))
		if line := strings.Join(strings.Fields(st.text(tab, `#chat-help .help-line`)), " "); !strings.Contains(line, c.chat) {
			t.Errorf("%s: the help beside the composer reads %q, want %q", c.lang, line, c.chat)
		}
		shotHere(t, tab, "#chat-help", "emergency-reaches-chat-"+c.lang+".png")
	}
}
