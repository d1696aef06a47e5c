package app

import (
	"sync"
	"sync/atomic"
	"time"

	"github.com/kinshiprecovery/kinship/internal/realtime"
)

// nameTTL bounds how long another node may show an old display name.
const nameTTL = 30 * time.Second

// nameKeptHeard is how long a name is kept while this node hears of every
// change to it (nameKeep).
const nameKeptHeard = 10 * time.Minute

// nameKeep is how long this node keeps a name. A SQLite node asking after
// other processes' commits (FollowOtherWriters) hears of every change to
// a name before it could show the old one: a new display name through
// the write watch (profiles rows, before the writing call returns), a
// role change or an erasure made here as it is made (forget), anything
// another process commits as it asks, every OtherWritersEvery (all names
// dropped); so it keeps names for nameKeptHeard. Read again every nameTTL
// they were 1.5% of a node in the quiet profile of 437903c (a chat page's
// authors 0.9%, a group's people 0.6%). Any other node (PostgreSQL, whose
// other nodes' changes come as events a broker may lose) keeps them for
// nameTTL, as before.
func (a *App) nameKeep() time.Duration {
	if a.others.asking.Load() {
		return nameKeptHeard
	}
	return nameTTL
}

// nameCache keeps display names briefly, with whether the person
// moderates the instance: a chat message shows its author's name, and
// looking it up for every message would cost two reads. This node forgets
// a name as soon as it (or the person's role) changes here, and every node
// when it hears that the account changed (a new name publishes
// KindAccount; a role change, an erasure, KindSessionEnded).
//
// A name read while a change to it commits is not kept after the change
// (a generation, as the layouts' cache keeps): the change forgets the
// name once it has committed, and a read begun before that forgetting
// puts nothing, so its old name is not shown for nameTTL after.
type nameCache struct {
	m sync.Map // user ID → cachedName
	// mu orders put's check of gen against forget and clear.
	mu  sync.Mutex
	gen uint64
	// moved is gen, to read without mu (chatNames).
	moved atomic.Uint64
	// clock is the time names are kept by (nil: the wall clock's; a
	// test's own).
	clock func() time.Time
}

func (c *nameCache) now() time.Time {
	if c.clock != nil {
		return c.clock()
	}
	return time.Now()
}

type cachedName struct {
	name      string
	moderator bool // a moderator or site admin of the instance
	// former is true once the account is erased (name is then
	// formerMember): told by the account, never by the name, which a
	// living person may have taken before such names were reserved.
	former bool
	at     time.Time
}

// get is id's name kept for no longer than keep (nameKeep).
func (c *nameCache) get(id string, keep time.Duration) (cachedName, bool) {
	v, ok := c.m.Load(id)
	if !ok {
		return cachedName{}, false
	}
	n := v.(cachedName)
	if c.now().Sub(n.at) > keep {
		c.m.Delete(id)
		return cachedName{}, false
	}
	return n, true
}

// generation is what a read of a name begun now gives put.
func (c *nameCache) generation() uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.gen
}

// put keeps n, read since gen, unless a name was forgotten since.
func (c *nameCache) put(id string, n cachedName, gen uint64) {
	n.at = c.now()
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen == c.gen {
		c.m.Store(id, n)
	}
}

func (c *nameCache) forget(id string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	c.moved.Store(c.gen)
	c.m.Delete(id)
}

func (c *nameCache) clear() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	c.moved.Store(c.gen)
	c.m.Clear()
}

// changed forgets the names an event says may have changed; it sees this
// node's own events and every other node's.
func (c *nameCache) changed(ev realtime.Event) {
	switch ev.Kind {
	case realtime.KindAccount, realtime.KindSessionEnded:
		if ev.User != "" {
			c.forget(ev.User)
		}
	case realtime.KindResync:
		c.clear()
	}
}

// chatNames are the display names of a kept chat's authors (keptChat.names)
// as nameAndRole gave them: the chat page of a group names the authors of
// the same 50 kept messages for every viewer, and looking each up in the
// node's name cache (a sync.Map of everyone named in the last nameTTL)
// was about 2% of a node under bench/usersim. They are used only while
// nothing was forgotten by the name cache since they were looked up (its
// generation, which every forget and clear moves: a change of name on
// this node, a KindAccount or KindSessionEnded event from any) and
// until the oldest of them would have left the cache (nameKeep after
// it was read), so a page shows the name the cache would have given it.
type chatNames struct {
	gen    uint64
	until  time.Time
	byUser map[string]string
}

// name is userID's name when n holds it and may still be used.
func (n *chatNames) name(c *nameCache, userID string, now time.Time) (string, bool) {
	if n == nil || n.gen != c.moved.Load() || !now.Before(n.until) {
		return "", false
	}
	s, ok := n.byUser[userID]
	return s, ok
}
