package app_test

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/store"
)

// pageReads counts the reads of a conversation's messages.
type pageReads struct {
	store.Store
	reads *atomic.Int64
}

func (c pageReads) ListMessages(ctx context.Context, convID string, after, before int64, limit int, newest bool) ([]*store.StoredMessage, error) {
	c.reads.Add(1)
	return c.Store.ListMessages(ctx, convID, after, before, limit, newest)
}

// ListChangedMessages is how a node brings the views it keeps of a group's
// messages to the conversation's numbers (chatViews).
func (c pageReads) ListChangedMessages(ctx context.Context, convID string, after, upTo int64, limit int) ([]*store.StoredMessage, error) {
	c.reads.Add(1)
	return c.Store.ListChangedMessages(ctx, convID, after, upTo, limit)
}

func (c pageReads) WatchWrites(fn func(store.Touched)) bool {
	w, ok := c.Store.(store.WriteWatcher)
	return ok && w.WatchWrites(fn)
}

// Each node keeps a chat's recent messages (as views; a direct thread's
// newest page of sealed rows) instead of reading them again for every
// member who opens it. Whatever changes the page on
// one node (a send, an edit, a reaction, a delete, a facilitator's
// removal, a hold, an erased account) shows on the other node's next page,
// with no broker between them: the page is kept under the conversation's
// numbers, which every page reads from the database.
func TestNewestPageFollowsEveryChangeOnEveryNode(t *testing.T) {
	st, node := sharedStore(t)
	var readsB atomic.Int64
	a, b := node(st), node(pageReads{st, &readsB})
	ctx := context.Background()
	now := time.Now().UTC()
	var users []*model.User
	for i, name := range []string{"ana", "bo", "cy"} {
		u := &model.User{ID: fmt.Sprintf("01USER0000000000000000000%c", 'A'+i), Email: name + "@example.org", PasswordHash: "x", Role: model.RoleMember, CreatedAt: now, MFAEnabled: name == "cy"}
		if err := st.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		if err := st.UpsertProfile(ctx, &store.StoredProfile{UserID: u.ID, DisplayName: strings.ToUpper(name[:1]) + name[1:], UpdatedAt: now}); err != nil {
			t.Fatal(err)
		}
		users = append(users, u)
	}
	ana, bo, cy := users[0], users[1], users[2]
	gid := "01GROUP0000000000000000000"
	if err := st.CreateGroup(ctx, &store.Group{ID: gid, Name: "Evenings", Visibility: app.GroupListed, CreatedBy: cy.ID, CreatedAt: now, UpdatedAt: now}); err != nil {
		t.Fatal(err)
	}
	for _, u := range users {
		role := app.RoleMember
		if u == cy {
			role = app.RoleFacilitator
		}
		if err := st.SaveGroupMember(ctx, &store.GroupMember{GroupID: gid, UserID: u.ID, Role: role, Status: "active", GuidelinesAccepted: &now, CreatedAt: now, UpdatedAt: now}); err != nil {
			t.Fatal(err)
		}
	}
	as := func(u *model.User) context.Context { return app.WithActor(ctx, &app.Actor{User: u}) }
	// shown is the page as bo reads it on x: each message's author, state,
	// words and reactions.
	shown := func(x *app.App) string {
		t.Helper()
		page, err := x.ListMessages(as(bo), gid, 0, 0, 50)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, m := range page.Messages {
			line := m.Author.DisplayName + " " + m.State + ": " + m.Body
			for _, r := range m.Reactions {
				line += fmt.Sprintf(" [%s %d]", r.Kind, r.Count)
			}
			out = append(out, line)
		}
		return strings.Join(out, " | ")
	}
	// check reads the page on B twice (the second from what B kept) and
	// on A, and wants the same on each; B reads the changed rows once (or
	// reads gives how often: an erased account's change is held by no row,
	// and B then reads the page whole).
	check := func(step, want string, reads ...int64) {
		t.Helper()
		wantReads := int64(1)
		if len(reads) > 0 {
			wantReads = reads[0]
		}
		before := readsB.Load()
		for i := range 2 {
			if got := shown(b); got != want {
				t.Fatalf("%s: node B's page %d reads\n%s\nwant\n%s", step, i+1, got, want)
			}
		}
		if n := readsB.Load() - before; n != wantReads {
			t.Errorf("%s: node B read the rows %d times for two pages, want %d", step, n, wantReads)
		}
		if got := shown(a); got != want {
			t.Fatalf("%s: node A's page reads\n%s\nwant\n%s", step, got, want)
		}
	}

	m1, _, err := a.SendMessage(as(ana), gid, "c1", "First night back.")
	if err != nil {
		t.Fatal(err)
	}
	check("a message sent on A", "Ana visible: First night back.")
	m2, _, err := a.SendMessage(as(ana), gid, "c2", "Thank you for being here.")
	if err != nil {
		t.Fatal(err)
	}
	check("a second message sent on A", "Ana visible: First night back. | Ana visible: Thank you for being here.")
	if _, err := a.EditMessage(as(ana), m1.ID, "First week back."); err != nil {
		t.Fatal(err)
	}
	check("an edit on A", "Ana visible: First week back. | Ana visible: Thank you for being here.")
	if _, err := a.React(as(cy), m2.ID, "thank_you", true); err != nil {
		t.Fatal(err)
	}
	check("a reaction on A", "Ana visible: First week back. | Ana visible: Thank you for being here. [thank_you 1]")
	if _, err := a.React(as(cy), m2.ID, "thank_you", false); err != nil {
		t.Fatal(err)
	}
	check("a reaction taken back on A", "Ana visible: First week back. | Ana visible: Thank you for being here.")
	if _, err := a.EditMessage(as(ana), m2.ID, "selling extra, hit me up on telegram"); err != nil {
		t.Fatal(err)
	}
	check("an edit on A held for a moderator", "Ana visible: First week back.")
	m3, _, err := a.SendMessage(as(cy), gid, "c3", "Welcome back, Ana.")
	if err != nil {
		t.Fatal(err)
	}
	check("a facilitator's message on A", "Ana visible: First week back. | Cy visible: Welcome back, Ana.")
	if _, err := a.DeleteMessage(as(cy), m1.ID, "shares another member's story"); err != nil {
		t.Fatal(err)
	}
	check("a facilitator's removal on A", "Ana removed:  | Cy visible: Welcome back, Ana.")
	if _, err := a.DeleteMessage(as(cy), m3.ID, ""); err != nil {
		t.Fatal(err)
	}
	check("a delete on A", "Ana removed:  | Cy deleted: ")
	m4, _, err := a.SendMessage(as(ana), gid, "c4", "Still here.")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.React(as(bo), m4.ID, "proud", true); err != nil {
		t.Fatal(err)
	}
	// The message's own change number is then held by no row (its
	// reaction's is): B cannot tell it from an erasure's, and reads the
	// page again, opening only what changed.
	check("ana's message and bo's reaction", "Ana removed:  | Cy deleted:  | Ana visible: Still here. [proud 1]", 2)
	// An erased account takes its messages and its reactions with it.
	if err := st.InTx(ctx, func(tx store.Store) error { return tx.DeleteUserGroupData(ctx, bo.ID) }); err != nil {
		t.Fatal(err)
	}
	if err := st.SaveGroupMember(ctx, &store.GroupMember{GroupID: gid, UserID: bo.ID, Role: app.RoleMember, Status: "active", GuidelinesAccepted: &now, CreatedAt: now, UpdatedAt: now}); err != nil {
		t.Fatal(err)
	}
	check("bo's reactions erased", "Ana removed:  | Cy deleted:  | Ana visible: Still here.", 2)
	if err := st.InTx(ctx, func(tx store.Store) error { return tx.DeleteUserGroupData(ctx, ana.ID) }); err != nil {
		t.Fatal(err)
	}
	check("ana's messages erased", "Cy deleted: ", 2)
}
