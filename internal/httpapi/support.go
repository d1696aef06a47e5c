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
	writeJSON(w, http.StatusCreated, map[string]any{"alert": v, "resources": rs, "country": country, "naloxone_steps": app.NaloxoneSteps})
}

func (s *Server) listSupport(w http.ResponseWriter, r *http.Request) {
	v, err := s.app.ListSupport(r.Context())
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

func (s *Server) acknowledgeAlert(w http.ResponseWriter, r *http.Request) {
	v, err := s.app.AcknowledgeAlert(r.Context(), r.PathValue("id"))
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

func (s *Server) resolveAlert(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Note string `json:"note"`
	}
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
			writeJSON(w, http.StatusOK, map[string]any{"country": c, "resources": rs, "naloxone_steps": app.NaloxoneSteps})
			return
		}
	}
	if country == "" {
		// A visitor, or a member who has not said: their browser's region.
		country = app.VisitorCountry(r.Header.Get("Accept-Language"), r.URL.Query().Get("tz"))
	}
	rs, err := s.app.SupportResources(r.Context(), country)
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"country": country, "resources": rs, "naloxone_steps": app.NaloxoneSteps})
}

func (s *Server) setOnDuty(w http.ResponseWriter, r *http.Request) {
	var in struct {
		On bool `json:"on"`
	}
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
	fs, err := s.app.CrisisQueue(r.Context())
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": fs})
}

func (s *Server) actOnFlag(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Action string `json:"action"`
		Note   string `json:"note"`
	}
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

func (s *Server) listCrisisResources(w http.ResponseWriter, r *http.Request) {
	rs, err := s.app.AllCrisisResources(r.Context())
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"resources": rs})
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
