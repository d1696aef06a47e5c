package app_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/store"
	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// TestMarkPageReadMovesOnlyTheReadersOwnMarker: the chat page marks what
// it showed read under the access checked as it read the page
// (MarkPageRead), and only for the person who read it and the group's
// conversation it was read from; a page used for another conversation or
// by another person goes through MarkRead's own check, which refuses
// someone who is not in the group.
func TestMarkPageReadMovesOnlyTheReadersOwnMarker(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		ctx := context.Background()
		a, st, at := plainApp(t, db)
		people := seedPeople(t, st, at, 3, "m")
		member, other, stranger := people[0], people[1], people[2]
		groups := []string{"01G00000000000000000000000", "01G00000000000000000000001"}
		for _, id := range groups {
			if err := st.CreateGroup(ctx, &store.Group{ID: id, Name: "Group " + id, Visibility: app.GroupListed, CreatedBy: member.ID, CreatedAt: at, UpdatedAt: at}); err != nil {
				t.Fatal(err)
			}
			for _, u := range []*model.User{member, other} {
				if err := st.SaveGroupMember(ctx, &store.GroupMember{GroupID: id, UserID: u.ID, Role: app.RoleMember, Status: "active", CreatedAt: at, UpdatedAt: at}); err != nil {
					t.Fatal(err)
				}
			}
			for i := range 3 {
				if _, _, err := a.SendMessage(app.WithActor(ctx, &app.Actor{User: other}), id, fmt.Sprint("c", i), "Evening, all."); err != nil {
					t.Fatal(err)
				}
			}
		}
		as := func(u *model.User) context.Context { return app.WithActor(ctx, &app.Actor{User: u}) }
		marker := func(conv string, u *model.User) int64 {
			t.Helper()
			m, err := st.FindConversationMember(ctx, conv, u.ID)
			if err != nil {
				return -1
			}
			return m.LastReadSeq
		}
		_, page, err := a.GroupChat(as(member), groups[0], 0, 50)
		if err != nil || len(page.Messages) != 3 || page.ReadUpTo(3) {
			t.Fatalf("the page: %+v %v", page, err)
		}
		if err := a.MarkPageRead(as(member), page, groups[0], 2); err != nil || marker(groups[0], member) != 2 {
			t.Fatalf("the reader's own page: %v, marker %d, want 2", err, marker(groups[0], member))
		}
		// The page's check was the member's in that group: another group's
		// marker moves only through MarkRead's own check, which a member
		// passes and a stranger does not.
		if err := a.MarkPageRead(as(member), page, groups[1], 3); err != nil || marker(groups[1], member) != 3 {
			t.Fatalf("another group's marker through MarkRead: %v, marker %d", err, marker(groups[1], member))
		}
		if err := a.MarkPageRead(as(stranger), page, groups[0], 3); err == nil || marker(groups[0], stranger) != -1 {
			t.Fatalf("a stranger with someone else's page: %v, marker %d; want refused, none", err, marker(groups[0], stranger))
		}
		// Past the page's last message: refused as MarkRead refuses it.
		if err := a.MarkPageRead(as(member), page, groups[0], 9); err == nil || marker(groups[0], member) != 2 {
			t.Fatalf("a sequence number past the conversation's: %v, marker %d", err, marker(groups[0], member))
		}
	})
}

// seedPeople creates n members, prefix0@example.org and on, with ids in
// order.
func seedPeople(t *testing.T, st store.Store, at time.Time, n int, prefix string) []*model.User {
	t.Helper()
	var people []*model.User
	for i := range n {
		u := &model.User{ID: fmt.Sprintf("01U%023d", i), Email: fmt.Sprintf("%s%d@example.org", prefix, i), PasswordHash: "x", Role: model.RoleMember, CreatedAt: at}
		if err := st.CreateUser(context.Background(), u); err != nil {
			t.Fatal(err)
		}
		people = append(people, u)
	}
	return people
}
