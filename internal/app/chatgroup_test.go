package app_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/store"
	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// TestChatGroupIsGetGroupsView: the chat page reads its group with
// ChatGroup (the name, archived, the viewer's status and role, without
// the counts), which answers as GetGroup does for everyone: a
// facilitator, a member, someone who asked to join, someone removed and
// a stranger, in a listed, a private and an archived group.
func TestChatGroupIsGetGroupsView(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		ctx := context.Background()
		a, st, at := plainApp(t, db)
		var people []*model.User
		for i := range 5 {
			u := &model.User{ID: fmt.Sprintf("01U%023d", i), Email: fmt.Sprintf("p%d@example.org", i), PasswordHash: "x", Role: model.RoleMember, CreatedAt: at}
			if err := st.CreateUser(ctx, u); err != nil {
				t.Fatal(err)
			}
			people = append(people, u)
		}
		places := []struct{ role, status string }{{app.RoleFacilitator, "active"}, {app.RoleMember, "active"}, {app.RoleMember, "requested"}, {app.RoleMember, "removed"}}
		for gi, g := range []struct {
			vis      string
			archived bool
		}{{app.GroupListed, false}, {app.GroupPrivate, false}, {app.GroupListed, true}} {
			sg := &store.Group{ID: fmt.Sprintf("01G%023d", gi), Name: fmt.Sprint("Group ", gi), Visibility: g.vis, CreatedBy: people[0].ID, CreatedAt: at, UpdatedAt: at}
			if g.archived {
				sg.ArchivedAt = &at
			}
			if err := st.CreateGroup(ctx, sg); err != nil {
				t.Fatal(err)
			}
			for i, pl := range places {
				if err := st.SaveGroupMember(ctx, &store.GroupMember{GroupID: sg.ID, UserID: people[i].ID, Role: pl.role, Status: pl.status, CreatedAt: at, UpdatedAt: at}); err != nil {
					t.Fatal(err)
				}
			}
			for _, u := range people {
				as := app.WithActor(ctx, &app.Actor{User: u})
				full, ferr := a.GetGroup(as, sg.ID)
				chat, cerr := a.ChatGroup(as, sg.ID)
				if fmt.Sprint(ferr) != fmt.Sprint(cerr) {
					t.Errorf("group %d, %s: ChatGroup says %v, GetGroup %v", gi, u.Email, cerr, ferr)
					continue
				}
				if ferr != nil {
					continue
				}
				full.MemberCount, full.LastSeq, full.Unread = 0, 0, 0
				if fmt.Sprintf("%+v", *full) != fmt.Sprintf("%+v", *chat) {
					t.Errorf("group %d, %s: ChatGroup %+v, GetGroup %+v", gi, u.Email, *chat, *full)
				}
			}
		}
	})
}
