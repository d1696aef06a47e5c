package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// walk13 W13-2: Lucía in Buenos Aires, whose country Kinship had no
// emergency number for, pressed "Necesito apoyo ahora" and read under "Si
// una vida está en peligro ahora": "Llama al El número de emergencias de tu
// país." (in English "Call Your local emergency number."): the sentence's
// verb, then the international line's contact as a name. A person in a
// country without a number of its own reads one sentence, in their language.
func TestBrowserSupportPageWithoutAnEmergencyNumber(t *testing.T) {
	base, a := startServer(t)
	ash, bo := cast(t, a)
	livesIn(t, a, ash, "DE", "Europe/Berlin", "es")
	livesIn(t, a, bo, "DE", "Europe/Berlin", "en")
	st := steps{t}
	for _, c := range []struct {
		email, pw, want, shot string
		not                   []string
	}{
		{"ash@example.org", "amber meadow trail", "Llama al número de emergencias de tu país.", "support-no-number-es.png", []string{"Llama al El", "al El número"}},
		{"bo@example.org", "cobalt river stone", "Call your local emergency number.", "support-no-number-en.png", []string{"Call Your"}},
	} {
		tab := signedInPhone(t, base, c.email, c.pw)
		st.do(tab, "open the support page", chromedp.Navigate(base+"/support"), chromedp.WaitVisible(chromedp.CSS(`section.banner`)))
		got := strings.Join(strings.Fields(st.text(tab, `section.banner`)), " ")
		if !strings.Contains(got, c.want) {
			t.Errorf("%s's support page, where a life is in danger, reads %q; want %q", c.email, got, c.want)
		}
		for _, n := range c.not {
			if strings.Contains(got, n) {
				t.Errorf("%s's support page reads %q", c.email, n)
			}
		}
		shot(t, tab, c.shot)
	}
}
