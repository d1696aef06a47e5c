// Package pushfanout measures Web Push for a support alert: the time from
// "I need support now" to the last push a push service accepted, fanned
// out to 1,000 devices, and push deliveries per CPU-second. The push
// service runs in the same process on 127.0.0.1 (testutil.PushService,
// counting only, so the CPU measured is Kinship's: sealing, River, the
// RFC 8291 encryption and the VAPID signature of every message).
//
//	go test ./bench/pushfanout -run '^$' -bench . -benchtime 5x
//	KINSHIP_BENCH_DB=postgres KINSHIP_TEST_POSTGRES_URL=... go test ./bench/pushfanout -run '^$' -bench . -benchtime 5x
package pushfanout_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/riverqueue/river"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/jobs"
	"github.com/kinshiprecovery/kinship/internal/mail"
	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/push"
	"github.com/kinshiprecovery/kinship/internal/secret"
	"github.com/kinshiprecovery/kinship/internal/store/bunstore"
	"github.com/kinshiprecovery/kinship/internal/testutil"
)

const devices = 1000

// BenchmarkSupportAlertFanout raises one alert per iteration from a member
// with no partners, so it goes straight to an on-duty roster of 1,000
// peer supporters with one subscribed device each, and waits for the
// push service to accept the 1,000th push.
func BenchmarkSupportAlertFanout(b *testing.B) {
	ctx := context.Background()
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
	outbox := testutil.StartQueue(b, st, box, mailer, func(w *river.Workers) {
		jobs.AddPushWorkers(w, a.DeliverPush, a.DeliverPushBatch)
	})
	a.SetOutbox(outbox)
	a.SetPush(app.PushConfig{Queue: outbox, Sender: &push.Sender{Subscriber: "bench@example.org", Client: push.NewClient(true)}, AllowHTTP: true})
	ps := testutil.StartPushService(b)
	ps.CountOnly = true

	now := time.Now().UTC()
	for i := 0; i < devices; i++ {
		u := &model.User{ID: fmt.Sprintf("duty%04d", i), Email: fmt.Sprintf("duty%04d@example.org", i), Role: model.RoleMentor, NotifyByEmail: false, CreatedAt: now}
		if err := st.CreateUser(ctx, u); err != nil {
			b.Fatal(err)
		}
		if err := st.SetOnDuty(ctx, u.ID, true, now); err != nil {
			b.Fatal(err)
		}
		d := ps.NewDevice(b)
		actx := app.WithActor(ctx, &app.Actor{User: u, Session: &model.Session{ID: "s" + u.ID}})
		if _, _, err := a.SubscribePush(actx, app.PushSubscriptionInput{Endpoint: d.Endpoint, P256dh: d.P256dh, Auth: d.Auth, DeviceName: "phone"}); err != nil {
			b.Fatal(err)
		}
	}
	var lat []time.Duration
	var cpu time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		m := &model.User{ID: fmt.Sprintf("member%04d", i), Email: fmt.Sprintf("member%04d@example.org", i), Role: model.RoleMember, CreatedAt: now}
		if err := st.CreateUser(ctx, m); err != nil {
			b.Fatal(err)
		}
		mctx := app.WithActor(ctx, &app.Actor{User: m, Session: &model.Session{ID: "s" + m.ID}})
		before := len(ps.Received())
		c0, start := testutil.ProcessCPU(), time.Now()
		if _, err := a.RequestSupport(mctx); err != nil {
			b.Fatal(err)
		}
		got := ps.WaitFor(b, before+devices, 5*time.Minute)
		last := got[len(got)-1].At
		cpu += testutil.ProcessCPU() - c0
		lat = append(lat, last.Sub(start))
		for _, g := range got[before:] {
			if g.Status != 201 {
				b.Fatalf("push answered %d", g.Status)
			}
		}
	}
	b.StopTimer()
	slices.Sort(lat)
	q := func(p float64) time.Duration { return lat[min(len(lat)-1, int(p*float64(len(lat))))] }
	b.ReportMetric(float64(q(0.5).Milliseconds()), "p50-ms")
	b.ReportMetric(float64(q(0.99).Milliseconds()), "p99-ms")
	b.ReportMetric(float64(devices*b.N)/cpu.Seconds(), "pushes/CPU-s")
	b.Logf("%s: %d runs of %d devices: alert to last push accepted p50 %s, p99 %s (all: %v); %.0f pushes per CPU-second", db.Name, b.N, devices, q(0.5), q(0.99), lat, float64(devices*b.N)/cpu.Seconds())
}
