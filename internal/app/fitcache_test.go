package app_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/store"
)

// Each node remembers which messages speak of crisis (only "with you"
// fits them) instead of reading every message's words again on every
// page; a message edited on one node into words of crisis, or out of them,
// takes the reactions that fit its new words on every node at once.
func TestReactionsThatFitFollowAnEditOnEveryNode(t *testing.T) {
	st, node := sharedStore(t)
	a, b := node(st), node(st)
	ctx := context.Background()
	now := time.Now().UTC()
	var users []*model.User
	for i, name := range []string{"ana", "bo"} {
		u := &model.User{ID: "01USER00000000000000000000"[:25] + string(rune('A'+i)), Email: name + "@example.org", PasswordHash: "x", Role: model.RoleMember, CreatedAt: now}
		if err := st.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		users = append(users, u)
	}
	gid := "01GROUP0000000000000000000"
	if err := st.CreateGroup(ctx, &store.Group{ID: gid, Name: "Evenings", Visibility: app.GroupListed, CreatedBy: users[0].ID, CreatedAt: now, UpdatedAt: now}); err != nil {
		t.Fatal(err)
	}
	for _, u := range users {
		if err := st.SaveGroupMember(ctx, &store.GroupMember{GroupID: gid, UserID: u.ID, Role: app.RoleMember, Status: "active", GuidelinesAccepted: &now, CreatedAt: now, UpdatedAt: now}); err != nil {
			t.Fatal(err)
		}
	}
	as := func(u *model.User) context.Context { return app.WithActor(ctx, &app.Actor{User: u}) }
	fits := func(x *app.App, id string) string {
		t.Helper()
		page, err := x.ListMessages(as(users[1]), gid, 0, 0, 50)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range page.Messages {
			if m.ID == id {
				return strings.Join(m.AllowedReactions, " ")
			}
		}
		t.Fatalf("message %s not listed", id)
		return ""
	}
	const every, crisis = "with_you thank_you proud", "with_you"

	m, _, err := a.SendMessage(as(users[0]), gid, "c1", "Day 40 today. Proud of this week.")
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if got := fits(b, m.ID); got != every {
			t.Fatalf("node B: an ordinary message takes %q, want %q", got, every)
		}
	}
	if _, err := a.EditMessage(as(users[0]), m.ID, "I have been counting out my pills, I don't want to wake up tomorrow"); err != nil {
		t.Fatal(err)
	}
	for name, x := range map[string]*app.App{"node A (where it was edited)": a, "node B": b} {
		if got := fits(x, m.ID); got != crisis {
			t.Errorf("%s: a message edited into words of crisis takes %q, want %q", name, got, crisis)
		}
	}
	time.Sleep(2 * time.Millisecond)
	if _, err := a.EditMessage(as(users[0]), m.ID, "Sorry, that was a bad night. I am safe and with my sister now."); err != nil {
		t.Fatal(err)
	}
	for name, x := range map[string]*app.App{"node A": a, "node B": b} {
		if got := fits(x, m.ID); got != every {
			t.Errorf("%s: a message edited out of words of crisis takes %q, want %q", name, got, every)
		}
	}
}
