package bunstore

import (
	"context"
	"database/sql"

	"github.com/kinshiprecovery/kinship/internal/store"
)

const postColumns = "id, author_id, group_id, kind, title, body_enc, content_note, state, reason, created_at, updated_at"

func scanPost(row interface{ Scan(...any) error }) (*store.Post, error) {
	var p store.Post
	var created, updated int64
	if err := row.Scan(&p.ID, &p.AuthorID, &p.GroupID, &p.Kind, &p.Title, &p.Sealed, &p.ContentNote, &p.State, &p.Reason, &created, &updated); err != nil {
		return nil, err
	}
	p.CreatedAt, p.UpdatedAt = fromMicros(created), fromMicros(updated)
	return &p, nil
}

// CreatePost inserts a post.
func (s *Store) CreatePost(ctx context.Context, p *store.Post) error {
	_, err := s.w.ExecContext(ctx, "INSERT INTO posts ("+postColumns+") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		p.ID, p.AuthorID, p.GroupID, p.Kind, s.sealText("post-title", p.ID, p.Title), p.Sealed, p.ContentNote, p.State, p.Reason, micros(p.CreatedAt), micros(p.UpdatedAt))
	return wrap(err, "create post")
}

// fillPosts opens each post's title and adds its counts.
func (s *Store) fillPosts(ctx context.Context, ps []*store.Post) error {
	for _, p := range ps {
		var err error
		if p.Title, err = s.openText("post-title", p.ID, p.Title); err != nil {
			return err
		}
		if err := s.readRow(ctx, "SELECT COUNT(*) FROM post_comments WHERE post_id = ? AND state = 'visible'", p.ID).Scan(&p.Comments); err != nil {
			return wrap(err, "count comments")
		}
		ids, err := s.queryPairs(ctx, "SELECT kind, user_id FROM post_reactions WHERE post_id = ? ORDER BY kind, user_id", p.ID)
		if err != nil {
			return err
		}
		p.Reactions = ids
	}
	return nil
}

func (s *Store) queryPairs(ctx context.Context, q string, args ...any) (map[string][]string, error) {
	rows, err := s.query(ctx, q, args...)
	if err != nil {
		return nil, wrap(err, "list reactions")
	}
	defer rows.Close()
	out := map[string][]string{}
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return nil, wrap(err, "list reactions")
		}
		out[k] = append(out[k], v)
	}
	return out, wrap(rows.Err(), "list reactions")
}

// FindPost returns store.ErrNotFound when absent.
func (s *Store) FindPost(ctx context.Context, id string) (*store.Post, error) {
	p, err := scanPost(s.readRow(ctx, "SELECT "+postColumns+" FROM posts WHERE id = ?", id))
	if err != nil {
		return nil, wrap(err, "find post %s", id)
	}
	return p, s.fillPosts(ctx, []*store.Post{p})
}

// UpdatePost writes title, body, note, state and reason.
func (s *Store) UpdatePost(ctx context.Context, p *store.Post) error {
	res, err := s.w.ExecContext(ctx, "UPDATE posts SET title = ?, body_enc = ?, content_note = ?, state = ?, reason = ?, updated_at = ? WHERE id = ?",
		s.sealText("post-title", p.ID, p.Title), p.Sealed, p.ContentNote, p.State, p.Reason, micros(p.UpdatedAt), p.ID)
	if err != nil {
		return wrap(err, "update post %s", p.ID)
	}
	return notFoundUnless(res, "update post %s", p.ID)
}

// ListPosts returns a place's posts, newest first (every state; the app filters).
func (s *Store) ListPosts(ctx context.Context, groupID, kind string, after store.Keyset, limit int) ([]*store.Post, error) {
	q, args := "SELECT "+postColumns+" FROM posts WHERE group_id = ?", []any{groupID}
	if kind != "" {
		q, args = q+" AND kind = ?", append(args, kind)
	}
	q, args = keysetAfter(q, args, after, "created_at", "id", true)
	out, err := queryList(ctx, s, "list posts", scanPost, q+" ORDER BY created_at DESC, id DESC LIMIT ?", append(args, limit)...)
	if err != nil {
		return nil, err
	}
	return out, s.fillPosts(ctx, out)
}

const commentColumns = "id, post_id, author_id, body_enc, state, created_at"

func scanComment(row interface{ Scan(...any) error }) (*store.Comment, error) {
	var c store.Comment
	var at int64
	if err := row.Scan(&c.ID, &c.PostID, &c.AuthorID, &c.Sealed, &c.State, &at); err != nil {
		return nil, err
	}
	c.CreatedAt = fromMicros(at)
	return &c, nil
}

// CreateComment inserts a comment.
func (s *Store) CreateComment(ctx context.Context, c *store.Comment) error {
	_, err := s.w.ExecContext(ctx, "INSERT INTO post_comments ("+commentColumns+") VALUES (?, ?, ?, ?, ?, ?)", c.ID, c.PostID, c.AuthorID, c.Sealed, c.State, micros(c.CreatedAt))
	return wrap(err, "create comment")
}

// FindComment returns store.ErrNotFound when absent.
func (s *Store) FindComment(ctx context.Context, id string) (*store.Comment, error) {
	c, err := scanComment(s.readRow(ctx, "SELECT "+commentColumns+" FROM post_comments WHERE id = ?", id))
	return c, wrap(err, "find comment %s", id)
}

// UpdateComment writes body and state.
func (s *Store) UpdateComment(ctx context.Context, c *store.Comment) error {
	_, err := s.w.ExecContext(ctx, "UPDATE post_comments SET body_enc = ?, state = ? WHERE id = ?", c.Sealed, c.State, c.ID)
	return wrap(err, "update comment %s", c.ID)
}

// ListComments returns a post's comments, oldest first.
func (s *Store) ListComments(ctx context.Context, postID string, after store.Keyset, limit int) ([]*store.Comment, error) {
	q, args := keysetAfter("SELECT "+commentColumns+" FROM post_comments WHERE post_id = ?", []any{postID}, after, "created_at", "id", false)
	q += " ORDER BY created_at, id"
	if limit > 0 {
		q, args = q+" LIMIT ?", append(args, limit)
	}
	return queryList(ctx, s, "list comments", scanComment, q, args...)
}

// SetPostReaction adds or removes a reaction.
func (s *Store) SetPostReaction(ctx context.Context, postID, userID, kind string, on bool) error {
	var err error
	if on {
		_, err = s.w.ExecContext(ctx, "INSERT INTO post_reactions (post_id, user_id, kind) VALUES (?, ?, ?) ON CONFLICT DO NOTHING", postID, userID, kind)
	} else {
		_, err = s.w.ExecContext(ctx, "DELETE FROM post_reactions WHERE post_id = ? AND user_id = ? AND kind = ?", postID, userID, kind)
	}
	return wrap(err, "react to post %s", postID)
}

const reportColumns = "id, reporter_id, target_type, target_id, target_owner, reason, details_enc, severity, status, handled_by, handled_at, created_at"

func scanReport(row interface{ Scan(...any) error }) (*store.Report, error) {
	var r store.Report
	var handled sql.NullInt64
	var at int64
	if err := row.Scan(&r.ID, &r.ReporterID, &r.TargetType, &r.TargetID, &r.TargetOwner, &r.Reason, &r.Details, &r.Severity, &r.Status, &r.HandledBy, &handled, &at); err != nil {
		return nil, err
	}
	r.HandledAt, r.CreatedAt = fromNullMicros(handled), fromMicros(at)
	return &r, nil
}

// CreateReport inserts a report.
func (s *Store) CreateReport(ctx context.Context, r *store.Report) error {
	_, err := s.w.ExecContext(ctx, "INSERT INTO reports ("+reportColumns+") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		r.ID, r.ReporterID, r.TargetType, r.TargetID, r.TargetOwner, r.Reason, r.Details, r.Severity, r.Status, r.HandledBy, nullMicros(r.HandledAt), micros(r.CreatedAt))
	return wrap(err, "create report")
}

// FindReport returns store.ErrNotFound when absent.
func (s *Store) FindReport(ctx context.Context, id string) (*store.Report, error) {
	r, err := scanReport(s.readRow(ctx, "SELECT "+reportColumns+" FROM reports WHERE id = ?", id))
	return r, wrap(err, "find report %s", id)
}

// UpdateReport closes an open report; store.ErrConflict when it was
// handled already.
func (s *Store) UpdateReport(ctx context.Context, r *store.Report) error {
	res, err := s.w.ExecContext(ctx, "UPDATE reports SET status = ?, handled_by = ?, handled_at = ? WHERE id = ? AND status = 'open'",
		r.Status, r.HandledBy, nullMicros(r.HandledAt), r.ID)
	if err != nil {
		return wrap(err, "update report %s", r.ID)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return wrap(store.ErrConflict, "update report %s", r.ID)
	}
	return nil
}

// ListReports returns reports by severity, then age.
func (s *Store) ListReports(ctx context.Context, status string, after store.Keyset, limit int) ([]*store.Report, error) {
	q, args := rankAfter("SELECT "+reportColumns+" FROM reports WHERE status = ?", []any{status}, after, "severity", "created_at", "id")
	return queryList(ctx, s, "list reports", scanReport, q+" ORDER BY severity DESC, created_at, id LIMIT ?", append(args, limit)...)
}

// ListConversationReports returns the open reports of the conversation's
// messages after the position: the open reports are few, and each is
// matched to its message by the messages' key.
func (s *Store) ListConversationReports(ctx context.Context, convID string, after store.Keyset, limit int) ([]*store.Report, error) {
	q, args := rankAfter("SELECT "+reportColumns+" FROM reports WHERE status = 'open' AND target_type = 'message'"+
		" AND EXISTS (SELECT 1 FROM messages WHERE messages.id = reports.target_id AND messages.conversation_id = ?)",
		[]any{convID}, after, "severity", "created_at", "id")
	return queryList(ctx, s, "list conversation reports", scanReport, q+" ORDER BY severity DESC, created_at, id LIMIT ?", append(args, limit)...)
}

// CountReports counts the reports with the status after the position.
func (s *Store) CountReports(ctx context.Context, status string, after store.Keyset) (int, error) {
	q, args := rankAfter("SELECT COUNT(*) FROM reports WHERE status = ?", []any{status}, after, "severity", "created_at", "id")
	var n int
	err := s.readRow(ctx, q, args...).Scan(&n)
	return n, wrap(err, "count reports")
}

// HasOpenReport reports whether the reporter has an open report of the
// target (the reports_by_reporter index answers it).
func (s *Store) HasOpenReport(ctx context.Context, reporterID, targetType, targetID string) (bool, error) {
	var n int
	err := s.readRow(ctx, "SELECT COUNT(*) FROM reports WHERE reporter_id = ? AND target_type = ? AND target_id = ? AND status = 'open'",
		reporterID, targetType, targetID).Scan(&n)
	return n > 0, wrap(err, "find open report")
}

const actionColumns = "id, report_id, target_type, target_id, subject_id, action, reason, moderator_id, appeal_enc, appeal_status, appeal_reason, created_at, updated_at"

func scanAction(row interface{ Scan(...any) error }) (*store.ModerationAction, error) {
	var a store.ModerationAction
	var created, updated int64
	if err := row.Scan(&a.ID, &a.ReportID, &a.TargetType, &a.TargetID, &a.SubjectID, &a.Action, &a.Reason, &a.ModeratorID, &a.Appeal, &a.AppealStatus, &a.AppealReason, &created, &updated); err != nil {
		return nil, err
	}
	a.CreatedAt, a.UpdatedAt = fromMicros(created), fromMicros(updated)
	return &a, nil
}

// CreateModerationAction inserts an action.
func (s *Store) CreateModerationAction(ctx context.Context, a *store.ModerationAction) error {
	_, err := s.w.ExecContext(ctx, "INSERT INTO moderation_actions ("+actionColumns+") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		a.ID, a.ReportID, a.TargetType, a.TargetID, a.SubjectID, a.Action, a.Reason, a.ModeratorID, a.Appeal, a.AppealStatus, a.AppealReason, micros(a.CreatedAt), micros(a.UpdatedAt))
	return wrap(err, "create moderation action")
}

// FindModerationAction returns store.ErrNotFound when absent.
func (s *Store) FindModerationAction(ctx context.Context, id string) (*store.ModerationAction, error) {
	a, err := scanAction(s.readRow(ctx, "SELECT "+actionColumns+" FROM moderation_actions WHERE id = ?", id))
	return a, wrap(err, "find moderation action %s", id)
}

// UpdateModerationAction writes the appeal, its status and the reason it was decided.
func (s *Store) UpdateModerationAction(ctx context.Context, a *store.ModerationAction) error {
	_, err := s.w.ExecContext(ctx, "UPDATE moderation_actions SET appeal_enc = ?, appeal_status = ?, appeal_reason = ?, updated_at = ? WHERE id = ?", a.Appeal, a.AppealStatus, a.AppealReason, micros(a.UpdatedAt), a.ID)
	return wrap(err, "update moderation action %s", a.ID)
}

// ListModerationActions returns actions about a person, or every action with an open appeal.
func (s *Store) ListModerationActions(ctx context.Context, subjectID string) ([]*store.ModerationAction, error) {
	q, args := "SELECT "+actionColumns+" FROM moderation_actions WHERE subject_id = ? ORDER BY created_at DESC, id DESC", []any{subjectID}
	if subjectID == "" {
		q, args = "SELECT "+actionColumns+" FROM moderation_actions WHERE appeal_status = 'open' ORDER BY updated_at, id", nil
	}
	return queryList(ctx, s, "list moderation actions", scanAction, q, args...)
}

// SetRestriction suspends or bans an account.
func (s *Store) SetRestriction(ctx context.Context, r *store.Restriction) error {
	_, err := s.w.ExecContext(ctx, `INSERT INTO account_restrictions (user_id, kind, until_at, action_id, created_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (user_id) DO UPDATE SET kind = excluded.kind, until_at = excluded.until_at, action_id = excluded.action_id, created_at = excluded.created_at`,
		r.UserID, r.Kind, nullMicros(r.Until), r.ActionID, micros(r.CreatedAt))
	return wrap(err, "restrict account")
}

// FindRestriction returns store.ErrNotFound when the account is free.
func (s *Store) FindRestriction(ctx context.Context, userID string) (*store.Restriction, error) {
	var r store.Restriction
	var until sql.NullInt64
	var at int64
	err := s.readRow(ctx, "SELECT user_id, kind, until_at, action_id, created_at FROM account_restrictions WHERE user_id = ?", userID).Scan(&r.UserID, &r.Kind, &until, &r.ActionID, &at)
	if err != nil {
		return nil, wrap(err, "find restriction")
	}
	r.Until, r.CreatedAt = fromNullMicros(until), fromMicros(at)
	return &r, nil
}

// DeleteRestriction lifts a restriction.
func (s *Store) DeleteRestriction(ctx context.Context, userID string) error {
	_, err := s.w.ExecContext(ctx, "DELETE FROM account_restrictions WHERE user_id = ?", userID)
	return wrap(err, "lift restriction")
}

// ListAuthored returns a person's posts, comments and reports, oldest first.
func (s *Store) ListAuthored(ctx context.Context, userID string) (*store.Authored, error) {
	var a store.Authored
	var err error
	if a.Posts, err = listRows(s, ctx, scanPost, "SELECT "+postColumns+" FROM posts WHERE author_id = ? ORDER BY created_at, id", userID); err != nil {
		return nil, wrap(err, "list posts of %s", userID)
	}
	if err := s.fillPosts(ctx, a.Posts); err != nil {
		return nil, err
	}
	if a.Comments, err = listRows(s, ctx, scanComment, "SELECT "+commentColumns+" FROM post_comments WHERE author_id = ? ORDER BY created_at, id", userID); err != nil {
		return nil, wrap(err, "list comments of %s", userID)
	}
	if a.Reports, err = listRows(s, ctx, scanReport, "SELECT "+reportColumns+" FROM reports WHERE reporter_id = ? ORDER BY created_at, id", userID); err != nil {
		return nil, wrap(err, "list reports of %s", userID)
	}
	return &a, nil
}

// listRows runs q and scans each row with scan.
func listRows[T any](s *Store, ctx context.Context, scan func(interface{ Scan(...any) error }) (*T, error), q string, args ...any) ([]*T, error) {
	rows, err := s.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// DeleteUserCommunityData removes a person's posts, comments, reactions and
// the reports they made that moderators have handled. An open report stays in
// the queue, from an erased account: what it points at still needs a
// moderator (a member who reports a threat and then leaves must not take the
// report with them).
func (s *Store) DeleteUserCommunityData(ctx context.Context, userID string) error {
	for _, q := range []string{
		"DELETE FROM post_reactions WHERE user_id = ?",
		"DELETE FROM post_comments WHERE author_id = ?",
		"DELETE FROM posts WHERE author_id = ?",
		"DELETE FROM reports WHERE reporter_id = ? AND status <> 'open'",
	} {
		if _, err := s.w.ExecContext(ctx, q, userID); err != nil {
			return wrap(err, "delete community data of %s", userID)
		}
	}
	return nil
}
