package pushfanout_test

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/store"
	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// BenchmarkBulkMeetingReminder measures a bulk notification: the reminder
// of a group's meeting (it starts within the hour) to every member of a
// group of 50 and of 1,000, each with one device that gets notifications.
// Each iteration adds a meeting half an hour ahead, runs the reminder task
// as the job queue does (SendMeetingReminders) and waits for the push
// service to take the last member's push. It reports push deliveries per
// CPU-second of the whole process (the task, the notification rows, the
// job queue, RFC 8291 encryption and VAPID signatures; the push service
// only counts) and the time from the task's start to the last push.
//
//	go test ./bench/pushfanout -run '^$' -bench BulkMeetingReminder -benchtime 5x
func BenchmarkBulkMeetingReminder(b *testing.B) {
	for _, members := range []int{50, 1000} {
		b.Run(fmt.Sprintf("members=%d", members), func(b *testing.B) { bulkMeetingReminder(b, members) })
	}
}

func bulkMeetingReminder(b *testing.B, members int) {
	ctx := context.Background()
	k := startKinship(b, false)
	now := time.Now().UTC()
	g := &store.Group{ID: "group1", Name: "Evening circle", Visibility: "listed", CreatedBy: "m0000", CreatedAt: now, UpdatedAt: now}
	for i := 0; i < members; i++ {
		u := &model.User{ID: fmt.Sprintf("m%04d", i), Email: fmt.Sprintf("m%04d@example.org", i), Role: model.RoleMember, CreatedAt: now}
		if err := k.st.CreateUser(ctx, u); err != nil {
			b.Fatal(err)
		}
		if i == 0 {
			if err := k.st.CreateGroup(ctx, g); err != nil {
				b.Fatal(err)
			}
		}
		role := "member"
		if i == 0 {
			role = "facilitator"
		}
		if err := k.st.SaveGroupMember(ctx, &store.GroupMember{GroupID: g.ID, UserID: u.ID, Role: role, Status: "active", GuidelinesAccepted: &now, CreatedAt: now, UpdatedAt: now}); err != nil {
			b.Fatal(err)
		}
		d := k.ps.NewDevice(b)
		as := app.WithActor(ctx, &app.Actor{User: u, Session: &model.Session{ID: "s" + u.ID}})
		if _, _, err := k.app.SubscribePush(as, app.PushSubscriptionInput{Endpoint: d.Endpoint, P256dh: d.P256dh, Auth: d.Auth, DeviceName: "phone"}); err != nil {
			b.Fatal(err)
		}
	}
	chicago, err := time.LoadLocation("America/Chicago")
	if err != nil {
		b.Fatal(err)
	}
	var last []time.Duration
	var cpu time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		at := time.Now().In(chicago).Add(30 * time.Minute)
		mt := &store.GroupMeeting{ID: fmt.Sprintf("meeting%04d", i), GroupID: g.ID, Title: "Evening meeting", StartLocal: at.Format("2006-01-02T15:04"), TimeZone: "America/Chicago",
			DurationMinutes: 60, Recurrence: `{"freq":"once"}`, CreatedBy: "m0000", CreatedAt: now, UpdatedAt: now}
		if err := k.st.CreateGroupMeeting(ctx, mt); err != nil {
			b.Fatal(err)
		}
		before := len(k.ps.Received())
		b.StartTimer()
		c0, start := testutil.ProcessCPU(), time.Now()
		n, err := k.app.SendMeetingReminders(ctx)
		if err != nil || n != members {
			b.Fatalf("the reminder task told %d (%v), want %d", n, err, members)
		}
		got := k.ps.WaitFor(b, before+members, 5*time.Minute)[before:]
		cpu += testutil.ProcessCPU() - c0
		b.StopTimer()
		var lastAt time.Time
		for _, r := range got {
			if r.Status != http.StatusCreated {
				b.Fatalf("push answered %d", r.Status)
			}
			if r.At.After(lastAt) {
				lastAt = r.At
			}
		}
		last = append(last, lastAt.Sub(start))
		k.settle(b) // a push job still running would take the next reminder's push into itself
		b.StartTimer()
	}
	b.StopTimer()
	slices.Sort(last)
	perCPU := float64(members*b.N) / cpu.Seconds()
	b.ReportMetric(perCPU, "pushes/CPU-s")
	b.ReportMetric(float64(last[len(last)/2].Milliseconds()), "last-push-p50-ms")
	b.Logf("%s: %d reminders to %d members: %.0f pushes per CPU-second; task start to last push p50 %s (all: %v)", k.db, b.N, members, perCPU, last[len(last)/2], last)
}
