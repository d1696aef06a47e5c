// Package realtime delivers conversation events to connected members, on
// one node or many. The node where a change commits delivers it to its own
// subscribers at once and tells the other nodes through a Broker; a node
// that hears of a change delivers it to its subscribers, loading from the
// database whatever it lacks. Every delivery is checked against the
// subscriber's current access (membership and blocks), kept in memory and
// changed by the same stream of events, so a removed or blocked member's
// open socket receives nothing more.
package realtime

import (
	"context"
	"errors"
	"log/slog"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// Event kinds.
const (
	// KindChange is a new, edited, deleted, removed or reacted-to message.
	KindChange = "change"
	// KindRemoved ends User's access to Conv (left, removed, thread closed).
	KindRemoved = "removed"
	// KindBlock records that User blocks Other; KindUnblock lifts it.
	KindBlock   = "block"
	KindUnblock = "unblock"
	// KindUser tells every open page of User that something needs them
	// (Note names what, Link where); it carries no text.
	KindUser = "user"
	// KindSessionEnded closes User's sockets: those of Session when it is
	// set, otherwise all of them but Keep's. Note says why (SessionReason*).
	// Signing out, revoking sessions, a password change, a two-factor reset,
	// a role change, a suspension or ban and account deletion send it.
	KindSessionEnded = "session_ended"
	// KindAccess says that what access checks read of Conv changed (its
	// group was edited or archived): nodes drop what they cached of it.
	KindAccess = "access"
	// KindAccount says that what the session check reads of User changed
	// (the account, or a session's second factor or confirmation), or their
	// display name: nodes drop the sessions and the name of User they
	// cached.
	KindAccount = "account"
	// KindCrisisLines says that an admin changed the crisis lines: nodes
	// drop their copy.
	KindCrisisLines = "crisis_lines"
	// KindResync: a node's observer sees it when the broker may have
	// missed events, and drops everything it cached. A node sends it when
	// one of its events failed to reach the others: they catch up.
	KindResync = "resync"
)

// Why a socket was closed by KindSessionEnded, as its close frame says.
const (
	// ReasonSignedOut: the session ended; the person must sign in again.
	ReasonSignedOut = "signed_out"
	// ReasonAccountChanged: the account changed (role, suspension, ban);
	// the session is still good and the client may reconnect.
	ReasonAccountChanged = "account_changed"
)

// Event is one thing that happened, as nodes tell each other. Frame is the
// encoded message for clients, made once; a node that receives an event
// without a Frame loads it.
type Event struct {
	Node    string `json:"n,omitempty"`
	Kind    string `json:"k"`
	Conv    string `json:"c,omitempty"`
	Change  int64  `json:"ch,omitempty"`
	Author  string `json:"a,omitempty"`
	User    string `json:"u,omitempty"`
	Other   string `json:"o,omitempty"`
	Message string `json:"m,omitempty"`
	Note    string `json:"t,omitempty"`
	Link    string `json:"l,omitempty"`
	Session string `json:"s,omitempty"`
	Keep    string `json:"kp,omitempty"`
	// Only, when set, limits a change to that member's sockets: a message
	// held for a moderator is seen by its author alone.
	Only  string `json:"only,omitempty"`
	Frame []byte `json:"-"`
	// Sealed is a change's frame sealed with the instance's key for the
	// other nodes (see Hub.SetSealer): a node that opens it fans the change
	// out without reading it from the database. It is left out when the
	// frame would make the event too large, and a node that cannot open it
	// reads the change as before.
	Sealed []byte `json:"sf,omitempty"`
}

// Sealer seals and opens with the instance's key, which every node holds.
type Sealer interface {
	Seal(plain, aad []byte) []byte
	Open(sealed, aad []byte) ([]byte, error)
}

// frameAAD binds a sealed frame to the change it is the frame of.
func frameAAD(ev Event) []byte {
	return []byte("realtime-frame:" + ev.Conv + ":" + strconv.FormatInt(ev.Change, 10) + ":" + ev.Message + ":" + ev.Author + ":" + ev.Only)
}

// OpenFrame is a change's frame as another node sealed it (Event.Sealed),
// for an observer that reads what changed (the hub opens it only to fan
// it out).
func OpenFrame(s Sealer, ev Event) ([]byte, error) {
	return s.Open(ev.Sealed, frameAAD(ev))
}

// Source answers the hub's questions about the database.
type Source interface {
	// Changes returns the first limit change events of conv in (after,
	// upTo] (upTo 0: no bound), in order, each with its frame and author.
	// The hub reads a long catch-up a page at a time with it.
	Changes(ctx context.Context, conv string, after, upTo int64, limit int) ([]Event, error)
	// LastChange returns the conversation's latest change number.
	LastChange(ctx context.Context, conv string) (int64, error)
	// CanRead reports whether userID may follow conv now.
	CanRead(ctx context.Context, userID, conv string) bool
	// Blocked returns the members userID blocks or is blocked by.
	Blocked(ctx context.Context, userID string) ([]string, error)
	// SessionValid reports whether sessionID of userID is still signed in
	// (not ended, expired or idle, the account not deleted). It is asked
	// before socket requests, so it may be answered from the database.
	SessionValid(ctx context.Context, userID, sessionID string) bool
	// Standing sums up what an open socket carries of userID's account
	// (its role, a suspension or ban) in a string that changes when any
	// of it does. It is read from the database when a socket opens and
	// when another process may have changed the account (Recheck).
	Standing(ctx context.Context, userID string) (string, error)
	// Opening returns what Standing and Blocked would, in one read: a
	// socket asks it when it opens.
	Opening(ctx context.Context, userID string) (standing string, blocked []string, err error)
}

// Broker carries events between nodes.
type Broker interface {
	// Publish tells the other nodes of ev (without its frame).
	Publish(ctx context.Context, ev Event) error
	// Run delivers events from other nodes to h until ctx ends, calling
	// h.Resync after any interruption in which events may have been missed.
	Run(ctx context.Context, h Receiver) error
}

// Receiver takes events from a Broker.
type Receiver interface {
	Receive(ev Event)
	Resync()
}

type convState struct {
	mu   sync.Mutex // serializes delivery within the conversation
	last int64      // last change delivered on this node
	subs map[*Client]struct{}
}

// Hub is one node's set of connected clients and their subscriptions.
type Hub struct {
	node   string
	src    Source
	broker Broker
	log    *slog.Logger

	// observe, if set, also sees every event from another node (the app
	// drops what it cached about an account changed elsewhere).
	observe func(Event)

	// sealer, if set, seals the frames of this node's changes for the
	// other nodes and opens theirs.
	sealer Sealer

	mu    sync.Mutex
	convs map[string]*convState
	users map[string][]*Client // a member has few sockets

	// accountEvents counts the events delivered here that change what a
	// socket takes when it opens (blocks, an account's standing or
	// session, a resync): a socket that opened while one was delivered,
	// before it was among the sockets the event reaches, reads again.
	accountEvents atomic.Uint64

	// missed is set when an event of this node's failed to reach the
	// others and they have not yet been asked to resync since; telling
	// while a goroutine asks them (othersMissed).
	missedMu sync.Mutex
	missed   bool
	telling  bool
	notes    []Event // the notices (KindUser) that failed to leave
	closed   chan struct{}
	closing  sync.Once
}

// SetSealer has the hub send each change's frame to the other nodes sealed
// with the instance's key, and open the frames they send, so that a node
// hearing of a change fans it out without reading it from the database
// (which cost a node about as much as a fifth to a half of the send
// itself, BENCHMARKS.md "Three nodes"). The broker (PostgreSQL's
// notification queue, NATS) sees it sealed, as the database holds it.
// Call it before the broker runs.
func (h *Hub) SetSealer(s Sealer) { h.sealer = s }

// NewHub returns a hub for the node, answering from src and telling other
// nodes through broker (nil: this node is alone).
func NewHub(node string, src Source, broker Broker, log *slog.Logger) *Hub {
	return &Hub{node: node, src: src, broker: broker, log: log, convs: map[string]*convState{}, users: map[string][]*Client{}, closed: make(chan struct{})}
}

// Node names this node in events.
func (h *Hub) Node() string { return h.node }

// Publish delivers ev to this node's subscribers and tells the other nodes.
// Call it after the change has committed.
func (h *Hub) Publish(ctx context.Context, ev Event) {
	ev.Node = h.node
	h.deliver(ctx, ev)
	if h.broker != nil {
		if h.sealer != nil && ev.Kind == KindChange && ev.Frame != nil && len(ev.Frame) <= maxSealedFrame {
			ev.Sealed = h.sealer.Seal(ev.Frame, frameAAD(ev))
		}
		if err := h.broker.Publish(ctx, ev); err != nil {
			h.log.Warn("realtime: publish to other nodes; they will catch up from the database", "err", err)
			h.othersMissed(ev)
		}
	}
}

// othersMissed has the other nodes catch up from the database (Resync)
// after an event of this node's failed to reach them: their own broker
// connections saw nothing missing, so a session's end, a removal or a
// block would otherwise reach their sockets only at a next request, or
// never for a page that only listens. A resync is asked on a goroutine,
// again until the broker takes it (the database or NATS back), once for
// any number of failures meanwhile; the changes themselves committed
// before they were published, so a catch-up after the failure finds them
// all. A notice (KindUser: "something needs you", a call for support to
// those on duty) is in no database a catch-up reads: it is held (the
// last maxHeldNotes) and sent again once the ask is taken.
func (h *Hub) othersMissed(ev Event) {
	h.missedMu.Lock()
	h.missed = true
	if ev.Kind == KindUser {
		if len(h.notes) == maxHeldNotes {
			h.notes = h.notes[1:]
		}
		h.notes = append(h.notes, ev)
	}
	start := !h.telling
	h.telling = true
	h.missedMu.Unlock()
	if start {
		go h.tellResync()
	}
}

// maxHeldNotes bounds the notices a node holds while its broker fails.
const maxHeldNotes = 256

// tellResync publishes KindResync, then the notices held, until they are
// taken after the last failure it was asked for, or the hub is closed.
// After an ask is taken the next waits resyncSpacing: a database failing
// again and again would otherwise have every node ask the database about
// every socket many times a second.
func (h *Hub) tellResync() {
	backoff := 50 * time.Millisecond
	for {
		h.missedMu.Lock()
		if !h.missed {
			h.telling = false
			h.missedMu.Unlock()
			return
		}
		h.missed = false
		notes := h.notes
		h.notes = nil
		h.missedMu.Unlock()
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		err := h.broker.Publish(ctx, Event{Node: h.node, Kind: KindResync})
		for err == nil && len(notes) > 0 {
			if err = h.broker.Publish(ctx, notes[0]); err == nil {
				notes = notes[1:]
			}
		}
		cancel()
		wait := resyncSpacing
		if err != nil {
			h.missedMu.Lock()
			h.missed = true
			h.notes = append(notes, h.notes...)
			if n := len(h.notes); n > maxHeldNotes {
				h.notes = h.notes[n-maxHeldNotes:]
			}
			h.missedMu.Unlock()
			wait, backoff = backoff, min(2*backoff, 2*time.Second)
		} else {
			backoff = 50 * time.Millisecond
		}
		select {
		case <-h.closed:
			h.missedMu.Lock()
			h.telling = false
			h.missedMu.Unlock()
			return
		case <-time.After(wait):
		}
	}
}

// Settle waits until nothing is left to tell the other nodes after a
// failed publish (othersMissed), or ctx ends; it reports whether nothing
// is. A command that publishes and exits calls it.
func (h *Hub) Settle(ctx context.Context) bool {
	for {
		h.missedMu.Lock()
		done := !h.telling // (it stops only once all was told)
		h.missedMu.Unlock()
		if done {
			return true
		}
		select {
		case <-ctx.Done():
			return false
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// resyncSpacing is the least time between two asks to the other nodes to
// catch up.
const resyncSpacing = time.Second

// Receive takes an event from another node.
func (h *Hub) Receive(ev Event) {
	if ev.Node == h.node {
		return
	}
	if ev.Kind == KindResync {
		// Another node's event failed to reach this one (othersMissed).
		h.Resync()
		return
	}
	ev.Frame = nil
	if h.observe != nil {
		h.observe(ev)
	}
	h.deliver(context.Background(), ev)
}

// Observe has f see every event from another node, before it is delivered.
// Call it before the broker runs.
func (h *Hub) Observe(f func(Event)) { h.observe = f }

// Resync brings every subscription up to date after the broker may have
// missed events: access is checked again and missed changes are delivered.
func (h *Hub) Resync() {
	ctx := context.Background()
	h.accountEvents.Add(1)
	if h.observe != nil {
		h.observe(Event{Kind: KindResync})
	}
	h.mu.Lock()
	clients := make([]*Client, 0)
	for _, set := range h.users {
		clients = append(clients, set...)
	}
	convs := make(map[string]*convState, len(h.convs))
	for id, cs := range h.convs {
		convs[id] = cs
	}
	h.mu.Unlock()
	for _, c := range clients {
		// A session ended while events were missed ends its sockets now.
		if c.SessionID != "" && !h.src.SessionValid(ctx, c.UserID, c.SessionID) {
			h.end(c, ReasonSignedOut)
			continue
		}
		if blocked, err := h.src.Blocked(ctx, c.UserID); err == nil {
			c.setBlocked(blocked)
		}
		for _, conv := range c.subscriptions() {
			if !h.src.CanRead(ctx, c.UserID, conv) {
				h.unsubscribe(c, conv, true)
			}
		}
	}
	for id, cs := range convs {
		cs.mu.Lock()
		h.catchUp(ctx, id, cs, 0)
		cs.mu.Unlock()
	}
}

func (h *Hub) deliver(ctx context.Context, ev Event) {
	switch ev.Kind {
	case KindChange:
		h.mu.Lock()
		cs := h.convs[ev.Conv]
		h.mu.Unlock()
		if cs == nil {
			return
		}
		cs.mu.Lock()
		defer cs.mu.Unlock()
		if ev.Change <= cs.last {
			return
		}
		if ev.Frame == nil && ev.Sealed != nil && h.sealer != nil && ev.Change == cs.last+1 {
			// Opened only here, where someone follows the conversation and
			// the change is the next one.
			if frame, err := h.sealer.Open(ev.Sealed, frameAAD(ev)); err == nil {
				ev.Frame = frame
			}
		}
		if ev.Frame == nil || ev.Change > cs.last+1 {
			h.catchUp(ctx, ev.Conv, cs, ev.Change)
			return
		}
		h.fanOut(cs, ev)
	case KindUser:
		frame := frameOf(notificationFrame{Kind: ev.Note, Link: ev.Link, Type: "notification"})
		for _, c := range h.clientsOf(ev.User) {
			c.send(frame)
		}
	case KindSessionEnded:
		h.accountEvents.Add(1)
		for _, c := range h.clientsOf(ev.User) {
			if (ev.Session != "" && c.SessionID != ev.Session) || (ev.Keep != "" && c.SessionID == ev.Keep) {
				continue
			}
			h.end(c, ev.Note)
		}
	case KindRemoved:
		for _, c := range h.clientsOf(ev.User) {
			h.unsubscribe(c, ev.Conv, true)
		}
	case KindBlock, KindUnblock:
		h.accountEvents.Add(1)
		for _, pair := range [][2]string{{ev.User, ev.Other}, {ev.Other, ev.User}} {
			for _, c := range h.clientsOf(pair[0]) {
				c.block(pair[1], ev.Kind == KindBlock)
				if ev.Kind == KindBlock && ev.Conv != "" {
					h.unsubscribe(c, ev.Conv, true)
				}
			}
		}
	}
}

// Recheck asks the database again about every open socket's session and
// account, for a node that learns that another process may have changed
// them without telling it (SQLite's other writers: an admin command, a
// suspension made through another connection). A socket whose session
// ended (signed out, revoked, expired, the account deleted) is closed as
// signed out; one whose account's role, suspension or ban changed since
// it opened is closed as changed, as the events of this node's own
// changes close them. Each session and each account is asked once. The
// other sockets' subscriptions are asked again (CanRead), and those no
// longer allowed end as a removal made through this node ends them.
func (h *Hub) Recheck(ctx context.Context) {
	h.mu.Lock()
	clients := make([]*Client, 0, len(h.users))
	for _, set := range h.users {
		clients = append(clients, set...)
	}
	h.mu.Unlock()
	valid := map[string]bool{}
	standing := map[string]string{}
	for _, c := range clients {
		if ctx.Err() != nil {
			return
		}
		if c.SessionID != "" {
			ok, asked := valid[c.SessionID]
			if !asked {
				ok = h.src.SessionValid(ctx, c.UserID, c.SessionID)
				valid[c.SessionID] = ok
			}
			if !ok {
				h.end(c, ReasonSignedOut)
				continue
			}
		}
		now, asked := standing[c.UserID]
		if !asked {
			var err error
			if now, err = h.src.Standing(ctx, c.UserID); err != nil {
				h.log.Warn("realtime: an open socket's account not read again", "err", err)
				continue
			}
			standing[c.UserID] = now
		}
		if now != c.standing {
			h.end(c, ReasonAccountChanged)
			continue
		}
		// A removal from a group or a thread made by another process
		// publishes no event here: each subscription is asked again, as
		// after a resync, else the removed person's socket keeps
		// receiving what is said there.
		for _, conv := range c.subscriptions() {
			if !h.src.CanRead(ctx, c.UserID, conv) {
				h.unsubscribe(c, conv, true)
			}
		}
	}
}

// end stops all delivery to c at once and closes its connection, telling
// the client why (the close reason is a Reason* code).
func (h *Hub) end(c *Client, reason string) {
	if reason == "" {
		reason = ReasonSignedOut
	}
	c.ended.Store(true)
	c.close()
	h.Unregister(c)
	// Its close frame is written on a goroutine of its own: it waits
	// behind a stuck write (a slow reader's) up to its deadline, and the
	// hub delivers to everyone else meanwhile.
	go c.out.end(reason)
}

// catchUpPage is how many changes a catch-up reads from the database at a
// time. A reader far behind (a page asleep through a busy night, a client
// asking from change 0) is sent its catch-up a page at a time, the next
// page read only once its socket's writer has taken the one before: the
// node holds about two pages for it however far behind it is, instead of
// the whole backlog (100,000 changes were about 320 MB). (A variable so
// tests can lower it.)
var catchUpPage = 256

// streamRounds is how many times Subscribe streams a catch-up without the
// conversation's lock before it finishes under the lock whatever is left
// (only a conversation changing faster than its reader reads leaves more
// than a page after a round).
const streamRounds = 4

// catchUp loads and delivers the changes after cs.last (up to upTo, 0 for
// all), a page at a time. The caller holds cs.mu.
func (h *Hub) catchUp(ctx context.Context, conv string, cs *convState, upTo int64) {
	for {
		evs, err := h.src.Changes(ctx, conv, cs.last, upTo, catchUpPage)
		if err != nil {
			h.log.Warn("realtime: load changes", "err", err)
			return
		}
		for _, ev := range evs {
			if ev.Change > cs.last {
				h.fanOut(cs, ev)
			}
		}
		if len(evs) < catchUpPage {
			return
		}
	}
}

// fanOut sends one encoded frame to every subscriber allowed to see it.
// The caller holds cs.mu.
func (h *Hub) fanOut(cs *convState, ev Event) {
	cs.last = ev.Change
	pm := prepare(ev.Frame)
	for c := range cs.subs {
		if ev.Only != "" && c.UserID != ev.Only {
			continue
		}
		c.sendUnlessBlocked(ev.Author, pm)
	}
}

func (h *Hub) clientsOf(userID string) []*Client {
	h.mu.Lock()
	defer h.mu.Unlock()
	return slices.Clone(h.users[userID])
}

// Register adds a connected client, loading whom it blocks and the
// standing of its account. Once the client is among those events reach,
// its session is asked about again (ErrSessionEnded when it has ended
// since the caller found it signed in). A block, an unblock, a session's
// end or a resync delivered while it loaded them, before the client was
// among those the event reaches, has it load them again once it is: it
// is refused if its account's standing changed meanwhile, and takes the
// blocks afresh otherwise.
func (h *Hub) Register(ctx context.Context, c *Client) error {
	seen := h.accountEvents.Load()
	standing, blocked, err := h.src.Opening(ctx, c.UserID)
	if err != nil {
		return err
	}
	c.standing = standing
	c.setBlocked(blocked)
	h.mu.Lock()
	h.users[c.UserID] = append(h.users[c.UserID], c)
	h.mu.Unlock()
	// The caller found the session signed in before seen was read: an end
	// delivered in between reached no socket of it and moved nothing seen
	// counts. Asked again now, when any later end reaches this socket (an
	// earlier one dropped what the answer is kept from).
	if c.SessionID != "" && !h.src.SessionValid(ctx, c.UserID, c.SessionID) {
		h.Unregister(c)
		return ErrSessionEnded
	}
	if h.accountEvents.Load() == seen {
		return nil
	}
	standing, blocked, err = h.src.Opening(ctx, c.UserID)
	if err == nil && standing != c.standing {
		err = errChangedAsOpened
	}
	if err != nil {
		h.Unregister(c)
		return err
	}
	c.setBlocked(blocked)
	return nil
}

// ErrSessionEnded refuses a socket whose session has ended: the client
// signs in again.
var ErrSessionEnded = errors.New("realtime: the session has ended")

// errChangedAsOpened refuses a socket whose session ended or whose
// account changed as it opened: the client connects again.
var errChangedAsOpened = errors.New("realtime: the session or the account changed as the socket opened")

// Unregister removes a client and its subscriptions.
func (h *Hub) Unregister(c *Client) {
	for _, conv := range c.subscriptions() {
		h.unsubscribe(c, conv, false)
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	set := slices.DeleteFunc(h.users[c.UserID], func(o *Client) bool { return o == c })
	if len(set) == 0 {
		delete(h.users, c.UserID)
	} else {
		h.users[c.UserID] = set
	}
}

// Subscribe starts delivering conv to c, first sending every change after
// `after` so that nothing is lost and nothing repeated. The caller has
// checked access.
//
// A reader more than a page behind is sent the changes up to the
// conversation's last one a page at a time without holding the
// conversation's lock, each page read once c's writer has taken the one
// before (so the node holds about two pages for it, and live delivery to
// the conversation's other readers does not wait for it); then, under the
// lock, the few changes made meanwhile, and c joins the live stream at the
// change it has reached: in order, each change once.
func (h *Hub) Subscribe(ctx context.Context, c *Client, conv string, after int64) error {
	for round := 0; ; round++ {
		cs, err := h.lockedState(ctx, conv)
		if err != nil {
			return err
		}
		if cs.last-after <= int64(catchUpPage) || round == streamRounds {
			err := h.sendChanges(ctx, c, conv, after, cs.last, round > 0)
			if err == nil {
				cs.subs[c] = struct{}{}
				c.subscribe(conv)
			} else {
				h.dropIfEmpty(conv, cs)
			}
			cs.mu.Unlock()
			return err
		}
		upTo := cs.last
		h.dropIfEmpty(conv, cs)
		cs.mu.Unlock()
		if after, err = h.streamChanges(ctx, c, conv, after, upTo); err != nil {
			return err
		}
	}
}

// lockedState returns conv's state, locked and current, made (with the
// conversation's last change) if nobody here follows conv yet.
func (h *Hub) lockedState(ctx context.Context, conv string) (*convState, error) {
	for {
		h.mu.Lock()
		cs := h.convs[conv]
		fresh := cs == nil
		if fresh {
			cs = &convState{subs: map[*Client]struct{}{}}
			h.convs[conv] = cs
		}
		h.mu.Unlock()
		cs.mu.Lock()
		h.mu.Lock()
		current := h.convs[conv] == cs
		h.mu.Unlock()
		if !current {
			// The last subscriber left and dropped this state meanwhile.
			cs.mu.Unlock()
			continue
		}
		if fresh {
			last, err := h.src.LastChange(ctx, conv)
			if err != nil {
				h.dropIfEmpty(conv, cs)
				cs.mu.Unlock()
				return nil, err
			}
			cs.last = last
		}
		return cs, nil
	}
}

// errNoAccess: the reader lost access to the conversation (removed,
// blocked out of a direct thread) while its catch-up was being sent.
var errNoAccess = errors.New("conversation not found, or you are not in it")

// streamChanges sends c the changes of conv in (after, upTo] a page at a
// time, reading each page once c's writer has taken the one before, and
// returns the last change sent. It holds no lock of the hub's, so a
// removal meanwhile would not unsubscribe c: each page is sent only if c
// may still read conv once it is read (as a live change goes only to those
// still subscribed when it is fanned out).
func (h *Hub) streamChanges(ctx context.Context, c *Client, conv string, after, upTo int64) (int64, error) {
	for after < upTo {
		if err := c.waitTaken(ctx); err != nil {
			return after, err
		}
		next, n, err := h.sendPage(ctx, c, conv, after, upTo, true)
		if err != nil {
			return after, err
		}
		after = next
		if n < catchUpPage {
			break
		}
	}
	return after, c.waitTaken(ctx)
}

// sendChanges sends c the changes of conv in (after, upTo] a page at a
// time without waiting for its writer: the caller holds cs.mu, and upTo is
// at most a page ahead unless the conversation outran a streamed catch-up.
// recheck asks again whether c may read conv (after a streamed catch-up,
// during which a removal could not unsubscribe it): under cs.mu, a removal
// either committed before the check or unsubscribes c after.
func (h *Hub) sendChanges(ctx context.Context, c *Client, conv string, after, upTo int64, recheck bool) error {
	if recheck && after >= upTo && !h.src.CanRead(ctx, c.UserID, conv) {
		return errNoAccess
	}
	for after < upTo {
		next, n, err := h.sendPage(ctx, c, conv, after, upTo, recheck)
		if err != nil {
			return err
		}
		after = next
		if n < catchUpPage {
			return nil
		}
	}
	return nil
}

// sendPage reads one page of changes after `after` (up to upTo) and queues
// them on c as catch-up (leaving out a held message for anyone but its
// author), returning the last change read and how many were read. check
// asks whether c may still read conv once the page is read, and sends
// nothing if not.
func (h *Hub) sendPage(ctx context.Context, c *Client, conv string, after, upTo int64, check bool) (int64, int, error) {
	evs, err := h.src.Changes(ctx, conv, after, upTo, catchUpPage)
	if err != nil {
		return after, 0, err
	}
	if check && !h.src.CanRead(ctx, c.UserID, conv) {
		return after, 0, errNoAccess
	}
	frames := make([]*prepared, 0, len(evs))
	authors := make([]string, 0, len(evs))
	for _, ev := range evs {
		after = ev.Change
		if ev.Only != "" && c.UserID != ev.Only {
			continue
		}
		frames = append(frames, prepare(ev.Frame))
		authors = append(authors, ev.Author)
	}
	c.sendCatchUp(frames, authors)
	return after, len(evs), nil
}

// dropIfEmpty forgets a conversation nobody here follows. The caller holds cs.mu.
func (h *Hub) dropIfEmpty(conv string, cs *convState) {
	if len(cs.subs) > 0 {
		return
	}
	h.mu.Lock()
	if h.convs[conv] == cs {
		delete(h.convs, conv)
	}
	h.mu.Unlock()
}

// unsubscribe stops delivering conv to c; notify sends c a "removed" frame.
func (h *Hub) unsubscribe(c *Client, conv string, notify bool) {
	h.mu.Lock()
	cs := h.convs[conv]
	h.mu.Unlock()
	if cs == nil || !c.unsubscribe(conv) {
		return
	}
	cs.mu.Lock()
	delete(cs.subs, c)
	h.dropIfEmpty(conv, cs)
	cs.mu.Unlock()
	if notify {
		c.send(frameOf(removedFrame{Conv: conv, Type: "removed"}))
	}
}

// Stats counts connected clients and followed conversations.
func (h *Hub) Stats() (clients, convs int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, set := range h.users {
		clients += len(set)
	}
	return clients, len(h.convs)
}

// Close disconnects every client, for shutdown; they reconnect elsewhere.
func (h *Hub) Close() {
	h.closing.Do(func() { close(h.closed) })
	h.mu.Lock()
	var all []*Client
	for _, set := range h.users {
		all = append(all, set...)
	}
	h.mu.Unlock()
	for _, c := range all {
		c.close()
		c.out.kick("this server is restarting; reconnecting")
	}
}
