package app

import (
	"strconv"
	"sync"

	"github.com/kinshiprecovery/kinship/internal/store"
)

// fitCache keeps, on each node, whether a message's words are words of
// crisis (so that only "with you" fits it), by message and the time of its
// last edit. Every chat page asks it of each of its 50 messages, and the
// classifier was about a twentieth of a node's CPU under bench/usersim; a
// message's words change only when it is edited, which changes the key, so
// nothing needs dropping when a message changes on another node. It keeps
// no words, only the answer.
type fitCache struct {
	mu     sync.Mutex
	crisis map[string]bool
}

// maxFits bounds the cache; past it, it starts again empty.
const maxFits = 200000

func fitKey(m *store.StoredMessage) string {
	if m.EditedAt == nil {
		return m.ID
	}
	return m.ID + ":" + strconv.FormatInt(m.EditedAt.UnixMicro(), 10)
}

// reactionsOf returns the reaction kinds that fit m, whose words are body.
func (c *fitCache) reactionsOf(m *store.StoredMessage, body string) []string {
	key := fitKey(m)
	c.mu.Lock()
	crisis, ok := c.crisis[key]
	c.mu.Unlock()
	if !ok {
		crisis = isCrisis(body)
		c.put(key, crisis)
	}
	return reactionKinds(crisis)
}

// know records that m's words (those reactionsOf would be given) are
// words of crisis or not, for a caller that has just checked them.
func (c *fitCache) know(m *store.StoredMessage, crisis bool) { c.put(fitKey(m), crisis) }

func (c *fitCache) put(key string, crisis bool) {
	c.mu.Lock()
	if c.crisis == nil || len(c.crisis) >= maxFits {
		c.crisis = map[string]bool{}
	}
	c.crisis[key] = crisis
	c.mu.Unlock()
}
