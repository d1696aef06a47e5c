package web

import (
	"net/http"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/geo"
	"github.com/kinshiprecovery/kinship/internal/importer"
	"github.com/kinshiprecovery/kinship/internal/model"
)

// treatmentData is what the treatment locator page needs.
type treatmentData struct {
	Facilities []app.FoundFacility
	Groups     []serviceGroup
	Chosen     map[string]bool
	Lat, Lng   string
	Near       string
	Searched   bool
}

type serviceGroup struct {
	Name  string
	Codes []importer.ServiceCode
}

var groupNames = map[string]string{"type": "Type of care", "mat": "Medications", "payment": "Payment", "special": "Programs for", "age": "Age"}

// Treatment is the public treatment locator. The search is posted, so the
// location and the services a person needs stay out of URLs and browser
// history; it is used for this search only and not stored or logged.
func (p *Pages) Treatment(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	_ = r.ParseForm()
	q := r.PostForm
	d := treatmentData{Chosen: map[string]bool{}, Lat: q.Get("lat"), Lng: q.Get("lng"), Near: q.Get("near")}
	for _, s := range q["service"] {
		d.Chosen[s] = true
	}
	for _, cat := range []string{"type", "mat", "payment", "special", "age"} {
		g := serviceGroup{Name: groupNames[cat]}
		for _, c := range importer.ServiceCodes {
			if c.Category == cat {
				g.Codes = append(g.Codes, c)
			}
		}
		d.Groups = append(d.Groups, g)
	}
	fq := app.FacilityQuery{Services: q["service"]}
	if d.Near != "" {
		pt, err := p.app.Geocode(r.Context(), d.Near)
		if err != nil {
			p.fail(w, r, "treatment", view{Title: "Find treatment", Data: d}, err)
			return
		}
		fq.Near = &pt
	} else if d.Lat != "" || d.Lng != "" {
		lat, ok1 := model.ParseNumber(d.Lat, -90, 90)
		lng, ok2 := model.ParseNumber(d.Lng, -180, 180)
		if !ok1 || !ok2 {
			p.render(w, r, http.StatusBadRequest, "treatment", view{Title: "Find treatment", Error: "Enter the latitude (-90 to 90) and longitude (-180 to 180) as numbers, like 38.03 and -78.48.", Data: d})
			return
		}
		fq.Near = &geo.Point{Lat: lat, Lng: lng}
	}
	if r.Method == http.MethodPost {
		fs, err := p.app.FindFacilities(r.Context(), fq)
		if err != nil {
			p.fail(w, r, "treatment", view{Title: "Find treatment", Data: d}, err)
			return
		}
		d.Facilities, d.Searched = fs, true
	}
	p.render(w, r, http.StatusOK, "treatment", view{Title: "Find treatment", Data: d})
}
