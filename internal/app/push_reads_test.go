package app_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/riverqueue/river"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/jobs"
	"github.com/kinshiprecovery/kinship/internal/mail"
	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/push"
	"github.com/kinshiprecovery/kinship/internal/secret"
	"github.com/kinshiprecovery/kinship/internal/store"
	"github.com/kinshiprecovery/kinship/internal/store/bunstore"
	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// listCounter is the real store, counting how often a person's list of
// notifications is read.
type listCounter struct {
	store.Store
	lists atomic.Int64
}

func (c *listCounter) ListNotifications(ctx context.Context, userID string, after store.Keyset, limit int) ([]*store.StoredNotification, error) {
	c.lists.Add(1)
	return c.Store.ListNotifications(ctx, userID, after, limit)
}

// TestPushReadsTheNewestOnlyWhenOneJoined: a push job reads its person's
// newest notifications (to tell the newest of its topic) only when another
// push of the device joined it while it waited; a push sent as it came
// tells its own notification without that read. Pat's phone is sent three
// invitations one after the other (no read), then, while its push service
// is busy, two more: the second joins the first, which reads the list
// when it goes.
func TestPushReadsTheNewestOnlyWhenOneJoined(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		ctx := context.Background()
		st := testutil.OpenStore(t, db)
		box, _, err := secret.LoadOrCreateKey(filepath.Join(t.TempDir(), "kinship.key"))
		if err != nil {
			t.Fatal(err)
		}
		st.(*bunstore.Store).SetSealer(box)
		counted := &listCounter{Store: st}
		mailer := mail.NewTerminal(io.Discard)
		a := app.New(counted, box, mailer, slog.New(slog.NewTextHandler(io.Discard, nil)), app.Options{BaseURL: "http://127.0.0.1"})
		outbox := testutil.StartQueue(t, st, box, mailer, func(w *river.Workers) { jobs.AddPushWorkers(w, a.DeliverPush, a.DeliverPushBatch) })
		a.SetOutbox(outbox)
		a.SetPush(app.PushConfig{Queue: outbox, Sender: &push.Sender{Subscriber: "test@example.org", Client: push.NewClient(true)}, AllowHTTP: true})
		ps := testutil.StartPushService(t)

		now := time.Now().UTC()
		person := func(id string) context.Context {
			u := &model.User{ID: id, Email: id + "@example.org", Role: model.RoleMember, CreatedAt: now}
			if err := st.CreateUser(ctx, u); err != nil {
				t.Fatal(err)
			}
			return app.WithActor(ctx, &app.Actor{User: u, Session: &model.Session{ID: "s" + id}})
		}
		pat := person("pat")
		phone := ps.NewDevice(t)
		if _, _, err := a.SubscribePush(pat, app.PushSubscriptionInput{Endpoint: phone.Endpoint, P256dh: phone.P256dh, Auth: phone.Auth, DeviceName: "phone"}); err != nil {
			t.Fatal(err)
		}
		invite := func(from string) {
			t.Helper()
			if _, err := a.InvitePartner(person(from), "pat"); err != nil {
				t.Fatal(err)
			}
		}
		for i := 1; i <= 3; i++ {
			invite(fmt.Sprintf("ana%d", i))
			ps.WaitFor(t, i, 30*time.Second)
		}
		settle(t, st)
		if n := counted.lists.Load(); n != 0 {
			t.Errorf("three pushes sent as they came read the notification list %d times, want 0", n)
		}

		ps.SetStatus(phone, http.StatusServiceUnavailable)
		invite("ben1")
		ps.WaitFor(t, 4, 30*time.Second)
		waitRetryable(t, st)
		invite("ben2") // joins the push that waits
		ps.SetStatus(phone, 0)
		for end := time.Now().Add(60 * time.Second); ; time.Sleep(50 * time.Millisecond) {
			if got := ps.Received(); got[len(got)-1].Status == http.StatusCreated {
				break
			}
			if time.Now().After(end) {
				t.Fatal("the waiting push was never sent")
			}
		}
		settle(t, st)
		taken := 0
		for _, g := range ps.Received() {
			if g.Status == http.StatusCreated {
				taken++
			}
		}
		if taken != 4 {
			t.Errorf("the phone took %d pushes, want 4 (three, then the one that waited, which the fifth joined)", taken)
		}
		if n := counted.lists.Load(); n != 1 {
			t.Errorf("the push another joined read the notification list %d times, want once", n)
		}
	})
}

// pushJobs counts push jobs in a state (or not finished, for "").
func pushJobs(t *testing.T, st store.Store, state string) int {
	t.Helper()
	q := "SELECT COUNT(*) FROM river_job WHERE kind IN ('push', 'push_batch') AND state NOT IN ('completed', 'cancelled', 'discarded')"
	if state != "" {
		q = "SELECT COUNT(*) FROM river_job WHERE kind = 'push' AND state = '" + state + "'"
	}
	var n int
	if err := st.(*bunstore.Store).DB().QueryRowContext(context.Background(), q).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// settle waits until no push job waits or runs.
func settle(t *testing.T, st store.Store) {
	t.Helper()
	for end := time.Now().Add(60 * time.Second); pushJobs(t, st, "") > 0; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(end) {
			t.Fatal("push jobs still waiting after a minute")
		}
	}
}

// waitRetryable waits until one push job waits to be tried again.
func waitRetryable(t *testing.T, st store.Store) {
	t.Helper()
	for end := time.Now().Add(30 * time.Second); pushJobs(t, st, "retryable") != 1; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(end) {
			t.Fatal("the refused push is not waiting to be tried again")
		}
	}
}
