package app_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/mail"
	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/secret"
	"github.com/kinshiprecovery/kinship/internal/store"
	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// TestUnreadMessagesCountsWhatTheInboxShows: the count beside the
// Messages tab (UnreadMessages, read in two queries on every page) is the
// inbox's: the unread of each thread plus one for each request waiting
// with a message, leaving out ignored requests, requests with nothing in
// them yet, threads with someone either side blocks, one's own messages
// and messages no longer shown. A thread's page (InboxThread) finds a
// thread exactly when the inbox lists it, as it lists it. Checked against
// ListInbox for each person as the threads change.
func TestUnreadMessagesCountsWhatTheInboxShows(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		ctx := context.Background()
		a, st, at := plainApp(t, db)
		var people []*model.User
		for i, name := range []string{"Ana", "Bo", "Cy", "Di", "Ed", "Flo", "Gus"} {
			u := &model.User{ID: fmt.Sprintf("01U%023d", i), Email: fmt.Sprintf("%s@example.org", name), PasswordHash: "x", Role: model.RoleMember, CreatedAt: at}
			if err := st.CreateUser(ctx, u); err != nil {
				t.Fatal(err)
			}
			people = append(people, u)
		}
		ana := people[0]
		seq := 0
		var convs []string
		// thread starts a thread between ana and other, ana's side in
		// mine and theirs in theirs, with the messages by (0 ana, 1 the
		// other) in each state.
		thread := func(other *model.User, mine, theirs string, msgs ...struct {
			by    int
			state string
		}) string {
			x, y := ana.ID, other.ID
			if x > y {
				x, y = y, x
			}
			c := &store.Conversation{ID: fmt.Sprintf("01C%023d", seq), Kind: "dm", Pair: x + ":" + y, StartedBy: other.ID, CreatedAt: at}
			seq++
			convs = append(convs, c.ID)
			if err := st.CreateConversation(ctx, c); err != nil {
				t.Fatal(err)
			}
			for _, m := range []*store.ConversationMember{{ConversationID: c.ID, UserID: ana.ID, State: mine, UpdatedAt: at}, {ConversationID: c.ID, UserID: other.ID, State: theirs, UpdatedAt: at}} {
				if err := st.SaveConversationMember(ctx, m); err != nil {
					t.Fatal(err)
				}
			}
			for k, m := range msgs {
				author := ana.ID
				if m.by == 1 {
					author = other.ID
				}
				sm := &store.StoredMessage{ID: fmt.Sprintf("01M%011d%012d", seq, k), ConversationID: c.ID, AuthorID: author, ClientID: fmt.Sprint(seq, k), Sealed: []byte("x"), Kind: "text", CreatedAt: at}
				if _, err := st.AppendMessage(ctx, sm); err != nil {
					t.Fatal(err)
				}
				if m.state != "visible" {
					sm.State = m.state
					if err := st.UpdateMessage(ctx, sm); err != nil {
						t.Fatal(err)
					}
				}
			}
			return c.ID
		}
		type msg = struct {
			by    int
			state string
		}
		counts := func(u *model.User) (inbox, nav int) {
			as := app.WithActor(ctx, &app.Actor{User: u})
			in, err := a.ListInbox(as)
			if err != nil {
				t.Fatal(err)
			}
			inbox = len(in.Requests)
			for _, th := range in.Threads {
				inbox += int(th.Unread)
			}
			nav = a.UnreadMessages(as)
			// Every page's layout reads it with the other counts in one
			// statement: the same count.
			for _, place := range []bool{false, true} {
				if l := a.Layout(as, place); l.Messages != nav || l.Notifications != a.UnreadCount(as) {
					t.Errorf("%s's layout (place %v) counts %d messages and %d notifications, UnreadMessages %d and UnreadCount %d", u.Email, place, l.Messages, l.Notifications, nav, a.UnreadCount(as))
				}
			}
			return inbox, nav
		}
		check := func(when string, want int) {
			t.Helper()
			for _, u := range people {
				inbox, nav := counts(u)
				if inbox != nav {
					t.Errorf("%s: %s's Messages tab counts %d, the inbox shows %d", when, u.Email, nav, inbox)
				}
				if u == ana && nav != want {
					t.Errorf("%s: Ana's Messages tab counts %d, want %d", when, nav, want)
				}
				// A thread's page finds it as the inbox lists it, or not at all.
				as := app.WithActor(ctx, &app.Actor{User: u})
				in, err := a.ListInbox(as)
				if err != nil {
					t.Fatal(err)
				}
				listed := map[string]app.ThreadView{}
				for _, th := range append(in.Threads, in.Requests...) {
					listed[th.ID] = th
				}
				for _, id := range append(convs, "01NOSUCHTHREAD0000000000000") {
					th, err := a.InboxThread(as, id)
					want, ok := listed[id]
					switch {
					case ok && (err != nil || fmt.Sprint(*th) != fmt.Sprint(want)):
						t.Errorf("%s: %s's thread %s: %v %v, the inbox lists %+v", when, u.Email, id, th, err, want)
					case !ok && err == nil:
						t.Errorf("%s: %s's thread %s found, the inbox leaves it out: %+v", when, u.Email, id, th)
					case !ok && !isNotFound(err):
						t.Errorf("%s: %s's thread %s: %v, want not found", when, u.Email, id, err)
					}
				}
			}
		}
		check("no threads", 0)
		// Bo: three unread from Bo, one of them deleted, one of Ana's own.
		bo := thread(people[1], "active", "active", msg{1, "visible"}, msg{0, "visible"}, msg{1, "visible"}, msg{1, "deleted"}, msg{1, "visible"})
		check("a thread", 3)
		if err := st.MarkRead(ctx, bo, ana.ID, 3, at); err != nil {
			t.Fatal(err)
		}
		check("read up to the third", 1)
		// Cy's request with a message, Di's with none yet, Ed's ignored.
		thread(people[2], "request", "active", msg{1, "visible"}, msg{1, "visible"})
		thread(people[3], "request", "active")
		thread(people[4], "ignored", "active", msg{1, "visible"})
		check("requests", 2)
		// Gus opens a conversation, active on both sides, and writes
		// nothing yet (as a moderator from the crisis queue does): it is in
		// his inbox, not in Ana's, until someone writes.
		gus := thread(people[6], "active", "active")
		check("Gus's empty thread", 2)
		if in, err := a.ListInbox(app.WithActor(ctx, &app.Actor{User: people[6]})); err != nil || len(in.Threads) != 1 || in.Threads[0].ID != gus {
			t.Errorf("Gus's own empty thread should be in his inbox: %+v %v", in, err)
		}
		if in, err := a.ListInbox(app.WithActor(ctx, &app.Actor{User: ana})); err != nil || slices.ContainsFunc(in.Threads, func(v app.ThreadView) bool { return v.ID == gus }) {
			t.Errorf("Ana's inbox lists Gus's empty thread: %+v %v", in, err)
		}
		// Flo writes twice; then Flo blocks Ana, then Ana Cy (through the
		// app, as every block is made: the blocks each node keeps for the
		// layout follow it).
		thread(people[5], "active", "active", msg{1, "visible"}, msg{1, "visible"})
		check("Flo's thread", 4)
		if err := a.BlockMember(app.WithActor(ctx, &app.Actor{User: people[5]}), ana.ID); err != nil {
			t.Fatal(err)
		}
		check("Flo blocks Ana", 2)
		if err := a.BlockMember(app.WithActor(ctx, &app.Actor{User: ana}), people[2].ID); err != nil {
			t.Fatal(err)
		}
		check("Ana blocks Cy", 1)
	})
}

func isNotFound(err error) bool {
	e := (*model.Error)(nil)
	return errors.As(err, &e) && e.Kind == model.KindNotFound
}

// plainApp is the app over db's store with its clock stopped at noon on
// 5 December 2026, and that time.
func plainApp(t *testing.T, db testutil.DB) (*app.App, store.Store, time.Time) {
	st := testutil.OpenStore(t, db)
	box, _, err := secret.LoadOrCreateKey(filepath.Join(t.TempDir(), "kinship.key"))
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 12, 5, 12, 0, 0, 0, time.UTC)
	return app.New(st, box, mail.NewTerminal(io.Discard), slog.New(slog.NewTextHandler(io.Discard, nil)), app.Options{BaseURL: "http://127.0.0.1", Now: func() time.Time { return at }}), st, at
}
