package httpapi

import (
	"net/http"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/model"
)

func (s *Server) requestSupport(w http.ResponseWriter, r *http.Request) {
	// The resources come with every answer, even when the alert is refused.
	rs, country, rerr := s.app.MySupportResources(r.Context())
	if rerr != nil {
		writeError(w, r, rerr)
		return
	}
	v, err := s.app.RequestSupport(r.Context())
	if err != nil {
		writeError(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/support/alerts/"+v.ID)
	writeJSON(w, http.StatusCreated, supportRaised{Alert: v, Resources: rs, Country: country, NaloxoneSteps: app.NaloxoneSteps})
}

func (s *Server) listSupport(w http.ResponseWriter, r *http.Request) {
	p, ok := mustPage(w, r)
	if !ok {
		return
	}
	v, next, duty, err := s.app.SupportPage(r.Context(), r.URL.Query().Get("role"), p.app())
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, supportPage{keysetPage(p, v, next), duty})
}

func (s *Server) acknowledgeAlert(w http.ResponseWriter, r *http.Request) {
	v, err := s.app.AcknowledgeAlert(r.Context(), r.PathValue("id"))
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

// resolveAlertIn is the body of resolveAlert.
type resolveAlertIn struct {
	Note string `json:"note"`
}

func (s *Server) resolveAlert(w http.ResponseWriter, r *http.Request) {
	var in resolveAlertIn
	if err := decodeOptional(w, r, &in); err != nil {
		writeError(w, r, err)
		return
	}
	v, err := s.app.ResolveAlert(r.Context(), r.PathValue("id"), in.Note)
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

func (s *Server) supportResources(w http.ResponseWriter, r *http.Request) {
	country := r.URL.Query().Get("country")
	if country == "" && app.ActorFrom(r.Context()) != nil {
		rs, c, err := s.app.MySupportResources(r.Context())
		if err != nil {
			writeError(w, r, err)
			return
		}
		if c != "" {
			writeJSON(w, http.StatusOK, crisisResources{Country: c, Resources: rs, NaloxoneSteps: app.NaloxoneSteps})
			return
		}
	}
	if country == "" {
		// A visitor, or a member who has not said: the instance's default
		// country, else a guess from their time zone (?tz=) and browser's
		// region, in the order the pages use (app.LinesCountry).
		country = s.app.LinesCountry("", r.Header.Get("Accept-Language"), r.URL.Query().Get("tz"))
	}
	rs, err := s.app.SupportResources(r.Context(), country)
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, crisisResources{Country: country, Resources: rs, NaloxoneSteps: app.NaloxoneSteps})
}

// setOnDutyIn is the body of setOnDuty.
type setOnDutyIn struct {
	On bool `json:"on"`
}

func (s *Server) setOnDuty(w http.ResponseWriter, r *http.Request) {
	var in setOnDutyIn
	if err := decode(w, r, &in); err != nil {
		writeError(w, r, err)
		return
	}
	if err := s.app.SetOnDuty(r.Context(), in.On); err != nil {
		writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) crisisQueue(w http.ResponseWriter, r *http.Request) {
	p, ok := mustPage(w, r)
	if !ok {
		return
	}
	fs, next, err := s.app.CrisisQueuePage(r.Context(), p.app())
	if err != nil {
		writeError(w, r, err)
		return
	}
	waiting, err := s.app.SupportWaitingForDuty(r.Context())
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, crisisQueuePage{page: keysetPage(p, fs, next), SupportWaiting: waiting})
}

// actOnFlagIn is the body of actOnFlag.
type actOnFlagIn struct {
	Action string `json:"action"`
	Note   string `json:"note,omitempty"`
}

func (s *Server) actOnFlag(w http.ResponseWriter, r *http.Request) {
	var in actOnFlagIn
	if err := decode(w, r, &in); err != nil {
		writeError(w, r, err)
		return
	}
	v, err := s.app.ActOnFlag(r.Context(), r.PathValue("id"), in.Action, in.Note)
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

// messageFlaggedIn is the body of messageFlagged: an optional first message.
type messageFlaggedIn struct {
	ClientID string `json:"client_id,omitempty" doc:"your own id for the first message, so a retry is not sent twice"`
	Body     string `json:"body,omitempty" doc:"a first message to send; leave out to open the thread only"`
}

func (s *Server) messageFlagged(w http.ResponseWriter, r *http.Request) {
	var in messageFlaggedIn
	if err := decodeOptional(w, r, &in); err != nil {
		writeError(w, r, err)
		return
	}
	t, m, err := s.app.MessageFlaggedPerson(r.Context(), r.PathValue("id"), in.ClientID, in.Body)
	if err != nil {
		writeError(w, r, err)
		return
	}
	created(w, "/api/v1/dms/"+t.ID, threadOpened{Thread: t, Message: m})
}

func (s *Server) listCrisisResources(w http.ResponseWriter, r *http.Request) {
	rs, err := s.app.AllCrisisResources(r.Context())
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, crisisResourceList{Resources: rs})
}

func (s *Server) saveCrisisResource(w http.ResponseWriter, r *http.Request) {
	var in app.HelpResourceInput
	if err := decode(w, r, &in); err != nil {
		writeError(w, r, err)
		return
	}
	v, err := s.app.SaveCrisisResource(r.Context(), in)
	if err != nil {
		writeError(w, r, err)
		return
	}
	if in.ID == "" { // a new line; with an id, the existing one was changed
		created(w, "/api/v1/admin/crisis-resources/"+v.ID, v)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

func (s *Server) deleteCrisisResource(w http.ResponseWriter, r *http.Request) {
	if err := s.app.DeleteCrisisResource(r.Context(), r.PathValue("id")); err != nil && model.ErrorKind(err) != model.KindNotFound {
		writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) getSupportChoices(w http.ResponseWriter, r *http.Request) {
	v, err := s.app.MySupportChoices(r.Context())
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

// supportChoicesIn is the body of putSupportChoices.
type supportChoicesIn struct {
	ShareCountryLines *bool `json:"share_country_lines" doc:"true to let whoever answers your call for support see your country's crisis lines (the country only); false to keep your country to those your profile shows your location"`
}

func (s *Server) putSupportChoices(w http.ResponseWriter, r *http.Request) {
	var in supportChoicesIn
	if err := decode(w, r, &in); err != nil {
		writeError(w, r, err)
		return
	}
	if in.ShareCountryLines == nil {
		writeError(w, r, &model.Error{Kind: model.KindInvalid, Message: "say share_country_lines: true or false",
			Fields: map[string]string{"share_country_lines": "true or false"}})
		return
	}
	v, err := s.app.ShareLinesOnCall(r.Context(), *in.ShareCountryLines)
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}
