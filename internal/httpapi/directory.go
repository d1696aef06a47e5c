package httpapi

import (
	"fmt"
	"net/http"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/geo"
	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/store"
)

// findMeetings answers anyone: meetings soonest first, with filters.
func (s *Server) findMeetings(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	within := 0
	if v := q.Get("within_hours"); v != "" {
		n, ok := model.ParseWhole(v, 0, 24*7)
		if !ok {
			writeError(w, r, &model.Error{Kind: model.KindInvalid, Message: "within_hours is a whole number of hours from 0 (any time) to 168", Fields: map[string]string{"within_hours": "use 0 to 168"}})
			return
		}
		within = n
	}
	fq := app.FinderQuery{WithinHours: within, Day: -1, Attendance: q.Get("attendance"), Types: q["type"], Text: q.Get("q"), TimeZone: q.Get("time_zone"), ByDistance: q.Get("sort") == "distance"}
	p, ok := mustPage(w, r)
	if !ok {
		return
	}
	fq.Limit = -1 // every match, paged here
	if v := q.Get("day"); v != "" {
		n, ok := model.ParseWhole(v, 0, 6)
		if !ok {
			writeError(w, r, &model.Error{Kind: model.KindInvalid, Message: "day is 0 (Sunday) to 6 (Saturday)", Fields: map[string]string{"day": "use 0 to 6"}})
			return
		}
		fq.Day = n
	}
	if fq.Near, fq.RadiusKm, ok = s.nearWithin(w, r, 500); !ok {
		return
	}
	ms, zone, err := s.app.FindMeetings(r.Context(), fq)
	if err != nil {
		writeError(w, r, err)
		return
	}
	// Soonest first (by the next start, which moves on as meetings start:
	// a meeting that starts while a client pages comes again a week on),
	// or nearest first; then by id.
	key := func(m app.FoundMeeting) string {
		if fq.ByDistance && fq.Near != nil {
			if m.DistanceKm == nil {
				return "~" + m.ID()
			}
			return fmt.Sprintf("%016.6f\x00%s", *m.DistanceKm, m.ID())
		}
		return oldestFirst(m.Next, m.ID())
	}
	pg := slicePage(p, ms, key)
	writeJSON(w, http.StatusOK, meetingsPage{page[meetingOut]{mapList(pg.Items, foundMeetingOf), pg.NextCursor, pg.HasMore}, zone})
}

// getMeeting answers anyone with one directory meeting by its id, with its
// next start in the viewer's zone (?time_zone=).
func (s *Server) getMeeting(w http.ResponseWriter, r *http.Request) {
	source, slug, ok := store.ParseMeetingID(r.PathValue("id"))
	if !ok {
		writeError(w, r, errNoMeeting)
		return
	}
	m, err := s.app.DirectoryMeeting(r.Context(), source, slug)
	if err != nil {
		writeError(w, r, err)
		return
	}
	found, zone, err := s.app.FindMeetings(r.Context(), app.FinderQuery{Day: -1, Source: source, Slug: slug, TimeZone: r.URL.Query().Get("time_zone")})
	if err != nil {
		writeError(w, r, err)
		return
	}
	out := meetingOf(*m)
	if len(found) == 1 {
		out = foundMeetingOf(found[0])
	}
	writeJSON(w, http.StatusOK, meetingFound{Meeting: out, TimeZone: zone})
}

var errNoMeeting = &model.Error{Kind: model.KindNotFound, Message: "meeting not found; use the id a meeting search gave"}

// findFacilities answers anyone: the treatment locator.
func (s *Server) findFacilities(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	fq := app.FacilityQuery{Services: q["service"]}
	near, km, ok := s.nearWithin(w, r, 1000)
	if !ok {
		return
	}
	fq.Near, fq.RadiusKm = near, km
	p, ok := mustPage(w, r)
	if !ok {
		return
	}
	fq.Limit = -1 // every match, paged here
	fs, err := s.app.FindFacilities(r.Context(), fq)
	if err != nil {
		writeError(w, r, err)
		return
	}
	// Nearest first with a point, else by name.
	key := func(f app.FoundFacility) string {
		if f.DistanceKm != nil {
			return fmt.Sprintf("%016.6f\x00%s", *f.DistanceKm, f.ID)
		}
		return f.Name + "\x00" + f.ID
	}
	pg := slicePage(p, fs, key)
	writeJSON(w, http.StatusOK, facilitiesPage{page[facilityOut]{mapList(pg.Items, facilityOf), pg.NextCursor, pg.HasMore},
		"SAMHSA National Helpline: 1-800-662-4357 (free, confidential, 24/7, in English and Spanish)"})
}

// nearWithin reads the search point (nearPoint) and radius_km, from 1 to
// maxKm (0 when not given). It answers the error itself when ok is false.
func (s *Server) nearWithin(w http.ResponseWriter, r *http.Request, maxKm int) (*geo.Point, float64, bool) {
	near, ok := s.nearPoint(w, r)
	if !ok {
		return nil, 0, false
	}
	km := 0.0
	if v := r.URL.Query().Get("radius_km"); v != "" {
		if km, ok = model.ParseNumber(v, 1, float64(maxKm)); !ok {
			writeError(w, r, &model.Error{Kind: model.KindInvalid, Message: fmt.Sprintf("radius_km is a number from 1 to %d", maxKm), Fields: map[string]string{"radius_km": fmt.Sprintf("1 to %d", maxKm)}})
			return nil, 0, false
		}
	}
	return near, km, true
}

// nearPoint reads the search point from lat and lng, or geocodes near (a
// city or postal code) offline. It answers the error itself when ok is false.
func (s *Server) nearPoint(w http.ResponseWriter, r *http.Request) (*geo.Point, bool) {
	q := r.URL.Query()
	if place := q.Get("near"); place != "" {
		p, err := s.app.Geocode(r.Context(), place)
		if err != nil {
			writeError(w, r, err)
			return nil, false
		}
		return &p, true
	}
	if q.Get("lat") == "" && q.Get("lng") == "" {
		return nil, true
	}
	lat, ok1 := model.ParseNumber(q.Get("lat"), -90, 90)
	lng, ok2 := model.ParseNumber(q.Get("lng"), -180, 180)
	if !ok1 || !ok2 {
		writeError(w, r, &model.Error{Kind: model.KindInvalid, Message: "give both lat (-90 to 90) and lng (-180 to 180) as decimal degrees, or near as a city or postal code", Fields: map[string]string{"lat": "a number from -90 to 90", "lng": "a number from -180 to 180"}})
		return nil, false
	}
	return &geo.Point{Lat: lat, Lng: lng}, true
}

// meetingCalendar answers anyone with one directory meeting as iCalendar.
func (s *Server) meetingCalendar(w http.ResponseWriter, r *http.Request) {
	source, slug, ok := store.ParseMeetingID(r.PathValue("id"))
	if !ok {
		writeError(w, r, errNoMeeting)
		return
	}
	b, err := s.app.MeetingCalendar(r.Context(), source, slug, s.web.Lang(r)) // a visitor's language too
	if err != nil {
		writeError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="meeting.ics"`)
	_, _ = w.Write(b)
}
