package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// TestBrowserSpanishVisitor: on a 390x844 phone a visitor switches to
// Spanish with the footer's switcher (no account), finds tonight's
// meetings ("Esta noche"), and reads /about (the crisis disclaimer) and
// the footer's crisis line in Spanish; the pages say lang="es".
// Screenshots: es-meetings.png, es-about.png, with the server's clock and
// the phone's at testutil.PictureTime.
func TestBrowserSpanishVisitor(t *testing.T) {
	exe := chromium(t)
	base, _ := startServerWith(t, app.Options{Now: testutil.PictureClock()})
	ctx, cancel := picturePhone(t, exe)
	defer cancel()
	s := steps{t}
	s.do(ctx, "choose Spanish in the footer", chromedp.Navigate(base+"/"), chromedp.SetValue(chromedp.CSS(`#f-lang`), "es"),
		chromedp.Click(chromedp.CSS(`.lang-switch button`)), chromedp.WaitVisible(chromedp.CSS(`html[lang="es"]`)))
	if got := s.text(ctx, "main h1"); got != "Apoyo entre pares para personas en recuperación" {
		t.Errorf("landing heading: %q", got)
	}
	s.do(ctx, "tonight's meetings", chromedp.Navigate(base+"/meetings"), chromedp.Click(chromedp.CSS(`nav.quick a[href*="when=tonight"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#res-h`)))
	if got := s.text(ctx, "#res-h"); !strings.HasPrefix(got, "Esta noche: ") || !strings.Contains(got, "reuniones") {
		t.Errorf("results heading: %q", got)
	}
	shot(t, ctx, "es-meetings.png")
	s.do(ctx, "about", chromedp.Navigate(base+"/about"), chromedp.WaitVisible(chromedp.CSS(`main h1`)))
	if page := s.text(ctx, "main"); !strings.Contains(page, "No es un servicio de crisis ni un servicio médico") {
		t.Errorf("about page: %s", page)
	}
	if foot := s.text(ctx, "footer.site"); !strings.Contains(foot, "¿Estás en crisis?") {
		t.Errorf("footer: %s", foot)
	}
	shot(t, ctx, "es-about.png")
}
