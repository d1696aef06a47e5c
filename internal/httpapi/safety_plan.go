package httpapi

import (
	"net/http"

	"github.com/kinshiprecovery/kinship/internal/model"
)

// safetyPlanOut is a member's safety plan as the API gives it: the seven
// parts as written, and when it was last saved (null when never).
type safetyPlanOut struct {
	WarningSigns  string           `json:"warning_signs" doc:"signs that a hard time may be coming"`
	Coping        string           `json:"coping" doc:"what helps, on my own"`
	Distractions  string           `json:"distractions" doc:"people and places that take my mind off it"`
	People        string           `json:"people" doc:"people I can ask for help"`
	Professionals string           `json:"professionals" doc:"professionals and services I can reach"`
	SafePlace     string           `json:"safe_place" doc:"making where I am safer"`
	Reasons       string           `json:"reasons" doc:"what matters most to me, my reasons to keep going"`
	UpdatedAt     *model.Timestamp `json:"updated_at" doc:"when it was last saved; null when it was never written"`
}

// safetyPlanIn is the body of putSafetyPlan: every part, an empty string
// for one left blank.
type safetyPlanIn struct {
	WarningSigns  *string `json:"warning_signs"`
	Coping        *string `json:"coping"`
	Distractions  *string `json:"distractions"`
	People        *string `json:"people"`
	Professionals *string `json:"professionals"`
	SafePlace     *string `json:"safe_place"`
	Reasons       *string `json:"reasons"`
}

func safetyPlanOf(p *model.SafetyPlan) safetyPlanOut {
	out := safetyPlanOut{WarningSigns: p.WarningSigns, Coping: p.Coping, Distractions: p.Distractions, People: p.People,
		Professionals: p.Professionals, SafePlace: p.SafePlace, Reasons: p.Reasons}
	if !p.UpdatedAt.IsZero() {
		at := model.At(p.UpdatedAt)
		out.UpdatedAt = &at
	}
	return out
}

func (s *Server) getSafetyPlan(w http.ResponseWriter, r *http.Request) {
	p, err := s.app.MySafetyPlan(r.Context())
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, safetyPlanOf(p))
}

func (s *Server) putSafetyPlan(w http.ResponseWriter, r *http.Request) {
	var in safetyPlanIn
	if err := decode(w, r, &in); err != nil {
		writeError(w, r, err)
		return
	}
	// PUT replaces the whole plan: a part left out would be erased
	// unseen, so each must be given ("" for one left blank).
	p := model.SafetyPlan{}
	given := map[string]*string{"warning_signs": in.WarningSigns, "coping": in.Coping, "distractions": in.Distractions,
		"people": in.People, "professionals": in.Professionals, "safe_place": in.SafePlace, "reasons": in.Reasons}
	missing := map[string]string{}
	for _, n := range model.SafetyPlanParts {
		if given[n] == nil {
			missing[n] = "give this part, \"\" to leave it blank"
			continue
		}
		*p.Part(n) = *given[n]
	}
	if len(missing) > 0 {
		writeError(w, r, &model.Error{Kind: model.KindInvalid, Message: "a safety plan is saved whole: give every part, \"\" for one left blank", Fields: missing})
		return
	}
	saved, err := s.app.SaveSafetyPlan(r.Context(), p)
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, safetyPlanOf(saved))
}
