package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kinshiprecovery/kinship/internal/model"
)

// walk12 W12-3: Kiri, a moderator on duty in Auckland, answered Priya's
// call from Kolkata holding New Zealand's 111 and 1737, told only that
// Priya keeps where she is private. Now the caller decides. On a phone:
// Bo, in India with his location kept from strangers (the default), reads
// on his support page that he may let whoever answers see his country's
// lines, presses "I need support now" and has no partner, so the call
// goes to those on duty. Mod (New Zealand, English) reads that Bo's
// country is private and how to ask; Bo taps once to share; Mod then
// reads "Lines for where Bo is (India)" with 112 and Tele MANAS above his
// own 111 at the foot, and never Bo's town; Mar, on duty in Mexico,
// reads it in Spanish. Bo's privacy log says Mod saw his country. Bo
// stops sharing, in Spanish, and Mod reads the call as private again.
func TestBrowserCallerLetsWhoeverAnswersSeeHisCountrysLines(t *testing.T) {
	base, a := startServer(t)
	_, bo, _, _ := castAbroad(t, a, home{}, home{"IN", "Asia/Kolkata", "en"}, home{}, home{})
	if _, err := a.UpdateMe(asUser(bo), func(p *model.Profile) { p.City = "Kolkata" }); err != nil {
		t.Fatal(err)
	}
	mod := account(t, a, "mod@example.org", "quiet willow harbor", "Mod", model.RoleModerator)
	modSecret := withMFA(t, a, mod)
	livesIn(t, a, mod, "NZ", "Pacific/Auckland", "en")
	mar := account(t, a, "mar@example.org", "copper lantern bay", "Mar", model.RoleModerator)
	marSecret := withMFA(t, a, mar)
	livesIn(t, a, mar, "MX", "America/Mexico_City", "es")
	for _, u := range []*model.User{mod, mar} {
		if err := a.SetOnDuty(asUser(u), true); err != nil {
			t.Fatal(err)
		}
	}
	st := steps{t}
	type css = chromedp.CSS

	boTab := signedInPhone(t, base, "bo@example.org", "cobalt river stone")
	st.do(boTab, "Bo opens his support page", chromedp.Navigate(base+"/support"), chromedp.WaitVisible(css(`#share-lines`)))
	if got := st.text(boTab, `#share-lines`); !strings.Contains(got, "When you call for support") ||
		!strings.Contains(got, "Whoever answers your call may be in another country, with other crisis numbers. You can let them see your country's lines: your country only (India), never your town.") ||
		!strings.Contains(got, "Let whoever answers my call see my country's crisis lines (India)") {
		t.Errorf("before his call, Bo's choice reads:\n%s", got)
	}
	shotHere(t, boTab, "#share-lines", "share-lines-choice.png")
	st.do(boTab, "Bo asks for support", chromedp.Click(css(`form[action="/support/now"] button`)), chromedp.WaitVisible(css(`#alert-status`)))
	if got := st.text(boTab, `#share-lines-now`); got != "Let whoever answers my call see my country's crisis lines (India)" {
		t.Errorf("the one tap on Bo's open call reads %q", got)
	}
	shotHere(t, boTab, "#alert-status", "share-lines-open-call.png")

	modTab := signedInPhone(t, base, "mod@example.org", "quiet willow harbor")
	st.mfaStepAt(modTab, modSecret, a.Now())
	st.do(modTab, "Mod opens Bo's call", chromedp.Navigate(base+"/support/respond"), chromedp.WaitVisible(css(`#to-respond .caller-lines`)))
	card := st.text(modTab, `#to-respond .caller-lines`)
	if !strings.Contains(card, "Crisis lines where you are, in New Zealand") || !strings.Contains(card, "Bo keeps where") ||
		!strings.Contains(card, "to ask which country") || !strings.Contains(card, "under “Crisis lines for” at the foot of this page to see its numbers.") ||
		strings.Contains(card, "India") || strings.Contains(card, "14416") {
		t.Errorf("before Bo shares, Mod reads on his call:\n%s", card)
	}
	shotHere(t, modTab, "#to-respond", "share-lines-respond-private.png")

	st.do(boTab, "Bo lets whoever answers see India's lines", chromedp.Click(css(`#share-lines-now button`)), chromedp.WaitVisible(css(`#share-lines`)))
	if got := st.text(boTab, `main`); !strings.Contains(got, "Whoever answers your call now sees the crisis lines for India.") ||
		!strings.Contains(got, "Whoever answers your call sees the crisis lines for India: your country only, never your town.") ||
		!strings.Contains(got, "Stop sharing my country's lines") || strings.Contains(got, "Let whoever answers my call") {
		t.Errorf("after his tap, Bo's support page reads:\n%s", got)
	}
	shotHere(t, boTab, "#share-lines", "share-lines-shared.png")

	st.do(modTab, "Mod opens Bo's call again", chromedp.Navigate(base+"/support/respond"), chromedp.WaitVisible(css(`#to-respond .caller-lines`)))
	card = st.text(modTab, `#to-respond .caller-lines`)
	if !strings.Contains(card, "Lines for where Bo is (India)") ||
		!strings.Contains(card, "Bo chose to let whoever answers") || !strings.Contains(card, "Your own lines are at the foot of this page.") ||
		!strings.Contains(card, "112") || !strings.Contains(card, "Tele MANAS") || strings.Contains(card, "Kolkata") || strings.Contains(card, "keeps where") {
		t.Errorf("once Bo shares, Mod reads on his call:\n%s", card)
	}
	if got := telLinks(t, modTab, `#to-respond .caller-lines`); !strings.Contains(got, "tel:112") || !strings.Contains(got, "tel:14416") || strings.Contains(got, "tel:111") {
		t.Errorf("Mod is offered %q to tap for Bo", got)
	}
	if got := st.text(modTab, `#crisis-help`); !strings.Contains(got, "111") {
		t.Errorf("Mod's own lines at the foot read %q", got)
	}
	if got := st.text(modTab, `main`); strings.Contains(got, "Kolkata") {
		t.Errorf("Mod is told Bo's town:\n%s", got)
	}
	shotHere(t, modTab, "#to-respond", "share-lines-respond-shared.png")

	marTab := signedInPhone(t, base, "mar@example.org", "copper lantern bay")
	st.mfaStepAt(marTab, marSecret, a.Now())
	st.do(marTab, "Mar opens Bo's call", chromedp.Navigate(base+"/support/respond"), chromedp.WaitVisible(css(`#to-respond .caller-lines`)))
	card = st.text(marTab, `#to-respond .caller-lines`)
	if !strings.Contains(card, "Líneas de donde está Bo (India)") || !strings.Contains(card, "Bo eligió que quien atienda su llamada vea las líneas de crisis de su país") ||
		!strings.Contains(card, "Tele MANAS") {
		t.Errorf("once Bo shares, Mar reads on his call in Spanish:\n%s", card)
	}
	shotHere(t, marTab, "#to-respond", "share-lines-respond-shared-es.png")

	st.do(boTab, "Bo reads his privacy log", chromedp.Navigate(base+"/settings/privacy"), chromedp.WaitVisible(css(`main`)))
	if got := strings.Join(strings.Fields(st.text(boTab, `main`)), " "); !strings.Contains(got, "Mod Saw your call for support: the country you are in") ||
		!strings.Contains(got, "Mar Saw your call for support: the country you are in") {
		t.Errorf("Bo's privacy log reads:\n%s", got)
	}

	st.spanish(boTab, base)
	st.do(boTab, "Bo opens his support page in Spanish", chromedp.Navigate(base+"/support"), chromedp.WaitVisible(css(`#share-lines`)))
	if got := st.text(boTab, `#share-lines`); !strings.Contains(got, "Cuando pides apoyo") ||
		!strings.Contains(got, "Quien atienda tu llamada ve las líneas de crisis de India: solo tu país, nunca tu ciudad.") {
		t.Errorf("in Spanish, Bo's choice reads:\n%s", got)
	}
	st.do(boTab, "Bo stops sharing", chromedp.Click(css(`#share-lines button`)), chromedp.WaitVisible(css(`#share-lines-now`)))
	if got := st.text(boTab, `main`); !strings.Contains(got, "Ya no compartes las líneas de tu país") ||
		!strings.Contains(got, "Dejar que quien atienda mi llamada vea las líneas de crisis de mi país (India)") {
		t.Errorf("after Bo stops, his support page reads:\n%s", got)
	}
	shotHere(t, boTab, "#alert-status", "share-lines-stopped-es.png")
	st.do(modTab, "Mod opens Bo's call once more", chromedp.Navigate(base+"/support/respond"), chromedp.WaitVisible(css(`#to-respond .caller-lines`)))
	if card = st.text(modTab, `#to-respond .caller-lines`); !strings.Contains(card, "Bo keeps where") || strings.Contains(card, "India") {
		t.Errorf("after Bo stops sharing, Mod reads on his call:\n%s", card)
	}
}
