package storetest

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/store"
)

// A group's page reads its people by kind, a page at a time: its leaders
// (facilitators and co-facilitators, active), those asking to join, a
// page of the members after a position, and those whose name has some
// words, whatever their case; nobody who left or was removed.
func testGroupMembersBy(t *testing.T, st store.Store) {
	base := ts("2026-02-01T00:00:00Z")
	g := &store.Group{ID: "gm-group", Name: "Evenings", Visibility: "listed", CreatedBy: "x", CreatedAt: base, UpdatedAt: base}
	if err := st.CreateGroup(ctx, g); err != nil {
		t.Fatal(err)
	}
	names := map[string]string{}
	add := func(i int, name, role, status string) string {
		t.Helper()
		at := base.Add(time.Duration(i) * time.Minute)
		u := &model.User{ID: fmt.Sprintf("gm-u%02d", i), Email: fmt.Sprintf("gm%d@example.org", i), PasswordHash: "x", Role: model.RoleMember, CreatedAt: at}
		if err := st.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		if err := st.UpsertProfile(ctx, &store.StoredProfile{UserID: u.ID, DisplayName: name, Visibility: model.DefaultVisibility(), UpdatedAt: at}); err != nil {
			t.Fatal(err)
		}
		if err := st.SaveGroupMember(ctx, &store.GroupMember{GroupID: g.ID, UserID: u.ID, Role: role, Status: status, CreatedAt: at, UpdatedAt: at}); err != nil {
			t.Fatal(err)
		}
		names[u.ID] = name
		return u.ID
	}
	add(0, "Fay", "facilitator", "active")
	for i := 1; i <= 12; i++ {
		add(i, fmt.Sprintf("Member %02d", i), "member", "active")
	}
	add(13, "Gus", "co_facilitator", "active")
	add(14, "Hal", "facilitator", "left")
	add(15, "Ivy", "member", "removed")
	add(16, "Ravi", "member", "requested")
	add(17, "MEMBER ÑANDÚ", "member", "active")
	list := func(f store.MemberFilter) []string {
		t.Helper()
		f.GroupID = g.ID
		ms, err := st.ListGroupMembersBy(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, m := range ms {
			out = append(out, names[m.UserID])
		}
		return out
	}
	active := []string{"active"}
	for _, c := range []struct {
		what string
		f    store.MemberFilter
		want []string
	}{
		{"leaders", store.MemberFilter{Status: active, Leaders: true}, []string{"Fay", "Gus"}},
		{"asking", store.MemberFilter{Status: []string{"requested"}}, []string{"Ravi"}},
		{"first page", store.MemberFilter{Status: active, Members: true, Limit: 5}, []string{"Member 01", "Member 02", "Member 03", "Member 04", "Member 05"}},
		{"after Member 10", store.MemberFilter{Status: active, Members: true, After: store.Keyset{At: base.Add(10 * time.Minute), ID: "gm-u10"}, Limit: 5},
			[]string{"Member 11", "Member 12", "MEMBER ÑANDÚ"}},
		{"named member 1", store.MemberFilter{Status: active, Name: "member 1", Limit: 5}, []string{"Member 10", "Member 11", "Member 12"}},
		{"named ñandú", store.MemberFilter{Status: active, Name: "ñandú"}, []string{"MEMBER ÑANDÚ"}},
		{"named a, asking too", store.MemberFilter{Status: []string{"active", "requested"}, Name: "a"}, []string{"Fay", "Ravi", "MEMBER ÑANDÚ"}},
		{"named Ivy (removed)", store.MemberFilter{Status: active, Name: "ivy"}, nil},
		{"named 1_ (only text)", store.MemberFilter{Status: active, Name: "1_"}, nil},
	} {
		if got := list(c.f); !slices.Equal(got, c.want) {
			t.Errorf("%s: %q, want %q", c.what, got, c.want)
		}
	}
}
