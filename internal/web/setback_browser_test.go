package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// TestBrowserSetbackNotedNotInTheAddress: on a phone, a return to use
// recorded on the check-in page is noted kindly on the page it leads to,
// whose address is /checkin alone (nothing of it in the browser's
// history). Screenshot: setback-noted.png.
func TestBrowserSetbackNotedNotInTheAddress(t *testing.T) {
	exe := chromium(t)
	s := startServerParts(t, app.Options{Now: testutil.PictureClock()}, nil)
	today := testutil.PictureTime
	u := account(t, s.app, "cy@example.org", "harbor lantern quietly", "Cy", model.RoleMember)
	if _, err := s.app.UpdateMe(app.WithActor(context.Background(), &app.Actor{User: u}), func(p *model.Profile) {
		p.RecoveryStart, p.TimeZone = today.AddDate(0, 0, -40).Format("2006-01-02"), "America/Chicago"
	}); err != nil {
		t.Fatal(err)
	}
	c, done := picturePhone(t, exe)
	defer done()
	st := steps{t}
	st.signIn(c, s.base, "cy@example.org", "harbor lantern quietly")
	st.do(c, "a setback three days ago", chromedp.Navigate(s.base+"/checkin"), chromedp.WaitVisible(chromedp.CSS(`form[action="/recovery/returns"]`)),
		chromedp.SetValue(chromedp.CSS(`#f-date`), today.AddDate(0, 0, -3).Format("2006-01-02")),
		chromedp.Click(chromedp.CSS(`form[action="/recovery/returns"] button[type=submit]`)), chromedp.WaitVisible(chromedp.CSS(`.notice`)))
	if got := st.text(c, `.notice`); !strings.Contains(got, "A setback does not erase your progress") {
		t.Errorf("the notice reads %q", got)
	}
	if loc, err := chromedp.Run(c, chromedp.Location()); err != nil || loc != s.base+"/checkin" {
		t.Errorf("the address after a setback is %q (%v), want %s/checkin", loc, err, s.base)
	}
	shot(t, c, "setback-noted.png")
}
