package app

import (
	"slices"
	"sync"
	"time"

	"github.com/kinshiprecovery/kinship/internal/realtime"
	"github.com/kinshiprecovery/kinship/internal/store"
)

// pageCache keeps, on each node, the newest page of message rows of the
// conversations read lately, as the database holds them: sealed, so that
// nothing decrypted is kept, and before any viewer's blocks or held
// messages are taken out. A chat page was reading the same 51 rows and
// their reactions again for every member who opened it, about a quarter
// of its CPU.
//
// A page is kept under the conversation's sequence and change numbers,
// which every page reads from the database anyway for its access check:
// a send, an edit, a delete, a removal or hold, a reaction and an erased
// account each raise the change number in the same transaction, so the
// next page on any node reads other numbers and the rows afresh, at once,
// whatever the broker's delay. The rows are read after the numbers, so
// they are never older than the numbers they are kept under.
//
// What a page holds is let go as chatViews lets go of its views: at once,
// on every node that hears the event, when the conversation changes, when
// an account's sessions all end (an erased account, a ban: every page
// holding its rows or reactions) or the broker may have missed events; a
// page read as words were let go (deleted, removed, held, edited) or one
// of those events happened is not kept after it (gen); and pageKeptFor
// after it was read, whether or not anyone reads it again.
type pageCache struct {
	mu    sync.Mutex
	pages map[string]*cachedPage
	// gen moves whenever something is dropped.
	gen uint64
	// sweeping is set while a timer will drop what was read too long ago.
	sweeping bool
}

// cachedPage is one conversation's newest rows, oldest first.
type cachedPage struct {
	seq, change int64
	limit       int
	rows        []*store.StoredMessage
	read        time.Time
}

const (
	// maxCachedPages bounds the cache (a page is about 20 KB of sealed
	// rows); past it, one page is dropped for each one kept.
	maxCachedPages = 2000
	// pageKeptFor is how long a page is kept after it was read.
	pageKeptFor = chatKeptFor
)

// get returns c's newest limit rows kept under c's numbers now, or nil,
// and the generation to keep rows read from now on under. The rows are
// shared: callers read them and never change them.
func (p *pageCache) get(c *store.Conversation, limit int) ([]*store.StoredMessage, uint64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	e := p.pages[c.ID]
	if e != nil && time.Since(e.read) >= pageKeptFor {
		delete(p.pages, c.ID)
		e = nil
	}
	if e == nil || e.seq != c.LastSeq || e.change != c.LastChange || e.limit != limit {
		return nil, p.gen
	}
	return e.rows, p.gen
}

// put keeps rows, read after c's numbers and since gen, under them, unless
// something was dropped since.
func (p *pageCache) put(c *store.Conversation, limit int, rows []*store.StoredMessage, gen uint64) {
	for _, m := range rows {
		// Views share these slices; clipped, an append to one copies.
		m.Mentions = slices.Clip(m.Mentions)
		for k, ids := range m.Reactions {
			m.Reactions[k] = slices.Clip(ids)
		}
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if gen != p.gen {
		return
	}
	if p.pages == nil {
		p.pages = map[string]*cachedPage{}
	}
	if _, ok := p.pages[c.ID]; !ok && len(p.pages) >= maxCachedPages {
		for id := range p.pages {
			delete(p.pages, id)
			break
		}
	}
	p.pages[c.ID] = &cachedPage{seq: c.LastSeq, change: c.LastChange, limit: limit, rows: rows, read: time.Now()}
	if !p.sweeping {
		p.sweeping = true
		time.AfterFunc(pageKeptFor, p.sweep)
	}
}

// sweep drops the pages read pageKeptFor ago or more, and comes back while
// any is kept.
func (p *pageCache) sweep() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for id, e := range p.pages {
		if time.Since(e.read) >= pageKeptFor {
			delete(p.pages, id)
		}
	}
	if len(p.pages) == 0 {
		p.sweeping = false
		return
	}
	time.AfterFunc(pageKeptFor/4, p.sweep)
}

// changed follows the events every node hears (see pageCache); letGo
// says that a change let a message's words go (chatViews.changed): a
// page being read as it happened is then not kept. A change that lets
// nothing go (a new message, a reaction) drops its conversation's page,
// which no page would read again under the numbers it moved.
func (p *pageCache) changed(ev realtime.Event, letGo bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	switch ev.Kind {
	case realtime.KindResync:
		p.gen++
		clear(p.pages)
	case realtime.KindChange:
		if letGo {
			p.gen++
		}
		delete(p.pages, ev.Conv)
	case realtime.KindSessionEnded:
		if ev.Session != "" || ev.User == "" {
			return
		}
		p.gen++
		for id, e := range p.pages {
			if slices.ContainsFunc(e.rows, func(m *store.StoredMessage) bool { return holds(m, ev.User) }) {
				delete(p.pages, id)
			}
		}
	}
}

// holds reports whether m is user's, or holds a reaction of theirs.
func holds(m *store.StoredMessage, user string) bool {
	if m.AuthorID == user {
		return true
	}
	for _, ids := range m.Reactions {
		if slices.Contains(ids, user) {
			return true
		}
	}
	return false
}
