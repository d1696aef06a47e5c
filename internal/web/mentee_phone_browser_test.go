package web_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/model"
)

// TestBrowserMenteeCheckinsFitAPhone: a mentor reads a mentee's shared
// check-ins on a 390 and a 320 px phone, in English and in Spanish, and
// nothing scrolls sideways: each day is a card with a small label over
// each answer and the whole note below (a long link in it wraps). A
// screen reader still meets a table: the cells' labels are drawn for the
// eye only, and the column headers name the cells.
func TestBrowserMenteeCheckinsFitAPhone(t *testing.T) {
	base, a := startServer(t)
	mia, eli, secret := readyMentor(t, a)
	asMia, asEli := app.WithActor(context.Background(), &app.Actor{User: mia}), app.WithActor(context.Background(), &app.Actor{User: eli})
	m, err := a.RequestMentor(asEli, mia.ID, "Could we talk on Tuesdays?")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.ChangeMentorship(asMia, m.ID, "accept", ""); err != nil {
		t.Fatal(err)
	}
	if _, err := a.SetMentorshipShare(asEli, m.ID, model.PartnerShare{CheckinDone: true, Mood: true, Craving: true, Used: true, Note: true}); err != nil {
		t.Fatal(err)
	}
	today := a.Today(asEli)
	notes := []string{
		"Went to my meeting and stayed for coffee afterwards; the list is at https://meetings.example.org/evening-groups/tuesday-night-open-discussion-downtown",
		"",
		"A hard night. I called my sister and that helped a little.",
	}
	for i, note := range notes {
		day := today.AddDate(0, 0, -i).Format("2006-01-02")
		if _, _, err := a.RecordCheckin(asEli, app.CheckinInput{Mood: 4 - i, Craving: 2 + 3*i, Used: i == 2, Note: note, Date: day}); err != nil {
			t.Fatal(err)
		}
	}

	ctx := signedInPhone(t, base, "mia@example.org", "amber meadow trail")
	st := steps{t}
	type css = chromedp.CSS
	st.mfaStep(ctx, secret)
	page := base + "/mentorships/" + m.ID + "/checkins"
	labels := map[string][]string{"en": {"Mood", "Craving", "Used", "Note"}, "es": {"Ánimo", "Ganas de consumir", "Consumió", "Nota"}}
	for _, lang := range []string{"en", "es"} {
		if lang == "es" {
			st.do(ctx, "Spanish", chromedp.Navigate(page), chromedp.SetValue(css(`#f-lang`), "es"), chromedp.Click(css(`form.lang-switch button`)),
				chromedp.WaitVisible(css(`html[lang=es]`)))
		}
		for _, w := range []int64{390, 320} {
			where := fmt.Sprintf("%s at %d px", lang, w)
			st.do(ctx, where, chromedp.EmulateViewport(w, 844), chromedp.Navigate(page), chromedp.WaitVisible(css(`main table.stack tbody tr`)))
			// The heading names the mentee: a mentor with two mentees read
			// "Your mentee's check-ins" on each one's page.
			if h, want := st.text(ctx, `main h1`), map[string]string{"en": "Eli's check-ins", "es": "Registros de Eli"}[lang]; h != want {
				t.Errorf("%s: the heading reads %q, want %q", where, h, want)
			}
			if pw := eval[int](t, ctx, "page width", `document.documentElement.scrollWidth`); pw > int(w) {
				t.Errorf("%s: the page is %d px wide", where, pw)
			}
			wide := eval[[]string](t, ctx, "measure the cells", `Array.from(document.querySelectorAll('main table.stack tbody td')).filter(td => td.getBoundingClientRect().right > innerWidth + 0.5 || td.scrollWidth > td.clientWidth + 1).map(td => td.textContent.slice(0, 40))`)
			if len(wide) > 0 {
				t.Errorf("%s: cells wider than the screen: %q", where, wide)
			}
			// What the eye reads in each card: a label over each answer.
			cards := eval[[]string](t, ctx, "read the cards", `Array.from(document.querySelectorAll('main table.stack tbody tr')).map(tr => Array.from(tr.cells).map(td => {
				const label = getComputedStyle(td, '::before').content;
				return (label && label !== 'none' ? label.split('"')[1] + ': ' : '') + td.innerText.trim();
			}).filter(s => s !== '').join(' | '))`)
			l := labels[lang]
			if len(cards) != 3 {
				t.Fatalf("%s: %d cards: %q", where, len(cards), cards)
			}
			for i, want := range []string{
				l[0] + ": 4/5 | " + l[1] + ": 2/10 | " + l[2] + ": " + map[string]string{"en": "No", "es": "No"}[lang] + " | " + l[3] + ": " + notes[0],
				l[0] + ": 3/5 | " + l[1] + ": 5/10 | " + l[2] + ": No",
				l[0] + ": 2/5 | " + l[1] + ": 8/10 | " + l[2] + ": " + map[string]string{"en": "Yes", "es": "Sí"}[lang] + " | " + l[3] + ": " + notes[2],
			} {
				if !strings.HasSuffix(cards[i], want) {
					t.Errorf("%s: card %d reads %q, want it to end %q", where, i+1, cards[i], want)
				}
			}
			// The note has the card's whole width, not a column's.
			if nw := eval[float64](t, ctx, "the note's width", `document.querySelector('main table.stack td.note').getBoundingClientRect().width`); nw < float64(w)-60 {
				t.Errorf("%s: the note is %.0f px wide", where, nw)
			}
			if w == 390 {
				shot(t, ctx, "mentee-checkins-"+lang+".png")
			} else {
				shot320(t, ctx, "mentee-checkins-"+lang+"-320.png")
			}
		}
	}
	// For a screen reader it is still a table whose cells have their column's name.
	st.do(ctx, "back to 390", chromedp.EmulateViewport(390, 844), chromedp.Navigate(page), chromedp.WaitVisible(css(`main table.stack tbody tr`)))
	roles := eval[string](t, ctx, "the table's roles", `[document.querySelector('main table.stack').getAttribute('role'), document.querySelector('main table.stack tbody tr').getAttribute('role'),
		document.querySelector('main table.stack tbody td').getAttribute('role'), document.querySelectorAll('main table.stack thead th[role=columnheader]').length].join(' ')`)
	if roles != "table row cell 5" {
		t.Errorf("the table's roles: %s", roles)
	}
}

// readyMentor makes Mia, three years in recovery, a mentor with room for
// two and two-factor login (its secret returned), and Eli, a member who
// can ask her.
func readyMentor(t *testing.T, a *app.App) (mia, eli *model.User, secret string) {
	t.Helper()
	account(t, a, "admin@example.org", "steady harbor lantern", "Admin", model.RoleSiteAdmin)
	mia = account(t, a, "mia@example.org", "amber meadow trail", "Mia", model.RoleMember)
	eli = account(t, a, "eli@example.org", "cobalt river stone", "Eli", model.RoleMember)
	secret = withMFA(t, a, mia)
	asMia := app.WithActor(context.Background(), &app.Actor{User: mia})
	if _, err := a.UpdateMe(asMia, func(p *model.Profile) { p.RecoveryStart = a.Now().AddDate(-3, 0, 0).Format("2006-01-02") }); err != nil {
		t.Fatal(err)
	}
	if _, err := a.SaveMentorshipSettings(asMia, app.MentorshipSettings{Mentor: true, Capacity: 2, Availability: []string{"tue-evening"}}); err != nil {
		t.Fatal(err)
	}
	return mia, eli, secret
}
