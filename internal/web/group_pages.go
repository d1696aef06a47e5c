package web

import (
	"html/template"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/model"
)

// groupReportsShown is how many open reports a group's page lists at once,
// most severe first; the next come as these are handled.
const groupReportsShown = 50

// groupsShown is how many groups a page of the directory lists; the
// next page's link follows them.
const groupsShown = 25

// groupMembersShown is how many members a group's page lists at once
// after its facilitators (and, for them, the requests waiting); the next
// page's link follows them.
const groupMembersShown = 25

// groupsData is what the group directory needs.
type groupsData struct {
	Q     string
	Mine  []app.GroupView
	Found []app.GroupView
	// NextURL shows the directory's next page (older groups), NewestURL
	// its first again; "" when there is none. Restarted says the page
	// asked for is gone and this is the first.
	NextURL, NewestURL string
	Restarted          bool
	// NeedMFA: starting a group makes one its facilitator, which needs
	// two-factor login; the page says so before the form.
	NeedMFA bool
	// Feed is the private calendar address just made for all the actor's
	// groups, and Subscribe the same address for a calendar app to open
	// (feedLinks); both "" otherwise.
	Feed      string
	Subscribe template.URL
}

// Groups lists the actor's groups and the directory, with a form to start one.
func (p *Pages) Groups(w http.ResponseWriter, r *http.Request) {
	v := view{}
	switch r.URL.Query().Get("done") {
	case "left":
		v.Notice = p.tr(r, "groups.done_left")
	case "revoked":
		v.Notice = p.tr(r, "groups.done_revoked")
	}
	if feed, _ := p.feedLinks(r); feed != "" {
		v.Notice = p.tr(r, "group.done_feed")
	}
	p.showGroups(w, r, http.StatusOK, v, nil)
}

// showGroups renders the groups page with status, or err's refusal.
func (p *Pages) showGroups(w http.ResponseWriter, r *http.Request, status int, v view, err error) {
	q, after := r.URL.Query().Get("q"), r.URL.Query().Get("after")
	mine, merr := p.app.ListGroups(r.Context(), "", true)
	found, next, restarted, ferr := p.app.GroupsDirectoryAfter(r.Context(), q, after, groupsShown)
	if merr != nil || ferr != nil {
		p.fail(w, r, "message", view{Title: p.tr(r, "groups.title")}, firstErr(merr, ferr))
		return
	}
	d := groupsData{Q: q, Mine: mine, Found: found, Restarted: restarted, NeedMFA: !app.ActorFrom(r.Context()).User.MFAEnabled}
	d.Feed, d.Subscribe = p.feedLinks(r)
	at := func(after string) string { return pageAt("/groups", "find", "q", q, after) }
	if next != "" {
		d.NextURL = at(next)
	}
	if after != "" && !restarted {
		d.NewestURL = at("")
	}
	v.Title, v.Data = p.tr(r, "groups.title"), d
	if err != nil {
		p.fail(w, r, "groups", v, err)
		return
	}
	p.render(w, r, status, "groups", v)
}

// pageAt is the address of a page of a list at path that continues
// after the item after ("" for its first), with the words looked for
// (q, "" for none) under the query key, ending at the list's fragment.
func pageAt(path, fragment, key, q, after string) string {
	v := url.Values{}
	if q != "" {
		v.Set(key, q)
	}
	if after != "" {
		v.Set("after", after)
	}
	if len(v) == 0 {
		return path + "#" + fragment
	}
	return path + "?" + v.Encode() + "#" + fragment
}

func firstErr(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}

// CreateGroup starts a group led by the actor.
func (p *Pages) CreateGroup(w http.ResponseWriter, r *http.Request) {
	f := form(r, "name", "description", "guidelines", "visibility")
	name, desc, guide, vis := f["name"], f["description"], f["guidelines"], f["visibility"]
	g, err := p.app.CreateGroup(r.Context(), app.GroupInput{Name: &name, Description: &desc, Guidelines: &guide, Visibility: &vis})
	if app.MFANeededBy(err) == "facilitator" {
		// Refused before two-factor login: the form keeps what was written,
		// and the set-up opens in a new tab beside it (walk13 W13-9: the
		// page that explained it left the words behind).
		p.showGroups(w, r, http.StatusForbidden, view{Form: f, Error: p.tr(r, "groups.start_refused")}, nil)
		return
	}
	if err != nil {
		p.showGroups(w, r, http.StatusOK, view{Form: f}, err)
		return
	}
	p.done(w, r, "/groups/"+g.ID+"?done=created")
}

// groupData is what a group's page needs.
type groupData struct {
	Group    *app.GroupView
	Members  []app.MemberView
	Meetings []app.GroupMeetingView
	Leader   bool
	Member   bool
	// Feed is the private calendar address just made, Subscribe the same
	// for a calendar app to open (feedLinks); both "" otherwise.
	Feed      string
	Subscribe template.URL
	Weekdays  []option
	// Reports are the open reports of the group's messages, for its
	// leaders: the first groupReportsShown, most severe first; MoreReports
	// says more wait after them.
	Reports     []app.ReportView
	MoreReports bool
	// Pronouns are the facilitators' and co-facilitators' pronouns as the
	// viewer may see them, by user ID: their role is named after their
	// name in the form they gave ("facilitadora"), else without gender.
	Pronouns map[string]model.Pronoun
	// MyPronoun is the viewer's own, for "you are its facilitator".
	MyPronoun model.Pronoun
	// Leaders are whom a person removed from the group may write to if
	// they would like to return: its facilitators and co-facilitators.
	Leaders []app.MemberView
	// NewGroup is set on the page a new group opens on, whose notice says
	// to schedule its first meeting below: the form is open there.
	NewGroup bool
	// Members above are the group's facilitators, the requests waiting
	// (for them) and a page of the other members (app.GroupPeoplePage),
	// or the page of those whose name has MemberQ. MembersNextURL shows
	// the next page, MembersFirstURL the first again (or, after a search,
	// everyone); "" when there is none. MembersRestarted says the page
	// asked for is gone and this is the first; MoreRequests, that more
	// requests wait after those listed. MembersPaged: the group is longer
	// than a page, so its page offers to find a member by name.
	MemberQ                         string
	MembersNextURL, MembersFirstURL string
	MembersRestarted, MoreRequests  bool
	MembersPaged                    bool
}

// Group shows a group: about, guidelines, joining, meetings and members.
func (p *Pages) Group(w http.ResponseWriter, r *http.Request) {
	v := view{}
	switch r.URL.Query().Get("done") {
	case "created":
		v.Notice = p.tr(r, "group.done_created")
	case "joined":
		v.Notice = p.tr(r, "group.done_joined")
	case "requested":
		v.Notice = p.tr(r, "group.done_requested")
	case "scheduled":
		v.Notice = p.tr(r, "group.done_scheduled")
	case "saved":
		v.Notice = p.tr(r, "group.done_saved")
	case "member_approve":
		v.Notice = p.tr(r, "group.done_member_approve")
	case "member_decline":
		v.Notice = p.tr(r, "group.done_member_decline")
	case "member_remove":
		v.Notice = p.tr(r, "group.done_member_remove")
		if f, ok := p.takeFlash(w, r, "group"); ok && f.Done == "member_remove" && f.Person != "" {
			id := pronounID(p.app.PronounOf(r.Context(), f.Person), "group.done_member_remove_named", "group.done_member_remove_named_she",
				"group.done_member_remove_named_he")
			v.Notice = p.tr(r, id, "Name", p.app.DisplayName(r.Context(), f.Person))
		}
	case "member_release":
		v.Notice = p.tr(r, "group.done_member_release")
	case "guidelines":
		v.Notice = p.tr(r, "group.done_guidelines")
	case "cancelled":
		v.Notice = p.tr(r, "group.done_cancelled")
	case "moved":
		v.Notice = p.tr(r, "group.done_moved")
	case "feed":
		v.Notice = p.tr(r, "group.done_feed")
	case "report_hidden":
		v.Notice = p.tr(r, "group.done_report_hidden")
	case "report_dismissed":
		v.Notice = p.tr(r, "group.done_report_dismissed")
	}
	p.showGroup(w, r, v, nil)
}

func (p *Pages) showGroup(w http.ResponseWriter, r *http.Request, v view, err error) {
	id := r.PathValue("id")
	g, gerr := p.app.GetGroup(r.Context(), id)
	if gerr != nil {
		p.fail(w, r, "message", view{Title: p.tr(r, "group.title")}, gerr)
		return
	}
	var mine model.Pronoun // the viewer's own role is named as their pronouns say ("eres su facilitadora")
	if act := app.ActorFrom(r.Context()); act != nil {
		mine = p.app.PronounOf(r.Context(), act.User.ID)
	}
	d := groupData{Group: g, MyPronoun: mine, Member: g.MyStatus == "active", Leader: g.MyRole == app.RoleFacilitator || g.MyRole == app.RoleCoFacilitator, NewGroup: r.URL.Query().Get("done") == "created", Weekdays: weekdayOptionsIn(p.viewerLang(r))}
	d.Feed, d.Subscribe = p.feedLinks(r)
	if d.Member {
		p.groupPeople(r, id, &d)
		d.Pronouns = map[string]model.Pronoun{}
		for _, m := range d.Members {
			if m.Role == app.RoleFacilitator || m.Role == app.RoleCoFacilitator {
				d.Pronouns[m.UserID] = p.app.PronounOf(r.Context(), m.UserID)
			}
		}
	}
	if g.MyStatus == "removed" {
		d.Leaders, _ = p.app.LeadersToAsk(r.Context(), id)
	}
	if d.Leader {
		reports, next, _ := p.app.GroupReports(r.Context(), id, app.PageRequest{Limit: groupReportsShown})
		d.Reports, d.MoreReports = reports, !next.IsZero()
	}
	d.Meetings, _ = p.app.ListGroupMeetings(r.Context(), id)
	v.Title, v.Data = g.Name, d
	p.show(w, r, "group", v, err)
}

// groupPeople fills a group's page's list of people: its facilitators,
// the requests waiting (for them) and a page of its members, or of those
// found by name, with the links to the pages next to it. A list that
// could not be read is left empty, as the whole list was before.
func (p *Pages) groupPeople(r *http.Request, id string, d *groupData) {
	q := r.URL.Query()
	name, after := strings.TrimSpace(q.Get("member")), q.Get("after")
	people, err := p.app.GroupPeoplePage(r.Context(), id, name, after, groupMembersShown)
	if err != nil {
		return
	}
	d.MemberQ, d.MembersRestarted, d.MoreRequests = name, people.Restarted, people.MoreRequests
	d.Members = append(append(append(d.Members, people.Leaders...), people.Requests...), people.Members...)
	at := func(after string) string { return pageAt("/groups/"+id, "members", "member", name, after) }
	if people.Next != "" {
		d.MembersNextURL = at(people.Next)
	}
	switch {
	case name != "":
		d.MembersFirstURL = "/groups/" + id + "#members"
	case after != "" && !people.Restarted:
		d.MembersFirstURL = at("")
	}
	d.MembersPaged = people.Next != "" || d.MembersFirstURL != "" || people.Restarted
}

func (p *Pages) groupAction(w http.ResponseWriter, r *http.Request, done string, f map[string]string, act func() error) {
	if err := act(); err != nil {
		p.showGroup(w, r, view{Form: f}, err)
		return
	}
	p.done(w, r, "/groups/"+r.PathValue("id")+"?done="+done)
}

// JoinGroup joins, or asks to join, a group.
func (p *Pages) JoinGroup(w http.ResponseWriter, r *http.Request) {
	f := form(r, "accept_guidelines")
	var g *app.GroupView
	err := func() (err error) {
		g, err = p.app.JoinGroup(r.Context(), r.PathValue("id"), f["accept_guidelines"] == "yes")
		return err
	}()
	if err != nil {
		p.showGroup(w, r, view{Form: f}, err)
		return
	}
	done := "joined"
	if g.MyStatus == "requested" {
		done = "requested"
	}
	http.Redirect(w, r, "/groups/"+g.ID+"?done="+done, http.StatusSeeOther)
}

// LeaveGroup leaves a group.
func (p *Pages) LeaveGroup(w http.ResponseWriter, r *http.Request) {
	if err := p.app.LeaveGroup(r.Context(), r.PathValue("id")); err != nil {
		p.showGroup(w, r, view{}, err)
		return
	}
	http.Redirect(w, r, "/groups?done=left", http.StatusSeeOther)
}

// EditGroup saves a group's details.
func (p *Pages) EditGroup(w http.ResponseWriter, r *http.Request) {
	f := form(r, "name", "description", "guidelines", "visibility")
	// Only what the form sent changes: the group page's guidelines form
	// sends the guidelines alone.
	sent := func(key string) *string {
		if !r.PostForm.Has(key) {
			return nil
		}
		v := f[key]
		return &v
	}
	in := app.GroupInput{Name: sent("name"), Description: sent("description"), Guidelines: sent("guidelines"), Visibility: sent("visibility")}
	done := "saved"
	if in.Guidelines != nil && in.Name == nil {
		done = "guidelines"
	}
	p.groupAction(w, r, done, f, func() error {
		_, err := p.app.UpdateGroup(r.Context(), r.PathValue("id"), in)
		return err
	})
}

// ArchiveGroup archives a group.
func (p *Pages) ArchiveGroup(w http.ResponseWriter, r *http.Request) {
	p.groupAction(w, r, "saved", nil, func() error { return p.app.ArchiveGroup(r.Context(), r.PathValue("id")) })
}

// ManageMember approves, declines, removes or changes the role of a member.
func (p *Pages) ManageMember(w http.ResponseWriter, r *http.Request) {
	f := form(r, "action", "reason", "role")
	// Each outcome says what happened, not "Saved.": the facilitator who
	// removed someone reads that they are told the reason.
	done := "saved"
	switch f["action"] {
	case "approve", "decline", "remove", "release":
		done = "member_" + f["action"]
	}
	p.groupAction(w, r, done, f, func() error {
		err := p.app.ManageGroupMember(r.Context(), r.PathValue("id"), r.PathValue("user"), app.ManageMember{Action: f["action"], Reason: f["reason"], Role: f["role"]})
		if err == nil && done == "member_remove" {
			// The notice names whom they removed (W9-5), kept out of the address.
			if act := app.ActorFrom(r.Context()); act != nil {
				p.setFlash(w, act.Session.ID, flash{Kind: "group", Done: done, Person: r.PathValue("user")})
			}
		}
		return err
	})
}

// GroupReport is a facilitator's decision on a report of a message in
// their group: hide the message with a reason, or dismiss the report.
func (p *Pages) GroupReport(w http.ResponseWriter, r *http.Request) {
	f := form(r, "action", "reason")
	f["report"] = r.PathValue("report")
	if _, err := p.app.ActOnGroupReport(r.Context(), r.PathValue("id"), f["report"], f["action"], f["reason"]); err != nil {
		p.showGroup(w, r, view{Form: f}, err)
		return
	}
	done := "report_dismissed"
	if f["action"] == "hide" {
		done = "report_hidden"
	}
	http.Redirect(w, r, "/groups/"+r.PathValue("id")+"?done="+done+"#reports", http.StatusSeeOther)
}

// ScheduleMeeting schedules a group meeting from the form.
func (p *Pages) ScheduleMeeting(w http.ResponseWriter, r *http.Request) {
	f := form(r, "title", "start_local", "time_zone", "duration_minutes", "freq", "interval", "month_week", "online_url", "place")
	_ = r.ParseForm()
	in := app.MeetingInput{Title: f["title"], StartLocal: f["start_local"], TimeZone: f["time_zone"], OnlineURL: f["online_url"], Place: f["place"],
		Recurrence: &app.RecurrenceInput{Freq: f["freq"], Weekdays: r.PostForm["weekdays"]}}
	if in.Recurrence.Freq == "weekly" && len(in.Recurrence.Weekdays) == 0 {
		// Weekly with no day ticked meets on its first date's day: Dana
		// set the first meeting on Tuesday 8 December, weekly, and read
		// "Pick at least one day of the week" (walk11 W11-6).
		if t, err := time.Parse("2006-01-02T15:04", in.StartLocal); err == nil {
			in.Recurrence.Weekdays = []string{weekdayCodes[t.Weekday()]}
		}
	}
	for _, d := range in.Recurrence.Weekdays {
		f["wd-"+d] = "on" // ticked days stay ticked after an error
	}
	fe := model.FieldErrors{}
	in.DurationMinutes = wholeNumber(fe, f, "duration_minutes", 0, p.tr(r, "group.err_duration"))
	in.Recurrence.Interval = wholeNumber(fe, f, "interval", 0, p.tr(r, "group.err_interval"))
	in.Recurrence.MonthWeek = wholeNumber(fe, f, "month_week", 0, p.tr(r, "group.err_month_week"))
	p.groupAction(w, r, "scheduled", f, func() error {
		if err := fe.Err(); err != nil {
			return err
		}
		_, err := p.app.CreateGroupMeeting(r.Context(), r.PathValue("id"), in)
		return err
	})
}

// meetingAction runs an action on one meeting and returns to its group,
// whose page says done (a group.done_* notice).
func (p *Pages) meetingAction(w http.ResponseWriter, r *http.Request, done string, act func(f map[string]string) error) {
	f := form(r, "group_id", "occurrence", "status", "attended", "start_local")
	group := f["group_id"]
	if err := act(f); err != nil {
		r.SetPathValue("id", group)
		p.showGroup(w, r, view{}, err)
		return
	}
	http.Redirect(w, r, "/groups/"+group+"?done="+done+"#meetings", http.StatusSeeOther)
}

// RSVP answers for one meeting date, or marks attendance.
func (p *Pages) RSVP(w http.ResponseWriter, r *http.Request) {
	p.meetingAction(w, r, "saved", func(f map[string]string) error {
		var attended *bool
		if f["attended"] != "" {
			a := f["attended"] == "yes"
			attended = &a
		}
		return p.app.RSVP(r.Context(), r.PathValue("id"), f["occurrence"], f["status"], attended)
	})
}

// CancelOccurrence cancels one meeting date.
func (p *Pages) CancelOccurrence(w http.ResponseWriter, r *http.Request) {
	p.meetingAction(w, r, "cancelled", func(f map[string]string) error {
		return p.app.ChangeOccurrence(r.Context(), r.PathValue("id"), f["occurrence"], "", true)
	})
}

// MoveOccurrence moves one meeting date to a new start, written where the
// meeting is held; its members are told.
func (p *Pages) MoveOccurrence(w http.ResponseWriter, r *http.Request) {
	p.meetingAction(w, r, "moved", func(f map[string]string) error {
		return p.app.ChangeOccurrence(r.Context(), r.PathValue("id"), f["occurrence"], f["start_local"], false)
	})
}

// feedLinks reads the private calendar address a page was sent back with
// (?feed=, from CalendarFeed) and gives it to show and, as webcal:, for a
// phone's calendar app to subscribe to when tapped; only an address of this
// Kinship's own calendar, so that no link can make the page offer a
// stranger's.
func (p *Pages) feedLinks(r *http.Request) (string, template.URL) {
	feed := r.URL.Query().Get("feed")
	u, err := url.Parse(feed)
	own, berr := url.Parse(p.opts.BaseURL)
	if feed == "" || err != nil || berr != nil || u.Host == "" || u.Host != own.Host || u.Scheme != own.Scheme ||
		u.RawQuery != "" || u.Fragment != "" || !calendarPath.MatchString(u.Path) {
		return "", ""
	}
	return feed, template.URL("webcal://" + u.Host + u.EscapedPath())
}

// calendarPath is a private calendar address's path (app.CreateCalendarFeed).
var calendarPath = regexp.MustCompile(`^/calendar/[A-Za-z0-9_-]+\.ics$`)

// CalendarFeed makes a private calendar address for one group (or all).
func (p *Pages) CalendarFeed(w http.ResponseWriter, r *http.Request) {
	f := form(r, "group_id")
	feed, err := p.app.CreateCalendarFeed(r.Context(), f["group_id"])
	if err != nil {
		p.fail(w, r, "message", view{Title: p.tr(r, "groups.calendar_title")}, err)
		return
	}
	if f["group_id"] == "" {
		http.Redirect(w, r, "/groups?feed="+urlQuery(feed.URL)+"#calendar", http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, "/groups/"+f["group_id"]+"?done=feed&feed="+urlQuery(feed.URL)+"#calendar", http.StatusSeeOther)
}

// RevokeCalendarFeeds turns off every private calendar address.
func (p *Pages) RevokeCalendarFeeds(w http.ResponseWriter, r *http.Request) {
	if err := p.app.RevokeCalendarFeeds(r.Context()); err != nil {
		p.fail(w, r, "message", view{Title: p.tr(r, "groups.calendar_title")}, err)
		return
	}
	http.Redirect(w, r, "/groups?done=revoked", http.StatusSeeOther)
}
