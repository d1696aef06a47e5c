package web

import (
	"net/http"
	"strings"

	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/zones"
)

// option is one choice in a select or checkbox group.
type option struct{ Value, Label string }

var pathwayOptions = []option{{"12-step", "12-step"}, {"smart-recovery", "SMART Recovery"}, {"medication-supported", "Medication-supported (MOUD)"},
	{"faith-based", "Faith-based"}, {"secular", "Secular"}, {"harm-reduction", "Harm reduction"}, {"other", "Other"}}

var circumstanceOptions = []option{{"parent", "Parent"}, {"veteran", "Veteran"}, {"lgbtq", "LGBTQ+"}, {"in-school", "In school"}, {"working", "Working"},
	{"caregiver", "Caregiver"}, {"retired", "Retired"}, {"unhoused-or-recently-unhoused", "Unhoused or recently unhoused"}, {"justice-involved", "Justice-involved"}, {"other", "Other"}}

var visibilityOptions = []option{{"only_me", "Only me"}, {"supporters", "My mentor and accountability partners"}, {"connections", "My connections"},
	{"groups", "Members of my groups"}, {"members", "All members"}}

// profileForm is what the profile template needs.
type profileForm struct {
	P            *model.Profile
	Pathways     []option
	Circumstance []option
	Visibility   []option
	Place        placeData
	Saved        bool
}

func (p *Pages) profileView(prof *model.Profile, fields map[string]string) view {
	d := profileForm{P: prof, Pathways: pathwayOptions, Circumstance: circumstanceOptions, Visibility: visibilityOptions}
	if prof != nil {
		d.Place = newPlace(prof.TimeZone, prof.Country, fields)
	} else {
		d.Place = newPlace("", "", fields)
	}
	return view{Title: "Your profile", Data: d}
}

// ProfileForm shows the person's whole profile for editing.
func (p *Pages) ProfileForm(w http.ResponseWriter, r *http.Request) {
	me, err := p.app.GetMe(r.Context())
	if err != nil {
		p.fail(w, r, "message", view{Title: "Your profile"}, err)
		return
	}
	v := p.profileView(me.Profile, nil)
	if r.URL.Query().Get("saved") == "1" {
		v.Notice = "Your profile is saved."
	}
	p.render(w, r, http.StatusOK, "profile", v)
}

// splitList turns "a, b, c" into a list.
func splitList(s string) []string {
	var out []string
	for _, x := range strings.Split(s, ",") {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}

// Profile saves the profile form; on a problem it shows the form again
// with the person's input and a message beside each field.
func (p *Pages) Profile(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		p.render(w, r, http.StatusBadRequest, "message", view{Title: "Your profile", Error: "The form could not be read; it may be too large."})
		return
	}
	f := r.PostForm
	apply := func(pr *model.Profile) {
		pr.DisplayName = f.Get("display_name")
		pr.Pronouns = f.Get("pronouns")
		pr.Bio = f.Get("bio")
		pr.Languages = splitList(f.Get("languages"))
		pr.TimeZone = strings.TrimSpace(f.Get("time_zone"))
		if zone, ok := zones.Parse(pr.TimeZone); ok {
			pr.TimeZone = zone // "Pacific Time — Los Angeles", "Pacific" → America/Los_Angeles
		}
		pr.City = f.Get("city")
		pr.Country = strings.TrimSpace(f.Get("country"))
		if code, ok := zones.ParseCountry(pr.Country); ok {
			pr.Country = code
		}
		pr.Pathways = f["pathways"]
		pr.Substances = splitList(f.Get("substances"))
		pr.RecoveryStart = f.Get("recovery_start")
		pr.LifeCircumstances = f["life_circumstances"]
		pr.Interests = splitList(f.Get("interests"))
		pr.Skills = splitList(f.Get("skills"))
		pr.LookingFor = splitList(f.Get("looking_for"))
		for _, field := range model.VisibleFields {
			if v := f.Get("visibility." + field); v != "" {
				pr.Visibility[field] = model.Visibility(v)
			}
		}
	}
	var err error
	if c := strings.TrimSpace(f.Get("country")); c != "" {
		if _, ok := zones.ParseCountry(c); !ok {
			err = &model.Error{Kind: model.KindInvalid, Message: "please correct the highlighted fields", Fields: map[string]string{"country": "choose your country from the list"}}
		}
	}
	if err == nil {
		_, err = p.app.UpdateMe(r.Context(), apply)
	}
	if err != nil {
		// Show what the person typed, not what is stored.
		me, gerr := p.app.GetMe(r.Context())
		if gerr != nil {
			p.fail(w, r, "message", view{Title: "Your profile"}, gerr)
			return
		}
		apply(me.Profile)
		p.fail(w, r, "profile", p.profileView(me.Profile, fieldsOf(err)), err)
		return
	}
	p.done(w, r, "/profile?saved=1")
}

// memberView is another person's profile with friendly labels.
type memberView struct {
	Fields map[string]any
	ID     string
	Name   string
	Former bool
	Labels map[string]string
}

// Member shows another member's profile, only as they let the viewer see it.
func (p *Pages) Member(w http.ResponseWriter, r *http.Request) {
	pv, err := p.app.ViewProfile(r.Context(), r.PathValue("id"))
	if err != nil {
		p.fail(w, r, "message", view{Title: "Member"}, err)
		return
	}
	labels := map[string]string{}
	for _, o := range append(append([]option{}, pathwayOptions...), circumstanceOptions...) {
		labels[o.Value] = o.Label
	}
	p.render(w, r, http.StatusOK, "member", view{Title: pv.DisplayName, Data: memberView{Fields: pv.Fields, ID: pv.ID, Name: pv.DisplayName, Former: pv.Former, Labels: labels}})
}
