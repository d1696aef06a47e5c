package app

import (
	"slices"
	"sync"

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
type pageCache struct {
	mu    sync.Mutex
	pages map[string]*cachedPage
}

// cachedPage is one conversation's newest rows, oldest first.
type cachedPage struct {
	seq, change int64
	limit       int
	rows        []*store.StoredMessage
}

// maxCachedPages bounds the cache (a page is about 20 KB of sealed rows);
// past it, one page is dropped for each one kept.
const maxCachedPages = 2000

// get returns c's newest limit rows kept under c's numbers now, or nil.
// The rows are shared: callers read them and never change them.
func (p *pageCache) get(c *store.Conversation, limit int) []*store.StoredMessage {
	p.mu.Lock()
	defer p.mu.Unlock()
	e := p.pages[c.ID]
	if e == nil || e.seq != c.LastSeq || e.change != c.LastChange || e.limit != limit {
		return nil
	}
	return e.rows
}

// put keeps rows, read after c's numbers, under them.
func (p *pageCache) put(c *store.Conversation, limit int, rows []*store.StoredMessage) {
	for _, m := range rows {
		// Views share these slices; clipped, an append to one copies.
		m.Mentions = slices.Clip(m.Mentions)
		for k, ids := range m.Reactions {
			m.Reactions[k] = slices.Clip(ids)
		}
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.pages == nil {
		p.pages = map[string]*cachedPage{}
	}
	if _, ok := p.pages[c.ID]; !ok && len(p.pages) >= maxCachedPages {
		for id := range p.pages {
			delete(p.pages, id)
			break
		}
	}
	p.pages[c.ID] = &cachedPage{seq: c.LastSeq, change: c.LastChange, limit: limit, rows: rows}
}
