package app

import (
	"sync"
	"time"

	"github.com/kinshiprecovery/kinship/internal/realtime"
	"github.com/kinshiprecovery/kinship/internal/store"
)

// layoutCache keeps, on a SQLite node, what every page's layout reads of
// a person besides the blocks: the unread notifications, the
// direct-message threads with their unread counts and, once a page asked
// for it, the place. Under bench/usersim that statement was 6.7-8.7% of
// the node, read again on every page although most pages change none of
// it.
//
// What moves these counts is made in many places (a notification of a
// mention, a partner's craving or missed check-in, a support response, a
// job's reminder, an organization's or a resource's, marked read; a
// direct message sent, edited, hidden, removed, read; a thread requested,
// answered, left; an account deleted), several of which publish no event.
// So the counts are not dropped by events but by the database itself:
// the SQLite store tells (store.WriteWatcher) of every row of
// notifications, profiles, conversations, conversation_members and
// messages its writer changes, whoever wrote it, whose rows and which
// direct-message conversations it touched, once the write has committed
// and before the call that wrote returns. Each touched person's entry and
// the entries of everyone whose kept threads list a touched conversation
// are dropped, and the generation moves, so a read made before the commit
// is not kept after it. A broker resync and another process's commit
// (FollowOtherWriters) drop all; nothing kept is used while keptUsable
// says not, nor after layoutKeptFor. PostgreSQL's nodes write from
// several processes and keep nothing here: their pages read as before.
type layoutCache struct {
	mu     sync.Mutex
	on     bool
	gen    uint64
	byUser map[string]*keptLayout
	// byConv lists, by direct-message conversation, the people whose kept
	// threads include it.
	byConv map[string]map[string]struct{}
}

// keptLayout is one person's kept counts (and place, when hasPlace).
// dms is shared and never changed: callers only read it.
type keptLayout struct {
	notifications int
	dms           []store.DMUnread
	place         *store.Place
	hasPlace      bool
	at            time.Time
}

// layoutKeptFor bounds how long a person's counts are kept. Every change
// to them drops them; the bound is only a bound.
const layoutKeptFor = 10 * time.Minute

// maxKeptLayouts bounds the cache; past it, it starts again empty.
const maxKeptLayouts = 100000

// get returns user's entry read less than layoutKeptFor before now (nil
// when none, or when the cache is off), and the generation to keep a
// fresh read under, read before the database is.
func (c *layoutCache) get(user string, now time.Time) (*keptLayout, uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e := c.byUser[user]
	if !c.on || e == nil || now.Sub(e.at) >= layoutKeptFor || now.Before(e.at) {
		return nil, c.gen
	}
	return e, c.gen
}

// put keeps user's entry, read at e.at, unless something was dropped since
// gen was read (the database may have been read before the write that
// dropped it committed).
func (c *layoutCache) put(user string, e *keptLayout, gen uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.on || gen != c.gen {
		return
	}
	if c.byUser == nil || len(c.byUser) >= maxKeptLayouts {
		c.byUser, c.byConv = map[string]*keptLayout{}, map[string]map[string]struct{}{}
	}
	c.forget(user)
	c.byUser[user] = e
	for _, d := range e.dms {
		set := c.byConv[d.ConversationID]
		if set == nil {
			set = map[string]struct{}{}
			c.byConv[d.ConversationID] = set
		}
		set[user] = struct{}{}
	}
}

// forget removes user's entry and its conversations. The caller holds c.mu.
func (c *layoutCache) forget(user string) {
	e := c.byUser[user]
	if e == nil {
		return
	}
	delete(c.byUser, user)
	for _, d := range e.dms {
		if set := c.byConv[d.ConversationID]; set != nil {
			delete(set, user)
			if len(set) == 0 {
				delete(c.byConv, d.ConversationID)
			}
		}
	}
}

// touched drops what a committed write touched (store.WriteWatcher).
func (c *layoutCache) touched(t store.Touched) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	if t.All {
		c.byUser, c.byConv = nil, nil
		return
	}
	for _, conv := range t.Convs {
		for u := range c.byConv[conv] {
			c.forget(u)
		}
	}
	for _, u := range t.Users {
		c.forget(u)
	}
}

// changed drops all on a resync (a broker's, or another process's commit
// on SQLite: FollowOtherWriters), and a person's entry when all their
// sessions end (an erased account, a ban): a PostgreSQL node hears of no
// write, and what it keeps (whom their threads are with, their zone and
// sealed country) would stay until the cache starts again.
func (c *layoutCache) changed(ev realtime.Event) {
	switch {
	case ev.Kind == realtime.KindResync:
		c.touched(store.Touched{All: true})
	case ev.Kind == realtime.KindSessionEnded && ev.Session == "" && ev.User != "":
		c.touched(store.Touched{Users: []string{ev.User}})
	}
}
