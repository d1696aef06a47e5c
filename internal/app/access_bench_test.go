package app_test

import (
	"context"
	"testing"
	"time"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// BenchmarkSubscriptionCheck: the access check a socket makes for every
// subscription to a group's chat (each chat page's socket) and every
// send (CanRead: the conversation, its group and the person's row in it).
// Reports CPU microseconds per check.
func BenchmarkSubscriptionCheck(b *testing.B) {
	st, node, _, _ := sharedSQLite(b)
	a := node(st)
	ctx := context.Background()
	now := time.Now().UTC()
	mk := func(email, name string) *model.User {
		u, err := a.AdminCreateUser(ctx, email, "steady harbor lantern", name, model.RoleMember)
		if err != nil {
			b.Fatal(err)
		}
		return u
	}
	fran, bo := mk("fran@example.org", "Fran"), mk("bo@example.org", "Bo")
	fran.MFAEnabled = true
	as := func(u *model.User) context.Context {
		return app.WithActor(ctx, &app.Actor{User: u, Session: &model.Session{ID: "s-" + u.ID, UserID: u.ID, AuthAt: now}})
	}
	name, desc, guide, vis := "Evenings", "We talk after the kids are asleep.", "What is shared here stays here.", "listed"
	g, err := a.CreateGroup(as(fran), app.GroupInput{Name: &name, Description: &desc, Guidelines: &guide, Visibility: &vis})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := a.JoinGroup(as(bo), g.ID, true); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	t0 := testutil.ProcessCPU()
	i := 0
	for b.Loop() {
		if !a.CanRead(ctx, bo.ID, g.ID) {
			b.Fatal("a member may not read the group's chat")
		}
		i++
	}
	b.ReportMetric(float64((testutil.ProcessCPU()-t0).Microseconds())/float64(i), "cpu-us/op")
}
