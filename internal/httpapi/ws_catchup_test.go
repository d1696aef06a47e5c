package httpapi_test

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// TestSocketCatchUpFromFarBehind: Ben's page saw the group's first message
// and then slept through a busy night: 5,200 messages, one of them edited
// since and one reacted to. His socket reconnects from the change it had
// while Cy goes on writing. He must get every message once, in the order
// of their changes (the edited one with its new words, at its new change),
// the catch-up and Cy's live messages joined without a gap or a repeat,
// and then stay live. The node reads such a catch-up a page at a time
// (realtime.TestFarBehindCatchUpIsPagedAndExact; its memory in
// BenchmarkCatchUpFarBehind).
func TestSocketCatchUpFromFarBehind(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		const night, during = 5200, 40
		e, _ := newEnvWithAdmin(t, db)
		_, aTok := e.signupLogin("ana@example.org", goodPassword, "Ana")
		_, bTok := e.signupLogin("ben@example.org", goodPassword, "Ben")
		_, cTok := e.signupLogin("cy@example.org", goodPassword, "Cy")
		gid := e.groupWith(aTok, "Evenings", bTok, cTok)
		actor := func(tok string) *app.Actor {
			act, err := e.app.Authenticate(t.Context(), tok)
			if err != nil {
				t.Fatal(err)
			}
			return act
		}
		ana, cy := app.WithActor(t.Context(), actor(aTok)), app.WithActor(t.Context(), actor(cTok))
		first, _, err := e.app.SendMessage(ana, gid, "first", "Good evening, everyone.")
		if err != nil {
			t.Fatal(err)
		}
		seen := first.Change // what Ben's page showed
		ids := map[int64]string{}
		for i := range night {
			if i%30 == 29 {
				e.clock.Advance(61 * time.Second) // each member's pace
			}
			m, _, err := e.app.SendMessage(ana, gid, fmt.Sprint("n", i), fmt.Sprint("night message ", i))
			if err != nil {
				t.Fatalf("message %d: %v", i, err)
			}
			ids[m.Seq] = m.ID
		}
		edited, err := e.app.EditMessage(ana, ids[100], "night message 98, said better")
		if err != nil {
			t.Fatal(err)
		}
		reacted, err := e.app.React(cy, ids[200], "with_you", true)
		if err != nil {
			t.Fatal(err)
		}

		b := e.dialWS(bTok)
		b.subscribe(gid, seen)
		live := make(chan error, 1)
		go func() {
			for i := range during {
				if i%20 == 19 {
					e.clock.Advance(61 * time.Second)
				}
				if _, _, err := e.app.SendMessage(cy, gid, fmt.Sprint("d", i), fmt.Sprint("good morning ", i)); err != nil {
					live <- err
					return
				}
				time.Sleep(2 * time.Millisecond)
			}
			live <- nil
		}()
		want := night + during // every message after the first, once
		got := map[int64]bool{}
		var last int64
		subscribed := false
		for len(got) < want {
			_ = b.conn.SetReadDeadline(time.Now().Add(30 * time.Second))
			_, data, err := b.conn.ReadMessage()
			if err != nil {
				t.Fatalf("after %d of %d messages the socket closed: %v", len(got), want, err)
			}
			var f struct {
				Type    string `json:"type"`
				Change  int64  `json:"change"`
				Message struct {
					Seq       int64  `json:"seq"`
					Body      string `json:"body"`
					Reactions []struct {
						Kind  string `json:"kind"`
						Count int    `json:"count"`
					} `json:"reactions"`
				} `json:"message"`
			}
			if err := json.Unmarshal(data, &f); err != nil {
				t.Fatalf("frame %s: %v", data, err)
			}
			if f.Type == "subscribed" {
				subscribed = true
				continue
			}
			if f.Type != "message" {
				t.Fatalf("unexpected frame %s", data)
			}
			if f.Change <= last {
				t.Fatalf("change %d came after change %d: every change once and in order", f.Change, last)
			}
			last = f.Change
			seq := f.Message.Seq
			if got[seq] || seq <= first.Seq {
				t.Fatalf("message %d came again, or one Ben had (change %d)", seq, f.Change)
			}
			got[seq] = true
			switch {
			case seq == edited.Seq:
				if f.Message.Body != "night message 98, said better" || f.Change != edited.Change {
					t.Fatalf("the edited message: %q at change %d, want its new words at change %d", f.Message.Body, f.Change, edited.Change)
				}
			case seq == reacted.Seq:
				if f.Change != reacted.Change || len(f.Message.Reactions) != 1 || f.Message.Reactions[0].Count != 1 {
					t.Fatalf("the message reacted to: change %d, reactions %v; want change %d with one reaction", f.Change, f.Message.Reactions, reacted.Change)
				}
			case seq <= first.Seq+night:
				if w := fmt.Sprint("night message ", seq-first.Seq-1); f.Message.Body != w {
					t.Fatalf("message %d reads %q, want %q", seq, f.Message.Body, w)
				}
			}
		}
		if err := <-live; err != nil {
			t.Fatal(err)
		}
		if !subscribed {
			b.until("subscribed")
		}
		m, _, err := e.app.SendMessage(cy, gid, "after", "Still here.")
		if err != nil {
			t.Fatal(err)
		}
		if f := frameMessage(t, b.until("message")); f["body"] != "Still here." || f["seq"].(float64) != float64(m.Seq) {
			t.Fatalf("after the catch-up: %v", f)
		}
		b.quiet(200*time.Millisecond, "pong")
	})
}
