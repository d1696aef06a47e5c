package web_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/httpapi"
	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/store"
	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// newGroupPageBench is one listed group of n members (a facilitator, then
// members a minute apart, each with a profile), of which the viewer, who
// joined in the middle, has a session; on SQLite (or PostgreSQL with
// KINSHIP_BENCH_DB=postgres). It returns the handler, the session and the
// group's ID.
func newGroupPageBench(b *testing.B, n int) (*directoryBench, string) {
	b.Helper()
	a, st, log := benchInstance(b)
	base := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	ctx := context.Background()
	viewer, err := a.AdminCreateUser(ctx, "viewer@example.org", "steady harbor lantern", "Viewer", model.RoleMember)
	if err != nil {
		b.Fatal(err)
	}
	const group = "01G00000000000000000000001"
	if err := st.CreateGroup(ctx, &store.Group{ID: group, Name: "Evenings", Description: "We talk after the kids are asleep.",
		Visibility: app.GroupListed, CreatedBy: viewer.ID, CreatedAt: base, UpdatedAt: base}); err != nil {
		b.Fatal(err)
	}
	const batch = 500
	for from := 0; from < n; from += batch {
		err := st.InTx(ctx, func(tx store.Store) error {
			for i := from; i < min(from+batch, n); i++ {
				at := base.Add(time.Duration(i) * time.Minute)
				id, role := fmt.Sprintf("01U%023d", i), app.RoleMember
				if i == 0 {
					role = app.RoleFacilitator
				}
				if i == n/2 {
					id = viewer.ID
				} else {
					if err := tx.CreateUser(ctx, &model.User{ID: id, Email: fmt.Sprintf("m%d@example.org", i), PasswordHash: "x", Role: model.RoleMember, CreatedAt: at}); err != nil {
						return err
					}
					if err := tx.UpsertProfile(ctx, &store.StoredProfile{UserID: id, DisplayName: fmt.Sprintf("Member %d", i), UpdatedAt: at}); err != nil {
						return err
					}
				}
				if err := tx.SaveGroupMember(ctx, &store.GroupMember{GroupID: group, UserID: id, Role: role, Status: "active", GuidelinesAccepted: &at, CreatedAt: at, UpdatedAt: at}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	res, err := a.Login(ctx, app.LoginInput{Email: "viewer@example.org", Password: "steady harbor lantern", IP: "127.0.0.1"})
	if err != nil {
		b.Fatal(err)
	}
	return &directoryBench{h: httpapi.New(a, log, httpapi.Options{BaseURL: "http://127.0.0.1"}), token: res.Token}, group
}

// BenchmarkGroupPage: a member opens a group's page (/groups/{id}: about,
// meetings, members) in a group of 10 and of 10,000 members, the whole
// request through Kinship's handler. Reports CPU microseconds per page and
// the page's size.
func BenchmarkGroupPage(b *testing.B) {
	for _, n := range []int{10, 10000} {
		b.Run(fmt.Sprint(n, "-members"), func(b *testing.B) {
			d, group := newGroupPageBench(b, n)
			page := d.open(b, "/groups/"+group)
			if !strings.Contains(page, "Member 1<") {
				b.Fatalf("the group's page does not list Member 1")
			}
			b.ReportAllocs()
			t0 := testutil.ProcessCPU()
			i := 0
			for b.Loop() {
				d.open(b, "/groups/"+group)
				i++
			}
			b.ReportMetric(float64((testutil.ProcessCPU()-t0).Microseconds())/float64(i), "cpu-us/op")
			b.ReportMetric(float64(len(page)), "bytes/page")
		})
	}
}
