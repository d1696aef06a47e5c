package app_test

import (
	"slices"
	"testing"

	"github.com/kinshiprecovery/kinship/internal/model"
)

// The sealed rows a node keeps of a direct thread's newest page (pageCache)
// hold no words of a message deleted, nor of an account erased, on
// another node, once the change has returned there, though nobody opens
// the thread again: they were kept until the thread was read again or
// 2,000 other threads pushed them out.
func TestDirectWordsLetGoAreKeptNowhere(t *testing.T) {
	st, node, _, log := sharedSQLite(t)
	a, b := node(st), node(st)
	hubA, hubB := joinNodes(a, b, log)
	t.Cleanup(func() { hubA.Close(); hubB.Close() })
	_, bo, cy, as, g := eveningsOn(t, a)
	for _, u := range []*model.User{bo, cy} {
		if _, err := a.JoinGroup(as(u), g.ID, true); err != nil {
			t.Fatal(err)
		}
	}
	th, first, err := a.StartThread(as(cy), bo.ID, "c1", "Are you around tonight?")
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := a.SendMessage(as(cy), th.ID, "c2", "I had a hard day."); err != nil {
		t.Fatal(err)
	}
	page := func() {
		t.Helper()
		if _, err := b.ListMessages(as(bo), th.ID, 0, 0, 50); err != nil {
			t.Fatal(err)
		}
	}
	count := func() int {
		n := 0
		for _, w := range b.KeptPageWriters(th.ID) {
			if w == cy.ID {
				n++
			}
		}
		return n
	}
	page()
	if n := count(); n != 2 {
		t.Fatalf("node B keeps %d of Cy's rows (%v), want 2", n, b.KeptPageWriters(th.ID))
	}
	if _, err := a.DeleteMessage(as(cy), first.ID, ""); err != nil {
		t.Fatal(err)
	}
	if n := count(); n > 1 {
		t.Errorf("after Cy deleted a message on A, node B still keeps %d of Cy's sealed rows", n)
	}
	page()
	if n := count(); n != 1 {
		t.Fatalf("node B keeps %d of Cy's rows, want 1", n)
	}
	if err := a.DeleteMe(as(cy), "", ""); err != nil {
		t.Fatal(err)
	}
	if slices.Contains(b.KeptPageWriters(th.ID), cy.ID) {
		t.Error("after Cy erased their account on A, node B still keeps their sealed words")
	}
}
