package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/model"
)

// TestBrowserPrivateGroupSaysWhoSeesItsMeetings walks walk5's private
// group: Fay had scheduled two meetings, and Ravi, waiting for her to
// let him in, read "No meetings scheduled yet." under Meetings; so did
// Lucía after Fay removed her ("Todavía no hay reuniones programadas.").
// On a phone, each reads that the group shows its meetings to its members
// only, in their language.
func TestBrowserPrivateGroupSaysWhoSeesItsMeetings(t *testing.T) {
	base, a := startServer(t)
	account(t, a, "admin@example.org", "steady harbor lantern", "Admin", model.RoleSiteAdmin)
	g, asFay, _ := faysGroupOf(t, a, "Parents in recovery", "A circle for parents.", "private")
	if _, err := a.CreateGroupMeeting(asFay, g.ID, app.MeetingInput{Title: "Evening circle", StartLocal: a.Now().AddDate(0, 0, 2).Format("2006-01-02") + "T19:00",
		TimeZone: "Australia/Adelaide", DurationMinutes: 90, Recurrence: &app.RecurrenceInput{Freq: "weekly", Weekdays: []string{"tue", "thu"}}}); err != nil {
		t.Fatal(err)
	}
	askedAndRemoved(t, a, g, asFay)
	for _, c := range []struct{ email, pw, lang, want, none string }{
		{"ravi@example.org", "cobalt river stone", "en", "This group shows its meetings to its members only.", "No meetings scheduled yet."},
		{"lucia@example.org", "amber meadow trail", "es", "Este grupo muestra sus reuniones solo a sus miembros.", "Todavía no hay reuniones programadas."},
	} {
		tab := signedInPhone(t, base, c.email, c.pw)
		st := steps{t}
		st.do(tab, c.lang+" group page", chromedp.Navigate(base+"/groups/"+g.ID), chromedp.WaitVisible(css(`#meetings`)))
		page := st.text(tab, `main`)
		if !strings.Contains(page, c.want) || strings.Contains(page, c.none) {
			t.Errorf("%s: the group page reads:\n%s\nwant %q, not %q", c.lang, page, c.want, c.none)
		}
		shot(t, tab, "private-meetings-"+c.lang+".png")
	}
}
