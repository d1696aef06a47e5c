package web_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/cdproto/serviceworker"
	"github.com/chromedp/chromedp"
	"github.com/riverqueue/river"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/i18n"
	"github.com/kinshiprecovery/kinship/internal/jobs"
	"github.com/kinshiprecovery/kinship/internal/mail"
	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/push"
	"github.com/kinshiprecovery/kinship/internal/store/bunstore"
	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// pushServer is a Kinship that sends notifications to devices through its
// job queue, and a push service on this machine that takes them
// (testutil.PushService: it checks the VAPID token and decrypts each
// payload with the device's key, recording what the device would read).
type pushServer struct {
	*server
	ps *testutil.PushService
}

func startPushServer(t *testing.T) *pushServer {
	t.Helper()
	s := &pushServer{ps: testutil.StartPushService(t)}
	s.server = startServerParts(t, app.Options{}, func(srv *server) {
		outbox := testutil.StartQueue(t, srv.store, srv.box, mail.NewTerminal(srv.term), func(w *river.Workers) {
			jobs.AddPushWorkers(w, srv.app.DeliverPush, srv.app.DeliverPushBatch)
		})
		srv.app.SetOutbox(outbox)
		srv.app.SetPush(app.PushConfig{Queue: outbox, Sender: &push.Sender{Subscriber: "kinship-tests@example.org", Client: push.NewClient(true)}, AllowHTTP: true})
	})
	s.ps.VAPIDKey = s.app.VAPIDPublicKey()
	return s
}

// device turns notifications on for a new device of u's, as the security
// page's script does once the browser has subscribed.
func (s *pushServer) device(t *testing.T, u *model.User) *testutil.PushDevice {
	t.Helper()
	d := s.ps.NewDevice(t)
	as := app.WithActor(context.Background(), &app.Actor{User: u, Session: &model.Session{ID: "s-" + u.ID}})
	if _, _, err := s.app.SubscribePush(as, app.PushSubscriptionInput{Endpoint: d.Endpoint, P256dh: d.P256dh, Auth: d.Auth, DeviceName: "Bo's phone"}); err != nil {
		t.Fatal(err)
	}
	return d
}

// pushJobs counts the push jobs queued so far (sent or not), and those
// not yet done.
func (s *pushServer) pushJobs(t *testing.T) (all, waiting int) {
	t.Helper()
	db := s.store.(*bunstore.Store).DB()
	if err := db.QueryRowContext(context.Background(), "SELECT COUNT(*), COALESCE(SUM(CASE WHEN state IN ('completed', 'cancelled', 'discarded') THEN 0 ELSE 1 END), 0) FROM river_job WHERE kind IN ('push', 'push_batch')").Scan(&all, &waiting); err != nil {
		t.Fatal(err)
	}
	return all, waiting
}

// settle waits until no push job waits.
func (s *pushServer) settle(t *testing.T) {
	t.Helper()
	for end := time.Now().Add(20 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if _, n := s.pushJobs(t); n == 0 {
			return
		}
		if time.Now().After(end) {
			t.Fatal("push jobs still waiting after 20 s")
		}
	}
}

// seen is a push message as the device decrypted it.
func seen(t *testing.T, got testutil.PushReceived) app.PushPayload {
	t.Helper()
	if got.Err != nil {
		t.Fatalf("push refused (%d): %v", got.Status, got.Err)
	}
	var p app.PushPayload
	if err := json.Unmarshal(got.Plain, &p); err != nil {
		t.Fatalf("payload %q: %v", got.Plain, err)
	}
	return p
}

// TestBrowserPushChoices: Bo, on his phone, reads on the notifications
// page which kinds of notification come to his devices, turns messages
// off there and saves; calls for support cannot be turned off. Then a
// message from Ash is in his notifications but no push is even queued for
// it, while Ash's encouragement reaches his phone, saying only that
// something is waiting.
func TestBrowserPushChoices(t *testing.T) {
	exe := chromium(t)
	s := startPushServer(t)
	bo, asAsh, asBo, partnership := partnersWithADevice(t, s)
	jobs, _ := s.pushJobs(t) // the invitation's and the connection's
	before := len(s.ps.Received())

	ctx, done := phone(t, exe)
	defer done()
	st := steps{t}
	type css = chromedp.CSS
	st.signIn(ctx, s.base, "bo@example.org", "cobalt river stone")
	st.do(ctx, "open notifications", chromedp.Navigate(s.base+"/notifications"), chromedp.WaitVisible(css(`#push-messages`)))
	if h := st.text(ctx, `table.notice-ways thead`); !strings.Contains(h, "On your devices") {
		t.Fatalf("the choices' columns: %q", h)
	}
	if h := st.text(ctx, `#push-hint`); !strings.Contains(h, "Your devices that get notifications (1 turned on)") || !strings.Contains(h, "Calls for support always come") {
		t.Fatalf("the hint under the choices: %q", h)
	}
	boxes := func() string {
		return eval[string](t, ctx, "the push boxes", `[...document.querySelectorAll('input[name^="push-"], input[id^="push-"]')].map(b => b.id.slice(5) + ":" + (b.checked ? "on" : "off") + (b.disabled ? "(fixed)" : "")).join(" ")`)
	}
	if got := boxes(); got != "messages:on groups:on partners:on mentorship:on community:on support:on(fixed) moderation:on" {
		t.Fatalf("before: %s", got)
	}
	st.do(ctx, "turn messages off for devices and save", chromedp.Click(css(`#push-messages`)), chromedp.Click(css(`form[action="/notifications/settings"] button[type=submit]`)),
		chromedp.WaitVisible(css(`.notice`)))
	if n := st.text(ctx, `.notice`); !strings.Contains(n, "Your choices are saved.") {
		t.Fatalf("after saving: %q", n)
	}
	if got := boxes(); got != "messages:off groups:on partners:on mentorship:on community:on support:on(fixed) moderation:on" {
		t.Fatalf("after saving: %s", got)
	}
	// The form carries no support box (it is disabled); the server keeps
	// support on all the same, and messages still show in the app.
	prefs, err := s.app.GetNotificationPrefs(asBo)
	if err != nil {
		t.Fatal(err)
	}
	if c := prefs.Categories; c["messages"].Push || !c["messages"].InApp || !c["support"].Push || !c["partners"].Push {
		t.Fatalf("stored choices: %+v", c)
	}
	shot(t, ctx, "notifications-choices.png")

	if _, _, err := s.app.StartThread(asAsh, bo.ID, "c1", "Thinking of you today"); err != nil {
		t.Fatal(err)
	}
	if n, _ := s.pushJobs(t); n != jobs {
		t.Fatalf("a message queued a push though Bo turned messages off for his devices (%d jobs, %d before)", n, jobs)
	}
	var encouragement string
	for k := range app.Encouragements {
		encouragement = k
		break
	}
	if err := s.app.Encourage(asAsh, partnership, encouragement); err != nil {
		t.Fatal(err)
	}
	got := s.ps.WaitFor(t, before+1, 20*time.Second)
	s.settle(t)
	got = s.ps.Received()
	if len(got) != before+1 {
		t.Fatalf("the push service got %d messages, want %d", len(got), before+1)
	}
	p := seen(t, got[len(got)-1])
	if p.Body != "Something new is waiting for you" || p.Path != "/partners" || strings.Contains(string(got[len(got)-1].Plain), "Ash") {
		t.Fatalf("Bo's phone reads %+v", p)
	}

	st.do(ctx, "read notifications", chromedp.Navigate(s.base+"/notifications"), chromedp.WaitVisible(css(`ul.notifications`)))
	list := st.text(ctx, `ul.notifications`)
	for _, want := range []string{"You have a new message from Ash", i18n.For("en").T(app.Encouragements[encouragement], "Name", "Ash")} {
		if !strings.Contains(list, want) {
			t.Errorf("Bo's notifications lack %q:\n%s", want, list)
		}
	}
}

// TestBrowserNotificationOpensItsPage: Ash messages Bo; Kinship's push
// reaches Bo's device and, decrypted as his browser would, is given to
// Chromium's service worker (DevTools' ServiceWorker.deliverPushMessage:
// Chromium's own push service is Google's, which a test cannot reach).
// The notification Chromium shows says "A new message" and nothing of Ash
// or what she wrote; opening it takes Bo's open Kinship window to the
// conversation, where he reads her message, and the notification goes.
// DevTools cannot tap a notification, so the test runs what the worker's
// notificationclick handler runs (openFromNotification) in the worker on
// the notification Chromium shows; without a real tap Chromium refuses the
// last step, focusing the window, which a tap allows.
func TestBrowserNotificationOpensItsPage(t *testing.T) {
	exe := chromium(t)
	s := startPushServer(t)
	bo, asAsh, _, _ := partnersWithADevice(t, s)
	before := len(s.ps.Received())

	ctx, done := phone(t, exe)
	defer done()
	if _, err := chromedp.CallBrowser(ctx, browser.SetPermission, browser.SetPermissionParams{Permission: &browser.PermissionDescriptor{Name: "notifications"}, Setting: browser.PermissionSettingGranted, Origin: s.base}); err != nil {
		t.Fatal(err)
	}
	regs := make(chan string, 4)
	chromedp.Listen(ctx, func(ev any) {
		if e, ok := ev.(*serviceworker.EventWorkerRegistrationUpdated); ok {
			for _, r := range e.Registrations {
				if !r.IsDeleted {
					select {
					case regs <- string(r.RegistrationID):
					default:
					}
				}
			}
		}
	})
	if _, err := chromedp.Call(ctx, serviceworker.Enable, cdp.Empty{}); err != nil {
		t.Fatal(err)
	}
	st := steps{t}
	type css = chromedp.CSS
	st.signIn(ctx, s.base, "bo@example.org", "cobalt river stone")
	st.do(ctx, "open notifications", chromedp.Navigate(s.base+"/notifications"), chromedp.WaitVisible(css(`main h1`)))
	workerReady(t, ctx)
	// Loaded again, the page is the worker's (see workerReady).
	st.do(ctx, "open notifications again", chromedp.Reload(), chromedp.WaitVisible(css(`main h1`)),
		chromedp.Poll[chromedp.Void](`navigator.serviceWorker.controller !== null`, chromedp.WithPollingTimeout(10*time.Second)))
	var reg string
	select {
	case reg = <-regs:
	case <-time.After(10 * time.Second):
		t.Fatal("Chromium reported no service worker registration")
	}

	th, _, err := s.app.StartThread(asAsh, bo.ID, "c1", "Thinking of you today")
	if err != nil {
		t.Fatal(err)
	}
	got := s.ps.WaitFor(t, before+1, 20*time.Second)
	msg := got[len(got)-1]
	if p := seen(t, msg); p.Body != "A new message" || p.Path != "/messages/"+th.ID {
		t.Fatalf("the push reads %+v", p)
	}
	type shown struct {
		Title, Body, Tag, Path string
		Sticky                 bool
	}
	// Headless Chromium now and then forgets a notification the worker has
	// just shown (showNotification resolved, yet getNotifications reads
	// none, seen 1 run in 4 to 6): the browser's own bookkeeping of what is
	// displayed, not the worker, which did show it. So the push is
	// delivered again, at most three times, 8 s apart; a second delivery
	// with the same tag replaces the first, so one notification shows.
	var n shown
	for try := 1; ; try++ {
		if _, err := chromedp.Call(ctx, serviceworker.DeliverPushMessage, serviceworker.DeliverPushMessageParams{Origin: s.base, RegistrationID: serviceworker.RegistrationID(reg), Data: string(msg.Plain)}); err != nil {
			t.Fatal(err)
		}
		var ns []shown
		for end := time.Now().Add(8 * time.Second); time.Now().Before(end); time.Sleep(100 * time.Millisecond) {
			if ns = eval[[]shown](t, ctx, "the notifications shown", `navigator.serviceWorker.ready.then(r => r.getNotifications()).then(ns => ns.map(n => ({Title: n.title, Body: n.body, Tag: n.tag, Path: n.data && n.data.path, Sticky: n.requireInteraction})))`); len(ns) > 0 {
				break
			}
		}
		if len(ns) == 1 {
			n = ns[0]
			break
		}
		if len(ns) > 1 || try == 3 {
			t.Fatalf("Chromium shows %d notifications after %d deliveries of the push", len(ns), try)
		}
		t.Logf("delivery %d of the push: no notification shown 8 s after it; delivering it again", try)
	}
	if n.Title != "Kinship" || n.Body != "A new message" || n.Tag != "messages" || n.Path != "/messages/"+th.ID || n.Sticky {
		t.Fatalf("the notification reads %+v", n)
	}

	// Open it: the worker's notificationclick handler (openFromNotification),
	// run in the worker on the notification Chromium shows.
	wctx := workerTarget(t, ctx)
	yes := true
	res, err := chromedp.Call(wctx, runtime.Evaluate, runtime.EvaluateParams{Expression: `self.registration.getNotifications().then(ns => openFromNotification(ns[0])).then(() => "opened", e => "opened; then " + e.name + ": " + e.message)`,
		AwaitPromise: &yes, UserGesture: &yes, ReturnByValue: &yes})
	if err != nil || res.ExceptionDetails != nil {
		t.Fatalf("open the notification: %v %+v", err, res.ExceptionDetails)
	}
	t.Logf("the worker: %s", res.Result.Value)
	st.do(ctx, "the conversation opens", chromedp.Poll[chromedp.Void](`location.pathname === `+jsString("/messages/"+th.ID)+` && document.readyState === "complete"`, chromedp.WithPollingTimeout(10*time.Second)),
		chromedp.WaitVisible(css(`main`)))
	if page := st.text(ctx, `main`); !strings.Contains(page, "Thinking of you today") || !strings.Contains(page, "Ash") {
		t.Fatalf("the page the notification opened:\n%s", page)
	}
	shot(t, ctx, "notification-opened.png")
	if left := eval[int](t, ctx, "notifications left", `navigator.serviceWorker.ready.then(r => r.getNotifications()).then(ns => ns.length)`); left != 0 {
		t.Errorf("%d notifications still shown after opening it", left)
	}
}

// partnersWithADevice makes Ash and Bo accountability partners and
// connections, gives Bo a notification device, and waits for the jobs
// that made to settle. It returns Bo, both as actors, and the partnership.
func partnersWithADevice(t *testing.T, s *pushServer) (bo *model.User, asAsh, asBo context.Context, partnership string) {
	t.Helper()
	ash, bo := cast(t, s.app)
	asAsh, asBo = app.WithActor(context.Background(), &app.Actor{User: ash}), app.WithActor(context.Background(), &app.Actor{User: bo})
	inv, err := s.app.InvitePartner(asAsh, bo.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.app.RespondPartner(asBo, inv.ID, true); err != nil {
		t.Fatal(err)
	}
	connect(t, s.app, asAsh, asBo, bo)
	s.device(t, bo)
	s.settle(t)
	return bo, asAsh, asBo, inv.ID
}

// connect makes Ash and Bo connections, who may message each other.
func connect(t *testing.T, a *app.App, asAsh, asBo context.Context, bo *model.User) {
	t.Helper()
	c, err := a.RequestConnection(asAsh, bo.ID)
	if err != nil {
		t.Fatal(err)
	}
	if err := a.AcceptConnection(asBo, c.ID); err != nil {
		t.Fatal(err)
	}
}

// workerTarget attaches to the site's service worker.
func workerTarget(t *testing.T, ctx context.Context) context.Context {
	t.Helper()
	targets, err := chromedp.Targets(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, ti := range targets {
		if ti.Type == "service_worker" {
			wctx, _ := chromedp.NewContext(ctx, chromedp.WithTargetID(ti.TargetID))
			return wctx
		}
	}
	t.Fatal("no service worker")
	return nil
}

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// TestBrowserSupportSaysWhoWasReached: Ash presses "I need support now"
// on her phone. Bo, her partner, has two devices that get notifications,
// whose push service is busy at first; Cy, her other partner, has none and
// chose email. Her page tells her in plain words that her alert reached
// Cy by email and Bo in Kinship, not yet on his devices; when the push
// service takes Bo's (the job queue tries again), the page says so by
// itself, without a reload: Bo on 2 devices.
func TestBrowserSupportSaysWhoWasReached(t *testing.T) {
	exe := chromium(t)
	s := startPushServer(t)
	ash, bo := cast(t, s.app)
	cy := account(t, s.app, "cy@example.org", "quiet orchard bell", "Cy", model.RoleMember)
	asAsh := app.WithActor(context.Background(), &app.Actor{User: ash})
	for _, u := range []*model.User{bo, cy} {
		inv, err := s.app.InvitePartner(asAsh, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.app.RespondPartner(app.WithActor(context.Background(), &app.Actor{User: u}), inv.ID, true); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.app.SetEmailNotifications(app.WithActor(context.Background(), &app.Actor{User: cy}), true); err != nil {
		t.Fatal(err)
	}
	phones := []*testutil.PushDevice{s.device(t, bo), s.device(t, bo)}
	s.settle(t)
	for _, d := range phones {
		s.ps.SetStatus(d, 503)
	}

	ctx, done := phone(t, exe)
	defer done()
	st := steps{t}
	type css = chromedp.CSS
	reads := func(what string, want ...string) {
		t.Helper()
		js := `(() => { const e = document.getElementById('alert-reach'); return !!e && [`
		for i, w := range want {
			if i > 0 {
				js += ", "
			}
			js += jsString(w)
		}
		st.do(ctx, what, chromedp.Poll[chromedp.Void](js+`].includes(e.textContent); })()`, chromedp.WithPollingTimeout(30*time.Second)))
	}
	st.signIn(ctx, s.base, "ash@example.org", "amber meadow trail")
	st.do(ctx, "press I need support now", chromedp.Click(css(`form.support-now button`)), chromedp.WaitVisible(css(`#alert-reach`)))
	reads("read that Bo's devices have not taken it yet",
		"Your alert reached Bo in Kinship, not yet on their devices and Cy by email.",
		"Your alert reached Cy by email and Bo in Kinship, not yet on their devices.")
	if status := st.text(ctx, `#alert-status`); !strings.Contains(status, "Bo and Cy have been alerted. If nobody answers soon, the peer supporters on duty will be too.") {
		t.Errorf("Ash's status box reads %q", status)
	}
	for _, d := range phones {
		s.ps.SetStatus(d, 0)
	}
	reached := []string{"Your alert reached Bo on 2 devices and Cy by email.", "Your alert reached Cy by email and Bo on 2 devices."}
	reads("read, without a reload, that Bo's devices took it", reached...)
	shot(t, ctx, "support-reached.png")
	// The same words after a reload, and the page no longer looks again.
	st.do(ctx, "reload", chromedp.Reload(), chromedp.WaitVisible(css(`#alert-reach`)))
	if got := st.text(ctx, `#alert-reach`); got != reached[0] && got != reached[1] {
		t.Errorf("after a reload: %q", got)
	}
	if pending := eval[bool](t, ctx, "still looking", `!!document.getElementById('alert-reach').dataset.pending`); pending {
		t.Error("the page still looks again after every push was taken")
	}
}
