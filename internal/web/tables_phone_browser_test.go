package web_test

import (
	"context"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kinshiprecovery/kinship/internal/app"
)

// tableFits reports how far the words of the table in the scrolling region
// sel stand from the region's right edge at their nearest (the words drawn
// for the eye), and whether the region scrolls sideways (the table wider
// than the phone).
func tableFits(t *testing.T, tab context.Context, sel string) (gap float64, scrolls bool) {
	t.Helper()
	type fit struct {
		Gap     float64   `json:"gap"`
		Scrolls bool      `json:"scrolls"`
		Widths  []float64 `json:"widths"`
	}
	f := eval[fit](t, tab, "the table "+sel, `(() => { const r = document.querySelector(`+"`"+sel+"`"+`), box = r.getBoundingClientRect();
		let right = 0;
		const words = document.createTreeWalker(r, NodeFilter.SHOW_TEXT);
		for (let n = words.nextNode(); n; n = words.nextNode()) {
			const hid = n.parentElement.closest('.visually-hidden, thead');
			if (!n.textContent.trim() || hid && getComputedStyle(hid).position === 'absolute') { continue; }
			const range = document.createRange(); range.selectNodeContents(n);
			for (const q of range.getClientRects()) { if (q.width > 0) { right = Math.max(right, q.right); } }
		}
		return {gap: box.right - right, scrolls: r.scrollWidth > r.clientWidth + 1, widths: [r.clientWidth, r.scrollWidth]}; })()`)
	if f.Scrolls {
		t.Logf("%s: region %v px wide, the table %v", sel, f.Widths[0], f.Widths[1])
	}
	return f.Gap, f.Scrolls
}

// walk8 W8-5, at 390 px in Spanish: the check-in page's "Las últimas dos
// semanas" table was wider than the phone, its last heading "Consumió"
// against the edge, the day "6 de diciembre de 2026" on three lines; the
// organization page's People table ("Personas") was cut the same way, its
// role "administración" pushing "Dar de alta" and "Lo que Cal comparte"
// out of sight. On a phone each row is now a small card, as shared
// check-ins are: the day (or the person) on a line of its own, a label over
// each answer, what one may do below; nothing scrolls and every word stands
// clear of the edge, in Spanish and in English. Screen readers still read
// a table (its roles) with its column headers.
func TestBrowserTablesFitAPhoneInSpanish(t *testing.T) {
	base, a := startServer(t)
	org, _, cal, secret := harborHouse(t, a)
	asCal := asUser(cal)
	// Today and the two days before, on the app's clock.
	for back := 2; back >= 0; back-- {
		d := a.Now().AddDate(0, 0, -back).Format("2006-01-02")
		if _, _, err := a.RecordCheckin(asCal, app.CheckinInput{Mood: 4, Craving: 2, Used: back == 2, Date: d}); err != nil {
			t.Fatal(err)
		}
	}
	st := steps{t}
	calTab := signedInPhone(t, base, "cal@example.org", "cobalt river stone")
	rosa := rosaOnPhone(t, base, secret)
	for _, lang := range []string{"es", "en"} {
		if lang == "es" {
			st.spanish(calTab, base)
			st.spanish(rosa, base)
		} else {
			for _, tab := range []context.Context{calTab, rosa} {
				st.do(tab, "English", chromedp.Navigate(base+"/profile"), chromedp.SetValue(chromedp.CSS(`#f-kinship-lang`), "en"),
					chromedp.Click(chromedp.CSS(`form[action="/language"] button`)), chromedp.WaitVisible(chromedp.CSS(`html[lang="en"]`)))
			}
		}
		st.do(calTab, lang+" check-in", chromedp.Navigate(base+"/checkin"), chromedp.WaitVisible(chromedp.CSS(`section[aria-labelledby="recent-h"] .table-scroll`)))
		if gap, scrolls := tableFits(t, calTab, `section[aria-labelledby="recent-h"] .table-scroll`); scrolls || gap < 4 {
			t.Errorf("%s: the check-in's last two weeks: scrolls %v, its words %.1f px from the edge", lang, scrolls, gap)
		}
		st.do(calTab, "to the table", chromedp.ScrollIntoView(chromedp.CSS(`#recent-h`)))
		shot(t, calTab, "checkin-recent-"+lang+".png")

		st.do(rosa, lang+" organization", chromedp.Navigate(base+"/organizations/"+org.ID), chromedp.WaitVisible(chromedp.CSS(`main .table-scroll`)))
		if gap, scrolls := tableFits(t, rosa, `main .table-scroll`); scrolls || gap < 4 {
			t.Errorf("%s: the organization's people: scrolls %v, its words %.1f px from the edge", lang, scrolls, gap)
		}
		st.do(rosa, "to the table", chromedp.ScrollIntoView(chromedp.CSS(`main .table-scroll`)))
		shot(t, rosa, "org-people-"+lang+".png")
	}
}
