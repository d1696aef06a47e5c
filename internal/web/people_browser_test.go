package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/model"
)

// TestBrowserFindPeers: Bo, on a phone, goes from the community page to
// "find peers", searches for a skill with the keyboard and finds Ash, who
// shows her skills to members; a one-letter search says what to fix.
func TestBrowserFindPeers(t *testing.T) {
	base, a := startServer(t)
	ctx := context.Background()
	ash, _ := cast(t, a)
	if _, err := a.UpdateMe(app.WithActor(ctx, &app.Actor{User: ash}), func(p *model.Profile) {
		p.Skills = []string{"Resume reviews", "Cooking on a budget"}
		p.Visibility["skills"] = model.VisMembers
	}); err != nil {
		t.Fatal(err)
	}
	st := steps{t}
	do, text := st.do, st.text
	type css = chromedp.CSS
	boCtx := signedInPhone(t, base, "bo@example.org", "cobalt river stone")
	do(boCtx, "find peers from the community page", chromedp.Navigate(base+"/community"), chromedp.Click(css(`main a[href="/people"]`)),
		chromedp.WaitVisible(css(`#f-skill`)), chromedp.SendKeys(css(`#f-skill`), "resume\r"), chromedp.WaitVisible(css(`#results`)))
	if got := text(boCtx, `.people`); !strings.Contains(got, "Ash") || !strings.Contains(got, "Resume reviews") {
		t.Fatalf("results: %q", got)
	}
	if png, err := fullShot(boCtx); err == nil {
		save(t, "people.png", png)
	}
	do(boCtx, "a one-letter search", chromedp.SetValue(css(`#f-skill`), "r"), chromedp.Submit(css(`#f-skill`)), chromedp.WaitVisible(css(`#e-skill`)))
	if got := text(boCtx, `#e-skill`); !strings.Contains(got, "two letters") {
		t.Fatalf("the field error says %q", got)
	}
}
