package app

import (
	"context"
	"slices"
	"sync"
	"time"

	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/realtime"
)

// sessionCache keeps, on each node, the sessions it found valid and their
// accounts for a short while (sessionCacheTTL), so that a page, the socket
// it opens and the socket's requests check the session once between them
// rather than with two database reads each. Under bench/usersim the check
// on every request was 6-8% of a node's CPU.
//
// A session's end and every change to what the check reads (the account's
// role, second factor, language, email, deletion; a session's second
// factor done or password confirmed) is published (realtime.
// KindSessionEnded or KindAccount) once it has committed, and every node
// drops that person's entries when it sees it, as this node does at once.
// A broker resync drops all, and so does a commit by another process on
// SQLite (FollowOtherWriters). What is cached is checked again on each use
// (expiry, idleness), and anything it does not pass is read afresh.
type sessionCache struct {
	mu      sync.Mutex
	gen     uint64
	byToken map[string]*cachedSession // by token hash
	byID    map[string]*cachedSession // by session ID
}

// cachedSession is a session as read from the database and its account.
type cachedSession struct {
	s  model.Session
	u  model.User
	at time.Time // when it was read
}

// sessionCacheTTL is how long a session read from the database is used
// without reading it again. Changes made through any node are seen at
// once whatever it is, and on SQLite, which has no broker, a change made
// by another process within about OtherWritersEvery (FollowOtherWriters).
const sessionCacheTTL = 30 * time.Second

// maxCachedSessions bounds the cache; past it, it starts again empty.
const maxCachedSessions = 100000

// get returns a copy of the entry of a token hash (or, when hash is "",
// of session id of user) read less than sessionCacheTTL before now, and
// the cache's generation.
func (c *sessionCache) get(hash, id, user string, now time.Time) (*cachedSession, uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	var e *cachedSession
	if hash != "" {
		e = c.byToken[hash]
	} else {
		e = c.byID[id]
	}
	if e == nil || now.Sub(e.at) >= sessionCacheTTL || now.Before(e.at) || (user != "" && e.s.UserID != user) {
		return nil, c.gen
	}
	cp := *e
	return &cp, c.gen
}

// generation is the cache's generation, read before the database is.
func (c *sessionCache) generation() uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.gen
}

// put keeps a session and its account, read at `at`, unless something was
// dropped since gen was read (the database may have been read before the
// change that dropped it).
func (c *sessionCache) put(s *model.Session, u *model.User, at time.Time, gen uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.gen {
		return
	}
	if c.byID == nil || len(c.byID) >= maxCachedSessions {
		c.byToken, c.byID = map[string]*cachedSession{}, map[string]*cachedSession{}
	}
	e := &cachedSession{s: *s, u: *u, at: at}
	e.u.MFASecretEnc = slices.Clone(u.MFASecretEnc)
	if old := c.byID[s.ID]; old != nil {
		delete(c.byToken, old.s.TokenHash)
	}
	c.byToken[s.TokenHash], c.byID[s.ID] = e, e
}

// seen records the activity time written for a cached session.
func (c *sessionCache) seen(id string, at time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e := c.byID[id]; e != nil && at.After(e.s.LastSeenAt) {
		e.s.LastSeenAt = at
	}
}

// drop forgets every session of user ("" forgets all).
func (c *sessionCache) drop(user string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	if user == "" {
		c.byToken, c.byID = nil, nil
		return
	}
	for id, e := range c.byID {
		if e.s.UserID == user {
			delete(c.byID, id)
			delete(c.byToken, e.s.TokenHash)
		}
	}
}

// changed drops what an event says has changed; it sees this node's own
// events and every other node's.
func (c *sessionCache) changed(ev realtime.Event) {
	switch ev.Kind {
	case realtime.KindSessionEnded, realtime.KindAccount:
		c.drop(ev.User)
	case realtime.KindResync:
		c.drop("")
	}
}

// accountChanged tells every node that what the session check reads of
// userID changed: call it once the change has committed.
func (a *App) accountChanged(ctx context.Context, userID string) {
	a.publish(ctx, realtime.Event{Kind: realtime.KindAccount, User: userID})
}

// accountToChange reads the actor's account afresh before a change to it
// is written whole. The actor's copy may come from this node's session
// cache, up to sessionCacheTTL old when another node's change has not yet
// reached it over the broker: a change written from that copy would undo
// the other (a language set on one node, then email turned off on another
// behind a round-robin balancer), and a second factor begun on one node
// would be "not begun" on the next. The actor's account (the same
// value, which the request's other readers share) is made the fresh one.
func (a *App) accountToChange(ctx context.Context, act *Actor) error {
	u, err := a.store.FindUserByID(ctx, act.User.ID)
	if err != nil {
		return err
	}
	*act.User = *u
	return nil
}

// actorOf is a request's actor from a cached session: copies, which the
// request may change without changing the cache. Activity is recorded as
// Authenticate records it, at most once a minute.
func (a *App) actorOf(ctx context.Context, e *cachedSession, now time.Time) *Actor {
	s, u := e.s, e.u
	u.MFASecretEnc = slices.Clone(e.u.MFASecretEnc)
	a.touch(ctx, &s, now)
	return &Actor{User: &u, Session: &s}
}

// touch writes a session's activity when the last was over a minute ago.
func (a *App) touch(ctx context.Context, s *model.Session, now time.Time) {
	if now.Sub(s.LastSeenAt) <= time.Minute {
		return
	}
	s.LastSeenAt = now
	if err := a.store.UpdateSession(ctx, s); err != nil {
		a.log.Warn("session activity not saved", "err", err)
		return
	}
	a.sessions.seen(s.ID, now)
}

// live reports whether a session has neither expired nor gone idle.
func (a *App) live(s *model.Session, now time.Time) bool {
	return !now.After(s.ExpiresAt) && now.Sub(s.LastSeenAt) <= a.opts.SessionIdle
}
