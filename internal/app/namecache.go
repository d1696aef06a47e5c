package app

import (
	"sync"
	"time"
)

// nameTTL bounds how long another node may show an old display name.
const nameTTL = 30 * time.Second

// nameCache keeps display names briefly: a chat message shows its author's
// name, and looking it up for every message would cost two reads. This
// node forgets a name as soon as it changes here.
type nameCache struct {
	m sync.Map // user ID → cachedName
}

type cachedName struct {
	name string
	at   time.Time
}

func (c *nameCache) get(id string) (string, bool) {
	v, ok := c.m.Load(id)
	if !ok {
		return "", false
	}
	n := v.(cachedName)
	if time.Since(n.at) > nameTTL {
		c.m.Delete(id)
		return "", false
	}
	return n.name, true
}

func (c *nameCache) put(id, name string) { c.m.Store(id, cachedName{name: name, at: time.Now()}) }

func (c *nameCache) forget(id string) { c.m.Delete(id) }

func (c *nameCache) clear() { c.m.Clear() }
