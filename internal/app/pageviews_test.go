package app_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/mail"
	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/secret"
	"github.com/kinshiprecovery/kinship/internal/store"
	"github.com/kinshiprecovery/kinship/internal/store/bunstore"
	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// TestPageViewsAreEachMessagesOwn: a page's bodies are opened into one
// buffer and its reaction counts share one array; each message still reads
// its own words and reactions, a deleted one none, one that cannot be
// opened none (and the rest of the page its own), on the chat page and in
// the hub's catch-up.
func TestPageViewsAreEachMessagesOwn(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		ctx := context.Background()
		st := testutil.OpenStore(t, db)
		box, _, err := secret.LoadOrCreateKey(filepath.Join(t.TempDir(), "kinship.key"))
		if err != nil {
			t.Fatal(err)
		}
		at := time.Date(2026, 12, 5, 12, 0, 0, 0, time.UTC)
		node := func() *app.App {
			return app.New(st, box, mail.NewTerminal(io.Discard), slog.New(slog.NewTextHandler(io.Discard, nil)), app.Options{BaseURL: "http://127.0.0.1", Now: func() time.Time { return at }})
		}
		a := node()
		people := seedPeople(t, st, at, 4, "v")
		g := &store.Group{ID: fmt.Sprintf("01G%023d", 7), Name: "Evenings", Visibility: app.GroupListed, CreatedBy: people[0].ID, CreatedAt: at, UpdatedAt: at}
		if err := st.CreateGroup(ctx, g); err != nil {
			t.Fatal(err)
		}
		for i, u := range people {
			role := app.RoleMember
			if i == 0 {
				role = app.RoleFacilitator
			}
			if err := st.SaveGroupMember(ctx, &store.GroupMember{GroupID: g.ID, UserID: u.ID, Role: role, Status: "active", CreatedAt: at, UpdatedAt: at}); err != nil {
				t.Fatal(err)
			}
		}
		as := func(u *model.User) context.Context { return app.WithActor(ctx, &app.Actor{User: u}) }
		words := []string{
			"Thank you all for being here tonight, it helps more than I can say.",
			"Does anyone have tips for the holidays with family? Last year was hard.",
			"Rough week at work. Sleeping better since I cut the late coffee though.",
			"Day 40 today. Some cravings this afternoon but I called my partner and walked it off.",
			"I went to the Tuesday meeting & it was good to see faces again <3 ñ",
		}
		var ids []string
		for i, w := range words {
			m, _, err := a.SendMessage(as(people[i%len(people)]), g.ID, fmt.Sprint("c", i), w)
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, m.ID)
		}
		for _, r := range []struct {
			who  int
			msg  int
			kind string
		}{{1, 0, "with_you"}, {2, 0, "thank_you"}, {3, 0, "with_you"}, {0, 3, "proud"}, {2, 4, "thank_you"}} {
			if _, err := a.React(as(people[r.who]), ids[r.msg], r.kind, true); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := a.DeleteMessage(as(people[1]), ids[1], ""); err != nil {
			t.Fatal(err)
		}
		// The third message's seal is the first's: it does not open as the
		// third (its additional data names the message).
		if _, err := st.(*bunstore.Store).DB().ExecContext(ctx, "UPDATE messages SET body_enc = (SELECT body_enc FROM messages WHERE id = ?) WHERE id = ?", ids[0], ids[2]); err != nil {
			t.Fatal(err)
		}
		want := []struct {
			body, state string
			reactions   string
		}{
			{words[0], "visible", "with_you 2, thank_you 1"},
			{"", "deleted", ""},
			{"", "visible", ""},
			{words[3], "visible", "proud 1"},
			{words[4], "visible", "thank_you 1"},
		}
		reactions := func(v app.MessageView) string {
			var out []string
			for _, r := range v.Reactions {
				out = append(out, fmt.Sprint(r.Kind, " ", r.Count))
			}
			return strings.Join(out, ", ")
		}
		b := node() // a node that has kept nothing
		for _, viewer := range people {
			_, page, err := b.GroupChat(as(viewer), g.ID, 0, 50)
			if err != nil {
				t.Fatal(err)
			}
			if len(page.Messages) != len(want) {
				t.Fatalf("%s: %d messages, want %d", viewer.Email, len(page.Messages), len(want))
			}
			for i, v := range page.Messages {
				if v.ID != ids[i] || v.Body != want[i].body || v.State != want[i].state || reactions(v) != want[i].reactions {
					t.Errorf("%s, message %d: %q %s %q, want %q %s %q", viewer.Email, i, v.Body, v.State, reactions(v), want[i].body, want[i].state, want[i].reactions)
				}
				// Each message's counts are its own: growing one does not
				// reach the next message's.
				if len(v.Reactions) != cap(v.Reactions) && len(v.Reactions) > 0 {
					t.Errorf("message %d: reactions %d of %d places", i, len(v.Reactions), cap(v.Reactions))
				}
			}
		}
		evs, err := b.Changes(ctx, g.ID, 0, 1<<40, 50)
		if err != nil {
			t.Fatal(err)
		}
		var seen []string
		for _, ev := range evs {
			var f struct {
				Message struct{ ID, Body string }
			}
			if err := json.Unmarshal(ev.Frame, &f); err != nil {
				t.Fatal(err)
			}
			for i, w := range words {
				if f.Message.Body == w && f.Message.ID == ids[i] && ev.Message == ids[i] {
					seen = append(seen, w)
				}
			}
		}
		slices.Sort(seen)
		wantSeen := []string{words[0], words[3], words[4]}
		slices.Sort(wantSeen)
		if !slices.Equal(seen, wantSeen) {
			t.Errorf("the catch-up's frames carry %q, want %q", seen, wantSeen)
		}
	})
}
