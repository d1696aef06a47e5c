package pushfanout_test

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"github.com/riverqueue/river"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/jobs"
	"github.com/kinshiprecovery/kinship/internal/mail"
	"github.com/kinshiprecovery/kinship/internal/push"
	"github.com/kinshiprecovery/kinship/internal/secret"
	"github.com/kinshiprecovery/kinship/internal/store"
	"github.com/kinshiprecovery/kinship/internal/store/bunstore"
	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// kinship is the parts of a Kinship node a push benchmark needs: the
// store, the app and its job queue sending through push.Sender to a push
// service on 127.0.0.1 that only counts (testutil.PushService.CountOnly),
// so the CPU measured is Kinship's.
type kinship struct {
	st  store.Store
	app *app.App
	ps  *testutil.PushService
	db  string
}

// startKinship opens the benchmark's database (KINSHIP_BENCH_DB) and the
// app. With asServed the job queue is the one `kinship serve` runs (its
// default poll interval and workers), for latencies a person would see;
// otherwise testutil.StartQueue's (polling every 50 ms).
func startKinship(b *testing.B, asServed bool) *kinship {
	b.Helper()
	db := testutil.DB{Name: testutil.BenchDB(), DataDir: b.TempDir()}
	if db.Name == "postgres" {
		db.URL = testutil.PostgresURL(b)
	}
	st := testutil.OpenStore(b, db)
	box, _, err := secret.LoadOrCreateKey(filepath.Join(b.TempDir(), "kinship.key"))
	if err != nil {
		b.Fatal(err)
	}
	st.(*bunstore.Store).SetSealer(box)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	mailer := mail.NewTerminal(io.Discard)
	a := app.New(st, box, mailer, log, app.Options{BaseURL: "http://127.0.0.1"})
	workers := func(w *river.Workers) { jobs.AddPushWorkers(w, a.DeliverPush, a.DeliverPushBatch) }
	var outbox jobs.Outbox
	if asServed {
		q, err := jobs.Open(context.Background(), st.(*bunstore.Store), log, jobs.Options{Workers: func(w *river.Workers) {
			river.AddWorker(w, &jobs.EmailWorker{Box: box, Mailer: mailer})
			workers(w)
		}})
		if err != nil {
			b.Fatal(err)
		}
		if err := q.Start(context.Background()); err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			_ = q.Stop(ctx)
		})
		outbox = jobs.Outbox{Queue: q, Box: box}
	} else {
		outbox = testutil.StartQueue(b, st, box, mailer, workers)
	}
	a.SetOutbox(outbox)
	a.SetPush(app.PushConfig{Queue: outbox, Sender: &push.Sender{Subscriber: "bench@example.org", Client: push.NewClient(true)}, AllowHTTP: true})
	ps := testutil.StartPushService(b)
	ps.CountOnly = true
	return &kinship{st: st, app: a, ps: ps, db: db.Name}
}

// settle waits until no push job is waiting or running.
func (k *kinship) settle(b *testing.B) {
	b.Helper()
	db := k.st.(*bunstore.Store).DB()
	for end := time.Now().Add(2 * time.Minute); ; time.Sleep(20 * time.Millisecond) {
		var n int
		if err := db.QueryRowContext(context.Background(), "SELECT COUNT(*) FROM river_job WHERE kind IN ('push', 'push_batch') AND state NOT IN ('completed', 'cancelled', 'discarded')").Scan(&n); err != nil {
			b.Fatal(err)
		}
		if n == 0 {
			return
		}
		if time.Now().After(end) {
			b.Fatalf("%d push jobs still waiting after 2 minutes", n)
		}
	}
}
