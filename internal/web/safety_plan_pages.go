package web

import (
	"net/http"

	"github.com/kinshiprecovery/kinship/internal/model"
)

// safetyPlanData is the safety plan page: the plan's parts in order, each
// with its words, and when it was last saved in the reader's zone.
type safetyPlanData struct {
	Parts []safetyPlanPart
	Saved string
}

// safetyPlanPart is one part of the plan on the page.
type safetyPlanPart struct {
	N           int
	Name, Words string
	// Label and Hint are the part's title and its hint in the reader's
	// language, taken from the catalog ("plan.<name>", "plan.<name>_hint").
	Label, Hint string
}

// SafetyPlan shows the member's safety plan, to read and to change.
func (p *Pages) SafetyPlan(w http.ResponseWriter, r *http.Request) {
	plan, err := p.app.MySafetyPlan(r.Context())
	if err != nil {
		p.fail(w, r, "message", view{Title: p.tr(r, "plan.title")}, err)
		return
	}
	v := view{Title: p.tr(r, "plan.title"), Data: p.safetyPlanData(r, plan)}
	if r.URL.Query().Get("done") == "saved" {
		v.Notice = p.tr(r, "plan.saved")
	}
	p.render(w, r, http.StatusOK, "safety_plan", v)
}

// SaveSafetyPlan keeps what the member wrote; a part too long is refused
// beside its words, with nothing saved.
func (p *Pages) SaveSafetyPlan(w http.ResponseWriter, r *http.Request) {
	f := form(r, model.SafetyPlanParts...)
	var plan model.SafetyPlan
	for _, n := range model.SafetyPlanParts {
		*plan.Part(n) = f[n]
	}
	if _, err := p.app.SaveSafetyPlan(r.Context(), plan); err != nil {
		p.fail(w, r, "safety_plan", view{Title: p.tr(r, "plan.title"), Form: f, Data: p.safetyPlanData(r, &plan)}, err)
		return
	}
	p.done(w, r, "/support/plan?done=saved")
}

func (p *Pages) safetyPlanData(r *http.Request, plan *model.SafetyPlan) safetyPlanData {
	d := safetyPlanData{}
	for i, n := range model.SafetyPlanParts {
		d.Parts = append(d.Parts, safetyPlanPart{N: i + 1, Name: n, Words: *plan.Part(n), Label: p.tr(r, "plan."+n), Hint: p.tr(r, "plan."+n+"_hint")})
	}
	if !plan.UpdatedAt.IsZero() {
		d.Saved = p.viewerLang(r).When(plan.UpdatedAt, p.app.MyZone(r.Context()), p.app.Now())
	}
	return d
}
