package web

import (
	"github.com/kinshiprecovery/kinship/internal/i18n"
	"net/http"
	"strings"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/zones"
)

// option is one choice in a select or checkbox group.
type option struct{ Value, Label string }

// codeOptions names each code in l by the catalog's prefix+code (see codeID).
func codeOptions(l *i18n.Lang, prefix string, codes ...string) []option {
	out := make([]option, 0, len(codes))
	for _, c := range codes {
		out = append(out, option{c, l.T(codeID(prefix, c))})
	}
	return out
}

// codeID is the catalog ID for a stored code under prefix: hyphens become
// underscores, and "other", a word go-i18n keeps for plural forms, is
// "other_kind".
func codeID(prefix, code string) string {
	code = strings.ReplaceAll(code, "-", "_")
	if code == "other" {
		code = "other_kind"
	}
	return prefix + code
}

// pathwayOptions are the recovery pathways, named in l.
func pathwayOptions(l *i18n.Lang) []option {
	return codeOptions(l, "profile.pathway.", "12-step", "smart-recovery", "medication-supported", "faith-based", "secular", "harm-reduction", "other")
}

// circumstanceOptions are the life circumstances, named in l.
func circumstanceOptions(l *i18n.Lang) []option {
	return codeOptions(l, "profile.circ.", "parent", "veteran", "lgbtq", "in-school", "working", "caregiver", "retired",
		"unhoused-or-recently-unhoused", "justice-involved", "other")
}

// visibilityOptions are who may see a part of a profile, named in l.
func visibilityOptions(l *i18n.Lang) []option {
	return codeOptions(l, "profile.vis.", "only_me", "supporters", "connections", "groups", "members")
}

// profileForm is what the profile template needs.
type profileForm struct {
	P            *model.Profile
	Pathways     []option
	Circumstance []option
	Visibility   []option
	Place        placeData
	Saved        bool
	// Clocks are the clock choices and Clock the one kept ("usual" for
	// model.User.Clock's "").
	Clocks []option
	Clock  string
}

func (p *Pages) profileView(r *http.Request, prof *model.Profile, fields map[string]string) view {
	l := p.viewerLang(r)
	d := profileForm{P: prof, Pathways: pathwayOptions(l), Circumstance: circumstanceOptions(l), Visibility: visibilityOptions(l)}
	if prof != nil {
		d.Place = newPlace(l, prof.TimeZone, prof.Country, fields)
	} else {
		d.Place = newPlace(l, "", "", fields)
	}
	d.Clocks, d.Clock = clockOptions(l), clockUsual
	if act := app.ActorFrom(r.Context()); act != nil && act.User.Clock != i18n.ClockUsual {
		d.Clock = act.User.Clock
	}
	return view{Title: l.T("profile.title"), Data: d}
}

// clockUsual is the form's value for i18n.ClockUsual, as the API names it.
const clockUsual = "usual"

// clockOptions are the clock choices in l: as usual where I live, 12-hour
// (7:30 pm), 24-hour (19:30).
func clockOptions(l *i18n.Lang) []option {
	return []option{{Value: clockUsual, Label: l.T("profile.clock_usual")}, {Value: i18n.Clock12, Label: l.T("profile.clock_12")},
		{Value: i18n.Clock24, Label: l.T("profile.clock_24")}}
}

// SetClock keeps the member's choice of clock from the profile page's
// small form, then shows the page again, on that clock.
func (p *Pages) SetClock(w http.ResponseWriter, r *http.Request) {
	f := form(r, "clock")
	choice := f["clock"]
	if choice == clockUsual {
		choice = i18n.ClockUsual
	}
	if err := p.app.SetClock(r.Context(), choice); err != nil {
		me, gerr := p.app.GetMe(r.Context())
		if gerr != nil {
			p.fail(w, r, "message", view{Title: p.tr(r, "profile.title")}, gerr)
			return
		}
		p.fail(w, r, "profile", p.profileView(r, me.Profile, nil), err)
		return
	}
	http.Redirect(w, r, "/profile?clock=1", http.StatusSeeOther)
}

// ProfileForm shows the person's whole profile for editing.
func (p *Pages) ProfileForm(w http.ResponseWriter, r *http.Request) {
	me, err := p.app.GetMe(r.Context())
	if err != nil {
		p.fail(w, r, "message", view{Title: p.tr(r, "profile.title")}, err)
		return
	}
	v := p.profileView(r, me.Profile, nil)
	if r.URL.Query().Get("saved") == "1" {
		v.Notice = p.tr(r, "profile.saved")
	}
	if r.URL.Query().Get("clock") == "1" {
		v.Notice = p.tr(r, "profile.clock_saved")
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
		p.render(w, r, http.StatusBadRequest, "message", view{Title: p.tr(r, "profile.title"), Error: p.tr(r, "profile.too_large")})
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
			pr.TimeZone = zone // "Hora del Pacífico (Los Ángeles)", "Pacific" → America/Los_Angeles
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
			err = &model.Error{Kind: model.KindInvalid, Message: p.tr(r, "form.correct_fields"), Fields: map[string]string{"country": p.tr(r, "form.choose_country")}}
		}
	}
	if err == nil {
		_, err = p.app.UpdateMe(r.Context(), apply)
	}
	if err != nil {
		// Show what the person typed, not what is stored.
		me, gerr := p.app.GetMe(r.Context())
		if gerr != nil {
			p.fail(w, r, "message", view{Title: p.tr(r, "profile.title")}, gerr)
			return
		}
		apply(me.Profile)
		p.fail(w, r, "profile", p.profileView(r, me.Profile, fieldsOf(err)), err)
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
	// Connection and Partner are the viewer's connection and partnership
	// (or invitation either way) with the member, nil when there is none:
	// the page says where they stand instead of offering to ask again.
	Connection *app.ConnectionView
	Partner    *app.PartnerView
}

// Member shows another member's profile, only as they let the viewer see it.
func (p *Pages) Member(w http.ResponseWriter, r *http.Request) {
	pv, err := p.app.ViewProfile(r.Context(), r.PathValue("id"))
	if err != nil {
		p.fail(w, r, "message", view{Title: p.tr(r, "member.title")}, err)
		return
	}
	labels := profileLabels(p.viewerLang(r))
	mv := memberView{Fields: pv.Fields, ID: pv.ID, Name: pv.DisplayName, Former: pv.Former, Labels: labels}
	if cs, err := p.app.ListConnections(r.Context()); err == nil {
		for i := range cs {
			if cs[i].OtherID == pv.ID {
				mv.Connection = &cs[i]
			}
		}
	}
	if ps, err := p.app.ListPartners(r.Context()); err == nil {
		for i := range ps {
			if ps[i].Other == pv.ID {
				mv.Partner = &ps[i]
			}
		}
	}
	v := view{Title: pv.DisplayName, Data: mv}
	p.reportedNotice(r, &v) // the report form below comes back here
	p.render(w, r, http.StatusOK, "member", v)
}

// profileLabels names in l the pathways and life circumstances a profile
// holds by their codes.
func profileLabels(l *i18n.Lang) map[string]string {
	labels := map[string]string{}
	for _, o := range append(pathwayOptions(l), circumstanceOptions(l)...) {
		labels[o.Value] = o.Label
	}
	return labels
}
