package web_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/i18n"
	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// TestJourneyNewMemberInPacificTime is the new member's first day on a
// phone whose clock is in Los Angeles (the other journeys run Chromium in
// UTC, where a zone mistake cannot show): sign-up takes the phone's zone,
// and every time River reads (the day of her check-in, her group's next
// meeting, a notification, a message drawn by the server and one drawn
// live) is the Pacific clock's, written one way. The server's clock and the
// phone's stand at testutil.PictureTime, so the README's picture of the chat
// reads "Sun 6 Dec, 08:56" whenever it is taken.
func TestJourneyNewMemberInPacificTime(t *testing.T) {
	exe := chromium(t)
	base, a, term := startServerOpts(t, app.Options{Now: testutil.PictureClock()})
	ctx0 := context.Background()
	la, err := time.LoadLocation("America/Los_Angeles")
	if err != nil {
		t.Fatal(err)
	}
	en := i18n.For("en").WithClock(true) // River is in the US: a 12-hour clock
	g, asFay := facilitatedGroup(t, a, "Evening circle", "We meet in the evening to talk.")
	// Tomorrow at 19:00 in Los Angeles: in UTC another hour, often another day.
	tomorrow := testutil.PictureTime.In(la).AddDate(0, 0, 1)
	wd := strings.ToLower(tomorrow.Weekday().String()[:3])
	if _, err := a.CreateGroupMeeting(asFay, g.ID, app.MeetingInput{Title: "Evening check-in", StartLocal: tomorrow.Format("2006-01-02") + "T19:00",
		TimeZone: "America/Los_Angeles", DurationMinutes: 60, Recurrence: &app.RecurrenceInput{Freq: "weekly", Weekdays: []string{wd}}}); err != nil {
		t.Fatal(err)
	}
	hello, _, err := a.SendMessage(asFay, g.ID, "", "Welcome, everyone. We start at seven.")
	if err != nil {
		t.Fatal(err)
	}

	ctx, done := phone(t, exe)
	defer done()
	if err := testutil.BrowserClockAt(ctx, testutil.PictureTime); err != nil {
		t.Fatal(err)
	}
	st := steps{t}
	text := func(sel string) string { t.Helper(); return strings.TrimSpace(st.text(ctx, sel)) }
	st.do(ctx, "a phone in Los Angeles", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetTimezoneOverride, emulation.SetTimezoneOverrideParams{TimezoneID: "America/Los_Angeles"})
		return err
	}))
	if z := eval[string](t, ctx, "the phone's zone", `Intl.DateTimeFormat().resolvedOptions().timeZone`); z != "America/Los_Angeles" {
		t.Fatalf("the phone's zone is %q", z)
	}
	// within says whether a time River reads is one of the minutes from
	// before to after, written as Kinship writes times in Los Angeles.
	within := func(got string, before, after time.Time) bool {
		for m := before.Truncate(time.Minute); !m.After(after); m = m.Add(time.Minute) {
			if got == en.When(m, la, testutil.PictureTime) {
				return true
			}
		}
		return false
	}

	st.do(ctx, "sign up", chromedp.Navigate(base+"/signup"), chromedp.SendKeys(css(`#f-email`), "river@example.org"),
		chromedp.SendKeys(css(`#f-display_name`), "River"), chromedp.SendKeys(css(`#f-password`), "willow creek morning"),
		chromedp.Click(css(`main button[type=submit]`)), chromedp.WaitVisible(css(`.notice`)))
	st.do(ctx, "open the email's link", chromedp.Navigate(term.link(t, "/verify-email?token=")), chromedp.WaitVisible(css(`main button[type=submit]`)),
		chromedp.Click(css(`main button[type=submit]`)), chromedp.WaitVisible(css(`#home-recovery`)))
	river, err := a.Store().FindUserByEmail(ctx0, "river@example.org")
	if err != nil {
		t.Fatal(err)
	}
	asRiver := app.WithActor(ctx0, &app.Actor{User: river})
	me, err := a.GetMe(asRiver)
	if err != nil {
		t.Fatal(err)
	}
	if me.Profile.TimeZone != "America/Los_Angeles" {
		t.Fatalf("sign-up stored the zone %q, not the phone's", me.Profile.TimeZone)
	}
	shot(t, ctx, "journey-pacific-1-home.png")

	// The check-in is today's in Los Angeles, and her table says that day.
	st.do(ctx, "check in", chromedp.Click(css(`nav.tabs a[href="/checkin"]`)), chromedp.WaitVisible(css(`#mood-3`)),
		chromedp.Click(css(`label[for=mood-4]`)), chromedp.Click(css(`label[for=craving-3]`)), chromedp.Click(css(`label[for=f-used]`)),
		chromedp.Click(css(`form.checkin button[type=submit]`)), chromedp.WaitVisible(css(`.notice`)))
	today := testutil.PictureTime.In(la)
	stored, err := a.CheckinOn(asRiver, today.Format("2006-01-02"))
	if err != nil || stored == nil {
		t.Fatalf("no check-in stored for %s, Los Angeles' today: %v", today.Format("2006-01-02"), err)
	}
	// The day is short on the screen and whole for a screen reader (W10-12).
	if row, spoken := text(`table tbody tr td [aria-hidden="true"]`), text(`table tbody tr td .visually-hidden`); row != en.Day(today) || spoken != en.FullDay(today) {
		t.Fatalf("her check-in's day reads %q (%q to a screen reader); in Los Angeles it is %q (%q)", row, spoken, en.Day(today), en.FullDay(today))
	}
	shot(t, ctx, "journey-pacific-2-checked-in.png")

	// The group's next meeting: tomorrow at 19:00, her clock and the meeting's.
	st.do(ctx, "join the group", chromedp.Navigate(base+"/groups/"+g.ID), chromedp.WaitVisible(css(`form[action$="/join"] button`)),
		chromedp.Click(css(`form[action$="/join"] button`)), chromedp.WaitVisible(css(`.notice`)))
	st.do(ctx, "home", chromedp.Click(css(`nav.tabs a[href="/"]`)), chromedp.WaitVisible(css(`#home-meeting`)))
	if s := text(`#home-meeting`); !strings.Contains(s, "Tomorrow, "+en.Clock(time.Date(2000, 1, 1, 19, 0, 0, 0, la))) {
		t.Fatalf("the next meeting reads %q; it is tomorrow at 19:00 in Los Angeles", s)
	}
	shot(t, ctx, "journey-pacific-3-home-meeting.png")

	// A notification, at the minute it came in Los Angeles.
	before := testutil.PictureTime
	if _, err := a.RequestConnection(asFay, river.ID); err != nil {
		t.Fatal(err)
	}
	after := testutil.PictureTime
	st.do(ctx, "notifications", chromedp.Navigate(base+"/notifications"), chromedp.WaitVisible(css(`.notifications li small`)))
	if s := text(`.notifications li small`); !within(s, before, after) {
		t.Fatalf("the notification's time reads %q; it came at %s in Los Angeles", s, before.In(la).Format("15:04"))
	}
	shot(t, ctx, "journey-pacific-4-notification.png")

	// The chat: Fay's message as the server draws it, River's as the page
	// draws it live, and again after a reload; all in Los Angeles' time.
	st.do(ctx, "the group's chat", chromedp.Navigate(base+"/groups/"+g.ID+"/chat"), chromedp.WaitVisible(css(`#chat[data-live="yes"]`)))
	if s := text(`#chat-log li:first-child time`); s != en.When(hello.CreatedAt.Time, la, testutil.PictureTime) {
		t.Fatalf("Fay's message reads %q, want %q", s, en.When(hello.CreatedAt.Time, la, testutil.PictureTime))
	}
	before = testutil.PictureTime
	st.do(ctx, "say hello", chromedp.SendKeys(css(`#f-body`), "Hi all, this is my first day."), chromedp.Click(css(`#composer button[type=submit]`)),
		chromedp.WaitVisible(css(`#chat-log li:nth-child(2) time`)))
	after = testutil.PictureTime
	live := text(`#chat-log li:nth-child(2) time`)
	if !within(live, before, after) {
		t.Fatalf("River's message, drawn live, reads %q; she sent it at %s in Los Angeles", live, before.In(la).Format("15:04"))
	}
	shot(t, ctx, "journey-pacific-5-chat.png")
	st.do(ctx, "reload", chromedp.Reload(), chromedp.WaitVisible(css(`#chat-log li:nth-child(2) time`)))
	if drawn := text(`#chat-log li:nth-child(2) time`); drawn != live {
		t.Fatalf("River's message reads %q drawn by the server and %q drawn live", drawn, live)
	}
}
