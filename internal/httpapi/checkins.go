package httpapi

import (
	"net/http"

	"github.com/kinshiprecovery/kinship/internal/geo"
	"strconv"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/model"
)

func (s *Server) postCheckin(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Mood       *int     `json:"mood"`
		Craving    *int     `json:"craving"`
		Used       *bool    `json:"used"`
		SleepHours *float64 `json:"sleep_hours"`
		Note       string   `json:"note"`
		Tags       []string `json:"tags"`
	}
	if err := decode(w, r, &in); err != nil {
		writeError(w, r, err)
		return
	}
	fe := model.FieldErrors{}
	if in.Mood == nil {
		fe.Add("mood", "choose a mood from 1 (very low) to 5 (very good)")
	}
	if in.Craving == nil {
		fe.Add("craving", "choose a craving level from 0 (none) to 10 (very strong)")
	}
	if in.Used == nil {
		fe.Add("used", "say whether you used today: true or false (there is no wrong answer)")
	}
	if err := fe.Err(); err != nil {
		writeError(w, r, err)
		return
	}
	c, created, err := s.app.RecordCheckin(r.Context(), app.CheckinInput{Mood: *in.Mood, Craving: *in.Craving, Used: *in.Used, SleepHours: in.SleepHours, Note: in.Note, Tags: in.Tags})
	if err != nil {
		writeError(w, r, err)
		return
	}
	status := http.StatusOK
	if created {
		status = http.StatusCreated
	}
	writeJSON(w, status, c)
}

func (s *Server) listCheckins(w http.ResponseWriter, r *http.Request) {
	days := 30
	if v := r.URL.Query().Get("days"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			writeError(w, r, &model.Error{Kind: model.KindInvalid, Message: "days must be a whole number from 1 to 366", Fields: map[string]string{"days": "use a number from 1 to 366"}})
			return
		}
		days = n
	}
	cs, err := s.app.ListCheckins(r.Context(), days)
	if err != nil {
		writeError(w, r, err)
		return
	}
	if cs == nil {
		cs = []*model.Checkin{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"checkins": cs})
}

func (s *Server) getRecovery(w http.ResponseWriter, r *http.Request) {
	v, err := s.app.Recovery(r.Context())
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

func (s *Server) postReturnToUse(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Date string `json:"date"`
	}
	if err := decode(w, r, &in); err != nil {
		writeError(w, r, err)
		return
	}
	v, err := s.app.RecordReturnToUse(r.Context(), in.Date)
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

func (s *Server) postCapital(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Responses []int `json:"responses"`
	}
	if err := decode(w, r, &in); err != nil {
		writeError(w, r, err)
		return
	}
	sv, created, err := s.app.SaveCapitalSurvey(r.Context(), in.Responses)
	if err != nil {
		writeError(w, r, err)
		return
	}
	status := http.StatusOK
	if created {
		status = http.StatusCreated
	}
	writeJSON(w, status, sv)
}

func (s *Server) getCapital(w http.ResponseWriter, r *http.Request) {
	v, err := s.app.CapitalHistory(r.Context())
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

func (s *Server) getReminder(w http.ResponseWriter, r *http.Request) {
	t, err := s.app.CheckinReminder(r.Context())
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"time": t})
}

func (s *Server) putReminder(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Time string `json:"time"`
	}
	if err := decode(w, r, &in); err != nil {
		writeError(w, r, err)
		return
	}
	if err := s.app.SetCheckinReminder(r.Context(), in.Time); err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"time": in.Time})
}

// findMeetings answers anyone: meetings soonest first, with filters.
func (s *Server) findMeetings(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	within := 0
	if v := q.Get("within_hours"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			writeError(w, r, &model.Error{Kind: model.KindInvalid, Message: "within_hours is a whole number of hours, 0 for any time"})
			return
		}
		within = n
	}
	fq := app.FinderQuery{WithinHours: within, Day: -1, Attendance: q.Get("attendance"), Types: q["type"], Text: q.Get("q"), TimeZone: q.Get("tz"), ByDistance: q.Get("sort") == "distance"}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 200 {
			writeError(w, r, &model.Error{Kind: model.KindInvalid, Message: "limit is 1 to 200", Fields: map[string]string{"limit": "1 to 200"}})
			return
		}
		fq.Limit = n
	}
	if v := q.Get("day"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			writeError(w, r, &model.Error{Kind: model.KindInvalid, Message: "day is 0 (Sunday) to 6 (Saturday)", Fields: map[string]string{"day": "use 0 to 6"}})
			return
		}
		fq.Day = n
	}
	near, ok := s.nearPoint(w, r)
	if !ok {
		return
	}
	fq.Near = near
	if v := q.Get("radius_km"); v != "" {
		km, err := strconv.ParseFloat(v, 64)
		if err != nil || km <= 0 || km > 500 {
			writeError(w, r, &model.Error{Kind: model.KindInvalid, Message: "radius_km is a number from 1 to 500", Fields: map[string]string{"radius_km": "1 to 500"}})
			return
		}
		fq.RadiusKm = km
	}
	ms, zone, err := s.app.FindMeetings(r.Context(), fq)
	if err != nil {
		writeError(w, r, err)
		return
	}
	if ms == nil {
		ms = []app.FoundMeeting{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"meetings": ms, "time_zone": zone})
}

// findFacilities answers anyone: the treatment locator.
func (s *Server) findFacilities(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	fq := app.FacilityQuery{Services: q["service"]}
	near, ok := s.nearPoint(w, r)
	if !ok {
		return
	}
	fq.Near = near
	if v := q.Get("radius_km"); v != "" {
		km, err := strconv.ParseFloat(v, 64)
		if err != nil || km <= 0 || km > 1000 {
			writeError(w, r, &model.Error{Kind: model.KindInvalid, Message: "radius_km is a number from 1 to 1000", Fields: map[string]string{"radius_km": "1 to 1000"}})
			return
		}
		fq.RadiusKm = km
	}
	fs, err := s.app.FindFacilities(r.Context(), fq)
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"facilities": fs,
		"helpline": "SAMHSA National Helpline: 1-800-662-4357 (free, confidential, 24/7, in English and Spanish)"})
}

func (s *Server) postFeedback(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Message string `json:"message"`
		Contact string `json:"contact"`
	}
	if err := decode(w, r, &in); err != nil {
		writeError(w, r, err)
		return
	}
	if err := s.app.SendFeedback(r.Context(), in.Message, in.Contact, s.clientIP(r)); err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusAccepted, map[string]string{"message": "thank you; the people who run this Kinship will read it"})
}

func (s *Server) listFeedback(w http.ResponseWriter, r *http.Request) {
	fs, err := s.app.ListFeedback(r.Context())
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"feedback": fs})
}

func (s *Server) listResources(w http.ResponseWriter, r *http.Request) {
	rs, err := s.app.ListResources(r.Context(), r.URL.Query().Get("tag"))
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"resources": rs})
}

func (s *Server) suggestResource(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Title       string   `json:"title"`
		URL         string   `json:"url"`
		Description string   `json:"description"`
		Tags        []string `json:"tags"`
	}
	if err := decode(w, r, &in); err != nil {
		writeError(w, r, err)
		return
	}
	v, err := s.app.SuggestResource(r.Context(), in.Title, in.URL, in.Description, in.Tags)
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, v)
}

func (s *Server) markResource(kind string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := s.app.MarkResource(r.Context(), r.PathValue("id"), kind); err != nil {
			writeError(w, r, err)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}
}

func (s *Server) moderationQueue(w http.ResponseWriter, r *http.Request) {
	rs, err := s.app.ModerationQueue(r.Context())
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"resources": rs})
}

func (s *Server) moderateResource(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Approve *bool  `json:"approve"`
		Reason  string `json:"reason"`
	}
	if err := decode(w, r, &in); err != nil {
		writeError(w, r, err)
		return
	}
	if in.Approve == nil {
		writeError(w, r, &model.Error{Kind: model.KindInvalid, Message: "approve must be true or false", Fields: map[string]string{"approve": "true or false"}})
		return
	}
	if err := s.app.ModerateResource(r.Context(), r.PathValue("id"), *in.Approve, in.Reason); err != nil {
		writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
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
	lat, err1 := strconv.ParseFloat(q.Get("lat"), 64)
	lng, err2 := strconv.ParseFloat(q.Get("lng"), 64)
	if err1 != nil || err2 != nil {
		writeError(w, r, &model.Error{Kind: model.KindInvalid, Message: "give both lat and lng as decimal degrees, or near as a city or postal code", Fields: map[string]string{"lat": "a number", "lng": "a number"}})
		return nil, false
	}
	return &geo.Point{Lat: lat, Lng: lng}, true
}

// meetingCalendar answers anyone with one directory meeting as iCalendar.
func (s *Server) meetingCalendar(w http.ResponseWriter, r *http.Request) {
	b, err := s.app.MeetingCalendar(r.Context(), r.PathValue("source"), r.PathValue("slug"))
	if err != nil {
		writeError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="meeting.ics"`)
	_, _ = w.Write(b)
}
