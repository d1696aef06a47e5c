package app_test

import (
	"context"
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
		author := func(x *app.App) string {
			t.Helper()
			_, p, err := x.GroupChat(as(fran), g.ID, 0, 50)
			if err != nil || len(p.Messages) != 1 {
				t.Fatalf("Fran's chat page: %v, %v", p, err)
			}
			return p.Messages[0].Author.DisplayName
		}
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
