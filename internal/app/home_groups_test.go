package app_test

import (
	"context"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/store"
	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// TestHomeReadsGroupsAndMeetingsAsTheListing: home reads a member's
// groups and their meetings in one statement; it reads the same groups
// (the count home shows, their names) and the same meetings, changes and
// order as the listing of the member's groups and the meetings of those
// groups did in two, for people in no group, in groups without meetings,
// in a group they only asked to join, an archived group and groups whose
// meetings were cancelled, moved or deleted; and home shows the next
// meeting those say (Wednesday's Morning circle, Tuesday's cancelled).
func TestHomeReadsGroupsAndMeetingsAsTheListing(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		ctx := context.Background()
		a, st, at := plainApp(t, db) // Saturday 5 December 2026, 12:00 UTC
		people := seedPeople(t, st, at, 4, "homegroups")
		for _, u := range people {
			if err := st.UpsertProfile(ctx, &store.StoredProfile{UserID: u.ID, DisplayName: "P", TimeZone: "UTC", UpdatedAt: at}); err != nil {
				t.Fatal(err)
			}
		}
		groups := []struct {
			id, name string
			archived bool
			members  map[int]string
		}{
			{"hg-tue", "Tuesday circle", false, map[int]string{0: "active", 1: "active"}},
			{"hg-wed", "Morning circle", false, map[int]string{0: "active", 2: "requested"}},
			{"hg-none", "Quiet group", false, map[int]string{0: "active", 2: "active"}},
			{"hg-old", "Archived group", true, map[int]string{0: "active", 1: "active"}},
		}
		for i, g := range groups {
			sg := &store.Group{ID: g.id, Name: g.name, Visibility: "listed", CreatedBy: people[0].ID, CreatedAt: at.Add(time.Duration(i) * time.Minute), UpdatedAt: at}
			if err := st.CreateGroup(ctx, sg); err != nil {
				t.Fatal(err)
			}
			if g.archived {
				sg.ArchivedAt = &at
				if err := st.UpdateGroup(ctx, sg); err != nil {
					t.Fatal(err)
				}
			}
			for who, status := range g.members {
				if err := st.SaveGroupMember(ctx, &store.GroupMember{GroupID: g.id, UserID: people[who].ID, Role: "member", Status: status, CreatedAt: at, UpdatedAt: at}); err != nil {
					t.Fatal(err)
				}
			}
		}
		for i, m := range []struct{ id, group, start, day string }{
			{"hm-tue", "hg-tue", "2026-12-01T19:00", "tue"},
			{"hm-tue-late", "hg-tue", "2026-12-01T21:00", "tue"},
			{"hm-wed", "hg-wed", "2026-12-02T19:00", "wed"},
			{"hm-gone", "hg-wed", "2026-12-02T08:00", "sat"},
			{"hm-old", "hg-old", "2026-12-01T08:00", "sun"},
		} {
			gm := &store.GroupMeeting{ID: m.id, GroupID: m.group, Title: "Meeting of " + m.group, StartLocal: m.start, TimeZone: "UTC", DurationMinutes: 60,
				Recurrence: fmt.Sprintf(`{"freq":"weekly","weekdays":[%q]}`, m.day), CreatedBy: people[0].ID, CreatedAt: at.Add(time.Duration(i) * time.Second), UpdatedAt: at}
			if m.id == "hm-gone" {
				gm.DeletedAt = &at
			}
			if err := st.CreateGroupMeeting(ctx, gm); err != nil {
				t.Fatal(err)
			}
		}
		// Tuesday's two meetings of 8 December: one cancelled, one moved to
		// Thursday the 10th; so the next is Wednesday's of the 9th.
		moved := time.Date(2026, 12, 10, 21, 0, 0, 0, time.UTC)
		for _, c := range []struct {
			meeting string
			change  store.MeetingChange
		}{
			{"hm-tue", store.MeetingChange{OriginalStart: time.Date(2026, 12, 8, 19, 0, 0, 0, time.UTC), Kind: "cancelled"}},
			{"hm-tue-late", store.MeetingChange{OriginalStart: time.Date(2026, 12, 8, 21, 0, 0, 0, time.UTC), Kind: "moved", NewStart: &moved}},
			{"hm-tue-late", store.MeetingChange{OriginalStart: time.Date(2026, 12, 15, 21, 0, 0, 0, time.UTC), Kind: "cancelled"}},
		} {
			if err := st.SaveMeetingChange(ctx, c.meeting, c.change); err != nil {
				t.Fatal(err)
			}
		}
		wantGroups := []int{3, 1, 1, 0}
		for i, u := range people {
			as := app.WithActor(ctx, &app.Actor{User: u})
			names, ms, err := a.HomeGroups(as)
			if err != nil {
				t.Fatal(err)
			}
			listedNames, listed, err := a.HomeGroupsListed(as)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(names, listedNames) || len(ms) != len(listed) {
				t.Fatalf("person %d: one statement read %v and %d meetings, the listing %v and %d", i, names, len(ms), listedNames, len(listed))
			}
			for k := range ms {
				if !reflect.DeepEqual(ms[k], listed[k]) {
					t.Errorf("person %d, meeting %d: one statement read %+v, the listing %+v", i, k, *ms[k], *listed[k])
				}
			}
			h, err := a.Home(as)
			if err != nil {
				t.Fatal(err)
			}
			if h.Groups != wantGroups[i] {
				t.Errorf("person %d: home counts %d groups, want %d", i, h.Groups, wantGroups[i])
			}
			switch i {
			case 0:
				if n := h.NextMeeting; n == nil || n.GroupName != "Morning circle" || !n.Start.Equal(time.Date(2026, 12, 9, 19, 0, 0, 0, time.UTC)) {
					t.Errorf("person 0's next meeting: %+v, want the Morning circle on Wednesday 9 December at 19:00", n)
				}
			case 1:
				if n := h.NextMeeting; n == nil || n.GroupName != "Tuesday circle" || !n.Start.Equal(moved) {
					t.Errorf("person 1's next meeting: %+v, want the Tuesday circle's moved to Thursday 10 December at 21:00", n)
				}
			default:
				if h.NextMeeting != nil {
					t.Errorf("person %d has no meeting to go to: %+v", i, h.NextMeeting)
				}
			}
		}
	})
}
