package web_test

import (
	"context"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/model"
)

// TestJourneyModeratorCrisisAndReport is a moderator's day on a phone
// (390x844): they go on duty from the crisis queue; Ash writes words of
// crisis in a group chat and sees help beside the composer, with numbers
// to tap; the facilitator is told, truly, that the moderators know; the
// moderator hears of it at once (a notice and a count on the More tab),
// opens the queue from the menu and acts on it; then Bo's attempt to sell
// in the group is held, and the moderator handles that report.
func TestJourneyModeratorCrisisAndReport(t *testing.T) {
	exe := chromium(t)
	base, a := startServer(t)
	ash, bo := cast(t, a)
	fran := account(t, a, "fran@example.org", "harbor light evening", "Fran", model.RoleMember)
	mod := account(t, a, "mod@example.org", "quiet willow harbor", "Morgan", model.RoleModerator)
	secret := withMFA(t, a, mod)
	franSecret := withMFA(t, a, fran) // she facilitates the group
	as := func(u *model.User) context.Context { return app.WithActor(context.Background(), &app.Actor{User: u}) }
	name, desc, guide, vis := "Evenings", "We talk after the kids are asleep.", "What is shared here stays here.", "listed"
	g, err := a.CreateGroup(as(fran), app.GroupInput{Name: &name, Description: &desc, Guidelines: &guide, Visibility: &vis})
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range []*model.User{ash, bo} {
		if _, err := a.JoinGroup(as(u), g.ID, true); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := a.UpdateMe(as(ash), func(p *model.Profile) { p.Country = "United States" }); err != nil {
		t.Fatal(err)
	}

	st := steps{t}
	do, text := st.do, st.text
	type css = chromedp.CSS
	modCtx, closeMod := phone(t, exe)
	defer closeMod()
	ashCtx, closeAsh := phone(t, exe)
	defer closeAsh()
	franCtx, closeFran := phone(t, exe)
	defer closeFran()
	boCtx, closeBo := phone(t, exe)
	defer closeBo()

	// 1. The moderator signs in and goes on duty from the crisis queue.
	st.signIn(modCtx, base, "mod@example.org", "quiet willow harbor")
	st.mfaStep(modCtx, secret)
	do(modCtx, "open the crisis queue from More", chromedp.Click(css(`nav.tabs a[href="/more"]`)), chromedp.WaitVisible(css(`#nav-crisis`)),
		chromedp.Click(css(`#nav-crisis`)), chromedp.WaitVisible(css(`#duty-h`)))
	if s := text(modCtx, `main`); !strings.Contains(s, "The queue is empty") || !strings.Contains(s, "You are off duty") {
		t.Fatalf("the empty queue: %q", s)
	}
	do(modCtx, "go on duty", chromedp.Click(css(`form[action="/support/duty"] button`)), chromedp.WaitVisible(css(`.notice`)))
	if s := text(modCtx, `.notice`); !strings.Contains(s, "You are on duty now") {
		t.Fatalf("on duty: %q", s)
	}
	if s := text(modCtx, `.duty`); !strings.Contains(s, "messages that need a moderator's attention") || !strings.Contains(s, "Go off duty") {
		t.Fatalf("the switch says what being on duty means: %q", s)
	}
	shot(t, modCtx, "journey-moderator-1-on-duty.png")
	do(modCtx, "wait on the home page", chromedp.Navigate(base+"/"), chromedp.WaitVisible(css(`body[data-socket="open"]`)))

	// 2. Ash writes words of crisis in the group; help appears where she is looking.
	st.signIn(ashCtx, base, "ash@example.org", "amber meadow trail")
	do(ashCtx, "open the group's chat", chromedp.Navigate(base+"/groups/"+g.ID+"/chat"), chromedp.WaitVisible(css(`#chat[data-live="yes"]`)),
		chromedp.SendKeys(css(`#f-body`), "I counted out all my pills tonight. I don't want to be here anymore."),
		chromedp.Click(css(`#composer button[type=submit]`)), chromedp.WaitVisible(css(`#chat-help a[href="tel:911"]`)))
	// One short line with the lines to call, announced, and the composer
	// still on the screen: the help was 720 of 844 px tall and pushed the
	// composer off the screen.
	if help := text(ashCtx, `#chat-help .help-line`); !strings.Contains(help, "you matter") || !strings.Contains(help, "Call 911") || !strings.Contains(help, "Call 988") {
		t.Fatalf("the help's first line: %q", help)
	}
	if role := eval[string](t, ashCtx, "help role", `document.getElementById("chat-help").getAttribute("role")`); role != "alert" {
		t.Fatalf("the help is not announced: role %q", role)
	}
	type box struct{ Top, Bottom float64 }
	where := func(sel string) box {
		t.Helper()
		return eval[box](t, ashCtx, sel, `(() => { const r = document.querySelector(`+strconv.Quote(sel)+`).getBoundingClientRect(); return {Top: r.top, Bottom: r.bottom}; })()`)
	}
	inView := func(b box) bool { return b.Top >= 0 && b.Bottom <= 844 && b.Bottom > b.Top }
	call, composer, helpBox := where(`#chat-help a[href^="tel:"]`), where(`#composer button[type=submit]`), where(`#chat-help`)
	if !inView(call) || !inView(composer) || !inView(where(`#f-body`)) {
		t.Fatalf("on the 844 px screen: first call link %.0f–%.0f, composer's button %.0f–%.0f", call.Top, call.Bottom, composer.Top, composer.Bottom)
	}
	if h := helpBox.Bottom - helpBox.Top; h > 250 {
		t.Fatalf("the help is %.0f of 844 px tall", h)
	}
	png, err := chromedp.Run(ashCtx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	save(t, "journey-moderator-2-help-beside-composer.png", png)
	do(ashCtx, "more help", chromedp.Click(css(`#chat-help summary`)), chromedp.WaitVisible(css(`#chat-help form[action="/support/now"]`)))
	help := text(ashCtx, `#chat-help`)
	for _, want := range []string{"Text 988", "Text HOME to 741741", "Alert my people", "See who you can reach now"} {
		if !strings.Contains(help, want) {
			t.Fatalf("More help lacks %q: %q", want, help)
		}
	}

	// 3. The facilitator is told, and told the moderators know.
	st.signIn(franCtx, base, "fran@example.org", "harbor light evening")
	st.mfaStep(franCtx, franSecret)
	do(franCtx, "read notifications", chromedp.Navigate(base+"/notifications"), chromedp.WaitVisible(css(`.notifications`)))
	if s := text(franCtx, `.notifications`); !strings.Contains(s, "Ash may be going through a crisis in Evenings") || !strings.Contains(s, "the moderators have been told too") {
		t.Fatalf("the facilitator's heads-up: %q", s)
	}
	shot(t, franCtx, "journey-moderator-3-facilitator-told.png")
	// The heads-up opens on Ash's words in the chat, not the group's page
	// (walk9 W9-11): Fran sees what was said, and by whom.
	href := eval[string](t, franCtx, "the heads-up's link", `(() => { const a = [...document.querySelectorAll(".notifications a")].find(a => a.innerText.includes("may be going through a crisis")) || [...document.querySelectorAll(".notifications li")].find(l => l.innerText.includes("may be going through a crisis"))?.querySelector("a"); return a ? a.getAttribute("href") : ""; })()`)
	if !strings.HasPrefix(href, "/groups/"+g.ID+"/chat#m-") {
		t.Fatalf("the facilitator's heads-up opens %q, not Ash's message in the chat", href)
	}
	do(franCtx, "open the heads-up", chromedp.Navigate(base+href), chromedp.WaitVisible(css(`#`+strings.TrimPrefix(href, "/groups/"+g.ID+"/chat#"))))
	if s := text(franCtx, `#`+strings.TrimPrefix(href, "/groups/"+g.ID+"/chat#")); !strings.Contains(s, "I counted out all my pills tonight") || !strings.Contains(s, "Ash") {
		t.Fatalf("the heads-up opens on %q", s)
	}
	shot(t, franCtx, "journey-moderator-3b-heads-up-opens-the-message.png")

	// 4. The moderator hears of it at once: a notice and the count on More.
	do(modCtx, "the live notice", chromedp.WaitVisible(css(`#live-notice a[href="/moderation/crisis"]`)), chromedp.WaitVisible(css(`#crisis-count`)))
	if s := text(modCtx, `#live-notice`); !strings.Contains(s, "A message needs a moderator's attention") {
		t.Fatalf("live notice: %q", s)
	}
	if s := text(modCtx, `#crisis-count .n`); s != "1" {
		t.Fatalf("the count on More: %q", s)
	}
	png, err = chromedp.Run(modCtx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	save(t, "journey-moderator-4-notified.png", png)
	do(modCtx, "the notification", chromedp.Navigate(base+"/notifications"), chromedp.WaitVisible(css(`.notifications`)))
	if s := text(modCtx, `.notifications`); !strings.Contains(s, "A message needs a moderator's attention") {
		t.Fatalf("the moderator's notification: %q", s)
	}

	// 5. The queue, from the menu: Ash's words; acknowledge, then resolve.
	do(modCtx, "open the queue", chromedp.Click(css(`nav.tabs a[href="/more"]`)), chromedp.WaitVisible(css(`#nav-crisis`)))
	if s := strings.Join(strings.Fields(text(modCtx, `#nav-crisis`)), " "); !strings.Contains(s, "Crisis queue 1 waiting") {
		t.Fatalf("the menu's crisis queue count: %q", s)
	}
	do(modCtx, "open the queue", chromedp.Click(css(`#nav-crisis`)), chromedp.WaitVisible(css(`main .cards blockquote`)))
	if s := text(modCtx, `main .cards`); !strings.Contains(s, "Ash") || !strings.Contains(s, "counted out all my pills") {
		t.Fatalf("the queue item: %q", s)
	}
	shot(t, modCtx, "journey-moderator-5-queue.png")
	do(modCtx, "acknowledge", chromedp.SendKeys(css(`main .cards input[name=note]`), "Messaged Ash; she is talking with 988"),
		chromedp.Click(css(`main .cards button[value=acknowledge]`)), chromedp.WaitVisible(css(`.notice`)))
	if s := text(modCtx, `main .cards`); !strings.Contains(s, "acknowledged by you") || !strings.Contains(s, "talking with 988") {
		t.Fatalf("acknowledged: %q", s)
	}
	// The acknowledged page has a notice already: wait for the item to go.
	do(modCtx, "resolve", chromedp.Click(css(`main .cards button[value=resolve]`)), chromedp.WaitNotPresent(css(`main .cards blockquote`)))
	if s := text(modCtx, `main`); !strings.Contains(s, "The queue is empty") {
		t.Fatalf("resolved: %q", s)
	}
	shot(t, modCtx, "journey-moderator-6-resolved.png")
	// The safety check's weekly figures fit a phone, at 390 and at 320 px,
	// with nothing to scroll sideways (they were a six-column table).
	if s := text(modCtx, `#safety-weeks`); !regexp.MustCompile(`Week of .*\s+Raised\s+1\s+Right\s+0\s+Not a crisis\s+0\s+Precision\s+not judged yet\s+Missed\s+0`).MatchString(s) {
		t.Fatalf("the safety check's week reads %q", s)
	}
	for _, w := range []int64{390, 320} {
		do(modCtx, "a narrow phone", chromedp.EmulateViewport(w, 844))
		wide := eval[[]string](t, modCtx, "measure the weeks", `Array.from(document.querySelectorAll('#safety-weeks, #safety-weeks *')).filter(e => e.getBoundingClientRect().right > innerWidth + 0.5 || e.scrollWidth > e.clientWidth + 1).map(e => e.tagName + '.' + e.className)`)
		if len(wide) > 0 || eval[int](t, modCtx, "page width", `document.documentElement.scrollWidth`) > int(w) {
			t.Errorf("at %d px the safety check's figures are wider than the screen: %v", w, wide)
		}
		if w == 320 {
			shot320(t, modCtx, "journey-moderator-6-safety-320.png")
		}
	}
	do(modCtx, "back to 390", chromedp.EmulateViewport(390, 844))

	// 6. A report: Bo tries to sell in the group; it is held, and he reads so.
	st.signIn(boCtx, base, "bo@example.org", "cobalt river stone")
	do(boCtx, "open the group's chat", chromedp.Navigate(base+"/groups/"+g.ID+"/chat"), chromedp.WaitVisible(css(`#chat[data-live="yes"]`)),
		chromedp.SendKeys(css(`#f-body`), "anyone got extra subs? can pay cash, text me 714-555-0199 🔌"),
		chromedp.Click(css(`#composer button[type=submit]`)), chromedp.WaitVisible(css(`.msg .held`)))
	if s := text(boCtx, `.msg .held`); !strings.Contains(s, "waiting for a moderator") {
		t.Fatalf("Bo is told it waits: %q", s)
	}
	shot(t, boCtx, "journey-moderator-7-held.png")
	do(ashCtx, "Ash's chat", chromedp.Reload(), chromedp.WaitVisible(css(`#chat-log`)))
	if s := text(ashCtx, `#chat-log`); strings.Contains(s, "subs") {
		t.Fatalf("Ash sees a held message: %q", s)
	}
	do(modCtx, "the reports", chromedp.Click(css(`nav.tabs a[href="/more"]`)), chromedp.Click(css(`#moderator-items a[href="/moderation/queue"]`)),
		chromedp.WaitVisible(css(`#reports blockquote`)))
	if s := text(modCtx, `#reports`); !strings.Contains(s, "714-555-0199") || !strings.Contains(s, "Bo") {
		t.Fatalf("the report: %q", s)
	}
	shot(t, modCtx, "journey-moderator-8-report.png")
	do(modCtx, "remove it", chromedp.SendKeys(css(`#reports input[name=reason]`), "Buying or selling medication is not allowed here"),
		chromedp.Click(css(`#reports button[value=remove]`)), chromedp.WaitVisible(css(`.notice`)))
	if s := text(modCtx, `main`); !strings.Contains(s, "No open reports") {
		t.Fatalf("handled: %q", s)
	}
	do(boCtx, "Bo's notice", chromedp.Navigate(base+"/notifications"), chromedp.WaitVisible(css(`.notifications`)))
	if s := text(boCtx, `.notifications`); !strings.Contains(s, "Buying or selling medication is not allowed here") {
		t.Fatalf("Bo is told why: %q", s)
	}
	shot(t, boCtx, "journey-moderator-9-told-why.png")
}
