package app

import (
	"context"
	"time"

	"github.com/kinshiprecovery/kinship/internal/store"
)

// HomeView is what the signed-in home page shows a member about today:
// recovery time, whether they checked in, their groups' next meeting and
// the messages waiting for them.
type HomeView struct {
	Recovery       *RecoveryView `json:"recovery"`
	CheckedInToday bool          `json:"checked_in_today"`
	// Groups counts the groups the member is active in.
	Groups      int          `json:"groups"`
	NextMeeting *NextMeeting `json:"next_meeting,omitempty"`
	// NextCall is the soonest confirmed call of the member's mentorships
	// that has not ended, on their clock; nil when none.
	NextCall *CallView `json:"next_call,omitempty"`
	// Unread lists the threads with unread messages; Requests counts
	// message requests waiting for an answer.
	Unread   []ThreadView `json:"unread"`
	Requests int          `json:"requests"`
	// Zone is the member's time zone, the one the times are shown in.
	Zone *time.Location `json:"-"`
	// own is the zone the member chose, nil when none (Zone is UTC then).
	own *time.Location
}

// OwnZone is the zone the member chose, nil when they have none (the
// page then follows the browser's).
func (h *HomeView) OwnZone() *time.Location { return h.own }

// NextMeeting is the soonest meeting of one of the member's groups that has
// not ended.
type NextMeeting struct {
	GroupID   string    `json:"group_id"`
	GroupName string    `json:"group_name"`
	Title     string    `json:"title"`
	Start     time.Time `json:"start"`
	Started   bool      `json:"started"`
	// Zone is the meeting's own time zone.
	Zone string `json:"time_zone"`
}

// Home gathers the home page for the actor.
func (a *App) Home(ctx context.Context) (*HomeView, error) {
	act, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	// The profile once for the recovery and the zone (it was read three
	// times).
	rec, own, err := a.recoveryOf(ctx)
	if err != nil {
		return nil, err
	}
	zone := own
	if zone == nil {
		zone = time.UTC
	}
	v := &HomeView{Recovery: rec, Zone: zone, own: own, Unread: []ThreadView{}}
	// Today's check-in, from the day just counted in the member's zone
	// (ListCheckins would read the zone again).
	if recent, err := a.loadCheckins(ctx, a.store, act.User.ID, rec.Today); err == nil && len(recent) > 0 && recent[0].Date == rec.Today {
		v.CheckedInToday = true
	}
	names, ms, err := a.homeGroups(ctx, act.User.ID)
	if err != nil {
		return nil, err
	}
	v.Groups = len(names)
	if len(ms) > 0 {
		now := a.now()
		for _, m := range ms {
			s, err := a.series(m, names[m.GroupID])
			if err != nil {
				continue
			}
			for _, o := range s.Occurrences(now.Add(-3*time.Hour), now.AddDate(0, 3, 0), 3) {
				if o.Cancelled || !o.End.After(now) {
					continue
				}
				if v.NextMeeting == nil || o.Start.Before(v.NextMeeting.Start) {
					v.NextMeeting = &NextMeeting{GroupID: m.GroupID, GroupName: names[m.GroupID], Title: m.Title, Start: o.Start, Started: !o.Start.After(now), Zone: m.TimeZone}
				}
				break
			}
		}
	}
	if calls, err := a.MyCalls(ctx); err == nil {
		for i := range calls {
			if calls[i].Status == CallConfirmed {
				v.NextCall = &calls[i]
				break
			}
		}
	}
	// When nothing waits, the inbox would list nothing home shows.
	if a.inboxWaitsNothing(act.User.ID) {
		return v, nil
	}
	if in, err := a.ListInbox(ctx); err == nil {
		v.Requests = len(in.Requests)
		for _, t := range in.Threads {
			if t.Unread > 0 {
				v.Unread = append(v.Unread, t)
			}
		}
	}
	return v, nil
}

// inboxWaitsNothing reports whether this node's kept layout of me
// (layoutCache, a SQLite node's) says that home would show nothing of the
// inbox: no active thread with a message unread and no request with a
// message in it. Home shows the inbox's active threads with unread
// messages and counts its requests; the inbox lists no thread the layout
// does not (the person's active and requested direct-message rows, of
// which it leaves out a blocked person's, a request with nothing in it
// and a thread that is not the person's), and counts their unread
// messages alike. The kept layout is dropped by every write that moves
// it before the writing call returns, and is used only while keptUsable,
// as the page's own layout is: so with it kept and quiet, ListInbox would
// have read nothing home shows, and is not read. Home was the simulator's
// second page, and the inbox's statement (each thread with the other
// person's row, the blocks and the unread count) its largest read. False
// when nothing is kept (a PostgreSQL node, or the layout dropped since
// the person's last page): the inbox is read.
func (a *App) inboxWaitsNothing(me string) bool {
	if !a.keptUsable() {
		return false
	}
	kept, _ := a.layouts.get(me, a.now())
	if kept == nil {
		return false
	}
	for _, d := range kept.dms {
		if d.State == dmActive && d.Unread > 0 || d.State == dmRequest && d.LastSeq > 0 {
			return false
		}
	}
	return true
}

// groupsListed is how many groups a listing of one's groups shows at once
// (ListGroups' page), and so how many home counts and looks at.
const groupsListed = 500

// homeGroups is what home shows of the member's groups: the groups they
// are active in, by id to name, and those groups' live meetings, read in
// one statement (ListMyGroupMeetings). Past groupsListed groups, the newest
// groupsListed of them as ListGroups pages them, read as before.
func (a *App) homeGroups(ctx context.Context, me string) (map[string]string, []*store.GroupMeeting, error) {
	mg, err := a.store.ListMyGroupMeetings(ctx, me)
	if err != nil {
		return nil, nil, err
	}
	if len(mg.Groups) > groupsListed {
		return a.homeGroupsListed(ctx)
	}
	names := make(map[string]string, len(mg.Groups))
	for _, g := range mg.Groups {
		names[g.ID] = g.Name
	}
	return names, mg.Meetings, nil
}

// homeGroupsListed is homeGroups read as home read it before, in two
// statements: the listing of the member's groups (its first page), then
// the meetings of those groups.
func (a *App) homeGroupsListed(ctx context.Context) (map[string]string, []*store.GroupMeeting, error) {
	groups, err := a.ListGroups(ctx, "", true)
	if err != nil {
		return nil, nil, err
	}
	names := map[string]string{}
	var ids []string
	for _, g := range groups {
		if g.MyStatus == "active" && !g.Archived {
			ids = append(ids, g.ID)
			names[g.ID] = g.Name
		}
	}
	if len(ids) == 0 {
		return names, nil, nil
	}
	ms, err := a.store.ListGroupMeetings(ctx, ids)
	return names, ms, err
}

// Today is the start of the actor's day in their own time zone.
func (a *App) Today(ctx context.Context) time.Time {
	loc := time.UTC
	if act := ActorFrom(ctx); act != nil {
		loc = a.location(ctx, act.User.ID)
	}
	n := a.now().In(loc)
	return time.Date(n.Year(), n.Month(), n.Day(), 0, 0, 0, 0, loc)
}
