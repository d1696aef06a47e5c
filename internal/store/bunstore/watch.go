package bunstore

import (
	"context"
	"database/sql/driver"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/kinshiprecovery/kinship/internal/store"
)

// writeWatch tells the store's watchers (store.WriteWatcher) whose
// layout, which group memberships and whose profiles each committed write
// may have changed. SQLite itself names every
// row the writer's connections change, before it changes it (its
// pre-update hook: inserts, updates, deletes, the deletions an ON DELETE
// CASCADE or a REPLACE makes, whoever asked: a request, a job, a
// migration); watchedConn gathers the people and conversations those rows
// name while a transaction runs, and tells them once it has committed
// and the connection is handed back (database/sql asks it IsValid then),
// before the call that wrote returns. Told then, a reader that read
// before the commit and keeps what it read afterwards is caught by its
// cache's generation (app.layoutCache), and a reader that starts after is
// told nothing stale.
type writeWatch struct {
	mu       sync.Mutex
	watchers []func(store.Touched)
	// nonDM are conversations whose rows were seen written with a kind
	// other than "dm": their members' rows and messages change no layout
	// (FindLayout joins only kind 'dm'), and a group's are most writes. A
	// conversation's kind is never changed; if it were, everything is
	// told. Another process's commit forgets them (DataVersion).
	nonDM map[string]struct{}
	// version is the last DataVersion seen.
	version int64
	// off is set when the watched columns are not where watchedColumns
	// says (Open checks): the store then watches nothing.
	off bool
	// conns counts the writer's connections opened: each is numbered
	// (watchedConn.serial), for DataVersion.
	conns atomic.Int64
	// commits counts the transactions the writer's connections committed.
	commits atomic.Int64
}

// watchedColumns are, by table, the leading columns of a changed row the
// watch reads, by position: what FindLayout reads of a person depends on
// nothing else (the blocks it may read are app.standingCache's, dropped
// by their own events), nor does FindGroupMember; FindGroupChat reads
// of a conversation's row and a person's row in it only the columns
// named here, which the watch tells as each write left them (ChatRow).
// Open checks them against the schema.
var watchedColumns = map[string][]string{
	"group_members":        {"group_id", "user_id"},
	"notifications":        {"id", "user_id"},
	"profiles":             {"user_id"},
	"conversation_members": {"conversation_id", "user_id", "state", "last_read_seq"},
	"conversations":        {"id", "kind", "pair", "started_by", "last_seq", "last_change"},
	"messages":             {"id", "conversation_id"},
	"peer_groups":          {"id"},
	"blocks":               {"blocker_id", "blocked_id"},
}

// maxNonDM bounds what nonDM remembers; past it, it starts again.
const maxNonDM = 200000

// maxTouched bounds what one transaction gathers; past it, it tells
// everything (a deletion of thousands of rows).
const maxTouched = 1000

// checkColumns turns the watch off unless every watched table's leading
// columns are watchedColumns'.
func (s *Store) checkColumns(ctx context.Context) error {
	for table, want := range watchedColumns {
		rows, err := s.rdb.QueryContext(ctx, "SELECT name FROM pragma_table_info(?) ORDER BY cid", table)
		if err != nil {
			return err
		}
		var got []string
		for rows.Next() {
			var n string
			if err := rows.Scan(&n); err != nil {
				rows.Close()
				return err
			}
			got = append(got, n)
		}
		rows.Close()
		if len(got) < len(want) || strings.Join(got[:len(want)], ",") != strings.Join(want, ",") {
			return fmt.Errorf("table %s begins with %v, not %v", table, got, want)
		}
	}
	return nil
}

// WatchWrites implements store.WriteWatcher: on SQLite fn is told, of
// every write through the writer, whose layout it may have changed.
func (s *Store) WatchWrites(fn func(store.Touched)) bool {
	w := s.watch
	if w == nil {
		return false
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.off {
		return false
	}
	w.watchers = append(w.watchers, fn)
	return true
}

// tell tells every watcher t.
func (w *writeWatch) tell(t store.Touched) {
	w.mu.Lock()
	ws := w.watchers
	w.mu.Unlock()
	for _, fn := range ws {
		fn(t)
	}
}

// isNonDM reports whether conv was seen to be no direct-message thread.
func (w *writeWatch) isNonDM(conv string) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	_, ok := w.nonDM[conv]
	return ok
}

// kind notes conv's kind as a row of it was written.
func (w *writeWatch) kind(conv string, dm bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if dm {
		delete(w.nonDM, conv)
		return
	}
	if w.nonDM == nil || len(w.nonDM) >= maxNonDM {
		w.nonDM = map[string]struct{}{}
	}
	w.nonDM[conv] = struct{}{}
}

// otherWriter forgets the conversations' kinds when another process has
// committed (version is DataVersion's new answer).
func (w *writeWatch) otherWriter(version int64) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if version != w.version {
		w.nonDM, w.version = nil, version
	}
}

// touchedSet gathers what a transaction touched.
type touchedSet struct {
	users, convs, profiles map[string]struct{}
	groups, blocks         map[string]struct{}
	members                map[store.MemberKey]struct{}
	// rows are the conversations' rows (UserID "") and people's rows in
	// them as the transaction left them, by conversation and person.
	rows map[store.MemberKey]store.ChatRow
	all  bool
	// chatAll: more groups, blocks and rows than maxTouched; whoever
	// keeps them drops them all (the layout's and members' parts still
	// told one by one).
	chatAll bool
}

func (t *touchedSet) group(id string) {
	if t.all || t.chatAll {
		return
	}
	if t.groups == nil {
		t.groups = map[string]struct{}{}
	}
	t.groups[id] = struct{}{}
	t.chatBound()
}

func (t *touchedSet) block(id string) {
	if t.all || t.chatAll {
		return
	}
	if t.blocks == nil {
		t.blocks = map[string]struct{}{}
	}
	t.blocks[id] = struct{}{}
	t.chatBound()
}

// row notes r as the row's latest state in the transaction.
func (t *touchedSet) row(r store.ChatRow) {
	if t.all || t.chatAll {
		return
	}
	if t.rows == nil {
		t.rows = map[store.MemberKey]store.ChatRow{}
	}
	t.rows[store.MemberKey{GroupID: r.ConversationID, UserID: r.UserID}] = r
	t.chatBound()
}

// unknown forgets the rows' states, keeping which rows they were: a
// statement failed (and SQLite may have undone rows it had told of) or
// the transaction did not commit.
func (t *touchedSet) unknown() {
	for k, r := range t.rows {
		t.rows[k] = store.ChatRow{ConversationID: r.ConversationID, UserID: r.UserID}
	}
}

func (t *touchedSet) member(k store.MemberKey) {
	if t.all {
		return
	}
	if t.members == nil {
		t.members = map[store.MemberKey]struct{}{}
	}
	t.members[k] = struct{}{}
	t.bound()
}

func (t *touchedSet) user(id string) {
	if t.all {
		return
	}
	if t.users == nil {
		t.users = map[string]struct{}{}
	}
	t.users[id] = struct{}{}
	t.bound()
}

func (t *touchedSet) profile(id string) {
	if t.all {
		return
	}
	if t.profiles == nil {
		t.profiles = map[string]struct{}{}
	}
	t.profiles[id] = struct{}{}
	t.bound()
}

func (t *touchedSet) conv(id string) {
	if t.all {
		return
	}
	if t.convs == nil {
		t.convs = map[string]struct{}{}
	}
	t.convs[id] = struct{}{}
	t.bound()
}

func (t *touchedSet) bound() {
	if len(t.users)+len(t.convs)+len(t.members)+len(t.profiles) > maxTouched {
		t.everything()
	}
}

func (t *touchedSet) chatBound() {
	if len(t.groups)+len(t.blocks)+len(t.rows) > maxTouched {
		t.chatAll, t.groups, t.blocks, t.rows = true, nil, nil, nil
	}
}

func (t *touchedSet) everything() {
	t.all, t.users, t.convs, t.members, t.profiles = true, nil, nil, nil, nil
	t.groups, t.blocks, t.rows = nil, nil, nil
}

func (t *touchedSet) empty() bool {
	return !t.all && !t.chatAll && len(t.users) == 0 && len(t.convs) == 0 && len(t.members) == 0 && len(t.profiles) == 0 &&
		len(t.groups) == 0 && len(t.blocks) == 0 && len(t.rows) == 0
}

// merge adds o to t and empties o.
func (t *touchedSet) merge(o *touchedSet) {
	if o.all {
		t.everything()
	}
	if o.chatAll && !t.all {
		t.chatAll, t.groups, t.blocks, t.rows = true, nil, nil, nil
	}
	for id := range o.users {
		t.user(id)
	}
	for id := range o.convs {
		t.conv(id)
	}
	for k := range o.members {
		t.member(k)
	}
	for id := range o.profiles {
		t.profile(id)
	}
	for id := range o.groups {
		t.group(id)
	}
	for id := range o.blocks {
		t.block(id)
	}
	for _, r := range o.rows {
		t.row(r)
	}
	*o = touchedSet{}
}

func (t *touchedSet) touched() store.Touched {
	out := store.Touched{All: t.all, ChatAll: t.chatAll}
	for id := range t.users {
		out.Users = append(out.Users, id)
	}
	for id := range t.convs {
		out.Convs = append(out.Convs, id)
	}
	for k := range t.members {
		out.Members = append(out.Members, k)
	}
	for id := range t.profiles {
		out.Profiles = append(out.Profiles, id)
	}
	for id := range t.groups {
		out.Groups = append(out.Groups, id)
	}
	for id := range t.blocks {
		out.Blocks = append(out.Blocks, id)
	}
	for _, r := range t.rows {
		out.Rows = append(out.Rows, r)
	}
	return out
}

// watchConnector opens the writer's connections with the watch's hooks.
type watchConnector struct {
	driver.Connector
	w *writeWatch
}

// Connect opens a connection and has SQLite tell its row changes, its
// commits and its rollbacks to it.
func (c watchConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.Connector.Connect(ctx)
	if err != nil {
		return nil, err
	}
	hr, ok := conn.(sqlite.HookRegisterer)
	if !ok {
		conn.Close()
		return nil, fmt.Errorf("store: the SQLite driver's connection %T cannot be watched", conn)
	}
	pc, err := newPassConn(conn, "watched")
	if err != nil {
		return nil, err
	}
	wc := &watchedConn{passConn: pc, w: c.w, serial: c.w.conns.Add(1)}
	hr.RegisterPreUpdateHook(wc.preUpdate)
	hr.RegisterCommitHook(func() int32 { c.w.commits.Add(1); wc.ended(); return 0 })
	hr.RegisterRollbackHook(wc.rolledBack)
	return wc, nil
}

// watchedConn is one of the writer's connections: what SQLite tells of its
// rows gathers in pending while a transaction runs, moves to settled as it
// commits (or rolls back), and is told once the connection is handed back
// to the pool (IsValid), checked again before its next use
// (ResetSession) or closed. A transaction begun by a statement and left
// open when the connection went back stays pending until it ends.
type watchedConn struct {
	passConn
	w *writeWatch
	// serial numbers the connection among the writer's (DataVersion).
	serial           int64
	mu               sync.Mutex
	pending, settled touchedSet
}

// preUpdate gathers what one row's change touches.
func (c *watchedConn) preUpdate(d sqlite.SQLitePreUpdateData) {
	cols := watchedColumns[d.TableName]
	if cols == nil || d.DatabaseName != "main" {
		return
	}
	var t touchedSet
	var rows [][]any
	var was, now []any
	for _, old := range []bool{true, false} {
		if old && d.Op == sqlite3.SQLITE_INSERT || !old && d.Op == sqlite3.SQLITE_DELETE {
			continue
		}
		vals := make([]any, len(cols))
		var err error
		if old {
			err = d.Old(vals...)
		} else {
			err = d.New(vals...)
		}
		if err != nil {
			t.everything()
			break
		}
		rows = append(rows, vals)
		if old {
			was = vals
		} else {
			now = vals
		}
	}
	if !t.all {
		c.rowsTouch(&t, d.TableName, rows, d.Op == sqlite3.SQLITE_UPDATE)
		chatTouch(&t, d.TableName, was, now)
	}
	c.mu.Lock()
	c.pending.merge(&t)
	c.mu.Unlock()
}

// rowsTouch adds to t what a change of table's rows (old then new, or
// the one) touches.
func (c *watchedConn) rowsTouch(t *touchedSet, table string, rows [][]any, update bool) {
	text := func(v any) (string, bool) {
		s, ok := v.(string)
		return s, ok
	}
	dmKinds := 0
	for _, r := range rows {
		switch table {
		case "group_members":
			g, ok1 := text(r[0])
			u, ok2 := text(r[1])
			if !ok1 || !ok2 {
				t.everything()
				return
			}
			t.member(store.MemberKey{GroupID: g, UserID: u})
		case "notifications", "profiles":
			col := 1
			if table == "profiles" {
				col = 0
			}
			u, ok := text(r[col])
			if !ok {
				t.everything()
				return
			}
			t.user(u)
			if table == "profiles" {
				t.profile(u)
			}
		case "conversation_members", "messages":
			col := 0
			if table == "messages" {
				col = 1
			}
			conv, ok := text(r[col])
			if !ok {
				t.everything()
				return
			}
			if c.w.isNonDM(conv) {
				continue
			}
			t.conv(conv)
			if table == "conversation_members" {
				u, ok := text(r[1])
				if !ok {
					t.everything()
					return
				}
				t.user(u)
			}
		case "conversations":
			id, ok1 := text(r[0])
			kind, ok2 := text(r[1])
			if !ok1 || !ok2 {
				t.everything()
				return
			}
			dm := kind == "dm"
			if dm {
				dmKinds++
				t.conv(id)
				if pair, ok := text(r[2]); ok {
					for _, u := range strings.Split(pair, ":") {
						t.user(u)
					}
				}
			}
			c.w.kind(id, dm)
		}
	}
	if table == "conversations" && update && dmKinds == 1 {
		// A conversation's kind changed (never done): which layouts list
		// it cannot be told.
		t.everything()
	}
}

// ended moves what the transaction touched to settled: it has committed.
func (c *watchedConn) ended() {
	c.mu.Lock()
	c.settled.merge(&c.pending)
	c.mu.Unlock()
}

// rolledBack moves what the transaction touched to settled, the rows'
// states forgotten: nothing of it committed, and telling which rows it
// touched changes nothing.
func (c *watchedConn) rolledBack() {
	c.mu.Lock()
	c.pending.unknown()
	c.settled.merge(&c.pending)
	c.mu.Unlock()
}

// failed forgets the rows' states told so far and not yet told: a
// statement failed, and SQLite undoes the rows that statement changed
// (whose states the pre-update hook told) while its transaction goes on
// (or, outside one, commits what is left: nothing). It is called before
// the call that ran the statement returns, so before IsValid tells
// settled.
func (c *watchedConn) failed() {
	c.mu.Lock()
	c.pending.unknown()
	c.settled.unknown()
	c.mu.Unlock()
}

// ExecContext runs a statement, noting its failure (failed).
func (c *watchedConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	r, err := c.passConn.ExecContext(ctx, query, args)
	if err != nil {
		c.failed()
	}
	return r, err
}

// QueryContext runs a statement, noting its failure (failed). A
// statement's writes (an UPDATE … RETURNING) are all made in its first
// step, which the driver takes before it returns.
func (c *watchedConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	r, err := c.passConn.QueryContext(ctx, query, args)
	if err != nil {
		c.failed()
	}
	return r, err
}

// PrepareContext prepares a statement whose runs note their failures.
func (c *watchedConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	st, err := c.passConn.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	_, ok1 := st.(driver.StmtExecContext)
	_, ok2 := st.(driver.StmtQueryContext)
	if !ok1 || !ok2 {
		st.Close()
		return nil, fmt.Errorf("store: the SQLite driver's statement %T cannot be watched", st)
	}
	return watchedStmt{Stmt: st, c: c}, nil
}

// watchedStmt is a statement prepared on the writer: its runs note their
// failures (watchedConn.failed).
type watchedStmt struct {
	driver.Stmt
	c *watchedConn
}

func (s watchedStmt) ExecContext(ctx context.Context, args []driver.NamedValue) (driver.Result, error) {
	r, err := s.Stmt.(driver.StmtExecContext).ExecContext(ctx, args)
	if err != nil {
		s.c.failed()
	}
	return r, err
}

func (s watchedStmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	r, err := s.Stmt.(driver.StmtQueryContext).QueryContext(ctx, args)
	if err != nil {
		s.c.failed()
	}
	return r, err
}

// chatTouch adds to t what a change of one row of table (was: the row
// before, now: after; nil when none) changes of what FindGroupChat
// reads: a group's row, a block either way, a conversation's row or a
// person's row in one, with its state after.
func chatTouch(t *touchedSet, table string, was, now []any) {
	text := func(v any) (string, bool) {
		s, ok := v.(string)
		return s, ok
	}
	switch table {
	case "peer_groups", "blocks":
		for _, r := range [][]any{was, now} {
			for _, v := range r {
				id, ok := text(v)
				if !ok {
					t.everything()
					return
				}
				if table == "blocks" {
					t.block(id)
				} else {
					t.group(id)
				}
			}
		}
	case "conversations", "conversation_members":
		key := func(r []any) (store.ChatRow, bool) {
			conv, ok := text(r[0])
			if table == "conversations" {
				return store.ChatRow{ConversationID: conv}, ok
			}
			user, ok2 := text(r[1])
			return store.ChatRow{ConversationID: conv, UserID: user}, ok && ok2
		}
		var k, old store.ChatRow
		var ok bool
		if was != nil {
			if old, ok = key(was); !ok {
				t.everything()
				return
			}
		}
		if now == nil {
			t.row(old) // deleted: not known
			return
		}
		if k, ok = key(now); !ok {
			t.everything()
			return
		}
		if was != nil && old != k {
			t.row(old)
		}
		r := k
		if table == "conversations" {
			kind, ok1 := text(now[1])
			pair, ok2 := text(now[2])
			seq, ok3 := now[4].(int64)
			change, ok4 := now[5].(int64)
			if now[2] == nil {
				ok2 = true
			}
			r.State, r.Pair, r.LastSeq, r.LastChange, r.Known = kind, pair, seq, change, ok1 && ok2 && ok3 && ok4
		} else {
			state, ok1 := text(now[2])
			seq, ok2 := now[3].(int64)
			r.State, r.LastSeq, r.Known = state, seq, ok1 && ok2
		}
		t.row(r)
	}
}

// tellSettled tells what committed transactions touched, and with all
// what is pending too (the connection is closing).
func (c *watchedConn) tellSettled(all bool) {
	c.mu.Lock()
	if all {
		c.pending.unknown()
		c.settled.merge(&c.pending)
	}
	if c.settled.empty() {
		c.mu.Unlock()
		return
	}
	t := c.settled.touched()
	c.settled = touchedSet{}
	c.mu.Unlock()
	c.w.tell(t)
}

// Unwrap is the driver's own connection.
func (c *watchedConn) Unwrap() driver.Conn { return c.Conn }

// ResetSession tells what committed, before the connection's next use.
func (c *watchedConn) ResetSession(ctx context.Context) error {
	c.tellSettled(false)
	return c.passConn.ResetSession(ctx)
}

// IsValid tells what committed: database/sql asks it as the connection
// goes back to the pool, after a commit and before the call returns.
func (c *watchedConn) IsValid() bool {
	c.tellSettled(false)
	return c.passConn.IsValid()
}

// Close tells everything the connection touched, committed or not.
func (c *watchedConn) Close() error {
	c.tellSettled(true)
	return c.Conn.Close()
}
