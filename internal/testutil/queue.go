package testutil

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/riverqueue/river"

	"github.com/kinshiprecovery/kinship/internal/jobs"
	"github.com/kinshiprecovery/kinship/internal/mail"
	"github.com/kinshiprecovery/kinship/internal/secret"
	"github.com/kinshiprecovery/kinship/internal/store"
	"github.com/kinshiprecovery/kinship/internal/store/bunstore"
)

// StartQueue runs the real job queue on st with the email worker, polling
// often so tests wait little, and stops it when the test ends. It returns
// the outbox to give the app.
func StartQueue(t testing.TB, st store.Store, box *secret.Box, mailer mail.Mailer, workers ...func(*river.Workers)) jobs.Outbox {
	t.Helper()
	return StartQueuePolling(t, st, box, mailer, 50*time.Millisecond, workers...)
}

// StartQueuePolling is StartQueue with the queue looking for due jobs
// every poll: a test of what must not wait for a poll sets it long.
func StartQueuePolling(t testing.TB, st store.Store, box *secret.Box, mailer mail.Mailer, poll time.Duration, workers ...func(*river.Workers)) jobs.Outbox {
	t.Helper()
	bs, ok := st.(*bunstore.Store)
	if !ok {
		t.Fatalf("StartQueue needs a bunstore, got %T", st)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	q, err := jobs.Open(context.Background(), bs, log, jobs.Options{PollInterval: poll, Workers: func(w *river.Workers) {
		river.AddWorker(w, &jobs.EmailWorker{Box: box, Mailer: mailer})
		for _, add := range workers {
			add(w)
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	if err := q.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = q.Stop(ctx)
	})
	return jobs.Outbox{Queue: q, Box: box}
}
