package app

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/kinshiprecovery/kinship/internal/realtime"
	"github.com/kinshiprecovery/kinship/internal/store"
)

// memberCache keeps, on a SQLite node, people's rows in groups (or that
// they have none) as the access checks read them: every send and every
// subscription of a socket read the sender's or reader's row in the
// group again (3-4% of the node under bench/usersim), so that a removal,
// a leave or a ban from a group holds at once. It still does: the SQLite
// store tells (store.WriteWatcher) of every group_members row its writer
// changes, whoever wrote it (a facilitator's removal, a leave, a join, an
// account's deletion and its cascade), once the write has committed and
// before the call that made it returns, and that row's entry is dropped
// then, the generation moving so that a read made before the commit is
// not kept after it. A broker resync and another process's commit
// (FollowOtherWriters) drop all; nothing kept is used while keptUsable
// says not, nor after layoutKeptFor. PostgreSQL's nodes keep nothing
// here.
type memberCache struct {
	mu    sync.Mutex
	on    bool
	gen   uint64
	byKey map[store.MemberKey]*keptMember
}

// keptMember is one row as read (nil: none), shared and never changed:
// callers get a copy.
type keptMember struct {
	m  *store.GroupMember
	at time.Time
}

// maxKeptMembers bounds the cache; past it, it starts again empty.
const maxKeptMembers = 200000

func (c *memberCache) get(k store.MemberKey, now time.Time) (*keptMember, uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e := c.byKey[k]
	if !c.on || e == nil || now.Sub(e.at) >= layoutKeptFor || now.Before(e.at) {
		return nil, c.gen
	}
	return e, c.gen
}

// put keeps k's row unless something was dropped since gen was read.
func (c *memberCache) put(k store.MemberKey, e *keptMember, gen uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.on || gen != c.gen {
		return
	}
	if c.byKey == nil || len(c.byKey) >= maxKeptMembers {
		c.byKey = map[store.MemberKey]*keptMember{}
	}
	c.byKey[k] = e
}

// touched drops the rows a committed write touched (store.WriteWatcher).
func (c *memberCache) touched(t store.Touched) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	if t.All {
		c.byKey = nil
		return
	}
	for _, k := range t.Members {
		delete(c.byKey, k)
	}
}

// changed drops all on a resync.
func (c *memberCache) changed(ev realtime.Event) {
	if ev.Kind == realtime.KindResync {
		c.touched(store.Touched{All: true})
	}
}

// groupMember is FindGroupMember, from this node's memory when kept
// (store.ErrNotFound when userID has no row in the group).
func (a *App) groupMember(ctx context.Context, groupID, userID string) (*store.GroupMember, error) {
	k := store.MemberKey{GroupID: groupID, UserID: userID}
	at := a.now()
	usable := a.keptUsable()
	e, gen := a.members.get(k, at)
	if e == nil || !usable {
		m, err := a.store.FindGroupMember(ctx, groupID, userID)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return nil, err
		}
		e = &keptMember{m: m, at: at}
		if err != nil {
			e.m = nil
		}
		if usable {
			a.members.put(k, e, gen)
		}
	}
	if e.m == nil {
		return nil, store.ErrNotFound
	}
	cp := *e.m
	return &cp, nil
}

// watchWrites has the caches that follow the store's writes (SQLite's)
// told of them.
func (a *App) watchWrites(st store.Store) {
	w, ok := st.(store.WriteWatcher)
	if !ok {
		return
	}
	on := w.WatchWrites(func(t store.Touched) {
		a.layouts.touched(t)
		a.members.touched(t)
		a.chatAccess.touched(t, a.now())
		// A display name changed on any node over this store (or erased
		// with its account) is read again at once, not after nameTTL:
		// the chat's kept messages are named by it on every page.
		if t.All {
			a.names.clear()
		}
		for _, u := range t.Profiles {
			a.names.forget(u)
		}
	})
	a.layouts.mu.Lock()
	a.layouts.on = on
	a.layouts.mu.Unlock()
	a.members.mu.Lock()
	a.members.on = on
	a.members.mu.Unlock()
	a.chatAccess.mu.Lock()
	a.chatAccess.on = on
	a.chatAccess.mu.Unlock()
}
