// Package pushfanout measures Web Push: a support alert fanned out to
// 1,000 on-duty devices (the time from "I need support now" to the last
// push a push service accepted, and push deliveries per CPU-second); the
// time from the press to a partner's phone, for 1 and 5 partners
// (latency_test.go); and a bulk notification, a meeting's reminder to a
// group of 50 and of 1,000 (bulk_test.go). The push service runs in the
// same process on 127.0.0.1 (testutil.PushService, counting only, so the
// CPU measured is Kinship's: sealing, River, the RFC 8291 encryption and
// the VAPID signature of every message).
//
//	go test ./bench/pushfanout -run '^$' -bench SupportAlertFanout -benchtime 5x
//	go test ./bench/pushfanout -run '^$' -bench AlertToPartnerPush -benchtime 200x
//	go test ./bench/pushfanout -run '^$' -bench BulkMeetingReminder -benchtime 3x
//	KINSHIP_BENCH_DB=postgres KINSHIP_TEST_POSTGRES_URL=... go test ./bench/pushfanout -run '^$' -bench . -benchtime 5x
package pushfanout_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/testutil"
)

const devices = 1000

// BenchmarkSupportAlertFanout raises one alert per iteration from a member
// with no partners, so it goes straight to an on-duty roster of 1,000
// peer supporters with one subscribed device each, and waits for the
// push service to accept the 1,000th push.
func BenchmarkSupportAlertFanout(b *testing.B) {
	ctx := context.Background()
	k := startKinship(b, false)
	st, a, ps := k.st, k.app, k.ps
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
	b.Logf("%s: %d runs of %d devices: alert to last push accepted p50 %s, p99 %s (all: %v); %.0f pushes per CPU-second", k.db, b.N, devices, q(0.5), q(0.99), lat, float64(devices*b.N)/cpu.Seconds())
}
