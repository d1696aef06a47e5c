package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/geo"
	"github.com/kinshiprecovery/kinship/internal/i18n"
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
	Miles      bool
	Within     string // the radius as written in the address: "50mi", "80km"
	WithinText string // "50 miles"
	Radii      []option
	WiderURL   string // the same search a step wider, when nothing is near
	WiderText  string
	// Places name where the listed programs are (the towns with the most
	// first), MorePlaces how many other towns; a person whose place the
	// locator does not know reads where it can search.
	Places     []string
	MorePlaces int
	// Abroad is set for a viewer in another country than the United
	// States, where every program listed here (FindTreatment data) and
	// the SAMHSA helpline are: the page says so and points to the lines
	// for where they are.
	Abroad bool
}

type serviceGroup struct {
	Name  string
	Codes []importer.ServiceCode
	// More are codes shown behind a disclosure (every language but the
	// reader's own and Spanish).
	More []importer.ServiceCode
}

// groupNames are the catalog IDs of the service groups' names.
var groupNames = map[string]string{"languages": "treatment.group_languages", "type": "treatment.group_type", "mat": "treatment.group_mat",
	"payment": "treatment.group_payment", "special": "treatment.group_special", "age": "treatment.group_age"}

// serviceID is the catalog ID of a service code's name ("SP-Spanish" is
// "service.sp_spanish").
func serviceID(code string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(code) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	return "service." + b.String()
}

// serviceNames names a facility's codes in l, the vocabulary's order.
func serviceNames(l *i18n.Lang, codes []string) string {
	has := map[string]bool{}
	for _, c := range codes {
		has[c] = true
	}
	var out []string
	for _, c := range importer.ServiceCodes {
		if has[c.Code] {
			out = append(out, serviceName(l, c))
		}
	}
	return strings.Join(out, ", ")
}

// serviceName is one service's name in l, else as the vocabulary words it.
func serviceName(l *i18n.Lang, c importer.ServiceCode) string {
	if id := serviceID(c.Code); i18n.Load().Default().Has(id) {
		return l.T(id)
	}
	return c.Label
}

// radiusNumber writes a radius as the reader writes numbers: 50, 31.1.
func radiusNumber(l *i18n.Lang, x float64) string {
	if x == float64(int(x)) {
		return l.Int(int(x))
	}
	return l.Number(x, 1)
}

// spanishServices is the vocabulary's code for services in Spanish.
const spanishServices = "SP-Spanish"

// Radii offered, in the viewer's unit; the first of the middle is the default.
var (
	mileRadii = []int{10, 25, 50, 100, 250}
	kmRadii   = []int{15, 40, 80, 160, 400}
)

const kmPerMile = 1.609344

// parseRadius reads "50mi" or "80km" (a bare number is in the viewer's unit).
func parseRadius(s string, miles bool) (km float64, ok bool) {
	unit := "km"
	if miles {
		unit = "mi"
	}
	switch {
	case strings.HasSuffix(s, "mi"):
		s, unit = strings.TrimSuffix(s, "mi"), "mi"
	case strings.HasSuffix(s, "km"):
		s, unit = strings.TrimSuffix(s, "km"), "km"
	}
	n, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || n <= 0 || n > 1000 {
		return 0, false
	}
	if unit == "mi" {
		return n * kmPerMile, true
	}
	return n, true
}

// radiusWords writes a radius in km in the viewer's unit: "50 miles".
func radiusWords(l *i18n.Lang, km float64, miles bool) (param, words string) {
	if miles {
		n := km / kmPerMile
		return strconv.FormatFloat(n, 'f', -1, 64) + "mi", l.T("treatment.miles", "N", radiusNumber(l, n))
	}
	return strconv.FormatFloat(km, 'f', -1, 64) + "km", l.T("treatment.km", "N", radiusNumber(l, km))
}

// Treatment is the public treatment locator: a GET form, so a search can
// be bookmarked and shared; distances in miles where people read miles;
// when nothing is near, a link to the same search wider. The place is used
// for this search only: Kinship stores and logs no search.
func (p *Pages) Treatment(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodPost { // a form from before the search was a GET
		r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
		_ = r.ParseForm()
		http.Redirect(w, r, "/treatment?"+r.PostForm.Encode(), http.StatusSeeOther)
		return
	}
	q := r.URL.Query()
	d := treatmentData{Chosen: map[string]bool{}, Lat: q.Get("lat"), Lng: q.Get("lng"), Near: q.Get("near"), Miles: p.usesMiles(r), Within: q.Get("within")}
	for _, s := range q["service"] {
		d.Chosen[s] = true
	}
	l := p.viewerLang(r)
	d.Places, d.MorePlaces, _ = p.app.FacilityPlaces(r.Context(), 3)
	if c := p.viewerCountry(r); c != "" && c != "US" {
		d.Abroad = true
	}
	// Services in Spanish are offered first; every other language the
	// vocabulary has is behind a disclosure (unless chosen).
	for _, cat := range []string{"languages", "type", "mat", "payment", "special", "age"} {
		g := serviceGroup{Name: l.T(groupNames[cat])}
		for _, c := range importer.ServiceCodes {
			if c.Category != cat {
				continue
			}
			c.Label = serviceName(l, c)
			if cat == "languages" && c.Code != spanishServices && !d.Chosen[c.Code] {
				g.More = append(g.More, c)
				continue
			}
			g.Codes = append(g.Codes, c)
		}
		d.Groups = append(d.Groups, g)
	}
	radii, unit := kmRadii, "km"
	if d.Miles {
		radii, unit = mileRadii, "mi"
	}
	for _, n := range radii {
		_, words := radiusWords(l, float64(n), false)
		if d.Miles {
			words = l.T("treatment.miles", "N", radiusNumber(l, float64(n)))
		}
		d.Radii = append(d.Radii, option{Value: strconv.Itoa(n) + unit, Label: words})
	}
	view := func(err string) view { return view{Title: l.T("treatment.title"), Data: d, Error: err} }
	for _, s := range q["service"] {
		// Only a link made by hand names a service the form does not
		// offer: said once, in words, not as the API's list of codes.
		if !slices.Contains(app.FacilityServiceCodes(), s) {
			p.render(w, r, http.StatusBadRequest, "treatment", view(l.T("treatment.bad_service")))
			return
		}
	}
	km := float64(radii[2])
	if d.Miles {
		km *= kmPerMile
	}
	if d.Within != "" {
		var ok bool
		if km, ok = parseRadius(d.Within, d.Miles); !ok {
			p.render(w, r, http.StatusBadRequest, "treatment", view(l.T("treatment.bad_within")))
			return
		}
	}
	d.Within, d.WithinText = radiusWords(l, km, d.Miles)
	if d.Miles {
		d.Within, d.WithinText = radiusWords(l, roundTo(km/kmPerMile, 1)*kmPerMile, true)
	}
	fq := app.FacilityQuery{Services: q["service"], RadiusKm: km, Limit: 50}
	if d.Near != "" {
		pt, err := p.app.Geocode(r.Context(), d.Near)
		if app.PlaceNotListed(err) {
			// No program listed is in that place (walk13 W13-6: "try a
			// postal code or a nearby city" helped nobody in Phoenix or
			// Buenos Aires): say so, and who can help where the reader is.
			none := "treatment.place_none"
			if d.Abroad {
				none = "treatment.place_none_abroad"
			}
			v := view(l.T(none, "Place", d.Near))
			v.Fields = map[string]string{"near": l.T("treatment.place_none_field")}
			p.render(w, r, http.StatusBadRequest, "treatment", v)
			return
		}
		if err != nil {
			p.fail(w, r, "treatment", view(""), err)
			return
		}
		fq.Near = &pt
	} else if d.Lat != "" || d.Lng != "" {
		lat, ok1 := model.ParseTypedNumber(d.Lat, -90, 90)
		lng, ok2 := model.ParseTypedNumber(d.Lng, -180, 180)
		if !ok1 || !ok2 {
			p.render(w, r, http.StatusBadRequest, "treatment", view(l.T("treatment.bad_coordinates")))
			return
		}
		fq.Near = &geo.Point{Lat: lat, Lng: lng}
	}
	if len(q) > 0 {
		fs, err := p.app.FindFacilities(r.Context(), fq)
		if err != nil {
			p.fail(w, r, "treatment", view(""), err)
			return
		}
		d.Facilities, d.Searched = fs, true
		if len(fs) == 0 && fq.Near != nil {
			for _, n := range radii {
				wider := float64(n)
				if d.Miles {
					wider *= kmPerMile
				}
				if wider > km*1.01 {
					u := url.Values{}
					for k, vs := range q {
						u[k] = vs
					}
					u.Set("within", strconv.Itoa(n)+unit)
					d.WiderURL = "/treatment?" + u.Encode()
					if d.Miles {
						d.WiderText = l.T("treatment.miles", "N", radiusNumber(l, float64(n)))
					} else {
						d.WiderText = l.T("treatment.km", "N", radiusNumber(l, float64(n)))
					}
					break
				}
			}
		}
	}
	p.render(w, r, http.StatusOK, "treatment", view(""))
}

func roundTo(x float64, step float64) float64 {
	return float64(int(x/step+0.5)) * step
}
