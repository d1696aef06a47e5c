package store

import (
	"context"
	"time"
)

// Post is a story, strategy, question or milestone in the community space
// (GroupID "") or a group's board. Its body is sealed.
type Post struct {
	ID          string
	AuthorID    string
	GroupID     string
	Kind        string // story, strategy, question, milestone
	Title       string
	Sealed      []byte
	ContentNote string // e.g. "mentions overdose"; readers may expand or filter out
	State       string // visible, hidden, removed, quarantined
	Reason      string
	CreatedAt   time.Time
	UpdatedAt   time.Time
	// Filled by reads.
	Comments  int
	Reactions map[string][]string
}

// Comment is an answer to a post, sealed.
type Comment struct {
	ID        string
	PostID    string
	AuthorID  string
	Sealed    []byte
	State     string
	CreatedAt time.Time
}

// Report is someone's report of content or a person.
type Report struct {
	ID          string
	ReporterID  string
	TargetType  string // user, message, post, comment, resource
	TargetID    string
	TargetOwner string
	Reason      string
	Details     []byte // sealed
	Severity    int
	Status      string // open, actioned, dismissed
	HandledBy   string
	HandledAt   *time.Time
	CreatedAt   time.Time
}

// ModerationAction is what a moderator did, with the reason the person is told.
type ModerationAction struct {
	ID           string
	ReportID     string
	TargetType   string
	TargetID     string
	SubjectID    string
	Action       string // hide, remove, warn, suspend, ban, dismiss
	Reason       string
	ModeratorID  string
	Appeal       []byte // sealed
	AppealStatus string // "", open, upheld, reversed
	// AppealReason is the moderator's reason for deciding the appeal,
	// told to the person ("" before a decision, and for appeals decided
	// before reasons were asked).
	AppealReason string
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// Authored is what one person wrote in the community (for their data export).
type Authored struct {
	Posts    []*Post
	Comments []*Comment
	Reports  []*Report
}

// Restriction suspends or bans an account from writing.
type Restriction struct {
	UserID    string
	Kind      string // suspended, banned
	Until     *time.Time
	ActionID  string
	CreatedAt time.Time
}

// Community keeps posts, comments, reports and moderation.
type Community interface {
	CreatePost(ctx context.Context, p *Post) error
	// FindPost returns ErrNotFound when absent; counts filled.
	FindPost(ctx context.Context, id string) (*Post, error)
	UpdatePost(ctx context.Context, p *Post) error
	// ListPosts returns the posts of a place ("" for the community space), newest first
	// (by creation, then ID), after the position after, at most limit.
	ListPosts(ctx context.Context, groupID, kind string, after Keyset, limit int) ([]*Post, error)
	CreateComment(ctx context.Context, c *Comment) error
	// FindComment returns ErrNotFound when absent.
	FindComment(ctx context.Context, id string) (*Comment, error)
	UpdateComment(ctx context.Context, c *Comment) error
	// ListComments returns a post's comments oldest first (by creation, then ID), after the position
	// after, at most limit (0: all).
	ListComments(ctx context.Context, postID string, after Keyset, limit int) ([]*Comment, error)
	// SetPostReaction adds or removes a reaction.
	SetPostReaction(ctx context.Context, postID, userID, kind string, on bool) error
	CreateReport(ctx context.Context, r *Report) error
	FindReport(ctx context.Context, id string) (*Report, error)
	// UpdateReport closes an open report with its status and handler;
	// ErrConflict when it was already handled (by a moderator or a group's
	// facilitator: the first to act closes it for both).
	UpdateReport(ctx context.Context, r *Report) error
	// ListReports returns reports with the status, by severity (highest
	// first) then age (oldest first) then id, at most limit after the
	// position (Rank: the severity; zero: from the start).
	ListReports(ctx context.Context, status string, after Keyset, limit int) ([]*Report, error)
	// CountReports counts the reports with the status that ListReports
	// would give after the position (zero: all of them).
	CountReports(ctx context.Context, status string, after Keyset) (int, error)
	// ListConversationReports returns the open reports of messages in the
	// conversation, most severe first, then oldest, then by id, at most
	// limit after the position (Rank: the severity; zero: from the start).
	ListConversationReports(ctx context.Context, convID string, after Keyset, limit int) ([]*Report, error)
	// HasOpenReport reports whether the reporter has an open report of the
	// target, read from an index whatever the number of reports.
	HasOpenReport(ctx context.Context, reporterID, targetType, targetID string) (bool, error)
	CreateModerationAction(ctx context.Context, a *ModerationAction) error
	FindModerationAction(ctx context.Context, id string) (*ModerationAction, error)
	UpdateModerationAction(ctx context.Context, a *ModerationAction) error
	// ListModerationActions returns actions about a person, newest first ("" for all with open appeals).
	ListModerationActions(ctx context.Context, subjectID string) ([]*ModerationAction, error)
	SetRestriction(ctx context.Context, r *Restriction) error
	// FindRestriction returns ErrNotFound when the account is free.
	FindRestriction(ctx context.Context, userID string) (*Restriction, error)
	DeleteRestriction(ctx context.Context, userID string) error
	// ListAuthored returns what a person wrote in the community, oldest
	// first: their posts, their comments and the reports they made.
	ListAuthored(ctx context.Context, userID string) (*Authored, error)
	// DeleteUserCommunityData removes a person's posts, comments, reactions
	// and the reports they made that were handled; open ones stay for moderators.
	DeleteUserCommunityData(ctx context.Context, userID string) error
}
