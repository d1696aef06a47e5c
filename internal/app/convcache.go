package app

import (
	"context"
	"errors"
	"sync"

	"github.com/kinshiprecovery/kinship/internal/realtime"
	"github.com/kinshiprecovery/kinship/internal/store"
)

// convCache keeps, on each node, what the access checks of chat sends and
// subscriptions (and, once kept, of history reads, edits and marking
// read: access) read of a conversation that seldom or never changes: its
// kind and pair (fixed) and its group's row (changed by an edit or an
// archive, which publish realtime.KindAccess so that every node drops it).
// Membership, blocks and organization places are still read from the
// database on every check, so a removal, a block or a leave takes effect
// at once on every node whatever the broker's delay; on a SQLite node
// (one process) the rows in groups come from memberCache, which SQLite's
// own word of every changed row keeps as current.
type convCache struct {
	mu    sync.Mutex
	gen   uint64
	convs map[string]*cachedConv
}

// cachedConv is a conversation as the cache keeps it: conv has only its
// ID, kind and pair (not its sequence numbers).
type cachedConv struct {
	conv  *store.Conversation
	group *store.Group
}

// maxCachedConvs bounds the cache; past it, it starts again empty.
const maxCachedConvs = 100000

func (c *convCache) get(id string) (*cachedConv, uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.convs[id], c.gen
}

// put keeps e unless something was dropped since gen was read (the
// database may have been read before the change that dropped it).
func (c *convCache) put(id string, e *cachedConv, gen uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.gen {
		return
	}
	if c.convs == nil || len(c.convs) >= maxCachedConvs {
		c.convs = map[string]*cachedConv{}
	}
	c.convs[id] = e
}

// drop forgets a conversation ("" forgets all).
func (c *convCache) drop(id string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	if id == "" {
		c.convs = nil
		return
	}
	delete(c.convs, id)
}

// changed drops what an event says has changed; it sees this node's own
// events and every other node's.
func (c *convCache) changed(ev realtime.Event) {
	switch ev.Kind {
	case realtime.KindAccess:
		c.drop(ev.Conv)
	case realtime.KindResync:
		c.drop("")
	}
}

// quickAccess is access for a send or a subscription: the conversation
// and its group from the cache, the actor's place from the database. Its
// conv carries no sequence numbers.
func (a *App) quickAccess(ctx context.Context, userID, convID string) (*convAccess, error) {
	e, gen := a.convs.get(convID)
	if e == nil || !a.keptUsable() {
		c, err := a.store.FindConversation(ctx, convID)
		if err != nil {
			if errors.Is(err, store.ErrNotFound) {
				return nil, errNoConversation
			}
			return nil, err
		}
		e = &cachedConv{conv: &store.Conversation{ID: c.ID, Kind: c.Kind, Pair: c.Pair, StartedBy: c.StartedBy, CreatedAt: c.CreatedAt}}
		if c.Kind == "group" {
			if e.group, err = a.store.FindGroup(ctx, convID); err != nil {
				if errors.Is(err, store.ErrNotFound) {
					return nil, errNoGroup
				}
				return nil, err
			}
		}
		a.convs.put(convID, e, gen)
	}
	// Callers read the group and never change it; a copy keeps it so.
	var g *store.Group
	if e.group != nil {
		cp := *e.group
		g = &cp
	}
	return a.accessTo(ctx, userID, e.conv, g)
}
