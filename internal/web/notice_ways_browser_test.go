package web_test

import (
	"testing"

	"github.com/chromedp/chromedp"
)

// brokenWords names the words of the notification choices' headings that
// a phone's narrow columns split across lines anywhere but at a soft
// hyphen ("disposit" / "ivos").
const brokenWords = `(() => {
  const bad = [];
  for (const th of document.querySelectorAll('.notice-ways th')) {
    const walk = document.createTreeWalker(th, NodeFilter.SHOW_TEXT);
    for (let n = walk.nextNode(); n; n = walk.nextNode()) {
      const re = /[^\s\u00AD]+/g;
      for (let m = re.exec(n.data); m; m = re.exec(n.data)) {
        const top = i => { const r = document.createRange(); r.setStart(n, i); r.setEnd(n, i + 1); return Math.round(r.getBoundingClientRect().top); };
        // A range's first letter after a soft hyphen's break reads the line before (where the break is).
        const first = m.index + (m.index > 0 && n.data[m.index - 1] === '\u00AD' && m[0].length > 1 ? 1 : 0);
        if (top(first) !== top(m.index + m[0].length - 1)) bad.push(m[0]);
      }
    }
  }
  return bad;
})()`

// smallBoxes names the notification choices' boxes whose target is less
// than 44 by 44 px.
const smallBoxes = `[...document.querySelectorAll('.notice-ways input[type=checkbox]')].filter(i => {
  const r = (i.closest('label') || i).getBoundingClientRect();
  return r.width < 44 || r.height < 44;
}).map(i => i.id)`

// TestBrowserNotificationChoicesFitAPhone: on a 390 px phone in Spanish the
// notification choices split words mid-way ("En tus disposit / ivos",
// "responsabilida / d") and each of their 21 boxes was a 20 px target. In
// English and Spanish, words break only where a soft hyphen allows, and
// each box is a 44 px target.
func TestBrowserNotificationChoicesFitAPhone(t *testing.T) {
	type css = chromedp.CSS
	s := startPushServer(t) // with notifications to devices: the table's third column
	base := s.base
	cast(t, s.app)
	st := steps{t}
	tab := signedInPhone(t, base, "bo@example.org", "cobalt river stone")
	for _, lang := range []string{"en", "es"} {
		if lang == "es" {
			st.do(tab, "Spanish", chromedp.Navigate(base+"/profile"), chromedp.SetValue(css(`#f-kinship-lang`), "es"),
				chromedp.Click(css(`form[action="/language"] button`)), chromedp.WaitVisible(css(`html[lang="es"]`)))
		}
		st.do(tab, lang+" notifications", chromedp.Navigate(base+"/notifications"), chromedp.WaitVisible(css(`.notice-ways`)))
		cols, err := chromedp.Run(tab, chromedp.Evaluate[int](`document.querySelectorAll('.notice-ways thead th').length`))
		if err != nil || cols != 4 {
			t.Fatalf("%s: the choices' table has %d columns (%v)", lang, cols, err)
		}
		if bad, err := chromedp.Run(tab, chromedp.Evaluate[[]string](brokenWords)); err != nil || len(bad) > 0 {
			t.Errorf("%s: words split across lines in the choices' headings: %v (%v)", lang, bad, err)
		}
		if small, err := chromedp.Run(tab, chromedp.Evaluate[[]string](smallBoxes)); err != nil || len(small) > 0 {
			t.Errorf("%s: boxes smaller than 44 px: %v (%v)", lang, small, err)
		}
		st.do(tab, lang+" tick by the edge of its target", chromedp.Evaluate[chromedp.Void](`(() => {
  const l = document.querySelector('#mail-community').closest('label'), r = l.getBoundingClientRect();
  document.elementFromPoint(r.left + 3, r.top + 3).click();
})()`))
		if on, _ := chromedp.Run(tab, chromedp.Evaluate[bool](`document.querySelector('#mail-community').checked`)); on {
			t.Errorf("%s: a tap at the edge of the box's target did not change it", lang)
		}
		shot(t, tab, "notification-choices-"+lang+".png")
	}
}
