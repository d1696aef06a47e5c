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
	evenings(t, st, gid, users)
	as := func(u *model.User) context.Context { return app.WithActor(ctx, &app.Actor{User: u}) }
	fits := func(x *app.App, id string) string {
		t.Helper()
		return strings.Join(listedTo(t, x, as(users[1]), gid, id).AllowedReactions, " ")
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

// A message sent is checked once: the one check both screens its words
// (the writer's note, the crisis queue's item) and tells which reactions
// fit them on the sending node. The node that sent it answers as a node
// that never saw it, which checks the words it reads, for every kind of
// words: ordinary, a hard moment, a crisis, a shared milestone.
func TestASentMessageIsScreenedAndFittedByOneCheck(t *testing.T) {
	st, node := sharedStore(t)
	a, b := node(st), node(st)
	ctx := context.Background()
	now := time.Now().UTC()
	var users []*model.User
	for _, name := range []string{"Ana", "Bo"} {
		u, _ := newMember(t, a, strings.ToLower(name)+"@example.org", name)
		users = append(users, u)
	}
	gid := "01GROUP0000000000000000000"
	evenings(t, st, gid, users)
	as := func(u *model.User) context.Context { return app.WithActor(ctx, &app.Actor{User: u}) }
	listed := func(x *app.App, id string) app.MessageView { t.Helper(); return listedTo(t, x, as(users[1]), gid, id) }
	const every, crisis = "with_you thank_you proud", "with_you"
	for i, c := range []struct {
		body, fits, note string
		flagged          bool
	}{
		{"Day 40 today. Proud of this week.", every, "", false},
		{"cravings are so strong today I can barely stand it", every, "concern", false},
		{"I have been counting out my pills, I don't want to wake up tomorrow", crisis, "crisis", true},
		{"Sorry, that was a bad night. I am safe and with my sister now.", every, "", false},
	} {
		sctx, notes := app.WithSafety(as(users[0]))
		v, _, err := a.SendMessage(sctx, gid, "c"+string(rune('a'+i)), c.body)
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(v.AllowedReactions, " "); got != c.fits {
			t.Errorf("%q: the sender's answer lets %q be given, want %q", c.body, got, c.fits)
		}
		for name, x := range map[string]*app.App{"the sending node": a, "a node that never saw it": b} {
			if got := strings.Join(listed(x, v.ID).AllowedReactions, " "); got != c.fits {
				t.Errorf("%q on %s: Bo may give %q, want %q", c.body, name, got, c.fits)
			}
		}
		got := ""
		if n := notes.Note(); n != nil {
			got = n.Level
			if c.note == "crisis" && (!n.OfferAlert || len(n.Resources) == 0 && n.Message == "") {
				t.Errorf("%q: the crisis note offers no alert or says nothing: %+v", c.body, n)
			}
		}
		if got != c.note {
			t.Errorf("%q: the writer's note is %q, want %q", c.body, got, c.note)
		}
		flags, err := st.ListSafetyFlags(ctx, []string{"open"}, store.Keyset{}, 50)
		if err != nil {
			t.Fatal(err)
		}
		flagged := false
		for _, f := range flags {
			flagged = flagged || f.Ref == v.ID && f.Level == "crisis" && f.Surface == app.SurfaceChat
		}
		if flagged != c.flagged {
			t.Errorf("%q: in the crisis queue %v, want %v", c.body, flagged, c.flagged)
		}
	}

	// A milestone shared into the chat reads as its line in the reader's
	// language, whose reactions are every one (the words it was sent as
	// are a mark and a label, never shown).
	if _, err := a.UpdateMe(as(users[0]), func(p *model.Profile) { p.RecoveryStart = now.AddDate(0, 0, -100).Format("2006-01-02") }); err != nil {
		t.Fatal(err)
	}
	rec, err := a.Recovery(as(users[0]))
	if err != nil || len(rec.Reached) == 0 {
		t.Fatalf("no milestone reached to share: %v %+v", err, rec)
	}
	label := rec.Reached[len(rec.Reached)-1].Label
	sctx, notes := app.WithSafety(as(users[0]))
	v, err := a.ShareMilestone(sctx, gid, label)
	if err != nil {
		t.Fatal(err)
	}
	if v.Milestone == nil || v.Milestone.Label != label || notes.Note() != nil {
		t.Fatalf("the card shared is %+v (note %+v), want the milestone %q and no note", v, notes.Note(), label)
	}
	for name, x := range map[string]*app.App{"the sending node": a, "a node that never saw it": b} {
		m := listed(x, v.ID)
		if got := strings.Join(m.AllowedReactions, " "); got != every || m.Milestone == nil || !strings.Contains(m.Body, label) {
			t.Errorf("the milestone card on %s reads %q and lets Bo give %q, want the line of %q and %q", name, m.Body, got, label, every)
		}
	}
}

// evenings makes the listed group "Evenings" (gid) in st, with users as
// its members, the first its maker.
func evenings(t *testing.T, st store.Store, gid string, users []*model.User) {
	t.Helper()
	ctx, now := context.Background(), time.Now().UTC()
	if err := st.CreateGroup(ctx, &store.Group{ID: gid, Name: "Evenings", Visibility: app.GroupListed, CreatedBy: users[0].ID, CreatedAt: now, UpdatedAt: now}); err != nil {
		t.Fatal(err)
	}
	for _, u := range users {
		if err := st.SaveGroupMember(ctx, &store.GroupMember{GroupID: gid, UserID: u.ID, Role: app.RoleMember, Status: "active", GuidelinesAccepted: &now, CreatedAt: now, UpdatedAt: now}); err != nil {
			t.Fatal(err)
		}
	}
}

// listedTo is message id as node x lists it to the reader of ctx among the
// latest 50 of the chat conv.
func listedTo(t *testing.T, x *app.App, ctx context.Context, conv, id string) app.MessageView {
	t.Helper()
	page, err := x.ListMessages(ctx, conv, 0, 0, 50)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range page.Messages {
		if m.ID == id {
			return m
		}
	}
	t.Fatalf("message %s not listed", id)
	return app.MessageView{}
}
