package app

import (
	"sync"
	"time"
)

// nameTTL bounds how long another node may show an old display name.
const nameTTL = 30 * time.Second

// nameCache keeps display names briefly, with whether the person
// moderates the instance: a chat message shows its author's name, and
// looking it up for every message would cost two reads. This node forgets
// a name as soon as it (or the person's role) changes here.
type nameCache struct {
	m sync.Map // user ID → cachedName
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

func (c *nameCache) put(id string, n cachedName) {
	n.at = time.Now()
	c.m.Store(id, n)
}

func (c *nameCache) forget(id string) { c.m.Delete(id) }

func (c *nameCache) clear() { c.m.Clear() }
