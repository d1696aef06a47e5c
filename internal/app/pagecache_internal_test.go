package app

import (
	"testing"
	"time"

	"github.com/kinshiprecovery/kinship/internal/realtime"
	"github.com/kinshiprecovery/kinship/internal/store"
)

// A page of sealed rows is kept pageKeptFor after it was read, whether or
// not anyone reads it again; one read as words were let go is not kept.
func TestPagesOfSealedRowsAreLetGo(t *testing.T) {
	var p pageCache
	c := &store.Conversation{ID: "dm1", LastSeq: 2, LastChange: 2}
	rows := []*store.StoredMessage{{ID: "m1", AuthorID: "cy", Sealed: []byte("sealed")}}
	_, gen := p.get(c, 51)
	p.put(c, 51, rows, gen)
	if got, _ := p.get(c, 51); len(got) != 1 {
		t.Fatal("the page read is not kept")
	}
	p.mu.Lock()
	p.pages[c.ID].read = time.Now().Add(-pageKeptFor)
	p.mu.Unlock()
	if got, _ := p.get(c, 51); got != nil {
		t.Fatal("a page read pageKeptFor ago is still served")
	}

	_, gen = p.get(c, 51)
	p.put(c, 51, rows, gen)
	p.mu.Lock()
	p.pages[c.ID].read = time.Now().Add(-pageKeptFor)
	p.mu.Unlock()
	p.sweep()
	if n := len(p.pages); n != 0 {
		t.Fatalf("%d pages kept after a sweep, want none", n)
	}

	// A page read as a message's words were deleted is not kept.
	_, gen = p.get(c, 51)
	p.changed(realtime.Event{Kind: realtime.KindChange, Conv: "dm1", Change: 3}, true)
	p.put(c, 51, rows, gen)
	if got, _ := p.get(c, 51); got != nil {
		t.Fatal("a page read as words were let go is kept")
	}
	// As a message was sent, it is.
	_, gen = p.get(c, 51)
	p.changed(realtime.Event{Kind: realtime.KindChange, Conv: "dm2", Change: 3}, false)
	p.put(c, 51, rows, gen)
	if got, _ := p.get(c, 51); len(got) != 1 {
		t.Fatal("a page read as another thread got a message is not kept")
	}
}
