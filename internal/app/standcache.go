package app

import (
	"context"
	"sync"
	"time"

	"github.com/kinshiprecovery/kinship/internal/realtime"
)

// standingCache keeps, on each node, what a socket reads when it opens and
// what every page's layout reads of the person besides the counts: the
// account's standing (its role, a suspension or ban: Standing's string)
// and everyone the person blocks or is blocked by. Under bench/usersim a
// socket's opening (one statement for them) and the blocks' part of the
// layout's statement on every page were about 6.5% of a node each.
//
// Every change to them publishes an event once it has committed: a block
// or an unblock (realtime.KindBlock, KindUnblock, naming both people), a
// role change, a suspension, a ban, its lifting (KindSessionEnded), a
// suspension's end or reversal (KindAccount), an account deleted
// (KindSessionEnded). Every node drops the entries an event names when it
// sees it, this node at once, before the request that made the change
// answers: an account's entry goes with the entries of everyone whose
// blocks name it (a deleted account's blocks are deleted with it). Open
// sockets already took blocks from the same events (realtime.Hub), so a
// socket opened from what is kept here is as current as one opened
// before. A broker resync drops all, and so does a commit by another
// process on SQLite (FollowOtherWriters); nothing kept is used while
// keptUsable says not, nor after sessionCacheTTL. The unread counts are
// layoutCache's, kept on SQLite nodes only.
type standingCache struct {
	mu     sync.Mutex
	gen    uint64
	byUser map[string]*cachedStanding
	// named lists, by a person, whose kept blocks name them.
	named map[string]map[string]struct{}
}

// cachedStanding is what is kept of one person. blocked is shared and
// never changed: callers only read it.
type cachedStanding struct {
	standing    string
	hasStanding bool
	blocked     []string
	at          time.Time
}

// maxCachedStandings bounds the cache; past it, it starts again empty.
const maxCachedStandings = 100000

// get returns user's entry read less than sessionCacheTTL before now (nil
// when none), and the cache's generation, read before the database is.
func (c *standingCache) get(user string, now time.Time) (*cachedStanding, uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e := c.byUser[user]
	if e == nil || now.Sub(e.at) >= sessionCacheTTL || now.Before(e.at) {
		return nil, c.gen
	}
	return e, c.gen
}

// put keeps user's entry, read at e.at, unless something was dropped since
// gen was read (the database may have been read before the change that
// dropped it).
func (c *standingCache) put(user string, e *cachedStanding, gen uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.gen {
		return
	}
	if c.byUser == nil || len(c.byUser) >= maxCachedStandings {
		c.byUser, c.named = map[string]*cachedStanding{}, map[string]map[string]struct{}{}
	}
	c.forget(user)
	c.byUser[user] = e
	for _, id := range e.blocked {
		set := c.named[id]
		if set == nil {
			set = map[string]struct{}{}
			c.named[id] = set
		}
		set[user] = struct{}{}
	}
}

// forget removes user's entry and its names. The caller holds c.mu.
func (c *standingCache) forget(user string) {
	e := c.byUser[user]
	if e == nil {
		return
	}
	delete(c.byUser, user)
	for _, id := range e.blocked {
		if set := c.named[id]; set != nil {
			delete(set, user)
			if len(set) == 0 {
				delete(c.named, id)
			}
		}
	}
}

// drop forgets the entries of users and of everyone whose blocks name
// them (no users: all).
func (c *standingCache) drop(users ...string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	if len(users) == 0 {
		c.byUser, c.named = nil, nil
		return
	}
	for _, u := range users {
		for other := range c.named[u] {
			c.forget(other)
		}
		c.forget(u)
	}
}

// changed drops what an event says has changed; it sees this node's own
// events and every other node's.
func (c *standingCache) changed(ev realtime.Event) {
	switch ev.Kind {
	case realtime.KindBlock, realtime.KindUnblock:
		c.drop(ev.User, ev.Other)
	case realtime.KindSessionEnded, realtime.KindAccount:
		c.drop(ev.User)
	case realtime.KindResync:
		c.drop()
	}
}

// keptStanding is userID's kept entry when it may be used, else nil, with
// the generation to keep a fresh read under.
func (a *App) keptStanding(userID string) (*cachedStanding, uint64) {
	e, gen := a.standings.get(userID, a.now())
	if !a.keptUsable() {
		e = nil
	}
	return e, gen
}

// Opening answers what a socket reads when it opens (realtime.Source):
// the account's standing, as Standing sums it up, and everyone it blocks
// or is blocked by: from this node's memory when kept, else in one read
// of the database, then kept.
func (a *App) Opening(ctx context.Context, userID string) (string, []string, error) {
	e, gen := a.keptStanding(userID)
	if e != nil && e.hasStanding {
		return e.standing, e.blocked, nil
	}
	at := a.now()
	st, err := a.store.FindStanding(ctx, userID)
	if err != nil {
		return "", nil, err
	}
	s := standingOf(st)
	a.standings.put(userID, &cachedStanding{standing: s, hasStanding: true, blocked: st.Blocked, at: at}, gen)
	return s, st.Blocked, nil
}
