package web_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/model"
)

// TestBrowserMovedOrCancelledDateTellsTheMembers walks walk5's facilitator: Fay
// (Adelaide) cancelled one Tuesday of her group's weekly meeting and her
// page said only "Saved."; Ravi (Kolkata) and Lucía (Mexico City, in
// Spanish) were told nothing, and someone going in person would have
// found a closed door. Now Fay's page says the members are told, and each
// member's notifications name the meeting, the group and the date and
// time in their own zone and language, and so does a date she moves to
// another day on her phone; Fay, who did it, gets none.
func TestBrowserMovedOrCancelledDateTellsTheMembers(t *testing.T) {
	base, a := startServer(t)
	ctx := context.Background()
	account(t, a, "admin@example.org", "steady harbor lantern", "Admin", model.RoleSiteAdmin)
	g, asFay, secret := faysGroupMFA(t, a, "Parents in recovery", "A weekly circle for parents.")
	if _, err := a.UpdateMe(asFay, func(p *model.Profile) { p.TimeZone = "Australia/Adelaide" }); err != nil {
		t.Fatal(err)
	}
	adelaide, _ := time.LoadLocation("Australia/Adelaide")
	first := a.Now().In(adelaide).AddDate(0, 0, 2)
	for first.Weekday() != time.Tuesday {
		first = first.AddDate(0, 0, 1)
	}
	m, err := a.CreateGroupMeeting(asFay, g.ID, app.MeetingInput{Title: "Evening circle", StartLocal: first.Format("2006-01-02") + "T19:00",
		TimeZone: "Australia/Adelaide", DurationMinutes: 90, Recurrence: &app.RecurrenceInput{Freq: "weekly", Weekdays: []string{"tue", "thu"}}})
	if err != nil {
		t.Fatal(err)
	}
	// The first date, the one Fay cancels, as an instant.
	at := time.Date(first.Year(), first.Month(), first.Day(), 19, 0, 0, 0, adelaide)
	en := func(l time.Time) string {
		return fmt.Sprintf("%d %s %d at %s", l.Day(), l.Month(), l.Year(), l.Format("3:04 pm")) // Ravi, in India, reads a 12-hour clock
	}
	es := func(l time.Time) string {
		return fmt.Sprintf("%d de %s de %d a las %s", l.Day(), monthsES[l.Month()-1], l.Year(), l.Format("15:04"))
	}
	people := []struct {
		email, pw, name, zone, lang string
		// want are the sentences the person reads, given the dates in their zone.
		want func(cancelled, was, to time.Time) []string
	}{
		{"ravi@example.org", "cobalt river stone", "Ravi", "Asia/Kolkata", "en", func(c, w, to time.Time) []string {
			return []string{"Evening circle (Parents in recovery) on " + en(c) + " IST is cancelled.",
				"Evening circle (Parents in recovery) on " + en(w) + " IST moves to " + en(to) + " IST."}
		}},
		{"lucia@example.org", "quiet willow harbor", "Lucía", "America/Mexico_City", "es", func(c, w, to time.Time) []string {
			return []string{"Se canceló Evening circle (Parents in recovery) del " + es(c) + " CST.",
				"Evening circle (Parents in recovery) del " + es(w) + " CST pasa al " + es(to) + " CST."}
		}},
	}
	for _, p := range people {
		u, err := a.AdminCreateUserIn(ctx, p.email, p.pw, p.name, model.RoleMember, p.zone)
		if err != nil {
			t.Fatal(err)
		}
		as := app.WithActor(ctx, &app.Actor{User: u})
		if err := a.SetLanguage(as, p.lang); err != nil {
			t.Fatal(err)
		}
		if _, err := a.JoinGroup(as, g.ID, true); err != nil {
			t.Fatal(err)
		}
	}

	st := steps{t}
	fayTab := signedInPhone(t, base, "fay@example.org", "quiet harbor willow")
	st.mfaStep(fayTab, secret)
	// Each date's forms are found by the date, not by where they come.
	cancelFirst := `form[action$="/cancel"]:has(input[name=occurrence][value="` + model.At(at).String() + `"]) button`
	st.do(fayTab, "cancel the first date", chromedp.Navigate(base+"/groups/"+g.ID), chromedp.WaitVisible(css(cancelFirst)),
		chromedp.Click(css(cancelFirst)), chromedp.WaitVisible(css(`.notice`)))
	if got := st.text(fayTab, `.notice`); got != "That date is cancelled, and the group's members are told." {
		t.Errorf("Fay's page after cancelling says %q", got)
	}
	if got := st.text(fayTab, `section.partner .sessions li:first-child`); !strings.Contains(got, "cancelled") {
		t.Errorf("the first date reads %q, want it cancelled", got)
	}
	shot(t, fayTab, "date-cancelled-fay.png")
	// Fay moves the Thursday after to Friday at 18:30, written where the
	// meeting is held; the field starts at the date's own time there.
	thu := time.Date(first.Year(), first.Month(), first.Day()+2, 19, 0, 0, 0, adelaide)
	fri := time.Date(first.Year(), first.Month(), first.Day()+3, 18, 30, 0, 0, adelaide)
	second := `section.partner .sessions li:nth-child(2) `
	move := fmt.Sprintf("#move-%s-%d ", m.ID, thu.Unix())
	st.do(fayTab, "open moving the Thursday", chromedp.Click(css(move+`summary`)), chromedp.WaitVisible(css(move+`input[name=start_local]`)))
	if label := st.text(fayTab, move+`label`); label != "New date and time (Australian Central Time (Adelaide))" {
		t.Errorf("the new date's label reads %q", label)
	}
	if v, err := chromedp.Run(fayTab, chromedp.Value(css(move+`input[name=start_local]`))); err != nil || v != thu.Format("2006-01-02T15:04") {
		t.Errorf("the new date starts at %q (%v), want the Thursday's own %q", v, err, thu.Format("2006-01-02T15:04"))
	}
	st.do(fayTab, "move the Thursday", chromedp.SetValue(css(move+`input[name=start_local]`), fri.Format("2006-01-02T15:04")),
		chromedp.Click(css(move+`button`)))
	// The cancelled notice is on screen until the page after the move loads.
	st.until(fayTab, "the page after moving", `document.readyState === 'complete' && location.search === '?done=moved' && !!document.querySelector('.notice')`)
	if got := st.text(fayTab, `.notice`); got != "That date is moved, and the group's members are told." {
		t.Errorf("Fay's page after moving says %q", got)
	}
	if got := st.text(fayTab, second); !strings.Contains(got, "moved") {
		t.Errorf("the moved date reads %q", got)
	}
	shot(t, fayTab, "date-moved-fay.png")

	for _, p := range people {
		zone, _ := time.LoadLocation(p.zone)
		tab := signedInPhone(t, base, p.email, p.pw)
		st.do(tab, p.name+"'s notifications", chromedp.Navigate(base+"/notifications"), chromedp.WaitVisible(css(`main h1`)))
		got := st.text(tab, `main`)
		for _, want := range p.want(at.In(zone), thu.In(zone), fri.In(zone)) {
			if !strings.Contains(got, want) {
				t.Errorf("%s reads:\n%s\nwant %q", p.name, got, want)
			}
		}
		shot(t, tab, "date-cancelled-"+p.lang+".png")
	}
	st.do(fayTab, "Fay's notifications", chromedp.Navigate(base+"/notifications"), chromedp.WaitVisible(css(`main h1`)))
	if got := st.text(fayTab, `main`); strings.Contains(got, "Evening circle") {
		t.Errorf("Fay, who cancelled it, is told too:\n%s", got)
	}
}

// monthsES are the months as Spanish writes them in a date.
var monthsES = [...]string{"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"}
