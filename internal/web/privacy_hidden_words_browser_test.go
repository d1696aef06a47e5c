package web_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/model"
)

// fixes16's report: Fay hid Jo's reported message (it is kept, and Jo may
// appeal), yet Jo's privacy log read "Una persona facilitadora del grupo
// eliminó uno de tus mensajes" (removed), and Fay's "Eliminaste un
// mensaje de Jo". Both logs now say it was hidden, in English and Spanish,
// entries written before this change too; a message Fay really removes
// from the chat still reads as removed.
func TestBrowserPrivacyLogSaysAHideIsAHide(t *testing.T) {
	s, g, secret, asFay, asJo, asLu := eveningCircle(t)
	a := s.app
	msg := reportedInGroup(t, a, g.ID, asJo, asLu, "c1", "Stop whining, nobody here cares about your feelings", "harassment", "")
	if _, err := a.ActOnGroupReport(asFay, g.ID, reportOf(t, a, asFay, g.ID, msg), "hide", "Please speak kindly here"); err != nil {
		t.Fatal(err)
	}
	gone := said(t, a, asJo, g.ID, "c2", "Buy cheap followers, write to me for the price")
	if _, err := a.DeleteMessage(asFay, gone, "Advertising is not allowed here"); err != nil {
		t.Fatal(err)
	}
	// A hide logged before this change, as a removal whose field was the
	// reported thing's kind.
	fay, jo := app.ActorFrom(asFay).User.ID, app.ActorFrom(asJo).User.ID
	if err := s.store.AppendAudit(t.Context(), &model.AuditEntry{ID: "01JBEFOREH1DE0000000000000", ActorID: fay, SubjectID: jo,
		Action: "group_message_removed", Fields: []string{"message"}, At: a.Now().Add(-72 * time.Hour)}); err != nil {
		t.Fatal(err)
	}

	st := steps{t}
	type css = chromedp.CSS
	joTab := signedInPhone(t, s.base, "jo@example.org", "amber meadow trail")
	fayTab := signedInPhone(t, s.base, "fay@example.org", "quiet harbor willow")
	st.mfaStep(fayTab, secret)
	for _, c := range []struct {
		lang, hid, removed, youHid, youRemoved string
	}{
		{"en", "Fay\tA group leader hid one of your messages", "Fay\tA group leader removed one of your messages",
			"You\tYou hid a message by Jo in a group", "You\tYou removed a message by Jo from a group"},
		{"es", "Fay\tUna persona facilitadora del grupo ocultó uno de tus mensajes", "Fay\tUna persona facilitadora del grupo eliminó uno de tus mensajes",
			"Tú\tOcultaste un mensaje de Jo en un grupo", "Tú\tEliminaste un mensaje de Jo de un grupo"},
	} {
		for _, who := range []string{"Jo", "Fay"} {
			tab, hid, removed, as := joTab, c.hid, c.removed, asJo
			if who == "Fay" {
				tab, hid, removed, as = fayTab, c.youHid, c.youRemoved, asFay
			}
			if err := a.SetLanguage(as, c.lang); err != nil {
				t.Fatal(err)
			}
			st.do(tab, c.lang+": "+who+"'s privacy log", chromedp.Navigate(s.base+"/settings/privacy"), chromedp.WaitVisible(css(`#audit-h`)))
			log := st.text(tab, `section[aria-labelledby="audit-h"] tbody`)
			if n := strings.Count(log, hid); n != 2 { // this hide and the one logged before
				t.Errorf("%s: %s's privacy log reads %q %d times:\n%s", c.lang, who, hid, n, log)
			}
			if n := strings.Count(log, removed); n != 1 {
				t.Errorf("%s: %s's privacy log reads %q %d times (the removal alone):\n%s", c.lang, who, removed, n, log)
			}
			shotHere(t, tab, `section[aria-labelledby="audit-h"]`, "privacy-hidden-"+strings.ToLower(who)+"-"+c.lang+".png")
		}
	}
}
