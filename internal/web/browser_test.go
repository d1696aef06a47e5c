package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/pquerna/otp/totp"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/httpapi"
	"github.com/kinshiprecovery/kinship/internal/mail"
	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/realtime"
	"github.com/kinshiprecovery/kinship/internal/secret"
	"github.com/kinshiprecovery/kinship/internal/store"
	"github.com/kinshiprecovery/kinship/internal/store/bunstore"
	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// chromium finds Debian's Chromium, or skips (fails when required).
func chromium(t *testing.T) string { return testutil.ChromiumPath(t) }

// startServer runs a real Kinship on SQLite on a random loopback port.
func startServer(t *testing.T) (string, *app.App) {
	t.Helper()
	base, a, _ := startServerMail(t)
	return base, a
}

// terminal is what a server without SMTP prints for its operator.
type terminal struct{ testutil.SyncBuffer }

// link waits for the first printed link containing path and returns it.
func (t *terminal) link(tb testing.TB, path string) string {
	tb.Helper()
	for end := time.Now().Add(10 * time.Second); time.Now().Before(end); time.Sleep(20 * time.Millisecond) {
		s := t.String()
		if i := strings.Index(s, path); i >= 0 {
			start := strings.LastIndex(s[:i], "http")
			return strings.Fields(s[start:])[0]
		}
	}
	tb.Fatalf("no link with %s was printed", path)
	return ""
}

// startServerMail is startServer with the email it prints (it has no SMTP).
func startServerMail(t *testing.T) (string, *app.App, *terminal) {
	t.Helper()
	return startServerOpts(t, app.Options{})
}

// startServerWith is startServer with app options (a clock, say).
func startServerWith(t *testing.T, opts app.Options) (string, *app.App) {
	t.Helper()
	base, a, _ := startServerOpts(t, opts)
	return base, a
}

// startServerOpts is startServer with app options; wrap, when given, sits
// in front of Kinship's handler (a test that must hold a request back).
func startServerOpts(t *testing.T, opts app.Options, wrap ...func(http.Handler) http.Handler) (string, *app.App, *terminal) {
	t.Helper()
	s := startServerParts(t, opts, nil, wrap...)
	return s.base, s.app, s.term
}

// server is a running Kinship and its parts.
type server struct {
	base  string
	app   *app.App
	term  *terminal
	store store.Store
	box   *secret.Box
	// dir is the data directory: the SQLite file another process would open.
	dir string
}

// startServerParts is startServerOpts; setup, when given, runs before the
// server takes requests (to give the app a job queue, say).
func startServerParts(t *testing.T, opts app.Options, setup func(*server), wrap ...func(http.Handler) http.Handler) *server {
	t.Helper()
	dir := t.TempDir()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	st := testutil.OpenStore(t, testutil.DB{Name: "sqlite", DataDir: dir})
	box, _, err := secret.LoadOrCreateKey(filepath.Join(dir, "kinship.key"))
	if err != nil {
		t.Fatal(err)
	}
	st.(*bunstore.Store).SetSealer(box)
	ts := httptest.NewUnstartedServer(nil)
	base := "http://" + ts.Listener.Addr().String()
	term := &terminal{}
	opts.BaseURL = base
	if opts.Now == nil {
		opts.Now = testutil.EnvClock(t) // nil (the real clock) unless KINSHIP_TEST_CLOCK says
	}
	a := app.New(st, box, mail.NewTerminal(term), log, opts)
	srv := &server{base: base, app: a, term: term, store: st, box: box, dir: dir}
	if setup != nil {
		setup(srv)
	}
	hub := realtime.NewHub("test", a, nil, log)
	a.SetHub(hub)
	t.Cleanup(hub.Close)
	var h http.Handler = httpapi.New(a, log, httpapi.Options{BaseURL: base})
	for _, w := range wrap {
		h = w(h)
	}
	ts.Config.Handler = h
	ts.Start()
	t.Cleanup(ts.Close)
	return srv
}

// phone starts its own Chromium at phone size, with a fresh profile; the
// returned context carries a 3-minute limit for the test's steps.
func phone(t *testing.T, exe string) (context.Context, func()) {
	t.Helper()
	// A limit, not a measure: the longest journeys take about a minute on
	// a quiet machine and over 90 s on a loaded 2-core one.
	ctx, done := testutil.Browser(t, exe, 390, 844, 3*time.Minute)
	// Chromium's window is never narrower than 500 px: the viewport is set
	// to the phone's own 390x844.
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844)); err != nil {
		done()
		t.Fatalf("start chromium: %v", err)
	}
	return ctx, done
}

// picturePhone is phone with the browser's clock stopped at
// testutil.PictureTime, for a test whose server's clock stands there too
// (app.Options{Now: testutil.PictureClock()}): the README's pictures.
func picturePhone(t *testing.T, exe string) (context.Context, func()) {
	t.Helper()
	ctx, done := phone(t, exe)
	if err := testutil.BrowserClockAt(ctx, testutil.PictureTime); err != nil {
		done()
		t.Fatalf("stop the browser's clock: %v", err)
	}
	return ctx, done
}

// steps runs browser steps, failing the test with the step's name.
type steps struct{ t *testing.T }

func (s steps) do(ctx context.Context, step string, actions ...chromedp.Action[chromedp.Void]) {
	s.t.Helper()
	if err := chromedp.Do(ctx, actions...); err != nil {
		s.t.Fatalf("%s: %v", step, err)
	}
}

// signIn signs in with email and password on the sign-in page; the
// signed-in menu (or, with two-factor login, the code page) follows.
func (s steps) signIn(ctx context.Context, base, email, pw string) {
	s.t.Helper()
	s.do(ctx, "sign in "+email, chromedp.Navigate(base+"/login"), chromedp.SendKeys(chromedp.CSS(`#f-email`), email), chromedp.SendKeys(chromedp.CSS(`#f-password`), pw),
		chromedp.Click(chromedp.CSS(`main button[type=submit]`)), chromedp.WaitVisible(chromedp.CSS(`a[href="/groups"], #f-code`)))
}

// spanish switches the signed-in person on the tab to Spanish with their
// profile's language choice.
func (s steps) spanish(ctx context.Context, base string) {
	s.t.Helper()
	s.do(ctx, "Spanish", chromedp.Navigate(base+"/profile"), chromedp.SetValue(chromedp.CSS(`#f-kinship-lang`), "es"),
		chromedp.Click(chromedp.CSS(`form[action="/language"] button`)), chromedp.WaitVisible(chromedp.CSS(`html[lang="es"]`)))
}

// asUser is the context of calls to the app made as u.
func asUser(u *model.User) context.Context {
	return app.WithActor(context.Background(), &app.Actor{User: u})
}

func (s steps) text(ctx context.Context, sel string) string {
	s.t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		s.t.Fatalf("read %s: %v", sel, err)
	}
	return v
}

// screenshotDir is where pictures go: the test's artifact directory, which
// `go test -artifacts -outputdir DIR` keeps under DIR.
func screenshotDir(t *testing.T) string { return t.ArtifactDir() }

func save(t *testing.T, name string, png []byte) {
	t.Helper()
	p := filepath.Join(screenshotDir(t), name)
	if err := os.WriteFile(p, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", p)
	if os.Getenv("KINSHIP_UPDATE_SCREENSHOTS") == "1" {
		dst := filepath.Join("..", "..", "docs", "screenshots", name)
		os.MkdirAll(filepath.Dir(dst), 0o755)
		if err := os.WriteFile(dst, png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestBrowserSignupProfileAndMFA drives real Chromium as a person on a phone:
// sign up, sign in, fill in the profile and its visibility, set up
// two-factor login, and take screenshots.
func TestBrowserSignupProfileAndMFA(t *testing.T) {
	exe := chromium(t)
	base, a, term := startServerMail(t)
	account(t, a, "admin@example.org", "steady harbor lantern", "Admin", model.RoleSiteAdmin)
	pctx, done := phone(t, exe)
	defer done()
	ctx, cancel := context.WithTimeout(pctx, 90*time.Second)
	defer cancel()
	type css = chromedp.CSS
	do := func(step string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, actions...); err != nil {
			t.Fatalf("%s: %v", step, err)
		}
	}
	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Text(css(sel)))
		if err != nil {
			t.Fatalf("read %s: %v", sel, err)
		}
		return s
	}
	value := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Value(css(sel)))
		if err != nil {
			t.Fatalf("value of %s: %v", sel, err)
		}
		return s
	}

	do("landing", chromedp.Navigate(base+"/"), chromedp.WaitVisible(css(`h1`)))
	shot(t, ctx, "landing.png")

	do("sign up", chromedp.Navigate(base+"/signup"),
		chromedp.SendKeys(css(`#f-email`), "river@example.org"),
		chromedp.SendKeys(css(`#f-display_name`), "River"),
		chromedp.SendKeys(css(`#f-password`), "short"),
		chromedp.Click(css(`main button[type=submit]`)),
		chromedp.WaitVisible(css(`#error-summary`)))
	if msg := text(`#error-summary`); !strings.Contains(msg, "at least 8") {
		t.Fatalf("short password message: %q", msg)
	}
	do("sign up again", chromedp.SendKeys(css(`#f-password`), "willow creek morning"), chromedp.Click(css(`main button[type=submit]`)),
		chromedp.WaitVisible(css(`.notice`)))
	if msg := text(`.notice`); !strings.Contains(msg, "confirm") {
		t.Fatalf("after sign-up: %q", msg)
	}
	// Before the email is confirmed, signing in answers as a wrong password would.
	do("sign in unconfirmed", chromedp.SendKeys(css(`#f-email`), "river@example.org"), chromedp.SendKeys(css(`#f-password`), "willow creek morning"),
		chromedp.Click(css(`main button[type=submit]`)), chromedp.WaitVisible(css(`#error-summary`)))
	if msg := text(`#error-summary`); !strings.Contains(msg, "not right") {
		t.Fatalf("sign-in before confirming: %q", msg)
	}
	// The link in the email confirms the address and signs River in.
	do("confirm email", chromedp.Navigate(term.link(t, "/verify-email?token=")), chromedp.Click(css(`main button[type=submit]`)),
		chromedp.WaitVisible(css(`.notice`)), chromedp.WaitVisible(css(`nav.tabs a[href="/more"]`)))
	if msg := text(`.notice`); !strings.Contains(msg, "confirmed, and you are signed in") {
		t.Fatalf("after the email link: %q", msg)
	}
	if h := text(`h1`); h != "Welcome, River" {
		t.Fatalf("after the email link the page says %q", h)
	}

	do("edit profile", chromedp.Navigate(base+"/profile"), chromedp.WaitVisible(css(`#f-bio`)),
		chromedp.SendKeys(css(`#f-pronouns`), "she/her"),
		chromedp.SendKeys(css(`#f-bio`), "Gardener and parent. Three years in recovery."),
		chromedp.Click(css(`#pw-medication-supported`)),
		chromedp.SetValue(css(`#f-recovery_start`), "2023-04-12"),
		chromedp.SetValue(css(`#v-bio`), "groups"),
		chromedp.SetValue(css(`#v-recovery_start`), "supporters"),
		chromedp.Click(css(`form.profile button[type=submit]`)),
		chromedp.WaitVisible(css(`.notice`)))
	if msg := text(`.notice`); !strings.Contains(msg, "saved") {
		t.Fatalf("profile not saved: %q", msg)
	}
	if bio, vb, vs := value(`#f-bio`), value(`#v-bio`), value(`#v-recovery_start`); !strings.Contains(bio, "Gardener") || vb != "groups" || vs != "supporters" {
		t.Fatalf("saved values: bio %q, bio visibility %q, start visibility %q", bio, vb, vs)
	}
	checked, err := chromedp.Run(ctx, chromedp.JavascriptAttribute[bool](css(`#pw-medication-supported`), "checked"))
	if err != nil || !checked {
		t.Fatalf("pathway not kept: %v %v", checked, err)
	}
	shot(t, ctx, "profile.png")

	do("start two-factor", chromedp.Navigate(base+"/settings/security"), chromedp.Click(css(`form[action="/settings/mfa/setup"] button`)),
		chromedp.WaitVisible(css(`#mfa-secret`)))
	secret := strings.TrimSpace(text(`#mfa-secret`))
	// The QR code is an image the browser could decode, not "#ZgotmplZ".
	qrWidth, err := chromedp.Run(ctx, chromedp.Evaluate[int](`(async () => { const i = document.querySelector('#mfa-qr'); await i.decode(); return i.naturalWidth; })()`, chromedp.EvalAwaitPromise))
	if err != nil || qrWidth < 100 {
		t.Fatalf("QR code did not load: naturalWidth %d, %v", qrWidth, err)
	}
	qrSrc := func() string {
		t.Helper()
		src, err := chromedp.Run(ctx, chromedp.AttributeValue(css(`#mfa-qr`), "src"))
		if err != nil {
			t.Fatalf("QR: %v", err)
		}
		return src.Value
	}
	qr := qrSrc()
	// One mistyped code: one message, tied to the code field; the same key
	// and the same QR code stay, so the next try needs no new scan.
	do("mistype the code", chromedp.SendKeys(css(`#f-code`), "000000"), chromedp.Click(css(`form[action="/settings/mfa/confirm"] button`)),
		chromedp.WaitVisible(css(`#error-summary`)))
	if again := strings.TrimSpace(text(`#mfa-secret`)); again != secret {
		t.Fatalf("a mistyped code changed the key: %q, then %q", secret, again)
	}
	if qrSrc() != qr {
		t.Fatal("a mistyped code drew a new QR code")
	}
	if sum := text(`#error-summary`); strings.Count(sum, "did not match") != 1 || strings.Contains(sum, "not right") || !strings.Contains(sum, "the key above stays the same") {
		t.Fatalf("the error summary says %q: it should say once that the code did not match and that the key stays", sum)
	}
	if msg := text(`#e-code`); !strings.Contains(msg, "did not match") {
		t.Fatalf("code field error: %q", msg)
	}
	if desc, err := chromedp.Run(ctx, chromedp.AttributeValue(css(`#f-code`), "aria-describedby")); err != nil || !strings.Contains(desc.Value, "e-code") {
		t.Fatalf("code field not described by its error: %q %v", desc.Value, err)
	}
	if href, err := chromedp.Run(ctx, chromedp.AttributeValue(css(`#error-summary a`), "href")); err != nil || href.Value != "#f-code" {
		t.Fatalf("error summary links to %q (%v), want #f-code", href.Value, err)
	}
	shot(t, ctx, "security-wrong-code.png")
	// Coming back to the page later shows the same key too.
	do("reload security", chromedp.Navigate(base+"/settings/security"), chromedp.WaitVisible(css(`#mfa-secret`)))
	if again := strings.TrimSpace(text(`#mfa-secret`)); again != secret {
		t.Fatalf("reloading changed the key: %q, then %q", secret, again)
	}
	code, err := totp.GenerateCode(secret, a.Now()) // the app's clock
	if err != nil {
		t.Fatal(err)
	}
	do("confirm two-factor", chromedp.SendKeys(css(`#f-code`), code), chromedp.Click(css(`form[action="/settings/mfa/confirm"] button`)),
		chromedp.WaitVisible(css(`#recovery-codes`)))
	if codes := text(`#recovery-codes`); strings.Count(codes, "-") < 20 {
		t.Fatalf("recovery codes: %q", codes)
	}
	shot(t, ctx, "security.png")

	do("check in", chromedp.Navigate(base+"/checkin"), chromedp.WaitVisible(css(`#mood-4`)),
		chromedp.Click(css(`#mood-4`)), chromedp.Click(css(`label[for=craving-3]`)), chromedp.Click(css(`#f-used`)),
		chromedp.SendKeys(css(`#f-sleep_hours`), "7.5"), chromedp.SendKeys(css(`#f-tags`), "went to a meeting"),
		chromedp.Click(css(`form.checkin button[type=submit]`)), chromedp.WaitVisible(css(`.notice`)))
	if msg := text(`.notice`); !strings.Contains(msg, "Thank you for checking in") {
		t.Fatalf("after check-in: %q", msg)
	}
	if days := text(`#streak-days`); days == "" {
		t.Fatal("recovery time not shown")
	}
	shot(t, ctx, "checkin.png")
	me, err := a.Store().FindUserByEmail(context.Background(), "river@example.org")
	if err != nil || !me.MFAEnabled {
		t.Fatalf("two-factor not on: %v", err)
	}
}

// withMFA turns on two-factor login for u, as if they had scanned the code,
// and returns the secret to make codes from.
func withMFA(t *testing.T, a *app.App, u *model.User) string {
	t.Helper()
	as := app.WithActor(context.Background(), &app.Actor{User: u})
	setup, err := a.BeginMFA(as)
	if err != nil {
		t.Fatal(err)
	}
	code, _ := totp.GenerateCode(setup.Secret, a.Now()) // the app's clock, which a test may have stopped
	if _, err := a.ConfirmMFA(as, code); err != nil {
		t.Fatal(err)
	}
	u.MFAEnabled = true // as the database now says
	return setup.Secret
}

// mfaStep answers the sign-in's two-factor question with a fresh code.
func (s steps) mfaStep(ctx context.Context, secret string) {
	s.t.Helper()
	s.mfaStepAt(ctx, secret, testutil.Now(s.t)) // the real time, unless KINSHIP_TEST_CLOCK moved the server's
}

// mfaStepAt is mfaStep with the code of the time at: the server's clock
// when a test has stopped it (testutil.PictureTime).
func (s steps) mfaStepAt(ctx context.Context, secret string, at time.Time) {
	s.t.Helper()
	// Each page is waited for whole (loaded, and the code field there or
	// gone) by asking the page itself, again while it navigates: a node
	// looked up as the sign-in's answer replaced the page failed with
	// "Could not find node with given id" on CI's busy machine.
	s.until(ctx, "the two-factor page", `document.readyState === 'complete' && !!document.querySelector('#f-code')`)
	code, _ := totp.GenerateCode(secret, at)
	s.do(ctx, "two-factor code", chromedp.SendKeys(chromedp.CSS(`#f-code`), code),
		chromedp.Click(chromedp.CSS(`form[action="/login/mfa"] button`)))
	s.until(ctx, "the page after the two-factor code", `document.readyState === 'complete' && location.pathname !== '/login/mfa' && !document.querySelector('#f-code')`)
}

// until asks the page whether cond (a JavaScript expression) holds, every
// 100 ms for up to 15 s; an error while the page navigates is asked again.
func (s steps) until(ctx context.Context, what, cond string) {
	s.t.Helper()
	for tries := 0; ; tries++ {
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](cond))
		if err == nil && ok {
			return
		}
		if tries == 150 {
			s.t.Fatalf("%s never came (last error %v)", what, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// account creates a person with a role, as an admin would.
func account(t *testing.T, a *app.App, email, pw, name string, role model.Role) *model.User {
	t.Helper()
	u, err := a.AdminCreateUser(context.Background(), email, pw, name, role)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// cast creates the people most tests need: the site admin (the instance's
// first account), Ash and Bo.
func cast(t *testing.T, a *app.App) (ash, bo *model.User) {
	t.Helper()
	account(t, a, "admin@example.org", "steady harbor lantern", "Admin", model.RoleSiteAdmin)
	return account(t, a, "ash@example.org", "amber meadow trail", "Ash", model.RoleMember),
		account(t, a, "bo@example.org", "cobalt river stone", "Bo", model.RoleMember)
}

// signedInPhone opens a phone-size tab of its own (closed when the test
// ends) and signs in there with email and password; with two-factor login
// on, the code page is what it shows.
func signedInPhone(t *testing.T, base, email, pw string) context.Context {
	t.Helper()
	ctx, done := phone(t, chromium(t))
	t.Cleanup(done)
	steps{t}.signIn(ctx, base, email, pw)
	return ctx
}

// moderatorOnPhone creates on s the cast (the site admin, Ash and Bo) and
// Mod, a moderator with two-factor login, and signs Mod in on a phone with
// a fresh code. It returns Ash, Bo, Mod and the signed-in tab.
func moderatorOnPhone(t *testing.T, s *server) (ash, bo, mod *model.User, tab context.Context) {
	t.Helper()
	ash, bo = cast(t, s.app)
	mod = account(t, s.app, "mod@example.org", "quiet willow harbor", "Mod", model.RoleModerator)
	secret := withMFA(t, s.app, mod)
	tab = signedInPhone(t, s.base, "mod@example.org", "quiet willow harbor")
	steps{t}.mfaStep(tab, secret)
	return ash, bo, mod, tab
}

// partnersOnPhones starts a server with the cast, Ash and Bo accountability
// partners (she invited him and he accepted), each signed in on a phone of
// their own. It returns the server's address, the app, Ash's context for
// the app and the two tabs.
func partnersOnPhones(t *testing.T) (base string, a *app.App, asAsh, ashTab, boTab context.Context) {
	t.Helper()
	base, a = startServer(t)
	ash, bo := cast(t, a)
	asAsh = app.WithActor(context.Background(), &app.Actor{User: ash})
	inv, err := a.InvitePartner(asAsh, bo.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.RespondPartner(app.WithActor(context.Background(), &app.Actor{User: bo}), inv.ID, true); err != nil {
		t.Fatal(err)
	}
	ashTab = signedInPhone(t, base, "ash@example.org", "amber meadow trail")
	boTab = signedInPhone(t, base, "bo@example.org", "cobalt river stone")
	return base, a, asAsh, ashTab, boTab
}

// partnered makes from and to accountability partners, as if from invited
// to and to accepted.
func partnered(t *testing.T, a *app.App, from, to *model.User) {
	t.Helper()
	inv, err := a.InvitePartner(app.WithActor(context.Background(), &app.Actor{User: from}), to.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.RespondPartner(app.WithActor(context.Background(), &app.Actor{User: to}), inv.ID, true); err != nil {
		t.Fatal(err)
	}
}
