package app

import (
	"container/list"
	"context"
	"encoding/json"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/kinshiprecovery/kinship/internal/realtime"
	"github.com/kinshiprecovery/kinship/internal/store"
)

// chatViews keeps, on each node, the recent messages of the group
// conversations read on it lately, as the views a chat page and a
// history show: each body opened, its state, reason, mentions, reactions
// (who gave each) and the reactions that fit it. Every member who opened
// a group's chat had the same last 50 messages opened and viewed again
// (about a tenth of a node's CPU under bench/usersim); now a page copies
// the kept views and does only what is its viewer's own: it leaves out
// the messages of people the viewer blocks or is blocked by and the held
// messages of others, names each author as this node names them now (the
// display names' own cache, not the kept views), and writes a milestone
// card in the viewer's language. Which reactions are the viewer's, and
// what the viewer may do with each message, the page reads from the views
// as before.
//
// What is kept is kept under the conversation's sequence and change
// numbers, which every chat page and every history reads fresh from the
// database in its one statement of access (FindGroupChat,
// FindConversationReader), on SQLite and on PostgreSQL alike: a send, an
// edit, a delete, a hold and its release, a removal, a hide, a reaction
// and an erased account each raise the change number in the same
// transaction, so the next page on any node sees other numbers at once,
// whatever the broker's delay. It then reads only the messages changed
// since the numbers it keeps (ListChangedMessages), not the page: each
// change number in between must be a message's change now, or something
// was taken out that no row tells (an erased account's messages and
// reactions) and the page is read again whole. Rows are read after the
// numbers they are kept under, so nothing kept is older than its numbers.
//
// Bodies are opened in memory only, as every page opened them before,
// and never written anywhere. A conversation's views are dropped when
// nobody on the node has read it for chatKeptFor, when the cache is past
// its bounds (least recently read first), and at once, on every node that
// hears the event, when one of its messages is deleted, removed, hidden,
// held or edited, or an author's sessions are all ended (an erased
// account, a ban), or the broker may have missed events.
type chatViews struct {
	mu     sync.Mutex
	byConv map[string]*list.Element // of *keptChat
	lru    list.List                // most recently read first
	bytes  int
	// sweeping is set while a timer will drop what was not read lately.
	sweeping bool
	// gen moves whenever something is dropped: views read before a drop
	// are not kept after it (they may hold the words it let go).
	gen uint64
}

// keptChat is one conversation's recent views under its numbers: every
// message with a sequence number from views[0]'s up, oldest first (none
// missing), and, when complete, every message of the conversation. It is
// shared and never changed: a newer entry replaces it.
type keptChat struct {
	conv        string
	seq, change int64
	views       []*MessageView
	complete    bool
	bytes       int
	read        time.Time
	// names are its authors' display names as the pages that showed its
	// views last looked them up (see chatNames): the one part set after
	// it is kept.
	names atomic.Pointer[chatNames]
}

const (
	// chatKeptFor drops what nobody on the node has read lately.
	chatKeptFor = 10 * time.Minute
	// maxKeptChats and maxKeptChatBytes bound the cache; past either, the
	// conversations read least lately are dropped.
	maxKeptChats     = 2000
	maxKeptChatBytes = 48 << 20
	// maxKeptMessages bounds one conversation's views (four pages of 50).
	maxKeptMessages = 201
	// maxPatch is the most changes a page catches up on from what is kept;
	// past it, it reads the page whole.
	maxPatch = 64
)

// viewSize is about what a view keeps in memory: the view itself (about
// 330 bytes on a 64-bit machine), its words and reason, and the ids it
// lists (each a 26-byte ULID shared with the rows read, and its string
// header).
func viewSize(v *MessageView) int {
	n := 330 + len(v.Body) + len(v.Reason) + 16*len(v.Mentions)
	for _, r := range v.Reactions {
		n += 80 + 16*len(r.MemberIDs)
	}
	return n
}

// get returns conv's views (nil when none) and the generation to keep
// views read from now on under.
func (c *chatViews) get(conv string) (*keptChat, uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el := c.byConv[conv]
	if el == nil {
		return nil, c.gen
	}
	e := el.Value.(*keptChat)
	if time.Since(e.read) >= chatKeptFor {
		c.remove(el)
		return nil, c.gen
	}
	c.lru.MoveToFront(el)
	return e, c.gen
}

// put keeps e, read since gen, unless something was dropped since or
// what is kept of its conversation is newer (or as new and holds more).
func (c *chatViews) put(e *keptChat, gen uint64) {
	e.read = time.Now()
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.gen {
		return
	}
	if c.byConv == nil {
		c.byConv = map[string]*list.Element{}
	}
	if el := c.byConv[e.conv]; el != nil {
		old := el.Value.(*keptChat)
		if old.change > e.change || old.seq > e.seq || old.change == e.change && old.seq == e.seq && len(old.views) >= len(e.views) && old.views[0].Seq <= e.views[0].Seq {
			c.lru.MoveToFront(el)
			return
		}
		c.remove(el)
	}
	c.byConv[e.conv] = c.lru.PushFront(e)
	c.bytes += e.bytes
	for c.lru.Len() > maxKeptChats || c.bytes > maxKeptChatBytes {
		c.remove(c.lru.Back())
	}
	if !c.sweeping {
		c.sweeping = true
		time.AfterFunc(chatKeptFor, c.sweep)
	}
}

// remove drops el. The caller holds c.mu.
func (c *chatViews) remove(el *list.Element) {
	e := el.Value.(*keptChat)
	c.lru.Remove(el)
	delete(c.byConv, e.conv)
	c.bytes -= e.bytes
}

// sweep drops what nobody read for chatKeptFor, and comes back while
// anything is kept.
func (c *chatViews) sweep() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for el := c.lru.Back(); el != nil && time.Since(el.Value.(*keptChat).read) >= chatKeptFor; el = c.lru.Back() {
		c.remove(el)
	}
	if c.lru.Len() == 0 {
		c.sweeping = false
		return
	}
	time.AfterFunc(chatKeptFor/4, c.sweep)
}

// drop forgets conv's views.
func (c *chatViews) drop(conv string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	if el := c.byConv[conv]; el != nil {
		c.remove(el)
	}
}

// dropAuthor forgets every conversation holding a message of author.
func (c *chatViews) dropAuthor(author string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	for el := c.lru.Front(); el != nil; {
		next := el.Next()
		if slices.ContainsFunc(el.Value.(*keptChat).views, func(v *MessageView) bool { return v.Author.ID == author }) {
			c.remove(el)
		}
		el = next
	}
}

// dropAll forgets everything.
func (c *chatViews) dropAll() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	c.byConv, c.bytes = nil, 0
	c.lru.Init()
}

// chatChanged follows the events every node hears: a message's words gone or
// changed (deleted, removed, hidden, held, edited) drops its
// conversation's views, so its old words are kept nowhere; a reaction, or
// a new message, drops nothing (the next page reads the change by the
// numbers). An account whose sessions all end drops every conversation
// holding its messages; a resync drops all.
// The newest pages of sealed rows (pageCache) follow the same events.
func (a *App) chatChanged(ev realtime.Event) {
	frame := ev.Frame
	if ev.Kind == realtime.KindChange && frame == nil && ev.Sealed != nil && a.box != nil {
		frame, _ = realtime.OpenFrame(a.box, ev)
	}
	a.pages.changed(ev, a.chats.changed(ev, frame))
}

// changed is chatChanged with the change's frame (nil when this node
// could not read it: what is kept of the message is then dropped). It
// reports whether a change let a message's words go (or may have: its
// frame could not be read).
func (c *chatViews) changed(ev realtime.Event, frame []byte) (letGo bool) {
	switch ev.Kind {
	case realtime.KindResync:
		c.dropAll()
	case realtime.KindSessionEnded:
		if ev.Session == "" && ev.User != "" {
			c.dropAuthor(ev.User)
		}
	case realtime.KindChange:
		c.mu.Lock()
		el := c.byConv[ev.Conv]
		var kept *MessageView
		if el != nil {
			e := el.Value.(*keptChat)
			for _, v := range e.views {
				if v.ID == ev.Message {
					kept = v
					break
				}
			}
		}
		c.mu.Unlock()
		var f struct {
			Message struct {
				State    string `json:"state"`
				Body     string `json:"body"`
				EditedAt any    `json:"edited_at"`
			} `json:"message"`
		}
		readable := json.Unmarshal(frame, &f) == nil
		letGo = !readable || f.Message.State != "visible" || f.Message.EditedAt != nil
		if kept == nil {
			// Nothing of it kept here, but a page may be reading it now:
			// words let go (deleted, removed, hidden, held, edited) move
			// the generation, so that such a page keeps none of what it read.
			if letGo {
				c.drop(ev.Conv)
			}
			return letGo
		}
		if !readable || f.Message.State != kept.State || f.Message.State == "visible" && kept.Milestone == nil && f.Message.Body != kept.Body {
			c.drop(ev.Conv)
		}
	}
	return letGo
}

// readChat reads conv's newest n messages whole and keeps their views
// under c's numbers (read before them). The views of old, what was kept
// before, serve again for the messages whose change number and reactions
// are the same (an erased account takes its reactions without changing
// the messages they were on).
func (a *App) readChat(ctx context.Context, c *store.Conversation, n int, gen uint64, old *keptChat) (*keptChat, error) {
	ms, err := a.store.ListMessages(ctx, c.ID, 0, 0, n, true)
	if err != nil {
		return nil, err
	}
	e := &keptChat{conv: c.ID, seq: c.LastSeq, change: c.LastChange, complete: len(ms) < n}
	if old == nil {
		e.views = ptrs(a.pageViews(ctx, make([]MessageView, 0, len(ms)), ms, func(*store.StoredMessage) bool { return true }))
	} else {
		byID := make(map[string]*MessageView, len(old.views))
		for _, v := range old.views {
			byID[v.ID] = v
		}
		same := func(m *store.StoredMessage) bool {
			v := byID[m.ID]
			return v != nil && v.Change == m.Change && sameReactions(v, m)
		}
		fresh := ptrs(a.pageViews(ctx, make([]MessageView, 0, len(ms)), ms, func(m *store.StoredMessage) bool { return !same(m) }))
		e.views = make([]*MessageView, 0, len(ms))
		for _, m := range ms {
			if same(m) {
				e.views = append(e.views, byID[m.ID])
				delete(byID, m.ID)
			} else {
				e.views, fresh = append(e.views, fresh[0]), fresh[1:]
			}
		}
		// Words no longer shown (an erased account's) may be in the
		// strings the views kept share: those are copied apart.
		for _, v := range byID {
			if v.Body != "" {
				e.views = repack(e.views)
				break
			}
		}
	}
	e.size()
	if len(e.views) > 0 {
		a.chats.put(e, gen)
	}
	return e, nil
}

// sameReactions reports whether v counts m's reactions as they are.
func sameReactions(v *MessageView, m *store.StoredMessage) bool {
	n := 0
	for _, r := range v.Reactions {
		ids := m.Reactions[r.Kind]
		if !slices.Equal(r.MemberIDs, ids) {
			return false
		}
		n += len(ids)
	}
	all := 0
	for _, ids := range m.Reactions {
		all += len(ids)
	}
	return n == all
}

func (e *keptChat) size() {
	e.bytes = 0
	for _, v := range e.views {
		e.bytes += viewSize(v)
	}
}

// bySeq orders views by sequence number.
func bySeq(x *MessageView, seq int64) int {
	switch {
	case x.Seq < seq:
		return -1
	case x.Seq > seq:
		return 1
	}
	return 0
}

// patchChat brings e to c's numbers from the messages changed since its
// own, or returns nil when it cannot tell (a change no message holds, or
// too many changes): the caller reads the page whole.
func (a *App) patchChat(ctx context.Context, c *store.Conversation, e *keptChat, gen uint64) (*keptChat, error) {
	n := c.LastChange - e.change
	if n <= 0 || n > maxPatch || c.LastSeq < e.seq {
		return nil, nil
	}
	ms, err := a.store.ListChangedMessages(ctx, c.ID, e.change, c.LastChange, maxPatch+1)
	if err != nil {
		return nil, err
	}
	return a.applyChanges(ctx, c.ID, c.LastSeq, c.LastChange, e, ms, gen), nil
}

// keepSent brings what this node keeps of a group's chat to a message it
// has just committed there, from the message as it was stored, when what
// is kept is at the change just before the message's (nothing else was
// changed between): the next page on this node then reads nothing of it,
// where it read it back (patchChat). Anything else is left to the next
// page, as before.
func (a *App) keepSent(ctx context.Context, m *store.StoredMessage) {
	e, gen := a.chats.get(m.ConversationID)
	if e == nil || e.change != m.Change-1 || e.seq != m.Seq-1 {
		return
	}
	// The row as the store reads it back: its time to the microsecond,
	// in UTC; no mentions as none; not edited, no reactions yet.
	row := *m
	row.CreatedAt = time.UnixMicro(m.CreatedAt.UnixMicro()).UTC()
	row.EditedAt, row.Reactions = nil, nil
	if len(row.Mentions) == 0 {
		row.Mentions = nil
	}
	a.applyChanges(ctx, m.ConversationID, m.Seq, m.Change, e, []*store.StoredMessage{&row}, gen)
}

// applyChanges keeps e brought to the numbers seq and change by ms, the
// messages changed since e's change in the order of their changes, and
// returns it; nil when ms are not every change between.
func (a *App) applyChanges(ctx context.Context, conv string, seq, change int64, e *keptChat, ms []*store.StoredMessage, gen uint64) *keptChat {
	// Every change number in (e.change, change] must be a message's
	// change now; one that is none took rows out (an erased account), or
	// was made again since (the page is then read whole: it cannot tell).
	if int64(len(ms)) != change-e.change {
		return nil
	}
	for i, m := range ms {
		if m.Change != e.change+1+int64(i) {
			return nil
		}
	}
	lo := e.views[0].Seq
	changed := ms[:0:0]
	for _, m := range ms {
		if m.Seq >= lo {
			changed = append(changed, m)
		}
	}
	fresh := ptrs(a.pageViews(ctx, make([]MessageView, 0, len(changed)), changed, func(*store.StoredMessage) bool { return true }))
	// The views are shared pointers: a new entry copies the pointers, not
	// the views, and a change replaces its message's alone.
	views := make([]*MessageView, len(e.views), len(e.views)+len(fresh))
	copy(views, e.views)
	gone := false
	for _, v := range fresh {
		i, found := slices.BinarySearchFunc(views, v.Seq, bySeq)
		if found {
			gone = gone || views[i].Body != v.Body
			views[i] = v
		} else {
			views = slices.Insert(views, i, v)
		}
	}
	out := &keptChat{conv: conv, seq: seq, change: change, views: views, complete: e.complete}
	if len(out.views) > maxKeptMessages {
		out.views, out.complete = slices.Clip(out.views[len(out.views)-maxKeptMessages:]), false
	}
	if gone {
		// The words replaced (deleted, removed, hidden, held, edited) are
		// in the strings the other views' bodies are parts of: those are
		// copied into one string of their own, so no old words stay kept.
		out.views = repack(out.views)
	}
	out.size()
	a.chats.put(out, gen)
	return out
}

// repack gives views copies whose bodies are one new string of their own.
func repack(views []*MessageView) []*MessageView {
	size := 0
	for _, v := range views {
		size += len(v.Body)
	}
	var b strings.Builder
	b.Grow(size)
	for _, v := range views {
		b.WriteString(v.Body)
	}
	all, at := b.String(), 0
	copies := make([]MessageView, len(views))
	out := make([]*MessageView, len(views))
	for i, v := range views {
		copies[i] = *v
		copies[i].Body = all[at : at+len(v.Body)]
		at += len(v.Body)
		out[i] = &copies[i]
	}
	return out
}

// ptrs points at each of vs.
func ptrs(vs []MessageView) []*MessageView {
	out := make([]*MessageView, len(vs))
	for i := range vs {
		out[i] = &vs[i]
	}
	return out
}

// extendChat adds to e, kept under c's numbers now, the messages before
// before (0: all) that ms, the newest limit+1 of them read after c's
// numbers, holds, when they reach e's first: nothing between them is then
// missing.
func (a *App) extendChat(ctx context.Context, c *store.Conversation, e *keptChat, before int64, limit int, ms []*store.StoredMessage, gen uint64) *keptChat {
	lo := e.views[0].Seq
	room := maxKeptMessages - len(e.views)
	if before != 0 && before < lo || room <= 0 {
		return e
	}
	older := ms[:0:0]
	for _, m := range ms {
		if m.Seq < lo {
			older = append(older, m)
		}
	}
	// ms holds every message before before when it holds fewer than asked.
	complete := len(ms) < limit+1
	if len(older) > room {
		older, complete = older[len(older)-room:], false
	}
	views := ptrs(a.pageViews(ctx, make([]MessageView, 0, len(older)), older, func(*store.StoredMessage) bool { return true }))
	views = append(views, e.views...)
	out := &keptChat{conv: c.ID, seq: c.LastSeq, change: c.LastChange, views: views, complete: complete}
	out.size()
	a.chats.put(out, gen)
	return out
}

// answer is what the store's ListMessages(after, before, limit+1) would
// return, from e, or false when e does not hold all of it.
func (e *keptChat) answer(after, before int64, limit int) ([]*MessageView, bool) {
	to := len(e.views)
	if before > 0 {
		to, _ = slices.BinarySearchFunc(e.views, before, bySeq)
	}
	if after == 0 {
		if to >= limit+1 {
			return e.views[to-limit-1 : to], true
		}
		return e.views[:to], e.complete
	}
	if after < e.views[0].Seq-1 && !e.complete {
		return nil, false
	}
	from, _ := slices.BinarySearchFunc(e.views, after+1, bySeq)
	from = min(from, to)
	return e.views[from:min(to, from+limit+1)], true
}

// keptMessages answers a group's history, what the store's
// ListMessages(after, before, limit+1) returns as views, from the views
// kept of it, brought to c's numbers (just read) first; false when it
// cannot, and the caller reads the store.
func (a *App) keptMessages(ctx context.Context, c *store.Conversation, after, before int64, limit int) ([]*MessageView, *keptChat, bool, error) {
	e, gen := a.chats.get(c.ID)
	old := e
	if e != nil && (e.seq < c.LastSeq || e.change < c.LastChange) {
		// (An entry newer than c's numbers, kept by a page read since, is
		// used as it is: what is read after the numbers may be newer.)
		var err error
		if e, err = a.patchChat(ctx, c, e, gen); err != nil {
			return nil, nil, false, err
		}
	}
	if e == nil {
		if after != 0 || before != 0 {
			return nil, nil, false, nil
		}
		var err error
		if e, err = a.readChat(ctx, c, max(limit+1, 51), gen, old); err != nil {
			return nil, nil, false, err
		}
	}
	if len(e.views) == 0 {
		return nil, e, after == 0 && e.complete, nil
	}
	if vs, ok := e.answer(after, before, limit); ok {
		return vs, e, true, nil
	}
	if after != 0 {
		return nil, nil, false, nil
	}
	// Earlier messages than those kept: read them and keep them too.
	ms, err := a.store.ListMessages(ctx, c.ID, 0, before, limit+1, true)
	if err != nil {
		return nil, nil, false, err
	}
	if e.seq == c.LastSeq && e.change == c.LastChange {
		e = a.extendChat(ctx, c, e, before, limit, ms, gen)
		if vs, ok := e.answer(after, before, limit); ok {
			return vs, e, true, nil
		}
	}
	return ptrs(a.pageViews(ctx, make([]MessageView, 0, len(ms)), ms, func(*store.StoredMessage) bool { return true })), nil, true, nil
}
