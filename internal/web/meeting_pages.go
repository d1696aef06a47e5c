package web

import (
	"net/http"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/geo"
	"github.com/kinshiprecovery/kinship/internal/importer"
	"github.com/kinshiprecovery/kinship/internal/model"
)

// finderData is what the meeting finder page needs.
type finderData struct {
	Meetings []app.FoundMeeting
	Zone     string
	Within   int
	Attend   string
	Types    []option
	Chosen   map[string]bool
	Zones    []string
	TZ       string
	Q        string
	Near     string
}

// Meetings is the public meeting finder: soonest first, in the viewer's
// time zone, with format and audience filters. No data about members.
func (p *Pages) Meetings(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	within := 2
	if v := q.Get("within"); v != "" {
		if n, ok := model.ParseWhole(v, 0, 24*7); ok {
			within = n
		} else {
			within = -1 // the finder names the range
		}
	}
	chosen := map[string]bool{}
	for _, t := range q["type"] {
		chosen[t] = true
	}
	fq := app.FinderQuery{WithinHours: within, Day: -1, Text: q.Get("q"), Attendance: q.Get("attendance"), Types: q["type"], TimeZone: q.Get("tz"), Limit: 50}
	var err error
	if near := q.Get("near"); near != "" {
		var pt geo.Point
		if pt, err = p.app.Geocode(r.Context(), near); err == nil {
			fq.Near = &pt
		}
	}
	var ms []app.FoundMeeting
	var zone string
	if err == nil {
		ms, zone, err = p.app.FindMeetings(r.Context(), fq)
	}
	d := finderData{Meetings: ms, Zone: zone, Within: within, Attend: q.Get("attendance"), Chosen: chosen, Zones: timeZones, TZ: q.Get("tz"), Q: q.Get("q"), Near: q.Get("near")}
	for _, c := range app.FinderTypes {
		d.Types = append(d.Types, option{Value: c, Label: importer.TypeNames[c]["en"]})
	}
	v := view{Title: "Find a meeting", Data: d}
	if err != nil {
		d.Meetings = nil
		v.Data = d
		p.fail(w, r, "meetings", v, err)
		return
	}
	p.render(w, r, http.StatusOK, "meetings", v)
}

// MeetingDetail shows one meeting: when in the viewer's zone, how to join
// or get there, and a calendar file.
func (p *Pages) MeetingDetail(w http.ResponseWriter, r *http.Request) {
	m, err := p.app.DirectoryMeeting(r.Context(), r.PathValue("source"), r.PathValue("slug"))
	if err != nil {
		p.fail(w, r, "message", view{Title: "Meeting"}, err)
		return
	}
	found, _, _ := p.app.FindMeetings(r.Context(), app.FinderQuery{Day: -1, Text: m.Name})
	var next *app.FoundMeeting
	for i := range found {
		if found[i].Source == m.Source && found[i].Slug == m.Slug {
			next = &found[i]
		}
	}
	p.render(w, r, http.StatusOK, "meeting", view{Title: m.Name, Data: struct {
		M    any
		Next *app.FoundMeeting
	}{m, next}})
}
