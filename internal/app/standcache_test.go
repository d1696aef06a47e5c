package app_test

import (
	"context"
	"io"
	"log/slog"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/store"
)

// standingReads counts the reads of what a socket opening and a layout
// keep: an account's standing with its blocks, and the layout's blocks.
type standingReads struct {
	store.Store
	standings, layoutBlocks *atomic.Int64
}

func (s standingReads) FindStanding(ctx context.Context, userID string) (*store.Standing, error) {
	s.standings.Add(1)
	return s.Store.FindStanding(ctx, userID)
}

func (s standingReads) FindLayout(ctx context.Context, userID string, place, blocks bool) (*store.Layout, error) {
	if blocks {
		s.layoutBlocks.Add(1)
	}
	return s.Store.FindLayout(ctx, userID, place, blocks)
}

// Each node keeps what a socket reads when it opens (the account's
// standing and the blocks either way) and the blocks every page's layout
// reads. A block, an unblock, a suspension and its lifting made on node A
// and an account deleted there each show on node B's next page and next
// socket at once, as a node that keeps nothing reads them; until then B
// reads none of them again.
func TestBlocksAndStandingFollowEveryChangeOnEveryNode(t *testing.T) {
	st, node := sharedStore(t)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	var standings, layoutBlocks atomic.Int64
	a, b := node(st), node(standingReads{st, &standings, &layoutBlocks})
	hubA, hubB := joinNodes(a, b, log)
	t.Cleanup(func() { hubA.Close(); hubB.Close() })

	ctx := context.Background()
	now := time.Now().UTC()
	mk := func(email, name string, role model.Role) *model.User {
		u, err := a.AdminCreateUser(ctx, email, "steady harbor lantern", name, role)
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	ana := mk("ana@example.org", "Ana", model.RoleMember)
	bo := mk("bo@example.org", "Bo", model.RoleMember)
	as := func(u *model.User) context.Context {
		return app.WithActor(ctx, &app.Actor{User: u, Session: &model.Session{ID: "s-" + u.ID, UserID: u.ID, AuthAt: now}})
	}
	// They share a group, so Bo may write to Ana.
	gid := "01GROUP0000000000000000000"
	if err := st.CreateGroup(ctx, &store.Group{ID: gid, Name: "Evenings", Visibility: app.GroupListed, CreatedBy: ana.ID, CreatedAt: now, UpdatedAt: now}); err != nil {
		t.Fatal(err)
	}
	for _, u := range []*model.User{ana, bo} {
		if err := st.SaveGroupMember(ctx, &store.GroupMember{GroupID: gid, UserID: u.ID, Role: app.RoleMember, Status: "active", GuidelinesAccepted: &now, CreatedAt: now, UpdatedAt: now}); err != nil {
			t.Fatal(err)
		}
	}
	// Bo writes to Ana: a request her Messages tab counts.
	if _, _, err := a.StartThread(as(bo), ana.ID, "dm1", "Are you going on Thursday?"); err != nil {
		t.Fatal(err)
	}
	// seen is what x shows and opens for u: the Messages tab's count, then
	// a socket's standing and blocks.
	seen := func(x *app.App, u *model.User) string {
		t.Helper()
		l := x.Layout(as(u), false)
		standing, blocked, err := x.Opening(ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		names := []string{}
		for _, id := range blocked {
			names = append(names, map[string]string{ana.ID: "Ana", bo.ID: "Bo"}[id])
		}
		slices.Sort(names)
		return strings.Join([]string{"tab " + string(rune('0'+l.Messages)), "standing " + standing, "blocks " + strings.Join(names, ",")}, "; ")
	}
	// check wants B to show want for u twice, the second time from what it
	// kept, and a node that keeps nothing to show the same.
	check := func(step string, u *model.User, want string) {
		t.Helper()
		s0, l0 := standings.Load(), layoutBlocks.Load()
		for i := range 2 {
			if got := seen(b, u); got != want {
				t.Fatalf("%s: node B shows %s\n%s\nwant\n%s", step, u.Email, got, want)
			}
			if i == 0 {
				s0, l0 = standings.Load(), layoutBlocks.Load()
			}
		}
		if ds, dl := standings.Load()-s0, layoutBlocks.Load()-l0; ds != 0 || dl != 0 {
			t.Errorf("%s: node B read %s's standing %d times and the layout's blocks %d times on the second page, want none", step, u.Email, ds, dl)
		}
		if got := seen(node(st), u); got != want {
			t.Fatalf("%s: a fresh node shows %s\n%s\nwant\n%s", step, u.Email, got, want)
		}
	}

	check("before anything", ana, "tab 1; standing member; blocks ")
	check("before anything", bo, "tab 0; standing member; blocks ")

	if err := a.BlockMember(as(ana), bo.ID); err != nil {
		t.Fatal(err)
	}
	check("Ana blocks Bo on A", ana, "tab 0; standing member; blocks Bo")
	check("Ana blocks Bo on A", bo, "tab 0; standing member; blocks Ana")

	if err := a.UnblockMember(as(ana), bo.ID); err != nil {
		t.Fatal(err)
	}
	check("Ana unblocks Bo on A", ana, "tab 1; standing member; blocks ")
	check("Ana unblocks Bo on A", bo, "tab 0; standing member; blocks ")

	until := now.Add(72 * time.Hour)
	if _, _, err := a.AdminRestrict(ctx, ana.Email, "suspend", until, "Selling in the group."); err != nil {
		t.Fatal(err)
	}
	suspended := "member suspended " + until.Format(time.RFC3339Nano)
	if st, err := a.Standing(ctx, ana.ID); err != nil || !strings.HasPrefix(st, "member suspended ") {
		t.Fatalf("Ana's standing read from the database: %q, %v", st, err)
	} else {
		suspended = st
	}
	// The suspension's notice is unread: the bell counts it, not the tab.
	check("Ana suspended on A", ana, "tab 1; standing "+suspended+"; blocks ")
	if _, _, err := a.AdminLift(ctx, ana.Email); err != nil {
		t.Fatal(err)
	}
	check("Ana's suspension lifted on A", ana, "tab 1; standing member; blocks ")
	if _, _, err := a.AdminRestrict(ctx, ana.Email, "ban", time.Time{}, "Threats."); err != nil {
		t.Fatal(err)
	}
	check("Ana banned on A", ana, "tab 1; standing member banned; blocks ")
	if _, _, err := a.AdminLift(ctx, ana.Email); err != nil {
		t.Fatal(err)
	}
	check("Ana's ban lifted on A", ana, "tab 1; standing member; blocks ")

	// Ana blocks Bo again; then Bo deletes his account on A: his blocks
	// go with it, and B no longer names him among Ana's.
	if err := a.BlockMember(as(ana), bo.ID); err != nil {
		t.Fatal(err)
	}
	check("Ana blocks Bo again", ana, "tab 0; standing member; blocks Bo")
	if err := a.DeleteMe(as(bo), "", ""); err != nil {
		t.Fatal(err)
	}
	check("Bo's account deleted on A", ana, "tab 0; standing member; blocks ")
}
