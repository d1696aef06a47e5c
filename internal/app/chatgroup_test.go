package app_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/store"
	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// TestChatGroupIsGetGroupsView: the chat page reads its group with
// ChatGroup (the name, archived, the viewer's status and role, without
// the counts, the description, the guidelines or the creation time,
// which it does not show), which answers as GetGroup does for everyone: a
// facilitator, a member, someone who asked to join, someone removed and
// a stranger, in a listed, a private and an archived group. GroupChat
// answers as ChatGroup and ListMessages together for each of them.
func TestChatGroupIsGetGroupsView(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		ctx := context.Background()
		a, st, at := plainApp(t, db)
		people := seedPeople(t, st, at, 5, "p")
		places := []struct{ role, status string }{{app.RoleFacilitator, "active"}, {app.RoleMember, "active"}, {app.RoleMember, "requested"}, {app.RoleMember, "removed"}}
		// The facilitator blocks the member who writes: GroupChat reads
		// the blocks with the group and hides the member's words from the
		// facilitator as ListMessages does.
		if err := st.Block(ctx, people[0].ID, people[1].ID, at); err != nil {
			t.Fatal(err)
		}
		for gi, g := range []struct {
			vis      string
			archived bool
		}{{app.GroupListed, false}, {app.GroupPrivate, false}, {app.GroupListed, true}} {
			sg := &store.Group{ID: fmt.Sprintf("01G%023d", gi), Name: fmt.Sprint("Group ", gi), Description: "Evenings.", Guidelines: "Be kind.", Visibility: g.vis, CreatedBy: people[0].ID, CreatedAt: at, UpdatedAt: at}
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
			if !g.archived {
				if _, _, err := a.SendMessage(app.WithActor(ctx, &app.Actor{User: people[1]}), sg.ID, "c1", "Evening, all."); err != nil {
					t.Fatal(err)
				}
			}
			for _, u := range people {
				as := app.WithActor(ctx, &app.Actor{User: u})
				// GroupChat is ChatGroup and ListMessages in one.
				for _, before := range []int64{0, 1, 2, -1} {
					chat, cerr := a.ChatGroup(as, sg.ID)
					var page *app.MessagePage
					var perr error
					if cerr == nil {
						page, perr = a.ListMessages(as, sg.ID, 0, before, 50)
					}
					gv, gpage, err := a.GroupChat(as, sg.ID, before, 50)
					if cerr != nil {
						if gv != nil || gpage != nil || fmt.Sprint(err) != fmt.Sprint(cerr) {
							t.Errorf("group %d, %s: GroupChat says %v %v %v, ChatGroup %v", gi, u.Email, gv, gpage, err, cerr)
						}
						continue
					}
					if gv == nil || fmt.Sprintf("%+v", *gv) != fmt.Sprintf("%+v", *chat) || fmt.Sprint(err) != fmt.Sprint(perr) || fmt.Sprintf("%+v", gpage) != fmt.Sprintf("%+v", page) {
						t.Errorf("group %d, %s, before %d: GroupChat %+v %+v %v, ChatGroup and ListMessages %+v %+v %v", gi, u.Email, before, gv, gpage, err, chat, page, perr)
					}
					if gpage != nil && before == 0 && !g.archived {
						if want := map[bool]int{true: 0, false: 1}[u.ID == people[0].ID]; len(gpage.Messages) != want {
							t.Errorf("group %d, %s: the page shows %d messages, want %d (the facilitator blocks their author)", gi, u.Email, len(gpage.Messages), want)
						}
					}
				}
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
				full.Description, full.Guidelines, full.CreatedAt = "", "", app.GroupView{}.CreatedAt
				if fmt.Sprintf("%+v", *full) != fmt.Sprintf("%+v", *chat) {
					t.Errorf("group %d, %s: ChatGroup %+v, GetGroup %+v", gi, u.Email, *chat, *full)
				}
			}
		}
	})
}
