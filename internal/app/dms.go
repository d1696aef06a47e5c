package app

import (
	"context"
	"errors"
	"math"
	"slices"
	"strings"

	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/realtime"
	"github.com/kinshiprecovery/kinship/internal/store"
)

// DM thread states, per member.
const (
	dmActive  = "active"
	dmRequest = "request" // a first message from someone not connected: waits in the requests inbox
	dmIgnored = "ignored"
	dmHeld    = "held" // held for a moderator: it looked like selling or soliciting off-platform contact
)

// ThreadView is a direct-message thread in the actor's inbox.
type ThreadView struct {
	ID        string `json:"id"`
	OtherID   string `json:"other_id"`
	OtherName string `json:"other_display_name"`
	// State is active, request (waiting for the actor's answer) or ignored.
	State   string `json:"state"`
	LastSeq int64  `json:"last_seq"`
	Unread  int64  `json:"unread"`
	// Pending is true while the other person has not accepted the actor's request.
	Pending bool `json:"pending"`
	// OtherModerator is true when the other person moderates this
	// instance (a moderator or site admin): a moderator may write first
	// to someone a crisis-queue item is about, and the thread says who
	// they are.
	OtherModerator bool `json:"other_moderator" doc:"the other person is a moderator (or site admin) of this instance; a moderator handling a crisis-queue item may write to the person it is about, and the thread is marked so"`
	// OtherFormer is true once the other person erased their account: the
	// thread keeps the actor's own messages, theirs are gone, and nothing
	// more can be sent into it.
	OtherFormer bool `json:"other_former_member,omitempty" doc:"the other person has erased their account (other_display_name is then \"a former member\"): your own messages stay, theirs were erased with them, and the thread takes no new messages"`
}

// mayMessage reports whether a and b may message without a request:
// mentor and mentee, accountability partners, connected, sharing a group,
// one answering the other's call for support, or one leading a group the
// other was removed from.
func (a *App) mayMessage(ctx context.Context, x, y string) (bool, error) {
	if a.activeMentorship(ctx, x, y) || a.answering(ctx, x, y) || a.answering(ctx, y, x) {
		return true, nil
	}
	if c, err := a.store.FindConnectionBetween(ctx, x, y); err == nil && c.Accepted {
		return true, nil
	} else if err != nil && !errors.Is(err, store.ErrNotFound) {
		return false, err
	}
	if shared, err := a.store.ShareActiveGroup(ctx, x, y); err != nil || shared {
		return shared, err
	}
	// A group's facilitators and a person they removed from it: the
	// removed person's page tells them to write to its facilitators if
	// they would like to return, and a facilitator may want to follow up
	// in private (perhaps after being told the person may be in crisis),
	// so they reach each other at once, even from new accounts (walk9 W9-3).
	return a.store.LeadsGroupRemovingEither(ctx, x, y)
}

// answering reports whether x is in y's circle (an active accountability
// partner or y's mentor) or may answer a call for support y has not yet
// closed: the support page offers to message the person who asked, and
// the message must reach them at once, not wait among requests, even from
// a new account.
func (a *App) answering(ctx context.Context, x, y string) bool {
	if circle, err := a.circleOf(ctx, a.store, y); err == nil {
		for _, id := range circle {
			if id == x {
				return true
			}
		}
	}
	als, err := a.store.ListSupportAlerts(ctx, y, store.Keyset{}, 5)
	if err != nil {
		return false
	}
	var u *model.User
	for _, al := range als {
		if al.Status == "resolved" {
			continue
		}
		if al.ResponderID == x {
			return true
		}
		if u == nil {
			if u, err = a.store.FindUserByID(ctx, x); err != nil {
				return false
			}
		}
		if a.mayRespond(ctx, u, al) {
			return true
		}
	}
	return false
}

// OpenThread returns the actor's thread with another member, starting it
// when there is none. Someone not connected and sharing no group receives
// it as a request. Errors: invalid (oneself), not_found (unknown or
// blocked either way), rate_limited.
func (a *App) OpenThread(ctx context.Context, otherID string) (*ThreadView, error) {
	t, _, err := a.StartThread(ctx, otherID, "", "")
	return t, err
}

// StartThread opens the actor's thread with another member, as OpenThread,
// and sends body as its first message when it is not empty. A new thread
// and its first message are stored in one transaction, after the message
// was checked: a refused message leaves no thread behind and spends none
// of the allowance for messaging people one is not connected to. Errors:
// those of OpenThread and SendMessage.
func (a *App) StartThread(ctx context.Context, otherID, clientID, body string) (*ThreadView, *MessageView, error) {
	act, err := requireActor(ctx)
	if err != nil {
		return nil, nil, err
	}
	if err := a.otherMember(ctx, act.User.ID, otherID); err != nil {
		return nil, nil, err
	}
	pair := pairOf(act.User.ID, otherID)
	existing := func() (*ThreadView, *MessageView, error) {
		c, err := a.store.FindConversationByPair(ctx, pair)
		if err != nil {
			return nil, nil, err
		}
		var m *MessageView
		if body != "" {
			if m, _, err = a.SendMessage(ctx, c.ID, clientID, body); err != nil {
				return nil, nil, err
			}
		}
		t, err := a.threadView(ctx, act.User.ID, c)
		return t, m, err
	}
	if _, err := a.store.FindConversationByPair(ctx, pair); err == nil {
		return existing()
	} else if !errors.Is(err, store.ErrNotFound) {
		return nil, nil, err
	}
	if body != "" {
		if clientID, body, err = a.checkMessage(ctx, act, clientID, body); err != nil {
			return nil, nil, err
		}
	}
	open, err := a.mayMessage(ctx, act.User.ID, otherID)
	if err != nil {
		return nil, nil, err
	}
	if !open && a.trustLevel(ctx, act.User) == TrustNew {
		return nil, nil, model.Errorf(model.KindForbidden, "new accounts can message people they are connected to or share a group with; messages to others open up after your first days here")
	}
	if !open {
		if err := a.limit(ctx, "dm-request:"+act.User.ID, 20, dayWindow); err != nil {
			return nil, nil, err
		}
	}
	now := a.now()
	c := &store.Conversation{ID: newID(), Kind: "dm", Pair: pair, StartedBy: act.User.ID, CreatedAt: now}
	theirs := dmActive
	if !open {
		theirs = dmRequest
	}
	mine := &store.ConversationMember{ConversationID: c.ID, UserID: act.User.ID, State: dmActive, UpdatedAt: now}
	create := func(tx store.Store) error {
		if err := tx.CreateConversation(ctx, c); err != nil {
			return err
		}
		if err := tx.SaveConversationMember(ctx, mine); err != nil {
			return err
		}
		return tx.SaveConversationMember(ctx, &store.ConversationMember{ConversationID: c.ID, UserID: otherID, State: theirs, UpdatedAt: now})
	}
	var m *MessageView
	if body == "" {
		err = a.store.InTx(ctx, create)
	} else if err = a.allowSend(ctx, act, otherID); err == nil {
		m, _, err = a.storeMessage(ctx, act, &convAccess{conv: c, other: otherID, mine: mine}, clientID, body, "text", create)
	}
	if errors.Is(err, store.ErrConflict) {
		// The other person opened it at the same moment.
		return existing()
	}
	if err != nil {
		return nil, nil, err
	}
	t, err := a.threadView(ctx, act.User.ID, c)
	return t, m, err
}

func pairOf(x, y string) string {
	if x > y {
		x, y = y, x
	}
	return x + ":" + y
}

func (a *App) threadView(ctx context.Context, userID string, c *store.Conversation) (*ThreadView, error) {
	acc, err := a.access(ctx, userID, c.ID)
	if err != nil {
		return nil, err
	}
	other := a.nameAndRole(ctx, acc.other)
	v := &ThreadView{ID: c.ID, OtherID: acc.other, OtherName: other.name, OtherModerator: other.moderator, OtherFormer: other.former,
		State: acc.mine.State, LastSeq: acc.conv.LastSeq}
	v.Unread, _ = a.store.CountUnreadMessages(ctx, c.ID, userID, acc.mine.LastReadSeq)
	if theirs, err := a.store.FindConversationMember(ctx, c.ID, acc.other); err == nil && theirs.State != dmActive {
		v.Pending = true
	}
	return v, nil
}

// Inbox lists the actor's direct-message threads: conversations and, apart,
// requests waiting for an answer. Ignored requests are left out.
type Inbox struct {
	Threads  []ThreadView `json:"threads"`
	Requests []ThreadView `json:"requests"`
}

// ListInbox returns the actor's threads and requests, without anyone
// either side blocks.
func (a *App) ListInbox(ctx context.Context) (*Inbox, error) {
	vs, _, err := a.InboxPage(ctx, "", PageRequest{Limit: math.MaxInt32})
	if err != nil {
		return nil, err
	}
	in := &Inbox{Threads: []ThreadView{}, Requests: []ThreadView{}}
	for _, v := range vs {
		if v.State == dmActive {
			in.Threads = append(in.Threads, v)
		} else {
			in.Requests = append(in.Requests, v)
		}
	}
	return in, nil
}

// InboxThread returns the actor's thread convID as ListInbox lists it, from
// reads of that thread alone (a thread's page read the whole inbox to find
// it). Errors: not_found where the inbox leaves it out: not the actor's,
// not a direct message, ignored or held, a request with nothing in it yet,
// or with anyone either side blocks.
func (a *App) InboxThread(ctx context.Context, convID string) (*ThreadView, error) {
	act, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	c, err := a.store.FindConversation(ctx, convID)
	if err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return nil, errNoConversation
		}
		return nil, err
	}
	if c.Kind != "dm" {
		return nil, errNoConversation
	}
	v, err := a.threadView(ctx, act.User.ID, c)
	if err != nil {
		return nil, err
	}
	if v.State != dmActive && (v.State != dmRequest || v.LastSeq == 0) {
		return nil, errNoConversation
	}
	if v.LastSeq == 0 && c.StartedBy != act.User.ID {
		return nil, errNoConversation // not in their inbox until someone writes
	}
	return v, nil
}

// InboxPage returns a page of the actor's direct-message threads, most
// recent activity first: conversations (state active) and requests waiting
// for an answer (state request), or only those of state when it is not
// empty. Ignored requests, requests without a message yet and threads with
// anyone either side blocks are left out after the page is cut. Errors:
// invalid (an unknown state).
func (a *App) InboxPage(ctx context.Context, state string, p PageRequest) ([]ThreadView, store.Keyset, error) {
	act, err := requireActor(ctx)
	if err != nil {
		return nil, store.Keyset{}, err
	}
	states := []string{dmActive, dmRequest}
	switch state {
	case "":
	case dmActive, dmRequest:
		states = []string{state}
	default:
		return nil, store.Keyset{}, &model.Error{Kind: model.KindInvalid, Message: "state is active or request; leave it out for both",
			Fields: map[string]string{"state": "use active or request"}}
	}
	// Each thread's conversation, the other person's row, the blocks and
	// the unread count come with the rows, in one statement: the inbox
	// read them thread by thread (on the home page and the Messages list).
	rows, err := a.store.ListInboxThreads(ctx, act.User.ID, states, p.After, p.fetch())
	if err != nil {
		return nil, store.Keyset{}, err
	}
	rows, next := cutPage(rows, p, func(e *store.InboxEntry) store.Keyset { return store.Keyset{At: e.ActiveAt, ID: e.ConversationID} })
	out := []ThreadView{}
	for _, r := range rows {
		v, ok := a.inboxView(ctx, act.User.ID, r)
		if !ok {
			continue // blocked either way
		}
		if v.State == dmRequest && v.LastSeq == 0 {
			continue // nothing to answer yet
		}
		out = append(out, v)
	}
	return out, next, nil
}

// inboxView is threadView from what ListInboxThreads read with the
// thread; false where threadView refuses (a pair without the person, or
// a block either way).
func (a *App) inboxView(ctx context.Context, userID string, e *store.InboxEntry) (ThreadView, bool) {
	ids := strings.Split(e.Conversation.Pair, ":")
	if e.Blocked || len(ids) != 2 || (ids[0] != userID && ids[1] != userID) {
		return ThreadView{}, false
	}
	otherID := ids[0]
	if otherID == userID {
		otherID = ids[1]
	}
	other := a.nameAndRole(ctx, otherID)
	v := ThreadView{ID: e.ConversationID, OtherID: otherID, OtherName: other.name, OtherModerator: other.moderator, OtherFormer: other.former,
		State: e.State, LastSeq: e.Conversation.LastSeq, Unread: e.Unread}
	if e.Theirs != nil && e.Theirs.State != dmActive {
		v.Pending = true
	}
	return v, true
}

// AnswerRequest accepts or ignores a message request; "block" also blocks
// the sender. Errors: not_found, invalid, conflict.
func (a *App) AnswerRequest(ctx context.Context, convID, answer string) error {
	act, err := requireActor(ctx)
	if err != nil {
		return err
	}
	acc, err := a.access(ctx, act.User.ID, convID)
	if err != nil {
		return err
	}
	if acc.other == "" {
		return errNoConversation
	}
	state := ""
	switch answer {
	case "accept":
		state = dmActive
	case "ignore":
		state = dmIgnored
	case "block":
		return a.BlockMember(ctx, acc.other)
	default:
		return &model.Error{Kind: model.KindInvalid, Message: "answer must be accept, ignore or block", Fields: map[string]string{"answer": "unknown answer"}}
	}
	if acc.mine.State == dmActive && state == dmActive {
		return nil
	}
	acc.mine.State, acc.mine.UpdatedAt = state, a.now()
	if err := a.store.SaveConversationMember(ctx, acc.mine); err != nil {
		return err
	}
	if state == dmIgnored {
		a.publish(ctx, realtime.Event{Kind: realtime.KindRemoved, Conv: convID, User: act.User.ID})
	}
	return nil
}

// UnreadMessages counts the actor's unread direct messages and the message
// requests waiting for an answer, for the Messages tab.
func (a *App) UnreadMessages(ctx context.Context) int {
	act := ActorFrom(ctx)
	if act == nil {
		return 0
	}
	// What ListInbox would count (its requests, and the unread of its
	// threads) in two reads whatever the number of threads: ListInbox
	// read each thread's conversation, membership, the other's name and
	// their membership one by one, on every page.
	me := act.User.ID
	rows, err := a.store.ListDMUnread(ctx, me)
	if err != nil || len(rows) == 0 {
		return 0
	}
	blocked, err := a.blockedEitherWay(ctx, me)
	if err != nil {
		return 0
	}
	return dmCount(me, rows, blocked)
}

// dmCount is the Messages tab's count from me's threads and everyone me
// blocks or is blocked by.
func dmCount(me string, rows []store.DMUnread, blocked []string) int {
	n := 0
	for _, r := range rows {
		ids := strings.Split(r.Pair, ":")
		if len(ids) != 2 || (ids[0] != me && ids[1] != me) {
			continue
		}
		other := ids[0]
		if other == me {
			other = ids[1]
		}
		if slices.Contains(blocked, other) {
			continue // left out of the inbox either way
		}
		switch r.State {
		case dmActive:
			n += int(r.Unread)
		case dmRequest:
			if r.LastSeq > 0 { // a request with nothing to answer yet is not shown
				n++
			}
		}
	}
	return n
}
