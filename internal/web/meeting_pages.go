package web

import (
	"net/http"
	"strconv"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/importer"
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
}

// Meetings is the public meeting finder: soonest first, in the viewer's
// time zone, with format and audience filters. No data about members.
func (p *Pages) Meetings(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	within := 2
	if v := q.Get("within"); v != "" {
		within, _ = strconv.Atoi(v)
	}
	chosen := map[string]bool{}
	for _, t := range q["type"] {
		chosen[t] = true
	}
	ms, zone, err := p.app.FindMeetings(r.Context(), app.FinderQuery{WithinHours: within, Day: -1, Text: q.Get("q"), Attendance: q.Get("attendance"), Types: q["type"], TimeZone: q.Get("tz")})
	d := finderData{Meetings: ms, Zone: zone, Within: within, Attend: q.Get("attendance"), Chosen: chosen, Zones: timeZones, TZ: q.Get("tz"), Q: q.Get("q")}
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
