package app_test

import (
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/model"
)

// TestHomeShowsTheInboxAsItReads: home lists the threads with unread
// messages and counts the requests exactly as a node that reads the
// inbox does, after each change to them made on another node: a request,
// its acceptance, a message, reading it, a message deleted, another
// person's request, a block and its lifting, an account deleted. On a
// SQLite node whose layout of the person is kept (the page before kept
// it), home reads no inbox while nothing waits, and reads it whenever
// something does.
func TestHomeShowsTheInboxAsItReads(t *testing.T) {
	st, node, _, log := sharedSQLite(t)
	var layouts, reads atomic.Int64
	a := node(st)
	b := node(layoutReads{st, &layouts, &reads})
	hubA, hubB := joinNodes(a, b, log)
	t.Cleanup(func() { hubA.Close(); hubB.Close() })
	// Fran and Bo share a group; Cy, here a month (a new account writes
	// only to people it shares a group with), shares none with Fran.
	fran, bo, cy, as, g := eveningsOn(t, a)
	if _, err := a.JoinGroup(as(bo), g.ID, true); err != nil {
		t.Fatal(err)
	}
	cy.CreatedAt = time.Now().AddDate(0, -1, 0)
	// shown is what home shows of the inbox: each unread thread's person
	// and count, in order, and the requests.
	shown := func(x *app.App, u *model.User) string {
		t.Helper()
		h, err := x.Home(as(u))
		if err != nil {
			t.Fatal(err)
		}
		var parts []string
		for _, th := range h.Unread {
			parts = append(parts, fmt.Sprintf("%s %d", th.OtherName, th.Unread))
		}
		return fmt.Sprintf("unread [%s], requests %d", strings.Join(parts, ", "), h.Requests)
	}
	// page is home as a page opens it on B: home, then the layout the
	// page renders (which B keeps).
	page := func(u *model.User) (string, int64) {
		t.Helper()
		before := reads.Load()
		got := shown(b, u)
		n := reads.Load() - before
		b.Layout(as(u), false)
		return got, n
	}
	// A blocked person's request is in the layout's threads (the tab
	// leaves it out by the blocks): home reads the inbox, which leaves it
	// out too.
	stillReads := map[string]bool{"Fran blocks Cy": true}
	check := func(step string, want map[*model.User]string) {
		t.Helper()
		for u, w := range want {
			quiet := w == "unread [], requests 0" && !(stillReads[step] && u == fran)
			for i := range 2 {
				got, n := page(u)
				if got != w {
					t.Fatalf("%s: node B's home shows %s %s, want %s", step, u.Email, got, w)
				}
				switch {
				case i == 1 && quiet && n != 0:
					t.Errorf("%s: node B read %s's inbox on the second home with nothing waiting", step, u.Email)
				case !quiet && n != 1:
					t.Errorf("%s: node B read %s's inbox %d times with something waiting, want once", step, u.Email, n)
				}
			}
			if got := shown(node(st), u); got != w {
				t.Fatalf("%s: a node keeping nothing shows %s %s, want %s", step, u.Email, got, w)
			}
		}
	}
	check("before anything", map[*model.User]string{fran: "unread [], requests 0", bo: "unread [], requests 0"})

	th, _, err := a.StartThread(as(bo), fran.ID, "dm1", "Are you going on Thursday?")
	if err != nil {
		t.Fatal(err)
	}
	check("Bo writes", map[*model.User]string{fran: "unread [Bo 1], requests 0", bo: "unread [], requests 0"})
	m2, _, err := a.SendMessage(as(bo), th.ID, "dm2", "I'll save you a seat.")
	if err != nil {
		t.Fatal(err)
	}
	check("Bo writes again", map[*model.User]string{fran: "unread [Bo 2], requests 0"})
	if err := a.MarkRead(as(fran), th.ID, m2.Seq); err != nil {
		t.Fatal(err)
	}
	check("Fran reads the thread", map[*model.User]string{fran: "unread [], requests 0", bo: "unread [], requests 0"})
	m3, _, err := a.SendMessage(as(fran), th.ID, "dm3", "Thank you, see you then.")
	if err != nil {
		t.Fatal(err)
	}
	check("Fran answers", map[*model.User]string{fran: "unread [], requests 0", bo: "unread [Fran 1], requests 0"})
	if _, err := a.DeleteMessage(as(fran), m3.ID, ""); err != nil {
		t.Fatal(err)
	}
	check("Fran deletes her answer", map[*model.User]string{bo: "unread [], requests 0"})

	// Cy shares no group with Fran: Cy's first message is a request.
	cth, _, err := a.StartThread(as(cy), fran.ID, "dm4", "Hello from Cy")
	if err != nil {
		t.Fatal(err)
	}
	check("Cy's request", map[*model.User]string{fran: "unread [], requests 1"})
	if err := a.AnswerRequest(as(fran), cth.ID, "accept"); err != nil {
		t.Fatal(err)
	}
	check("Fran accepts", map[*model.User]string{fran: "unread [Cy 1], requests 0"})
	if err := a.BlockMember(as(fran), cy.ID); err != nil {
		t.Fatal(err)
	}
	check("Fran blocks Cy", map[*model.User]string{fran: "unread [], requests 0"})
	if err := a.UnblockMember(as(fran), cy.ID); err != nil {
		t.Fatal(err)
	}
	check("Fran unblocks Cy", map[*model.User]string{fran: "unread [Cy 1], requests 0"})
	if err := a.DeleteMe(as(cy), "", ""); err != nil {
		t.Fatal(err)
	}
	check("Cy's account deleted", map[*model.User]string{fran: "unread [], requests 0"})
}
