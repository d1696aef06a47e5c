package storetest

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/store"
)

func testGroups(t *testing.T, st store.Store) {
	a := newUser(t, st, "ga@example.org")
	b := newUser(t, st, "gb@example.org")
	at := ts("2026-11-02T00:00:00Z")
	g := &store.Group{ID: "g1", Name: "Parents in recovery", Visibility: "listed", CreatedBy: a.ID, CreatedAt: at, UpdatedAt: at}
	if err := st.CreateGroup(ctx, g); err != nil {
		t.Fatal(err)
	}
	if c, err := st.FindConversation(ctx, "g1"); err != nil || c.Kind != "group" {
		t.Fatalf("a group has a conversation: %+v %v", c, err)
	}
	for _, m := range []*store.GroupMember{
		{GroupID: "g1", UserID: a.ID, Role: "facilitator", Status: "active", CreatedAt: at, UpdatedAt: at},
		{GroupID: "g1", UserID: b.ID, Role: "member", Status: "requested", CreatedAt: at, UpdatedAt: at},
	} {
		if err := st.SaveGroupMember(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	if share, _ := st.ShareActiveGroup(ctx, a.ID, b.ID); share {
		t.Fatal("a request is not membership")
	}
	b2 := &store.GroupMember{GroupID: "g1", UserID: b.ID, Role: "member", Status: "active", GuidelinesAccepted: &at, CreatedAt: at, UpdatedAt: at}
	if err := st.SaveGroupMember(ctx, b2); err != nil {
		t.Fatal(err)
	}
	if share, _ := st.ShareActiveGroup(ctx, a.ID, b.ID); !share {
		t.Fatal("both active")
	}
	got, err := st.FindGroup(ctx, "g1")
	if err != nil || got.Name != g.Name {
		t.Fatalf("find: %+v %v", got, err)
	}
	if n, err := st.CountActiveMembers(ctx, "g1"); err != nil || n != 2 {
		t.Fatalf("count: %d %v", n, err)
	}
	if list, _ := st.ListGroups(ctx, store.GroupFilter{MemberID: b.ID}); len(list) != 1 {
		t.Fatalf("groups of b: %d", len(list))
	}
	// Listed for a viewer, each group carries its count and the viewer's
	// place in the same rows: b has two unread messages of a's (not b's own).
	for i, author := range []string{a.ID, b.ID, a.ID} {
		m := &store.StoredMessage{ID: fmt.Sprint("gm", i), ConversationID: "g1", AuthorID: author, ClientID: fmt.Sprint(i), Sealed: []byte("x"), CreatedAt: at}
		if _, err := st.AppendMessage(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	mine, err := st.ListGroups(ctx, store.GroupFilter{MemberID: b.ID, Viewer: b.ID})
	if err != nil || len(mine) != 1 || mine[0].Viewer == nil {
		t.Fatalf("b's groups with b's place: %+v %v", mine, err)
	}
	if v := mine[0].Viewer; mine[0].MemberCount != 2 || v.Status != "active" || v.Role != "member" || v.LastSeq != 3 || v.Unread != 2 {
		t.Fatalf("b reads 2 members, active member, last 3, 2 unread; got %d %+v", mine[0].MemberCount, *v)
	}
	c := newUser(t, st, "gc@example.org")
	if err := st.MarkRead(ctx, "g1", b.ID, 2, at); err != nil {
		t.Fatal(err)
	}
	sameGroupChat(t, st, "g1", a.ID) // a member with no read marker
	sameGroupChat(t, st, "g1", b.ID) // a member with one
	sameGroupChat(t, st, "g1", c.ID) // a stranger
	for _, u := range []string{a.ID, b.ID, c.ID} {
		sameConversationReader(t, st, "g1", u)
	}
	// Blocks either way, and both ways between two people (read once).
	d := newUser(t, st, "gd@example.org")
	for _, bl := range [][2]string{{a.ID, c.ID}, {c.ID, b.ID}, {d.ID, a.ID}, {a.ID, d.ID}} {
		if err := st.Block(ctx, bl[0], bl[1], at); err != nil {
			t.Fatal(err)
		}
	}
	sameGroupChat(t, st, "g1", a.ID) // blocks c and d, blocked by d
	sameGroupChat(t, st, "g1", b.ID) // blocked by c
	sameGroupChat(t, st, "g1", c.ID)
	// A direct thread between a and c (each with a row, c's read), read by
	// each of them (a blocks c; c blocks b) and by b and d, who have no row there.
	if err := st.CreateConversation(ctx, &store.Conversation{ID: "gdm", Kind: "dm", Pair: a.ID + ":" + c.ID, StartedBy: a.ID, CreatedAt: at}); err != nil {
		t.Fatal(err)
	}
	for _, u := range []string{a.ID, c.ID} {
		if err := st.SaveConversationMember(ctx, &store.ConversationMember{ConversationID: "gdm", UserID: u, State: "active", UpdatedAt: at}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := st.AppendMessage(ctx, &store.StoredMessage{ID: "gdm-1", ConversationID: "gdm", AuthorID: a.ID, ClientID: "x", Sealed: []byte("x"), CreatedAt: at}); err != nil {
		t.Fatal(err)
	}
	if err := st.MarkRead(ctx, "gdm", c.ID, 1, at); err != nil {
		t.Fatal(err)
	}
	for _, conv := range []string{"g1", "gdm"} {
		for _, u := range []string{a.ID, b.ID, c.ID, d.ID} {
			sameConversationReader(t, st, conv, u)
		}
	}
	if cr, err := st.FindConversationReader(ctx, "gdm", c.ID); err != nil || cr.Reader == nil || cr.Reader.LastReadSeq != 1 || cr.Member != nil || len(cr.Blocked) != 2 {
		t.Fatalf("c's place in the thread: %+v %v", cr, err)
	}
	if _, err := st.FindConversationReader(ctx, "nope", b.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("an unknown conversation's reader: %v", err)
	}
	if gc, err := st.FindGroupChat(ctx, "g1", a.ID); err != nil || len(gc.Blocked) != 2 {
		t.Fatalf("a blocks c and d (and d blocks a): %+v %v", gc, err)
	}
	if _, err := st.FindGroupChat(ctx, "nope", b.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("an unknown group's chat: %v", err)
	}
	dir, err := st.ListGroups(ctx, store.GroupFilter{Visibility: []string{"listed"}, Viewer: c.ID})
	if err != nil || len(dir) != 1 || dir[0].Viewer.Status != "" || dir[0].Viewer.LastSeq != 0 || dir[0].MemberCount != 2 {
		t.Fatalf("a stranger reads the count and no place: %+v %v", dir, err)
	}
	got.ArchivedAt = &at
	if err := st.UpdateGroup(ctx, got); err != nil {
		t.Fatal(err)
	}
	if list, _ := st.ListGroups(ctx, store.GroupFilter{Visibility: []string{"listed"}}); len(list) != 0 {
		t.Fatalf("archived groups are not listed: %d", len(list))
	}
	// A chat page reads the archive, and an organization's group its
	// organization and audience; never the description or guidelines.
	sameGroupChat(t, st, "g1", a.ID)
	sameGroupChat(t, st, "g1", b.ID)
	og := &store.Group{ID: "g2", Name: "Alumni evenings", Description: "After the programme.", Guidelines: "Be kind.", Visibility: "private", CreatedBy: a.ID, CreatedAt: at, UpdatedAt: at, OrgID: "org1", Audience: "alumni"}
	if err := st.CreateGroup(ctx, og); err != nil {
		t.Fatal(err)
	}
	if err := st.SaveGroupMember(ctx, &store.GroupMember{GroupID: "g2", UserID: c.ID, Role: "co_facilitator", Status: "active", Reason: "x", GuidelinesAccepted: &at, CreatedAt: at, UpdatedAt: at}); err != nil {
		t.Fatal(err)
	}
	for _, u := range []string{a.ID, c.ID} {
		sameGroupChat(t, st, "g2", u)
	}
	if gc, err := st.FindGroupChat(ctx, "g2", c.ID); err != nil || gc.Group.OrgID != "org1" || gc.Group.Audience != "alumni" || gc.Group.Visibility != "private" || gc.Group.Name != og.Name ||
		gc.Group.Description != "" || gc.Member == nil || gc.Member.Role != "co_facilitator" || gc.Member.Reason != "" || gc.Conversation == nil || gc.Conversation.Kind != "group" {
		t.Fatalf("an organization's group's chat for its co-facilitator: %+v %v", gc, err)
	}
	if share, _ := st.ShareActiveGroup(ctx, a.ID, b.ID); share {
		t.Fatal("an archived group is shared by nobody")
	}
	if _, err := st.FindGroup(ctx, "nope"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("unknown group: %v", err)
	}
	if err := st.DeleteUserGroupData(ctx, b.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := st.FindGroupMember(ctx, "g1", b.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("after deletion: %v", err)
	}
}

// testLeadsGroupRemoving: a group's facilitator (or co-facilitator) and a
// person removed from it may write to each other (W9-3); the store says so
// in one statement, either way round, and for nobody else.
func testLeadsGroupRemoving(t *testing.T, st store.Store) {
	at := ts("2026-11-02T00:00:00Z")
	fay := newUser(t, st, "lr-fay@example.org")
	cora := newUser(t, st, "lr-cora@example.org")
	tom := newUser(t, st, "lr-tom@example.org")
	lina := newUser(t, st, "lr-lina@example.org")
	ned := newUser(t, st, "lr-ned@example.org")
	if err := st.CreateOrganization(ctx, &store.Organization{ID: "lr-org", Name: "Harbor", CreatedAt: at}); err != nil {
		t.Fatal(err)
	}
	if err := st.SaveOrgMember(ctx, &store.OrgMember{OrgID: "lr-org", UserID: fay.ID, Role: "client", JoinedAt: at}); err != nil {
		t.Fatal(err)
	}
	groups := []*store.Group{{ID: "lr-open", Name: "Nights"}, {ID: "lr-archived", Name: "Old", ArchivedAt: &at},
		{ID: "lr-alumni", Name: "Alumni", OrgID: "lr-org", Audience: "alumni"}, {ID: "lr-org-all", Name: "Harbor group", OrgID: "lr-org"}}
	for _, g := range groups {
		g.Visibility, g.CreatedBy, g.CreatedAt, g.UpdatedAt = "listed", fay.ID, at, at
		if err := st.CreateGroup(ctx, g); err != nil {
			t.Fatal(err)
		}
		if g.ArchivedAt != nil {
			if err := st.UpdateGroup(ctx, g); err != nil {
				t.Fatal(err)
			}
		}
	}
	// In "lr-open" Fay facilitates, Cora co-facilitates, Tom was removed,
	// Lina left and Ned is a member; in the archived group Fay removed Ned;
	// in the organization's groups Fay (a client, not alumni) removed Lina
	// from the alumni's and Ned from everyone's.
	for _, m := range []struct{ g, u, role, status string }{
		{"lr-open", fay.ID, "facilitator", "active"}, {"lr-open", cora.ID, "co_facilitator", "active"},
		{"lr-open", tom.ID, "member", "removed"}, {"lr-open", lina.ID, "member", "left"}, {"lr-open", ned.ID, "member", "active"},
		{"lr-archived", fay.ID, "facilitator", "active"}, {"lr-archived", ned.ID, "member", "removed"},
		{"lr-alumni", fay.ID, "facilitator", "active"}, {"lr-alumni", lina.ID, "member", "removed"},
		{"lr-org-all", fay.ID, "facilitator", "active"}, {"lr-org-all", cora.ID, "member", "removed"},
	} {
		if err := st.SaveGroupMember(ctx, &store.GroupMember{GroupID: m.g, UserID: m.u, Role: m.role, Status: m.status, CreatedAt: at, UpdatedAt: at}); err != nil {
			t.Fatal(err)
		}
	}
	name := map[string]string{fay.ID: "Fay", cora.ID: "Cora", tom.ID: "Tom", lina.ID: "Lina", ned.ID: "Ned"}
	for _, c := range []struct {
		a, b string
		want bool
		why  string
	}{
		{fay.ID, tom.ID, true, "Fay facilitates the group Tom was removed from"},
		{cora.ID, tom.ID, true, "Cora co-facilitates it"},
		{fay.ID, cora.ID, true, "Fay facilitates Harbor's group for everyone in it, which Cora was removed from"},
		{fay.ID, lina.ID, false, "Lina left the open group; the alumni group she was removed from is not for Fay, a client"},
		{fay.ID, ned.ID, false, "Ned is still a member; the group he was removed from is archived"},
		{tom.ID, ned.ID, false, "neither leads a group"},
		{cora.ID, lina.ID, false, "Lina left; nobody removed her"},
	} {
		for _, ab := range [][2]string{{c.a, c.b}, {c.b, c.a}} {
			got, err := st.LeadsGroupRemovingEither(ctx, ab[0], ab[1])
			if err != nil || got != c.want {
				t.Errorf("%s and %s: %v %v, want %v (%s)", name[ab[0]], name[ab[1]], got, err, c.want, c.why)
			}
		}
	}
}

func testChatSequence(t *testing.T, st store.Store) {
	a := newUser(t, st, "sa@example.org")
	b := newUser(t, st, "sb@example.org")
	at := ts("2026-11-02T00:00:00Z")
	if err := st.CreateConversation(ctx, &store.Conversation{ID: "dm1", Kind: "dm", Pair: a.ID + ":" + b.ID, StartedBy: a.ID, CreatedAt: at}); err != nil {
		t.Fatal(err)
	}
	if err := st.CreateConversation(ctx, &store.Conversation{ID: "dm2", Kind: "dm", Pair: a.ID + ":" + b.ID, CreatedAt: at}); !errors.Is(err, store.ErrConflict) {
		t.Fatalf("one thread per pair: %v", err)
	}
	for i := 1; i <= 5; i++ {
		m := &store.StoredMessage{ID: fmt.Sprintf("m%d", i), ConversationID: "dm1", AuthorID: a.ID, ClientID: fmt.Sprintf("c%d", i), Sealed: []byte{byte(i)}, CreatedAt: at}
		if existing, err := st.AppendMessage(ctx, m); err != nil || existing || m.Seq != int64(i) || m.Change != int64(i) {
			t.Fatalf("append %d: seq %d change %d existing %v %v", i, m.Seq, m.Change, existing, err)
		}
	}
	again := &store.StoredMessage{ID: "other", ConversationID: "dm1", AuthorID: a.ID, ClientID: "c3", Sealed: []byte{9}, CreatedAt: at}
	if existing, err := st.AppendMessage(ctx, again); err != nil || !existing || again.ID != "m3" || again.Seq != 3 {
		t.Fatalf("a retried client id returns the stored message: %+v %v %v", again, existing, err)
	}
	// Another author may use the same client ID.
	other := &store.StoredMessage{ID: "m6", ConversationID: "dm1", AuthorID: b.ID, ClientID: "c3", CreatedAt: at}
	if existing, err := st.AppendMessage(ctx, other); err != nil || existing || other.Seq != 6 {
		t.Fatalf("other author: %+v %v", other, err)
	}
	if change, changed, err := st.SetReaction(ctx, "m2", b.ID, "with_you", true, at); err != nil || !changed || change != 7 {
		t.Fatalf("react: %d %v %v", change, changed, err)
	}
	if _, changed, _ := st.SetReaction(ctx, "m2", b.ID, "with_you", true, at); changed {
		t.Fatal("a repeated reaction changes nothing")
	}
	m2, err := st.FindMessage(ctx, "m2")
	if err != nil || len(m2.Reactions["with_you"]) != 1 || m2.Change != 7 {
		t.Fatalf("find: %+v %v", m2, err)
	}
	m2.State, m2.Sealed, m2.EditedAt = "deleted", nil, &at
	if err := st.UpdateMessage(ctx, m2); err != nil || m2.Change != 8 {
		t.Fatalf("update: %d %v", m2.Change, err)
	}
	page, err := st.ListMessages(ctx, "dm1", 2, 0, 2, false)
	if err != nil || len(page) != 2 || page[0].Seq != 3 || page[1].Seq != 4 {
		t.Fatalf("after 2: %v", err)
	}
	last, _ := st.ListMessages(ctx, "dm1", 0, 0, 2, true)
	if len(last) != 2 || last[0].Seq != 5 || last[1].Seq != 6 {
		t.Fatalf("newest: %+v", last)
	}
	before, _ := st.ListMessages(ctx, "dm1", 0, 3, 10, true)
	if len(before) != 2 || before[0].Seq != 1 {
		t.Fatalf("before 3: %+v", before)
	}
	changed, _ := st.ListChangedMessages(ctx, "dm1", 6, 0, 10)
	if len(changed) != 1 || changed[0].ID != "m2" || changed[0].State != "deleted" {
		t.Fatalf("changes after 6: %+v", changed)
	}
	if err := st.MarkRead(ctx, "dm1", b.ID, 4, at); err != nil {
		t.Fatal(err)
	}
	if err := st.MarkRead(ctx, "dm1", b.ID, 2, at); err != nil {
		t.Fatal(err)
	}
	if m, err := st.FindConversationMember(ctx, "dm1", b.ID); err != nil || m.LastReadSeq != 4 {
		t.Fatalf("read markers never move back: %+v %v", m, err)
	}
	c, _ := st.FindConversation(ctx, "dm1")
	if c.LastSeq != 6 || c.LastChange != 8 {
		t.Fatalf("counters: %+v", c)
	}
}

// testChatConcurrent proves concurrent senders get distinct, gapless
// sequence numbers and that a retried client ID is stored once.
func testChatConcurrent(t *testing.T, st store.Store) {
	a := newUser(t, st, "cc@example.org")
	at := ts("2026-11-02T00:00:00Z")
	if err := st.CreateConversation(ctx, &store.Conversation{ID: "cc", Kind: "group", CreatedAt: at}); err != nil {
		t.Fatal(err)
	}
	const n = 40
	var wg sync.WaitGroup
	seqs := make(chan int64, 2*n)
	for i := 0; i < 2*n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			m := &store.StoredMessage{ID: fmt.Sprintf("cc%d", i), ConversationID: "cc", AuthorID: a.ID, ClientID: fmt.Sprintf("k%d", i%n), CreatedAt: at}
			if _, err := st.AppendMessage(ctx, m); err != nil {
				t.Error(err)
				return
			}
			seqs <- m.Seq
		}(i)
	}
	wg.Wait()
	close(seqs)
	seen := map[int64]int{}
	for s := range seqs {
		seen[s]++
	}
	if len(seen) != n {
		t.Fatalf("%d distinct sequence numbers, want %d", len(seen), n)
	}
	for s := int64(1); s <= n; s++ {
		if seen[s] != 2 {
			t.Fatalf("seq %d seen %d times", s, seen[s])
		}
	}
}

func testGroupMeetings(t *testing.T, st store.Store) {
	a := newUser(t, st, "gm@example.org")
	at := ts("2026-11-02T00:00:00Z")
	if err := st.CreateGroup(ctx, &store.Group{ID: "gm", Name: "Evenings", Visibility: "listed", CreatedBy: a.ID, CreatedAt: at, UpdatedAt: at}); err != nil {
		t.Fatal(err)
	}
	m := &store.GroupMeeting{ID: "mt", GroupID: "gm", Title: "Weekly", StartLocal: "2026-12-01T19:00", TimeZone: "America/Chicago", DurationMinutes: 60,
		Recurrence: `{"freq":"weekly","weekdays":["tue"]}`, CreatedBy: a.ID, CreatedAt: at, UpdatedAt: at}
	if err := st.CreateGroupMeeting(ctx, m); err != nil {
		t.Fatal(err)
	}
	occ := ts("2026-12-09T01:00:00Z")
	moved := occ.Add(24 * time.Hour)
	if err := st.SaveMeetingChange(ctx, "mt", store.MeetingChange{OriginalStart: occ, Kind: "cancelled"}); err != nil {
		t.Fatal(err)
	}
	if err := st.SaveMeetingChange(ctx, "mt", store.MeetingChange{OriginalStart: occ, Kind: "moved", NewStart: &moved}); err != nil {
		t.Fatal(err)
	}
	got, err := st.FindGroupMeeting(ctx, "mt")
	if err != nil || len(got.Changes) != 1 || got.Changes[0].Kind != "moved" || !got.Changes[0].NewStart.Equal(moved) {
		t.Fatalf("find: %+v %v", got, err)
	}
	if err := st.SaveRSVP(ctx, &store.RSVP{MeetingID: "mt", Occurrence: occ, UserID: a.ID, Status: "going", UpdatedAt: at}); err != nil {
		t.Fatal(err)
	}
	if err := st.SaveRSVP(ctx, &store.RSVP{MeetingID: "mt", Occurrence: occ, UserID: a.ID, Status: "going", Attended: true, UpdatedAt: at}); err != nil {
		t.Fatal(err)
	}
	if rs, _ := st.ListRSVPs(ctx, "mt", occ); len(rs) != 1 || !rs[0].Attended {
		t.Fatalf("rsvps: %+v", rs)
	}
	for i, want := range []bool{true, false} {
		if claimed, err := st.ClaimMeetingReminder(ctx, "mt", occ, at); err != nil || claimed != want {
			t.Fatalf("claim %d: %v %v", i, claimed, err)
		}
	}
	if err := st.CreateCalendarFeed(ctx, &store.CalendarFeed{TokenHash: "h", UserID: a.ID, Scope: "member", CreatedAt: at}); err != nil {
		t.Fatal(err)
	}
	if f, err := st.FindCalendarFeed(ctx, "h"); err != nil || f.UserID != a.ID {
		t.Fatalf("feed: %+v %v", f, err)
	}
	if err := st.DeleteCalendarFeeds(ctx, a.ID, "member"); err != nil {
		t.Fatal(err)
	}
	if _, err := st.FindCalendarFeed(ctx, "h"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("revoked: %v", err)
	}
	// The home page's one read of a member's groups and their meetings:
	// a's groups are gm (one meeting, one change), gx (two meetings, one
	// with two changes, one deleted meeting), gn (none), an
	// organization's group for its alumni (a is a client there: not
	// shown) and one for everyone in it; a asked to join gr, gy is
	// archived, gz is someone else's.
	b := newUser(t, st, "gm-b@example.org")
	if err := st.CreateOrganization(ctx, &store.Organization{ID: "org-gm", Name: "Harbor", CreatedAt: at}); err != nil {
		t.Fatal(err)
	}
	if err := st.SaveOrgMember(ctx, &store.OrgMember{OrgID: "org-gm", UserID: a.ID, Role: "client", JoinedAt: at}); err != nil {
		t.Fatal(err)
	}
	for i, g := range []*store.Group{
		{ID: "gx", Name: "Mornings"}, {ID: "gn", Name: "Quiet"}, {ID: "gr", Name: "Asked"}, {ID: "gy", Name: "Archived", ArchivedAt: &at},
		{ID: "gz", Name: "Not mine"}, {ID: "go-alumni", Name: "Alumni", OrgID: "org-gm", Audience: "alumni"}, {ID: "go-all", Name: "Harbor group", OrgID: "org-gm"},
	} {
		g.Visibility, g.CreatedBy = "listed", a.ID
		g.CreatedAt, g.UpdatedAt = at.Add(time.Duration(i+1)*time.Minute), at
		if err := st.CreateGroup(ctx, g); err != nil {
			t.Fatal(err)
		}
		if g.ArchivedAt != nil {
			if err := st.UpdateGroup(ctx, g); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, gm := range [][3]string{{"gm", a.ID, "active"}, {"gx", a.ID, "active"}, {"gn", a.ID, "active"}, {"gr", a.ID, "requested"},
		{"gy", a.ID, "active"}, {"gz", b.ID, "active"}, {"go-alumni", a.ID, "active"}, {"go-all", a.ID, "active"}} {
		if err := st.SaveGroupMember(ctx, &store.GroupMember{GroupID: gm[0], UserID: gm[1], Role: "member", Status: gm[2], CreatedAt: at, UpdatedAt: at}); err != nil {
			t.Fatal(err)
		}
	}
	for i, mt := range []struct{ id, group string }{{"mx1", "gx"}, {"mx2", "gx"}, {"mx-gone", "gx"}, {"my", "gy"}, {"mz", "gz"}, {"mo", "go-alumni"}, {"ma", "go-all"}} {
		m := &store.GroupMeeting{ID: mt.id, GroupID: mt.group, Title: "Meeting " + mt.id, StartLocal: "2026-12-02T08:00", TimeZone: "Europe/London", DurationMinutes: 45,
			Recurrence: `{"freq":"weekly","weekdays":["wed"]}`, OnlineURL: "https://meet.example/" + mt.id, Place: "Hall", Sequence: i, CreatedBy: a.ID, CreatedAt: at.Add(-time.Duration(i) * time.Hour), UpdatedAt: at}
		if mt.id == "mx-gone" {
			m.DeletedAt = &at
		}
		if err := st.CreateGroupMeeting(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range []struct {
		meeting string
		day     int
		moved   bool
	}{{"mx2", 16, true}, {"mx2", 9, false}, {"mx-gone", 9, false}, {"ma", 23, false}} {
		mc := store.MeetingChange{OriginalStart: ts(fmt.Sprintf("2026-12-%02dT08:00:00Z", c.day)), Kind: "cancelled"}
		if c.moved {
			to := mc.OriginalStart.Add(2 * time.Hour)
			mc.Kind, mc.NewStart = "moved", &to
		}
		if err := st.SaveMeetingChange(ctx, c.meeting, mc); err != nil {
			t.Fatal(err)
		}
	}
	mine := sameMyGroupMeetings(t, st, a.ID)
	if len(mine.Groups) != 4 || len(mine.Meetings) != 4 {
		t.Fatalf("a reads gm, gx, gn and go-all with their four live meetings: %d groups, %d meetings", len(mine.Groups), len(mine.Meetings))
	}
	sameMyGroupMeetings(t, st, b.ID)
	if none := sameMyGroupMeetings(t, st, "nobody"); len(none.Groups) != 0 || len(none.Meetings) != 0 {
		t.Fatalf("someone in no group: %+v", none)
	}
	got.DeletedAt = &at
	if err := st.UpdateGroupMeeting(ctx, got); err != nil {
		t.Fatal(err)
	}
	if list, _ := st.ListGroupMeetings(ctx, []string{"gm"}); len(list) != 0 {
		t.Fatalf("deleted meetings are not listed: %d", len(list))
	}
	if mine := sameMyGroupMeetings(t, st, a.ID); len(mine.Groups) != 4 || len(mine.Meetings) != 3 {
		t.Fatalf("gm's meeting deleted: %d groups, %d meetings", len(mine.Groups), len(mine.Meetings))
	}
}

// sameMyGroupMeetings wants ListMyGroupMeetings to read the groups
// ListGroups lists for the member (their ids and names) and the meetings
// ListGroupMeetings returns for those groups, in its order.
func sameMyGroupMeetings(t *testing.T, st store.Store, userID string) *store.MyGroupMeetings {
	t.Helper()
	mg, err := st.ListMyGroupMeetings(ctx, userID)
	if err != nil {
		t.Fatal(err)
	}
	groups, err := st.ListGroups(ctx, store.GroupFilter{MemberID: userID, Viewer: userID})
	if err != nil {
		t.Fatal(err)
	}
	var want, got []string
	var ids []string
	for _, g := range groups {
		want = append(want, g.ID+" "+g.Name+" "+g.CreatedAt.String())
		ids = append(ids, g.ID)
	}
	for _, g := range mg.Groups {
		got = append(got, g.ID+" "+g.Name+" "+g.CreatedAt.String())
	}
	slices.Sort(want)
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("groups of %s: one statement read %q, ListGroups %q", userID, got, want)
	}
	var ms []*store.GroupMeeting
	if len(ids) > 0 {
		if ms, err = st.ListGroupMeetings(ctx, ids); err != nil {
			t.Fatal(err)
		}
	}
	if len(ms) != len(mg.Meetings) {
		t.Fatalf("meetings of %s: one statement read %d, ListGroupMeetings %d", userID, len(mg.Meetings), len(ms))
	}
	for i := range ms {
		if !reflect.DeepEqual(mg.Meetings[i], ms[i]) {
			t.Errorf("meeting %d of %s: one statement read %+v, ListGroupMeetings %+v", i, userID, *mg.Meetings[i], *ms[i])
		}
	}
	return mg
}

// sameGroupChat wants FindGroupChat to read what FindGroup,
// FindGroupMember, FindConversation, FindConversationMember and
// ListBlockedEitherWay read, of the fields store.GroupChat names (a
// chat page uses no other), and every other field zero.
func sameGroupChat(t *testing.T, st store.Store, groupID, userID string) {
	t.Helper()
	gc, err := st.FindGroupChat(ctx, groupID, userID)
	if err != nil {
		t.Fatalf("group chat of %s for %s: %v", groupID, userID, err)
	}
	g, m, c, cm := gc.Group, gc.Member, gc.Conversation, gc.Reader
	wb, err := st.ListBlockedEitherWay(ctx, userID)
	if err != nil {
		t.Fatal(err)
	}
	blocked := slices.Sorted(slices.Values(gc.Blocked))
	wb = slices.Sorted(slices.Values(wb))
	if len(blocked) == 0 {
		blocked = nil
	}
	if len(wb) == 0 {
		wb = nil
	}
	wg, err := st.FindGroup(ctx, groupID)
	if err != nil {
		t.Fatal(err)
	}
	wm, err := st.FindGroupMember(ctx, groupID, userID)
	if errors.Is(err, store.ErrNotFound) {
		wm = nil
	} else if err != nil {
		t.Fatal(err)
	}
	wc, err := st.FindConversation(ctx, groupID)
	if err != nil {
		t.Fatal(err)
	}
	wcm, err := st.FindConversationMember(ctx, groupID, userID)
	if errors.Is(err, store.ErrNotFound) {
		wcm = nil
	} else if err != nil {
		t.Fatal(err)
	}
	// What a chat page uses of each row.
	wg = &store.Group{ID: wg.ID, Name: wg.Name, Visibility: wg.Visibility, ArchivedAt: wg.ArchivedAt, OrgID: wg.OrgID, Audience: wg.Audience}
	if wm != nil {
		wm = &store.GroupMember{GroupID: wm.GroupID, UserID: wm.UserID, Role: wm.Role, Status: wm.Status}
	}
	wc = &store.Conversation{ID: wc.ID, Kind: wc.Kind, Pair: wc.Pair, LastSeq: wc.LastSeq, LastChange: wc.LastChange}
	if wcm != nil {
		wcm = &store.ConversationMember{ConversationID: wcm.ConversationID, UserID: wcm.UserID, State: wcm.State, LastReadSeq: wcm.LastReadSeq}
	}
	for _, p := range []struct {
		what      string
		got, want any
	}{{"group", g, wg}, {"member", m, wm}, {"conversation", c, wc}, {"read marker", cm, wcm}, {"blocks either way", blocked, wb}} {
		if !reflect.DeepEqual(p.got, p.want) {
			t.Errorf("%s for %s: one statement read %+v, the five reads %+v", p.what, userID, p.got, p.want)
		}
	}
}

// sameConversationReader wants FindConversationReader to read what
// FindConversation, FindConversationMember, FindGroupMember (for a group's
// conversation) and ListBlockedEitherWay read, of the fields
// store.ConversationReader names (a history uses no other), and every
// other field zero.
func sameConversationReader(t *testing.T, st store.Store, convID, userID string) {
	t.Helper()
	cr, err := st.FindConversationReader(ctx, convID, userID)
	if err != nil {
		t.Fatalf("reader of %s for %s: %v", convID, userID, err)
	}
	wc, err := st.FindConversation(ctx, convID)
	if err != nil {
		t.Fatal(err)
	}
	wcm, err := st.FindConversationMember(ctx, convID, userID)
	if errors.Is(err, store.ErrNotFound) {
		wcm = nil
	} else if err != nil {
		t.Fatal(err)
	}
	var wm *store.GroupMember
	if wc.Kind == "group" {
		if wm, err = st.FindGroupMember(ctx, convID, userID); errors.Is(err, store.ErrNotFound) {
			wm = nil
		} else if err != nil {
			t.Fatal(err)
		}
	}
	wb, err := st.ListBlockedEitherWay(ctx, userID)
	if err != nil {
		t.Fatal(err)
	}
	blocked := slices.Sorted(slices.Values(cr.Blocked))
	wb = slices.Sorted(slices.Values(wb))
	if len(blocked) == 0 {
		blocked = nil
	}
	if len(wb) == 0 {
		wb = nil
	}
	// What a history uses of each row.
	wc = &store.Conversation{ID: wc.ID, Kind: wc.Kind, Pair: wc.Pair, LastSeq: wc.LastSeq, LastChange: wc.LastChange}
	if wcm != nil {
		wcm = &store.ConversationMember{ConversationID: wcm.ConversationID, UserID: wcm.UserID, State: wcm.State, LastReadSeq: wcm.LastReadSeq}
	}
	if wm != nil {
		wm = &store.GroupMember{GroupID: wm.GroupID, UserID: wm.UserID, Role: wm.Role, Status: wm.Status}
	}
	for _, p := range []struct {
		what      string
		got, want any
	}{{"conversation", cr.Conversation, wc}, {"read marker", cr.Reader, wcm}, {"member", cr.Member, wm}, {"blocks either way", blocked, wb}} {
		if !reflect.DeepEqual(p.got, p.want) {
			t.Errorf("%s of %s for %s: one statement read %+v, the separate reads %+v", p.what, convID, userID, p.got, p.want)
		}
	}
}

// testInboxThreads wants ListInboxThreads to read in one statement what
// the inbox read thread by thread: each thread's conversation, the other
// person's row, a block either way and the unread count, in the order and
// pages ListUserConversations gave.
func testInboxThreads(t *testing.T, st store.Store) {
	me := newUser(t, st, "ia@example.org")
	others := []*model.User{newUser(t, st, "ib@example.org"), newUser(t, st, "ic@example.org"), newUser(t, st, "id@example.org"), newUser(t, st, "ie@example.org")}
	pair := func(x, y string) string {
		if x > y {
			x, y = y, x
		}
		return x + ":" + y
	}
	// it1: both active, three messages from the other, one read; it2: a
	// request to me with one message; it3: mine, the other blocks me;
	// it4: opened by the other, nothing written (left out).
	threads := []struct {
		id, other, mine, theirs, starter string
		from                             []string // authors of its messages, in order
		read                             int64
	}{
		{"it1", others[0].ID, "active", "active", me.ID, []string{others[0].ID, me.ID, others[0].ID, others[0].ID}, 2},
		{"it2", others[1].ID, "request", "active", others[1].ID, []string{others[1].ID}, 0},
		{"it3", others[2].ID, "active", "request", me.ID, []string{me.ID}, 0},
		{"it4", others[3].ID, "active", "active", others[3].ID, nil, 0},
	}
	for i, th := range threads {
		at := ts(fmt.Sprintf("2026-11-0%dT00:00:00Z", i+1))
		if err := st.CreateConversation(ctx, &store.Conversation{ID: th.id, Kind: "dm", Pair: pair(me.ID, th.other), StartedBy: th.starter, CreatedAt: at}); err != nil {
			t.Fatal(err)
		}
		for _, m := range []*store.ConversationMember{
			{ConversationID: th.id, UserID: me.ID, State: th.mine, UpdatedAt: at},
			{ConversationID: th.id, UserID: th.other, State: th.theirs, UpdatedAt: at.Add(time.Second)},
		} {
			if err := st.SaveConversationMember(ctx, m); err != nil {
				t.Fatal(err)
			}
		}
		for k, author := range th.from {
			m := &store.StoredMessage{ID: fmt.Sprint(th.id, "-", k), ConversationID: th.id, AuthorID: author, ClientID: fmt.Sprint(k), Sealed: []byte{1}, CreatedAt: at.Add(time.Duration(k) * time.Minute)}
			if _, err := st.AppendMessage(ctx, m); err != nil {
				t.Fatal(err)
			}
		}
		if th.read > 0 {
			if err := st.MarkRead(ctx, th.id, me.ID, th.read, at); err != nil {
				t.Fatal(err)
			}
		}
	}
	// A hidden message is not unread.
	hidden, err := st.FindMessage(ctx, "it1-3")
	if err != nil {
		t.Fatal(err)
	}
	hidden.State = "removed"
	if err := st.UpdateMessage(ctx, hidden); err != nil {
		t.Fatal(err)
	}
	if err := st.Block(ctx, others[2].ID, me.ID, ts("2026-11-05T00:00:00Z")); err != nil {
		t.Fatal(err)
	}
	// A group's read marker is not a thread.
	if err := st.CreateConversation(ctx, &store.Conversation{ID: "ig", Kind: "group", CreatedAt: ts("2026-11-06T00:00:00Z")}); err != nil {
		t.Fatal(err)
	}
	if err := st.MarkRead(ctx, "ig", me.ID, 0, ts("2026-11-06T00:00:00Z")); err != nil {
		t.Fatal(err)
	}

	all, err := st.ListInboxThreads(ctx, me.ID, []string{"active", "request"}, store.Keyset{}, 10)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range all {
		got = append(got, e.ConversationID)
		sameInboxThread(t, st, me.ID, e)
	}
	if want := []string{"it3", "it2", "it1"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("threads, newest first: %v, want %v", got, want)
	}
	for _, w := range []struct {
		id      string
		unread  int64
		blocked bool
		theirs  string
	}{{"it3", 0, true, "request"}, {"it2", 1, false, "active"}, {"it1", 1, false, "active"}} {
		e := all[slices.IndexFunc(all, func(e *store.InboxEntry) bool { return e.ConversationID == w.id })]
		if e.Unread != w.unread || e.Blocked != w.blocked || e.Theirs == nil || e.Theirs.State != w.theirs {
			t.Errorf("%s: unread %d blocked %v theirs %+v, want %d %v %s", w.id, e.Unread, e.Blocked, e.Theirs, w.unread, w.blocked, w.theirs)
		}
	}
	// Pages and states as before.
	first, err := st.ListInboxThreads(ctx, me.ID, []string{"active", "request"}, store.Keyset{}, 2)
	if err != nil || len(first) != 2 || first[1].ConversationID != "it2" {
		t.Fatalf("first page: %d %v", len(first), err)
	}
	rest, err := st.ListInboxThreads(ctx, me.ID, []string{"active", "request"}, store.Keyset{At: first[1].ActiveAt, ID: first[1].ConversationID}, 2)
	if err != nil || len(rest) != 1 || rest[0].ConversationID != "it1" {
		t.Fatalf("second page: %+v %v", rest, err)
	}
	requests, err := st.ListInboxThreads(ctx, me.ID, []string{"request"}, store.Keyset{}, 10)
	if err != nil || len(requests) != 1 || requests[0].ConversationID != "it2" {
		t.Fatalf("requests: %+v %v", requests, err)
	}
	opener, err := st.ListInboxThreads(ctx, others[3].ID, []string{"active"}, store.Keyset{}, 10)
	if err != nil || len(opener) != 1 || opener[0].ConversationID != "it4" {
		t.Fatalf("a thread opened and not written in is its opener's alone: %+v %v", opener, err)
	}
	sameInboxThread(t, st, others[3].ID, opener[0])
	for _, u := range append([]*model.User{me}, others...) {
		sameLayout(t, st, u.ID)
	}
}

// sameLayout wants FindLayout, with and without the place and the blocks, to read what
// CountUnread, ListDMUnread, ListBlockedEitherWay and FindPlace read.
func sameLayout(t *testing.T, st store.Store, userID string) {
	t.Helper()
	n, err := st.CountUnread(ctx, userID)
	if err != nil {
		t.Fatal(err)
	}
	dms, err := st.ListDMUnread(ctx, userID)
	if err != nil {
		t.Fatal(err)
	}
	blocked, err := st.ListBlockedEitherWay(ctx, userID)
	if err != nil {
		t.Fatal(err)
	}
	place, err := st.FindPlace(ctx, userID)
	if errors.Is(err, store.ErrNotFound) {
		place = nil
	} else if err != nil {
		t.Fatal(err)
	}
	byID := func(a, b store.DMUnread) int { return strings.Compare(a.ConversationID, b.ConversationID) }
	slices.SortFunc(dms, byID)
	slices.Sort(blocked)
	for _, shape := range [][2]bool{{false, true}, {true, true}, {false, false}, {true, false}} {
		withPlace, withBlocks := shape[0], shape[1]
		l, err := st.FindLayout(ctx, userID, withPlace, withBlocks)
		if err != nil {
			t.Fatal(err)
		}
		slices.SortFunc(l.DMs, byID)
		slices.Sort(l.Blocked)
		wantBlocked := blocked
		if !withBlocks {
			wantBlocked = nil
		}
		if l.Notifications != n || !reflect.DeepEqual(l.DMs, dms) || !slices.Equal(l.Blocked, wantBlocked) {
			t.Errorf("layout of %s (place %v, blocks %v): %d %+v %v, the single reads %d %+v %v", userID, withPlace, withBlocks, l.Notifications, l.DMs, l.Blocked, n, dms, wantBlocked)
		}
		switch {
		case !withPlace && l.Place != nil:
			t.Errorf("layout of %s without its place: %+v", userID, l.Place)
		case withPlace && (place == nil) != (l.Place == nil):
			t.Errorf("layout of %s: place %+v, FindPlace %+v", userID, l.Place, place)
		case withPlace && place != nil && (l.Place.TimeZone != place.TimeZone || !bytes.Equal(l.Place.CountrySealed, place.CountrySealed) || !l.Place.UpdatedAt.Equal(place.UpdatedAt)):
			t.Errorf("layout of %s: place %+v, FindPlace %+v", userID, l.Place, place)
		}
	}
}

// sameInboxThread wants e to be what the single reads of its thread say.
func sameInboxThread(t *testing.T, st store.Store, userID string, e *store.InboxEntry) {
	t.Helper()
	c, err := st.FindConversation(ctx, e.ConversationID)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(&e.Conversation, c) {
		t.Errorf("%s: one statement read %+v, FindConversation %+v", e.ConversationID, e.Conversation, *c)
	}
	mine, err := st.FindConversationMember(ctx, e.ConversationID, userID)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(&e.ConversationMember, mine) {
		t.Errorf("%s: my row %+v, FindConversationMember %+v", e.ConversationID, e.ConversationMember, *mine)
	}
	other := strings.TrimPrefix(strings.TrimSuffix(c.Pair, ":"+userID), userID+":")
	theirs, err := st.FindConversationMember(ctx, e.ConversationID, other)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(e.Theirs, theirs) {
		t.Errorf("%s: their row %+v, FindConversationMember %+v", e.ConversationID, e.Theirs, theirs)
	}
	if blocked, err := st.Blocked(ctx, userID, other); err != nil || blocked != e.Blocked {
		t.Errorf("%s: blocked %v, Blocked %v %v", e.ConversationID, e.Blocked, blocked, err)
	}
	if n, err := st.CountUnreadMessages(ctx, e.ConversationID, userID, mine.LastReadSeq); err != nil || n != e.Unread {
		t.Errorf("%s: unread %d, CountUnreadMessages %d %v", e.ConversationID, e.Unread, n, err)
	}
}
