package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kinshiprecovery/kinship/internal/app"
)

// TestBrowserReportModerateNotice drives three phones: Ash shares a post,
// Bo reports it, a moderator (signing in with two-factor login) removes it
// with a reason, and Ash reads the notice with that reason and can appeal.
func TestBrowserReportModerateNotice(t *testing.T) {
	s := startServerParts(t, app.Options{}, nil)
	base := s.base
	_, _, _, modCtx := moderatorOnPhone(t, s)
	ashCtx := signedInPhone(t, base, "ash@example.org", "amber meadow trail")
	boCtx := signedInPhone(t, base, "bo@example.org", "cobalt river stone")
	st := steps{t}
	do, text := st.do, st.text
	type css = chromedp.CSS
	do(modCtx, "the moderator's menu", chromedp.Click(css(`nav.tabs a[href="/more"]`)), chromedp.WaitVisible(css(`#moderator-items a[href="/moderation/queue"]`)))

	do(ashCtx, "share a post", chromedp.Navigate(base+"/community"), chromedp.SendKeys(css(`#f-title`), "What helped me"),
		chromedp.SendKeys(css(`#f-body`), "My cousin, who lives at 12 Elm Street, taught me to cook."),
		chromedp.Click(css(`form[action="/community/posts"] button`)), chromedp.WaitVisible(css(`.notice`)))
	do(boCtx, "report it", chromedp.Navigate(base+"/community"), chromedp.Click(css(`.posts h2 a`)), chromedp.WaitVisible(css(`.post-body`)),
		chromedp.Click(css(`details.report summary`)), chromedp.SetValue(css(`#f-reason`), "privacy"),
		chromedp.SendKeys(css(`#f-details`), "shares someone's address"), chromedp.Click(css(`details.report button`)), chromedp.WaitVisible(css(`.notice`)))
	do(boCtx, "the community space", chromedp.Navigate(base+"/community"), chromedp.WaitVisible(css(`.posts`)))
	if png, err := fullShot(boCtx); err == nil {
		save(t, "community.png", png)
	}
	do(modCtx, "open the queue", chromedp.Navigate(base+"/moderation/queue"), chromedp.WaitVisible(css(`#reports`)))
	if s := text(modCtx, `#reports`); !strings.Contains(s, "12 Elm Street") || !strings.Contains(s, "shares someone's address") {
		t.Fatalf("the queue shows the report: %q", s)
	}
	if png, err := fullShot(modCtx); err == nil {
		save(t, "moderation.png", png)
	}
	do(modCtx, "remove with a reason", chromedp.SendKeys(css(`#reports input[name=reason]`), "It shares a family member's home address"),
		chromedp.Click(css(`#reports button[value=remove]`)), chromedp.WaitVisible(css(`.notice`)))
	do(ashCtx, "read the notice", chromedp.Navigate(base+"/notifications"), chromedp.WaitVisible(css(`.notifications`)))
	if s := text(ashCtx, `.notifications`); !strings.Contains(s, "It shares a family member's home address") || !strings.Contains(s, "appeal") {
		t.Fatalf("Ash's notice: %q", s)
	}
	do(ashCtx, "appeal", chromedp.Navigate(base+"/appeals"), chromedp.SendKeys(css(`textarea[name=text]`), "I will edit out the address."),
		chromedp.Click(css(`form[action^="/appeals/"] button`)), chromedp.WaitVisible(css(`.notice`)))
}
