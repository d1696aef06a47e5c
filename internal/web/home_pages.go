package web

import (
	"github.com/kinshiprecovery/kinship/internal/i18n"
	"mime"
	"net/http"
	"time"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/zones"
)

func init() { _ = mime.AddExtensionType(".webmanifest", "application/manifest+json") }

// More lists every place that is not a tab, and the role-specific ones.
func (p *Pages) More(w http.ResponseWriter, r *http.Request) {
	p.render(w, r, http.StatusOK, "more", view{Title: p.tr(r, "more.title")})
}

// Favicon answers browsers that ask for /favicon.ico without reading the
// page's icon links.
func (p *Pages) Favicon(w http.ResponseWriter, r *http.Request) {
	serveEmbedded(w, r, "static/icon-32.png", "image/png", "public, max-age=86400")
}

// serveEmbedded answers with one embedded file outside /static/.
func serveEmbedded(w http.ResponseWriter, r *http.Request, name, contentType, cacheControl string) {
	b, err := staticFS.ReadFile(name)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Cache-Control", cacheControl)
	_, _ = w.Write(b)
}

// dashboardData is the signed-in home page.
type dashboardData struct {
	User *model.User
	Home *app.HomeView
	// StartWords is the recovery start date in words ("12 April 2023").
	StartWords string
	// MeetingWhen is the next meeting's start in the viewer's zone, in
	// words; MeetingZone names the meeting's own zone and time there when
	// it differs from the viewer's.
	MeetingWhen, MeetingZone string
	// Suspended says, in the reader's words, until when the member may
	// not post or send messages; "" when they may.
	Suspended string
	// AdminFirstSteps is set for a site admin without two-factor login:
	// their home says they are the site admin, where Administration is,
	// and that two-factor login comes first.
	AdminFirstSteps bool
}

func homeData(l *i18n.Lang, u *model.User, h *app.HomeView, now time.Time) dashboardData {
	d := dashboardData{User: u, Home: h}
	if h.Recovery.HasStart {
		d.StartWords = dayIn(l, h.Recovery.Start)
	}
	if m := h.NextMeeting; m != nil {
		d.MeetingWhen = dayAndTime(l, m.Start, h.Zone, now)
		if m.Started {
			d.MeetingWhen = l.T("home.meeting_now", "Time", l.Clock(m.Start.In(h.Zone)))
		}
		if loc, err := time.LoadLocation(m.Zone); err == nil && loc.String() != h.Zone.String() {
			_, off1 := m.Start.In(loc).Zone()
			_, off2 := m.Start.In(h.Zone).Zone()
			if off1 != off2 {
				d.MeetingZone = l.Clock(m.Start.In(loc)) + " " + zones.TimeNameIn(l.Code, m.Zone)
			}
		}
	}
	return d
}

// dayAndTime says when t is, in loc, as a person would: "Today, 19:00",
// "Tomorrow, 07:30" or "Tue 8 Dec, 19:00".
func dayAndTime(l *i18n.Lang, t time.Time, loc *time.Location, now time.Time) string {
	lt, ln := t.In(loc), now.In(loc)
	y1, m1, d1 := lt.Date()
	y2, m2, d2 := ln.Date()
	day := l.Day(lt)
	switch {
	case y1 == y2 && m1 == m2 && d1 == d2:
		day = l.T("home.today")
	case time.Date(y2, m2, d2+1, 0, 0, 0, 0, loc).Equal(time.Date(y1, m1, d1, 0, 0, 0, 0, loc)):
		day = l.T("home.tomorrow")
	}
	return l.T("home.day_time", "Day", day, "Time", l.Clock(lt))
}
