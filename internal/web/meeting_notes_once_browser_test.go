package web_test

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kinshiprecovery/kinship/internal/importer"
)

// TestBrowserMeetingSaysItsPasscodeOnce (walk9 W9-2): Orange County's feed
// copies a call's ID and passcode into both the meeting's notes and the
// call's notes (69 meetings word for word), and a visitor in Kathmandu read
// "Meeting ID: 365 15 3333, Password: 365" twice, one under the other, on
// "Newcomers Keep It Simple". On a phone, in English and Spanish, each
// meeting's page says each note once: the same words once; notes that the
// call's notes hold ("Password: HoagHut" in "ID: 817 3296 6950, Password:
// HoagHut") only there; call notes that the notes hold only in the notes.
func TestBrowserMeetingSaysItsPasscodeOnce(t *testing.T) {
	base, a := startServer(t)
	raw, err := os.ReadFile(sharedData(t, "meeting-guide", "oc-orange-county.json"))
	if err != nil {
		t.Fatal(err)
	}
	res, err := importer.ParseMeetingGuide(strings.NewReader(string(raw)), importer.Options{TimeZone: "America/Los_Angeles"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.ImportMeetings(context.Background(), "oc", res); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ accept, join string }{{"es-MX,es;q=0.9", "Unirse en línea"}, {"en-US,en;q=0.9", "Join online"}} {
		tab, done := phoneReading(t, c.accept)
		st := steps{t}
		for _, m := range []struct {
			slug string
			once []string // each read exactly once on the page
			gone string   // a paragraph the page no longer shows
		}{
			{"daily-open-aa-meeting", []string{"Meeting ID: 365 15 3333, Password: 365"}, "#conference-notes"},
			{"hoag-hut-speaker-meeting-newport-beach", []string{"ID: 817 3296 6950, Password: HoagHut", "HoagHut"}, "#meeting-notes"},
			{"newport-beach-alano-club-nooners-group-3", []string{"Meeting ID: 738 754 101 No password needed", "Previously at the Newport Beach Alano Club"}, "#conference-notes"},
		} {
			st.do(tab, c.accept+" "+m.slug, chromedp.Navigate(base+"/meetings/oc/"+m.slug), chromedp.WaitVisible(css(`#join-online`)))
			main := strings.Join(strings.Fields(st.text(tab, `main`)), " ")
			for _, s := range m.once {
				if n := strings.Count(main, s); n != 1 {
					t.Errorf("%s: %s: the page says %q %d times, want once:\n%s", c.accept, m.slug, s, n, main)
				}
			}
			if !strings.Contains(main, c.join) {
				t.Errorf("%s: %s: no %q on the page:\n%s", c.accept, m.slug, c.join, main)
			}
			if gone, err := chromedp.Run(tab, chromedp.Evaluate[bool](`!document.querySelector("`+m.gone+`")`)); err != nil || !gone {
				t.Errorf("%s: %s: the page still shows %s (%v)", c.accept, m.slug, m.gone, err)
			}
		}
		st.do(tab, c.accept, chromedp.Navigate(base+"/meetings/oc/daily-open-aa-meeting"), chromedp.WaitVisible(css(`#join-online`)))
		shot(t, tab, "meeting-passcode-once-"+c.accept[:2]+".png")
		done()
	}
}
