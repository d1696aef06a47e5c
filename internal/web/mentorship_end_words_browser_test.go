package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kinshiprecovery/kinship/internal/app"
)

// TestBrowserEndingAMentorshipWithAFewWords: ending a mentorship took no
// words, so a mentee told only "Mia ended your mentorship" was left to
// guess. The page that asks first now offers "A few words for Eli
// (optional)", saying who reads them and where; nothing is required. Too
// many words are refused with the text kept. Eli's notification says only
// that words wait on his mentorship page (never the words: a notification
// may reach a device's screen or an email), and the page there quotes
// them, "Mia's words: …", "Palabras de Mia: …" in Spanish; Mia reads them
// as hers.
func TestBrowserEndingAMentorshipWithAFewWords(t *testing.T) {
	base, a := startServer(t)
	mia, m, ctx := mentorEndingOnPhone(t, base, a)
	const words = "I am moving to night shifts and cannot give you the time you deserve. Thank you for these months."
	st := steps{t}
	endButton := `form[action="/mentorships/` + m.ID + `/status"]:has(input[value=end]) button`
	confirm := `form:has(input[name=confirm][value=yes]) button.danger`
	st.do(ctx, "end", chromedp.Navigate(base+"/mentorship"), chromedp.Click(css(endButton)), chromedp.WaitVisible(css(`#f-reason`)))
	if l, h := st.text(ctx, `label[for=f-reason]`), st.text(ctx, `#h-reason`); l != "A few words for Eli (optional)" ||
		h != "Only Eli reads them, on their mentorship page: not in a notification or an email. You can leave this empty." {
		t.Errorf("the words' field reads %q / %q", l, h)
	}
	st.do(ctx, "too many words", chromedp.SetValue(css(`#f-reason`), strings.Repeat("so long ", 70)), chromedp.Click(css(confirm)), chromedp.WaitVisible(css(`#error-summary`)))
	if e := st.text(ctx, `#error-summary`); !strings.Contains(e, "Keep the reason to 500 characters") {
		t.Errorf("too many words: %q", e)
	}
	if got := eval[string](t, ctx, "the words kept", `document.querySelector('#f-reason').value`); got != strings.TrimSpace(strings.Repeat("so long ", 70))+" " && got != strings.Repeat("so long ", 70) {
		t.Errorf("the words typed were lost: %q", got)
	}
	if s, err := a.ListMentorships(asUser(mia)); err != nil || s.AsMentor[0].Status != app.MentorshipActive {
		t.Fatalf("refused, the mentorship is %+v (%v)", s, err)
	}
	st.do(ctx, "a few words", chromedp.SetValue(css(`#f-reason`), words), chromedp.Click(css(confirm)), chromedp.WaitVisible(css(`.notice`)))
	shot(t, ctx, "mentorship-end-words-mine-en.png")
	if p := st.text(ctx, `main .cards`); !strings.Contains(p, "Your words: "+words) {
		t.Errorf("Mia's page reads:\n%s", p)
	}

	eli, err := a.Store().FindUserByEmail(t.Context(), "eli@example.org")
	if err != nil {
		t.Fatal(err)
	}
	l, err := a.ListNotifications(asUser(eli))
	if err != nil || len(l.Notifications) == 0 {
		t.Fatalf("Eli's notifications: %+v %v", l, err)
	}
	if n := l.Notifications[0].Text; n != "Mia ended your mentorship and left you a few words on your mentorship page. "+
		"No blame: people's needs change. You can find a new mentor among your suggestions." {
		t.Errorf("Eli is told %q", n)
	}
	eliTab := signedInPhone(t, base, "eli@example.org", "cobalt river stone")
	st.spanish(eliTab, base)
	st.do(eliTab, "Eli's notifications", chromedp.Navigate(base+"/notifications"), chromedp.WaitVisible(css(`ul.notifications li`)))
	if n := st.text(eliTab, `ul.notifications li p`); n != "Mia terminó tu mentoría y te dejó unas palabras en tu página de mentoría. "+
		"Nadie tiene la culpa: las necesidades de las personas cambian. Puedes encontrar otro mentor o mentora entre tus sugerencias." {
		t.Errorf("Eli reads %q", n)
	}
	st.do(eliTab, "Eli's mentorship", chromedp.Click(css(`ul.notifications li a`)), chromedp.WaitVisible(css(`main .cards .words`)))
	if got := st.text(eliTab, `main .cards .words`); got != "Palabras de Mia: "+words {
		t.Errorf("Eli's mentorship page reads %q", got)
	}
	shotHere(t, eliTab, "main .cards", "mentorship-end-words-es.png")
	if strings.Contains(st.text(eliTab, `body`), "Sus palabras") {
		t.Error("Eli's page says \"Sus palabras\" of words that are Mia's")
	}
}
