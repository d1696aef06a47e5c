package app_test

import (
	"context"
	"errors"
	"reflect"
	"sync/atomic"
	"testing"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/store"
)

// accessReads counts the reads a history's access check made one by one
// before it was one statement, and that statement.
type accessReads struct {
	store.Store
	apart, joined *atomic.Int64
}

func (s accessReads) FindConversation(ctx context.Context, id string) (*store.Conversation, error) {
	s.apart.Add(1)
	return s.Store.FindConversation(ctx, id)
}

func (s accessReads) FindConversationMember(ctx context.Context, convID, userID string) (*store.ConversationMember, error) {
	s.apart.Add(1)
	return s.Store.FindConversationMember(ctx, convID, userID)
}

func (s accessReads) ListBlockedEitherWay(ctx context.Context, userID string) ([]string, error) {
	s.apart.Add(1)
	return s.Store.ListBlockedEitherWay(ctx, userID)
}

func (s accessReads) Blocked(ctx context.Context, a, b string) (bool, error) {
	s.apart.Add(1)
	return s.Store.Blocked(ctx, a, b)
}

func (s accessReads) FindGroupMember(ctx context.Context, groupID, userID string) (*store.GroupMember, error) {
	s.apart.Add(1)
	return s.Store.FindGroupMember(ctx, groupID, userID)
}

func (s accessReads) FindConversationReader(ctx context.Context, convID, userID string) (*store.ConversationReader, error) {
	s.joined.Add(1)
	return s.Store.FindConversationReader(ctx, convID, userID)
}

func (s accessReads) WatchWrites(fn func(store.Touched)) bool {
	return s.Store.(store.WriteWatcher).WatchWrites(fn)
}

// A history (a socket's "history", the API's messages, a thread's page)
// reads the conversation, the reader's rows in it and in its group and the
// blocks either way in one statement, and a block, a removal or a leave
// made on node A decides node B's next history at once, exactly as on a
// node that keeps nothing: in a group's chat and in a direct thread.
func TestHistoryReadsItsAccessInOneStatement(t *testing.T) {
	st, node, _, _ := sharedSQLite(t)
	var apart, joined atomic.Int64
	a, b := node(st), node(accessReads{st, &apart, &joined})
	fran, bo, cy, as, g := eveningsOn(t, a)
	for _, u := range []*model.User{bo, cy} {
		if _, err := a.JoinGroup(as(u), g.ID, true); err != nil {
			t.Fatal(err)
		}
	}
	for i, u := range []*model.User{fran, cy, bo, cy, fran} {
		if _, _, err := a.SendMessage(as(u), g.ID, "", []string{"Welcome, both.", "Thanks, glad to be here.", "Same here.", "Day 3 today.", "Well done, Cy."}[i]); err != nil {
			t.Fatal(err)
		}
	}
	if err := a.MarkRead(as(bo), g.ID, 3); err != nil {
		t.Fatal(err)
	}
	thread, _, err := a.StartThread(as(fran), bo.ID, "", "How was your week, Bo?")
	if err != nil {
		t.Fatal(err)
	}

	// history wants B's history of conv for u to be what a node keeping
	// nothing reads (the page or the refusal), with one statement before
	// the messages and none of the reads it replaced.
	history := func(step string, u *model.User, conv string) *app.MessagePage {
		t.Helper()
		apart0, joined0 := apart.Load(), joined.Load()
		got, gotErr := b.ListMessages(as(u), conv, 0, 4, 50)
		if apart.Load() != apart0 || joined.Load() != joined0+1 {
			t.Errorf("%s: B's history for %s read its access in %d statement(s) and %d of the separate reads, want 1 and 0", step, u.Email, joined.Load()-joined0, apart.Load()-apart0)
		}
		want, wantErr := node(st).ListMessages(as(u), conv, 0, 4, 50)
		var ge, we *model.Error
		if (gotErr == nil) != (wantErr == nil) || gotErr != nil && (!errors.As(gotErr, &ge) || !errors.As(wantErr, &we) || ge.Kind != we.Kind || ge.Message != we.Message) {
			t.Fatalf("%s: B's history for %s: %v; a node keeping nothing: %v", step, u.Email, gotErr, wantErr)
		}
		if gotErr == nil && !reflect.DeepEqual(bodies(got), bodies(want)) || got != nil && (got.ReadSeq != want.ReadSeq || got.LastSeq != want.LastSeq || got.HasMore != want.HasMore) {
			t.Fatalf("%s: B's history for %s: %v (read %d of %d); a node keeping nothing: %v (read %d of %d)", step, u.Email, bodies(got), got.ReadSeq, got.LastSeq, bodies(want), want.ReadSeq, want.LastSeq)
		}
		return got
	}
	if p := history("Bo in the group", bo, g.ID); p.ReadSeq != 3 || len(p.Messages) != 3 {
		t.Fatalf("Bo's history before 4: %v, read marker %d", bodies(p), p.ReadSeq)
	}
	history("Cy in the group", cy, g.ID)
	history("Fran in the thread", fran, thread.ID)
	history("Bo in the thread", bo, thread.ID)
	history("Cy in their thread", cy, thread.ID)

	if err := a.BlockMember(as(bo), cy.ID); err != nil {
		t.Fatal(err)
	}
	if p := history("Bo blocks Cy on A", bo, g.ID); len(p.Messages) != 2 {
		t.Fatalf("Bo's history after blocking Cy: %v", bodies(p))
	}
	history("Cy, blocked by Bo", cy, g.ID)
	if err := a.BlockMember(as(fran), bo.ID); err != nil {
		t.Fatal(err)
	}
	history("Fran blocks Bo on A: Bo's thread", bo, thread.ID)
	history("Fran blocks Bo on A: Fran's thread", fran, thread.ID)
	if err := a.ManageGroupMember(as(fran), g.ID, cy.ID, app.ManageMember{Action: "remove", Reason: "Selling in the group."}); err != nil {
		t.Fatal(err)
	}
	history("Fran removes Cy on A", cy, g.ID)
	if err := a.LeaveGroup(as(bo), g.ID); err != nil {
		t.Fatal(err)
	}
	history("Bo leaves on A", bo, g.ID)
	history("Fran stays", fran, g.ID)
}

// bodies lists a page's messages' words.
func bodies(p *app.MessagePage) []string {
	if p == nil {
		return nil
	}
	out := []string{}
	for _, m := range p.Messages {
		out = append(out, m.Body)
	}
	return out
}
