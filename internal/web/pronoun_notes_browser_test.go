package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/model"
)

// TestBrowserNotificationsSpeakOfPeopleByTheirPronouns: Mia read "Eli asked
// you to be their mentor" of Eli, whose profile says she/her, and Eli
// "Mia accepted: they are your mentor now" of Mia, whose says ella; in
// Spanish "ahora es tu mentor o mentora". Notifications keep only the
// name: the words are chosen when read, from the pronouns the reader may
// see then, so when Mia keeps hers to herself Eli's same notification
// reads without gender again.
func TestBrowserNotificationsSpeakOfPeopleByTheirPronouns(t *testing.T) {
	base, a := startServer(t)
	mia, eli, secret := readyMentor(t, a)
	for u, pr := range map[*model.User]string{eli: "she/her", mia: "ella"} {
		if _, err := a.UpdateMe(asUser(u), func(p *model.Profile) { p.Pronouns = pr }); err != nil {
			t.Fatal(err)
		}
	}
	m, err := a.RequestMentor(asUser(eli), mia.ID, "Could we talk on Tuesdays?")
	if err != nil {
		t.Fatal(err)
	}
	st := steps{t}
	miaTab := signedInPhone(t, base, "mia@example.org", "amber meadow trail")
	st.mfaStep(miaTab, secret)
	st.do(miaTab, "Mia's notifications", chromedp.Navigate(base+"/notifications"), chromedp.WaitVisible(css(`ul.notifications li`)))
	if got := st.text(miaTab, `ul.notifications li p`); got != "Eli asked you to be her mentor." {
		t.Errorf("Mia reads %q", got)
	}
	shot(t, miaTab, "notification-pronoun-request-en.png")

	if _, err := a.ChangeMentorship(asUser(mia), m.ID, "accept", ""); err != nil {
		t.Fatal(err)
	}
	eliTab := signedInPhone(t, base, "eli@example.org", "cobalt river stone")
	st.do(eliTab, "Eli's notifications", chromedp.Navigate(base+"/notifications"), chromedp.WaitVisible(css(`ul.notifications li`)))
	if got := st.text(eliTab, `ul.notifications li p`); got != "Mia accepted: she is your mentor now. You can message each other." {
		t.Errorf("Eli reads %q", got)
	}
	st.spanish(eliTab, base)
	st.do(eliTab, "Eli's notifications in Spanish", chromedp.Navigate(base+"/notifications"), chromedp.WaitVisible(css(`ul.notifications li`)))
	if got := st.text(eliTab, `ul.notifications li p`); got != "Mia aceptó: ahora es tu mentora. Pueden enviarse mensajes." {
		t.Errorf("Eli reads in Spanish %q", got)
	}
	shot(t, eliTab, "notification-pronoun-accept-es.png")
	if l, err := a.ListNotifications(asUser(eli)); err != nil || len(l.Notifications) == 0 || l.Notifications[0].Text != "Mia accepted: she is your mentor now. You can message each other." {
		t.Errorf("the API's text of Eli's notification: %+v %v", l, err)
	}

	if _, err := a.UpdateMe(asUser(mia), func(p *model.Profile) { p.Visibility["pronouns"] = model.VisOnlyMe }); err != nil {
		t.Fatal(err)
	}
	st.do(eliTab, "Mia's pronouns kept to herself", chromedp.Navigate(base+"/notifications"), chromedp.WaitVisible(css(`ul.notifications li`)))
	if got := st.text(eliTab, `ul.notifications li p`); got != "Mia aceptó: ahora es tu mentor o mentora. Pueden enviarse mensajes." {
		t.Errorf("with Mia's pronouns hidden, Eli reads %q", got)
	}
}

// TestBrowserCrisisQueueAndRespondSpeakOfAPersonByTheirPronouns: a
// moderator read of Bo, whose profile says he/him, "the crisis lines of
// their own country beside what they wrote", and of Ash (she/her) "you
// cannot message them"; Ash, answering Bo's call, read "Bo keeps where they
// are private". Each now follows the pronouns the reader may see, and
// "they" where they may not.
func TestBrowserCrisisQueueAndRespondSpeakOfAPersonByTheirPronouns(t *testing.T) {
	s := startServerParts(t, app.Options{}, nil)
	ash, bo, mod, ctx := moderatorOnPhone(t, s)
	asBo, asAsh := asUser(bo), asUser(ash)
	if _, err := s.app.UpdateMe(asBo, func(p *model.Profile) { p.Pronouns = "he/him"; p.Visibility["location"] = model.VisOnlyMe }); err != nil {
		t.Fatal(err)
	}
	if _, err := s.app.UpdateMe(asAsh, func(p *model.Profile) { p.Pronouns = "she/her" }); err != nil {
		t.Fatal(err)
	}
	if err := s.app.BlockMember(asAsh, mod.ID); err != nil {
		t.Fatal(err)
	}
	for _, as := range []context.Context{asBo, asAsh} {
		if _, err := s.app.CreatePost(as, app.PostInput{Kind: "story", Title: "Tonight", Body: "honestly everyone would be better off without me"}); err != nil {
			t.Fatal(err)
		}
	}
	st := steps{t}
	st.do(ctx, "open the crisis queue", chromedp.Navigate(s.base+"/moderation/crisis"), chromedp.WaitVisible(css(`#flags`)))
	queue := st.text(ctx, `#flags`)
	for _, want := range []string{
		"Bo was shown the crisis lines of his own country beside what he wrote. Your emergency number may not reach him: if he is in danger, ask where he is before you give one.",
		"Ash has blocked you, so you cannot message her. Another moderator can.",
	} {
		if !strings.Contains(queue, want) {
			t.Errorf("the queue lacks %q:\n%s", want, queue)
		}
	}
	shotHere(t, ctx, "#flags", "queue-crisis-pronouns-en.png")

	partnered(t, s.app, ash, bo)
	if _, err := s.app.RequestSupport(asBo); err != nil {
		t.Fatal(err)
	}
	ashTab := signedInPhone(t, s.base, "ash@example.org", "amber meadow trail")
	st.do(ashTab, "open Bo's call", chromedp.Navigate(s.base+"/support/respond"), chromedp.WaitVisible(css(`#to-respond .caller-lines`)))
	if card := st.text(ashTab, `#to-respond > li`); !strings.Contains(card, "Bo keeps where he is private, so he may be in another country: "+
		"your emergency number may not reach him there. If he is in danger, message him to ask which country he is in, then choose it "+
		"under “Crisis lines for” at the foot of this page to see its numbers.") {
		t.Errorf("Bo's call reads:\n%s", card)
	}
	shotHere(t, ashTab, "#to-respond", "respond-caller-pronouns-en.png")

	if _, err := s.app.UpdateMe(asBo, func(p *model.Profile) { p.Visibility["pronouns"] = model.VisOnlyMe }); err != nil {
		t.Fatal(err)
	}
	st.do(ashTab, "Bo's pronouns kept to himself", chromedp.Navigate(s.base+"/support/respond"), chromedp.WaitVisible(css(`#to-respond .caller-lines`)))
	if card := st.text(ashTab, `#to-respond > li`); !strings.Contains(card, "Bo keeps where they are private, so they may be in another country") {
		t.Errorf("with Bo's pronouns hidden, his call reads:\n%s", card)
	}
}

// TestBrowserDischargeSpeaksOfTheClientByTheirPronouns: Rosa, discharging
// Cal, whose profile says he/him, read "they keep their account", "How did
// their time in the program end?" and "they read “Congratulations…”", and
// after it "Discharged to alumni. They keep their account"; in Spanish
// "Dado de alta", a man's word, of anyone. The page and its outcome now
// speak of Cal as he, and name him; Spanish has no gender there.
func TestBrowserDischargeSpeaksOfTheClientByTheirPronouns(t *testing.T) {
	base, a := startServer(t)
	org, _, cal, secret := harborHouse(t, a)
	if _, err := a.UpdateMe(asUser(cal), func(p *model.Profile) { p.Pronouns = "he/him" }); err != nil {
		t.Fatal(err)
	}
	st := steps{t}
	tab := rosaOnPhone(t, base, secret)
	st.do(tab, "discharge Cal", chromedp.Navigate(base+"/organizations/"+org.ID), chromedp.WaitVisible(css(`form input[value=discharge] ~ button`)),
		chromedp.Click(css(`form input[value=discharge] ~ button`)), chromedp.WaitVisible(css(`#out-completed`)))
	// Confirming with no outcome chosen says his time, not "their" (W9-5).
	st.do(tab, "confirm with no outcome", chromedp.Click(css(`form input[name=confirm] ~ .actions button`)), chromedp.WaitVisible(css(`.field-error, .error-summary, [role=alert]`)))
	if page := st.text(tab, `main`); !strings.Contains(page, "how his time in the program ended") || strings.Contains(page, "their time") {
		t.Errorf("confirming with no outcome, Rosa reads:\n%s", page)
	}
	page := st.text(tab, `main`)
	for _, want := range []string{
		"Cal joins the alumni of Harbor House: he keeps his account, his peers and the alumni groups, and your staff no longer see him as a current client. He is told in the words you choose below.",
		"How did his time in the program end?",
		"Completed the program — he reads “Congratulations on completing your program”",
		"Moved to another program — he reads “You have moved on to another program”",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the discharge page lacks %q:\n%s", want, page)
		}
	}
	shot(t, tab, "discharge-pronouns-en.png")
	st.do(tab, "confirm", chromedp.Click(css(`#out-completed`)), chromedp.Click(css(`form input[name=confirm] ~ .actions button`)), chromedp.WaitVisible(css(`p.notice`)))
	if n := st.text(tab, `p.notice`); n != "Cal is one of the alumni now: he keeps his account, his peers and the alumni groups." {
		t.Errorf("after the discharge Rosa reads %q", n)
	}
	// One person's place reads in the singular: "alum", not "alumni" (W9-8).
	if people := st.text(tab, `table.stack tbody`); !strings.Contains(people, "Cal\nalum\n") {
		t.Errorf("Harbor House's people list Cal as:\n%q", people)
	}
	shot(t, tab, "discharged-pronouns-en.png")
}
