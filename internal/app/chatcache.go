package app

import (
	"context"
	"sync"
	"time"

	"github.com/kinshiprecovery/kinship/internal/realtime"
	"github.com/kinshiprecovery/kinship/internal/store"
)

// chatAccessCache keeps, on a SQLite node, what a group's chat page reads
// in its one statement (FindGroupChat): the group's part of its row, the
// person's row in it, the conversation's row (its kind, pair and numbers),
// the person's row in the conversation (their state and read marker), and
// everyone the person blocks or is blocked by. Under bench/usersim that
// statement was 7.1% of the node (113 µs a page, nearly all SQLite
// reading its pages again after the writer's commits), on half of all
// actions.
//
// The SQLite store tells (store.WriteWatcher) of every row of these
// tables its writer changes, whoever wrote it (a join, a leave, a
// removal, a block either way and its lifting, an archive, an edit of the
// group, a message, a read marker moved, an account's deletion and its
// cascade), once the write has committed and before the call that made it
// returns. A group's part, a membership and a person's blocks are dropped
// then; a conversation's row and a person's row in it are set to what
// the write left them (store.ChatRow), so that the page after a message
// or after the person's own marker moved reads nothing either; when that
// cannot be told (a deletion, a statement that failed) they are dropped.
// The generation moves with each, so a statement read before a commit is
// not kept after it. Told before the writing call returns, every page
// that starts after it answers as the statement would: a removal or a
// block holds from the next page on. A broker resync drops all, and so
// does another process's commit (an admin command on the same file),
// which FollowOtherWriters notices within OtherWritersEvery, as it does
// for the sessions, accounts, layouts and memberships the node keeps;
// so what is kept here is used only while FollowOtherWriters is asking
// (a node that does not follow other processes reads the statement on
// every page, and sees their commits at once), and never past
// layoutKeptFor.
//
// PostgreSQL's nodes keep nothing here and read the statement (with the
// page's layout in the same round trip): several processes write there,
// and a removal or a block made on one node reaches another only by the
// broker, later; there is no word of it on the other node's next page
// short of a read.
type chatAccessCache struct {
	mu      sync.Mutex
	on      bool
	gen     uint64
	groups  map[string]*keptChatGroup
	members map[store.MemberKey]*keptChatMember
	convs   map[string]*keptChatConv
	readers map[store.MemberKey]*keptChatReader
	blocked map[string]*keptChatBlocks
}

// The kept parts, each as read (nil: no row) and when; never changed once
// kept, only replaced.
type (
	keptChatGroup struct {
		g  store.Group
		at time.Time
	}
	keptChatMember struct {
		m  *store.GroupMember
		at time.Time
	}
	keptChatConv struct {
		c  *store.Conversation
		at time.Time
	}
	keptChatReader struct {
		r  *store.ConversationMember
		at time.Time
	}
	keptChatBlocks struct {
		ids []string // shared: read only
		at  time.Time
	}
)

// maxKeptChatAccess bounds each of the cache's maps; past it, that map starts
// again empty.
const maxKeptChatAccess = 200000

// fresh reports whether a part read at at may answer at now.
func fresh(at, now time.Time) bool { return now.Sub(at) < layoutKeptFor && !now.Before(at) }

// get answers FindGroupChat(groupID, userID) from what is kept, or nil
// when any part is missing; with the generation to keep a fresh read
// under, read before the database is.
func (c *chatAccessCache) get(groupID, userID string, now time.Time) (*store.GroupChat, uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.on {
		return nil, c.gen
	}
	k := store.MemberKey{GroupID: groupID, UserID: userID}
	g, m, cv, r, b := c.groups[groupID], c.members[k], c.convs[groupID], c.readers[k], c.blocked[userID]
	if g == nil || m == nil || cv == nil || r == nil || b == nil ||
		!fresh(g.at, now) || !fresh(m.at, now) || !fresh(cv.at, now) || !fresh(r.at, now) || !fresh(b.at, now) {
		return nil, c.gen
	}
	// One allocation for the answer, as the statement's reading makes.
	out := &struct {
		gc store.GroupChat
		g  store.Group
		m  store.GroupMember
		c  store.Conversation
		r  store.ConversationMember
	}{g: g.g}
	out.gc.Group, out.gc.Blocked = &out.g, b.ids
	if m.m != nil {
		out.m = *m.m
		out.gc.Member = &out.m
	}
	if cv.c != nil {
		out.c = *cv.c
		out.gc.Conversation = &out.c
	}
	if r.r != nil {
		out.r = *r.r
		out.gc.Reader = &out.r
	}
	return &out.gc, c.gen
}

// put keeps the parts of gc, read at at, unless something was dropped or
// set since gen was read.
func (c *chatAccessCache) put(groupID, userID string, gc *store.GroupChat, gen uint64, at time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.on || gen != c.gen {
		return
	}
	k := store.MemberKey{GroupID: groupID, UserID: userID}
	if c.groups == nil || len(c.groups) >= maxKeptChatAccess {
		c.groups = map[string]*keptChatGroup{}
	}
	c.groups[groupID] = &keptChatGroup{g: *gc.Group, at: at}
	if c.members == nil || len(c.members) >= maxKeptChatAccess {
		c.members = map[store.MemberKey]*keptChatMember{}
	}
	e := &keptChatMember{at: at}
	if gc.Member != nil {
		cp := *gc.Member
		e.m = &cp
	}
	c.members[k] = e
	if c.convs == nil || len(c.convs) >= maxKeptChatAccess {
		c.convs = map[string]*keptChatConv{}
	}
	cv := &keptChatConv{at: at}
	if gc.Conversation != nil {
		cp := *gc.Conversation
		cv.c = &cp
	}
	c.convs[groupID] = cv
	if c.readers == nil || len(c.readers) >= maxKeptChatAccess {
		c.readers = map[store.MemberKey]*keptChatReader{}
	}
	r := &keptChatReader{at: at}
	if gc.Reader != nil {
		cp := *gc.Reader
		r.r = &cp
	}
	c.readers[k] = r
	if c.blocked == nil || len(c.blocked) >= maxKeptChatAccess {
		c.blocked = map[string]*keptChatBlocks{}
	}
	c.blocked[userID] = &keptChatBlocks{ids: gc.Blocked, at: at}
}

// touched takes what a committed write changed (store.WriteWatcher), at
// now: the rows whose state it tells are set where kept, the rest
// dropped.
func (c *chatAccessCache) touched(t store.Touched, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	if t.All {
		c.groups, c.members, c.convs, c.readers, c.blocked = nil, nil, nil, nil, nil
		return
	}
	if t.ChatAll {
		c.groups, c.convs, c.readers, c.blocked = nil, nil, nil, nil
	}
	for _, id := range t.Groups {
		delete(c.groups, id)
	}
	for _, k := range t.Members {
		delete(c.members, k)
	}
	for _, u := range t.Blocks {
		delete(c.blocked, u)
	}
	for _, r := range t.Rows {
		if r.UserID == "" {
			if !r.Known {
				delete(c.convs, r.ConversationID)
			} else if c.convs[r.ConversationID] != nil {
				c.convs[r.ConversationID] = &keptChatConv{c: &store.Conversation{ID: r.ConversationID, Kind: r.State, Pair: r.Pair, LastSeq: r.LastSeq, LastChange: r.LastChange}, at: now}
			}
			continue
		}
		k := store.MemberKey{GroupID: r.ConversationID, UserID: r.UserID}
		if !r.Known {
			delete(c.readers, k)
		} else if c.readers[k] != nil {
			c.readers[k] = &keptChatReader{r: &store.ConversationMember{ConversationID: r.ConversationID, UserID: r.UserID, State: r.State, LastReadSeq: r.LastSeq}, at: now}
		}
	}
}

// changed drops all on a resync (a broker's, or another process's commit
// on SQLite: FollowOtherWriters).
func (c *chatAccessCache) changed(ev realtime.Event) {
	if ev.Kind == realtime.KindResync {
		c.touched(store.Touched{All: true}, time.Time{})
	}
}

// findGroupChat is the store's FindGroupChat, from this node's memory
// when everything it reads is kept (a SQLite node following other
// processes' commits: chatAccessCache).
func (a *App) findGroupChat(ctx context.Context, act *Actor, groupID string) (*store.GroupChat, error) {
	at := a.now()
	usable := a.others.asking.Load()
	gc, gen := a.chatAccess.get(groupID, act.User.ID, at)
	if gc != nil && usable {
		return gc, nil
	}
	gc, err := a.store.FindGroupChat(a.layoutAlongside(ctx, act), groupID, act.User.ID)
	if err != nil {
		return nil, err
	}
	if usable {
		a.chatAccess.put(groupID, act.User.ID, gc, gen, at)
	}
	return gc, nil
}
