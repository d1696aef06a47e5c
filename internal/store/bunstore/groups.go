package bunstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/kinshiprecovery/kinship/internal/store"
)

const groupColumns = "g.id, g.name, g.description, g.guidelines, g.visibility, g.created_by, g.created_at, g.updated_at, g.archived_at, g.org_id, g.audience"

// scanGroup reads groupColumns, then any extra columns into extra.
func scanGroup(row interface{ Scan(...any) error }, extra ...any) (*store.Group, error) {
	var g store.Group
	var created, updated int64
	var archived sql.NullInt64
	if err := row.Scan(append([]any{&g.ID, &g.Name, &g.Description, &g.Guidelines, &g.Visibility, &g.CreatedBy, &created, &updated, &archived, &g.OrgID, &g.Audience}, extra...)...); err != nil {
		return nil, err
	}
	g.CreatedAt, g.UpdatedAt, g.ArchivedAt = fromMicros(created), fromMicros(updated), fromNullMicros(archived)
	return &g, nil
}

// CreateGroup inserts g and its conversation.
func (s *Store) CreateGroup(ctx context.Context, g *store.Group) error {
	return s.InTx(ctx, func(tx store.Store) error {
		t := tx.(*Store)
		text := groupSearchText(g)
		_, err := t.w.ExecContext(ctx, "INSERT INTO peer_groups (id, name, description, guidelines, visibility, created_by, created_at, updated_at, org_id, audience, search_text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
			g.ID, g.Name, g.Description, g.Guidelines, g.Visibility, g.CreatedBy, micros(g.CreatedAt), micros(g.UpdatedAt), g.OrgID, g.Audience, text)
		if err != nil {
			return wrap(err, "create group")
		}
		if err := t.indexGroupSearch(ctx, g.ID, text); err != nil {
			return err
		}
		return t.CreateConversation(ctx, &store.Conversation{ID: g.ID, Kind: "group", CreatedAt: g.CreatedAt})
	})
}

// groupSearchText is what the directory's search reads of a group
// (peer_groups.search_text): its name and description, joined by a space
// and folded (searchFold). Every write of the two writes it too, in the
// same statement.
func groupSearchText(g *store.Group) string { return searchFold(g.Name + " " + g.Description) }

// indexGroupSearch keeps, on SQLite, a group's search text in its row of
// group_search (FTS5, trigrams; its rows numbered by group_search_rows,
// whose numbers no VACUUM changes), in the write's own transaction.
func (s *Store) indexGroupSearch(ctx context.Context, id, text string) error {
	if s.dialect != "sqlite" {
		return nil
	}
	var n int64
	err := s.w.QueryRowContext(ctx, "SELECT n FROM group_search_rows WHERE group_id = ?", id).Scan(&n)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		res, err := s.w.ExecContext(ctx, "INSERT INTO group_search_rows (group_id) VALUES (?)", id)
		if err != nil {
			return wrap(err, "search row of group %s", id)
		}
		if n, err = res.LastInsertId(); err != nil {
			return wrap(err, "search row of group %s", id)
		}
		_, err = s.w.ExecContext(ctx, "INSERT INTO group_search (rowid, text) VALUES (?, ?)", n, text)
		return wrap(err, "search row of group %s", id)
	case err != nil:
		return wrap(err, "search row of group %s", id)
	}
	_, err = s.w.ExecContext(ctx, "UPDATE group_search SET text = ? WHERE rowid = ?", text, n)
	return wrap(err, "search row of group %s", id)
}

// foldGroupSearch writes the search text of groups stored before it was
// kept (migration 49), a few hundred a transaction; Open runs it.
func (s *Store) foldGroupSearch(ctx context.Context) error {
	for {
		type row struct{ id, name, description string }
		var rows []row
		rs, err := s.w.QueryContext(ctx, "SELECT id, name, description FROM peer_groups WHERE search_text IS NULL LIMIT 500")
		if err != nil {
			return wrap(err, "groups to fold")
		}
		for rs.Next() {
			var r row
			if err := rs.Scan(&r.id, &r.name, &r.description); err != nil {
				rs.Close()
				return wrap(err, "groups to fold")
			}
			rows = append(rows, r)
		}
		rs.Close()
		if len(rows) == 0 {
			return nil
		}
		err = s.InTx(ctx, func(tx store.Store) error {
			t := tx.(*Store)
			for _, r := range rows {
				text := groupSearchText(&store.Group{Name: r.name, Description: r.description})
				if _, err := t.w.ExecContext(ctx, "UPDATE peer_groups SET search_text = ? WHERE id = ?", text, r.id); err != nil {
					return wrap(err, "search text of group %s", r.id)
				}
				if err := t.indexGroupSearch(ctx, r.id, text); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
}

// FindGroup returns store.ErrNotFound when absent.
func (s *Store) FindGroup(ctx context.Context, id string) (*store.Group, error) {
	g, err := scanGroup(s.readRow(ctx, "SELECT "+groupColumns+" FROM peer_groups g WHERE g.id = ?", id))
	return g, wrap(err, "find group %s", id)
}

// UpdateGroup writes the mutable fields, and what the search reads of
// them in the same transaction.
func (s *Store) UpdateGroup(ctx context.Context, g *store.Group) error {
	return s.InTx(ctx, func(tx store.Store) error {
		t := tx.(*Store)
		text := groupSearchText(g)
		res, err := t.w.ExecContext(ctx, "UPDATE peer_groups SET name = ?, description = ?, guidelines = ?, visibility = ?, updated_at = ?, archived_at = ?, search_text = ? WHERE id = ?",
			g.Name, g.Description, g.Guidelines, g.Visibility, micros(g.UpdatedAt), nullMicros(g.ArchivedAt), text, g.ID)
		if err != nil {
			return wrap(err, "update group %s", g.ID)
		}
		if err := notFoundUnless(res, "update group %s", g.ID); err != nil {
			return err
		}
		return t.indexGroupSearch(ctx, g.ID, text)
	})
}

// likeEscaper makes a text literal in a LIKE pattern (ESCAPE '\').
var likeEscaper = strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`)

// ListGroups returns groups by filter, newest first, in one query: with
// f.Viewer set, each group's active members, the viewer's place and unread
// count come in the same rows. "Mine" starts from the member's own rows
// (group_members_user), so its cost follows their groups, not the instance;
// the directory, from the newest group along peer_groups_listing, so its
// cost follows the page (f.Limit), not the instance. A search of the
// directory on SQLite is searchGroups'.
func (s *Store) ListGroups(ctx context.Context, f store.GroupFilter) ([]*store.Group, error) {
	if f.Text != "" && f.MemberID == "" && s.dialect == "sqlite" {
		return s.searchGroups(ctx, f)
	}
	q, args := s.groupsQuery(f, readPage, nil)
	return s.listGroups(ctx, q, args, f)
}

// listGroups runs groupsQuery's statement q reading groups with f's
// columns.
func (s *Store) listGroups(ctx context.Context, q string, args []any, f store.GroupFilter) ([]*store.Group, error) {
	rows, err := s.query(ctx, q, args...)
	if err != nil {
		return nil, wrap(err, "list groups")
	}
	defer rows.Close()
	var out []*store.Group
	for rows.Next() {
		var extra []any
		var n int
		var v store.GroupViewer
		if f.Viewer != "" {
			extra = []any{&n, &v.Status, &v.Role, &v.LastSeq, &v.Unread}
		}
		g, err := scanGroup(rows, extra...)
		if err != nil {
			return nil, wrap(err, "list groups")
		}
		if f.Viewer != "" {
			g.MemberCount, g.Viewer = n, &v
		}
		out = append(out, g)
	}
	return out, wrap(rows.Err(), "list groups")
}

// searchWalk is how many groups of the listing, newest first, a search
// reads before it asks the trigram index: words a quarter of the groups
// or more have fill a page (26) among them.
var searchWalk = 100

// searchFewest is at most how many groups a search's words may be found
// in for the search to start from the trigram index (group_search); with
// more, a page finds its groups soon enough walking the listing from the
// newest (at 40,000 groups, at most about 40,000 / searchFewest * 26 rows
// a page).
var searchFewest = 400

// searchGroups is ListGroups for a search of the directory on SQLite.
// It walks the listing's first searchWalk groups (f.After on), reading
// of each only its ID and whether it has the words, and stops there with
// a page of them, or at the listing's end. Otherwise, when the trigram
// index finds the words in at most searchFewest groups, the rest of the
// page are those of them after the groups walked (searchFew); else the
// page walks the listing with the words among its conditions. Either
// way one statement then reads the page's groups.
func (s *Store) searchGroups(ctx context.Context, f store.GroupFilter) ([]*store.Group, error) {
	walk := f
	walk.Limit = searchWalk
	q, args := s.groupsQuery(walk, readWalk, nil)
	rows, err := s.query(ctx, q, args...)
	if err != nil {
		return nil, wrap(err, "search groups")
	}
	var ids []string
	read, last := 0, store.Keyset{}
	for rows.Next() {
		var id string
		var at int64
		var has bool
		if err := rows.Scan(&id, &at, &has); err != nil {
			rows.Close()
			return nil, wrap(err, "search groups")
		}
		read, last = read+1, store.Keyset{At: fromMicros(at), ID: id}
		if has {
			if ids = append(ids, id); len(ids) == f.Limit {
				break
			}
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, wrap(err, "search groups")
	}
	if full := f.Limit > 0 && len(ids) == f.Limit; !full && read == searchWalk {
		rest := f
		rest.After = last
		if f.Limit > 0 {
			rest.Limit = f.Limit - len(ids)
		}
		more, few, err := s.searchFew(ctx, rest)
		if err != nil {
			return nil, err
		}
		if !few {
			q, args = s.groupsQuery(f, readPage, nil)
			return s.listGroups(ctx, q, args, f)
		}
		ids = append(ids, more...)
	}
	if len(ids) == 0 {
		return nil, nil
	}
	b, _ := json.Marshal(ids)
	f.Text = ""
	q, args = s.groupsQuery(f, readIDs, []any{string(b)})
	return s.listGroups(ctx, q, args, f)
}

// searchFew is, when the trigram index (group_search; words of three
// letters or more) finds f.Text in at most searchFewest groups, the IDs
// of the page of them f keeps, newest first (few); else nothing, and the
// page walks the listing. The index is read once, for at most
// searchFewest + 1 of its rows.
func (s *Store) searchFew(ctx context.Context, f store.GroupFilter) (ids []string, few bool, err error) {
	text := searchFold(f.Text)
	if utf8.RuneCountInString(text) < 3 {
		return nil, false, nil
	}
	rows, err := s.query(ctx, "SELECT rowid FROM group_search WHERE group_search MATCH ? LIMIT ?", `"`+strings.ReplaceAll(text, `"`, `""`)+`"`, searchFewest+1)
	if err != nil {
		return nil, false, wrap(err, "search groups")
	}
	var found []int64
	for rows.Next() {
		var n int64
		if err := rows.Scan(&n); err != nil {
			rows.Close()
			return nil, false, wrap(err, "search groups")
		}
		found = append(found, n)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, false, wrap(err, "search groups")
	}
	if len(found) > searchFewest {
		return nil, false, nil
	}
	if len(found) == 0 {
		return nil, true, nil
	}
	f.Text = "" // which of them the viewer may see, in order; the page's query reads the rest
	rowids, _ := json.Marshal(found)
	q, args := s.groupsQuery(f, readFound, []any{string(rowids)})
	rs, err := s.query(ctx, q, args...)
	if err != nil {
		return nil, false, wrap(err, "search groups")
	}
	defer rs.Close()
	for rs.Next() {
		var id string
		if err := rs.Scan(&id); err != nil {
			return nil, false, wrap(err, "search groups")
		}
		ids = append(ids, id)
	}
	return ids, true, wrap(rs.Err(), "search groups")
}

// groupsRead is what a groupsQuery reads.
type groupsRead int

const (
	// readPage: the groups f keeps (f.Text among its conditions), with
	// their columns; the directory along the listing's index.
	readPage groupsRead = iota
	// readWalk: the ID and time of every group f keeps but for f.Text,
	// each with whether it has f.Text (searchGroups' walk).
	readWalk
	// readFound: only the IDs of the groups f keeps among the
	// group_search rows numbered in the JSON array extra[0].
	readFound
	// readIDs: the groups f keeps among the IDs in the JSON array
	// extra[0], with their columns.
	readIDs
)

// groupsQuery is ListGroups' statement for f (with the viewer's columns
// after the group's when f.Viewer is set), read as how says, and its
// values.
func (s *Store) groupsQuery(f store.GroupFilter, how groupsRead, extra []any) (string, []any) {
	cols, from := groupColumns, " FROM peer_groups g"
	var args []any
	var has string // the condition f.Text is, as SQL, when searched
	if f.Text != "" {
		// Both sides folded alike (searchFold): case and accents do not
		// matter. On PostgreSQL a trigram index of the text (pg_trgm)
		// serves it where the planner finds that cheaper.
		has = "g.search_text LIKE ? ESCAPE '\\'"
	}
	like := "%" + likeEscaper.Replace(searchFold(f.Text)) + "%"
	switch {
	case how == readWalk:
		cols = "g.id, g.created_at, " + has
		args = append(args, like)
		from += " INDEXED BY peer_groups_listing"
	case how == readFound:
		cols = "g.id"
		from = " FROM group_search_rows r CROSS JOIN peer_groups g"
	case how == readIDs && s.dialect == "sqlite":
		// The few groups by their IDs: left to itself, SQLite read every
		// listed group along the visibility index to find them.
		from += " INDEXED BY sqlite_autoindex_peer_groups_1"
	case f.MemberID == "" && s.dialect == "sqlite":
		// The directory walks the listing's index from the newest and
		// stops at the page's end, so a page reads its own groups
		// whatever the instance holds. Left to itself, SQLite took the
		// visibility index, read every listed group with its counts and
		// sorted them: 390 ms a page with 40,000 groups.
		from += " INDEXED BY peer_groups_listing"
	}
	joins := f.Viewer != "" && (how == readPage || how == readIDs)
	viewerCols := ""
	if joins {
		viewerCols = `, (SELECT COUNT(*) FROM group_members a WHERE a.group_id = g.id AND a.status = 'active'),
	COALESCE(me.status, ''), COALESCE(me.role, ''),
	CASE WHEN me.status = 'active' THEN COALESCE(c.last_seq, 0) ELSE 0 END,
	CASE WHEN me.status = 'active' THEN (SELECT COUNT(*) FROM messages x WHERE x.conversation_id = g.id
		AND x.seq > COALESCE(cm.last_read_seq, 0) AND x.author_id <> ? AND x.state = 'visible') ELSE 0 END`
		cols += viewerCols
		args = append(args, f.Viewer)
	}
	joinSQL := ` LEFT JOIN group_members me ON me.group_id = g.id AND me.user_id = ?
	LEFT JOIN conversations c ON c.id = g.id
	LEFT JOIN conversation_members cm ON cm.conversation_id = g.id AND cm.user_id = ?`
	// On PostgreSQL the page's groups are chosen first and the viewer's
	// rows joined to them alone: joined to every group the search
	// found, the planner hashed every conversation of the instance (75 ms
	// a search at 40,000 groups) or read every listed group's with no
	// statistics yet.
	pageFirst := joins && s.dialect == "postgres"
	colArgs := args
	if pageFirst {
		cols, args = "g.*", nil
	} else if joins {
		from += joinSQL
		args = append(args, f.Viewer, f.Viewer)
	}
	q := "SELECT " + cols + from + " WHERE 1 = 1"
	switch how {
	case readFound:
		q += " AND g.id = r.group_id AND r.n IN (SELECT value FROM json_each(?))"
		args = append(args, extra...)
	case readIDs:
		q += " AND g.id IN (SELECT value FROM json_each(?))"
		args = append(args, extra...)
	}
	if len(f.Visibility) > 0 {
		q += " AND g.visibility IN (" + strings.TrimSuffix(strings.Repeat("?, ", len(f.Visibility)), ", ") + ")"
		for _, v := range f.Visibility {
			args = append(args, v)
		}
	}
	if !f.Archived {
		q += " AND g.archived_at IS NULL"
	}
	if f.MemberID != "" {
		q += " AND g.id IN (SELECT m.group_id FROM group_members m WHERE m.user_id = ? AND m.status = 'active')"
		args = append(args, f.MemberID)
	}
	if has != "" && how == readPage {
		// In the query, so that a search sees every group, not the newest
		// page of them.
		q += " AND " + has
		args = append(args, like)
	}
	if f.Viewer != "" {
		q += ` AND (g.org_id = '' OR EXISTS (SELECT 1 FROM org_members om WHERE om.org_id = g.org_id AND om.user_id = ?
	AND (g.audience <> 'alumni' OR om.role IN ('alumni', 'admin', 'staff'))))`
		args = append(args, f.Viewer)
	}
	q, args = keysetAfter(q, args, f.After, "g.created_at", "g.id", true)
	q += " ORDER BY g.created_at DESC, g.id DESC"
	if f.Limit > 0 {
		q += " LIMIT ?"
		args = append(args, f.Limit)
	}
	if pageFirst {
		q = "SELECT " + groupColumns + viewerCols + " FROM (" + q + ") g" + joinSQL + " ORDER BY g.created_at DESC, g.id DESC"
		args = append(append(colArgs, args...), f.Viewer, f.Viewer)
	}
	return q, args
}

const memberColumns = "group_id, user_id, role, status, reason, guidelines_accepted_at, created_at, updated_at"

func scanMember(row interface{ Scan(...any) error }) (*store.GroupMember, error) {
	var m store.GroupMember
	var accepted sql.NullInt64
	var created, updated int64
	if err := row.Scan(&m.GroupID, &m.UserID, &m.Role, &m.Status, &m.Reason, &accepted, &created, &updated); err != nil {
		return nil, err
	}
	m.GuidelinesAccepted, m.CreatedAt, m.UpdatedAt = fromNullMicros(accepted), fromMicros(created), fromMicros(updated)
	return &m, nil
}

// SaveGroupMember inserts or replaces a membership row.
func (s *Store) SaveGroupMember(ctx context.Context, m *store.GroupMember) error {
	_, err := s.w.ExecContext(ctx, `INSERT INTO group_members (`+memberColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (group_id, user_id) DO UPDATE SET role = excluded.role, status = excluded.status, reason = excluded.reason,
		guidelines_accepted_at = excluded.guidelines_accepted_at, updated_at = excluded.updated_at`,
		m.GroupID, m.UserID, m.Role, m.Status, m.Reason, nullMicros(m.GuidelinesAccepted), micros(m.CreatedAt), micros(m.UpdatedAt))
	return wrap(err, "save member of group %s", m.GroupID)
}

// FindGroupMember returns store.ErrNotFound when absent.
func (s *Store) FindGroupMember(ctx context.Context, groupID, userID string) (*store.GroupMember, error) {
	m, err := scanMember(s.readRow(ctx, "SELECT "+memberColumns+" FROM group_members WHERE group_id = ? AND user_id = ?", groupID, userID))
	return m, wrap(err, "find member of group %s", groupID)
}

// groupChatQuery is FindGroupChat's statement: only the columns a chat
// page uses (store.GroupChat), one number saying which LEFT JOINed rows
// were there (1: the person's row in the group, 2: the conversation, 4:
// their row in it; a missing row's columns read as zero values), and whom
// the person blocks and who blocks them, each joined by spaces (ids have
// none; string_agg on both databases) in a scalar subquery of its own,
// made one list without repeats by blockedEitherWay. (One subquery over a
// UNION of the two made SQLite build a temporary B-tree to drop repeats
// on every chat page.) Each column is named short: the driver copies
// every column's name, an expression's being its whole text, on every
// read.
//
// Why so few columns: it read 31 (the group's description, guidelines
// and dates, every row's times), and about half the statement's own CPU
// was its columns (BENCHMARKS.md, "Capacity, sixteenth round: statements
// and commits"): the driver copies each column's name and each text value
// on every read, and this statement runs on every chat page.
const groupChatQuery = `SELECT g.name AS n, g.visibility AS v, g.archived_at AS a, g.org_id AS o, g.audience AS au,
	COALESCE((SELECT string_agg(blocked_id, ' ') FROM blocks WHERE blocker_id = ?), '') AS b1,
	COALESCE((SELECT string_agg(blocker_id, ' ') FROM blocks WHERE blocked_id = ?), '') AS b2,
	CASE WHEN m.user_id IS NULL THEN 0 ELSE 1 END + CASE WHEN c.id IS NULL THEN 0 ELSE 2 END + CASE WHEN cm.user_id IS NULL THEN 0 ELSE 4 END AS h,
	COALESCE(m.role, '') AS mr, COALESCE(m.status, '') AS ms,
	COALESCE(c.kind, '') AS ck, COALESCE(c.pair, '') AS cp, COALESCE(c.last_seq, 0) AS cs, COALESCE(c.last_change, 0) AS cc,
	COALESCE(cm.state, '') AS rs, COALESCE(cm.last_read_seq, 0) AS rr
FROM peer_groups g
LEFT JOIN group_members m ON m.group_id = g.id AND m.user_id = ?
LEFT JOIN conversations c ON c.id = g.id
LEFT JOIN conversation_members cm ON cm.conversation_id = g.id AND cm.user_id = ?
WHERE g.id = ?`

// FindGroupChat reads the part of the group, the member's row, the
// conversation and the member's row there that a chat page uses, and the
// blocks either way, in one statement (a chat page read them whole in
// five).
func (s *Store) FindGroupChat(ctx context.Context, groupID, userID string) (*store.GroupChat, error) {
	// What the statement is read into, in one allocation: each of these as
	// a variable of its own was one (15 of a chat page's allocations).
	r := &struct {
		has               int
		blocks, blockedBy string
		archived          sql.NullInt64
		g                 store.Group
		m                 store.GroupMember
		c                 store.Conversation
		cm                store.ConversationMember
	}{}
	g, m, c, cm := &r.g, &r.m, &r.c, &r.cm
	err := s.readRow(ctx, groupChatQuery, userID, userID, userID, userID, groupID).Scan(
		&g.Name, &g.Visibility, &r.archived, &g.OrgID, &g.Audience,
		&r.blocks, &r.blockedBy, &r.has,
		&m.Role, &m.Status,
		&c.Kind, &c.Pair, &c.LastSeq, &c.LastChange,
		&cm.State, &cm.LastReadSeq)
	if err != nil {
		return nil, wrap(err, "find group chat %s", groupID)
	}
	g.ID, g.ArchivedAt = groupID, fromNullMicros(r.archived)
	out := &store.GroupChat{Group: g, Blocked: blockedEitherWay(r.blocks, r.blockedBy)}
	if r.has&1 != 0 {
		m.GroupID, m.UserID = groupID, userID
		out.Member = m
	}
	if r.has&2 != 0 {
		c.ID = groupID
		out.Conversation = c
	}
	if r.has&4 != 0 {
		cm.ConversationID, cm.UserID = groupID, userID
		out.Reader = cm
	}
	return out, nil
}

// blockedEitherWay is the ids in blocks and blockedBy (each a list joined
// by spaces), each once: two people may each block the other. Past a few
// each way it asks a set, not the list (a person with 2,000 blocks each way
// cost each chat page of theirs 47-67 ms; 0.6-0.9 ms now).
func blockedEitherWay(blocks, blockedBy string) []string {
	out := strings.Fields(blocks)
	by := strings.Fields(blockedBy)
	if len(out)*len(by) <= 256 {
		for _, id := range by {
			if !slices.Contains(out, id) {
				out = append(out, id)
			}
		}
		return out
	}
	seen := make(map[string]struct{}, len(out))
	for _, id := range out {
		seen[id] = struct{}{}
	}
	for _, id := range by {
		if _, ok := seen[id]; !ok {
			out = append(out, id)
		}
	}
	return out
}

// ListGroupMembers returns a group's rows, oldest first.
func (s *Store) ListGroupMembers(ctx context.Context, groupID, status string) ([]*store.GroupMember, error) {
	q, args := "SELECT "+memberColumns+" FROM group_members WHERE group_id = ?", []any{groupID}
	if status != "" {
		q += " AND status = ?"
		args = append(args, status)
	}
	return s.queryMembers(ctx, groupID, q+" ORDER BY created_at, user_id", args)
}

// ListGroupMembersPage returns a page of a group's rows, oldest first.
func (s *Store) ListGroupMembersPage(ctx context.Context, groupID string, after store.Keyset, limit int) ([]*store.GroupMember, error) {
	q, args := keysetAfter("SELECT "+memberColumns+" FROM group_members WHERE group_id = ?", []any{groupID}, after, "created_at", "user_id", false)
	return s.queryMembers(ctx, groupID, q+" ORDER BY created_at, user_id LIMIT ?", append(args, limit))
}

// ListGroupMembersBy returns the rows of a group that f keeps, oldest
// first. A page of members (role member, active) walks
// group_members_place from the page's start and stops at its end, so it
// reads its own rows whatever the group's size; the leaders come from the
// same index, a few rows. A name is looked for among the group's rows
// joined with their profiles (one group's, never the instance's).
func (s *Store) ListGroupMembersBy(ctx context.Context, f store.MemberFilter) ([]*store.GroupMember, error) {
	q, args := s.membersQuery(f)
	return s.queryMembers(ctx, f.GroupID, q, args)
}

// membersQuery is ListGroupMembersBy's statement and its values.
func (s *Store) membersQuery(f store.MemberFilter) (string, []any) {
	q := "SELECT m.group_id, m.user_id, m.role, m.status, m.reason, m.guidelines_accepted_at, m.created_at, m.updated_at FROM group_members m"
	args := []any{}
	if (f.Leaders || f.Members) && f.Name == "" && s.dialect == "sqlite" {
		// Left to itself, SQLite walked group_members_page through the
		// whole group for its leaders, to spare sorting the few it finds.
		q += " INDEXED BY group_members_place"
	}
	if f.Name != "" {
		q += " JOIN profiles p ON p.user_id = m.user_id"
	}
	q += " WHERE m.group_id = ?"
	args = append(args, f.GroupID)
	switch {
	case f.Leaders:
		q += " AND m.role IN ('facilitator', 'co_facilitator')"
	case f.Members:
		q += " AND m.role = 'member'"
	}
	if len(f.Status) == 1 {
		q += " AND m.status = ?"
		args = append(args, f.Status[0])
	} else if len(f.Status) > 1 {
		q += " AND m.status IN (" + strings.TrimSuffix(strings.Repeat("?, ", len(f.Status)), ", ") + ")"
		for _, st := range f.Status {
			args = append(args, st)
		}
	}
	if f.Name != "" {
		q += " AND " + fmt.Sprintf(s.fold, "p.display_name") + " LIKE ? ESCAPE '\\'"
		name := strings.ToLower(f.Name) // as PostgreSQL's lower() folds
		if s.dialect == "sqlite" {
			name = searchFold(f.Name) // as kinship_fold folds
		}
		args = append(args, "%"+likeEscaper.Replace(name)+"%")
	}
	q, args = keysetAfter(q, args, f.After, "m.created_at", "m.user_id", false)
	q += " ORDER BY m.created_at, m.user_id"
	if f.Limit > 0 {
		q += " LIMIT ?"
		args = append(args, f.Limit)
	}
	return q, args
}

// queryMembers reads the member rows a query gives.
func (s *Store) queryMembers(ctx context.Context, groupID, q string, args []any) ([]*store.GroupMember, error) {
	rows, err := s.query(ctx, q, args...)
	if err != nil {
		return nil, wrap(err, "list members of group %s", groupID)
	}
	defer rows.Close()
	var out []*store.GroupMember
	for rows.Next() {
		m, err := scanMember(rows)
		if err != nil {
			return nil, wrap(err, "list members of group %s", groupID)
		}
		out = append(out, m)
	}
	return out, wrap(rows.Err(), "list members of group %s", groupID)
}

// CountActiveMembers counts a group's active members.
func (s *Store) CountActiveMembers(ctx context.Context, groupID string) (int, error) {
	var n int
	err := s.readRow(ctx, "SELECT COUNT(*) FROM group_members WHERE group_id = ? AND status = 'active'", groupID).Scan(&n)
	return n, wrap(err, "count members of group %s", groupID)
}

// ShareActiveGroup reports whether a and b are active members of one group.
func (s *Store) ShareActiveGroup(ctx context.Context, a, b string) (bool, error) {
	var n int
	err := s.readRow(ctx, `SELECT COUNT(*) FROM group_members x JOIN group_members y ON x.group_id = y.group_id
		JOIN peer_groups g ON g.id = x.group_id
		WHERE x.user_id = ? AND y.user_id = ? AND x.status = 'active' AND y.status = 'active' AND g.archived_at IS NULL`, a, b).Scan(&n)
	return n > 0, wrap(err, "share group")
}

// LeadsGroupRemovingEither reports whether one of a and b leads an open
// group the other was removed from, in one statement (the leader still
// active there with a facilitator's role, and in the group's organization
// as its audience asks, when it has one).
func (s *Store) LeadsGroupRemovingEither(ctx context.Context, a, b string) (bool, error) {
	var n int
	err := s.readRow(ctx, `SELECT COUNT(*) FROM group_members l JOIN group_members r ON r.group_id = l.group_id
		JOIN peer_groups g ON g.id = l.group_id
		WHERE (l.user_id = ? AND r.user_id = ? OR l.user_id = ? AND r.user_id = ?)
		AND l.status = 'active' AND l.role IN ('facilitator', 'co_facilitator') AND r.status = 'removed' AND g.archived_at IS NULL
		AND (g.org_id = '' OR EXISTS (SELECT 1 FROM org_members om WHERE om.org_id = g.org_id AND om.user_id = l.user_id
			AND (g.audience <> 'alumni' OR om.role IN ('alumni', 'admin', 'staff'))))`, a, b, b, a).Scan(&n)
	return n > 0, wrap(err, "leads a group removing")
}

// DeleteUserGroupData removes a person's part in groups and chat.
func (s *Store) DeleteUserGroupData(ctx context.Context, userID string) error {
	// Every conversation that loses a message or a reaction gets a new
	// change number first: each node keeps a conversation's newest page
	// under its numbers, and this is how it learns to read it again.
	if _, err := s.w.ExecContext(ctx, `UPDATE conversations SET last_change = last_change + 1 WHERE id IN (
		SELECT conversation_id FROM messages WHERE author_id = ?
		UNION SELECT m.conversation_id FROM message_reactions r JOIN messages m ON m.id = r.message_id WHERE r.user_id = ?)`, userID, userID); err != nil {
		return wrap(err, "delete group data of %s", userID)
	}
	for _, q := range []string{
		"DELETE FROM message_reactions WHERE user_id = ?",
		"DELETE FROM messages WHERE author_id = ?",
		"DELETE FROM conversation_members WHERE user_id = ?",
		"DELETE FROM group_members WHERE user_id = ?",
		"DELETE FROM meeting_rsvps WHERE user_id = ?",
		"DELETE FROM calendar_feeds WHERE user_id = ?",
		// The other person keeps their half of a thread; a thread with
		// nothing left of either is removed.
		"DELETE FROM conversations WHERE kind = 'dm' AND pair LIKE '%' || ? || '%' AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = conversations.id)",
	} {
		if _, err := s.w.ExecContext(ctx, q, userID); err != nil {
			return wrap(err, "delete group data of %s", userID)
		}
	}
	return nil
}
