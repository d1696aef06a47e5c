package app_test

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/store"
	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// A message sent on a node is put into what that node keeps of the
// group's chat as it was stored (keepSent): the sender's node then shows
// it on every member's next page and history without reading it back,
// exactly as a node keeping nothing shows it — a plain message, one
// with a mention, one held for a moderator (its author sees it, nobody
// else does), one from a person another member blocks, a retry of a
// message already sent (not shown twice), and messages sent at once by
// several people, in their order and none twice.
func TestChatViewsTakeTheSendersMessage(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		st := testutil.OpenStore(t, db)
		node, _ := nodesWithKeyIn(t, db.DataDir)
		var reads atomic.Int64
		x := node(pageReads{st, &reads})
		ctx := context.Background()
		fran, bo, cy, as, g := eveningsOn(t, x)
		ana, err := x.AdminCreateUser(ctx, "ana@example.org", "steady harbor lantern", "Ana", model.RoleMember)
		if err != nil {
			t.Fatal(err)
		}
		people := []*model.User{fran, ana, bo, cy}
		for _, u := range people[1:] {
			if _, err := x.JoinGroup(as(u), g.ID, true); err != nil {
				t.Fatal(err)
			}
		}
		send := func(u *model.User, client, body string) *app.MessageView {
			t.Helper()
			m, _, err := x.SendMessage(as(u), g.ID, client, body)
			if err != nil {
				t.Fatal(err)
			}
			return m
		}
		for k := range 55 {
			send(people[k%4], "", fmt.Sprintf("Morning %d, coffee in hand.", k))
		}
		// shown is every field of what y's page and histories give u (as
		// the API sends them: times, numbers, kinds, client IDs too).
		whole := func(p *app.MessagePage, err error) string {
			if err != nil {
				return "refused: " + err.Error()
			}
			b, err := json.Marshal(p)
			if err != nil {
				t.Fatal(err)
			}
			return string(b) + "\n"
		}
		shown := func(y *app.App, u *model.User) string {
			_, p, err := y.GroupChat(as(u), g.ID, 0, 50)
			out := whole(p, err)
			if err == nil && p.HasMore {
				out += "before:\n" + whole(y.ListMessages(as(u), g.ID, 0, p.Next, 50))
			}
			if err == nil && len(p.Messages) > 3 {
				out += "after:\n" + whole(y.ListMessages(as(u), g.ID, p.Messages[len(p.Messages)-4].Seq, 0, 50))
			}
			return out
		}
		// check: the sending node's pages and histories read no message
		// (when unread is 0) and show what a node keeping nothing shows.
		check := func(step string, unread bool) {
			t.Helper()
			before := reads.Load()
			for _, u := range people {
				got := shown(x, u)
				if want := shown(node(st), u); got != want {
					t.Fatalf("%s: the sending node shows %s\n%s\na node keeping nothing\n%s", step, u.Email, got, want)
				}
			}
			if n := reads.Load() - before; !unread && n != 0 {
				t.Errorf("%s: the sending node read messages %d times for the pages after it", step, n)
			}
		}
		check("at first", true)
		check("nothing new", false)

		send(ana, "", "Slept well for once.")
		check("Ana writes", false)
		send(bo, "", "Glad to hear it, @Ana.")
		check("Bo mentions Ana", false)
		send(cy, "", "selling extra pills, hit me up on telegram")
		check("Cy's message held", false)
		m := send(fran, "retry-1", "Group starts at 7 tomorrow.")
		again := send(fran, "retry-1", "Group starts at 7 tomorrow.")
		if again.ID != m.ID || again.Seq != m.Seq {
			t.Fatalf("a retry stored another message: %+v after %+v", again, m)
		}
		check("Fran's message and its retry", false)
		if err := x.BlockMember(as(ana), bo.ID); err != nil {
			t.Fatal(err)
		}
		check("Ana blocks Bo", false)
		send(bo, "", "Anyone up for a walk later?")
		check("Bo writes, blocked by Ana", false)

		var wg sync.WaitGroup
		for k := range 12 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				u := people[k%4]
				if _, _, err := x.SendMessage(as(u), g.ID, fmt.Sprint("burst-", k), fmt.Sprintf("Burst %d.", k)); err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		check("twelve messages at once", true)
		_, p, err := x.GroupChat(as(fran), g.ID, 0, 50)
		if err != nil {
			t.Fatal(err)
		}
		seen := map[int64]bool{}
		for i, v := range p.Messages {
			if seen[v.Seq] || i > 0 && v.Seq <= p.Messages[i-1].Seq {
				t.Fatalf("the page after the burst shows %d out of order or twice", v.Seq)
			}
			seen[v.Seq] = true
		}
		if last := p.Messages[len(p.Messages)-1].Seq; last != p.LastSeq {
			t.Fatalf("the page ends at %d, the conversation at %d", last, p.LastSeq)
		}
	})
}

var _ store.Store = pageReads{}
