package main

import (
	"slices"
	"sync"
	"time"
)

// A message reaches a reader in one of two ways, and usersim times them
// apart:
//
//   - live: on a socket already subscribed to the conversation, after the
//     socket's "subscribed" answer. Everything the server sends after that
//     answer is live fan-out (it sends the catch-up first, then the answer,
//     on the socket's one ordered queue), so the delay is the server's.
//   - caught up: in the catch-up a subscription sends before its answer,
//     everything committed after the change the reader had (the page's
//     data-change, or the last change the previous socket saw). Its delay
//     from the send is mostly how long the reader was away: another page,
//     or between a socket's close and the next one's open.
//
// A frame for a message the reader already had (a reaction or an edit
// sends the message again, with its body) is an update and is no delivery.
// Issue 17's objective (delivery p99 ≤ 100 ms) is for live delivery.
//
// Lost is counted twice, each where the server promised delivery:
//   - live: a message sent after a socket's subscription was answered,
//     whose send was answered (so committed) at least lostGrace before the
//     socket closed, and which never came on that socket;
//   - caught up: a message committed (its send answered) before a
//     subscription was asked for, after the change the subscription asked
//     from, and which never came on that socket.
//
// The reader's own messages and messages held for a moderator are left out.

// lostGrace is how long after a send's answer a socket must still be open
// for the message's absence to count as lost.
const lostGrace = 10 * time.Second

// sentMsg is a message a simulated person sent and the server answered.
type sentMsg struct {
	conv   string
	author int
	sent   time.Time // when the send request was written (the body's stamp)
	acked  time.Time // when its answer came: committed by then
	change int64     // the change that created it
	held   bool
}

// sighting is a message frame as one socket received it.
type sighting struct {
	msg    string
	change int64
	sent   time.Time // from the body's stamp
	at     time.Time
	early  bool // before the subscription's answer: the catch-up
}

// sockRec is one socket and its subscription.
type sockRec struct {
	person    int
	conv      string // "" when the page has no chat
	after     int64
	asked     time.Time // when the subscribe request was written
	confirmed time.Time // when its answer came (zero: never)
	closed    time.Time // zero while open
	seen      []sighting
}

// deliveryBook gathers one step's sends, sockets and sightings.
type deliveryBook struct {
	mu    sync.Mutex
	sent  map[string]*sentMsg // by message id
	socks []*sockRec
}

func newDeliveryBook() *deliveryBook { return &deliveryBook{sent: map[string]*sentMsg{}} }

func (b *deliveryBook) socket(person int, conv string) *sockRec {
	r := &sockRec{person: person, conv: conv}
	b.mu.Lock()
	b.socks = append(b.socks, r)
	b.mu.Unlock()
	return r
}

func (b *deliveryBook) asked(r *sockRec, after int64, at time.Time) {
	b.mu.Lock()
	r.after, r.asked = after, at
	b.mu.Unlock()
}

// subscribed records the subscription's answer.
func (b *deliveryBook) subscribed(r *sockRec, at time.Time) {
	b.mu.Lock()
	if r.confirmed.IsZero() {
		r.confirmed = at
	}
	b.mu.Unlock()
}

func (b *deliveryBook) closedAt(r *sockRec, at time.Time) {
	b.mu.Lock()
	if r.closed.IsZero() {
		r.closed = at
	}
	b.mu.Unlock()
}

func (b *deliveryBook) see(r *sockRec, s sighting) {
	b.mu.Lock()
	s.early = r.confirmed.IsZero()
	r.seen = append(r.seen, s)
	b.mu.Unlock()
}

func (b *deliveryBook) sentOne(id string, m *sentMsg) {
	b.mu.Lock()
	if _, dup := b.sent[id]; !dup {
		b.sent[id] = m
	}
	b.mu.Unlock()
}

// deliveryStats is one step's deliveries by class.
type deliveryStats struct {
	live, caught []time.Duration
	asBefore     []time.Duration // every frame as usersim counted before classes (under a minute from the send)
	// afterAnswer is, for live deliveries of messages whose send was
	// answered, how long after the sender's answer the reader's frame
	// came (0 when before it). The server fans a message out before it
	// answers the send, so a live delivery slow by this measure waited in
	// the reader's queue or socket, not in the send.
	afterAnswer        []time.Duration
	updates            int // frames of messages the reader had (reactions)
	duplicates         int // the same change of a message twice on one socket
	lateFirst          int // a live delivery whose first frame was a later change
	lostLive, lostCaug int
	sends              int // messages sent and answered in the window
}

// tally classes every sighting on the sockets of the window [from, to):
// messages whose send began in it. end is when the sockets were closed at
// the step's end.
func (b *deliveryBook) tally(from, to time.Time, end time.Time) deliveryStats {
	b.mu.Lock()
	defer b.mu.Unlock()
	var st deliveryStats
	in := func(t time.Time) bool { return !t.Before(from) && t.Before(to) }
	// The change that created each message: its send's answer, else the
	// lowest change any socket saw of it.
	created := map[string]int64{}
	for id, m := range b.sent {
		created[id] = m.change
		if in(m.sent) && !m.held {
			st.sends++
		}
	}
	for _, r := range b.socks {
		for _, s := range r.seen {
			if c, ok := created[s.msg]; !ok || c == 0 || s.change < c {
				created[s.msg] = s.change
			}
		}
	}
	// Messages by conversation, in order of sending, for the lost counts.
	byConv := map[string][]string{}
	for id, m := range b.sent {
		if !m.held && !m.acked.IsZero() && in(m.sent) {
			byConv[m.conv] = append(byConv[m.conv], id)
		}
	}
	for _, ids := range byConv {
		slices.SortFunc(ids, func(x, y string) int { return b.sent[x].sent.Compare(b.sent[y].sent) })
	}
	for _, r := range b.socks {
		if r.conv == "" {
			continue
		}
		closed := r.closed
		if closed.IsZero() {
			closed = end
		}
		got := map[string]bool{}
		type key struct {
			msg    string
			change int64
		}
		seenChange := map[key]bool{}
		for _, s := range r.seen {
			k := key{s.msg, s.change}
			if seenChange[k] {
				st.duplicates++
				continue
			}
			seenChange[k] = true
			m := b.sent[s.msg]
			if m != nil && m.author == r.person {
				continue
			}
			if d := s.at.Sub(s.sent); in(s.sent) && d < time.Minute {
				st.asBefore = append(st.asBefore, d)
			}
			c := created[s.msg]
			if c <= r.after || got[s.msg] {
				got[s.msg] = true
				st.updates++
				continue
			}
			got[s.msg] = true
			if !in(s.sent) {
				continue
			}
			d := s.at.Sub(s.sent)
			if s.early {
				st.caught = append(st.caught, d)
			} else {
				st.live = append(st.live, d)
				if m != nil && !m.acked.IsZero() {
					st.afterAnswer = append(st.afterAnswer, max(0, s.at.Sub(m.acked)))
				}
				if s.change != c {
					st.lateFirst++
				}
			}
		}
		if r.confirmed.IsZero() {
			continue
		}
		for _, id := range byConv[r.conv] {
			m := b.sent[id]
			if m.author == r.person || got[id] {
				continue
			}
			switch {
			case m.sent.After(r.confirmed) && m.acked.Add(lostGrace).Before(closed):
				st.lostLive++
			case m.acked.Before(r.asked) && created[id] > r.after:
				st.lostCaug++
			}
		}
	}
	slices.Sort(st.live)
	slices.Sort(st.caught)
	slices.Sort(st.asBefore)
	slices.Sort(st.afterAnswer)
	return st
}

// pctOf is the q-th percentile of sorted xs.
func pctOf(xs []time.Duration, q float64) time.Duration {
	if len(xs) == 0 {
		return 0
	}
	return xs[int(float64(len(xs)-1)*q)]
}

func maxOf(xs []time.Duration) time.Duration {
	if len(xs) == 0 {
		return 0
	}
	return xs[len(xs)-1]
}
