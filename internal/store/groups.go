package store

import (
	"context"
	"time"
)

// Group is a peer-led support group. Its name, description and guidelines
// are shown to members of the instance and stored in the clear.
type Group struct {
	ID          string
	Name        string
	Description string
	Guidelines  string
	Visibility  string // listed, unlisted, private
	CreatedBy   string
	CreatedAt   time.Time
	UpdatedAt   time.Time
	ArchivedAt  *time.Time
	// OrgID is set for an organization's own group: only its members see it;
	// Audience "alumni" narrows it to the organization's alumni.
	OrgID    string
	Audience string
	// MemberCount is the number of active members, filled by the app when
	// shown (and by ListGroups when GroupFilter.Viewer is set).
	MemberCount int
	// Viewer is the viewer's place in the group, filled by ListGroups when
	// GroupFilter.Viewer is set.
	Viewer *GroupViewer
}

// GroupViewer is one person's place in a group, as a listing shows it.
type GroupViewer struct {
	Status string // "" (no row), active, requested, left, removed, declined
	Role   string
	// LastSeq is the chat's latest sequence number; Unread counts the
	// visible messages by others after the viewer's read marker (both
	// filled for active members only).
	LastSeq int64
	Unread  int64
}

// GroupMember is one person's place in a group.
type GroupMember struct {
	GroupID string
	UserID  string
	Role    string // facilitator, co_facilitator, member
	Status  string // active, requested, left, removed, declined
	// Reason is a facilitator's reason for a removal.
	Reason             string
	GuidelinesAccepted *time.Time
	CreatedAt          time.Time
	UpdatedAt          time.Time
}

// ConversationReader is what FindConversationReader reads for one person's
// history of a conversation: of each row only what a history uses, the
// rest left zero.
type ConversationReader struct {
	// Conversation holds its ID, Kind, Pair, LastSeq and LastChange.
	Conversation *Conversation
	// Reader (the person's row in the conversation) and Member (their row
	// in its group, for a group's conversation) are nil when absent.
	// Reader holds ConversationID, UserID, State and LastReadSeq; Member
	// GroupID, UserID, Role and Status.
	Reader *ConversationMember
	Member *GroupMember
	// Blocked are the people the person blocks or is blocked by, each
	// once, in no order.
	Blocked []string
}

// GroupChat is what FindGroupChat reads for one person's chat page: of
// each row only what the page uses, the rest left zero.
type GroupChat struct {
	// Group holds the group's ID, Name, Visibility, ArchivedAt, OrgID and
	// Audience.
	Group *Group
	// Member, Conversation and Reader (the person's read marker) are nil
	// when absent. Member holds GroupID, UserID, Role and Status;
	// Conversation its ID, Kind, Pair, LastSeq and LastChange; Reader
	// ConversationID, UserID, State and LastReadSeq.
	Member       *GroupMember
	Conversation *Conversation
	Reader       *ConversationMember
	// Blocked are the people the person blocks or is blocked by, each
	// once, in no order.
	Blocked []string
}

// GroupFilter selects groups.
type GroupFilter struct {
	// Visibility lists the visibilities to include; empty means any.
	Visibility []string
	// MemberID, when set, keeps only groups where that person is an active member.
	MemberID string
	// Archived includes archived groups.
	Archived bool
	// Viewer, when set, fills each group's MemberCount and Viewer in the
	// same query, and keeps an organization's groups to its members (its
	// alumni groups to its alumni, admins and staff).
	Viewer string
	// Text, when set, keeps groups whose name and description (joined by
	// a space) contain it, whatever the case.
	Text string
	// After continues the list (newest first) after a position.
	After Keyset
	Limit int
}

// MemberFilter selects a group's rows for a page of its members.
type MemberFilter struct {
	GroupID string
	// Status keeps the rows of these statuses; any when empty.
	Status []string
	// Leaders keeps the facilitators and co-facilitators alone; Members,
	// those whose role is member alone.
	Leaders, Members bool
	// Name, when set, keeps the people whose display name contains it,
	// whatever the case.
	Name string
	// After continues the list (oldest first) after a position.
	After Keyset
	// Limit is at most how many rows; 0 for no limit.
	Limit int
}

// Groups keeps peer groups and their members.
type Groups interface {
	// CreateGroup inserts g and its conversation (same ID).
	CreateGroup(ctx context.Context, g *Group) error
	// FindGroup returns ErrNotFound when absent.
	FindGroup(ctx context.Context, id string) (*Group, error)
	// UpdateGroup writes name, description, guidelines, visibility, archived.
	UpdateGroup(ctx context.Context, g *Group) error
	// ListGroups returns groups by filter, newest first.
	ListGroups(ctx context.Context, f GroupFilter) ([]*Group, error)
	// SaveGroupMember inserts or replaces a membership row.
	SaveGroupMember(ctx context.Context, m *GroupMember) error
	// FindGroupMember returns ErrNotFound when the person has no row in the group.
	FindGroupMember(ctx context.Context, groupID, userID string) (*GroupMember, error)
	// FindGroupChat reads in one statement what a group's chat page needs
	// to know before its messages: of the group, userID's row in it, the
	// group's conversation and userID's row in that (each of the last
	// three nil when absent) the fields GroupChat names, and whom userID
	// blocks or is blocked by (as ListBlockedEitherWay). ErrNotFound when
	// the group is absent.
	FindGroupChat(ctx context.Context, groupID, userID string) (*GroupChat, error)
	// ListGroupMembers returns a group's rows with the status ("" for any), oldest first.
	ListGroupMembers(ctx context.Context, groupID, status string) ([]*GroupMember, error)
	// ListGroupMembersPage returns a group's rows of any status oldest first
	// (by joining, then user ID), after the position after, at most limit.
	ListGroupMembersPage(ctx context.Context, groupID string, after Keyset, limit int) ([]*GroupMember, error)
	// ListGroupMembersBy returns a group's rows that f keeps, oldest first
	// (by joining, then user ID), after f.After, at most f.Limit: what a
	// group's page lists, read along an index, not the whole group.
	ListGroupMembersBy(ctx context.Context, f MemberFilter) ([]*GroupMember, error)
	// CountActiveMembers counts a group's active members.
	CountActiveMembers(ctx context.Context, groupID string) (int, error)
	// ShareActiveGroup reports whether a and b are both active members of one group.
	ShareActiveGroup(ctx context.Context, a, b string) (bool, error)
	// LeadsGroupRemovingEither reports whether one of a and b facilitates or
	// co-facilitates an open (not archived) group, one they may see, from
	// which the other was removed.
	LeadsGroupRemovingEither(ctx context.Context, a, b string) (bool, error)
	// DeleteUserGroupData removes a person's memberships, messages,
	// reactions, read markers, RSVPs and calendar feeds, raising first the
	// change number of every conversation that loses a message or a
	// reaction (nodes keep a conversation's newest page under it). A
	// direct-message thread stays for the other person with their own
	// messages; one left with no message is removed.
	DeleteUserGroupData(ctx context.Context, userID string) error
}

// Conversation is a group's chat or a direct-message thread.
type Conversation struct {
	ID         string
	Kind       string // group, dm
	Pair       string // dm: the two member IDs, sorted and joined
	StartedBy  string
	LastSeq    int64
	LastChange int64
	CreatedAt  time.Time
}

// ConversationMember is a person's place in a direct-message thread, and
// their read marker in any conversation.
type ConversationMember struct {
	ConversationID string
	UserID         string
	State          string // dm: active, request, ignored; group: reader
	LastReadSeq    int64
	UpdatedAt      time.Time
}

// InboxEntry is a person's row of a direct-message thread with the time
// the thread was last active (its newest message, or when it was opened)
// and what the thread's line in their inbox needs, read with it.
type InboxEntry struct {
	ConversationMember
	ActiveAt time.Time
	// Conversation is the thread.
	Conversation Conversation
	// Theirs is the other person's row in the thread (the other of the
	// pair), nil when there is none.
	Theirs *ConversationMember
	// Blocked is true when either of the pair blocks the other.
	Blocked bool
	// Unread counts the visible messages by others after the person's
	// read marker.
	Unread int64
}

// DMUnread is one of a person's direct-message threads as ListDMUnread
// reads it.
type DMUnread struct {
	ConversationID, Pair, State string
	LastSeq, Unread             int64
}

// Layout is what FindLayout reads for a page's layout.
type Layout struct {
	Notifications int
	DMs           []DMUnread
	Blocked       []string
	Place         *Place
}

// Touched is what one committed write may have changed of what a node
// keeps (see WriteWatcher): of FindLayout's unread counts and place, the
// people whose own rows changed and the direct-message conversations
// whose rows, members' rows or messages changed; the group memberships
// (FindGroupMember's rows) changed; the people whose profiles changed
// (their display names); of what FindGroupChat reads, the groups whose
// rows changed, the people on either side of a block made or lifted, and
// the conversations' rows and people's rows in conversations as the write
// left them (Rows); All when it cannot be told (everything may have).
type Touched struct {
	Users    []string
	Convs    []string
	Members  []MemberKey
	Profiles []string
	Groups   []string
	Blocks   []string
	Rows     []ChatRow
	All      bool
	// ChatAll: Groups, Blocks and Rows could not all be told (too many):
	// every one may have changed.
	ChatAll bool
}

// ChatRow is one row of conversations (UserID "") or of
// conversation_members that a committed write changed, with what
// FindGroupChat reads of it as the write left it, or Known false when
// that cannot be told (the row was deleted, or a statement of its
// transaction failed): then whoever keeps it reads it again. Of a
// conversation, State is its kind and Pair its pair, LastSeq and
// LastChange its numbers; of a person's row, State and LastSeq are their
// state and read marker.
type ChatRow struct {
	ConversationID, UserID string
	State, Pair            string
	LastSeq, LastChange    int64
	Known                  bool
}

// MemberKey names one group membership: a group and a person.
type MemberKey struct{ GroupID, UserID string }

// WriteWatcher is a store that tells what a write may have changed of a
// person's layout and of group memberships, once the write has committed
// and before the call that made it returns: every row of notifications,
// profiles, conversations, conversation_members, messages and
// group_members changed through the store's writer, whoever wrote it (a
// request, a job, a cascade of a deletion), told by the database itself
// as it changes each row. The SQLite store is one: its process writes
// through its own writer connection, and another process's commits show
// in its DataVersion instead. PostgreSQL's nodes write the same rows from
// several processes: that store tells nothing.
type WriteWatcher interface {
	// WatchWrites has fn told of every such write from now on and reports
	// whether the store watches at all (false: fn is never called).
	WatchWrites(fn func(Touched)) bool
}

// LayoutAlongside asks a store that can (PostgreSQL's) to read a
// person's layout, as FindLayout would, in the same round trip as the
// next single-row read made with the context it is put in
// (WithLayoutAlongside): a chat page's group and its layout, read one
// after the other, were two round trips to PostgreSQL, each a write and a
// read of the node's and a statement's wake-up of PostgreSQL's. Done
// says the store read it (Layout, or Err); a store that cannot leaves it
// not done, and the layout is read as ever.
type LayoutAlongside struct {
	UserID        string
	Place, Blocks bool
	Done          bool
	Layout        *Layout
	Err           error
}

type layoutAlongsideKey struct{}

// WithLayoutAlongside has the next single-row read made with the context
// returned read la alongside, where the store can.
func WithLayoutAlongside(ctx context.Context, la *LayoutAlongside) context.Context {
	return context.WithValue(ctx, layoutAlongsideKey{}, la)
}

// LayoutAlongsideFrom is the layout asked for alongside a read made with
// ctx, nil when none is asked for or it was read already.
func LayoutAlongsideFrom(ctx context.Context) *LayoutAlongside {
	la, _ := ctx.Value(layoutAlongsideKey{}).(*LayoutAlongside)
	if la == nil || la.Done {
		return nil
	}
	return la
}

// StoredMessage is a chat message with its body sealed.
type StoredMessage struct {
	ID             string
	ConversationID string
	Seq            int64
	Change         int64
	AuthorID       string
	ClientID       string
	Sealed         []byte
	Mentions       []string
	Kind           string // text, milestone
	State          string // visible, deleted, removed
	Reason         string
	CreatedAt      time.Time
	EditedAt       *time.Time
	// Reactions is filled by reads: kind → member IDs, in order.
	Reactions map[string][]string
}

// Chat keeps conversations and messages.
type Chat interface {
	// CreateConversation inserts c; ErrConflict when a DM for the pair exists.
	CreateConversation(ctx context.Context, c *Conversation) error
	// FindConversation returns ErrNotFound when absent.
	FindConversation(ctx context.Context, id string) (*Conversation, error)
	// FindConversationByPair returns the DM of a pair; ErrNotFound when none.
	FindConversationByPair(ctx context.Context, pair string) (*Conversation, error)
	// SaveConversationMember inserts or replaces state (keeping the read marker).
	SaveConversationMember(ctx context.Context, m *ConversationMember) error
	// FindConversationMember returns ErrNotFound when absent.
	FindConversationMember(ctx context.Context, convID, userID string) (*ConversationMember, error)
	// FindConversationReader reads in one statement what a conversation's
	// history needs to know before its messages: of the conversation,
	// userID's row in it (their read marker; in a direct thread, their
	// place) and userID's row in the group whose conversation it is the
	// fields ConversationReader names, and whom userID blocks or is
	// blocked by (as ListBlockedEitherWay). ErrNotFound when the
	// conversation is absent.
	FindConversationReader(ctx context.Context, convID, userID string) (*ConversationReader, error)
	// ListConversationMembers returns the rows of a conversation.
	ListConversationMembers(ctx context.Context, convID string) ([]*ConversationMember, error)
	// ListInboxThreads returns userID's rows of direct-message threads in
	// the given states, most recent activity first (then by id), at most
	// limit after the position (zero: from the start), each with its
	// conversation, the other person's row, whether either blocks the
	// other and its unread count: in one statement whatever the number of
	// threads (the inbox read four to five more for each thread).
	ListInboxThreads(ctx context.Context, userID string, states []string, after Keyset, limit int) ([]*InboxEntry, error)
	// CountUnreadMessages counts the messages after afterSeq written by others than userID.
	CountUnreadMessages(ctx context.Context, convID, userID string, afterSeq int64) (int64, error)
	// ListDMUnread returns, in one read, each of userID's direct-message
	// threads in state active or request with its pair, its last sequence
	// and (for an active one) the visible messages by others after userID's
	// read marker: what the navigation's count needs, on every page.
	ListDMUnread(ctx context.Context, userID string) ([]DMUnread, error)
	// FindLayout returns, in one statement, what every signed-in page's
	// layout reads of userID: the unread notifications (CountUnread), the
	// direct-message threads (ListDMUnread), when blocks is true everyone
	// userID blocks or is blocked by (ListBlockedEitherWay) and, when place
	// is true, the profile's place (FindPlace; nil when there is no
	// profile).
	FindLayout(ctx context.Context, userID string, place, blocks bool) (*Layout, error)
	// MarkRead moves userID's read marker forward to seq (never back).
	MarkRead(ctx context.Context, convID, userID string, seq int64, at time.Time) error
	// AppendMessage stores m with the conversation's next sequence and change
	// numbers. When the author already sent m.ClientID there, m is filled
	// with the stored message and existing is true.
	AppendMessage(ctx context.Context, m *StoredMessage) (existing bool, err error)
	// FindMessage returns ErrNotFound when absent; reactions filled.
	FindMessage(ctx context.Context, id string) (*StoredMessage, error)
	// UpdateMessage writes body, state, reason and edited time, giving the
	// message the conversation's next change number (set on m).
	UpdateMessage(ctx context.Context, m *StoredMessage) error
	// SetReaction adds or removes a reaction and gives the message the next
	// change number, which it returns; changed is false when nothing changed.
	SetReaction(ctx context.Context, messageID, userID, kind string, on bool, at time.Time) (change int64, changed bool, err error)
	// ListMessages returns messages with afterSeq < seq < beforeSeq (0:
	// no upper bound) in sequence order: the first limit after afterSeq, or
	// with newest true, the last limit before beforeSeq.
	ListMessages(ctx context.Context, convID string, afterSeq, beforeSeq int64, limit int, newest bool) ([]*StoredMessage, error)
	// ListAuthoredMessages returns every message userID wrote, oldest first.
	ListAuthoredMessages(ctx context.Context, userID string) ([]*StoredMessage, error)
	// ListChangedMessages returns messages whose change is in (after, upTo] (upTo 0: no bound), by change.
	ListChangedMessages(ctx context.Context, convID string, after, upTo int64, limit int) ([]*StoredMessage, error)
}

// GroupMeeting is a scheduled meeting series of a group.
type GroupMeeting struct {
	ID              string
	GroupID         string
	Title           string
	StartLocal      string // 2006-01-02T15:04 in TimeZone
	TimeZone        string
	DurationMinutes int
	Recurrence      string // JSON
	OnlineURL       string
	Place           string
	Sequence        int
	CreatedBy       string
	CreatedAt       time.Time
	UpdatedAt       time.Time
	DeletedAt       *time.Time
	// Changes are the cancelled and moved occurrences, filled by reads.
	Changes []MeetingChange
}

// MyGroupMeetings is what ListMyGroupMeetings reads.
type MyGroupMeetings struct {
	// Groups are the groups (in no set order), with only their id, name
	// and creation read.
	Groups   []*Group
	Meetings []*GroupMeeting
}

// MeetingChange cancels or moves one occurrence of a series.
type MeetingChange struct {
	OriginalStart time.Time
	Kind          string // cancelled, moved
	NewStart      *time.Time
}

// RSVP is a person's answer to, and attendance at, one occurrence.
type RSVP struct {
	MeetingID  string
	Occurrence time.Time
	UserID     string
	Status     string // going, maybe, not_going, or "" with attendance only
	Attended   bool
	UpdatedAt  time.Time
}

// CalendarFeed is a private calendar subscription; only its token's hash is kept.
type CalendarFeed struct {
	TokenHash string
	UserID    string
	Scope     string // "member" or "group:<id>"
	CreatedAt time.Time
}

// GroupMeetings keeps group meetings, RSVPs, reminders and calendar feeds.
type GroupMeetings interface {
	CreateGroupMeeting(ctx context.Context, m *GroupMeeting) error
	// FindGroupMeeting returns ErrNotFound when absent or deleted; changes filled.
	FindGroupMeeting(ctx context.Context, id string) (*GroupMeeting, error)
	// UpdateGroupMeeting writes every field and bumps nothing on its own.
	UpdateGroupMeeting(ctx context.Context, m *GroupMeeting) error
	// ListGroupMeetings returns the live meetings of the groups (all groups when nil), changes filled.
	ListGroupMeetings(ctx context.Context, groupIDs []string) ([]*GroupMeeting, error)
	// ListMyGroupMeetings returns, in one statement, the groups userID is
	// active in as ListGroups lists them with MemberID and Viewer userID
	// (not archived, visible to userID; all of them, unpaged) and those
	// groups' live meetings as ListGroupMeetings returns them (in its
	// order, changes filled): what the home page reads of the groups.
	ListMyGroupMeetings(ctx context.Context, userID string) (*MyGroupMeetings, error)
	// SaveMeetingChange cancels or moves one occurrence (replacing an earlier change of it).
	SaveMeetingChange(ctx context.Context, meetingID string, c MeetingChange) error
	// SaveRSVP inserts or replaces an answer.
	SaveRSVP(ctx context.Context, r *RSVP) error
	// ListRSVPs returns the answers for one occurrence.
	ListRSVPs(ctx context.Context, meetingID string, occurrence time.Time) ([]*RSVP, error)
	// ListUserRSVPs returns a person's answers.
	ListUserRSVPs(ctx context.Context, userID string) ([]*RSVP, error)
	// ClaimMeetingReminder records that the occurrence's reminder is sent;
	// claimed is false when it already was.
	ClaimMeetingReminder(ctx context.Context, meetingID string, occurrence, at time.Time) (claimed bool, err error)
	CreateCalendarFeed(ctx context.Context, f *CalendarFeed) error
	// FindCalendarFeed returns ErrNotFound when absent (revoked).
	FindCalendarFeed(ctx context.Context, tokenHash string) (*CalendarFeed, error)
	// ListCalendarFeeds returns a person's feeds.
	ListCalendarFeeds(ctx context.Context, userID string) ([]*CalendarFeed, error)
	// DeleteCalendarFeeds removes a person's feeds of the scope ("" for all).
	DeleteCalendarFeeds(ctx context.Context, userID, scope string) error
}
