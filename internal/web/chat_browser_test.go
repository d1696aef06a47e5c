package web_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserGroupChatIsLive drives two real browsers on phones: Ash starts
// a group and schedules its weekly meeting, Bo finds it, accepts its
// guidelines and joins; both open the conversation; what one types appears
// in the other's page without a reload, and a reaction travels back.
func TestBrowserGroupChatIsLive(t *testing.T) {
	base, a := startServer(t)
	ash, _ := cast(t, a)
	ashSecret := withMFA(t, a, ash) // she starts the group, so facilitates it
	type css = chromedp.CSS
	st := steps{t}
	do, text := st.do, st.text
	ashCtx := signedInPhone(t, base, "ash@example.org", "amber meadow trail")
	st.mfaStep(ashCtx, ashSecret)
	boCtx := signedInPhone(t, base, "bo@example.org", "cobalt river stone")

	do(ashCtx, "start a group", chromedp.Navigate(base+"/groups"),
		chromedp.SendKeys(css(`#f-name`), "Parents in recovery — evenings"),
		chromedp.SendKeys(css(`#f-description`), "Parents supporting each other after the kids are asleep."),
		chromedp.SendKeys(css(`#f-guidelines`), "What is shared here stays here."),
		chromedp.Click(css(`form[action="/groups"][method="post"] button[type=submit]`)), chromedp.WaitVisible(css(`.notice`)))
	url, err := chromedp.Run(ashCtx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	groupURL := strings.SplitN(url, "?", 2)[0]
	// walk7: the new group's page says "Schedule its first meeting below":
	// the form is open there, not behind a closed "Schedule a meeting".
	do(ashCtx, "schedule the weekly meeting", chromedp.WaitVisible(css(`#schedule-meeting[open] #f-title`)),
		chromedp.SendKeys(css(`#f-title`), "Tuesday evening meeting"),
		chromedp.SetValue(css(`#f-start_local`), "2027-01-05T19:00"),
		chromedp.SetValue(css(`#f-time_zone`), "America/Chicago"), // the field starts with Ash's own zone when Ash has one
		chromedp.SendKeys(css(`#f-duration_minutes`), "60"),
		chromedp.Click(css(`#wd-tue`)),
		chromedp.SendKeys(css(`#f-online_url`), "https://meet.example.org/parents"),
		chromedp.Click(css(`form[action$="/meetings"] button[type=submit]`)), chromedp.WaitVisible(css(`.notice`)))
	if s := text(ashCtx, `#meetings + section`); !strings.Contains(s, "Every week on Tuesday at 19:00 Central Time") {
		t.Fatalf("schedule shown: %q", s)
	}

	do(boCtx, "find the group", chromedp.Navigate(base+"/groups"), chromedp.Click(css(`a[href="`+strings.TrimPrefix(groupURL, base)+`"]`)),
		chromedp.WaitVisible(css(`.guidelines`)))
	do(boCtx, "join without accepting", chromedp.Click(css(`form[action$="/join"] button`)), chromedp.WaitVisible(css(`#error-summary`)))
	do(boCtx, "join", chromedp.Click(css(`#f-accept_guidelines`)), chromedp.Click(css(`form[action$="/join"] button`)), chromedp.WaitVisible(css(`.notice`)))
	if s := text(boCtx, `.notice`); !strings.Contains(s, "Welcome") {
		t.Fatalf("after joining: %q", s)
	}

	for _, c := range []context.Context{ashCtx, boCtx} {
		do(c, "open the conversation", chromedp.Navigate(groupURL+"/chat"), chromedp.WaitVisible(css(`#chat[data-live="yes"]`)))
	}
	// Bo's page is marked, so a reload would be noticed.
	do(boCtx, "mark the page", chromedp.Evaluate[chromedp.Void](`window.stillHere = true`))
	do(ashCtx, "type a message and press Enter", chromedp.SendKeys(css(`#f-body`), "Welcome, Bo. Glad you found us.\r"))
	do(boCtx, "see it arrive live", chromedp.Poll[chromedp.Void](`window.stillHere === true && [...document.querySelectorAll('#chat-log .msg .body')].some(e => e.textContent.includes('Glad you found us'))`, chromedp.WithPollingTimeout(15*time.Second)))
	if s := text(boCtx, `#latest`); !strings.Contains(s, "New message from Ash") {
		t.Fatalf("the new message was not announced: %q", s)
	}
	do(boCtx, "answer by keyboard", chromedp.SendKeys(css(`#f-body`), "Thank you, Ash!\r"))
	do(ashCtx, "see the answer", chromedp.Poll[chromedp.Void](`[...document.querySelectorAll('#chat-log .msg .body')].some(e => e.textContent.includes('Thank you, Ash'))`, chromedp.WithPollingTimeout(15*time.Second)))
	do(boCtx, "react with encouragement", chromedp.Click(css(`#chat-log .msg:not(.mine) button[value="with_you"]`)))
	do(ashCtx, "see the reaction", chromedp.Poll[chromedp.Void](`[...document.querySelectorAll('#chat-log .msg.mine button[value="with_you"] .count')].some(e => e.textContent === '1')`, chromedp.WithPollingTimeout(15*time.Second)))
	// Bo shares a milestone from the check-in page; it appears in Ash's open chat as a card.
	start := a.Now().AddDate(0, 0, -35).Format("2006-01-02")
	do(boCtx, "set a recovery start", chromedp.Navigate(base+"/profile"), chromedp.SetValue(css(`#f-recovery_start`), start),
		chromedp.Click(css(`form[action="/profile"] button[type=submit]`)), chromedp.WaitVisible(css(`.notice`)))
	do(boCtx, "share the milestone", chromedp.Navigate(base+"/checkin"), chromedp.WaitVisible(css(`form.share-milestone`)),
		chromedp.SetValue(css(`#f-milestone`), "30 days"), chromedp.Click(css(`form.share-milestone button`)), chromedp.WaitVisible(css(`.notice`)))
	if s := text(boCtx, `.notice`); !strings.Contains(s, "Shared with your group") {
		t.Fatalf("after sharing: %q", s)
	}
	do(ashCtx, "see the celebration card live", chromedp.Poll[chromedp.Void](`[...document.querySelectorAll('#chat-log .msg.milestone .body')].some(e => e.textContent.includes('Bo is celebrating 30 days'))`, chromedp.WithPollingTimeout(15*time.Second)))
	do(boCtx, "back to the chat", chromedp.Navigate(groupURL+"/chat"), chromedp.WaitVisible(css(`#chat[data-live="yes"]`)))
	shot(t, boCtx, "group-chat.png")
	do(ashCtx, "group page", chromedp.Navigate(groupURL), chromedp.WaitVisible(css(`#meetings`)))
	shot(t, ashCtx, "group.png")
}
