package app

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/realtime"
	"github.com/kinshiprecovery/kinship/internal/safety"
	"github.com/kinshiprecovery/kinship/internal/store"
)

// MaxMessage is the longest chat message, in characters.
const MaxMessage = 4000

// Reactions are the encouragement a member can give a message.
var Reactions = []ReactionKind{
	{Kind: "with_you", Emoji: "💙", Label: "with you"},
	{Kind: "thank_you", Emoji: "🙏", Label: "thank you"},
	{Kind: "proud", Emoji: "🎉", Label: "proud of you"},
}

// ReactionKind is one kind of encouragement.
type ReactionKind struct {
	Kind  string `json:"kind"`
	Emoji string `json:"emoji"`
	Label string `json:"label"`
}

func reactionKind(kind string) (ReactionKind, bool) {
	for _, r := range Reactions {
		if r.Kind == kind {
			return r, true
		}
	}
	return ReactionKind{}, false
}

// MessageView is a chat message as members see it.
type MessageView struct {
	ID       string     `json:"id"`
	Conv     string     `json:"conversation_id"`
	Seq      int64      `json:"seq"`
	Change   int64      `json:"change"`
	ClientID string     `json:"client_id"`
	Body     string     `json:"body"`
	Author   AuthorView `json:"author"`
	Kind     string     `json:"kind"`
	// Milestone is the milestone a card of kind "milestone" celebrates;
	// Body is then its words in the reader's language. Cards shared
	// before it was kept have none, and Body as they were written.
	Milestone *MilestoneShare `json:"milestone,omitempty"`
	State     string          `json:"state" doc:"visible; held (waiting for a moderator); deleted (by its author); hidden (after a report, by a facilitator or a moderator; reason says why, and an appeal may bring it back); removed (by a facilitator in the chat, or a moderator; reason says why)"`
	Reason    string          `json:"reason,omitempty"`
	// Decided is set on a held message a moderator decided on (suspending
	// or banning its author): Reason is then theirs, and it is not shown.
	Decided   bool           `json:"decided,omitempty" doc:"held only: a moderator decided it stays unshown; reason is theirs"`
	Mentions  []string       `json:"mentions"`
	Reactions []ReactionView `json:"reactions"`
	// AllowedReactions are the kinds that fit this message: only "with
	// you" on words of crisis, never "proud of you".
	AllowedReactions []string         `json:"allowed_reactions"`
	CreatedAt        model.Timestamp  `json:"created_at"`
	EditedAt         *model.Timestamp `json:"edited_at"`
}

// AuthorView names a message's author.
type AuthorView struct {
	ID          string `json:"id"`
	DisplayName string `json:"display_name"`
}

// ReactionView counts one kind of reaction to a message.
type ReactionView struct {
	ReactionKind
	Count     int      `json:"count"`
	MemberIDs []string `json:"member_ids"`
}

func messageAAD(id string) []byte { return []byte("message:" + id) }

// SetHub installs the real-time hub that delivers committed changes.
func (a *App) SetHub(h *realtime.Hub) {
	a.hub = h
	if h != nil {
		h.Observe(a.observe)
	}
}

// Hub returns the real-time hub, or nil.
func (a *App) Hub() *realtime.Hub { return a.hub }

func (a *App) publish(ctx context.Context, ev realtime.Event) {
	a.convs.changed(ev)
	a.crisis.changed(ev)
	a.sessions.changed(ev)
	a.standings.changed(ev)
	a.layouts.changed(ev)
	a.members.changed(ev)
	a.chatAccess.changed(ev)
	a.chatChanged(ev)
	a.names.changed(ev)
	if a.hub != nil {
		a.hub.Publish(context.WithoutCancel(ctx), ev)
	}
}

// names caches display names while one answer is built.
type names map[string]string

func (a *App) nameOf(ctx context.Context, cache names, id string) string {
	if n, ok := cache[id]; ok {
		return n
	}
	n := a.displayName(ctx, id)
	cache[id] = n
	return n
}

func (a *App) messageView(ctx context.Context, cache names, m *store.StoredMessage) MessageView {
	return a.messageViewOf(ctx, cache, m, nil, nil)
}

// pageViews appends to dst the views of the messages of ms that keep
// shows, in order. The bodies are opened one after another into one buffer
// and copied out as one string that each view's body is a part of (a page
// of 50 made a string for each body), and the views' reaction counts share
// one array (a slice for each message with reactions). Nothing is kept
// past the views themselves: the bodies live as long as the views, one
// request, as before.
func (a *App) pageViews(ctx context.Context, dst []MessageView, ms []*store.StoredMessage, keep func(*store.StoredMessage) bool) []MessageView {
	size, reactions := 0, 0
	for _, m := range ms {
		if keep(m) {
			size += len(m.Sealed)
			reactions += len(m.Reactions)
		}
	}
	// Where each message's body is in buf; to < 0 when it was not opened
	// here (not shown as written, or not readable: messageViewOf then says
	// why).
	type span struct{ from, to int }
	spans := make([]span, len(ms))
	buf := make([]byte, 0, size)
	var aad []byte
	for i, m := range ms {
		spans[i] = span{0, -1}
		if !keep(m) || m.State != "visible" && m.State != msgHeld {
			continue
		}
		aad = append(append(aad[:0], "message:"...), m.ID...)
		opened, err := a.box.OpenAppend(buf, m.Sealed, aad)
		if err != nil {
			continue
		}
		spans[i] = span{len(buf), len(opened)}
		buf = opened
	}
	bodies := string(buf)
	pool := make([]ReactionView, 0, reactions)
	cache := names{}
	for i, m := range ms {
		if !keep(m) {
			continue
		}
		if s := spans[i]; s.to >= 0 {
			body := bodies[s.from:s.to]
			dst = append(dst, a.messageViewOf(ctx, cache, m, &body, &pool))
		} else {
			dst = append(dst, a.messageViewOf(ctx, cache, m, nil, &pool))
		}
	}
	return dst
}

// messageViewOf builds the view; plain, when given, is the body already in
// hand, so it need not be unsealed again. pool, when given, is an array
// the reaction counts are taken from while it has room (pageViews's).
func (a *App) messageViewOf(ctx context.Context, cache names, m *store.StoredMessage, plain *string, pool *[]ReactionView) MessageView {
	v := MessageView{ID: m.ID, Conv: m.ConversationID, Seq: m.Seq, Change: m.Change, ClientID: m.ClientID,
		Author: AuthorView{ID: m.AuthorID, DisplayName: a.nameOf(ctx, cache, m.AuthorID)}, Kind: m.Kind, State: m.State,
		Mentions: m.Mentions, Reactions: []ReactionView{}, CreatedAt: model.At(m.CreatedAt)}
	if v.Mentions == nil {
		v.Mentions = []string{}
	}
	if m.EditedAt != nil {
		v.EditedAt = model.AtPtr(m.EditedAt)
	}
	switch m.State {
	case "visible", msgHeld:
		if plain != nil {
			v.Body = *plain
		} else if body, err := a.box.Open(m.Sealed, messageAAD(m.ID)); err == nil {
			v.Body = string(body)
		} else {
			a.log.Error("message not readable", "id", m.ID, "err", err)
		}
	case "removed", msgHidden:
		v.Reason = m.Reason
	}
	if ms := sharedMilestone(m.Kind, v.Body); ms != nil {
		v.Milestone = ms
		v.Body = MilestoneLine(readerLang(ctx), v.Author.DisplayName, ms.Label)
	}
	if m.State == msgHeld {
		v.Reason = heldReason
		if m.Reason != "" && m.Reason != heldReason {
			v.Reason, v.Decided = m.Reason, true
		}
	}
	v.AllowedReactions = []string{}
	if m.State == "visible" {
		v.AllowedReactions = a.fits.reactionsOf(m, v.Body)
	}
	shown := func(r ReactionKind) bool {
		return len(m.Reactions[r.Kind]) > 0 && m.State == "visible" && slices.Contains(v.AllowedReactions, r.Kind)
	}
	n := 0
	for _, r := range Reactions {
		if shown(r) {
			n++
		}
	}
	switch {
	case n == 0:
	case pool != nil && cap(*pool)-len(*pool) >= n:
		// n places of the pool, capped there: appending n fills them.
		from := len(*pool)
		*pool = (*pool)[:from+n]
		v.Reactions = (*pool)[from : from : from+n]
	default:
		v.Reactions = make([]ReactionView, 0, n) // once, not grown
	}
	for _, r := range Reactions {
		if shown(r) {
			ids := m.Reactions[r.Kind]
			v.Reactions = append(v.Reactions, ReactionView{ReactionKind: r, Count: len(ids), MemberIDs: ids})
		}
	}
	return v
}

// crisisReactions are the reactions that fit words of crisis.
var crisisReactions = []string{"with_you"}

// reactionsFor returns the reaction kinds that fit a message's text.
func reactionsFor(body string) []string {
	return reactionKinds(isCrisis(body))
}

func isCrisis(body string) bool { return safety.Check(body, "").Level == safety.Crisis }

// reactionKinds are the kinds that fit a message of crisis or not: one
// slice for every message (read only; its capacity is its length, so an
// append makes a copy), not a new one for each message on each page.
func reactionKinds(crisis bool) []string {
	if crisis {
		return crisisReactions[:len(crisisReactions):len(crisisReactions)]
	}
	return allReactionKinds[:len(allReactionKinds):len(allReactionKinds)]
}

// allReactionKinds are the kinds of Reactions, in order.
var allReactionKinds = func() []string {
	out := make([]string, len(Reactions))
	for i, r := range Reactions {
		out[i] = r.Kind
	}
	return out
}()

// frame encodes a change once for every recipient.
func frame(v MessageView) []byte {
	b, _ := json.Marshal(struct {
		Type    string      `json:"type"`
		Conv    string      `json:"conv"`
		Change  int64       `json:"change"`
		Message MessageView `json:"message"`
	}{"message", v.Conv, v.Change, v})
	return b
}

func (a *App) publishMessage(ctx context.Context, v MessageView) {
	a.publish(ctx, changeEvent(v))
}

// publishMessageAfter publishes a message's change made in tx once tx has
// committed, never if it rolls back (an event out before its commit was
// taken by every hub as delivered, its change number with it, and a
// rolled-back one's number is given again to the next change); at once
// when tx is not a transaction.
func (a *App) publishMessageAfter(ctx context.Context, tx store.Store, v MessageView) {
	ev := changeEvent(v)
	if c, ok := tx.(interface{ AfterCommit(func()) }); ok {
		c.AfterCommit(func() { a.publish(ctx, ev) })
		return
	}
	a.publish(ctx, ev)
}

// changeEvent is a message's change for the hub; a held message goes to
// its author's sockets only.
func changeEvent(v MessageView) realtime.Event {
	ev := realtime.Event{Kind: realtime.KindChange, Conv: v.Conv, Change: v.Change, Author: v.Author.ID, Message: v.ID, Frame: frame(v)}
	if v.State == msgHeld {
		ev.Only = v.Author.ID
	}
	return ev
}

var errNoConversation = &model.Error{Kind: model.KindNotFound, Message: "conversation not found, or you are not in it"}

// convAccess says what userID may do in a conversation.
type convAccess struct {
	conv  *store.Conversation
	group *store.Group
	// member is the group membership (group conversations).
	member *store.GroupMember
	// other is the other person (direct messages) and mine my row there.
	other string
	mine  *store.ConversationMember
	// reader is the viewer's row in the conversation (its read marker),
	// when readerRead says it was read with the rest (nil: none).
	reader     *store.ConversationMember
	readerRead bool
	// blocked are those the viewer blocks or is blocked by, when
	// blockedRead says they were read with the rest.
	blocked     []string
	blockedRead bool
}

func (c convAccess) leader() bool {
	return c.member != nil && (c.member.Role == RoleFacilitator || c.member.Role == RoleCoFacilitator)
}

// access returns userID's access to conv; not_found when they have none.
// The conversation is read afresh (its numbers); a group's row comes from
// this node's memory when the sends' and subscriptions' checks keep it
// (convCache: dropped on every node by an edit's or an archive's event),
// else from the database.
func (a *App) access(ctx context.Context, userID, convID string) (*convAccess, error) {
	c, err := a.store.FindConversation(ctx, convID)
	if err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return nil, errNoConversation
		}
		return nil, err
	}
	var g *store.Group
	if c.Kind == "group" && a.keptUsable() {
		if e, _ := a.convs.get(convID); e != nil && e.group != nil && e.conv.Kind == c.Kind {
			cp := *e.group // callers read the group and never change it
			g = &cp
		}
	}
	return a.accessTo(ctx, userID, c, g)
}

// accessTo checks userID's access to c; g is c's group when the caller
// has it already.
func (a *App) accessTo(ctx context.Context, userID string, c *store.Conversation, g *store.Group) (*convAccess, error) {
	acc := &convAccess{conv: c}
	switch c.Kind {
	case "group":
		var m *store.GroupMember
		var err error
		if g == nil {
			g, m, err = a.activeMember(ctx, userID, c.ID)
		} else {
			m, err = a.activeMemberOf(ctx, userID, g)
		}
		if err != nil {
			return nil, err
		}
		acc.group, acc.member = g, m
	case "dm":
		ids := strings.Split(c.Pair, ":")
		if len(ids) != 2 || (ids[0] != userID && ids[1] != userID) {
			return nil, errNoConversation
		}
		acc.other = ids[0]
		if acc.other == userID {
			acc.other = ids[1]
		}
		if blocked, err := a.store.Blocked(ctx, userID, acc.other); err != nil {
			return nil, err
		} else if blocked {
			return nil, errNoConversation
		}
		var err error
		if acc.mine, err = a.store.FindConversationMember(ctx, c.ID, userID); err != nil {
			return nil, errNoConversation
		}
	default:
		return nil, errNoConversation
	}
	return acc, nil
}

// CanRead reports whether userID may follow the conversation now.
func (a *App) CanRead(ctx context.Context, userID, convID string) bool {
	_, err := a.quickAccess(ctx, userID, convID)
	return err == nil
}

func cleanBody(body string) (string, error) {
	if !utf8.ValidString(body) {
		return "", &model.Error{Kind: model.KindInvalid, Message: "the message is not valid text", Fields: map[string]string{"body": "not valid UTF-8"}}
	}
	body = strings.TrimSpace(strings.ReplaceAll(body, "\x00", ""))
	switch n := utf8.RuneCountInString(body); {
	case n == 0:
		return "", &model.Error{Kind: model.KindInvalid, Message: "write something to send", Fields: map[string]string{"body": "empty"}}
	case n > MaxMessage:
		return "", &model.Error{Kind: model.KindTooLarge, Message: "keep a message to 4,000 characters; split a longer one in two", Fields: map[string]string{"body": "too long"}}
	}
	return body, nil
}

func cleanClientID(id string) (string, error) {
	id = strings.TrimSpace(id)
	if id == "" {
		return newID(), nil
	}
	if len(id) > 100 || !utf8.ValidString(id) {
		return "", &model.Error{Kind: model.KindInvalid, Message: "client_id must be at most 100 characters", Fields: map[string]string{"client_id": "too long"}}
	}
	return id, nil
}

// SendMessage posts to a group's chat or a direct-message thread. The same
// client ID again returns the stored message (created false). Errors:
// not_found, forbidden, invalid, too_large, conflict (archived), rate_limited.
func (a *App) SendMessage(ctx context.Context, convID, clientID, body string) (*MessageView, bool, error) {
	return a.postMessage(ctx, convID, clientID, body, "text")
}

func (a *App) postMessage(ctx context.Context, convID, clientID, body, kind string) (*MessageView, bool, error) {
	act, err := requireActor(ctx)
	if err != nil {
		return nil, false, err
	}
	if clientID, body, err = a.checkMessage(ctx, act, clientID, body); err != nil {
		return nil, false, err
	}
	acc, err := a.quickAccess(ctx, act.User.ID, convID)
	if err != nil {
		return nil, false, err
	}
	if acc.group != nil && acc.group.ArchivedAt != nil {
		return nil, false, model.Errorf(model.KindConflict, "this group is archived; its chat is read-only")
	}
	if acc.mine != nil && acc.mine.State != "active" {
		return nil, false, model.Errorf(model.KindForbidden, "accept this message request before you reply")
	}
	if acc.other != "" && a.nameAndRole(ctx, acc.other).former {
		return nil, false, errFormerMember()
	}
	if err := a.allowSend(ctx, act, acc.other); err != nil {
		return nil, false, err
	}
	return a.storeMessage(ctx, act, acc, clientID, body, kind, nil)
}

// checkMessage refuses what no conversation would take: a bad client ID,
// a restricted author, links a new account may not send, an empty or
// too long body. It returns the client ID and body as they are stored.
func (a *App) checkMessage(ctx context.Context, act *Actor, clientID, body string) (string, string, error) {
	clientID, err := cleanClientID(clientID)
	if err != nil {
		return "", "", err
	}
	if err := a.mayWrite(ctx, act.User.ID); err != nil {
		return "", "", err
	}
	if err := a.checkLinks(ctx, act.User, body); err != nil {
		return "", "", err
	}
	if body, err = cleanBody(body); err != nil {
		return "", "", err
	}
	return clientID, body, nil
}

// allowSend counts a message against the author's pace (and, in a direct
// message, against the pace to that person).
func (a *App) allowSend(ctx context.Context, act *Actor, other string) error {
	if err := a.chatLimit.allow("send:"+act.User.ID, 30); err != nil {
		return err
	}
	// New accounts get a third of the allowance; asked only when it matters.
	if a.chatLimit.over("send:"+act.User.ID, 10) && a.trustLevel(ctx, act.User) == TrustNew {
		return &model.Error{Kind: model.KindRateLimited, Message: "new accounts send up to 10 messages a minute; wait a moment", RetryAfterSeconds: 60}
	}
	if other != "" {
		if err := a.chatLimit.allow("dm:"+act.User.ID+":"+other, 20); err != nil {
			return err
		}
	}
	return nil
}

// storeMessage appends a checked message and delivers it. before, when
// set, runs in the same transaction first (a new thread's creation), so
// the two are stored together or not at all.
func (a *App) storeMessage(ctx context.Context, act *Actor, acc *convAccess, clientID, body, kind string, before func(tx store.Store) error) (*MessageView, bool, error) {
	convID := acc.conv.ID
	cache := names{}
	var mentions []string
	if acc.group != nil {
		mentions = a.mentionsIn(ctx, cache, act.User.ID, convID, body)
	}
	id := newID()
	m := &store.StoredMessage{ID: id, ConversationID: convID, AuthorID: act.User.ID, ClientID: clientID,
		Sealed: a.box.Seal([]byte(body), messageAAD(id)), Mentions: mentions, Kind: kind, CreatedAt: a.now()}
	// Selling or soliciting is held for a moderator before anyone else
	// can see it: stored held, so no page, history or socket shows it.
	why := LooksLikeSolicitation(body)
	if why != "" {
		m.State, m.Reason, m.Mentions = msgHeld, heldReason, nil
	}
	var existing bool
	var err error
	if before == nil {
		existing, err = a.store.AppendMessage(ctx, m)
	} else {
		err = a.store.InTx(ctx, func(tx store.Store) error {
			if err := before(tx); err != nil {
				return err
			}
			existing, err = tx.AppendMessage(ctx, m)
			return err
		})
	}
	if err != nil {
		return nil, false, err
	}
	if existing {
		v := a.messageView(ctx, cache, m)
		return &v, false, nil
	}
	if acc.group != nil {
		a.keepSent(ctx, m)
	}
	// The words are checked once: the check both screens them and tells
	// which reactions fit them (the message's view below).
	checked := safety.Check(body, "")
	if sharedMilestone(m.Kind, body) == nil {
		a.fits.know(m, checked.Level == safety.Crisis)
	}
	v := a.messageViewOf(ctx, cache, m, &body, nil)
	// The safety screen and the hold run before the message reaches any
	// socket.
	a.screenMessage(ctx, acc, act.User.ID, m.ID, body, checked)
	if why != "" {
		a.autoReport(ctx, "message", m.ID, m.AuthorID, why)
	}
	a.publishMessage(ctx, v)
	a.afterMessage(ctx, acc, v.Author.DisplayName, m)
	return &v, true, nil
}

// A message held for a moderator: its author sees it, with why; nobody
// else does until a moderator finds nothing wrong with it.
const (
	msgHeld = "held"
	// msgHidden is a message hidden after a report (its words kept for an
	// appeal); "removed" is one removed in the chat or by a moderator.
	msgHidden  = "hidden"
	heldReason = "Only you can see this message: it is waiting for a moderator, because it looked like selling or sharing contact details. If nothing is wrong with it, it will be shown."
)

// mentionsIn finds "@Name" mentions of the group's members in body,
// leaving out anyone who blocks or is blocked by the author.
func (a *App) mentionsIn(ctx context.Context, cache names, authorID, groupID, body string) []string {
	if !strings.Contains(body, "@") {
		return nil
	}
	ms, err := a.store.ListGroupMembers(ctx, groupID, "active")
	if err != nil {
		return nil
	}
	lower := strings.ToLower(body)
	blocked := a.blockedSet(ctx, authorID)
	var out []string
	for _, m := range ms {
		if m.UserID == authorID || blocked[m.UserID] {
			continue
		}
		name := a.nameOf(ctx, cache, m.UserID)
		if name != "" && strings.Contains(lower, "@"+strings.ToLower(name)) {
			out = append(out, m.UserID)
		}
	}
	sort.Strings(out)
	return out
}

// afterMessage notifies the people a new message concerns: mentioned
// members, and the other person of a direct-message thread (once per
// unread stretch; never for a request, which waits in their inbox).
func (a *App) afterMessage(ctx context.Context, acc *convAccess, name string, m *store.StoredMessage) {
	for _, id := range m.Mentions {
		if err := a.notifyAt(ctx, a.store, id, "mention", noteText("notify.mention", "Name", name, "Group", acc.group.Name).about(m.AuthorID), "/groups/"+acc.group.ID+"/chat#m-"+m.ID); err != nil {
			a.log.Warn("mention not notified", "err", err)
		}
	}
	if acc.other == "" {
		return
	}
	other, err := a.store.FindConversationMember(ctx, m.ConversationID, acc.other)
	if err != nil {
		return
	}
	// A request that solicits off-platform contact or sells is held for a
	// moderator, as its message is, before its recipient ever sees it.
	if other.State == dmRequest && m.State == msgHeld {
		other.State, other.UpdatedAt = dmHeld, a.now()
		if err := a.store.SaveConversationMember(ctx, other); err != nil {
			a.log.Warn("request not held", "err", err)
		}
	}
	if other.State != "active" || m.State == msgHeld {
		return
	}
	if m.Seq-other.LastReadSeq == 1 || m.Seq == 1 {
		if err := a.notifyAt(ctx, a.store, acc.other, "direct_message", noteText("notify.direct_message", "Name", name).about(m.AuthorID), "/messages/"+m.ConversationID); err != nil {
			a.log.Warn("message not notified", "err", err)
		}
	}
}

// ownMessage loads a message of a conversation the actor can read.
func (a *App) ownMessage(ctx context.Context, userID, messageID string) (*store.StoredMessage, *convAccess, error) {
	m, err := a.store.FindMessage(ctx, messageID)
	if err != nil {
		return nil, nil, notFound(err, "apperrf.not_found.message")
	}
	acc, err := a.access(ctx, userID, m.ConversationID)
	if err != nil {
		return nil, nil, &model.Error{Kind: model.KindNotFound, Message: "message not found"}
	}
	if blocked := a.blockedSet(ctx, userID); blocked[m.AuthorID] {
		return nil, nil, &model.Error{Kind: model.KindNotFound, Message: "message not found"}
	}
	return m, acc, nil
}

// EditMessage changes the text of the actor's own message. Errors:
// not_found, forbidden, invalid, conflict (deleted or removed).
func (a *App) EditMessage(ctx context.Context, messageID, body string) (*MessageView, error) {
	act, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	if body, err = cleanBody(body); err != nil {
		return nil, err
	}
	m, acc, err := a.ownMessage(ctx, act.User.ID, messageID)
	if err != nil {
		return nil, err
	}
	if m.AuthorID != act.User.ID {
		return nil, model.Errorf(model.KindForbidden, "you can edit only your own messages")
	}
	if m.State == msgHeld {
		return nil, model.Errorf(model.KindConflict, "this message is waiting for a moderator; it cannot be edited until then")
	}
	if m.State != "visible" {
		return nil, model.Errorf(model.KindConflict, "this message was deleted; it cannot be edited")
	}
	if acc.group != nil && acc.group.ArchivedAt != nil {
		return nil, model.Errorf(model.KindConflict, "this group is archived; its chat is read-only")
	}
	now := a.now()
	m.Sealed, m.EditedAt = a.box.Seal([]byte(body), messageAAD(m.ID)), &now
	if acc.group != nil {
		m.Mentions = a.mentionsIn(ctx, names{}, act.User.ID, m.ConversationID, body)
	}
	// An edit into selling is held like a new message: from now on only
	// its author sees it (others keep the earlier words until they reload).
	why := LooksLikeSolicitation(body)
	if why != "" {
		m.State, m.Reason, m.Mentions = msgHeld, heldReason, nil
	}
	if err := a.store.UpdateMessage(ctx, m); err != nil {
		return nil, err
	}
	v := a.messageView(ctx, names{}, m)
	a.rescreenMessage(ctx, acc, act.User.ID, m.ID, body)
	if why != "" {
		a.autoReport(ctx, "message", m.ID, m.AuthorID, why)
	}
	a.publishMessage(ctx, v)
	return &v, nil
}

// screenMessage screens a chat or direct message whose safety check is
// checked.
func (a *App) screenMessage(ctx context.Context, acc *convAccess, userID, messageID, body string, checked safety.Result) {
	if acc.group != nil {
		a.screenChecked(ctx, userID, SurfaceChat, messageID, acc.group.ID, body, safety.Concern, checked)
		return
	}
	a.screenChecked(ctx, userID, SurfaceDM, messageID, "", body, safety.Concern, checked)
}

// rescreenMessage is screenMessage for an edited message (see rescreen).
func (a *App) rescreenMessage(ctx context.Context, acc *convAccess, userID, messageID, body string) {
	if acc.group != nil {
		a.rescreen(ctx, userID, SurfaceChat, messageID, acc.group.ID, body)
		return
	}
	a.rescreen(ctx, userID, SurfaceDM, messageID, "", body)
}

// DeleteMessage deletes the actor's own message, or, with a reason, lets a
// facilitator remove anyone's message in their group; a message already
// deleted or removed is answered as it is. Errors: not_found, forbidden,
// invalid, conflict (held for a moderator).
func (a *App) DeleteMessage(ctx context.Context, messageID, reason string) (*MessageView, error) {
	act, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	m, acc, err := a.ownMessage(ctx, act.User.ID, messageID)
	if err != nil {
		return nil, err
	}
	if (m.State == "deleted" || m.State == "removed" || m.State == msgHidden) && (m.AuthorID == act.User.ID || acc.leader()) {
		v := a.messageView(ctx, names{}, m) // deleting twice is deleting once
		return &v, nil
	}
	if m.State != "visible" {
		return nil, model.Errorf(model.KindConflict, "this message is waiting for a moderator; it cannot be deleted until then")
	}
	reason = strings.TrimSpace(reason)
	switch {
	case m.AuthorID == act.User.ID:
		m.State = "deleted"
	case acc.leader():
		if err := withMFA(act, ErrMFAForFacilitators); err != nil {
			return nil, err
		}
		if reason == "" {
			return nil, &model.Error{Kind: model.KindInvalid, Message: "give a reason for removing the message; the group will see it", Fields: map[string]string{"reason": "required"}}
		}
		if utf8.RuneCountInString(reason) > 500 {
			return nil, &model.Error{Kind: model.KindInvalid, Message: "keep the reason to 500 characters", Fields: map[string]string{"reason": "too long"}}
		}
		m.State, m.Reason = "removed", reason
	default:
		return nil, model.Errorf(model.KindForbidden, "you can delete only your own messages")
	}
	now := a.now()
	m.Sealed, m.EditedAt, m.Mentions = nil, &now, nil
	if err := a.store.UpdateMessage(ctx, m); err != nil {
		return nil, err
	}
	if m.State == "removed" {
		a.audit(ctx, act.User.ID, m.AuthorID, "group_message_removed", []string{m.ConversationID})
		if err := a.notifyAt(ctx, a.store, m.AuthorID, "message_removed", noteText("notify.message_removed", "Group", acc.group.Name, "Reason", reason), "/groups/"+acc.group.ID+"/chat"); err != nil {
			a.log.Warn("removal not notified", "err", err)
		}
	}
	v := a.messageView(ctx, names{}, m)
	a.publishMessage(ctx, v)
	return &v, nil
}

// React adds (on) or takes back a reaction. Errors: not_found, invalid,
// conflict (the message was deleted, or its group is archived: its chat
// is read-only).
func (a *App) React(ctx context.Context, messageID, kind string, on bool) (*MessageView, error) {
	act, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	if _, ok := reactionKind(kind); !ok {
		return nil, &model.Error{Kind: model.KindInvalid, Message: "reaction must be with_you, thank_you or proud", Fields: map[string]string{"reaction": "unknown reaction"}}
	}
	m, acc, err := a.ownMessage(ctx, act.User.ID, messageID)
	if err != nil {
		return nil, err
	}
	if m.State != "visible" {
		return nil, model.Errorf(model.KindConflict, "this message was deleted; it takes no reactions")
	}
	if acc.group != nil && acc.group.ArchivedAt != nil {
		return nil, model.Errorf(model.KindConflict, "this group is archived; its chat is read-only")
	}
	if acc.mine != nil && acc.mine.State != "active" {
		return nil, model.Errorf(model.KindForbidden, "accept this message request first")
	}
	if on {
		if body, err := a.box.Open(m.Sealed, messageAAD(m.ID)); err == nil && !slices.Contains(reactionsFor(string(body)), kind) {
			return nil, &model.Error{Kind: model.KindInvalid, Message: "this message speaks of a hard moment; only \"with you\" fits it", Fields: map[string]string{"reaction": "does not fit this message"}}
		}
	}
	if err := a.chatLimit.allow("react:"+act.User.ID, 60); err != nil {
		return nil, err
	}
	_, changed, err := a.store.SetReaction(ctx, messageID, act.User.ID, kind, on, a.now())
	if err != nil {
		return nil, notFound(err, "apperrf.not_found.message")
	}
	if m, err = a.store.FindMessage(ctx, messageID); err != nil {
		return nil, err
	}
	v := a.messageView(ctx, names{}, m)
	if changed {
		a.publishMessage(ctx, v)
	}
	return &v, nil
}

// MarkRead moves the actor's read marker in a conversation to seq.
// Errors: not_found, invalid.
func (a *App) MarkRead(ctx context.Context, convID string, seq int64) error {
	act, err := requireActor(ctx)
	if err != nil {
		return err
	}
	acc, err := a.access(ctx, act.User.ID, convID)
	if err != nil {
		return err
	}
	if seq < 0 || seq > acc.conv.LastSeq {
		return &model.Error{Kind: model.KindInvalid, Message: "seq must be a sequence number of this conversation", Fields: map[string]string{"seq": "out of range"}}
	}
	return a.store.MarkRead(ctx, convID, act.User.ID, seq, a.now())
}

// MarkPageRead marks convID read up to seq, a message of page. A group's
// page read by the actor in this request had the actor's access checked
// as it was read, so the marker moves without reading the conversation,
// the group and the membership again (what MarkRead does: three
// statements on every chat page with something new); any other page
// goes through MarkRead. (Direct messages always do: there the marker's
// row is also the person's place in the thread.)
func (a *App) MarkPageRead(ctx context.Context, page *MessagePage, convID string, seq int64) error {
	act := ActorFrom(ctx)
	if page == nil || act == nil || page.groupConv == "" || page.groupConv != convID || page.reader != act.User.ID || seq < 0 || seq > page.LastSeq {
		forgetAlongside(ctx) // a thread's read marker moves its unread count
		return a.MarkRead(ctx, convID, seq)
	}
	return a.store.MarkRead(ctx, convID, act.User.ID, seq, a.now())
}

// MessagePage is a page of a conversation's history.
type MessagePage struct {
	Messages []MessageView `json:"messages"`
	// LastSeq and LastChange are the conversation's latest numbers.
	LastSeq    int64 `json:"last_seq"`
	LastChange int64 `json:"last_change"`
	// ReadSeq is the actor's read marker.
	ReadSeq int64 `json:"read_seq"`
	// HasMore says older (before) or newer (after) messages remain.
	HasMore bool `json:"has_more"`
	// Next is where the next page continues when HasMore: before this
	// sequence number when the page was read newest first, else after it.
	Next int64 `json:"-"`
	// marker says the actor has a read marker here (ReadSeq is its value).
	marker bool
	// groupConv and reader name a group's conversation and the actor whose
	// access to it was checked to read this page (MarkPageRead).
	groupConv, reader string
}

// ReadUpTo reports whether the actor's read marker was already at or past
// seq when the page was read, so that marking the page read would change
// nothing.
func (p *MessagePage) ReadUpTo(seq int64) bool { return p.marker && p.ReadSeq >= seq }

// ListMessages returns history in sequence order: after a sequence number
// (oldest first from there), or the newest before one (before 0: the
// newest of all). Messages of members either side blocks are left out.
// Errors: not_found, invalid.
func (a *App) ListMessages(ctx context.Context, convID string, after, before int64, limit int) (*MessagePage, error) {
	act, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	if after < 0 || before < 0 {
		return nil, &model.Error{Kind: model.KindInvalid, Message: "after and before must be sequence numbers (0 or more)", Fields: map[string]string{"after": "0 or more", "before": "0 or more"}}
	}
	if limit < 0 || limit > 200 {
		return nil, &model.Error{Kind: model.KindInvalid, Message: "limit is 1 to 200 messages (leave it out for 50)", Fields: map[string]string{"limit": "use 1 to 200"}}
	}
	if limit == 0 {
		limit = 50
	}
	acc, err := a.readerAccess(ctx, act.User.ID, convID)
	if err != nil {
		return nil, err
	}
	return a.listMessages(ctx, act, acc, after, before, limit)
}

// readerAccess is access for a history: the conversation, the reader's
// rows in it and in its group and the blocks either way read in one
// statement (they were three to four), fresh as access reads them, so a
// removal, a leave or a block refuses the next history at once on every
// node; a group's row from the node's memory as access takes it.
func (a *App) readerAccess(ctx context.Context, userID, convID string) (*convAccess, error) {
	if acc, ok, err := a.keptReaderAccess(ctx, userID, convID); ok {
		return acc, err
	}
	cr, err := a.store.FindConversationReader(ctx, convID, userID)
	if err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return nil, errNoConversation
		}
		return nil, err
	}
	c := cr.Conversation
	acc := &convAccess{conv: c, reader: cr.Reader, readerRead: true, blocked: cr.Blocked, blockedRead: true}
	switch c.Kind {
	case "group":
		var g *store.Group
		if a.keptUsable() {
			if e, _ := a.convs.get(convID); e != nil && e.group != nil && e.conv.Kind == c.Kind {
				cp := *e.group // callers read the group and never change it
				g = &cp
			}
		}
		if g == nil {
			if g, err = a.store.FindGroup(ctx, convID); errors.Is(err, store.ErrNotFound) {
				return nil, errNoGroup
			} else if err != nil {
				return nil, err
			}
		}
		m, err := a.placeOf(ctx, userID, g, cr.Member)
		if err != nil {
			return nil, err
		}
		if acc.member, err = activeIn(g, m); err != nil {
			return nil, err
		}
		acc.group = g
	case "dm":
		ids := strings.Split(c.Pair, ":")
		if len(ids) != 2 || (ids[0] != userID && ids[1] != userID) {
			return nil, errNoConversation
		}
		acc.other = ids[0]
		if acc.other == userID {
			acc.other = ids[1]
		}
		if slices.Contains(cr.Blocked, acc.other) || cr.Reader == nil {
			return nil, errNoConversation
		}
		acc.mine = cr.Reader
	default:
		return nil, errNoConversation
	}
	return acc, nil
}

// keptReaderAccess is readerAccess for a group's conversation from what
// this node keeps of the group's chat page (chatAccessCache, a SQLite
// node's, used while it follows other processes' commits), when all of it
// is kept: the statement's parts (the conversation's numbers, the
// reader's row in it and in its group, the blocks either way) are the
// page's, and the group's part is what the page reads of the group. Each
// is dropped, or set to what the write left, by SQLite's word of every
// write to them before the writing call returns, so a removal, a leave or
// a block refuses the next history at once, as the statement does. The
// access is then worked out as the chat page works it out (GroupChat).
// ok is false when something is not kept (or the conversation is not a
// group's): the statement is read. A history is a socket's "history"
// (bench/usersim's "scroll history", 15% of its actions, on the chat its
// page opened) and the API's messages; the statement was 2.5% of the node
// in the quiet profile of ceeff82.
func (a *App) keptReaderAccess(ctx context.Context, userID, convID string) (acc *convAccess, ok bool, err error) {
	if !a.others.asking.Load() {
		return nil, false, nil
	}
	gc, _ := a.chatAccess.get(convID, userID, a.now())
	if gc == nil || gc.Conversation == nil || gc.Conversation.Kind != "group" {
		return nil, false, nil
	}
	g := gc.Group
	m, err := a.placeOf(ctx, userID, g, gc.Member)
	if err != nil {
		return nil, true, err
	}
	acc = &convAccess{conv: gc.Conversation, group: g, reader: gc.Reader, readerRead: true, blocked: gc.Blocked, blockedRead: true}
	if acc.member, err = activeIn(g, m); err != nil {
		return nil, true, err
	}
	return acc, true, nil
}

// GroupChat is ChatGroup and ListMessages(id, 0, before, limit) together,
// for the group's chat page: the group and the viewer's place in it are
// read once, for the page and for the access check, not twice. When the
// group cannot be shown it returns ChatGroup's error and no view; when the
// group can and its messages cannot, the view and ListMessages's error.
func (a *App) GroupChat(ctx context.Context, id string, before int64, limit int) (*GroupView, *MessagePage, error) {
	act, err := requireActor(ctx)
	if err != nil {
		return nil, nil, err
	}
	// The group, the viewer's place, the conversation's numbers, the
	// viewer's read marker and the blocks either way in one statement
	// (from the node's memory on SQLite: chatAccessCache); on
	// PostgreSQL the page's layout in the same round trip.
	gc, err := a.findGroupChat(ctx, act, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil, errNoGroup
	} else if err != nil {
		return nil, nil, err
	}
	g, m, c, reader := gc.Group, gc.Member, gc.Conversation, gc.Reader
	if m, err = a.placeOf(ctx, act.User.ID, g, m); err != nil {
		return nil, nil, err
	}
	v := chatGroupView(g, m)
	if before < 0 || limit < 1 || limit > 200 {
		page, err := a.ListMessages(ctx, id, 0, before, limit)
		return &v, page, err
	}
	// access(id), from the group and the place just read.
	if c == nil {
		return &v, nil, errNoConversation
	}
	acc := &convAccess{conv: c, group: g, reader: reader, readerRead: true, blocked: gc.Blocked, blockedRead: true}
	if c.Kind != "group" {
		if acc, err = a.accessTo(ctx, act.User.ID, c, nil); err != nil {
			return &v, nil, err
		}
	} else if acc.member, err = activeIn(g, m); err != nil {
		return &v, nil, err
	}
	page, err := a.listMessages(ctx, act, acc, 0, before, limit)
	return &v, page, err
}

// listMessages is ListMessages once the actor's access is known.
func (a *App) listMessages(ctx context.Context, act *Actor, acc *convAccess, after, before int64, limit int) (*MessagePage, error) {
	convID := acc.conv.ID
	var err error
	newest := after == 0
	if acc.conv.Kind == "group" {
		// A group's recent messages are kept on each node as views (see
		// chatViews); a page does only what is its viewer's own.
		vs, kept, ok, err := a.keptMessages(ctx, acc.conv, after, before, limit)
		if err != nil {
			return nil, err
		}
		if ok {
			return a.viewerPage(ctx, act, acc, vs, kept, newest, limit), nil
		}
	}
	// The newest page, the one every chat page opens on, is kept on each
	// node under the conversation's numbers just read (see pageCache).
	var ms []*store.StoredMessage
	var gen uint64
	latest := newest && before == 0
	if latest {
		ms, gen = a.pages.get(acc.conv, limit+1)
	}
	if ms == nil {
		if ms, err = a.store.ListMessages(ctx, convID, after, before, limit+1, newest); err != nil {
			return nil, err
		}
		if latest {
			a.pages.put(acc.conv, limit+1, ms, gen)
		}
	}
	// The views are made room for at once: a MessageView is large, and
	// growing the slice one append at a time copied the page's views
	// about seven times over (7% of a chat page's CPU).
	page := &MessagePage{Messages: make([]MessageView, 0, len(ms)), LastSeq: acc.conv.LastSeq, LastChange: acc.conv.LastChange}
	ms = trimPage(page, ms, limit, newest, func(m *store.StoredMessage) int64 { return m.Seq })
	if acc.conv.Kind == "group" {
		page.groupConv, page.reader = convID, act.User.ID
	}
	blocked := a.blockedFor(ctx, act, acc)
	page.Messages = a.pageViews(ctx, page.Messages, ms, func(m *store.StoredMessage) bool {
		return !blocked[m.AuthorID] && (m.State != msgHeld || m.AuthorID == act.User.ID)
	})
	a.readMarker(ctx, act, acc, page)
	return page, nil
}

// trimPage cuts rows, a page's messages in order and read one past limit,
// to limit, and says on page whether more remain and where the next page
// continues: the extra row is the oldest when the page was read newest
// first (before a number, or the latest), else the newest. seq is a row's
// number in its conversation.
func trimPage[T any](page *MessagePage, rows []T, limit int, newest bool, seq func(T) int64) []T {
	if len(rows) <= limit {
		return rows
	}
	page.HasMore = true
	if newest {
		rows = rows[1:]
		page.Next = seq(rows[0])
	} else {
		rows = rows[:limit]
		page.Next = seq(rows[len(rows)-1])
	}
	return rows
}

// blockedFor is everyone act blocks or is blocked by, as acc read them
// (or read now).
func (a *App) blockedFor(ctx context.Context, act *Actor, acc *convAccess) map[string]bool {
	if !acc.blockedRead {
		return a.blockedSet(ctx, act.User.ID)
	}
	blocked := make(map[string]bool, len(acc.blocked))
	for _, id := range acc.blocked {
		blocked[id] = true
	}
	return blocked
}

// readMarker sets page's read marker, as acc read it (or read now).
func (a *App) readMarker(ctx context.Context, act *Actor, acc *convAccess, page *MessagePage) {
	if acc.readerRead {
		if acc.reader != nil {
			page.ReadSeq, page.marker = acc.reader.LastReadSeq, true
		}
	} else if r, err := a.store.FindConversationMember(ctx, acc.conv.ID, act.User.ID); err == nil {
		page.ReadSeq, page.marker = r.LastReadSeq, true
	}
}

// viewerPage is listMessages's page for act from vs, the views the store's
// ListMessages(after, before, limit+1) would have given (shared: they are
// copied, never changed): the messages of people act blocks or is blocked
// by and others' held messages left out, each author named as this node
// names them now, a milestone card in act's language.
//
// kept, when vs are its views, keeps the authors' names its pages looked
// up (chatNames): a page finds them there while the name cache has
// forgotten nothing since and none of them is older than the cache keeps
// it, and otherwise looks them up and leaves them there for the next.
func (a *App) viewerPage(ctx context.Context, act *Actor, acc *convAccess, vs []*MessageView, kept *keptChat, newest bool, limit int) *MessagePage {
	page := &MessagePage{LastSeq: acc.conv.LastSeq, LastChange: acc.conv.LastChange, groupConv: acc.conv.ID, reader: act.User.ID}
	vs = trimPage(page, vs, limit, newest, func(v *MessageView) int64 { return v.Seq })
	blocked := a.blockedFor(ctx, act, acc)
	page.Messages = make([]MessageView, 0, len(vs))
	lang := readerLang(ctx)
	var known, found *chatNames
	now, keep := a.names.now(), a.nameKeep()
	if kept != nil && a.keptUsable() {
		known = kept.names.Load()
		// What this page looks up is kept only if nothing was forgotten
		// since gen (read before any of it).
		found = &chatNames{gen: a.names.moved.Load(), until: now.Add(keep), byUser: map[string]string{}}
	}
	var cache names
	for _, v := range vs {
		if blocked[v.Author.ID] || v.State == msgHeld && v.Author.ID != act.User.ID {
			continue
		}
		page.Messages = append(page.Messages, *v)
		w := &page.Messages[len(page.Messages)-1]
		id := v.Author.ID
		name, ok := known.name(a.names, id, now)
		if !ok && found != nil {
			name, ok = found.byUser[id]
		}
		if !ok {
			n := a.nameAndRole(ctx, id)
			name = n.name
			if found != nil {
				found.byUser[id] = name
				if until := n.at.Add(keep); until.Before(found.until) {
					found.until = until
				}
			} else {
				if cache == nil {
					cache = names{}
				}
				cache[id] = name
			}
		}
		w.Author.DisplayName = name
		if w.Milestone != nil {
			w.Body = MilestoneLine(lang, w.Author.DisplayName, w.Milestone.Label)
		}
	}
	if found != nil && len(found.byUser) > 0 {
		// Every name the page looked up, with those it found kept.
		if known != nil && known.gen == found.gen && now.Before(known.until) {
			for id, n := range known.byUser {
				if _, ok := found.byUser[id]; !ok {
					found.byUser[id] = n
				}
			}
			found.until = minTime(found.until, known.until)
		}
		kept.names.Store(found)
	}
	a.readMarker(ctx, act, acc, page)
	return page
}

func minTime(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

// Changes returns the first limit change events of a conversation in
// (after, upTo] for the real-time hub, each encoded once. The hub reads a
// long catch-up a page at a time.
func (a *App) Changes(ctx context.Context, convID string, after, upTo int64, limit int) ([]realtime.Event, error) {
	ms, err := a.store.ListChangedMessages(ctx, convID, after, upTo, limit)
	if err != nil {
		return nil, err
	}
	views := a.pageViews(ctx, make([]MessageView, 0, len(ms)), ms, func(*store.StoredMessage) bool { return true })
	out := make([]realtime.Event, 0, len(ms))
	for _, v := range views {
		out = append(out, changeEvent(v))
	}
	return out, nil
}

// LastChange returns a conversation's latest change number.
func (a *App) LastChange(ctx context.Context, convID string) (int64, error) {
	c, err := a.store.FindConversation(ctx, convID)
	if err != nil {
		return 0, err
	}
	return c.LastChange, nil
}

// Blocked returns everyone userID blocks or is blocked by.
func (a *App) Blocked(ctx context.Context, userID string) ([]string, error) {
	return a.blockedEitherWay(ctx, userID)
}
