package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// walk6: Cy, with no accountability partner and no mentor, opened "I need
// support now" and read "Pressing this alerts your accountability partners
// at once": there were none, and the alert goes only to the peer supporters
// on duty, if anyone is. A person deciding whether to press, or to call,
// now reads who it reaches; one with a partner reads the words as before.
func TestBrowserSupportSaysWhomPressingReaches(t *testing.T) {
	base, a := startServer(t)
	_, _, cy, dee := castAbroad(t, a, home{"ES", "Europe/Madrid", "es"}, home{"NP", "Asia/Kathmandu", "en"},
		home{"CL", "America/Santiago", "en"}, home{})
	partnered(t, a, cy, dee)
	st := steps{t}
	for _, c := range []struct{ who, email, pw, want, not, shot string }{
		{"Ash", "ash@example.org", "amber meadow trail",
			"Todavía no tienes compañeros de responsabilidad ni mentor aquí, así que al presionarlo avisas a las personas de apoyo de turno, si hay alguien de turno ahora.",
			"avisas de inmediato a tus compañeros", "support-no-circle-es.png"},
		{"Bo", "bo@example.org", "cobalt river stone",
			"You have no accountability partners or mentor here yet, so pressing this alerts the peer supporters on duty, if anyone is on duty now.",
			"alerts your accountability partners at once", "support-no-circle-en.png"},
		{"Cy", "cy@example.org", "granite orchard dusk", "Pressing this alerts your accountability partners at once.", "no accountability partners", ""},
	} {
		tab := signedInPhone(t, base, c.email, c.pw)
		st.do(tab, c.who+" opens the support page", chromedp.Navigate(base+"/support"), chromedp.WaitVisible(chromedp.CSS(`#support-pressing`)))
		if got := st.text(tab, `#support-pressing`); !strings.Contains(got, c.want) || strings.Contains(got, c.not) {
			t.Errorf("%s reads above the button %q, want %q", c.who, got, c.want)
		}
		if c.shot != "" {
			shot(t, tab, c.shot)
		}
	}
}
