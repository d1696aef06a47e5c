package app_test

import (
	"context"
	"strings"
	"testing"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/store"
	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// raceProfile runs read, once, when whose profile has been read and
// before it is answered (as when a change commits while another request
// on the node reads the old row), and inTx inside each transaction, once
// its work is done and before it commits.
type raceProfile struct {
	store.Store
	whose      *string
	read, inTx *func()
}

func (s raceProfile) FindProfile(ctx context.Context, userID string) (*store.StoredProfile, error) {
	p, err := s.Store.FindProfile(ctx, userID)
	if userID == *s.whose && *s.read != nil {
		f := *s.read
		*s.read = nil
		f()
	}
	return p, err
}

func (s raceProfile) InTx(ctx context.Context, fn func(tx store.Store) error) error {
	return s.Store.InTx(ctx, func(tx store.Store) error {
		if err := fn(tx); err != nil {
			return err
		}
		if f := *s.inTx; f != nil {
			*s.inTx = nil
			f()
		}
		return nil
	})
}

func (s raceProfile) WatchWrites(fn func(store.Touched)) bool {
	w, ok := s.Store.(store.WriteWatcher)
	return ok && w.WatchWrites(fn)
}

// A name read while a change to it commits is not kept after the change:
// once the change has returned, its node's next chat page (and every page
// naming the person) shows the new name, as a node keeping nothing does,
// not the old one for as long as names are kept (nameTTL). Read just
// before the change, and read inside its transaction before the commit.
func TestANameReadAsItChangesIsNotKept(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		st := testutil.OpenStore(t, db)
		node, _ := nodesWithKeyIn(t, db.DataDir)
		var whose string
		var read, inTx func()
		a, b := node(st), node(raceProfile{st, &whose, &read, &inTx})
		fran, bo, _, as, g := eveningsOn(t, a)
		if _, err := a.JoinGroup(as(bo), g.ID, true); err != nil {
			t.Fatal(err)
		}
		if _, _, err := a.SendMessage(as(bo), g.ID, "", "Day 3 today."); err != nil {
			t.Fatal(err)
		}
		whose = bo.ID
		author := func(x *app.App) string { t.Helper(); return onlyAuthor(t, x, as(fran), g.ID) }
		rename := func(to string) {
			t.Helper()
			if _, err := b.UpdateMe(as(bo), func(p *model.Profile) { p.DisplayName = to }); err != nil {
				t.Fatal(err)
			}
		}
		check := func(step, want string) {
			t.Helper()
			if got, fresh := author(b), author(node(st)); got != fresh || fresh != want {
				t.Fatalf("%s: after Bo's change returned, his node names him %q; a node keeping nothing %q", step, got, fresh)
			}
		}

		read = func() { rename("Bo R.") }
		author(b) // reads Bo's name as he changes it on the same node
		if read != nil {
			t.Fatal("the page read no profile")
		}
		check("read before the change", "Bo R.")

		inTx = func() {
			if got := author(b); got != "Bo R." {
				t.Errorf("before the commit, the page named Bo %q", got)
			}
		}
		rename("Bo Rivera")
		if inTx != nil {
			t.Fatal("the change ran no transaction")
		}
		check("read inside the change's transaction", "Bo Rivera")
	})
}

// A name changed on node A shows on node B's next chat page (B keeping
// names as every node does), as on a node keeping nothing: on PostgreSQL
// the nodes share their events (here joined in the process, as LISTEN/
// NOTIFY joins them), and on SQLite too. A name kept before was shown
// for up to nameTTL (30 s) by every other node.
func TestANameChangedOnOneNodeShowsOnTheOthers(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		st := testutil.OpenStore(t, db)
		node, log := nodesWithKeyIn(t, db.DataDir)
		bst := st
		if db.Name == "postgres" {
			bst = testutil.OpenStore(t, testutil.DB{Name: "postgres", URL: db.URL})
		}
		a, b := node(st), node(bst)
		hubA, hubB := joinNodes(a, b, log)
		t.Cleanup(func() { hubA.Close(); hubB.Close() })
		fran, bo, _, as, g := eveningsOn(t, a)
		if _, err := a.JoinGroup(as(bo), g.ID, true); err != nil {
			t.Fatal(err)
		}
		if _, _, err := a.SendMessage(as(bo), g.ID, "", "Day 3 today."); err != nil {
			t.Fatal(err)
		}
		author := func(x *app.App) string { t.Helper(); return onlyAuthor(t, x, as(fran), g.ID) }
		if got := author(b); got != "Bo" {
			t.Fatalf("B names Bo %q", got)
		}
		if _, err := a.UpdateMe(as(bo), func(p *model.Profile) { p.DisplayName = "Bo R." }); err != nil {
			t.Fatal(err)
		}
		if got, fresh := author(b), author(node(st)); got != fresh || fresh != "Bo R." {
			t.Fatalf("after Bo's change on A, node B names him %q; a node keeping nothing %q", got, fresh)
		}
	})
}

// onlyAuthor is how x's chat page of group names the author of its one
// message, to the reader of ctx.
func onlyAuthor(t *testing.T, x *app.App, ctx context.Context, group string) string {
	t.Helper()
	_, p, err := x.GroupChat(ctx, group, 0, 50)
	if err != nil || len(p.Messages) != 1 {
		t.Fatalf("the chat page: %v, %v", p, err)
	}
	return p.Messages[0].Author.DisplayName
}

// A group's chat page names its authors from the names the node's pages
// of that chat looked up last (kept with its messages for every viewer),
// and never a name the node's name cache has let go: Bo's new name shows
// on the next page of whoever opens it, on the node he changed it on, as
// on a node keeping nothing; so does the name of an author new to the
// kept page.
func TestAChatPageNamesItsAuthorsAsTheNameCacheDoes(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		st := testutil.OpenStore(t, db)
		node, _ := nodesWithKeyIn(t, db.DataDir)
		a := node(st)
		fran, bo, cy, as, g := eveningsOn(t, a)
		for _, u := range []*model.User{bo, cy} {
			if _, err := a.JoinGroup(as(u), g.ID, true); err != nil {
				t.Fatal(err)
			}
		}
		if _, _, err := a.SendMessage(as(bo), g.ID, "", "Day 3 today."); err != nil {
			t.Fatal(err)
		}
		authors := func(x *app.App, reader *model.User) string {
			t.Helper()
			_, p, err := x.GroupChat(as(reader), g.ID, 0, 50)
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, m := range p.Messages {
				names = append(names, m.Author.DisplayName)
			}
			return strings.Join(names, ", ")
		}
		check := func(step, want string) {
			t.Helper()
			for _, reader := range []*model.User{fran, cy, fran} {
				if got, fresh := authors(a, reader), authors(node(st), reader); got != want || fresh != want {
					t.Fatalf("%s: %s's page names %q; a node keeping nothing %q; want %q", step, reader.Email, got, fresh, want)
				}
			}
		}
		check("at first", "Bo")
		if _, err := a.UpdateMe(as(bo), func(p *model.Profile) { p.DisplayName = "Bo R." }); err != nil {
			t.Fatal(err)
		}
		check("after Bo's change", "Bo R.")
		if _, _, err := a.SendMessage(as(cy), g.ID, "", "Glad you are here."); err != nil {
			t.Fatal(err)
		}
		check("after Cy wrote", "Bo R., Cy")
		if _, err := a.UpdateMe(as(cy), func(p *model.Profile) { p.DisplayName = "Cy L." }); err != nil {
			t.Fatal(err)
		}
		check("after Cy's change", "Bo R., Cy L.")
	})
}
