package app_test

import (
	"context"
	"testing"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/model"
)

// A held message whose author a moderator suspends from its report tells
// its author that a moderator decided, with their reason: it no longer
// says it waits for a moderator and will be shown (walk11 W11-9). Others
// still do not see it.
func TestSuspendingAHeldMessagesAuthorSettlesIt(t *testing.T) {
	st, node, _, _ := sharedSQLite(t)
	a := node(st)
	fran, _, cy, as, g := eveningsOn(t, a)
	if _, err := a.JoinGroup(as(cy), g.ID, true); err != nil {
		t.Fatal(err)
	}
	mod, err := a.AdminCreateUser(context.Background(), "mod@example.org", "steady harbor lantern", "Mo", model.RoleModerator)
	if err != nil {
		t.Fatal(err)
	}
	mod.MFAEnabled = true
	held, _, err := a.SendMessage(as(cy), g.ID, "", "selling extra pills, hit me up on telegram")
	if err != nil || held.State != "held" {
		t.Fatalf("not held: %v %v", held, err)
	}
	q, _, err := a.ReportQueuePage(as(mod), app.PageRequest{Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	acted := false
	for _, r := range q {
		if r.TargetID == held.ID {
			if _, err := a.ActOnReport(as(mod), r.ID, "suspend", "Selling medication is not allowed here."); err != nil {
				t.Fatal(err)
			}
			acted = true
		}
	}
	if !acted {
		t.Fatal("no report of the held message")
	}
	for _, c := range []struct {
		who   *model.User
		state string
	}{{cy, "held"}, {fran, ""}} {
		_, p, err := a.GroupChat(as(c.who), g.ID, 0, 50)
		if err != nil {
			t.Fatal(err)
		}
		state := ""
		for _, m := range p.Messages {
			if m.ID == held.ID {
				state = m.State
				if !m.Decided || m.Reason != "Selling medication is not allowed here." {
					t.Errorf("%s reads it undecided: %+v", c.who.Email, m)
				}
			}
		}
		if state != c.state {
			t.Errorf("%s reads the message as %q, want %q", c.who.Email, state, c.state)
		}
	}
}
