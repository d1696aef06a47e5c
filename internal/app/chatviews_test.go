package app_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/secret"
	"github.com/kinshiprecovery/kinship/internal/store"
	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// joinSealed joins a and b as joinNodes does, each change's frame sealed
// for the other node with the key in dir, as a server's hub sends it.
func joinSealed(t *testing.T, a, b *app.App, dir string, log *slog.Logger) {
	t.Helper()
	box, _, err := secret.LoadOrCreateKey(filepath.Join(dir, "k"))
	if err != nil {
		t.Fatal(err)
	}
	hubA, hubB := joinNodes(a, b, log)
	hubA.SetSealer(box)
	hubB.SetSealer(box)
	t.Cleanup(func() { hubA.Close(); hubB.Close() })
}

// shownPage is what a page or a history shows, message by message.
func shownPage(p *app.MessagePage, err error) string {
	if err != nil {
		return "refused: " + err.Error()
	}
	var b strings.Builder
	fmt.Fprintf(&b, "last %d/%d, read %d, more %v next %d\n", p.LastSeq, p.LastChange, p.ReadSeq, p.HasMore, p.Next)
	for _, v := range p.Messages {
		fmt.Fprintf(&b, "%d %s %s %s %q %q mentions %v edited %v fits %v", v.Seq, v.Author.ID, v.Author.DisplayName, v.State, v.Body, v.Reason, v.Mentions, v.EditedAt != nil, v.AllowedReactions)
		for _, r := range v.Reactions {
			fmt.Fprintf(&b, " %s:%d%v", r.Kind, r.Count, r.MemberIDs)
		}
		b.WriteString("\n")
	}
	return b.String()
}

// A group's recent messages are kept on each node as the views its chat
// page and histories show, under the conversation's numbers each page
// reads fresh. Every write that changes what they show, made on node A,
// shows on node B's next chat page, its next history before the page and
// after a point in it, exactly as on a node that keeps nothing, for every
// member (a facilitator, those who wrote, one who blocks): a new message,
// an edit, a delete, a message held and its release, a facilitator's
// removal, a moderator's hide, reactions (on the page and further back), a
// block and its lifting, a removal from the group, a name changed (on
// SQLite, whose store tells every node over it) and an account erased. On
// SQLite the nodes hear each other's events; on PostgreSQL they do not
// (two pools on one database, no broker): the numbers alone keep B
// right. Between writes B reads no message for a page or a history again.
func TestChatViewsFollowEveryWrite(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		st := testutil.OpenStore(t, db)
		node, log := nodesWithKeyIn(t, db.DataDir)
		var reads atomic.Int64
		bst := store.Store(pageReads{st, &reads})
		if db.Name == "postgres" {
			bst = pageReads{testutil.OpenStore(t, testutil.DB{Name: "postgres", URL: db.URL}), &reads}
		}
		a, b := node(st), node(bst)
		if db.Name == "sqlite" {
			joinSealed(t, a, b, db.DataDir, log)
		}
		ctx := context.Background()
		now := time.Now().UTC()
		mk := func(email, name string, role model.Role) *model.User {
			u, err := a.AdminCreateUser(ctx, email, "steady harbor lantern", name, role)
			if err != nil {
				t.Fatal(err)
			}
			u.MFAEnabled = true // as if set up: facilitators and moderators need it
			return u
		}
		fran, ana, bo, cy := mk("fran@example.org", "Fran", model.RoleMember), mk("ana@example.org", "Ana", model.RoleMember), mk("bo@example.org", "Bo", model.RoleMember), mk("cy@example.org", "Cy", model.RoleMember)
		mod := mk("mod@example.org", "Mo", model.RoleModerator)
		as := func(u *model.User) context.Context {
			return app.WithActor(ctx, &app.Actor{User: u, Session: &model.Session{ID: "s-" + u.ID, UserID: u.ID, AuthAt: now}})
		}
		name, desc, guide, vis := "Evenings", "We talk after the kids are asleep.", "What is shared here stays here.", "listed"
		g, err := a.CreateGroup(as(fran), app.GroupInput{Name: &name, Description: &desc, Guidelines: &guide, Visibility: &vis})
		if err != nil {
			t.Fatal(err)
		}
		people := []*model.User{fran, ana, bo, cy}
		for _, u := range people[1:] {
			if _, err := a.JoinGroup(as(u), g.ID, true); err != nil {
				t.Fatal(err)
			}
		}
		words := []string{"Welcome, everyone.", "Day 40 today.", "Rough week at work, @Ana.", "Proud of you.", "I went to the Tuesday meeting & it was good <3"}
		var ids []string
		send := func(u *model.User, body string) string {
			t.Helper()
			m, _, err := a.SendMessage(as(u), g.ID, "", body)
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, m.ID)
			return m.ID
		}
		for k := range 70 {
			send(people[k%4], words[k%len(words)])
		}
		for k := 0; k < 70; k += 3 {
			if _, err := a.React(as(people[(k+1)%4]), ids[k], "with_you", true); err != nil {
				t.Fatal(err)
			}
		}

		// shown is what x shows u: the chat page, the history before it
		// and the history after a point on it.
		shown := func(x *app.App, u *model.User) string {
			_, p, err := x.GroupChat(as(u), g.ID, 0, 50)
			out := shownPage(p, err)
			if err == nil && p.HasMore {
				out += "before:\n" + shownPage(x.ListMessages(as(u), g.ID, 0, p.Next, 50))
				out += "before, 10:\n" + shownPage(x.ListMessages(as(u), g.ID, 0, p.Next+5, 10))
			}
			if err == nil && len(p.Messages) > 8 {
				out += "after:\n" + shownPage(x.ListMessages(as(u), g.ID, p.Messages[len(p.Messages)-8].Seq, 0, 50))
			}
			return out
		}
		check := func(step string) {
			t.Helper()
			for _, u := range people {
				got := shown(b, u)
				before := reads.Load()
				if again := shown(b, u); again != got {
					t.Fatalf("%s: node B shows %s one thing, then another:\n%s\nthen\n%s", step, u.Email, got, again)
				}
				if n := reads.Load() - before; n != 0 {
					t.Errorf("%s: node B read messages %d times for %s's second page and histories", step, n, u.Email)
				}
				if want := shown(node(st), u); got != want {
					t.Fatalf("%s: node B shows %s\n%s\na node keeping nothing\n%s", step, u.Email, got, want)
				}
			}
		}
		check("before anything")

		send(ana, "Back from the meeting, feeling steady.")
		check("Ana writes")
		if _, err := a.EditMessage(as(ana), ids[len(ids)-1], "Back from the meeting, feeling steady and thankful."); err != nil {
			t.Fatal(err)
		}
		check("Ana edits")
		if _, err := a.DeleteMessage(as(bo), ids[len(ids)-5], ""); err != nil {
			t.Fatal(err)
		}
		check("Bo deletes his")
		held := send(cy, "selling extra pills, hit me up on telegram")
		check("Cy's message held")
		q, _, err := a.ReportQueuePage(as(mod), app.PageRequest{Limit: 50})
		if err != nil {
			t.Fatal(err)
		}
		released := false
		for _, r := range q {
			if r.TargetID == held {
				if _, err := a.ActOnReport(as(mod), r.ID, "dismiss", ""); err != nil {
					t.Fatal(err)
				}
				released = true
			}
		}
		if !released {
			t.Fatal("no report of the held message")
		}
		check("a moderator releases it")
		if _, err := a.DeleteMessage(as(fran), ids[len(ids)-3], "Off topic here."); err != nil {
			t.Fatal(err)
		}
		check("Fran removes Ana's")
		if _, err := a.React(as(bo), ids[len(ids)-4], "thank_you", true); err != nil {
			t.Fatal(err)
		}
		check("Bo reacts")
		if _, err := a.React(as(bo), ids[len(ids)-4], "thank_you", false); err != nil {
			t.Fatal(err)
		}
		check("Bo takes it back")
		if _, err := a.React(as(ana), ids[12], "proud", true); err != nil {
			t.Fatal(err)
		}
		check("Ana reacts far back")
		rep, err := a.Report(as(ana), app.ReportInput{TargetType: "message", TargetID: ids[60], Reason: "harassment"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := a.ActOnReport(as(mod), rep.ID, "hide", "Unkind words."); err != nil {
			t.Fatal(err)
		}
		check("a moderator hides one")
		if err := a.BlockMember(as(ana), bo.ID); err != nil {
			t.Fatal(err)
		}
		check("Ana blocks Bo")
		if err := a.UnblockMember(as(ana), bo.ID); err != nil {
			t.Fatal(err)
		}
		check("Ana lifts it")
		if db.Name == "sqlite" {
			if _, err := a.UpdateMe(as(bo), func(p *model.Profile) { p.DisplayName = "Bo R." }); err != nil {
				t.Fatal(err)
			}
			check("Bo changes his name")
		}
		if err := a.ManageGroupMember(as(fran), g.ID, bo.ID, app.ManageMember{Action: "remove", Reason: "Selling in the group."}); err != nil {
			t.Fatal(err)
		}
		check("Fran removes Bo from the group")
		if err := a.DeleteMe(as(cy), "", ""); err != nil {
			t.Fatal(err)
		}
		check("Cy erases their account")
		send(ana, "Still here.")
		check("Ana writes after")
	})
}

// Pages and histories read on node B while node A writes (messages,
// edits, reactions, deletes) keep nothing that outlives the writes: once
// they stop, B's next page and history are a node keeping nothing's.
func TestChatViewsUnderConcurrentWrites(t *testing.T) {
	st, node, dir, log := sharedSQLite(t)
	a, b := node(st), node(st)
	joinSealed(t, a, b, dir, log)
	ctx := context.Background()
	now := time.Now().UTC()
	var people []*model.User
	for i, n := range []string{"Fran", "Ana", "Bo", "Cy"} {
		u, err := a.AdminCreateUser(ctx, fmt.Sprintf("p%d@example.org", i), "steady harbor lantern", n, model.RoleMember)
		if err != nil {
			t.Fatal(err)
		}
		u.MFAEnabled = i == 0 // as if set up: facilitators need it
		people = append(people, u)
	}
	as := func(u *model.User) context.Context {
		return app.WithActor(ctx, &app.Actor{User: u, Session: &model.Session{ID: "s-" + u.ID, UserID: u.ID, AuthAt: now}})
	}
	name, vis := "Evenings", "listed"
	g, err := a.CreateGroup(as(people[0]), app.GroupInput{Name: &name, Visibility: &vis})
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range people[1:] {
		if _, err := a.JoinGroup(as(u), g.ID, true); err != nil {
			t.Fatal(err)
		}
	}
	var ids []string
	by := map[string]*model.User{}
	for k := range 60 {
		m, _, err := a.SendMessage(as(people[k%4]), g.ID, "", fmt.Sprint("Message ", k))
		if err != nil {
			t.Fatal(err)
		}
		ids, by[m.ID] = append(ids, m.ID), people[k%4]
	}
	done := make(chan struct{})
	readers := make(chan error, 4)
	for _, u := range people {
		go func() {
			for {
				select {
				case <-done:
					readers <- nil
					return
				default:
				}
				_, p, err := b.GroupChat(as(u), g.ID, 0, 50)
				if err == nil && p.HasMore {
					_, err = b.ListMessages(as(u), g.ID, 0, p.Next, 50)
				}
				if err != nil {
					readers <- err
					return
				}
			}
		}()
	}
	for k := range 40 {
		u := people[k%4]
		var err error
		switch k % 4 {
		case 0:
			var m *app.MessageView
			if m, _, err = a.SendMessage(as(u), g.ID, "", fmt.Sprint("Later ", k)); err == nil {
				ids, by[m.ID] = append(ids, m.ID), u
			}
		case 1:
			_, err = a.React(as(u), ids[len(ids)-2-k%7], "with_you", true)
		case 2:
			id := ids[len(ids)-1]
			_, err = a.EditMessage(as(by[id]), id, fmt.Sprint("Edited ", k))
		case 3:
			id := ids[len(ids)-3-k%5]
			_, err = a.DeleteMessage(as(by[id]), id, "")
		}
		if e := (*model.Error)(nil); errors.As(err, &e) && e.Kind == model.KindConflict {
			err = nil // a reaction to, or an edit of, a message deleted already
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	close(done)
	for range people {
		if err := <-readers; err != nil {
			t.Fatal(err)
		}
	}
	// And one more reaction once they stopped and B read the page again:
	// it drops nothing kept.
	if _, _, err := b.GroupChat(as(people[2]), g.ID, 0, 50); err != nil {
		t.Fatal(err)
	}
	if _, err := a.React(as(people[1]), ids[len(ids)-1], "thank_you", true); err != nil {
		t.Fatal(err)
	}
	for _, u := range people {
		_, p, err := b.GroupChat(as(u), g.ID, 0, 50)
		got := shownPage(p, err)
		_, q, err := node(st).GroupChat(as(u), g.ID, 0, 50)
		if want := shownPage(q, err); got != want {
			t.Fatalf("after the writes node B shows %s\n%s\na node keeping nothing\n%s", u.Email, got, want)
		}
		got = shownPage(b.ListMessages(as(u), g.ID, 0, p.Next, 50))
		if want := shownPage(node(st).ListMessages(as(u), g.ID, 0, p.Next, 50)); got != want {
			t.Fatalf("after the writes node B's history for %s\n%s\na node keeping nothing\n%s", u.Email, got, want)
		}
	}
}
