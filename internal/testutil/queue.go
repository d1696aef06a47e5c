package testutil

import (
	"context"
	"io"
	"log/slog"
	"strings"
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

// CountJobs counts the River jobs of kinds in st by column ("state":
// {"completed": 2}, or "kind").
func CountJobs(t testing.TB, st *bunstore.Store, column string, kinds ...string) map[string]int {
	t.Helper()
	if column != "state" && column != "kind" {
		t.Fatalf("CountJobs counts by state or kind, not %q", column)
	}
	quoted := make([]string, len(kinds))
	for i, k := range kinds {
		quoted[i] = "'" + strings.ReplaceAll(k, "'", "''") + "'"
	}
	rows, err := st.DB().QueryContext(context.Background(),
		"SELECT "+column+", COUNT(*) FROM river_job WHERE kind IN ("+strings.Join(quoted, ", ")+") GROUP BY "+column)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var v string
		var n int
		if err := rows.Scan(&v, &n); err != nil {
			t.Fatal(err)
		}
		out[v] = n
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// WaitForJobs waits (at most limit) until done says the River jobs of
// kinds in st, counted by state (CountJobs), are as the test wants, and
// returns the counts; when they never are, it fails the test with want
// and the last counts.
func WaitForJobs(t testing.TB, st *bunstore.Store, limit time.Duration, want string, done func(byState map[string]int) bool, kinds ...string) map[string]int {
	t.Helper()
	for end := time.Now().Add(limit); ; time.Sleep(50 * time.Millisecond) {
		byState := CountJobs(t, st, "state", kinds...)
		if done(byState) {
			return byState
		}
		if time.Now().After(end) {
			t.Fatalf("%v jobs by state %v after %s; want %s", kinds, byState, limit, want)
		}
	}
}
