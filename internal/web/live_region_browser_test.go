package web_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/accessibility"
	"github.com/chromedp/chromedp"
)

// walk6: a partner's call for support, or a flag for the moderators,
// arrives on every open page in #live-notice, a polite live region. The
// region was hidden until then, so it was not in the accessibility tree
// when the words were put in it: a screen reader announces changes only in
// a live region already there. Reading Chromium's accessibility tree as a
// screen reader does: the region is in it from the start, empty, on Bo's
// page (English) and Ash's (Spanish), and Ash's call then appears in it.
func TestBrowserLiveNoticeIsInTheAccessibilityTreeBeforeTheCall(t *testing.T) {
	base, a, asAsh, ashTab, boTab := partnersOnPhones(t)
	st := steps{t}
	st.spanish(ashTab, base)
	// liveRegion is the text of the polite status region in the tab's
	// accessibility tree, and whether there is one.
	liveRegion := func(tab context.Context) (string, bool) {
		t.Helper()
		res, err := chromedp.Call(tab, accessibility.GetFullAXTree, accessibility.GetFullAXTreeParams{})
		if err != nil {
			t.Fatal(err)
		}
		byID := map[accessibility.NodeID]*accessibility.Node{}
		for _, n := range res.Nodes {
			byID[n.NodeID] = n
		}
		var text func(n *accessibility.Node) string
		text = func(n *accessibility.Node) string {
			s := ""
			if n.Role != nil && strings.Trim(string(n.Role.Value), `"`) == "StaticText" && n.Name != nil {
				s = strings.Trim(string(n.Name.Value), `"`)
			}
			for _, c := range n.ChildIDs {
				if cn := byID[c]; cn != nil {
					s += text(cn)
				}
			}
			return s
		}
		for _, n := range res.Nodes {
			if n.Ignored || n.Role == nil || strings.Trim(string(n.Role.Value), `"`) != "status" {
				continue
			}
			for _, p := range n.Properties {
				if p.Name == "live" && strings.Contains(string(p.Value.Value), "polite") {
					return text(n), true
				}
			}
		}
		return "", false
	}
	for _, tab := range []context.Context{boTab, ashTab} {
		st.do(tab, "home", chromedp.Navigate(base+"/"), chromedp.WaitVisible(chromedp.CSS(`main h1`)))
		if got, ok := liveRegion(tab); !ok || got != "" {
			t.Errorf("before any call, the page's live region: present %v, reads %q", ok, got)
		}
		if h, err := chromedp.Run(tab, chromedp.Evaluate[float64](`document.getElementById('live-notice').getBoundingClientRect().height`)); err != nil || h != 0 {
			t.Errorf("the empty live region takes %v px (%v)", h, err)
		}
	}
	shot(t, boTab, "live-region-empty-en.png")
	if _, err := a.RequestSupport(asAsh); err != nil {
		t.Fatal(err)
	}
	st.do(boTab, "the call arrives", chromedp.Poll[chromedp.Void](`document.getElementById('live-notice').textContent.includes('asked for help right now')`,
		chromedp.WithPollingTimeout(15*time.Second)))
	if got, ok := liveRegion(boTab); !ok || !strings.Contains(got, "asked for help right now") {
		t.Errorf("after Ash's call, Bo's live region: present %v, reads %q", ok, got)
	}
	shot(t, boTab, "live-region-call-en.png")
}
