package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kinshiprecovery/kinship/internal/model"
)

// TestBrowserPrivacyLogSaysWhatTheReaderDid: Bo, Ash's accountability
// partner, reads her shared check-ins, sees her call for support and
// answers it. His privacy log read "You — Saw your call for support",
// "You — Answered your call for support", "You — Read the check-ins you
// share with accountability partners": what he did, worded as if about
// him. On a phone, in English and Spanish, his log says what he did and
// whose it was; Ash's log still says, about her, that Bo answered, and in
// Spanish calls it a "llamada de apoyo" as his does (it said "pedido").
func TestBrowserPrivacyLogSaysWhatTheReaderDid(t *testing.T) {
	base, a := startServer(t)
	ash, bo := cast(t, a)
	asAsh, asBo := asUser(ash), asUser(bo)
	inv, err := a.InvitePartner(asAsh, bo.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.RespondPartner(asBo, inv.ID, true); err != nil {
		t.Fatal(err)
	}
	if _, err := a.UpdatePartnerChoices(asAsh, inv.ID, model.PartnerShare{CheckinDone: true, Mood: true}, model.PartnerRules{}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.PartnerCheckins(asBo, inv.ID, 7); err != nil {
		t.Fatal(err)
	}
	if _, err := a.RequestSupport(asAsh); err != nil {
		t.Fatal(err)
	}
	boTab := signedInPhone(t, base, "bo@example.org", "cobalt river stone")
	st := steps{t}
	st.do(boTab, "Bo opens the calls to answer", chromedp.Navigate(base+"/support/respond"),
		chromedp.WaitVisible(css(`form[action$="/respond"] button`)))
	st.do(boTab, "Bo answers Ash's call", chromedp.Click(css(`form[action$="/respond"] button`)), chromedp.WaitNotPresent(css(`form[action$="/respond"] input[value="acknowledge"]`)))
	for _, c := range []struct {
		lang      string
		want, not []string
	}{
		{"en", []string{"You\tYou answered Ash's call for support", "You\tYou saw Ash's call for support",
			"You\tYou read the check-ins Ash shares with you as accountability partners: whether they checked in, mood"},
			[]string{"your call", "you share", "whether you"}},
		{"es", []string{"Tú\tRespondiste a la llamada de apoyo de Ash", "Tú\tViste la llamada de apoyo de Ash",
			"Tú\tLeíste los registros que Ash comparte contigo como compañeros de responsabilidad: si hizo su registro, estado de ánimo"},
			[]string{"tu pedido", "que compartes", "si hiciste"}},
	} {
		if err := a.SetLanguage(asBo, c.lang); err != nil {
			t.Fatal(err)
		}
		st.do(boTab, c.lang+" privacy log", chromedp.Navigate(base+"/settings/privacy"), chromedp.WaitVisible(css(`#audit-h`)))
		log := st.text(boTab, `section[aria-labelledby="audit-h"] tbody`)
		for _, w := range c.want {
			if !strings.Contains(log, w) {
				t.Errorf("%s: Bo's privacy log lacks %q:\n%s", c.lang, w, log)
			}
		}
		for _, w := range c.not {
			if strings.Contains(log, w) {
				t.Errorf("%s: Bo's privacy log says %q, as if about him:\n%s", c.lang, w, log)
			}
		}
		shot(t, boTab, "privacy-actor-words-"+c.lang+".png")
	}
	ashTab := signedInPhone(t, base, "ash@example.org", "amber meadow trail")
	st.do(ashTab, "Ash's privacy log", chromedp.Navigate(base+"/settings/privacy"), chromedp.WaitVisible(css(`#audit-h`)))
	if log := st.text(ashTab, `section[aria-labelledby="audit-h"] tbody`); !strings.Contains(log, "Bo\tAnswered your call for support") ||
		!strings.Contains(log, "Bo\tSaw your call for support") {
		t.Errorf("Ash's privacy log does not say Bo answered her call:\n%s", log)
	}
	// In Spanish her call is a "llamada de apoyo", as in Bo's log and on
	// the support page; her log said "pedido de apoyo".
	if err := a.SetLanguage(asAsh, "es"); err != nil {
		t.Fatal(err)
	}
	st.do(ashTab, "Ash's privacy log in Spanish", chromedp.Navigate(base+"/settings/privacy"), chromedp.WaitVisible(css(`#audit-h`)))
	if log := st.text(ashTab, `section[aria-labelledby="audit-h"] tbody`); !strings.Contains(log, "Bo\tRespondió a tu llamada de apoyo") ||
		!strings.Contains(log, "Bo\tVio tu llamada de apoyo") || strings.Contains(log, "pedido") {
		t.Errorf("Ash's privacy log in Spanish:\n%s", log)
	}
	shot(t, ashTab, "privacy-subject-words-es.png")
}
