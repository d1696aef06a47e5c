package app_test

import (
	"context"
	"errors"
	"slices"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/realtime"
	"github.com/kinshiprecovery/kinship/internal/store"
	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// raceMessages runs during, once, after a read of a conversation's
// messages and before it is answered: as when a write commits (and its
// event arrives) while a page on the node is reading.
type raceMessages struct {
	store.Store
	during *func()
}

func (s raceMessages) ListMessages(ctx context.Context, convID string, after, before int64, limit int, newest bool) ([]*store.StoredMessage, error) {
	ms, err := s.Store.ListMessages(ctx, convID, after, before, limit, newest)
	if f := *s.during; f != nil {
		*s.during = nil
		f()
	}
	return ms, err
}

func (s raceMessages) WatchWrites(fn func(store.Touched)) bool {
	w, ok := s.Store.(store.WriteWatcher)
	return ok && w.WatchWrites(fn)
}

// The words of a message deleted, removed by a facilitator, edited, or
// written by an account since erased, are kept by no node that heard of it,
// even by a page that was reading them as the change committed (the
// generation rule): node B's kept views hold none of them once the change
// has returned on node A, though nobody opens the chat again.
func TestWordsLetGoAreKeptNowhere(t *testing.T) {
	st, node, _, log := sharedSQLite(t)
	var during func()
	a, b := node(st), node(raceMessages{st, &during})
	hubA, hubB := joinNodes(a, b, log)
	t.Cleanup(func() { hubA.Close(); hubB.Close() })
	fran, bo, cy, as, g := eveningsOn(t, a)
	for _, u := range []*model.User{bo, cy} {
		if _, err := a.JoinGroup(as(u), g.ID, true); err != nil {
			t.Fatal(err)
		}
	}
	send := func(u *model.User, body string) string {
		t.Helper()
		m, _, err := a.SendMessage(as(u), g.ID, "", body)
		if err != nil {
			t.Fatal(err)
		}
		return m.ID
	}
	const (
		deletedWords = "I used again last night and I am ashamed."
		removedWords = "Message me for a cheap script, no questions."
		editedWords  = "My sponsor's number is 555-0142."
		cysWords     = "Cy's own words about the week."
	)
	deleted := send(bo, deletedWords)
	removed := send(cy, removedWords)
	edited := send(bo, editedWords)
	send(fran, "Thank you for telling us, Bo.")
	send(cy, cysWords)
	page := func() {
		t.Helper()
		if _, _, err := b.GroupChat(as(fran), g.ID, 0, 50); err != nil {
			t.Fatal(err)
		}
	}
	kept := func(words string) bool { return slices.Contains(b.KeptChatBodies(g.ID), words) }
	page()
	if !kept(deletedWords) {
		t.Fatalf("node B keeps %q, not Bo's first message", b.KeptChatBodies(g.ID))
	}
	if _, err := a.DeleteMessage(as(bo), deleted, ""); err != nil {
		t.Fatal(err)
	}
	if kept(deletedWords) {
		t.Error("after Bo deleted his message on A, node B still keeps its words")
	}

	during = func() {
		if _, err := a.DeleteMessage(as(fran), removed, "Selling is not allowed here."); err != nil {
			t.Error(err)
		}
	}
	page() // reads the words as Fran removes them on A
	if during != nil {
		t.Fatal("node B's page read no messages")
	}
	if kept(removedWords) {
		t.Error("a page that read Cy's message as Fran removed it on A left its words kept on node B")
	}

	page()
	if _, err := a.EditMessage(as(bo), edited, "Call my sponsor if you need someone."); err != nil {
		t.Fatal(err)
	}
	if kept(editedWords) {
		t.Error("after Bo's edit on A, node B still keeps his earlier words")
	}

	page()
	if !kept(cysWords) {
		t.Fatalf("node B keeps %q, not Cy's words", b.KeptChatBodies(g.ID))
	}
	if err := a.DeleteMe(as(cy), "", ""); err != nil {
		t.Fatal(err)
	}
	if kept(cysWords) {
		t.Error("after Cy erased their account on A, node B still keeps their words")
	}
}

// failingTx rolls back every transaction while fail is set, after its
// work is done (as a commit that fails: the disk full, the writer lost).
type failingTx struct {
	store.Store
	fail *atomic.Bool
}

func (s failingTx) InTx(ctx context.Context, fn func(tx store.Store) error) error {
	return s.Store.InTx(ctx, func(tx store.Store) error {
		if err := fn(tx); err != nil {
			return err
		}
		if s.fail.Load() {
			return errors.New("the commit failed")
		}
		return nil
	})
}

// recordBroker keeps what a node publishes to the others.
type recordBroker struct {
	mu  sync.Mutex
	evs []realtime.Event
}

func (b *recordBroker) Publish(_ context.Context, ev realtime.Event) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.evs = append(b.evs, ev)
	return nil
}
func (b *recordBroker) Run(ctx context.Context, _ realtime.Receiver) error { <-ctx.Done(); return nil }

func (b *recordBroker) changesOf(message string) int {
	b.mu.Lock()
	defer b.mu.Unlock()
	n := 0
	for _, ev := range b.evs {
		if ev.Kind == realtime.KindChange && ev.Message == message {
			n++
		}
	}
	return n
}

// A moderator's hide that does not commit tells no node and no socket of
// it: its change was published inside the transaction, before the commit,
// so every other node (and this node's sockets) took the message as
// hidden and took its change number as delivered, and the next change
// that number was given to (a message sent next) was dropped by every hub
// as already delivered. Published once committed, as every other change is.
func TestAModerationThatRollsBackTellsNoOne(t *testing.T) {
	st, node, _, log := sharedSQLite(t)
	var fail atomic.Bool
	a := node(failingTx{st, &fail})
	out := &recordBroker{}
	hub := realtime.NewHub("node-a", a, out, log)
	a.SetHub(hub)
	t.Cleanup(hub.Close)
	fran, bo, cy, as, g := eveningsOn(t, a)
	for _, u := range []*model.User{bo, cy} {
		if _, err := a.JoinGroup(as(u), g.ID, true); err != nil {
			t.Fatal(err)
		}
	}
	mod, err := a.AdminCreateUser(context.Background(), "mod@example.org", "steady harbor lantern", "Mo", model.RoleModerator)
	if err != nil {
		t.Fatal(err)
	}
	mod.MFAEnabled = true
	m, _, err := a.SendMessage(as(cy), g.ID, "", "You never listen, Bo.")
	if err != nil {
		t.Fatal(err)
	}
	rep, err := a.Report(as(bo), app.ReportInput{TargetType: "message", TargetID: m.ID, Reason: "harassment"})
	if err != nil {
		t.Fatal(err)
	}
	fail.Store(true)
	if _, err := a.ActOnReport(as(mod), rep.ID, "hide", "Unkind words."); err == nil {
		t.Fatal("the moderation committed")
	}
	fail.Store(false)
	if n := out.changesOf(m.ID); n != 1 {
		t.Errorf("a hide that rolled back was published to the other nodes (%d changes of the message, want its sending alone)", n-1)
	}
	_, p, err := node(st).GroupChat(as(fran), g.ID, 0, 50)
	if err != nil || len(p.Messages) != 1 || p.Messages[0].State != "visible" {
		t.Fatalf("after the rollback, a node keeping nothing shows %v, %v", p, err)
	}
}

// Another process's writes to the same SQLite file (an admin command, an
// import: no events, no watch of this node's writer) show on this node's
// next chat page as on a node keeping nothing: the kept views follow the
// conversation's numbers, read fresh on every page.
func TestKeptChatFollowsAnotherProcess(t *testing.T) {
	st, node, dir, _ := sharedSQLite(t)
	other := node(testutil.OpenStore(t, testutil.DB{Name: "sqlite", DataDir: dir}))
	a := node(st)
	fran, bo, _, as, g := eveningsOn(t, a)
	if _, err := a.JoinGroup(as(bo), g.ID, true); err != nil {
		t.Fatal(err)
	}
	m1, _, err := a.SendMessage(as(bo), g.ID, "", "First week done.")
	if err != nil {
		t.Fatal(err)
	}
	m2, _, err := a.SendMessage(as(bo), g.ID, "", "Call me later?")
	if err != nil {
		t.Fatal(err)
	}
	shown := func(x *app.App) string {
		t.Helper()
		_, p, err := x.GroupChat(as(fran), g.ID, 0, 50)
		if err != nil {
			t.Fatal(err)
		}
		out := ""
		for _, v := range p.Messages {
			out += v.State + ":" + v.Body + "|"
		}
		return out
	}
	check := func(step string) {
		t.Helper()
		shown(a) // kept from here
		if got, want := shown(a), shown(node(st)); got != want {
			t.Fatalf("%s: this node shows %s, a node keeping nothing %s", step, got, want)
		}
	}
	check("before")
	if _, err := other.EditMessage(as(bo), m1.ID, "First week done, thankful."); err != nil {
		t.Fatal(err)
	}
	check("edited by another process")
	if _, err := other.DeleteMessage(as(bo), m2.ID, ""); err != nil {
		t.Fatal(err)
	}
	check("deleted by another process")
	if _, _, err := other.SendMessage(as(bo), g.ID, "", "Back tomorrow."); err != nil {
		t.Fatal(err)
	}
	check("sent by another process")
}
