package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserPartnerMessagesFromTheCallForSupport: Ash presses "I need
// support now"; Bo, her accountability partner with a days-old account,
// opens the call and presses "Message Ash", as the page offers. He reaches
// her conversation and his words reach Ash's conversations at once, not
// her requests. A new account was refused: "new accounts can message
// people they are connected to or share a group with".
func TestBrowserPartnerMessagesFromTheCallForSupport(t *testing.T) {
	base, _, _, ashCtx, boCtx := partnersOnPhones(t)
	st := steps{t}
	do, text := st.do, st.text
	type css = chromedp.CSS
	do(ashCtx, "press the button", chromedp.Click(css(`form.support-now button`)), chromedp.WaitVisible(css(`#alert-status`)))

	do(boCtx, "open the call", chromedp.Navigate(base+"/support/respond"), chromedp.WaitVisible(css(`#to-respond`)))
	if s := text(boCtx, `#to-respond`); !strings.Contains(s, "Message Ash") {
		t.Fatalf("the call offers no message: %q", s)
	}
	// The conversation's composer, or the refusal's words: whichever page comes.
	do(boCtx, "message Ash", chromedp.Click(css(`#to-respond form[action="/dms"] button`)), chromedp.WaitVisible(css(`#composer, .error-summary, main .notice`)))
	if s := text(boCtx, `main`); strings.Contains(s, "There is a problem") || !strings.Contains(s, "Messages with Ash") {
		t.Fatalf("Bo pressed \"Message Ash\" and reads:\n%s", s)
	}
	do(boCtx, "write to her", chromedp.WaitVisible(css(`#chat[data-live="yes"]`)), chromedp.SendKeys(css(`#f-body`), "I'm here, Ash. Calling you now."),
		chromedp.Click(css(`#composer button[type=submit]`)), chromedp.WaitVisible(css(`#chat-log li`)))
	shot(t, boCtx, "support-partner-message.png")

	// Her home lists the conversation with what is new in it, and the
	// Messages list has it among her conversations (both read in one
	// statement whatever the number of threads).
	do(ashCtx, "her home", chromedp.Navigate(base+"/"), chromedp.WaitVisible(css(`nav.tabs`)))
	if home := text(ashCtx, `main`); !strings.Contains(home, "Bo: 1 new") {
		t.Fatalf("Ash's home does not show Bo's new message:\n%s", home)
	}
	shot(t, ashCtx, "support-home-unread.png")
	do(ashCtx, "her messages", chromedp.Navigate(base+"/messages"), chromedp.WaitReady(css(`main`)))
	inbox := text(ashCtx, `main`)
	if !strings.Contains(inbox, "Bo") || strings.Contains(inbox, "Requests") || strings.Contains(inbox, "request") {
		t.Fatalf("Bo's message is not among Ash's conversations:\n%s", inbox)
	}
	shot(t, ashCtx, "support-messages-list.png")
	do(ashCtx, "open it", chromedp.Click(css(`main a[href^="/messages/"]`)), chromedp.WaitVisible(css(`#chat-log li`)))
	if s := text(ashCtx, `#chat-log`); !strings.Contains(s, "I'm here, Ash. Calling you now.") {
		t.Fatalf("Ash reads: %q", s)
	}
}
