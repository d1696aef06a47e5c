package app

import (
	"context"
	"time"
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
	groups, err := a.ListGroups(ctx, "", true)
	if err != nil {
		return nil, err
	}
	var ids []string
	names := map[string]string{}
	for _, g := range groups {
		if g.MyStatus == "active" && !g.Archived {
			ids = append(ids, g.ID)
			names[g.ID] = g.Name
		}
	}
	v.Groups = len(ids)
	if len(ids) > 0 {
		ms, err := a.store.ListGroupMeetings(ctx, ids)
		if err != nil {
			return nil, err
		}
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

// Today is the start of the actor's day in their own time zone.
func (a *App) Today(ctx context.Context) time.Time {
	loc := time.UTC
	if act := ActorFrom(ctx); act != nil {
		loc = a.location(ctx, act.User.ID)
	}
	n := a.now().In(loc)
	return time.Date(n.Year(), n.Month(), n.Day(), 0, 0, 0, 0, loc)
}
