package web_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserPartnersSeeEachOther drives two real browsers: Ash invites Bo,
// Bo accepts, Ash checks in with a strong craving on a phone, and Bo sees
// the notification.
func TestBrowserPartnersSeeEachOther(t *testing.T) {
	exe := chromium(t)
	base, a := startServer(t)
	_, bo := cast(t, a)
	browser := func() (context.Context, func()) { return phone(t, exe) }
	type css = chromedp.CSS
	st := steps{t}
	do, text := st.do, st.text
	signIn := func(ctx context.Context, email, pw string) { st.signIn(ctx, base, email, pw) }
	ashCtx, closeAsh := browser()
	defer closeAsh()
	boCtx, closeBo := browser()
	defer closeBo()
	signIn(ashCtx, "ash@example.org", "amber meadow trail")
	signIn(boCtx, "bo@example.org", "cobalt river stone")

	do(ashCtx, "invite", chromedp.Navigate(base+"/members/"+bo.ID), chromedp.Click(css(`form[action="/partners/invite"] button`)), chromedp.WaitVisible(css(`.notice`)))
	do(boCtx, "accept", chromedp.Navigate(base+"/partners"), chromedp.Click(css(`form[action$="/accept"] button`)), chromedp.WaitVisible(css(`.notice`)))
	if msg := text(boCtx, `.notice`); !strings.Contains(msg, "partners now") {
		t.Fatalf("after accepting: %q", msg)
	}
	do(ashCtx, "nothing is shared yet", chromedp.Navigate(base+"/partners"), chromedp.WaitVisible(css(`p[id^=share-nothing-]`)))
	if msg := text(ashCtx, `p[id^=share-nothing-]`); !strings.Contains(msg, "Bo sees nothing of your check-ins") {
		t.Fatalf("before choosing: %q", msg)
	}
	if on, err := chromedp.Run(ashCtx, chromedp.Evaluate[int](`document.querySelectorAll('form[action$="/choices"] input:checked').length`)); err != nil || on != 0 {
		t.Fatalf("boxes ticked before Ash chose: %d %v", on, err)
	}
	do(ashCtx, "choose to share", chromedp.Click(css(`input[id^=mo-]`)), chromedp.SetValue(css(`select[id^=ca-]`), "8"),
		chromedp.Click(css(`form[action$="/choices"] button`)), chromedp.WaitVisible(css(`.notice`)))
	do(ashCtx, "check in", chromedp.Navigate(base+"/checkin"), chromedp.Click(css(`#mood-2`)), chromedp.Click(css(`label[for=craving-9]`)),
		chromedp.Click(css(`#f-used`)), chromedp.Click(css(`form.checkin button[type=submit]`)), chromedp.WaitVisible(css(`.notice`)))
	// Every page's bell counts what is unread (read with the layout's
	// other counts in one statement).
	do(boCtx, "the bell counts it", chromedp.Navigate(base+"/"), chromedp.WaitVisible(css(`#unread-count`)))
	bell := strings.Join(strings.Fields(text(boCtx, `#unread-count`)), " ")
	t.Logf("Bo's bell reads %q", bell)
	if n, _ := strconv.Atoi(strings.Fields(bell)[0]); n < 1 || !strings.HasSuffix(bell, " unread") {
		t.Fatalf("Bo's bell reads %q, want the unread notifications counted", bell)
	}
	png, err := fullShot(boCtx)
	if err != nil {
		t.Fatal(err)
	}
	save(t, "partner-bell.png", png)
	do(boCtx, "see the notification", chromedp.Navigate(base+"/notifications"), chromedp.WaitVisible(css(`.notifications`)))
	if list := text(boCtx, `.notifications`); !strings.Contains(list, "Ash checked in with a strong craving") {
		t.Fatalf("Bo's notifications: %q", list)
	}
	do(boCtx, "encourage", chromedp.Navigate(base+"/partners"), chromedp.Click(css(`button[value="with_you"]`)), chromedp.WaitVisible(css(`.notice`)))
	png, err = fullShot(boCtx)
	if err != nil {
		t.Fatal(err)
	}
	save(t, "partners.png", png)
	do(ashCtx, "see encouragement", chromedp.Navigate(base+"/notifications"), chromedp.WaitVisible(css(`.notifications`)))
	if list := text(ashCtx, `.notifications`); !strings.Contains(list, "Bo is with you") {
		t.Fatalf("Ash's notifications: %q", list)
	}
}
