package jobs_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/riverqueue/river"

	"github.com/kinshiprecovery/kinship/internal/jobs"
	"github.com/kinshiprecovery/kinship/internal/mail"
	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/push"
	"github.com/kinshiprecovery/kinship/internal/secret"
	"github.com/kinshiprecovery/kinship/internal/store"
	"github.com/kinshiprecovery/kinship/internal/store/bunstore"
	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// TestEmailIsDurable proves the outbox: email queued in a rolled-back
// transaction is never sent; email queued while no node works jobs (a crash
// or restart) is sent once a node starts; and what is stored is sealed.
func TestEmailIsDurable(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		ctx := context.Background()
		st := testutil.OpenStore(t, db).(*bunstore.Store)
		box, _, err := secret.LoadOrCreateKey(filepath.Join(t.TempDir(), "k"))
		if err != nil {
			t.Fatal(err)
		}
		smtp := testutil.StartSMTP(t)
		host, port := smtp.Addr()
		mailer, err := mail.NewSMTP(mail.SMTPConfig{Host: host, Port: port, From: "k@kinship.test", TLS: "none"})
		if err != nil {
			t.Fatal(err)
		}
		log := slog.New(slog.NewTextHandler(io.Discard, nil))

		// A node that only inserts: its "crash" leaves the jobs behind.
		inserter, err := jobs.Open(ctx, st, log, jobs.Options{})
		if err != nil {
			t.Fatal(err)
		}
		out := jobs.Outbox{Queue: inserter, Box: box}
		boom := errors.New("rolled back")
		err = st.InTx(ctx, func(tx store.Store) error {
			if err := out.SendEmail(ctx, tx, mail.Message{To: "never@example.org", Subject: "never", Text: "x"}); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatal(err)
		}
		err = st.InTx(ctx, func(tx store.Store) error {
			return out.SendEmail(ctx, tx, mail.Message{To: "kept@example.org", Subject: "You have a new message", Text: "secret-link-token-123"})
		})
		if err != nil {
			t.Fatal(err)
		}
		var raw int
		if err := st.DB().QueryRowContext(ctx, "SELECT COUNT(*) FROM river_job WHERE CAST(args AS TEXT) LIKE '%kept@example.org%' OR CAST(args AS TEXT) LIKE '%secret-link%'").Scan(&raw); err != nil {
			t.Fatal(err)
		}
		if raw != 0 {
			t.Fatal("queued email is readable in the jobs table")
		}
		time.Sleep(200 * time.Millisecond)
		if n := len(smtp.Messages()); n != 0 {
			t.Fatalf("%d emails sent with no worker running", n)
		}

		// A node starts: the queued email goes out, the rolled-back one never.
		worker, err := jobs.Open(ctx, st, log, jobs.Options{PollInterval: 100 * time.Millisecond, Workers: func(w *river.Workers) {
			river.AddWorker(w, &jobs.EmailWorker{Box: box, Mailer: mailer})
		}})
		if err != nil {
			t.Fatal(err)
		}
		if err := worker.Start(ctx); err != nil {
			t.Fatal(err)
		}
		defer worker.Stop(context.Background())
		smtp.WaitFor(t, 1, 10*time.Second)
		time.Sleep(300 * time.Millisecond)
		got := smtp.Messages()
		if len(got) != 1 || got[0].To[0] != "kept@example.org" {
			t.Fatalf("sent %+v, want only the committed email", got)
		}
	})
}

// TestPeriodicTaskRunsAtStart: a periodic task runs as soon as a node
// starts, so work that fell due while the server was down is done then.
func TestPeriodicTaskRunsAtStart(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		st := testutil.OpenStore(t, db).(*bunstore.Store)
		ran := make(chan struct{}, 4)
		q, err := jobs.Open(context.Background(), st, slog.New(slog.NewTextHandler(io.Discard, nil)), jobs.Options{
			PollInterval: 100 * time.Millisecond,
			Workers:      func(w *river.Workers) {},
			Periodic: []jobs.Periodic{{Task: "missed_checkins", Every: time.Hour, Run: func(context.Context) error {
				ran <- struct{}{}
				return nil
			}}},
		})
		if err != nil {
			t.Fatal(err)
		}
		if err := q.Start(context.Background()); err != nil {
			t.Fatal(err)
		}
		defer q.Stop(context.Background())
		select {
		case <-ran:
		case <-time.After(15 * time.Second):
			t.Fatal("the periodic task did not run at start")
		}
	})
}

// TestPushQueuedWhileOneIsSending: a device's pushes of one topic collapse
// only while one waits. A push queued while the one before it is being
// sent (or before River records that one done) is sent too: joining the
// running one lost it, a partner's invitation queued a moment after the
// check-in reminder of the same topic never reached the phone.
func TestPushQueuedWhileOneIsSending(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		ctx := context.Background()
		st := testutil.OpenStore(t, db).(*bunstore.Store)
		started, release := make(chan string, 4), make(chan struct{})
		sent := make(chan string, 4)
		q, err := jobs.Open(ctx, st, slog.New(slog.NewTextHandler(io.Discard, nil)), jobs.Options{PollInterval: 50 * time.Millisecond, Workers: func(w *river.Workers) {
			jobs.AddPushWorkers(w, func(ctx context.Context, j push.Job) error {
				started <- j.NotificationID
				<-release
				sent <- j.NotificationID
				return nil
			}, func(context.Context, push.Batch) error { return nil })
		}})
		if err != nil {
			t.Fatal(err)
		}
		if err := q.Start(ctx); err != nil {
			t.Fatal(err)
		}
		defer q.Stop(context.Background())
		out := jobs.Outbox{Queue: q}
		if queued, err := out.QueuePush(ctx, st, push.Job{SubscriptionID: "phone", NotificationID: "reminder", Topic: "partners"}); err != nil || !queued {
			t.Fatalf("the first push: queued %v, %v", queued, err)
		}
		select {
		case <-started:
		case <-time.After(15 * time.Second):
			t.Fatal("the first push was never sent")
		}
		queued, err := out.QueuePush(ctx, st, push.Job{SubscriptionID: "phone", NotificationID: "invitation", Topic: "partners"})
		if err != nil || !queued {
			t.Fatalf("a push of the same topic queued while the first is being sent: queued %v, %v; want a job of its own", queued, err)
		}
		close(release)
		got := map[string]bool{}
		for len(got) < 2 {
			select {
			case id := <-sent:
				got[id] = true
			case <-time.After(15 * time.Second):
				t.Fatalf("sent %v, want the reminder and the invitation", got)
			}
		}
	})
}

// escalations runs a queue on st whose escalation worker reports each
// alert it is given, polling every poll (0: the default a node runs with).
func escalations(t *testing.T, st *bunstore.Store, poll time.Duration) <-chan string {
	t.Helper()
	ran := make(chan string, 8)
	testutil.StartQueuePolling(t, st, nil, nil, poll, func(w *river.Workers) {
		river.AddWorker(w, &jobs.EscalateWorker{Escalate: func(_ context.Context, id string) error {
			ran <- id
			return nil
		}})
	})
	return ran
}

// worked waits (at most limit) for the worker to be given alert.
func worked(t *testing.T, ran <-chan string, alert string, limit time.Duration) {
	t.Helper()
	deadline := time.After(limit)
	for {
		select {
		case id := <-ran:
			if id == alert {
				return
			}
		case <-deadline:
			t.Fatalf("the job for %s was not worked within %s", alert, limit)
		}
	}
}

// waitCompleted waits (at most 15 s) until n escalation jobs are recorded
// completed and none is in any other state.
func waitCompleted(t *testing.T, st *bunstore.Store, n int) {
	t.Helper()
	testutil.WaitForJobs(t, st, 15*time.Second, fmt.Sprintf("%d completed and nothing else", n), func(byState map[string]int) bool {
		return byState["completed"] == n && len(byState) == 1
	}, "support_escalate")
}

// TestJobsNobodyWokeForAreWorked: with a node polling at the default
// interval, the jobs no node is woken for are worked all the same: one
// queued by another process (a command-line tool's queue, which works
// nothing) and one whose time comes later (an alert's escalation). The
// limit is generous; the poll (DefaultPollInterval) and River's leader,
// which makes scheduled jobs available every 5 s, bring them in seconds.
func TestJobsNobodyWokeForAreWorked(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		ctx := context.Background()
		st := testutil.OpenStore(t, db).(*bunstore.Store)
		ran := escalations(t, st, 0)
		tool, err := jobs.Open(ctx, st, slog.New(slog.NewTextHandler(io.Discard, nil)), jobs.Options{})
		if err != nil {
			t.Fatal(err)
		}
		err = st.InTx(ctx, func(tx store.Store) error {
			return tool.Enqueue(ctx, tx, jobs.EscalateArgs{AlertID: "from-a-tool"}, nil)
		})
		if err != nil {
			t.Fatal(err)
		}
		worked(t, ran, "from-a-tool", 60*time.Second)
		out := jobs.Outbox{Queue: tool}
		if err := out.ScheduleEscalation(ctx, st, "later", time.Now().Add(time.Second)); err != nil {
			t.Fatal(err)
		}
		worked(t, ran, "later", 60*time.Second)
		waitCompleted(t, st, 2)
	})
}

// burstArgs is a job of TestBurstLosesAndRepeatsNoJob.
type burstArgs struct {
	N int `json:"n"`
}

func (burstArgs) Kind() string { return "test_burst" }

type burstWorker struct {
	river.WorkerDefaults[burstArgs]
	mu     sync.Mutex
	worked map[int]int
}

func (w *burstWorker) Work(_ context.Context, j *river.Job[burstArgs]) error {
	w.mu.Lock()
	w.worked[j.Args.N]++
	w.mu.Unlock()
	return nil
}

// TestBurstLosesAndRepeatsNoJob: a burst of requests at once, as at the
// morning's check-ins (each a transaction that queues a job, and small
// writes beside them), while the node works the jobs on the same writer:
// every request gets its answer, and every job is worked exactly once and
// recorded completed (a completion River could not record in time would
// leave its job running, to be worked again once rescued).
func TestBurstLosesAndRepeatsNoJob(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		ctx := context.Background()
		st := testutil.OpenStore(t, db).(*bunstore.Store)
		w := &burstWorker{worked: map[int]int{}}
		q, err := jobs.Open(ctx, st, slog.New(slog.NewTextHandler(io.Discard, nil)), jobs.Options{PollInterval: 100 * time.Millisecond, Workers: func(ws *river.Workers) {
			river.AddWorker(ws, w)
		}})
		if err != nil {
			t.Fatal(err)
		}
		if err := q.Start(ctx); err != nil {
			t.Fatal(err)
		}
		defer q.Stop(context.Background())
		const n = 300
		users := make([]string, n)
		for i := range users {
			users[i] = fmt.Sprintf("burst%03d", i)
			u := &model.User{ID: users[i], Email: users[i] + "@example.org", PasswordHash: "-", Role: model.RoleMember, CreatedAt: time.Now()}
			if err := st.CreateUser(ctx, u); err != nil {
				t.Fatal(err)
			}
			if err := st.CreateNotification(ctx, &store.StoredNotification{ID: "note-" + users[i], UserID: users[i], Kind: "k", Sealed: []byte{0}, CreatedAt: time.Now()}); err != nil {
				t.Fatal(err)
			}
		}
		errs := make(chan error, 2*n)
		var wg sync.WaitGroup
		for i := 0; i < n; i++ {
			wg.Add(2)
			go func() {
				defer wg.Done()
				errs <- st.InTx(ctx, func(tx store.Store) error {
					if err := tx.CreateNotification(ctx, &store.StoredNotification{ID: fmt.Sprint("more-", i), UserID: users[i], Kind: "k", Sealed: []byte{0}, CreatedAt: time.Now()}); err != nil {
						return err
					}
					return q.Enqueue(ctx, tx, burstArgs{N: i}, nil)
				})
			}()
			go func() {
				defer wg.Done()
				errs <- st.MarkNotificationRead(ctx, users[i], "note-"+users[i], time.Now())
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		testutil.WaitForJobs(t, st, 60*time.Second, fmt.Sprintf("%d completed and nothing else", n), func(byState map[string]int) bool {
			return byState["completed"] == n && len(byState) == 1
		}, "test_burst")
		w.mu.Lock()
		defer w.mu.Unlock()
		for i := 0; i < n; i++ {
			if w.worked[i] != 1 {
				t.Errorf("job %d worked %d times, want once", i, w.worked[i])
			}
		}
		if len(w.worked) != n {
			t.Errorf("%d jobs worked, want %d", len(w.worked), n)
		}
	})
}
