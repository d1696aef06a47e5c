package httpapi

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/model"
)

// postCheckinIn is the body of postCheckin.
type postCheckinIn struct {
	Mood       *int     `json:"mood"`
	Craving    *int     `json:"craving"`
	Used       *bool    `json:"used"`
	SleepHours *float64 `json:"sleep_hours,omitempty"`
	Note       string   `json:"note,omitempty"`
	Tags       []string `json:"tags,omitempty"`
	// Date is the local day a check-in made offline was made (up to 3
	// days back); absent is today.
	Date string `json:"date,omitempty" format:"date" doc:"the local day a check-in made offline was made, up to 3 days back; absent is today"`
}

func (s *Server) postCheckin(w http.ResponseWriter, r *http.Request) {
	var in postCheckinIn
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
	if len(fe) > 0 {
		// Name every field to fix at once, not only the missing ones: check
		// the rest with valid stand-ins for what is missing.
		c := model.Checkin{Mood: 3, SleepHours: in.SleepHours, Note: in.Note, Tags: in.Tags}
		if in.Mood != nil {
			c.Mood = *in.Mood
		}
		if in.Craving != nil {
			c.Craving = *in.Craving
		}
		var me *model.Error
		if errors.As(c.Validate(), &me) {
			for f, msg := range me.Fields {
				fe.Add(f, msg)
			}
		}
	}
	if err := fe.Err(); err != nil {
		writeError(w, r, err)
		return
	}
	c, isNew, err := s.app.RecordCheckin(r.Context(), app.CheckinInput{Mood: *in.Mood, Craving: *in.Craving, Used: *in.Used, SleepHours: in.SleepHours, Note: in.Note, Tags: in.Tags, Date: in.Date})
	if err != nil {
		writeError(w, r, err)
		return
	}
	// The first check-in of the day creates it; another the same day
	// updates it (200, same body, same address).
	w.Header().Set("Content-Location", "/api/v1/checkins/"+c.Date)
	if isNew {
		created(w, "/api/v1/checkins/"+c.Date, checkinOf(c))
		return
	}
	writeJSON(w, http.StatusOK, checkinOf(c))
}

// getCheckin answers the signed-in person's check-in of one day.
func (s *Server) getCheckin(w http.ResponseWriter, r *http.Request) {
	c, err := s.app.CheckinOn(r.Context(), r.PathValue("date"))
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, checkinOf(c))
}

// queryDays reads ?days= (default 30); it answers the error itself when ok is false.
func queryDays(w http.ResponseWriter, r *http.Request) (days int, ok bool) {
	v := r.URL.Query().Get("days")
	if v == "" {
		return 30, true
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		writeError(w, r, &model.Error{Kind: model.KindInvalid, Message: "days must be a whole number from 1 to 366", Fields: map[string]string{"days": "use a number from 1 to 366"}})
		return 0, false
	}
	return n, true
}

func (s *Server) listCheckins(w http.ResponseWriter, r *http.Request) {
	days, ok := queryDays(w, r)
	if !ok {
		return
	}
	cs, err := s.app.ListCheckins(r.Context(), days)
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, checkinList{Checkins: mapList(cs, checkinOf)})
}

func (s *Server) getRecovery(w http.ResponseWriter, r *http.Request) {
	v, err := s.app.Recovery(r.Context())
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

// postReturnToUseIn is the body of postReturnToUse.
type postReturnToUseIn struct {
	Date string `json:"date"`
}

func (s *Server) postReturnToUse(w http.ResponseWriter, r *http.Request) {
	var in postReturnToUseIn
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

// postCapitalIn is the body of postCapital.
type postCapitalIn struct {
	Responses []int `json:"responses"`
}

func (s *Server) postCapital(w http.ResponseWriter, r *http.Request) {
	var in postCapitalIn
	if err := decode(w, r, &in); err != nil {
		writeError(w, r, err)
		return
	}
	sv, isNew, err := s.app.SaveCapitalSurvey(r.Context(), in.Responses)
	if err != nil {
		writeError(w, r, err)
		return
	}
	// This month's first answers create the survey; a retake the same
	// month replaces it (200).
	w.Header().Set("Content-Location", "/api/v1/me/recovery-capital")
	if isNew {
		created(w, "/api/v1/me/recovery-capital", sv)
		return
	}
	writeJSON(w, http.StatusOK, sv)
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
	writeJSON(w, http.StatusOK, reminder{Time: t})
}

// putReminderIn is the body of putReminder.
type putReminderIn struct {
	Time string `json:"time"`
}

func (s *Server) putReminder(w http.ResponseWriter, r *http.Request) {
	var in putReminderIn
	if err := decode(w, r, &in); err != nil {
		writeError(w, r, err)
		return
	}
	if err := s.app.SetCheckinReminder(r.Context(), in.Time); err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, reminder{Time: in.Time})
}

// shareMilestoneIn is the body of shareMilestone.
type shareMilestoneIn struct {
	GroupID   string `json:"group_id"`
	Milestone string `json:"milestone"`
}

func (s *Server) shareMilestone(w http.ResponseWriter, r *http.Request) {
	var in shareMilestoneIn
	if err := decode(w, r, &in); err != nil {
		writeError(w, r, err)
		return
	}
	v, err := s.app.ShareMilestone(r.Context(), in.GroupID, in.Milestone)
	if err != nil {
		writeError(w, r, err)
		return
	}
	created(w, "/api/v1/messages/"+v.ID, v)
}
