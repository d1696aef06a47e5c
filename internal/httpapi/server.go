// Package httpapi serves Kinship over HTTP: the JSON API under /api/v1, the
// web pages, and the middleware every request passes through. Handlers
// decode, call app, and encode; the route table is in routes.go.
package httpapi

import (
	"bufio"
	"context"
	"crypto/subtle"
	"database/sql"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/realtime"
	"github.com/kinshiprecovery/kinship/internal/web"
)

// Options configure the HTTP layer.
type Options struct {
	BaseURL string
	// Secure is true behind HTTPS: __Host- cookies, Secure flag and HSTS.
	Secure bool
	// TrustProxy takes the client address from X-Forwarded-For (behind a load balancer).
	TrustProxy bool
	// Ready reports whether the node may take traffic (for /healthz).
	Ready func(ctx context.Context) error
	// MetricsToken is the bearer token GET /metrics requires; "" turns
	// metrics off.
	MetricsToken string
	// Pools are the node's database connection pools, by name, whose use
	// /metrics reports (go_sql_*: connections in use and idle, how often
	// and how long a request waited for one): what a page waits on when
	// the pool, not the database, is the queue.
	Pools map[string]*sql.DB
	// WriterQueue, when set, reports the writes that waited in the
	// store's own queue for SQLite's one writer connection and how long
	// in all (kinship_writer_queue_waits_total,
	// kinship_writer_queue_wait_seconds_total): behind that queue at most
	// one write at a time waits in database/sql (go_sql_wait_* of the
	// "writer" pool), so the two together are what writes waited.
	WriterQueue func() (waits int64, waited time.Duration)
}

// Server is the HTTP face of one Kinship node.
type Server struct {
	app      *app.App
	web      *web.Pages
	opts     Options
	log      *slog.Logger
	handler  http.Handler
	socket   *realtime.Socket
	registry *prometheus.Registry
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
	docOnce  sync.Once
	doc      []byte
	// asyncOnce and async hold the WebSocket's AsyncAPI document.
	asyncOnce sync.Once
	async     []byte
}

// New builds the server and its route table.
func New(a *app.App, log *slog.Logger, opts Options) *Server {
	s := &Server{app: a, opts: opts, log: log, registry: prometheus.NewRegistry()}
	if h := a.Hub(); h != nil {
		s.socket = &realtime.Socket{Hub: h, Ops: socketOps{a}, BaseURL: opts.BaseURL}
	}
	s.web = web.New(a, log, web.Options{Secure: opts.Secure, BaseURL: opts.BaseURL, ClientIP: s.clientIP,
		ExportDocument: func(ex *app.Export) any { return exportOf(ex) }})
	s.requests = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "kinship_http_requests_total", Help: "HTTP requests by route and status class."}, []string{"route", "code"})
	s.duration = prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "kinship_http_request_duration_seconds", Help: "HTTP request latency by route.", Buckets: prometheus.DefBuckets}, []string{"route"})
	// The Go collector adds the scheduler's own figures to the usual ones:
	// go_sched_latencies_seconds is how long goroutines waited to run once
	// they could (a request whose database answer has come back holds its
	// pooled connection until it runs again).
	s.registry.MustRegister(s.requests, s.duration, collectors.NewGoCollector(collectors.WithGoCollectorRuntimeMetrics(collectors.MetricsScheduler)), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	for name, db := range opts.Pools {
		s.registry.MustRegister(collectors.NewDBStatsCollector(db, name))
	}
	if q := opts.WriterQueue; q != nil {
		s.registry.MustRegister(
			prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "kinship_writer_queue_waits_total", Help: "Writes that waited in the store's queue for SQLite's one writer connection."},
				func() float64 { n, _ := q(); return float64(n) }),
			prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "kinship_writer_queue_wait_seconds_total", Help: "How long writes waited in the store's queue for SQLite's one writer connection, in all."},
				func() float64 { _, d := q(); return d.Seconds() }))
	}

	mux := http.NewServeMux()
	apiRoutes := http.NewServeMux() // which methods each API path takes (apiFallback)
	for _, rt := range s.Routes() {
		mux.Handle(rt.Method+" "+rt.Pattern, s.guard(rt))
		if key := rt.Method + " " + rt.Pattern; strings.HasPrefix(rt.Pattern, "/api/") && key != catchAllAPI {
			apiRoutes.Handle(key, http.NotFoundHandler())
		}
	}
	cop := http.NewCrossOriginProtection()
	if u, err := url.Parse(opts.BaseURL); err == nil && u.Host != "" {
		_ = cop.AddTrustedOrigin(u.Scheme + "://" + u.Host)
	}
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if isAPI(r) {
			writeProblem(w, r, problemFor(model.KindForbidden, "cross-origin requests that change data are refused; send the request from Kinship's own pages or without browser cookies"))
			return
		}
		http.Error(w, "This request came from another site and was refused to protect your account.", http.StatusForbidden)
	}))
	s.handler = s.recoverer(s.observe(s.headers(cop.Handler(apiFallback(mux, apiRoutes)))))
	return s
}

// ServeHTTP serves a request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

func isAPI(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/api/") }

// guard enforces a route's policy before its handler runs.
func (s *Server) guard(rt Route) http.Handler {
	// A request for what the node keeps nothing for (a load balancer's
	// health check, the metrics, an asset) does not keep a SQLite node
	// asking whether another process committed (app.NoteRequest).
	note := rt.Pattern != "/healthz" && rt.Pattern != "/metrics" && rt.Pattern != "/static/"
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if note {
			s.app.NoteRequest()
		}
		act, authErr := s.authenticate(r)
		// Any text surface may leave the author a private safety note;
		// JSON answers carry it whatever the route (see writeJSON).
		ctx, col := app.WithSafety(r.Context())
		if r.Method == http.MethodHead {
			// Answered as its GET, showing nothing: no read is recorded.
			ctx = app.WithHeadRequest(ctx)
		}
		r = r.WithContext(ctx)
		w = &safetyResponse{ResponseWriter: w, col: col}
		if act != nil {
			r = r.WithContext(app.WithActor(r.Context(), act))
			// Signed-in pages and answers are one person's; never cache them.
			w.Header().Set("Cache-Control", "no-store")
		}
		if rt.Policy == Public {
			if s.admit(w, r, rt) {
				rt.Handler(w, r)
			}
			return
		}
		w.Header().Set("Cache-Control", "no-store")
		if act == nil {
			s.deny(w, r, authErr)
			return
		}
		if act.Session.MFAPending && rt.Policy != PendingMFA {
			s.deny(w, r, &model.Error{Kind: model.KindMFARequired, Message: "finish signing in with your two-factor code (POST /api/v1/auth/mfa)"})
			return
		}
		if rt.Policy >= Member && act.NeedsMFASetup() {
			s.deny(w, r, model.ErrMsg(model.KindForbidden, app.Say("apperrf.mfa_role_setup_first", "Role", app.RoleWord(string(act.User.Role)))))
			return
		}
		if rt.Policy == Moderator && act.User.Role != model.RoleModerator && act.User.Role != model.RoleSiteAdmin {
			s.deny(w, r, &model.Error{Kind: model.KindForbidden, Message: "only moderators may do this"})
			return
		}
		if rt.Policy == SiteAdmin && act.User.Role != model.RoleSiteAdmin {
			s.deny(w, r, &model.Error{Kind: model.KindForbidden, Message: "only site admins may do this"})
			return
		}
		if s.admit(w, r, rt) {
			s.run(w, r, rt)
		}
	})
}

// deny answers a refused request: JSON for the API, a redirect to the right
// page for the web UI.
func (s *Server) deny(w http.ResponseWriter, r *http.Request, err error) {
	if err == nil {
		err = &model.Error{Kind: model.KindUnauthorized, Message: "sign in to continue"}
	}
	if isAPI(r) {
		writeError(w, r, err)
		return
	}
	switch model.ErrorKind(err) {
	case model.KindUnauthorized:
		web.ClearSessionCookie(w, s.opts.Secure)
		next := ""
		if r.Method == http.MethodGet {
			next = "?next=" + url.QueryEscape(r.URL.Path)
		}
		http.Redirect(w, r, "/login"+next, http.StatusSeeOther)
	case model.KindMFARequired:
		http.Redirect(w, r, "/login/mfa", http.StatusSeeOther)
	case model.KindForbidden:
		if act := app.ActorFrom(r.Context()); act.NeedsMFASetup() {
			http.Redirect(w, r, "/settings/security?need=mfa", http.StatusSeeOther)
			return
		}
		s.web.Forbidden(w, r)
	default:
		writeError(w, r, err)
	}
}

// authenticate finds the session of a request from its bearer token or
// cookie. A request with neither is anonymous (nil, nil).
func (s *Server) authenticate(r *http.Request) (*app.Actor, error) {
	if h := r.Header.Get("Authorization"); h != "" && !strings.HasPrefix(h, "Bearer ") {
		return nil, &model.Error{Kind: model.KindUnauthorized, Message: "use Authorization: Bearer TOKEN"}
	}
	token := requestToken(r, s.opts.Secure)
	if token == "" {
		return nil, nil
	}
	return s.app.Authenticate(r.Context(), token)
}

// requestToken is the session token a request carries: its bearer token,
// else its session cookie, else "".
func requestToken(r *http.Request, secure bool) string {
	if h := r.Header.Get("Authorization"); h != "" {
		t, _ := strings.CutPrefix(h, "Bearer ")
		return strings.TrimSpace(t)
	}
	if c, err := r.Cookie(web.SessionCookieName(secure)); err == nil {
		return c.Value
	}
	return ""
}

// clientIP is the address rate limits count against.
func (s *Server) clientIP(r *http.Request) string {
	if s.opts.TrustProxy {
		if xff := r.Header.Get("X-Forwarded-For"); xff != "" {
			first, _, _ := strings.Cut(xff, ",")
			if ip := net.ParseIP(strings.TrimSpace(first)); ip != nil {
				return ip.String()
			}
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// headers sets the security headers on every answer.
func (s *Server) headers(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(self), interest-cohort=()")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		if s.opts.Secure {
			h.Set("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
		}
		next.ServeHTTP(w, r)
	})
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// safetyResponse carries the request's safety collector to writeJSON.
type safetyResponse struct {
	http.ResponseWriter
	col *app.SafetyCollector
}

func (w *safetyResponse) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// Hijack hands the connection over, for WebSocket upgrades.
func (w *safetyResponse) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	h, ok := w.ResponseWriter.(http.Hijacker)
	if !ok {
		return nil, nil, errors.New("httpapi: connection cannot be hijacked")
	}
	return h.Hijack()
}

// Hijack hands the connection over, for WebSocket upgrades.
func (w *statusWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	h, ok := w.ResponseWriter.(http.Hijacker)
	if !ok {
		return nil, nil, errors.New("httpapi: connection cannot be hijacked")
	}
	w.status = http.StatusSwitchingProtocols
	return h.Hijack()
}

// observe logs and counts every request by its route pattern, never its
// path or query, which may carry tokens or identifiers.
func (s *Server) observe(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		route := r.Pattern
		if route == "" {
			route = "unmatched"
		}
		if sw.status == 0 {
			sw.status = http.StatusOK
		}
		d := time.Since(start)
		if !uncounted(route) {
			s.requests.WithLabelValues(route, string(rune('0'+sw.status/100))+"xx").Inc()
			s.duration.WithLabelValues(route).Observe(d.Seconds())
		}
		s.log.LogAttrs(r.Context(), slog.LevelInfo, "request", slog.String("route", route), slog.Int("status", sw.status), slog.Duration("took", d))
	})
}

func (s *Server) recoverer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Error("panic serving request", "route", r.Pattern, "panic", v)
				if isAPI(r) {
					writeProblem(w, r, problemFor(model.KindInternal, "something went wrong on our side; please try again"))
					return
				}
				http.Error(w, "something went wrong on our side", http.StatusInternalServerError)
			}
		}()
		next.ServeHTTP(w, r)
	})
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	if s.opts.Ready != nil {
		if err := s.opts.Ready(ctx); err != nil {
			s.log.Warn("not ready", "err", err)
			writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "unavailable"})
			return
		}
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

// metrics answers Prometheus, only with the configured bearer token: the
// counts say how a community uses its instance.
func (s *Server) metrics(w http.ResponseWriter, r *http.Request) {
	if s.opts.MetricsToken == "" {
		writeProblem(w, r, problemFor(model.KindNotFound, "metrics are off; the operator turns them on with KINSHIP_METRICS_TOKEN"))
		return
	}
	given, _ := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if subtle.ConstantTimeCompare([]byte(given), []byte(s.opts.MetricsToken)) != 1 {
		w.Header().Set("WWW-Authenticate", `Bearer realm="metrics"`)
		writeProblem(w, r, problemFor(model.KindUnauthorized, "metrics need the bearer token set in KINSHIP_METRICS_TOKEN"))
		return
	}
	promhttp.HandlerFor(s.registry, promhttp.HandlerOpts{}).ServeHTTP(w, r)
}

// uncounted reports routes left out of the metrics: how often someone asks
// for support now, or a crisis is handled, is nobody's business but the
// people involved, and a per-route count would show it as it happens.
func uncounted(route string) bool {
	return strings.Contains(route, "/support") || strings.Contains(route, "/crisis")
}
