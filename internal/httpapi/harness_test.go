package httpapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"
	"github.com/riverqueue/river"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/httpapi"
	"github.com/kinshiprecovery/kinship/internal/jobs"
	"github.com/kinshiprecovery/kinship/internal/mail"
	"github.com/kinshiprecovery/kinship/internal/push"
	"github.com/kinshiprecovery/kinship/internal/realtime"
	"github.com/kinshiprecovery/kinship/internal/secret"
	"github.com/kinshiprecovery/kinship/internal/store"
	"github.com/kinshiprecovery/kinship/internal/store/bunstore"
	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// clock is a settable time source shared by the app under test.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// env is a running Kinship on a real database with a real SMTP server.
type env struct {
	t      testing.TB
	db     testutil.DB
	store  store.Store
	app    *app.App
	srv    *httpapi.Server
	http   *httptest.Server
	smtp   *testutil.SMTPServer
	clock  *clock
	logs   *testutil.SyncBuffer // log output from concurrent handlers
	client *http.Client
	hub    *realtime.Hub
	tokens map[string]string // sessions a seeding helper made, by person
}

func newEnv(t *testing.T, db testutil.DB) *env { return newEnvTB(t, db) }

// newEnvWithAdmin is newEnv with its first account signed up and in: the
// site admin (admin@example.org, "Admin"), as most journeys start, so
// those who sign up next are members. It returns the admin's token too.
func newEnvWithAdmin(t *testing.T, db testutil.DB) (*env, string) {
	t.Helper()
	e := newEnv(t, db)
	_, tok := e.signupLogin("admin@example.org", goodPassword, "Admin")
	return e, tok
}

func newEnvTB(t testing.TB, db testutil.DB) *env {
	t.Helper()
	return newEnvPolling(t, db, 50*time.Millisecond)
}

// newEnvPolling is newEnv with the job queue polling every poll.
func newEnvPolling(t testing.TB, db testutil.DB, poll time.Duration) *env {
	t.Helper()
	st := testutil.OpenStore(t, db)
	keyDir := db.DataDir
	if keyDir == "" {
		keyDir = t.TempDir()
	}
	box, _, err := secret.LoadOrCreateKey(filepath.Join(keyDir, "kinship.key"))
	if err != nil {
		t.Fatal(err)
	}
	st.(*bunstore.Store).SetSealer(box)
	smtp := testutil.StartSMTP(t)
	host, port := smtp.Addr()
	mailer, err := mail.NewSMTP(mail.SMTPConfig{Host: host, Port: port, From: "Kinship <no-reply@kinship.test>", TLS: "none"})
	if err != nil {
		t.Fatal(err)
	}
	logs := &testutil.SyncBuffer{}
	log := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	clk := &clock{now: testutil.Now(t)} // the real time unless KINSHIP_TEST_CLOCK says
	e := &env{t: t, db: db, store: st, smtp: smtp, clock: clk, logs: logs}
	e.http = httptest.NewUnstartedServer(nil)
	base := "http://" + e.http.Listener.Addr().String()
	e.app = app.New(st, box, mailer, log, app.Options{BaseURL: base, Now: clk.Now})
	outbox := testutil.StartQueuePolling(t, st, box, mailer, poll, func(w *river.Workers) {
		river.AddWorker(w, &jobs.EscalateWorker{Escalate: func(ctx context.Context, id string) error { return e.app.EscalateSupportAlert(ctx, id) }})
		river.AddWorker(w, &jobs.ResetWorker{Box: box, Send: func(ctx context.Context, email string) error { return e.app.SendPasswordReset(ctx, email) }})
		jobs.AddPushWorkers(w, func(ctx context.Context, j push.Job) error { return e.app.DeliverPush(ctx, j) },
			func(ctx context.Context, b push.Batch) error { return e.app.DeliverPushBatch(ctx, b) })
	})
	e.app.SetOutbox(outbox)
	e.app.SetScheduler(outbox)
	// Push services for the tests run on this machine (see testutil.PushService).
	e.app.SetPush(app.PushConfig{Queue: outbox, Sender: &push.Sender{Subscriber: "kinship-tests@example.org", Client: push.NewClient(true)}, AllowHTTP: true})
	e.hub = realtime.NewHub("test", e.app, nil, log)
	e.app.SetHub(e.hub)
	t.Cleanup(e.hub.Close)
	e.srv = httpapi.New(e.app, log, httpapi.Options{BaseURL: base})
	e.http.Config.Handler = e.srv
	e.http.Start()
	t.Cleanup(e.http.Close)
	e.client = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		Transport: apiChecker(t, e.srv).Transport(t, nil)}
	return e
}

var (
	checkerOnce sync.Once
	checker     *testutil.APIChecker
	checkerErr  error
)

// apiChecker validates every /api/v1 exchange of the harness's client
// against the served OpenAPI document (see testutil.APIChecker).
func apiChecker(t testing.TB, srv *httpapi.Server) *testutil.APIChecker {
	t.Helper()
	checkerOnce.Do(func() { checker, checkerErr = testutil.NewAPIChecker(srv.OpenAPI()) })
	if checkerErr != nil {
		t.Fatal(checkerErr)
	}
	return checker
}

// resp is an answer read whole.
type resp struct {
	Status int
	Header http.Header
	Body   []byte
}

func (r resp) JSON(t testing.TB) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.Body, &m); err != nil {
		t.Fatalf("answer is not a JSON object (%d): %s", r.Status, r.Body)
	}
	return m
}

// do sends a request with an optional bearer token; body may be a string
// (sent as is) or any value (sent as JSON).
func (e *env) do(method, path, token string, body any) resp {
	e.t.Helper()
	var rd io.Reader
	ct := ""
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
		ct = "application/json"
	case formBody:
		rd = strings.NewReader(string(b))
		ct = "application/x-www-form-urlencoded"
	case textBody:
		rd = strings.NewReader(string(b))
		ct = "text/plain"
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			e.t.Fatal(err)
		}
		rd = bytes.NewReader(raw)
		ct = "application/json"
	}
	req, err := http.NewRequest(method, e.http.URL+path, rd)
	if err != nil {
		e.t.Fatal(err)
	}
	if ct != "" {
		req.Header.Set("Content-Type", ct)
	}
	return e.send(req, token)
}

// send sends a request made by hand, with the bearer token when given,
// through the harness client (whose exchanges the API document checks).
func (e *env) send(req *http.Request, token string) resp {
	e.t.Helper()
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := e.client.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return resp{Status: res.StatusCode, Header: res.Header, Body: b}
}

// getIn GETs path as token's holder (none for "") reading lang, as the
// page's language switch sets it (the kinship_lang cookie).
func (e *env) getIn(path, token, lang string) resp {
	e.t.Helper()
	req, err := http.NewRequest("GET", e.http.URL+path, nil)
	if err != nil {
		e.t.Fatal(err)
	}
	req.Header.Set("Cookie", "kinship_lang="+lang)
	return e.send(req, token)
}

// formBody is an encoded form body.
type formBody string

// textBody is a body sent as text/plain.
type textBody string

// signupLogin creates an account through the API and signs in.
func (e *env) signupLogin(email, pw, name string) (id, token string) {
	e.t.Helper()
	r := e.do("POST", "/api/v1/auth/signup", "", map[string]string{"email": email, "password": pw, "display_name": name})
	if r.Status != http.StatusCreated {
		e.t.Fatalf("signup %s: %d %s", email, r.Status, r.Body)
	}
	e.confirmEmail(email)
	return r.JSON(e.t)["id"].(string), e.login(email, pw, "")
}

// confirmEmail marks the address confirmed, as following the emailed link
// does (TestSignInBeforeConfirming follows the real link); sign-in waits for it.
func (e *env) confirmEmail(email string) {
	e.t.Helper()
	ctx := context.Background()
	u, err := e.store.FindUserByEmail(ctx, email)
	if err != nil {
		e.t.Fatalf("confirm %s: %v", email, err)
	}
	if u.EmailVerifiedAt == nil {
		now := e.clock.Now()
		u.EmailVerifiedAt = &now
		if err := e.store.UpdateUser(ctx, u); err != nil {
			e.t.Fatal(err)
		}
	}
}

// login signs in through the API: the password, then, when the account
// asks for it, the second factor (a TOTP code or a recovery code).
func (e *env) login(email, pw, code string) string {
	e.t.Helper()
	r := e.do("POST", "/api/v1/auth/login", "", map[string]string{"email": email, "password": pw})
	if r.Status != http.StatusOK {
		e.t.Fatalf("login %s: %d %s", email, r.Status, r.Body)
	}
	tok := r.JSON(e.t)["token"].(string)
	if r.JSON(e.t)["status"] == "mfa_required" {
		r = e.do("POST", "/api/v1/auth/mfa", tok, map[string]string{"code": code})
		if r.Status != http.StatusOK || r.JSON(e.t)["status"] != "signed_in" {
			e.t.Fatalf("login %s, second factor: %d %s", email, r.Status, r.Body)
		}
	}
	return tok
}

func expectStatus(t testing.TB, r resp, want int) {
	t.Helper()
	if r.Status != want {
		t.Fatalf("status %d, want %d: %s", r.Status, want, r.Body)
	}
}

// enableMFA turns on two-factor login for the session's account.
func (e *env) enableMFA(tok string) string {
	e.t.Helper()
	r := e.do("POST", "/api/v1/me/mfa/setup", tok, nil)
	if r.Status != http.StatusOK {
		e.t.Fatalf("mfa setup: %d %s", r.Status, r.Body)
	}
	secret := r.JSON(e.t)["secret"].(string)
	code, err := totp.GenerateCode(secret, e.clock.Now())
	if err != nil {
		e.t.Fatal(err)
	}
	if r := e.do("POST", "/api/v1/me/mfa/confirm", tok, map[string]string{"code": code}); r.Status != http.StatusOK {
		e.t.Fatalf("mfa confirm: %d %s", r.Status, r.Body)
	}
	return secret
}

// String returns the body as text.
func (r resp) String() string { return string(r.Body) }
