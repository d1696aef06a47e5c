package app_test

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/store"
	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// TestAGroupChatPageReadsWhatTheStatementReads: what a group's chat page
// reads before its messages (the group, the reader's place in it, the
// conversation's numbers, their read marker, the blocks either way) is on
// two nodes, for each of three people and after every change the
// statement reflects, made on either node, exactly what the store's
// statement reads at that moment: a join, a message, a read marker moved,
// a block either way and its lifting, a removal, a leave, a change of
// visibility and of audience, an archive. On SQLite (the nodes following
// other processes' commits, as a running node does) the second reading of
// each page comes from the node's memory (no read at all), so the kept
// parts are what is compared; on PostgreSQL each node reads the
// statement. A removal and a block take effect on the other node's next
// page: the removed person is refused the chat, the blocked person's
// messages are not shown. A history of the chat (a socket's "history",
// the API's messages) answers on both nodes as a node reading the
// statement answers (the messages, the numbers, the marker, or the
// refusal); on SQLite it takes its access from what the page kept and
// reads nothing.
func TestAGroupChatPageReadsWhatTheStatementReads(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		ctx := context.Background()
		st := testutil.OpenStore(t, db)
		node, _ := nodesWithKeyIn(t, db.DataDir)
		a := node(st)
		other := st
		if db.URL != "" {
			// A second PostgreSQL node has a pool of its own.
			other = testutil.OpenStore(t, db)
		}
		// On SQLite, B counts its histories' statements of access.
		var apart, statements atomic.Int64
		b := node(other)
		if db.URL == "" {
			b = node(accessReads{other, &apart, &statements})
		}
		fran, bo, cy, as, g := eveningsOn(t, a)
		counts, _ := st.(interface{ Counts() (int64, int64) })
		if v, ok := st.(interface {
			DataVersion(context.Context) (int64, error)
		}); ok && db.URL == "" {
			// As a running SQLite node does (cmd/kinship serve): what it
			// keeps is used while it follows other processes' commits.
			fctx, stop := context.WithCancel(ctx)
			defer stop()
			for _, n := range []*app.App{a, b} {
				go n.FollowOtherWriters(fctx, v.DataVersion, time.Hour)
				for !n.FollowingOtherWriters() {
					time.Sleep(time.Millisecond)
				}
			}
		}
		people := []*model.User{fran, bo, cy}
		// history is what a person's history of the chat answers.
		history := func(n *app.App, u *model.User) string {
			p, err := n.ListMessages(as(u), g.ID, 0, 0, 50)
			if err != nil {
				return "refused: " + err.Error()
			}
			var bodies []string
			for _, m := range p.Messages {
				bodies = append(bodies, m.Body)
			}
			return fmt.Sprintf("last %d/%d, read to %d: %s", p.LastSeq, p.LastChange, p.ReadSeq, strings.Join(bodies, " | "))
		}
		check := func(step string) {
			t.Helper()
			for _, u := range people {
				// A node that does not follow other processes' commits
				// keeps nothing of the page and reads the statement.
				want := history(node(st), u)
				for _, n := range []*app.App{b, a} {
					_, _, _ = n.GroupChat(as(u), g.ID, 0, 50) // the page, then the history
					before := statements.Load()
					if got := history(n, u); got != want {
						t.Fatalf("%s: %s's history answers\n%s\nreading the statement answers\n%s", step, u.Email, got, want)
					}
					if d := statements.Load() - before; d != 0 {
						t.Fatalf("%s: %s's history after the page read its access statement %d times on SQLite", step, u.Email, d)
					}
				}
			}
			for _, n := range []*app.App{a, b, a} {
				for _, u := range people {
					want, err := st.FindGroupChat(ctx, g.ID, u.ID)
					if err != nil {
						t.Fatal(err)
					}
					var reads0 int64
					for i := range 2 {
						if counts != nil {
							reads0, _ = counts.Counts()
						}
						got, err := n.GroupChatAsPage(as(u), g.ID)
						if err != nil {
							t.Fatal(err)
						}
						if !sameGroupChat(got, want) {
							t.Fatalf("%s: %s's chat page reads\n%s\nthe statement\n%s", step, u.Email, showGroupChat(got), showGroupChat(want))
						}
						if counts != nil && i == 1 {
							if reads, _ := counts.Counts(); reads != reads0 {
								t.Fatalf("%s: %s's second page read the database %d times on SQLite", step, u.Email, reads-reads0)
							}
						}
					}
				}
			}
		}
		member := func(u *model.User) *store.GroupMember {
			t.Helper()
			gc, err := st.FindGroupChat(ctx, g.ID, u.ID)
			if err != nil {
				t.Fatal(err)
			}
			return gc.Member
		}
		must := func(err error) {
			t.Helper()
			if err != nil {
				t.Fatal(err)
			}
		}
		check("at first")
		_, err := a.JoinGroup(as(bo), g.ID, true)
		must(err)
		check("after Bo joined on one node")
		_, err = b.JoinGroup(as(cy), g.ID, true)
		must(err)
		check("after Cy joined on the other")
		_, _, err = a.SendMessage(as(bo), g.ID, "", "Day 3 today.")
		must(err)
		check("after Bo wrote")
		_, _, err = b.SendMessage(as(cy), g.ID, "", "Glad you are here.")
		must(err)
		check("after Cy wrote on the other node")
		// Bo's page moves Bo's read marker, on the other node.
		_, p, err := b.GroupChat(as(bo), g.ID, 0, 50)
		must(err)
		if len(p.Messages) != 2 {
			t.Fatalf("Bo reads %d messages, want 2", len(p.Messages))
		}
		must(b.MarkPageRead(as(bo), p, g.ID, p.Messages[1].Seq))
		if gc, _ := st.FindGroupChat(ctx, g.ID, bo.ID); gc.Reader == nil || gc.Reader.LastReadSeq != 2 {
			t.Fatalf("Bo's read marker is %+v, want at 2", gc.Reader)
		}
		check("after Bo's page marked the chat read")
		must(a.BlockMember(as(cy), bo.ID))
		check("after Cy blocked Bo")
		// At once on the other node: Bo's message is not on Cy's page.
		_, p, err = b.GroupChat(as(cy), g.ID, 0, 50)
		must(err)
		if len(p.Messages) != 1 || p.Messages[0].Body != "Glad you are here." {
			t.Fatalf("Cy, who blocked Bo, reads %d messages on the other node: %+v", len(p.Messages), p.Messages)
		}
		must(b.UnblockMember(as(cy), bo.ID))
		check("after Cy lifted the block")
		must(b.BlockMember(as(bo), cy.ID))
		check("after Bo blocked Cy on the other node")
		_, p, err = a.GroupChat(as(cy), g.ID, 0, 50)
		must(err)
		if len(p.Messages) != 1 || p.Messages[0].Body != "Glad you are here." {
			t.Fatalf("Cy, blocked by Bo, reads %d messages: %+v", len(p.Messages), p.Messages)
		}
		must(a.UnblockMember(as(bo), cy.ID))
		check("after Bo lifted the block")
		// Cy opens the chat on both nodes, so that what is kept would
		// answer; then Fran removes Cy on one node.
		for _, n := range []*app.App{a, b} {
			_, _, err = n.GroupChat(as(cy), g.ID, 0, 50)
			must(err)
		}
		must(a.ManageGroupMember(as(fran), g.ID, cy.ID, app.ManageMember{Action: "remove", Reason: "Asked by the group."}))
		if m := member(cy); m == nil || m.Status != "removed" {
			t.Fatalf("Cy's place after the removal: %+v", m)
		}
		check("after Fran removed Cy")
		for _, n := range []*app.App{b, a} {
			if _, p, err := n.GroupChat(as(cy), g.ID, 0, 50); err == nil || p != nil {
				t.Fatalf("Cy, removed, still reads the chat: %v, %v", err, p)
			}
		}
		must(b.LeaveGroup(as(bo), g.ID))
		check("after Bo left on the other node")
		if _, p, err := a.GroupChat(as(bo), g.ID, 0, 50); err == nil || p != nil {
			t.Fatalf("Bo, gone, still reads the chat: %v, %v", err, p)
		}
		_, err = a.JoinGroup(as(bo), g.ID, true)
		must(err)
		check("after Bo came back")
		private := "private"
		_, err = b.UpdateGroup(as(fran), g.ID, app.GroupInput{Visibility: &private})
		must(err)
		check("after Fran made the group private on the other node")
		raw, ok := st.(interface {
			ExecRaw(context.Context, string, ...any) error
		})
		if !ok {
			t.Fatal("the store runs no raw statement")
		}
		must(raw.ExecRaw(ctx, "UPDATE peer_groups SET audience = 'alumni' WHERE id = ?", g.ID))
		if gc, _ := st.FindGroupChat(ctx, g.ID, bo.ID); gc.Group.Audience != "alumni" {
			t.Fatalf("the group's audience is %q", gc.Group.Audience)
		}
		check("after the group's audience changed")
		must(raw.ExecRaw(ctx, "UPDATE peer_groups SET audience = '' WHERE id = ?", g.ID))
		check("after the group's audience changed back")
		must(a.ArchiveGroup(as(fran), g.ID))
		check("after Fran archived the group")
		if gc, _ := st.FindGroupChat(ctx, g.ID, bo.ID); gc.Group.ArchivedAt == nil {
			t.Fatal("the group is not archived")
		}
		_, _, err = b.SendMessage(as(bo), g.ID, "", "Still here?")
		if err == nil {
			t.Fatal("a message was sent to an archived group")
		}
		check("after a message was refused")
	})
}

// sameGroupChat compares two readings of FindGroupChat, the blocks in any
// order.
func sameGroupChat(x, y *store.GroupChat) bool {
	bx, by := slices.Clone(x.Blocked), slices.Clone(y.Blocked)
	slices.Sort(bx)
	slices.Sort(by)
	cx, cy := *x, *y
	cx.Blocked, cy.Blocked = nil, nil
	return slices.Equal(bx, by) && reflect.DeepEqual(cx, cy)
}

func showGroupChat(gc *store.GroupChat) string {
	s := fmt.Sprintf("group %+v", *gc.Group)
	if gc.Member != nil {
		s += fmt.Sprintf("\nmember %+v", *gc.Member)
	}
	if gc.Conversation != nil {
		s += fmt.Sprintf("\nconversation %+v", *gc.Conversation)
	}
	if gc.Reader != nil {
		s += fmt.Sprintf("\nreader %+v", *gc.Reader)
	}
	return s + fmt.Sprintf("\nblocked %v", gc.Blocked)
}
