package app_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/mail"
	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/secret"
	"github.com/kinshiprecovery/kinship/internal/store"
	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// reportCPU runs op b.N times and reports CPU microseconds per call.
func reportCPU(b *testing.B, op func(i int)) {
	b.ReportAllocs()
	start := testutil.ProcessCPU()
	i := 0
	for b.Loop() {
		op(i)
		i++
	}
	b.ReportMetric(float64((testutil.ProcessCPU()-start).Microseconds())/float64(i), "cpu-us/op")
}

// instance is a synthetic community: users, groups of 20 with some
// history, and the app over it. The clock moves a second on each read so
// that the per-minute chat allowance never stops a benchmark.
type instance struct {
	app   *app.App
	st    store.Store
	users []*model.User
	ctx   context.Context
	// second is another node's App over the same database and key.
	second func() *app.App
	box    *secret.Box
}

func newInstance(b *testing.B, users, groups, perGroup, history int) *instance {
	base := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	var tick atomic.Int64
	now := func() time.Time { return base.Add(time.Duration(tick.Add(1)) * time.Second) }
	opts := app.Options{BaseURL: "http://127.0.0.1", Now: now}
	a, st, box := benchAppStoreKey(b, opts)
	in := &instance{app: a, st: st, ctx: context.Background(), box: box, second: func() *app.App {
		return app.New(st, box, mail.NewTerminal(io.Discard), slog.New(slog.NewTextHandler(io.Discard, nil)), opts)
	}}
	ctx := in.ctx
	for i := range users {
		u := &model.User{ID: fmt.Sprintf("01U%023d", i), Email: fmt.Sprintf("u%d@example.org", i), PasswordHash: "x", Role: model.RoleMember, CreatedAt: base}
		if err := st.CreateUser(ctx, u); err != nil {
			b.Fatal(err)
		}
		in.users = append(in.users, u)
	}
	body := make([]byte, 180)
	for g := range groups {
		id := fmt.Sprintf("01G%023d", g)
		at := base.Add(time.Duration(g) * time.Minute)
		if err := st.CreateGroup(ctx, &store.Group{ID: id, Name: fmt.Sprintf("Group %d", g), Visibility: app.GroupListed, CreatedBy: in.users[0].ID, CreatedAt: at, UpdatedAt: at}); err != nil {
			b.Fatal(err)
		}
		for k := range perGroup {
			u := in.users[(g*7+k)%users]
			role := app.RoleMember
			if k == 0 {
				role = app.RoleFacilitator
			}
			if err := st.SaveGroupMember(ctx, &store.GroupMember{GroupID: id, UserID: u.ID, Role: role, Status: "active", GuidelinesAccepted: &at, CreatedAt: at, UpdatedAt: at}); err != nil {
				b.Fatal(err)
			}
		}
		for k := range history {
			u := in.users[(g*7+k%perGroup)%users]
			m := &store.StoredMessage{ID: fmt.Sprintf("01M%011d%012d", g, k), ConversationID: id, AuthorID: u.ID, ClientID: fmt.Sprint(k), Sealed: body, Kind: "text", CreatedAt: at}
			if _, err := st.AppendMessage(ctx, m); err != nil {
				b.Fatal(err)
			}
		}
	}
	return in
}

// as returns a context acting as user i.
func (in *instance) as(i int) context.Context {
	return app.WithActor(in.ctx, &app.Actor{User: in.users[i]})
}

// join makes user i an active member of n more groups (from the oldest).
func (in *instance) join(b *testing.B, i, n int) {
	at := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	for g := range n {
		if err := in.st.SaveGroupMember(in.ctx, &store.GroupMember{GroupID: fmt.Sprintf("01G%023d", g), UserID: in.users[i].ID, Role: app.RoleMember, Status: "active", CreatedAt: at, UpdatedAt: at}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkMyGroups: the "my groups" listing of a member of 5 and of 50
// groups, in an instance of 2,000 groups of 20 with 30 messages each.
func BenchmarkMyGroups(b *testing.B) {
	in := newInstance(b, 1000, 2000, 20, 30)
	for _, n := range []int{5, 50} {
		b.Run(fmt.Sprint(n, "-groups"), func(b *testing.B) {
			viewer := 999 - n
			in.join(b, viewer, n)
			ctx := in.as(viewer)
			gs, err := in.app.ListGroups(ctx, "", true)
			if err != nil || len(gs) < n {
				b.Fatalf("listed %d groups, err %v", len(gs), err)
			}
			reportCPU(b, func(int) {
				if _, err := in.app.ListGroups(ctx, "", true); err != nil {
					b.Fatal(err)
				}
			})
		})
	}
}

// BenchmarkDirectory: the group directory in an instance of 2,000 groups.
func BenchmarkDirectory(b *testing.B) {
	in := newInstance(b, 1000, 2000, 20, 0)
	ctx := in.as(1)
	reportCPU(b, func(int) {
		if _, err := in.app.ListGroups(ctx, "", false); err != nil {
			b.Fatal(err)
		}
	})
}

// BenchmarkSendMessage: one member after another posts to a group's chat
// (200 groups of 20); each message is sealed, committed with its sequence
// number and published.
func BenchmarkSendMessage(b *testing.B) {
	in := newInstance(b, 1000, 200, 20, 0)
	type sender struct {
		ctx  context.Context
		conv string
	}
	var senders []sender
	for g := range 200 {
		senders = append(senders, sender{in.as((g * 7) % 1000), fmt.Sprintf("01G%023d", g)})
	}
	reportCPU(b, func(i int) {
		s := senders[i%len(senders)]
		if _, _, err := in.app.SendMessage(s.ctx, s.conv, "", "Thank you all for tonight, it helped to hear from you."); err != nil {
			b.Fatal(err)
		}
	})
}

// simSentences are the messages bench/usersim sends.
var simSentences = []string{
	"Thank you all for being here tonight, it helps more than I can say.",
	"Day 40 today. Some cravings this afternoon but I called my partner and walked it off.",
	"Does anyone have tips for the holidays with family? Last year was hard.",
	"Proud of you. Keep going, one day at a time.",
	"I went to the Tuesday meeting and it was good to see faces again.",
	"Rough week at work. Sleeping better since I cut the late coffee though.",
}

// groupOf60 is an instance whose first group's 20 members wrote 60
// messages (sealed, as SendMessage stores them), and that group's id.
func groupOf60(b *testing.B) (*instance, string) {
	in := newInstance(b, 1000, 20, 20, 0)
	conv := fmt.Sprintf("01G%023d", 0)
	words := simSentences
	for k := range 60 {
		if _, _, err := in.app.SendMessage(in.as(k%20), conv, fmt.Sprint("h", k), words[k%len(words)]); err != nil {
			b.Fatal(err)
		}
	}
	return in, conv
}

// BenchmarkGroupHistory: a member opens their group's chat, the page
// usersim finds most often: the latest 50 of 60 messages (sealed, as
// SendMessage stores them), each opened, named and given the reactions
// that fit its words.
func BenchmarkGroupHistory(b *testing.B) {
	in, conv := groupOf60(b)
	ctx := in.as(7)
	page, err := in.app.ListMessages(ctx, conv, 0, 0, 50)
	if err != nil || len(page.Messages) != 50 || page.Messages[49].Body == "" {
		b.Fatalf("the page: %v", err)
	}
	reportCPU(b, func(int) {
		if _, err := in.app.ListMessages(ctx, conv, 0, 0, 50); err != nil {
			b.Fatal(err)
		}
	})
}

// groupOf110 is an instance whose first group's chat has 110 messages sent
// as members send them, and that chat's conversation.
func groupOf110(b *testing.B) (*instance, string) {
	in := newInstance(b, 1000, 20, 20, 0)
	conv := fmt.Sprintf("01G%023d", 0)
	for k := range 110 {
		if _, _, err := in.app.SendMessage(in.as(k%20), conv, fmt.Sprint("h", k), "Day 40 today. Some cravings this afternoon but I called my partner and walked it off."); err != nil {
			b.Fatal(err)
		}
	}
	return in, conv
}

// BenchmarkGroupHistoryEarlier: a member scrolls their group's chat back
// (a socket's "history" before a sequence number, as usersim's "scroll
// history" asks) from the newest page they have open: 50 earlier
// messages of 110, with the access check's rows.
func BenchmarkGroupHistoryEarlier(b *testing.B) {
	in, conv := groupOf110(b)
	ctx := in.as(7)
	// The member has the chat open, as one who scrolls back has.
	if _, err := in.app.ListMessages(ctx, conv, 0, 0, 50); err != nil {
		b.Fatal(err)
	}
	page, err := in.app.ListMessages(ctx, conv, 0, 60, 50)
	if err != nil || len(page.Messages) != 50 || page.Messages[0].Seq != 10 {
		b.Fatalf("the page: %v", err)
	}
	reportCPU(b, func(int) {
		if _, err := in.app.ListMessages(ctx, conv, 0, 60, 50); err != nil {
			b.Fatal(err)
		}
	})
}

// BenchmarkChatMemory: what a node keeps in memory for each group whose
// chat was opened on it: 100 groups of 20, each with 60 messages of
// everyday length sent as members send them, every group's chat page
// opened once by one of its members. Reports the heap grown per group (the
// collector run before and after), whatever the node keeps: the messages
// of the page, and the names, fits and rows in groups read with them.
func BenchmarkChatMemory(b *testing.B) {
	const groups, users = 100, 400
	in := newInstance(b, users, groups, 20, 0)
	words := simSentences
	member := func(g, k int) int { return (g*7 + k%20) % users }
	for g := range groups {
		conv := fmt.Sprintf("01G%023d", g)
		for k := range 60 {
			if _, _, err := in.app.SendMessage(in.as(member(g, k)), conv, fmt.Sprint("m", k), words[k%len(words)]); err != nil {
				b.Fatal(err)
			}
		}
	}
	heap := func() uint64 {
		runtime.GC()
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.HeapAlloc
	}
	open := func() {
		for g := range groups {
			if _, _, err := in.app.GroupChat(in.as(member(g, 0)), fmt.Sprintf("01G%023d", g), 0, 50); err != nil {
				b.Fatal(err)
			}
		}
	}
	h0 := heap()
	open()
	h1 := heap()
	b.ReportAllocs()
	for b.Loop() {
		open()
	}
	b.ReportMetric(float64(int64(h1)-int64(h0))/groups, "heap-B/group")
}

// BenchmarkCatchUp: what a subscription's catch-up costs the node, loaded
// while the hub holds the conversation's lock (so live delivery to the
// conversation's other sockets on the node waits for it): the changes
// after the one a reader had, 50 and 1,000 messages back (sealed, as
// SendMessage stores them), each opened, named and encoded.
func BenchmarkCatchUp(b *testing.B) {
	in := newInstance(b, 1000, 20, 20, 0)
	conv := fmt.Sprintf("01G%023d", 0)
	for k := range 1000 {
		if _, _, err := in.app.SendMessage(in.as(k%20), conv, fmt.Sprint("h", k), "Day 40 today. Some cravings this afternoon but I called my partner and walked it off."); err != nil {
			b.Fatal(err)
		}
	}
	last, err := in.app.LastChange(in.ctx, conv)
	if err != nil {
		b.Fatal(err)
	}
	for _, n := range []int64{50, 1000} {
		b.Run(fmt.Sprint(n, "-messages"), func(b *testing.B) {
			evs, err := in.app.Changes(in.ctx, conv, last-n, last, int(n))
			if err != nil || int64(len(evs)) != n {
				b.Fatalf("caught up %d of %d: %v", len(evs), n, err)
			}
			reportCPU(b, func(int) {
				if _, err := in.app.Changes(in.ctx, conv, last-n, last, int(n)); err != nil {
					b.Fatal(err)
				}
			})
		})
	}
}

// BenchmarkGroupChatManyNamed: a member opens their group's chat page
// (App.GroupChat: the statement of access, then the latest 50 of 60
// messages from the node's kept views, each author named) while the
// node's name cache holds 18,000 people, as a node under bench/usersim
// at 18,000 people does: the page's 20 authors are looked up among them.
func BenchmarkGroupChatManyNamed(b *testing.B) {
	in, conv := groupOf60(b)
	in.app.KeepNames(18000)
	ctx := in.as(7)
	_, page, err := in.app.GroupChat(ctx, conv, 0, 50)
	if err != nil || page == nil || len(page.Messages) != 50 {
		b.Fatalf("the page: %v, %v", page, err)
	}
	reportCPU(b, func(int) {
		if _, _, err := in.app.GroupChat(ctx, conv, 0, 50); err != nil {
			b.Fatal(err)
		}
	})
}
