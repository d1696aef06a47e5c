package app

import (
	"sync"
	"sync/atomic"
	"time"

	"github.com/kinshiprecovery/kinship/internal/realtime"
)

// nameTTL bounds how long another node may show an old display name.
const nameTTL = 30 * time.Second

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

func (c *nameCache) get(id string) (cachedName, bool) {
	v, ok := c.m.Load(id)
	if !ok {
		return cachedName{}, false
	}
	n := v.(cachedName)
	if time.Since(n.at) > nameTTL {
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
	n.at = time.Now()
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
// until the oldest of them would have left the cache (nameTTL after it
// was read), so a page shows the name the cache would have given it.
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
