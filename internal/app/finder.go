package app

import (
	"context"
	"errors"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/kinshiprecovery/kinship/internal/geo"
	"github.com/kinshiprecovery/kinship/internal/importer"
	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/store"
	"github.com/kinshiprecovery/kinship/internal/zones"
)

// FinderQuery is what a person looks for in the meeting finder.
type FinderQuery struct {
	WithinHours int      // only meetings starting within this many hours (or going on now); 0 for any time
	Day         int      // -1 for any day, else 0 (Sunday) … 6, in the viewer's zone
	Attendance  string   // "", in_person, online or hybrid
	Types       []string // every code must be present, e.g. W, LGBTQ, S, BE, A, X
	Text        string   // words to find in the name, location, address or region
	TimeZone    string   // the viewer's zone for showing times; "" uses theirs or UTC
	Near        *geo.Point
	RadiusKm    float64 // with Near: in-person meetings farther than this are left out (online ones stay)
	ByDistance  bool    // with Near: nearest first instead of soonest first
	Limit       int     // default and most 200; -1 for every match (the API pages them)
	// From and To, when set, keep meetings starting in [From, To) (and,
	// when From is now or earlier, those going on now); WithinHours is
	// then not used.
	From, To time.Time
	// ClockFrom and ClockTo, minutes after midnight in the viewer's zone,
	// keep meetings starting in that time of day; -1 (or both 0) for any.
	ClockFrom, ClockTo int
	Offset             int // skip this many (for pages of results)
	// Source and Slug, when set, keep only that one meeting.
	Source, Slug string
}

// FinderPage is one page of a search, with how many matched in all.
type FinderPage struct {
	Meetings []FoundMeeting
	Total    int
	Zone     string
}

// FoundMeeting is a meeting with its next start in the viewer's zone.
type FoundMeeting struct {
	store.DirectoryMeeting
	TypeNames  []string  `json:"type_names"`
	Next       time.Time `json:"next_start"`
	NextLocal  string    `json:"next_start_local"`
	Now        bool      `json:"in_progress"`
	DistanceKm *float64  `json:"distance_km,omitempty"`
	// MonthWeeks says, from the feed's words, that the meeting is held on
	// some weeks of the month only; next_start is then a date it is held
	// (when the words say which weeks).
	MonthWeeks *importer.MonthWeeks `json:"month_weeks,omitempty" doc:"the feed's words say the meeting is held on some weeks of the month only (or not on some): next_start is a date it is held when weeks says which, and in_progress is never true when they do not (every other week)"`
}

// FinderTypes are the audience and format filters the finder offers.
var FinderTypes = []string{"W", "M", "LGBTQ", "Y", "S", "BE", "A", "X", "O"}

// FindMeetings lists active directory meetings that match, soonest first
// (or nearest first). Anyone may search. Errors: invalid.
func (a *App) FindMeetings(ctx context.Context, q FinderQuery) ([]FoundMeeting, string, error) {
	pg, err := a.FindMeetingsPage(ctx, q)
	if err != nil {
		return nil, "", err
	}
	return pg.Meetings, pg.Zone, nil
}

// FindMeetingsPage is FindMeetings with the total count, for paging.
func (a *App) FindMeetingsPage(ctx context.Context, q FinderQuery) (*FinderPage, error) {
	ms, zone, total, err := a.findMeetings(ctx, q)
	if err != nil {
		return nil, err
	}
	return &FinderPage{Meetings: ms, Total: total, Zone: zone}, nil
}

func (a *App) findMeetings(ctx context.Context, q FinderQuery) ([]FoundMeeting, string, int, error) {
	if q.WithinHours < 0 || q.WithinHours > 24*7 {
		return nil, "", 0, &model.Error{Kind: model.KindInvalid, Message: "within_hours is 0 (any time) to 168", Fields: map[string]string{"within_hours": "use 0 to 168"}}
	}
	if q.Day < -1 || q.Day > 6 {
		return nil, "", 0, &model.Error{Kind: model.KindInvalid, Message: "day is 0 (Sunday) to 6 (Saturday)", Fields: map[string]string{"day": "use 0 to 6"}}
	}
	if q.Near != nil && !q.Near.Valid() {
		return nil, "", 0, &model.Error{Kind: model.KindInvalid, Message: "lat is -90 to 90 and lng -180 to 180", Fields: map[string]string{"lat": "out of range"}}
	}
	if q.Attendance != "" && q.Attendance != importer.InPerson && q.Attendance != importer.Online && q.Attendance != importer.Hybrid {
		return nil, "", 0, &model.Error{Kind: model.KindInvalid, Message: "attendance is in_person, online or hybrid", Fields: map[string]string{"attendance": "use in_person, online or hybrid"}}
	}
	if q.RadiusKm <= 0 {
		q.RadiusKm = 40
	}
	text := strings.ToLower(strings.TrimSpace(q.Text))
	viewer := time.UTC
	if act := ActorFrom(ctx); act != nil {
		viewer = a.location(ctx, act.User.ID)
	}
	if q.TimeZone != "" {
		name, ok := zones.Parse(q.TimeZone)
		loc, err := loadZone(name)
		if !ok || err != nil {
			return nil, "", 0, &model.Error{Kind: model.KindInvalid, Message: "choose a time zone from the list, or write a city or a name like Pacific or Eastern", Fields: map[string]string{"time_zone": "unknown time zone"}}
		}
		viewer = loc
	}
	for _, t := range q.Types {
		if _, ok := importer.TypeNames[t]; !ok {
			return nil, "", 0, errSay(model.KindInvalid, "apperrf.meeting_type_unknown", "Type", t).WithField("type", say("apperrf.meeting_type_unknown_field", "Type", t))
		}
	}
	mc, err := a.meetingIndex(ctx)
	if err != nil {
		return nil, "", 0, err
	}
	now := a.now()
	from := now
	window := !q.From.IsZero() && !q.To.IsZero()
	if window && q.From.After(now) {
		from = q.From
	}
	clock := q.ClockFrom >= 0 && q.ClockTo >= 0 && (q.ClockFrom != 0 || q.ClockTo != 0)
	out := []FoundMeeting{}
	consider := func(i int, dist *float64) {
		m := mc.list[i]
		if q.Source != "" && (m.Source != q.Source || m.Slug != q.Slug) {
			return
		}
		if m.Day < 0 || m.Attendance == importer.Inactive || (q.Attendance != "" && m.Attendance != q.Attendance) || !hasAll(m.Types, q.Types) {
			return
		}
		if text != "" && !strings.Contains(strings.ToLower(m.Name+" "+m.Location+" "+m.Address+" "+m.Region), text) {
			return
		}
		weeks := mc.weeks[i]
		start, end, ok := nextHeld(m, weeks, from)
		if !ok {
			return
		}
		if q.Day >= 0 && int(start.In(viewer).Weekday()) != q.Day {
			return
		}
		inProgress := !now.Before(start) && now.Before(end)
		if weeks != nil && len(weeks.Weeks) == 0 {
			inProgress = false // every other week: this one may not be it
		}
		switch {
		case window:
			// Going on now counts only for a window that starts now.
			if (start.Before(from) && !(inProgress && !q.From.After(now))) || !start.Before(q.To) {
				return
			}
		case q.WithinHours > 0 && !inProgress && start.Sub(now) > time.Duration(q.WithinHours)*time.Hour:
			return
		}
		if clock {
			local := start.In(viewer)
			mins := local.Hour()*60 + local.Minute()
			if q.ClockFrom <= q.ClockTo && (mins < q.ClockFrom || mins >= q.ClockTo) {
				return
			}
			if q.ClockFrom > q.ClockTo && mins < q.ClockFrom && mins >= q.ClockTo { // across midnight
				return
			}
		}
		f := FoundMeeting{DirectoryMeeting: m, Next: start, NextLocal: start.In(viewer).Format("Mon 2 Jan, 15:04 MST"), Now: inProgress, DistanceKm: dist,
			MonthWeeks: weeks}
		for _, t := range m.Types {
			f.TypeNames = append(f.TypeNames, importer.TypeNames[t]["en"])
		}
		out = append(out, f)
	}
	if q.Near == nil {
		for i := range mc.list {
			consider(i, nil)
		}
	} else {
		// Places within the radius come from the spatial index; meetings
		// with no place to go (online) are near everyone.
		seen := map[int]bool{}
		mc.index.Within(*q.Near, q.RadiusKm, func(j int, km float64) {
			i := mc.located[j]
			seen[i] = true
			consider(i, &km)
		})
		if q.Attendance != importer.InPerson {
			for _, i := range mc.online {
				if !seen[i] {
					consider(i, nil)
				}
			}
		}
	}
	if q.ByDistance && q.Near != nil {
		// Meetings equally near (the same place, or both online) come
		// soonest first: walk4 read a venue's Sunday meetings as 11:45,
		// 10:00, 07:00, 18:00, the order the index gave them.
		sort.SliceStable(out, func(i, j int) bool {
			di, dj := out[i].DistanceKm, out[j].DistanceKm
			switch {
			case di == nil && dj == nil:
			case di == nil:
				return false
			case dj == nil:
				return true
			case *di != *dj:
				return *di < *dj
			}
			return out[i].Next.Before(out[j].Next)
		})
	} else {
		sort.SliceStable(out, func(i, j int) bool { return out[i].Next.Before(out[j].Next) })
	}
	if q.Limit == 0 || q.Limit > 200 {
		q.Limit = 200
	}
	total := len(out)
	if q.Offset > 0 {
		out = out[min(q.Offset, len(out)):]
	}
	if q.Limit > 0 && len(out) > q.Limit {
		out = out[:q.Limit]
	}
	return out, viewer.String(), total, nil
}

// meetingCache holds active meetings and a spatial index of those with a
// place, reloaded when an import changes them.
type meetingCache struct {
	mu      sync.Mutex
	version int64
	snap    *meetingSnapshot // replaced whole on reload, never changed
}

// meetingSnapshot is one loaded state of the meeting directory.
type meetingSnapshot struct {
	list    []store.DirectoryMeeting
	weeks   []*importer.MonthWeeks // by list position: the weeks of the month its words say it is held, or nil
	located []int                  // index position → list position
	online  []int                  // list positions of meetings one can join online without a place
	index   *geo.Index
}

func (a *App) meetingIndex(ctx context.Context) (*meetingSnapshot, error) {
	v, err := a.store.DirectoryVersion(ctx, "directory_meetings")
	if err != nil {
		return nil, err
	}
	c := &a.meetings
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.snap != nil && c.version == v {
		return c.snap, nil
	}
	ms, err := a.store.ListMeetings(ctx, -2, "", 1<<30)
	if err != nil {
		return nil, err
	}
	var pts []geo.Point
	var located, online []int
	weeks := make([]*importer.MonthWeeks, len(ms))
	for i, m := range ms {
		if w, ok := importer.ReadMonthWeeks(m.Name, m.Notes, time.Weekday(m.Day)); ok && m.Day >= 0 {
			weeks[i] = &w
		}
		if m.Latitude != nil && m.Longitude != nil && m.Attendance != importer.Online {
			pts = append(pts, geo.Point{Lat: *m.Latitude, Lng: *m.Longitude})
			located = append(located, i)
		} else if m.Attendance == importer.Online || m.Attendance == importer.Hybrid {
			online = append(online, i)
		}
	}
	c.snap = &meetingSnapshot{list: ms, weeks: weeks, located: located, online: online, index: geo.NewIndex(pts)}
	c.version = v
	return c.snap, nil
}

func hasAll(have, want []string) bool {
	for _, w := range want {
		found := false
		for _, h := range have {
			if strings.EqualFold(h, w) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// nextOccurrence is the start and end of the meeting now in progress, or
// else the next one, on its weekday and wall-clock time in its own zone.
func nextOccurrence(m store.DirectoryMeeting, now time.Time) (start, end time.Time, ok bool) {
	loc, err := loadZone(m.TimeZone)
	if err != nil {
		return start, end, false
	}
	st, err1 := time.Parse("15:04", m.Time)
	et, err2 := time.Parse("15:04", m.EndTime)
	if err1 != nil || err2 != nil {
		return start, end, false
	}
	dur := et.Sub(st)
	if dur <= 0 {
		dur += 24 * time.Hour
	}
	local := now.In(loc)
	delta := (m.Day - int(local.Weekday()) + 7) % 7
	for _, d := range []int{delta - 7, delta, delta + 7} {
		s := time.Date(local.Year(), local.Month(), local.Day()+d, st.Hour(), st.Minute(), 0, 0, loc)
		if s.Add(dur).After(now) {
			return s, s.Add(dur), true
		}
	}
	return start, end, false
}

// nextHeld is nextOccurrence on a date the meeting is held, as far as its
// feed's words about the weeks of the month say (w, nil when they say
// nothing); a few weeks ahead at most.
func nextHeld(m store.DirectoryMeeting, w *importer.MonthWeeks, now time.Time) (start, end time.Time, ok bool) {
	from := now
	for range 6 {
		start, end, ok = nextOccurrence(m, from)
		if !ok || w == nil {
			return start, end, ok
		}
		if held, _ := w.Held(start); held {
			return start, end, true
		}
		from = end
	}
	return start, end, false
}

var zoneCache sync.Map // name → *time.Location; LoadLocation reads the zone database each time

// errServerClock refuses "Local": the server's own clock is no one's zone.
var errServerClock = errors.New(`"Local" is the server's clock, not a time zone`)

// loadZone loads an IANA zone ("" is UTC), kept once loaded. "Local" is
// refused: a stored profile naming it (written before profiles refused
// it) would show a person the server's clock.
func loadZone(name string) (*time.Location, error) {
	if name == "Local" {
		return nil, errServerClock
	}
	if l, ok := zoneCache.Load(name); ok {
		return l.(*time.Location), nil
	}
	l, err := time.LoadLocation(name)
	if err == nil {
		zoneCache.Store(name, l)
	}
	return l, err
}
