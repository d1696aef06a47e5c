package app

import (
	"sync"
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
	c.m.Delete(id)
}

func (c *nameCache) clear() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
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
