package bunstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/kinshiprecovery/kinship/internal/store"
)

const conversationColumns = "id, kind, COALESCE(pair, ''), started_by, last_seq, last_change, created_at"

func scanConversation(row interface{ Scan(...any) error }) (*store.Conversation, error) {
	var c store.Conversation
	var at int64
	if err := row.Scan(&c.ID, &c.Kind, &c.Pair, &c.StartedBy, &c.LastSeq, &c.LastChange, &at); err != nil {
		return nil, err
	}
	c.CreatedAt = fromMicros(at)
	return &c, nil
}

// CreateConversation inserts c; store.ErrConflict when the pair has one.
func (s *Store) CreateConversation(ctx context.Context, c *store.Conversation) error {
	_, err := s.w.ExecContext(ctx, "INSERT INTO conversations (id, kind, pair, started_by, created_at) VALUES (?, ?, ?, ?, ?)",
		c.ID, c.Kind, nullString(c.Pair), c.StartedBy, micros(c.CreatedAt))
	return wrap(err, "create conversation")
}

// FindConversation returns store.ErrNotFound when absent.
func (s *Store) FindConversation(ctx context.Context, id string) (*store.Conversation, error) {
	c, err := scanConversation(s.readRow(ctx, "SELECT "+conversationColumns+" FROM conversations WHERE id = ?", id))
	return c, wrap(err, "find conversation %s", id)
}

// FindConversationByPair returns the pair's direct-message thread.
func (s *Store) FindConversationByPair(ctx context.Context, pair string) (*store.Conversation, error) {
	c, err := scanConversation(s.readRow(ctx, "SELECT "+conversationColumns+" FROM conversations WHERE pair = ?", pair))
	return c, wrap(err, "find conversation by pair")
}

const convMemberColumns = "conversation_id, user_id, state, last_read_seq, updated_at"

func scanConvMember(row interface{ Scan(...any) error }) (*store.ConversationMember, error) {
	var m store.ConversationMember
	var at int64
	if err := row.Scan(&m.ConversationID, &m.UserID, &m.State, &m.LastReadSeq, &at); err != nil {
		return nil, err
	}
	m.UpdatedAt = fromMicros(at)
	return &m, nil
}

// SaveConversationMember inserts or replaces a state, keeping the read marker.
func (s *Store) SaveConversationMember(ctx context.Context, m *store.ConversationMember) error {
	_, err := s.w.ExecContext(ctx, `INSERT INTO conversation_members (`+convMemberColumns+`) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (conversation_id, user_id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at`,
		m.ConversationID, m.UserID, m.State, m.LastReadSeq, micros(m.UpdatedAt))
	return wrap(err, "save member of conversation %s", m.ConversationID)
}

// FindConversationMember returns store.ErrNotFound when absent.
func (s *Store) FindConversationMember(ctx context.Context, convID, userID string) (*store.ConversationMember, error) {
	m, err := scanConvMember(s.readRow(ctx, "SELECT "+convMemberColumns+" FROM conversation_members WHERE conversation_id = ? AND user_id = ?", convID, userID))
	return m, wrap(err, "find member of conversation %s", convID)
}

// conversationReaderQuery is FindConversationReader's statement: only
// the columns a history uses (store.ConversationReader), one number
// saying which LEFT JOINed rows were there (1: the person's row in the
// conversation, 2: their row in its group; a missing row's columns read
// as zero values), and the blocks either way as groupChatQuery reads
// them, each column named short as there.
const conversationReaderQuery = `SELECT c.kind AS ck, COALESCE(c.pair, '') AS cp, c.last_seq AS cs, c.last_change AS cc,
	COALESCE((SELECT string_agg(blocked_id, ' ') FROM blocks WHERE blocker_id = ?), '') AS b1,
	COALESCE((SELECT string_agg(blocker_id, ' ') FROM blocks WHERE blocked_id = ?), '') AS b2,
	CASE WHEN cm.user_id IS NULL THEN 0 ELSE 1 END + CASE WHEN m.user_id IS NULL THEN 0 ELSE 2 END AS h,
	COALESCE(cm.state, '') AS rs, COALESCE(cm.last_read_seq, 0) AS rr,
	COALESCE(m.role, '') AS mr, COALESCE(m.status, '') AS ms
FROM conversations c
LEFT JOIN conversation_members cm ON cm.conversation_id = c.id AND cm.user_id = ?
LEFT JOIN group_members m ON c.kind = 'group' AND m.group_id = c.id AND m.user_id = ?
WHERE c.id = ?`

// FindConversationReader reads the part of the conversation and of the
// person's rows in it and in its group that a history uses, and the
// blocks either way, in one statement (a history read them whole in
// three to four).
func (s *Store) FindConversationReader(ctx context.Context, convID, userID string) (*store.ConversationReader, error) {
	// What the statement is read into, in one allocation.
	r := &struct {
		has               int
		blocks, blockedBy string
		c                 store.Conversation
		cm                store.ConversationMember
		m                 store.GroupMember
	}{}
	c, cm, m := &r.c, &r.cm, &r.m
	err := s.readRow(ctx, conversationReaderQuery, userID, userID, userID, userID, convID).Scan(
		&c.Kind, &c.Pair, &c.LastSeq, &c.LastChange,
		&r.blocks, &r.blockedBy, &r.has,
		&cm.State, &cm.LastReadSeq,
		&m.Role, &m.Status)
	if err != nil {
		return nil, wrap(err, "find reader of conversation %s", convID)
	}
	c.ID = convID
	out := &store.ConversationReader{Conversation: c, Blocked: blockedEitherWay(r.blocks, r.blockedBy)}
	if r.has&1 != 0 {
		cm.ConversationID, cm.UserID = convID, userID
		out.Reader = cm
	}
	if r.has&2 != 0 {
		m.GroupID, m.UserID = convID, userID
		out.Member = m
	}
	return out, nil
}

func (s *Store) listConvMembers(ctx context.Context, q string, args ...any) ([]*store.ConversationMember, error) {
	rows, err := s.query(ctx, q, args...)
	if err != nil {
		return nil, wrap(err, "list conversation members")
	}
	defer rows.Close()
	var out []*store.ConversationMember
	for rows.Next() {
		m, err := scanConvMember(rows)
		if err != nil {
			return nil, wrap(err, "list conversation members")
		}
		out = append(out, m)
	}
	return out, wrap(rows.Err(), "list conversation members")
}

// ListConversationMembers returns a conversation's rows.
func (s *Store) ListConversationMembers(ctx context.Context, convID string) ([]*store.ConversationMember, error) {
	return s.listConvMembers(ctx, "SELECT "+convMemberColumns+" FROM conversation_members WHERE conversation_id = ? ORDER BY user_id", convID)
}

// inboxThreadsSQL is ListInboxThreads' statement before its states, its
// position and its order. The other person's row and the blocks are
// matched by the pair ("x:y", the smaller ID first), which names both.
// A thread's activity is the time of its newest message, the last by
// sequence: one row of the (conversation_id, seq) index, where the
// latest created_at (MAX) read every message of the thread, which no
// index orders by time.
const inboxThreadsSQL = `SELECT i.conversation_id, i.user_id, i.state, i.last_read_seq, i.updated_at, i.active_at,
		i.kind, i.pair, i.started_by, i.last_seq, i.last_change, i.created_at,
		CASE WHEN t.user_id IS NULL THEN 0 ELSE 1 END, COALESCE(t.user_id, ''), COALESCE(t.state, ''), COALESCE(t.last_read_seq, 0), COALESCE(t.updated_at, 0),
		CASE WHEN EXISTS (SELECT 1 FROM blocks b WHERE
			(b.blocker_id = i.user_id AND i.pair IN (i.user_id || ':' || b.blocked_id, b.blocked_id || ':' || i.user_id)) OR
			(b.blocked_id = i.user_id AND i.pair IN (i.user_id || ':' || b.blocker_id, b.blocker_id || ':' || i.user_id))) THEN 1 ELSE 0 END,
		(SELECT COUNT(*) FROM messages x WHERE x.conversation_id = i.conversation_id AND x.seq > i.last_read_seq AND x.author_id <> i.user_id AND x.state = 'visible')
	FROM (
		SELECT m.conversation_id, m.user_id, m.state, m.last_read_seq, m.updated_at,
			COALESCE((SELECT x.created_at FROM messages x WHERE x.conversation_id = c.id ORDER BY x.seq DESC LIMIT 1), c.created_at) AS active_at,
			c.kind, COALESCE(c.pair, '') AS pair, c.started_by, c.last_seq, c.last_change, c.created_at
		FROM conversation_members m JOIN conversations c ON c.id = m.conversation_id
		WHERE m.user_id = ? AND c.kind = 'dm' AND (c.last_seq > 0 OR c.started_by = m.user_id)
			AND m.state IN (%s)) i
	LEFT JOIN conversation_members t ON t.conversation_id = i.conversation_id AND t.user_id <> i.user_id
		AND i.pair IN (i.user_id || ':' || t.user_id, t.user_id || ':' || i.user_id)
	WHERE 1 = 1`

// ListInboxThreads returns a person's direct-message rows in the states,
// most recent activity first, then by id, each with its thread, the other
// person's row, the blocks either way and its unread count.
func (s *Store) ListInboxThreads(ctx context.Context, userID string, states []string, after store.Keyset, limit int) ([]*store.InboxEntry, error) {
	if len(states) == 0 {
		return nil, nil
	}
	args := []any{userID}
	for _, st := range states {
		args = append(args, st)
	}
	q := fmt.Sprintf(inboxThreadsSQL, strings.TrimSuffix(strings.Repeat("?, ", len(states)), ", "))
	q, args = keysetAfter(q, args, after, "i.active_at", "i.conversation_id", true)
	rows, err := s.query(ctx, q+" ORDER BY i.active_at DESC, i.conversation_id DESC LIMIT ?", append(args, limit)...)
	if err != nil {
		return nil, wrap(err, "list conversations of %s", userID)
	}
	defer rows.Close()
	var out []*store.InboxEntry
	for rows.Next() {
		var e store.InboxEntry
		var t store.ConversationMember
		var updated, active, created, theirUpdated int64
		var hasTheirs, blocked int
		c := &e.Conversation
		if err := rows.Scan(&e.ConversationID, &e.UserID, &e.State, &e.LastReadSeq, &updated, &active,
			&c.Kind, &c.Pair, &c.StartedBy, &c.LastSeq, &c.LastChange, &created,
			&hasTheirs, &t.UserID, &t.State, &t.LastReadSeq, &theirUpdated, &blocked, &e.Unread); err != nil {
			return nil, wrap(err, "list conversations of %s", userID)
		}
		e.UpdatedAt, e.ActiveAt = fromMicros(updated), fromMicros(active)
		c.ID, c.CreatedAt = e.ConversationID, fromMicros(created)
		if hasTheirs == 1 {
			t.ConversationID, t.UpdatedAt = e.ConversationID, fromMicros(theirUpdated)
			e.Theirs = &t
		}
		e.Blocked = blocked == 1
		out = append(out, &e)
	}
	return out, wrap(rows.Err(), "list conversations of %s", userID)
}

// CountUnreadMessages counts the messages after afterSeq by others than userID.
func (s *Store) CountUnreadMessages(ctx context.Context, convID, userID string, afterSeq int64) (int64, error) {
	var n int64
	err := s.readRow(ctx, "SELECT COUNT(*) FROM messages WHERE conversation_id = ? AND seq > ? AND author_id <> ? AND state = 'visible'", convID, afterSeq, userID).Scan(&n)
	return n, wrap(err, "count unread in %s", convID)
}

// listDMUnreadSQL counts the unread of each active thread in the same
// read as the threads themselves.
const listDMUnreadSQL = `SELECT c.id, COALESCE(c.pair, ''), m.state, c.last_seq,
		CASE WHEN m.state = 'active' THEN (SELECT COUNT(*) FROM messages x WHERE x.conversation_id = c.id AND x.seq > m.last_read_seq AND x.author_id <> m.user_id AND x.state = 'visible') ELSE 0 END
	FROM conversation_members m JOIN conversations c ON c.id = m.conversation_id
	WHERE m.user_id = ? AND c.kind = 'dm' AND m.state IN ('active', 'request')`

// ListDMUnread returns userID's active and requested direct-message
// threads with their unread counts.
func (s *Store) ListDMUnread(ctx context.Context, userID string) ([]store.DMUnread, error) {
	rows, err := s.query(ctx, listDMUnreadSQL, userID)
	if err != nil {
		return nil, wrap(err, "count unread direct messages of %s", userID)
	}
	defer rows.Close()
	var out []store.DMUnread
	for rows.Next() {
		var d store.DMUnread
		if err := rows.Scan(&d.ConversationID, &d.Pair, &d.State, &d.LastSeq, &d.Unread); err != nil {
			return nil, wrap(err, "count unread direct messages of %s", userID)
		}
		out = append(out, d)
	}
	return out, wrap(rows.Err(), "count unread direct messages of %s", userID)
}

// findLayoutSQL reads the layout's counts in one statement, each part's
// rows under its tag: 0 the unread notifications, 1 the direct-message
// threads as listDMUnreadSQL. The columns after the tag: three texts, a
// blob, two numbers.
const findLayoutSQL = `SELECT 0, '', '', '', CAST(NULL AS BYTEA), COUNT(*), 0 FROM notifications WHERE user_id = ? AND read_at IS NULL
UNION ALL SELECT 1, c.id, COALESCE(c.pair, ''), m.state, NULL, c.last_seq,
		CASE WHEN m.state = 'active' THEN (SELECT COUNT(*) FROM messages x WHERE x.conversation_id = c.id AND x.seq > m.last_read_seq AND x.author_id <> m.user_id AND x.state = 'visible') ELSE 0 END
	FROM conversation_members m JOIN conversations c ON c.id = m.conversation_id
	WHERE m.user_id = ? AND c.kind = 'dm' AND m.state IN ('active', 'request')`

// findLayoutBlocksSQL adds the blocks either way, tagged 2 and 3.
const findLayoutBlocksSQL = `
UNION ALL SELECT 2, blocked_id, '', '', NULL, 0, 0 FROM blocks WHERE blocker_id = ?
UNION ALL SELECT 3, blocker_id, '', '', NULL, 0, 0 FROM blocks WHERE blocked_id = ?`

// findLayoutPlaceSQL adds the profile's place, tagged 4 (its zone, sealed
// country and time of saving).
const findLayoutPlaceSQL = `
UNION ALL SELECT 4, time_zone, '', '', country_sealed, updated_at, 0 FROM profiles WHERE user_id = ?`

// findLayoutSQLs are the layout's statements by [place][blocks].
var findLayoutSQLs = [2][2]string{
	{findLayoutSQL, findLayoutSQL + findLayoutBlocksSQL},
	{findLayoutSQL + findLayoutPlaceSQL, findLayoutSQL + findLayoutBlocksSQL + findLayoutPlaceSQL},
}

// btoi is 1 for true, 0 for false.
func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// FindLayout reads what a page's layout shows of userID in one statement.
func (s *Store) FindLayout(ctx context.Context, userID string, place, blocks bool) (*store.Layout, error) {
	q, args := findLayout(userID, place, blocks)
	rows, err := s.query(ctx, q, args...)
	if err != nil {
		return nil, wrap(err, "read the layout of %s", userID)
	}
	defer rows.Close()
	l, err := scanLayout(rows)
	return l, wrap(err, "read the layout of %s", userID)
}

// findLayout is FindLayout's statement and its values.
func findLayout(userID string, place, blocks bool) (string, []any) {
	args := []any{userID, userID}
	if blocks {
		args = append(args, userID, userID)
	}
	if place {
		args = append(args, userID)
	}
	return findLayoutSQLs[btoi(place)][btoi(blocks)], args
}

// scanLayout reads findLayout's rows.
func scanLayout(rows interface {
	Next() bool
	Scan(...any) error
	Err() error
}) (*store.Layout, error) {
	var l store.Layout
	for rows.Next() {
		var tag int
		var a, b, c string
		var blob []byte
		var n1, n2 int64
		if err := rows.Scan(&tag, &a, &b, &c, &blob, &n1, &n2); err != nil {
			return nil, err
		}
		switch tag {
		case 0:
			l.Notifications = int(n1)
		case 1:
			l.DMs = append(l.DMs, store.DMUnread{ConversationID: a, Pair: b, State: c, LastSeq: n1, Unread: n2})
		case 2, 3:
			if !slices.Contains(l.Blocked, a) {
				l.Blocked = append(l.Blocked, a)
			}
		case 4:
			l.Place = &store.Place{TimeZone: a, CountrySealed: blob, UpdatedAt: fromMicros(n1)}
		}
	}
	return &l, rows.Err()
}

const markReadSQL = `INSERT INTO conversation_members (` + convMemberColumns + `) VALUES (?, ?, 'reader', ?, ?)
		ON CONFLICT (conversation_id, user_id) DO UPDATE SET last_read_seq = CASE WHEN excluded.last_read_seq > conversation_members.last_read_seq
		THEN excluded.last_read_seq ELSE conversation_members.last_read_seq END`

// MarkRead moves the read marker forward (batched with other small
// writes on SQLite: execSmall).
func (s *Store) MarkRead(ctx context.Context, convID, userID string, seq int64, at time.Time) error {
	_, err := s.execSmall(ctx, markReadSQL, convID, userID, seq, micros(at))
	return wrap(err, "mark conversation %s read", convID)
}

const messageColumns = "id, conversation_id, seq, change, author_id, client_id, body_enc, mentions, kind, state, reason, created_at, edited_at"

func scanMessage(row interface{ Scan(...any) error }) (*store.StoredMessage, error) {
	var m store.StoredMessage
	var mentions string
	var created int64
	var edited sql.NullInt64
	if err := row.Scan(&m.ID, &m.ConversationID, &m.Seq, &m.Change, &m.AuthorID, &m.ClientID, &m.Sealed, &mentions, &m.Kind, &m.State, &m.Reason, &created, &edited); err != nil {
		return nil, err
	}
	if mentions != "" {
		m.Mentions = strings.Split(mentions, ",")
	}
	m.CreatedAt, m.EditedAt = fromMicros(created), fromNullMicros(edited)
	return &m, nil
}

// nextNumbers takes the conversation's next change number, and with
// message its next sequence number too. The row update also serializes
// writers of one conversation until their transaction ends.
func (s *Store) nextNumbers(ctx context.Context, convID string, message bool) (seq, change int64, err error) {
	q := "UPDATE conversations SET last_change = last_change + 1 WHERE id = ? RETURNING last_seq, last_change"
	if message {
		q = "UPDATE conversations SET last_seq = last_seq + 1, last_change = last_change + 1 WHERE id = ? RETURNING last_seq, last_change"
	}
	err = s.w.QueryRowContext(ctx, q, convID).Scan(&seq, &change)
	return seq, change, wrap(err, "number conversation %s", convID)
}

// AppendMessage stores m with the next numbers, or returns the one the
// author already sent with the same client ID. On SQLite, messages sent at
// the same moment share one transaction (group commit), each inside its own
// savepoint so that one failure touches no other.
func (s *Store) AppendMessage(ctx context.Context, m *store.StoredMessage) (existing bool, err error) {
	if s.dialect == "sqlite" && s.wdb != nil && s.appends != nil {
		req := &appendReq{ctx: ctx, m: m}
		s.appends.do(req, s.commitAppends)
		return req.existing, req.err
	}
	err = s.InTx(ctx, func(tx store.Store) error {
		var err error
		existing, err = tx.(*Store).appendOne(ctx, m)
		return err
	})
	if errors.Is(err, store.ErrConflict) {
		// A retry with the same client ID raced this one and won.
		return s.findByClientID(ctx, m)
	}
	return existing, err
}

// findByClientID fills m with the author's message of that client ID.
func (s *Store) findByClientID(ctx context.Context, m *store.StoredMessage) (bool, error) {
	old, err := scanMessage(s.w.QueryRowContext(ctx, "SELECT "+messageColumns+" FROM messages WHERE conversation_id = ? AND author_id = ? AND client_id = ?", m.ConversationID, m.AuthorID, m.ClientID))
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, wrap(err, "find message by client id")
	}
	if err := s.fillReactions(ctx, []*store.StoredMessage{old}); err != nil {
		return false, err
	}
	*m = *old
	return true, nil
}

// appendOne stores m inside the caller's transaction.
func (s *Store) appendOne(ctx context.Context, m *store.StoredMessage) (bool, error) {
	if existing, err := s.findByClientID(ctx, m); err != nil || existing {
		return existing, err
	}
	var err error
	if m.Seq, m.Change, err = s.nextNumbers(ctx, m.ConversationID, true); err != nil {
		return false, err
	}
	if m.Kind == "" {
		m.Kind = "text"
	}
	if m.State == "" {
		m.State = "visible"
	}
	_, err = s.w.ExecContext(ctx, "INSERT INTO messages ("+messageColumns+") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		m.ID, m.ConversationID, m.Seq, m.Change, m.AuthorID, m.ClientID, m.Sealed, strings.Join(m.Mentions, ","), m.Kind, m.State, m.Reason, micros(m.CreatedAt), nullMicros(m.EditedAt))
	return false, wrap(err, "append message to %s", m.ConversationID)
}

// appendReq is a message waiting to be stored with others (batcher).
type appendReq struct {
	ctx      context.Context
	m        *store.StoredMessage
	existing bool
	err      error
}

const (
	appendInsertSQL     = "INSERT INTO messages (" + messageColumns + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (conversation_id, author_id, client_id) DO NOTHING"
	appendNumbersSQL    = "SELECT last_seq, last_change FROM conversations WHERE id = ?"
	appendSetNumbersSQL = "UPDATE conversations SET last_seq = ?, last_change = ? WHERE id = ?"
)

// commitAppends stores a batch in one transaction: each conversation's
// numbers are read once and written once, and each message is one INSERT
// that a repeated client ID turns into nothing. If the transaction fails,
// each message is tried alone, so one bad message fails no other.
func (s *Store) commitAppends(batch []*appendReq) {
	ctx := context.Background()
	err := s.InTx(ctx, func(tx store.Store) error {
		t := tx.(*Store)
		// Kept prepared on the writer (parsing SQL costs more than running
		// it), used once per batch; closed with the transaction.
		var stmts [3]*sql.Stmt
		for i, q := range []string{appendInsertSQL, appendNumbersSQL, appendSetNumbersSQL} {
			if stmts[i] = t.keptStmt(ctx, q); stmts[i] == nil {
				var err error
				if stmts[i], err = t.SQLTx().PrepareContext(ctx, q); err != nil {
					return err
				}
			}
		}
		insert, read, write := stmts[0], stmts[1], stmts[2]
		type counters struct{ seq, change int64 }
		nums := map[string]*counters{}
		var order []string
		var again []*appendReq
		for _, r := range batch {
			if r.ctx.Err() != nil {
				r.err = r.ctx.Err()
				continue
			}
			m := r.m
			c := nums[m.ConversationID]
			if c == nil {
				c = &counters{}
				err := read.QueryRowContext(ctx, m.ConversationID).Scan(&c.seq, &c.change)
				if err != nil {
					r.err = wrap(err, "number conversation %s", m.ConversationID)
					continue
				}
				nums[m.ConversationID] = c
				order = append(order, m.ConversationID)
			}
			if m.Kind == "" {
				m.Kind = "text"
			}
			if m.State == "" {
				m.State = "visible"
			}
			m.Seq, m.Change = c.seq+1, c.change+1
			res, err := insert.ExecContext(ctx, m.ID, m.ConversationID, m.Seq, m.Change, m.AuthorID, m.ClientID, m.Sealed, strings.Join(m.Mentions, ","), m.Kind, m.State, m.Reason, micros(m.CreatedAt), nullMicros(m.EditedAt))
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 0 {
				again = append(again, r) // sent before: answer with the stored one
				continue
			}
			c.seq, c.change = m.Seq, m.Change
		}
		for _, id := range order {
			c := nums[id]
			if _, err := write.ExecContext(ctx, c.seq, c.change, id); err != nil {
				return err
			}
		}
		for _, r := range again {
			if r.existing, r.err = t.findByClientID(ctx, r.m); r.err == nil && !r.existing {
				r.err = fmt.Errorf("store: append message: client id conflict without a stored message")
			}
		}
		return nil
	})
	if err != nil {
		for _, r := range batch {
			r.existing, r.err = false, nil
			r.err = s.InTx(ctx, func(tx store.Store) error {
				var err error
				r.existing, err = tx.(*Store).appendOne(ctx, r.m)
				return err
			})
		}
	}
}

// FindMessage returns store.ErrNotFound when absent.
func (s *Store) FindMessage(ctx context.Context, id string) (*store.StoredMessage, error) {
	m, err := scanMessage(s.readRow(ctx, "SELECT "+messageColumns+" FROM messages WHERE id = ?", id))
	if err != nil {
		return nil, wrap(err, "find message %s", id)
	}
	return m, s.fillReactions(ctx, []*store.StoredMessage{m})
}

// UpdateMessage writes the mutable fields with the next change number.
func (s *Store) UpdateMessage(ctx context.Context, m *store.StoredMessage) error {
	return s.InTx(ctx, func(tx store.Store) error {
		t := tx.(*Store)
		_, change, err := t.nextNumbers(ctx, m.ConversationID, false)
		if err != nil {
			return err
		}
		m.Change = change
		res, err := t.w.ExecContext(ctx, "UPDATE messages SET body_enc = ?, state = ?, reason = ?, edited_at = ?, mentions = ?, change = ? WHERE id = ?",
			m.Sealed, m.State, m.Reason, nullMicros(m.EditedAt), strings.Join(m.Mentions, ","), change, m.ID)
		if err != nil {
			return wrap(err, "update message %s", m.ID)
		}
		return notFoundUnless(res, "update message %s", m.ID)
	})
}

// SetReaction adds or removes a reaction with the next change number.
func (s *Store) SetReaction(ctx context.Context, messageID, userID, kind string, on bool, at time.Time) (change int64, changed bool, err error) {
	err = s.InTx(ctx, func(tx store.Store) error {
		t := tx.(*Store)
		var convID string
		if err := t.w.QueryRowContext(ctx, "SELECT conversation_id FROM messages WHERE id = ?", messageID).Scan(&convID); err != nil {
			return wrap(err, "react to message %s", messageID)
		}
		var res sql.Result
		var err error
		if on {
			res, err = t.w.ExecContext(ctx, "INSERT INTO message_reactions (message_id, user_id, kind, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING", messageID, userID, kind, micros(at))
		} else {
			res, err = t.w.ExecContext(ctx, "DELETE FROM message_reactions WHERE message_id = ? AND user_id = ? AND kind = ?", messageID, userID, kind)
		}
		if err != nil {
			return wrap(err, "react to message %s", messageID)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		changed = true
		if _, change, err = t.nextNumbers(ctx, convID, false); err != nil {
			return err
		}
		_, err = t.w.ExecContext(ctx, "UPDATE messages SET change = ? WHERE id = ?", change, messageID)
		return wrap(err, "react to message %s", messageID)
	})
	return change, changed, err
}

func (s *Store) queryMessages(ctx context.Context, q string, args ...any) ([]*store.StoredMessage, error) {
	rows, err := s.query(ctx, q, args...)
	if err != nil {
		return nil, wrap(err, "list messages")
	}
	defer rows.Close()
	var out []*store.StoredMessage
	for rows.Next() {
		m, err := scanMessage(rows)
		if err != nil {
			return nil, wrap(err, "list messages")
		}
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, wrap(err, "list messages")
	}
	return out, s.fillReactions(ctx, out)
}

// ListMessages returns a page of messages in sequence order.
func (s *Store) ListMessages(ctx context.Context, convID string, afterSeq, beforeSeq int64, limit int, newest bool) ([]*store.StoredMessage, error) {
	q, args := "SELECT "+messageColumns+" FROM messages WHERE conversation_id = ? AND seq > ?", []any{convID, afterSeq}
	if beforeSeq > 0 {
		q += " AND seq < ?"
		args = append(args, beforeSeq)
	}
	if newest {
		q += " ORDER BY seq DESC LIMIT ?"
	} else {
		q += " ORDER BY seq LIMIT ?"
	}
	out, err := s.queryMessages(ctx, q, append(args, limit)...)
	if newest {
		for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
			out[i], out[j] = out[j], out[i]
		}
	}
	return out, err
}

// ListAuthoredMessages returns every message userID wrote, oldest first.
func (s *Store) ListAuthoredMessages(ctx context.Context, userID string) ([]*store.StoredMessage, error) {
	return s.queryMessages(ctx, "SELECT "+messageColumns+" FROM messages WHERE author_id = ? ORDER BY created_at, id", userID)
}

// ListChangedMessages returns messages changed in (after, upTo], by change.
func (s *Store) ListChangedMessages(ctx context.Context, convID string, after, upTo int64, limit int) ([]*store.StoredMessage, error) {
	q, args := "SELECT "+messageColumns+" FROM messages WHERE conversation_id = ? AND change > ?", []any{convID, after}
	if upTo > 0 {
		q += " AND change <= ?"
		args = append(args, upTo)
	}
	return s.queryMessages(ctx, q+" ORDER BY change LIMIT ?", append(args, limit)...)
}

// fillReactions loads the reactions of ms in one query.
// reactionsQueries are the reactions' statements for 8, 16, 32… ids.
var reactionsQueries sync.Map

func reactionsQuery(n int) string {
	if q, ok := reactionsQueries.Load(n); ok {
		return q.(string)
	}
	q := "SELECT message_id, user_id, kind FROM message_reactions WHERE message_id IN (" +
		strings.TrimSuffix(strings.Repeat("?, ", n), ", ") + ") ORDER BY created_at, user_id"
	reactionsQueries.Store(n, q)
	return q
}

func (s *Store) fillReactions(ctx context.Context, ms []*store.StoredMessage) error {
	if len(ms) == 0 {
		return nil
	}
	byID := make(map[string]*store.StoredMessage, len(ms))
	// The list of ids is padded (with the last id again) to a power of two
	// of at least 8, so that a page's reactions are read with one of a few
	// statements kept prepared, not one parsed anew for each length.
	n := 8
	for n < len(ms) {
		n *= 2
	}
	args := make([]any, 0, n)
	for _, m := range ms {
		byID[m.ID] = m
		args = append(args, m.ID)
	}
	for len(args) < n {
		args = append(args, ms[len(ms)-1].ID)
	}
	rows, err := s.query(ctx, reactionsQuery(n), args...)
	if err != nil {
		return wrap(err, "list reactions")
	}
	defer rows.Close()
	for rows.Next() {
		var id, user, kind string
		if err := rows.Scan(&id, &user, &kind); err != nil {
			return wrap(err, "list reactions")
		}
		m := byID[id]
		if m.Reactions == nil {
			m.Reactions = map[string][]string{}
		}
		m.Reactions[kind] = append(m.Reactions[kind], user)
	}
	return wrap(rows.Err(), "list reactions")
}
