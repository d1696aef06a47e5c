package app

import (
	"context"
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/realtime"
	"github.com/kinshiprecovery/kinship/internal/store"
)

// Group visibilities.
const (
	GroupListed   = "listed"   // in the directory; anyone may join
	GroupUnlisted = "unlisted" // only by link; anyone with it may join
	GroupPrivate  = "private"  // in the directory; joining takes a facilitator's approval
)

// Group roles.
const (
	RoleFacilitator   = "facilitator"
	RoleCoFacilitator = "co_facilitator"
	RoleMember        = "member"
)

// GroupInput is what a facilitator writes about a group.
type GroupInput struct {
	Name        *string `json:"name"`
	Description *string `json:"description,omitempty"`
	Guidelines  *string `json:"guidelines,omitempty"`
	Visibility  *string `json:"visibility,omitempty"`
	// OrgID makes an organization's own group (its admins and staff only);
	// Audience "alumni" keeps it to the organization's alumni. Set at creation.
	OrgID    string `json:"org_id,omitempty"`
	Audience string `json:"audience,omitempty"`
}

// GroupView is a group as the actor sees it.
type GroupView struct {
	ID          string          `json:"id"`
	Name        string          `json:"name"`
	Description string          `json:"description"`
	Guidelines  string          `json:"guidelines"`
	Visibility  string          `json:"visibility"`
	MemberCount int             `json:"member_count"`
	Archived    bool            `json:"archived"`
	CreatedAt   model.Timestamp `json:"created_at"`
	OrgID       string          `json:"org_id,omitempty"`
	Audience    string          `json:"audience,omitempty"`
	// MyStatus is the actor's place: "" (none), active, requested, left, removed.
	MyStatus string `json:"my_status"`
	MyRole   string `json:"my_role,omitempty"`
	// Unread counts messages since the actor's read marker (members only).
	Unread int64 `json:"unread,omitempty"`
	// LastSeq is the chat's latest sequence number (members only).
	LastSeq int64 `json:"last_seq,omitempty"`
}

func (in GroupInput) apply(g *store.Group) error {
	f := model.FieldErrors{}
	if in.Name != nil {
		g.Name = strings.TrimSpace(*in.Name)
	}
	// A browser's form sends a textarea's line breaks as CRLF; they are
	// kept as the API's clients send them, LF.
	if in.Description != nil {
		g.Description = strings.TrimSpace(strings.ReplaceAll(*in.Description, "\r\n", "\n"))
	}
	if in.Guidelines != nil {
		g.Guidelines = strings.TrimSpace(strings.ReplaceAll(*in.Guidelines, "\r\n", "\n"))
	}
	if in.Visibility != nil {
		g.Visibility = strings.TrimSpace(*in.Visibility)
	}
	switch n := utf8.RuneCountInString(g.Name); {
	case n == 0:
		f.Add("name", "give the group a name")
	case n > 100:
		f.Add("name", "keep the name to 100 characters")
	}
	if utf8.RuneCountInString(g.Description) > 2000 {
		f.Add("description", "keep the description to 2,000 characters")
	}
	if utf8.RuneCountInString(g.Guidelines) > 5000 {
		f.Add("guidelines", "keep the guidelines to 5,000 characters")
	}
	switch g.Visibility {
	case GroupListed, GroupUnlisted, GroupPrivate:
	case "":
		f.Add("visibility", "choose listed, unlisted or private")
	default:
		f.Add("visibility", "must be listed, unlisted or private")
	}
	for k, v := range map[string]string{"name": g.Name, "description": g.Description, "guidelines": g.Guidelines} {
		if !utf8.ValidString(v) {
			f.Add(k, "is not valid text")
		}
	}
	if err := f.Err(); err != nil {
		return err
	}
	return nil
}

// CreateGroup creates a group led by the actor. Errors: invalid, rate_limited.
func (a *App) CreateGroup(ctx context.Context, in GroupInput) (*GroupView, error) {
	act, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	now := a.now()
	g := &store.Group{ID: newID(), CreatedBy: act.User.ID, CreatedAt: now, UpdatedAt: now}
	if in.Visibility == nil {
		v := GroupListed
		in.Visibility = &v
	}
	if err := in.apply(g); err != nil {
		return nil, err
	}
	if in.OrgID != "" {
		if _, _, _, err := a.orgStaff(ctx, in.OrgID, false); err != nil {
			return nil, err
		}
		if in.Audience != "" && in.Audience != OrgAlumni {
			return nil, &model.Error{Kind: model.KindInvalid, Message: "audience must be empty (everyone in the organization) or alumni", Fields: map[string]string{"audience": "unknown"}}
		}
		g.OrgID, g.Audience = in.OrgID, in.Audience
	}
	// Starting a group makes the actor its facilitator.
	if err := withMFA(act, ErrMFAForFacilitators); err != nil {
		return nil, err
	}
	if err := a.limit(ctx, "group-create:"+act.User.ID, 20, dayWindow); err != nil {
		return nil, err
	}
	err = a.store.InTx(ctx, func(tx store.Store) error {
		if err := tx.CreateGroup(ctx, g); err != nil {
			return err
		}
		return tx.SaveGroupMember(ctx, &store.GroupMember{GroupID: g.ID, UserID: act.User.ID, Role: RoleFacilitator, Status: "active",
			GuidelinesAccepted: &now, CreatedAt: now, UpdatedAt: now})
	})
	if err != nil {
		return nil, err
	}
	a.screen(ctx, act.User.ID, SurfaceGroup, g.ID, "", g.Name+"\n"+g.Description+"\n"+g.Guidelines)
	return a.groupView(ctx, act.User.ID, g)
}

func (a *App) groupView(ctx context.Context, userID string, g *store.Group) (*GroupView, error) {
	if n, err := a.store.CountActiveMembers(ctx, g.ID); err == nil {
		g.MemberCount = n
	}
	view := groupViewOf(g)
	v := &view
	m, err := a.store.FindGroupMember(ctx, g.ID, userID)
	if err == nil {
		v.MyStatus = m.Status
		if m.Status == "active" {
			v.MyRole = m.Role
			if c, err := a.store.FindConversation(ctx, g.ID); err == nil {
				v.LastSeq = c.LastSeq
				read := int64(0)
				if cm, err := a.store.FindConversationMember(ctx, g.ID, userID); err == nil {
					read = cm.LastReadSeq
				}
				v.Unread, _ = a.store.CountUnreadMessages(ctx, g.ID, userID, read)
			}
		}
	} else if !errors.Is(err, store.ErrNotFound) {
		return nil, err
	}
	return v, nil
}

// groupViewOf is what anyone who may see g reads of it.
func groupViewOf(g *store.Group) GroupView {
	return GroupView{ID: g.ID, Name: g.Name, Description: g.Description, Guidelines: g.Guidelines, Visibility: g.Visibility,
		MemberCount: g.MemberCount, Archived: g.ArchivedAt != nil, CreatedAt: model.At(g.CreatedAt), OrgID: g.OrgID, Audience: g.Audience}
}

var errNoGroup = &model.Error{Kind: model.KindNotFound, Message: "group not found"}

// findGroup returns a group the actor may know of: listed and private
// groups to everyone, unlisted ones to anyone with the link, archived ones
// only to their members.
func (a *App) findGroup(ctx context.Context, userID, id string) (*store.Group, *store.GroupMember, error) {
	g, err := a.store.FindGroup(ctx, id)
	if err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return nil, nil, errNoGroup
		}
		return nil, nil, err
	}
	m, err := a.placeIn(ctx, userID, g)
	return g, m, err
}

// placeIn returns userID's row in g (nil when none), or errNoGroup when
// they may not know of g.
func (a *App) placeIn(ctx context.Context, userID string, g *store.Group) (*store.GroupMember, error) {
	m, err := a.groupMember(ctx, g.ID, userID)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return nil, err
	}
	return a.placeOf(ctx, userID, g, m)
}

// placeOf is placeIn with userID's row in g (nil when none) read already.
func (a *App) placeOf(ctx context.Context, userID string, g *store.Group, m *store.GroupMember) (*store.GroupMember, error) {
	if g.ArchivedAt != nil && (m == nil || m.Status != "active") {
		return nil, errNoGroup
	}
	if !a.mayJoinOrgGroup(ctx, userID, g) {
		return nil, errNoGroup
	}
	return m, nil
}

// activeMember returns the actor's active membership; not_found when the
// group is unknown to them, forbidden when they are not in it.
func (a *App) activeMember(ctx context.Context, userID, groupID string) (*store.Group, *store.GroupMember, error) {
	g, err := a.store.FindGroup(ctx, groupID)
	if err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return nil, nil, errNoGroup
		}
		return nil, nil, err
	}
	m, err := a.activeMemberOf(ctx, userID, g)
	if err != nil {
		return nil, nil, err
	}
	return g, m, nil
}

// activeMemberOf is activeMember for a group already read.
func (a *App) activeMemberOf(ctx context.Context, userID string, g *store.Group) (*store.GroupMember, error) {
	m, err := a.placeIn(ctx, userID, g)
	if err != nil {
		return nil, err
	}
	return activeIn(g, m)
}

// activeIn is activeMemberOf once placeIn has answered m.
func activeIn(g *store.Group, m *store.GroupMember) (*store.GroupMember, error) {
	if m == nil || m.Status != "active" {
		if g.Visibility == GroupPrivate || m != nil && m.Status == "removed" {
			return nil, errNoGroup
		}
		return nil, model.Errorf(model.KindForbidden, "join the group first")
	}
	return m, nil
}

// leader returns the actor's membership when they facilitate the group.
func (a *App) leader(ctx context.Context, userID, groupID string) (*store.Group, *store.GroupMember, error) {
	g, m, err := a.activeMember(ctx, userID, groupID)
	if err != nil {
		return nil, nil, err
	}
	if m.Role != RoleFacilitator && m.Role != RoleCoFacilitator {
		return nil, nil, model.Errorf(model.KindForbidden, "only the group's facilitators can do that")
	}
	if err := withMFA(ActorFrom(ctx), ErrMFAForFacilitators); err != nil {
		return nil, nil, err
	}
	return g, m, nil
}

// GetGroup returns a group. Errors: not_found.
func (a *App) GetGroup(ctx context.Context, id string) (*GroupView, error) {
	act, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	g, _, err := a.findGroup(ctx, act.User.ID, id)
	if err != nil {
		return nil, err
	}
	return a.groupView(ctx, act.User.ID, g)
}

// ChatGroup returns a group as its chat page shows it: GetGroup's view
// with the actor's status and role, of the group only its ID, name,
// visibility, archive and organization (chatGroupView). Errors:
// not_found, as GetGroup.
func (a *App) ChatGroup(ctx context.Context, id string) (*GroupView, error) {
	act, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	g, m, err := a.findGroup(ctx, act.User.ID, id)
	if err != nil {
		return nil, err
	}
	v := chatGroupView(g, m)
	return &v, nil
}

// chatGroupView is the group as its chat page shows it, with m's place
// (nil: none): what the store's FindGroupChat reads of it (the group's ID,
// name, visibility, archive, organization and audience), none of what
// the page does not show (the description, guidelines, creation time,
// member count, last sequence and unread count).
func chatGroupView(g *store.Group, m *store.GroupMember) GroupView {
	v := GroupView{ID: g.ID, Name: g.Name, Visibility: g.Visibility, Archived: g.ArchivedAt != nil, OrgID: g.OrgID, Audience: g.Audience}
	if m != nil {
		v.MyStatus = m.Status
		if m.Status == "active" {
			v.MyRole = m.Role
		}
	}
	return v
}

// ListGroups returns the directory of listed and private groups (mine: the
// actor's own groups, whatever their visibility), filtered by q. The
// groups, their member counts and the actor's place and unread counts come
// from one query, whatever the number of groups.
func (a *App) ListGroups(ctx context.Context, q string, mine bool) ([]GroupView, error) {
	out, _, err := a.GroupsPage(ctx, q, mine, firstPage(groupsListed))
	return out, err
}

// GroupsPage returns a page of ListGroups, newest first, and where the
// next page starts.
func (a *App) GroupsPage(ctx context.Context, q string, mine bool, p PageRequest) ([]GroupView, store.Keyset, error) {
	act, err := requireActor(ctx)
	if err != nil {
		return nil, store.Keyset{}, err
	}
	// The text is searched in the query, so that a search sees every
	// group, not the newest page of them.
	q = strings.TrimSpace(q)
	f := store.GroupFilter{Visibility: []string{GroupListed, GroupPrivate}, Viewer: act.User.ID, Text: q, After: p.After, Limit: p.fetch()}
	if mine {
		f = store.GroupFilter{MemberID: act.User.ID, Viewer: act.User.ID, Text: q, After: p.After, Limit: p.fetch()}
	}
	gs, err := a.store.ListGroups(ctx, f)
	if err != nil {
		return nil, store.Keyset{}, err
	}
	gs, next := cutPage(gs, p, func(g *store.Group) store.Keyset { return store.Keyset{At: g.CreatedAt, ID: g.ID} })
	out := []GroupView{}
	for _, g := range gs {
		out = append(out, listedGroupView(g))
	}
	return out, next, nil
}

// GroupsDirectoryAfter is a page of at most limit groups of the directory
// (ListGroups' listed and private groups, not only the actor's), newest
// first, matching q, continuing after the group afterID ("" from the
// newest): one query, which reads only the page's groups along the
// listing's index however many the instance has. next is the ID of the
// page's last group when more follow, "" on the last page. An afterID
// that names no group starts again from the newest (restarted).
func (a *App) GroupsDirectoryAfter(ctx context.Context, q, afterID string, limit int) (groups []GroupView, next string, restarted bool, err error) {
	req, restarted, err := queuePosition(afterID, limit, func(id string) (store.Keyset, error) {
		g, err := a.store.FindGroup(ctx, id)
		if err != nil {
			return store.Keyset{}, err
		}
		return store.Keyset{At: g.CreatedAt, ID: g.ID}, nil
	})
	if err != nil {
		return nil, "", false, err
	}
	groups, k, err := a.GroupsPage(ctx, q, false, req)
	if err != nil {
		return nil, "", false, err
	}
	if !k.IsZero() {
		next = k.ID
	}
	return groups, next, restarted, nil
}

// listedGroupView is the view of a group listed with its viewer's place.
func listedGroupView(g *store.Group) GroupView {
	v := groupViewOf(g)
	if me := g.Viewer; me != nil {
		v.MyStatus = me.Status
		if me.Status == "active" {
			v.MyRole, v.LastSeq, v.Unread = me.Role, me.LastSeq, me.Unread
		}
	}
	return v
}

// UpdateGroup edits a group. Errors: not_found, forbidden, invalid.
func (a *App) UpdateGroup(ctx context.Context, id string, in GroupInput) (*GroupView, error) {
	act, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	g, _, err := a.leader(ctx, act.User.ID, id)
	if err != nil {
		return nil, err
	}
	if err := in.apply(g); err != nil {
		return nil, err
	}
	g.UpdatedAt = a.now()
	if err := a.store.UpdateGroup(ctx, g); err != nil {
		return nil, err
	}
	a.publish(ctx, realtime.Event{Kind: realtime.KindAccess, Conv: g.ID})
	a.rescreen(ctx, act.User.ID, SurfaceGroup, g.ID, "", g.Name+"\n"+g.Description+"\n"+g.Guidelines)
	return a.groupView(ctx, act.User.ID, g)
}

// ArchiveGroup closes a group: its chat and meetings stay readable to its
// members, nobody can join or write. Errors: not_found, forbidden.
func (a *App) ArchiveGroup(ctx context.Context, id string) error {
	act, err := requireActor(ctx)
	if err != nil {
		return err
	}
	g, m, err := a.leader(ctx, act.User.ID, id)
	if err != nil {
		return err
	}
	if m.Role != RoleFacilitator {
		return model.Errorf(model.KindForbidden, "only the group's facilitator can archive it")
	}
	now := a.now()
	g.ArchivedAt, g.UpdatedAt = &now, now
	if err := a.store.UpdateGroup(ctx, g); err != nil {
		return err
	}
	a.publish(ctx, realtime.Event{Kind: realtime.KindAccess, Conv: g.ID})
	return nil
}

// JoinGroup joins a listed or unlisted group, or asks to join a private
// one. A group with guidelines needs them accepted. Errors: not_found,
// invalid (guidelines not accepted), conflict (archived, removed).
func (a *App) JoinGroup(ctx context.Context, id string, acceptGuidelines bool) (*GroupView, error) {
	act, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	g, m, err := a.findGroup(ctx, act.User.ID, id)
	if err != nil {
		return nil, err
	}
	switch {
	case g.ArchivedAt != nil:
		return nil, model.Errorf(model.KindConflict, "this group is archived; it takes no new members")
	case m != nil && m.Status == "active":
		return a.groupView(ctx, act.User.ID, g)
	case m != nil && m.Status == "removed":
		return nil, model.Errorf(model.KindForbidden, "a facilitator removed you from this group; ask them if you would like to return")
	case m != nil && m.Status == "requested":
		return a.groupView(ctx, act.User.ID, g)
	}
	if g.Guidelines != "" && !acceptGuidelines {
		return nil, &model.Error{Kind: model.KindInvalid, Message: "read and accept the group's guidelines to join",
			Fields: map[string]string{"accept_guidelines": "tick the box to say you accept the guidelines"}}
	}
	if err := a.limit(ctx, "group-join:"+act.User.ID, 100, dayWindow); err != nil {
		return nil, err
	}
	now := a.now()
	status := "active"
	if g.Visibility == GroupPrivate {
		status = "requested"
	}
	row := &store.GroupMember{GroupID: id, UserID: act.User.ID, Role: RoleMember, Status: status, CreatedAt: now, UpdatedAt: now}
	if g.Guidelines != "" || acceptGuidelines {
		row.GuidelinesAccepted = &now
	}
	err = a.store.InTx(ctx, func(tx store.Store) error {
		if err := tx.SaveGroupMember(ctx, row); err != nil {
			return err
		}
		if status != "requested" {
			return nil
		}
		return a.notifyLeaders(ctx, tx, id, "group_request", noteText("notify.group_request", "Name", a.displayName(ctx, act.User.ID), "Group", g.Name).about(act.User.ID))
	})
	if err != nil {
		return nil, err
	}
	return a.groupView(ctx, act.User.ID, g)
}

func (a *App) notifyLeaders(ctx context.Context, st store.Store, groupID, kind string, text note) error {
	return a.notifyLeadersAt(ctx, st, groupID, kind, text, "/groups/"+groupID)
}

// notifyLeadersAt is notifyLeaders with the page the notification opens.
func (a *App) notifyLeadersAt(ctx context.Context, st store.Store, groupID, kind string, text note, link string) error {
	ms, err := st.ListGroupMembersBy(ctx, store.MemberFilter{GroupID: groupID, Status: []string{"active"}, Leaders: true})
	if err != nil {
		return err
	}
	for _, m := range ms {
		if err := a.notifyAt(ctx, st, m.UserID, kind, text, link); err != nil {
			return err
		}
	}
	return nil
}

// LeaveGroup leaves a group at once. The last facilitator hands over
// first. Errors: not_found, forbidden, conflict.
func (a *App) LeaveGroup(ctx context.Context, id string) error {
	act, err := requireActor(ctx)
	if err != nil {
		return err
	}
	g, m, err := a.findGroup(ctx, act.User.ID, id)
	if err != nil {
		return err
	}
	if m == nil || (m.Status != "active" && m.Status != "requested") {
		return model.Errorf(model.KindConflict, "you are not in this group")
	}
	if m.Role == RoleFacilitator && m.Status == "active" {
		ms, err := a.store.ListGroupMembers(ctx, id, "active")
		if err != nil {
			return err
		}
		others := 0
		for _, o := range ms {
			if o.UserID != act.User.ID && o.Role == RoleFacilitator {
				others++
			}
		}
		if others == 0 && len(ms) > 1 && g.ArchivedAt == nil {
			return model.Errorf(model.KindConflict, "you are the group's only facilitator: make someone else facilitator, or archive the group, before leaving")
		}
	}
	m.Status, m.UpdatedAt = "left", a.now()
	if err := a.store.SaveGroupMember(ctx, m); err != nil {
		return err
	}
	a.publish(ctx, realtime.Event{Kind: realtime.KindRemoved, Conv: id, User: act.User.ID})
	return nil
}

// MemberView is a group member as the actor may see them.
type MemberView struct {
	UserID      string          `json:"user_id"`
	DisplayName string          `json:"display_name"`
	Role        string          `json:"role"`
	Status      string          `json:"status"`
	Since       model.Timestamp `json:"since"`
}

// LeadersToAsk returns the facilitators and co-facilitators of an open
// group the actor was removed from, whom they may write to if they would
// like to return (mayMessage lets them); none for anyone else, nor those
// the actor blocks or is blocked by. Errors: unauthorized, not_found.
func (a *App) LeadersToAsk(ctx context.Context, groupID string) ([]MemberView, error) {
	act, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	g, err := a.store.FindGroup(ctx, groupID)
	if err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return nil, errNoGroup
		}
		return nil, err
	}
	out := []MemberView{}
	if me, err := a.store.FindGroupMember(ctx, g.ID, act.User.ID); err != nil || me.Status != "removed" || g.ArchivedAt != nil {
		return out, nil
	}
	ms, err := a.store.ListGroupMembersBy(ctx, store.MemberFilter{GroupID: g.ID, Status: []string{"active"}, Leaders: true})
	if err != nil {
		return nil, err
	}
	blocked := a.blockedSet(ctx, act.User.ID)
	for _, m := range ms {
		if !blocked[m.UserID] {
			out = append(out, MemberView{UserID: m.UserID, DisplayName: a.displayName(ctx, m.UserID), Role: m.Role, Status: m.Status, Since: model.At(m.UpdatedAt)})
		}
	}
	return out, nil
}

// ListGroupMembers returns the members (and, for facilitators, the
// requests) of a group the actor is in, without anyone either of them
// blocks. Errors: not_found, forbidden.
func (a *App) ListGroupMembers(ctx context.Context, id string) ([]MemberView, error) {
	out, _, err := a.GroupMembersPage(ctx, id, firstPage(10000))
	return out, err
}

// GroupMembersPage returns a page of ListGroupMembers, longest-standing
// first, and where the next page starts.
func (a *App) GroupMembersPage(ctx context.Context, id string, p PageRequest) ([]MemberView, store.Keyset, error) {
	act, err := requireActor(ctx)
	if err != nil {
		return nil, store.Keyset{}, err
	}
	_, me, err := a.activeMember(ctx, act.User.ID, id)
	if err != nil {
		return nil, store.Keyset{}, err
	}
	ms, err := a.store.ListGroupMembersPage(ctx, id, p.After, p.fetch())
	if err != nil {
		return nil, store.Keyset{}, err
	}
	ms, next := cutPage(ms, p, func(m *store.GroupMember) store.Keyset { return store.Keyset{At: m.CreatedAt, ID: m.UserID} })
	blocked := a.blockedSet(ctx, act.User.ID)
	lead := me.Role == RoleFacilitator || me.Role == RoleCoFacilitator
	out := []MemberView{}
	for _, m := range ms {
		if blocked[m.UserID] || !(m.Status == "active" || lead && m.Status == "requested") {
			continue
		}
		out = append(out, MemberView{UserID: m.UserID, DisplayName: a.displayName(ctx, m.UserID), Role: m.Role, Status: m.Status, Since: model.At(m.UpdatedAt)})
	}
	return out, next, nil
}

// GroupPeople is what a group's page lists of its people: never the
// whole group (up to 10,000), each list read along an index.
type GroupPeople struct {
	// Leaders are the group's facilitators and co-facilitators, oldest
	// first (none while a name is looked for).
	Leaders []MemberView
	// Requests are, for its leaders, the first of those asking to join,
	// oldest first; MoreRequests says more wait after them.
	Requests     []MemberView
	MoreRequests bool
	// Members are a page of the rest (role member), oldest first; or,
	// when a name is looked for, a page of everyone in the group (asking
	// to join too, for its leaders) whose name has it.
	Members []MemberView
	// Next is the user ID the next page continues after, "" on the last.
	// Restarted says the page asked for continued after someone with no
	// place in the group, so this is the first.
	Next      string
	Restarted bool
}

// groupLeadersRead is at most how many facilitators a group's page reads.
const groupLeadersRead = 100

// GroupPeoplePage returns what a group's page lists of its people, for an
// active member: its leaders, the requests waiting (for leaders), and a
// page of at most limit members continuing after the person afterID (""
// from the first), or of those whose name has name. Nobody either side
// blocks is listed. Errors: not_found, forbidden (as GroupMembersPage).
func (a *App) GroupPeoplePage(ctx context.Context, groupID, name, afterID string, limit int) (*GroupPeople, error) {
	act, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	_, me, err := a.activeMember(ctx, act.User.ID, groupID)
	if err != nil {
		return nil, err
	}
	lead := me.Role == RoleFacilitator || me.Role == RoleCoFacilitator
	name = strings.TrimSpace(name)
	if utf8.RuneCountInString(name) > 100 {
		name = string([]rune(name)[:100])
	}
	req, restarted, err := queuePosition(afterID, limit, func(id string) (store.Keyset, error) {
		m, err := a.store.FindGroupMember(ctx, groupID, id)
		if err != nil {
			return store.Keyset{}, err
		}
		return store.Keyset{At: m.CreatedAt, ID: m.UserID}, nil
	})
	if err != nil {
		return nil, err
	}
	blocked := a.blockedSet(ctx, act.User.ID)
	views := func(ms []*store.GroupMember) []MemberView {
		out := []MemberView{}
		for _, m := range ms {
			if !blocked[m.UserID] {
				out = append(out, MemberView{UserID: m.UserID, DisplayName: a.displayName(ctx, m.UserID), Role: m.Role, Status: m.Status, Since: model.At(m.UpdatedAt)})
			}
		}
		return out
	}
	out := &GroupPeople{Restarted: restarted, Leaders: []MemberView{}, Requests: []MemberView{}}
	page := store.MemberFilter{GroupID: groupID, Status: []string{"active"}, Members: true, After: req.After, Limit: req.fetch()}
	if name != "" {
		page = store.MemberFilter{GroupID: groupID, Status: []string{"active"}, Name: name, After: req.After, Limit: req.fetch()}
		if lead {
			page.Status = append(page.Status, "requested")
		}
	} else {
		leaders, err := a.store.ListGroupMembersBy(ctx, store.MemberFilter{GroupID: groupID, Status: []string{"active"}, Leaders: true, Limit: groupLeadersRead})
		if err != nil {
			return nil, err
		}
		out.Leaders = views(leaders)
		if lead {
			asking, err := a.store.ListGroupMembersBy(ctx, store.MemberFilter{GroupID: groupID, Status: []string{"requested"}, Limit: limit + 1})
			if err != nil {
				return nil, err
			}
			if len(asking) > limit {
				asking, out.MoreRequests = asking[:limit], true
			}
			out.Requests = views(asking)
		}
	}
	ms, err := a.store.ListGroupMembersBy(ctx, page)
	if err != nil {
		return nil, err
	}
	ms, next := cutPage(ms, req, func(m *store.GroupMember) store.Keyset { return store.Keyset{At: m.CreatedAt, ID: m.UserID} })
	out.Members, out.Next = views(ms), next.ID
	return out, nil
}

// ManageMember is a facilitator's decision about one member.
type ManageMember struct {
	// Action is approve, decline, remove, release (take out a member who
	// asked to leave: they may join again), or role.
	Action string `json:"action"`
	Reason string `json:"reason,omitempty"`
	// Role for the "role" action: facilitator, co_facilitator or member.
	Role string `json:"role,omitempty"`
}

// ManageGroupMember approves or declines a request, removes a member with a
// reason, takes out a member who asked to leave (they may join again), or
// changes a member's role. Errors: not_found, forbidden, invalid, conflict.
func (a *App) ManageGroupMember(ctx context.Context, groupID, userID string, in ManageMember) error {
	act, err := requireActor(ctx)
	if err != nil {
		return err
	}
	g, me, err := a.leader(ctx, act.User.ID, groupID)
	if err != nil {
		return err
	}
	m, err := a.store.FindGroupMember(ctx, groupID, userID)
	if err != nil {
		return notFound(err, "apperrf.not_found.member")
	}
	now := a.now()
	reason := strings.TrimSpace(in.Reason)
	if utf8.RuneCountInString(reason) > 500 {
		return &model.Error{Kind: model.KindInvalid, Message: "keep the reason to 500 characters", Fields: map[string]string{"reason": "too long"}}
	}
	var text note
	removed := false
	switch in.Action {
	case "approve", "decline":
		if m.Status != "requested" {
			return model.Errorf(model.KindConflict, "there is no request from this member waiting")
		}
		if in.Action == "approve" {
			m.Status, text = "active", noteText("notify.group_approve", "Group", g.Name)
		} else {
			m.Status, text = "declined", noteText("notify.group_decline", "Group", g.Name)
		}
	case "remove", "release":
		if userID == act.User.ID {
			return &model.Error{Kind: model.KindInvalid, Message: "to leave the group yourself, use leave",
				Fields: map[string]string{"user": "this is you; to leave the group, use leave"}}
		}
		if m.Status != "active" {
			return model.Errorf(model.KindConflict, "this person is not an active member")
		}
		if m.Role == RoleFacilitator && me.Role != RoleFacilitator {
			return model.Errorf(model.KindForbidden, "a co-facilitator cannot remove a facilitator")
		}
		if in.Action == "release" {
			// A member who asked to leave is taken out as if they had left
			// themselves: no reason, nothing held against them, and they
			// may join again (walk11 W11-3: removing was the only way, and
			// it barred Leilani from the group she had asked to leave).
			m.Status, m.Reason, removed = "left", "", true
			text = noteText("notify.group_release", "Group", g.Name)
			break
		}
		if reason == "" {
			return &model.Error{Kind: model.KindInvalid, Message: "give a reason; the member will see it", Fields: map[string]string{"reason": "required"}}
		}
		m.Status, m.Reason, removed = "removed", reason, true
		text = noteText("notify.group_remove", "Group", g.Name, "Reason", reason)
	case "role":
		if me.Role != RoleFacilitator {
			return model.Errorf(model.KindForbidden, "only a facilitator can change roles")
		}
		switch in.Role {
		case RoleFacilitator, RoleCoFacilitator, RoleMember:
		default:
			return &model.Error{Kind: model.KindInvalid, Message: "role must be facilitator, co_facilitator or member", Fields: map[string]string{"role": "unknown role"}}
		}
		if m.Status != "active" {
			return model.Errorf(model.KindConflict, "this person is not an active member")
		}
		if m.Role != in.Role {
			switch in.Role { // the person is told what they now do
			case RoleFacilitator:
				text = noteText("notify.group_role_facilitator", "Group", g.Name)
			case RoleCoFacilitator:
				text = noteText("notify.group_role_co_facilitator", "Group", g.Name)
			default:
				text = noteText("notify.group_role_member", "Group", g.Name)
			}
		}
		m.Role = in.Role
	default:
		return &model.Error{Kind: model.KindInvalid, Message: "action must be approve, decline, remove, release or role", Fields: map[string]string{"action": "unknown action"}}
	}
	m.UpdatedAt = now
	err = a.store.InTx(ctx, func(tx store.Store) error {
		if err := tx.SaveGroupMember(ctx, m); err != nil {
			return err
		}
		if text.m.ID == "" {
			return nil
		}
		return a.notifyAt(ctx, tx, userID, "group_"+in.Action, text, "/groups/"+groupID)
	})
	if err != nil {
		return err
	}
	if removed {
		if in.Action == "remove" {
			a.audit(ctx, act.User.ID, userID, "group_member_removed", []string{groupID})
		}
		a.publish(ctx, realtime.Event{Kind: realtime.KindRemoved, Conv: groupID, User: userID})
	}
	return nil
}

// timeLayout is how times are written in API answers.
const timeLayout = time.RFC3339

// dayWindow is the window of daily rate limits.
const dayWindow = 24 * time.Hour
