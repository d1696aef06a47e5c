package main

import (
	"context"
	"crypto/rand"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	netmail "net/mail"
	"os"
	"strings"
	"time"

	"github.com/riverqueue/river"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/config"
	"github.com/kinshiprecovery/kinship/internal/datadir"
	"github.com/kinshiprecovery/kinship/internal/httpapi"
	"github.com/kinshiprecovery/kinship/internal/jobs"
	"github.com/kinshiprecovery/kinship/internal/mail"
	"github.com/kinshiprecovery/kinship/internal/push"
	"github.com/kinshiprecovery/kinship/internal/realtime"
	"github.com/kinshiprecovery/kinship/internal/secret"
	"github.com/kinshiprecovery/kinship/internal/store/bunstore"
)

// node is everything one running Kinship holds open.
type node struct {
	cfg    *config.Config
	log    *slog.Logger
	store  *bunstore.Store
	app    *app.App
	box    *secret.Box
	mailer mail.Mailer
	// lock keeps a second server off this SQLite data directory (nil on PostgreSQL).
	lock *datadir.Lock
	// closeBroker, when set, sends what the broker still holds and disconnects.
	closeBroker func() error
}

// stopBroker closes the broker connection, if it needs closing.
func (n *node) stopBroker() {
	if n.closeBroker == nil {
		return
	}
	if err := n.closeBroker(); err != nil {
		n.log.Warn("closing the broker connection", "err", err)
	}
	n.closeBroker = nil
}

// open validates configuration and opens the database, key and mailer.
// extra registers a subcommand's own flags.
func open(ctx context.Context, name string, args []string, getenv func(string) string, stderr io.Writer, extra func(*flag.FlagSet)) (*node, []string, error) {
	cfg, rest, err := config.Parse(name, args, getenv, stderr, extra)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil, nil, err
		}
		return nil, nil, usageError{err.Error()}
	}
	log := newLogger(cfg, stderr)
	var lock *datadir.Lock
	if name == "kinship serve" && cfg.DatabaseURL == "" {
		// Before anything opens the database: a second server must leave it untouched.
		if lock, err = datadir.Acquire(cfg.DataDir); err != nil {
			return nil, nil, err
		}
	}
	box, created, err := secret.LoadOrCreateKey(cfg.KeyFile)
	if err != nil {
		lock.Release()
		return nil, nil, fmt.Errorf("encryption key: %w", err)
	}
	if created {
		log.Info("created a new encryption key; back it up: without it, health data cannot be read", "file", cfg.KeyFile)
	}
	st, err := bunstore.Open(ctx, cfg.DatabaseURL, cfg.DataDir, log)
	if err != nil {
		lock.Release()
		return nil, nil, fmt.Errorf("database: %w", err)
	}
	st.SetSealer(box)
	var mailer mail.Mailer
	if cfg.SMTPEnabled() {
		m, err := mail.NewSMTP(mail.SMTPConfig{Host: cfg.SMTPHost, Port: cfg.SMTPPort, Username: cfg.SMTPUsername, Password: cfg.SMTPPassword, From: cfg.SMTPFrom, TLS: cfg.SMTPTLS})
		if err != nil {
			st.Close()
			lock.Release()
			return nil, nil, fmt.Errorf("smtp: %w", err)
		}
		mailer = m
	} else {
		mailer = mail.NewTerminal(stderr)
	}
	a := app.New(st, box, mailer, log, app.Options{BaseURL: cfg.BaseURL, DefaultCountry: cfg.DefaultCountry, Operator: cfg.Operator, SessionIdle: cfg.SessionIdle, SessionAbsolute: cfg.SessionAbsolute})
	if err := a.SetMentorshipOptions(cfg.MatchWeights, time.Duration(cfg.MentorMinYears*365*24)*time.Hour); err != nil {
		st.Close()
		lock.Release()
		return nil, nil, usageError{"--match-weights / KINSHIP_MATCH_WEIGHTS: " + err.Error()}
	}
	return &node{cfg: cfg, log: log, store: st, app: a, box: box, mailer: mailer, lock: lock}, rest, nil
}

func newLogger(cfg *config.Config, w io.Writer) *slog.Logger {
	var level slog.Level
	_ = level.UnmarshalText([]byte(cfg.LogLevel))
	opts := &slog.HandlerOptions{Level: level}
	if cfg.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

func serve(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	n, rest, err := open(ctx, "kinship serve", args, getenv, stderr, nil)
	if err != nil {
		return err
	}
	defer n.lock.Release()
	defer n.store.Close()
	if len(rest) > 0 {
		return usageError{fmt.Sprintf("serve takes no arguments, got %q", rest)}
	}
	if percent, limit := gcDefaults(getenv, cgroupMemoryLimit); percent > 0 {
		n.log.Info("the collector's settings (GOGC and GOMEMLIMIT were not set; set either to choose your own)", "gogc", percent, "memory_limit_bytes", limit)
	}
	// Titles, names and purposes written before they were sealed are sealed
	// now (once; concurrent nodes on PostgreSQL do not collide).
	if sealed, err := n.store.SealPlainText(ctx); err != nil {
		return fmt.Errorf("seal stored text: %w", err)
	} else if sealed > 0 {
		n.log.Info("sealed post titles, organization names and consent purposes stored before they were sealed", "count", sealed)
	}
	// Notifications stored before they kept whom they are about are given
	// their subject where the notice says exactly who (once), so that an
	// account's deletion erases them from whoever got them.
	if filled, err := n.app.FillNotificationSubjects(ctx); err != nil {
		return fmt.Errorf("fill notification subjects: %w", err)
	} else if filled > 0 {
		n.log.Info("gave notifications stored before migration 38 the person they are about", "count", filled)
	}
	periodic := []jobs.Periodic{
		{Task: "missed_checkins", Every: 15 * time.Minute, Run: func(ctx context.Context) error {
			_, err := n.app.EvaluateMissedCheckins(ctx)
			return err
		}},
		{Task: "checkin_reminders", Every: 5 * time.Minute, Run: func(ctx context.Context) error {
			_, err := n.app.SendCheckinReminders(ctx)
			return err
		}},
		{Task: "meeting_reminders", Every: 5 * time.Minute, Run: func(ctx context.Context) error {
			_, err := n.app.SendMeetingReminders(ctx)
			return err
		}},
		{Task: "call_reminders", Every: 5 * time.Minute, Run: func(ctx context.Context) error {
			_, err := n.app.SendCallReminders(ctx)
			return err
		}},
		{Task: "notification_digests", Every: time.Hour, Run: func(ctx context.Context) error {
			_, err := n.app.SendDigests(ctx)
			return err
		}},
		{Task: "meeting_feeds", Every: 6 * time.Hour, Run: func(ctx context.Context) error {
			_, err := n.app.RefreshMeetingSources(ctx)
			return err
		}},
	}
	if n.cfg.CheckLinks {
		periodic = append(periodic, jobs.Periodic{Task: "resource_links", Every: 24 * time.Hour, Run: func(ctx context.Context) error {
			_, err := n.app.CheckResourceLinks(ctx)
			return err
		}})
	}
	queue, err := jobs.Open(ctx, n.store, n.log, jobs.Options{
		Workers: func(w *river.Workers) {
			river.AddWorker(w, &jobs.EmailWorker{Box: n.box, Mailer: n.mailer})
			river.AddWorker(w, &jobs.EscalateWorker{Escalate: n.app.EscalateSupportAlert})
			river.AddWorker(w, &jobs.ResetWorker{Box: n.box, Send: n.app.SendPasswordReset})
			jobs.AddPushWorkers(w, n.app.DeliverPush, n.app.DeliverPushBatch)
		},
		Periodic: periodic,
	})
	if err != nil {
		return err
	}
	if err := queue.Start(ctx); err != nil {
		return fmt.Errorf("start job queue: %w", err)
	}
	defer func() {
		stopCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = queue.Stop(stopCtx)
	}()
	outbox := jobs.Outbox{Queue: queue, Box: n.box}
	n.app.SetOutbox(outbox)
	n.app.SetScheduler(outbox)
	n.app.SetPush(app.PushConfig{Queue: outbox, Sender: &push.Sender{Subscriber: pushContact(n.cfg), Client: push.NewClient(false)}})
	hub, err := n.startRealtime(ctx)
	if err != nil {
		return err
	}
	defer n.stopBroker()
	defer hub.Close()
	ln, err := listen(ctx, n.cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w (is another program using it? choose another with --addr)", n.cfg.Addr, err)
	}
	srv := httpapi.New(n.app, n.log, httpapi.Options{BaseURL: n.cfg.BaseURL, Secure: n.cfg.Secure(), TrustProxy: n.cfg.TrustProxy, Ready: n.store.Ping, MetricsToken: n.cfg.MetricsToken, Pools: n.store.Pools(), WriterQueue: n.store.WriterQueue})
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second,
		WriteTimeout: 60 * time.Second, IdleTimeout: 120 * time.Second, ErrorLog: slog.NewLogLogger(n.log.Handler(), slog.LevelWarn)}

	url := "http://" + ln.Addr().String()
	fmt.Fprintf(stdout, "Kinship is running at %s\n", url)
	if n.cfg.BaseURL != url {
		fmt.Fprintf(stdout, "Public address: %s\n", n.cfg.BaseURL)
	}
	if !n.cfg.SMTPEnabled() {
		fmt.Fprintln(stdout, "SMTP is not configured: email, with its confirmation and password-reset links, is printed on standard error instead of sent.")
	}
	if empty, err := n.app.NeedsFirstAdmin(ctx); err == nil && empty {
		fmt.Fprintln(stdout, "This instance has no accounts yet: the first account to sign up becomes its site admin.")
	}
	go n.housekeeping(ctx)
	if n.store.Dialect() == "sqlite" {
		// No broker tells this node what an admin command or another
		// connection commits: SQLite's data_version does.
		go n.app.FollowOtherWriters(ctx, n.store.DataVersion, app.OtherWritersEvery)
	}

	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	n.log.Info("shutting down")
	return hs.Shutdown(shutdownCtx)
}

// startRealtime starts this node's hub for live chat delivery. The nodes
// tell each other of changes through the configured broker: PostgreSQL's
// LISTEN/NOTIFY or NATS; on SQLite the node is alone.
func (n *node) startRealtime(ctx context.Context) (*realtime.Hub, error) {
	id := n.cfg.NodeName
	if id == "" {
		id = nodeID()
	}
	broker, run, err := n.broker("kinship-broker-" + id)
	if err != nil {
		return nil, err
	}
	hub := realtime.NewHub(id, n.app, broker, n.log)
	// Changes go to the other nodes with their frames sealed, so a node
	// that hears of one need not read it back from the database.
	hub.SetSealer(n.box)
	n.app.SetHub(hub)
	if run != nil {
		go run(ctx, hub)
	}
	return hub, nil
}

// broker connects to the configured broker under name. run, when not nil,
// receives the other nodes' events; closing sends what is still held.
func (n *node) broker(name string) (b realtime.Broker, run func(context.Context, realtime.Receiver) error, err error) {
	switch n.cfg.Broker {
	case "postgres":
		pg := &realtime.PGBroker{DSN: n.cfg.DatabaseURL, DB: n.store.DB().DB, Name: name, Log: n.log}
		return pg, pg.Run, nil
	case "nats":
		nb, err := realtime.DialNATS(realtime.NATSOptions{URL: n.cfg.NATSURL, Name: name, Log: n.log})
		if err != nil {
			return nil, nil, err
		}
		n.closeBroker = nb.Close
		return nb, nb.Run, nil
	}
	return nil, nil, nil
}

// nodeID names this process among the nodes: the host name and a random suffix.
func nodeID() string {
	host, _ := os.Hostname()
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	return fmt.Sprintf("%s-%x", host, b)
}

// housekeeping prunes expired sessions and old rate-limit windows. Losing a
// run to a crash loses nothing: the next run on any node does the same work.
func (n *node) housekeeping(ctx context.Context) {
	t := time.NewTicker(10 * time.Minute)
	defer t.Stop()
	for {
		now := time.Now().UTC()
		if _, err := n.store.DeleteExpiredSessions(ctx, now, now.Add(-n.cfg.SessionIdle)); err != nil && ctx.Err() == nil {
			n.log.Warn("pruning sessions failed", "err", err)
		}
		if err := n.store.PruneRateLimits(ctx, now.Add(-24*time.Hour)); err != nil && ctx.Err() == nil {
			n.log.Warn("pruning rate limits failed", "err", err)
		}
		if err := n.store.PruneIdempotencyKeys(ctx, now.Add(-app.IdempotencyWindow)); err != nil && ctx.Err() == nil {
			n.log.Warn("pruning idempotency keys failed", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// pushContact is the contact push services see in the VAPID token: the
// instance's https address, else the address its email comes from.
func pushContact(cfg *config.Config) string {
	if strings.HasPrefix(cfg.BaseURL, "https://") {
		return cfg.BaseURL
	}
	if a, err := netmail.ParseAddress(cfg.SMTPFrom); err == nil {
		return a.Address
	}
	return "kinship@localhost"
}

// listen opens the node's listener. Its connections are accepted without
// TCP keep-alive probes: Go sets them on every accepted connection (four
// setsockopt calls: on, idle, interval, count), and every page a browser
// loads opens a socket on a connection of its own, so under bench/usersim
// they were about 1% of the node's CPU. The node finds a peer gone without
// them, sooner than their 15 s idle and nine probes 15 s apart would: it
// pings each open socket every 30 s and closes one silent for 75 s
// (realtime's timing), and the HTTP server closes a connection idle for
// 120 s and bounds each request's reading and writing (IdleTimeout,
// ReadTimeout, WriteTimeout). TCP_NODELAY is set as before.
func listen(ctx context.Context, addr string) (net.Listener, error) {
	lc := net.ListenConfig{KeepAlive: -1}
	return lc.Listen(ctx, "tcp", addr)
}
