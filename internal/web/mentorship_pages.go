package web

import (
	"encoding/json"
	"github.com/kinshiprecovery/kinship/internal/i18n"
	"net/http"
	"strconv"
	"strings"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/match"
	"github.com/kinshiprecovery/kinship/internal/model"
)

// mentorshipData is what the mentorship page needs.
type mentorshipData struct {
	Settings    *app.MentorshipSettings
	Suggestions []app.Suggestion
	Mine        *app.Mentoring
	Slots       []option
	Language    string
	Pathway     string
	Pathways    []option
	Families    []option
	Languages   []option // the languages a mentor may be found by
	Duty        dutyData
	// NeedMFA: mentoring needs two-factor login, which is not set up.
	NeedMFA bool
	// Pronouns are, by person, how the page speaks of each of the viewer's
	// mentors and mentees: by their pronouns where the viewer may see them,
	// else without gender.
	Pronouns map[string]model.Pronoun
	// Calls are, by mentorship under way, its calls to come and the
	// forms to propose and answer them.
	Calls map[string]*callsCard
}

// mentorshipEndData is the page that asks before a mentorship ends, with
// how it speaks of the other person (Pronoun, as mentorshipData's).
type mentorshipEndData struct {
	app.MentorshipView
	Pronoun model.Pronoun
}

// pronounsOf are the pronouns the page speaks of each person of mine by.
func (p *Pages) pronounsOf(r *http.Request, mine *app.Mentoring) map[string]model.Pronoun {
	out := map[string]model.Pronoun{}
	if mine == nil {
		return out
	}
	for _, ms := range [][]app.MentorshipView{mine.AsMentee, mine.AsMentor} {
		for _, m := range ms {
			if _, ok := out[m.OtherID]; !ok {
				out[m.OtherID] = p.app.PronounOf(r.Context(), m.OtherID)
			}
		}
	}
	return out
}

// requestedNotice is "Request sent. You will hear when they answer." of
// the mentor just asked (the newest request), by their pronouns.
func (p *Pages) requestedNotice(r *http.Request, mine *app.Mentoring, pronouns map[string]model.Pronoun) string {
	if mine != nil {
		for _, m := range mine.AsMentee {
			if m.Status != app.MentorshipRequested {
				continue
			}
			switch pronouns[m.OtherID] {
			case model.PronounShe:
				return p.tr(r, "mentorship.done_requested_she")
			case model.PronounHe:
				return p.tr(r, "mentorship.done_requested_he")
			}
			break
		}
	}
	return p.tr(r, "mentorship.done_requested")
}

// familyOptions are the family situations matching knows; a value set
// through the API that is not among them is offered too, so saving the
// form keeps it.
func familyOptions(l *i18n.Lang, current string) []option {
	out := append([]option{{"", l.T("family.none")}}, codeOptions(l, "family.", "parent", "young-children", "teen-children", "adult-children",
		"single-parent", "expecting", "grandparent", "kinship-carer", "foster-parent", "caregiver", "married", "partnered", "separated",
		"divorced", "widowed")...)
	for _, o := range out {
		if o.Value == current {
			return out
		}
	}
	return append(out, option{current, current})
}

// slotOptions are the times of the week a person may be free, in l.
func slotOptions(l *i18n.Lang) []option {
	var out []option
	for _, d := range weekdayOptionsIn(l) {
		for _, p := range []string{"morning", "afternoon", "evening", "night"} {
			out = append(out, option{d.Value + "-" + p, l.T("mentorship.slot."+p, "Day", d.Label)})
		}
	}
	return out
}

// mentorLanguages are the languages a mentor may be found by, named in l.
func mentorLanguages(l *i18n.Lang) []option {
	var out []option
	for _, c := range app.MentorLanguages {
		out = append(out, option{c, languageNames(l, []string{c})})
	}
	return out
}

// Mentorship shows the member's mentoring: suggestions, requests, mentees
// and their own choices.
func (p *Pages) Mentorship(w http.ResponseWriter, r *http.Request) {
	v := view{}
	switch r.URL.Query().Get("done") {
	case "saved":
		v.Notice = p.tr(r, "mentorship.done_saved")
	case "requested":
		v.Notice = p.tr(r, "mentorship.done_requested")
	case "changed":
		v.Notice = p.tr(r, "mentorship.done_status")
	case "on-duty", "off-duty":
		v.Notice = p.dutyNotice(r)
	default:
		v.Notice = p.callNotice(r, r.URL.Query().Get("done"))
	}
	p.showMentorship(w, r, v, nil)
}

func (p *Pages) showMentorship(w http.ResponseWriter, r *http.Request, v view, err error) {
	ctx := r.Context()
	s, serr := p.app.MentorshipSettings(ctx)
	mine, merr := p.app.ListMentorships(ctx)
	if serr != nil || merr != nil {
		p.fail(w, r, "message", view{Title: p.tr(r, "mentorship.title")}, firstErr(serr, merr))
		return
	}
	if err != nil && r.Method == http.MethodPost && r.URL.Path == "/mentorship/settings" {
		s = keptChoices(s, r)
	}
	pronouns := p.pronounsOf(r, mine)
	if r.Method == http.MethodGet && r.URL.Query().Get("done") == "requested" {
		v.Notice = p.requestedNotice(r, mine, pronouns)
	}
	// A call form sent with a problem opens again with what was typed, its
	// problems beside its fields (the form of a mentorship's id, or of the
	// call it answers).
	sent := ""
	if r.Method == http.MethodPost && (strings.HasSuffix(r.URL.Path, "/calls") || strings.HasSuffix(r.URL.Path, "/suggest")) {
		sent = r.PathValue("id")
	}
	calls := p.callsCards(r, mine, sent, v.Form)
	q := r.URL.Query()
	sug, _ := p.app.SuggestMentors(ctx, q.Get("language"), q.Get("pathway"), 5)
	v.Title, v.Data = p.tr(r, "mentorship.title"), mentorshipData{Settings: s, Suggestions: sug, Mine: mine, Slots: slotOptions(p.viewerLang(r)), Languages: mentorLanguages(p.viewerLang(r)), Language: q.Get("language"), Pathway: q.Get("pathway"), Pathways: pathwayOptions(p.viewerLang(r)), Families: familyOptions(p.viewerLang(r), s.Family), Duty: p.duty(r, "/mentorship"), NeedMFA: !app.ActorFrom(r.Context()).User.MFAEnabled, Pronouns: pronouns, Calls: calls}
	p.show(w, r, "mentorship", v, err)
}

// keptChoices is s with what the member sent in the choices form, for the
// form shown again with a problem: their ticks, numbers and words stay as
// they left them (a number that is not one is shown empty, beside its
// error), not as they were stored before.
func keptChoices(s *app.MentorshipSettings, r *http.Request) *app.MentorshipSettings {
	k := *s
	f := r.PostForm
	number := func(name string) int { n, _ := strconv.Atoi(strings.TrimSpace(f.Get(name))); return n }
	if k.Eligible {
		k.Mentor, k.Paused, k.Capacity, k.Offers = f.Get("mentor") == "yes", f.Get("paused") == "yes", number("capacity"), f.Get("offers")
	}
	k.Gender, k.Age, k.Family, k.Spirituality = f.Get("gender"), number("age"), f.Get("family"), f.Get("spirituality")
	k.Availability = f["availability"]
	k.Require.Language, k.Require.MentorGender, k.Require.Pathway = f.Get("req_language") == "yes", f.Get("req_gender"), f.Get("req_pathway") == "yes"
	return &k
}

// SaveMentorship saves the member's mentoring choices.
func (p *Pages) SaveMentorship(w http.ResponseWriter, r *http.Request) {
	f := form(r, "mentor", "capacity", "paused", "gender", "age", "offers", "spirituality", "family", "req_language", "req_gender", "req_pathway")
	in := app.MentorshipSettings{Mentor: f["mentor"] == "yes", Paused: f["paused"] == "yes", Gender: f["gender"], Offers: f["offers"], Spirituality: f["spirituality"], Family: f["family"],
		Availability: r.PostForm["availability"], Require: match.Require{Language: f["req_language"] == "yes", MentorGender: f["req_gender"], Pathway: f["req_pathway"] == "yes"}}
	fe := model.FieldErrors{}
	in.Capacity = wholeNumber(fe, f, "capacity", 0, "give a whole number")
	in.Age = wholeNumber(fe, f, "age", 0, "give a whole number")
	if e := fe.Err(); e != nil {
		p.showMentorship(w, r, view{Form: f}, e)
		return
	}
	if _, err := p.app.SaveMentorshipSettings(r.Context(), in); err != nil {
		p.showMentorship(w, r, view{Form: f}, err)
		return
	}
	p.done(w, r, "/mentorship?done=saved")
}

// wholeNumber reads the form field name as a whole number. Blank gives
// def (the field is optional); anything else that is not a whole number
// adds msg to the field, so the form is shown again (400) with what the
// person typed, never silently read as def.
func wholeNumber(fe model.FieldErrors, f map[string]string, name string, def int, msg string) int {
	s := strings.TrimSpace(f[name])
	if s == "" {
		return def
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		fe.Add(name, msg)
		return def
	}
	return n
}

// RequestMentor asks a suggested mentor.
func (p *Pages) RequestMentor(w http.ResponseWriter, r *http.Request) {
	f := form(r, "mentor_id", "note")
	if _, err := p.app.RequestMentor(r.Context(), f["mentor_id"], f["note"]); err != nil {
		p.showMentorship(w, r, view{Form: f}, err)
		return
	}
	p.done(w, r, "/mentorship?done=requested")
}

// ChangeMentorship accepts, declines, pauses, resumes or ends a mentorship.
// Ending one under way (active or paused) asks first, on a page of its own
// that says what ending does; nothing changes until the person confirms
// there (confirm=yes). A request is withdrawn at once, as before.
func (p *Pages) ChangeMentorship(w http.ResponseWriter, r *http.Request) {
	f := form(r, "action", "reason", "confirm")
	if f["action"] == "end" && f["confirm"] != "yes" {
		if m := p.mentorshipOf(r, r.PathValue("id")); m != nil && (m.Status == app.MentorshipActive || m.Status == app.MentorshipPaused) {
			p.render(w, r, http.StatusOK, "mentorship_end", view{Title: p.tr(r, "mentorship_end.title", "Name", m.OtherName),
				Data: mentorshipEndData{MentorshipView: *m, Pronoun: p.app.PronounOf(r.Context(), m.OtherID)}})
			return
		}
	}
	if _, err := p.app.ChangeMentorship(r.Context(), r.PathValue("id"), f["action"], f["reason"]); err != nil {
		if m := p.mentorshipOf(r, r.PathValue("id")); f["action"] == "end" && m != nil && model.ErrorKind(err) == model.KindInvalid {
			// the words the person wrote stay in the form, with what to change
			p.show(w, r, "mentorship_end", view{Title: p.tr(r, "mentorship_end.title", "Name", m.OtherName),
				Data: mentorshipEndData{MentorshipView: *m, Pronoun: p.app.PronounOf(r.Context(), m.OtherID)}, Form: f}, err)
			return
		}
		p.showMentorship(w, r, view{}, err)
		return
	}
	p.done(w, r, "/mentorship?done=changed") // words of crisis left for the other person show their author help
}

// ShareWithMentor saves what the mentor sees of the mentee's check-ins.
func (p *Pages) ShareWithMentor(w http.ResponseWriter, r *http.Request) {
	_ = r.ParseForm()
	has := func(k string) bool { return r.PostFormValue(k) == "yes" }
	sh := model.PartnerShare{CheckinDone: has("checkin_done"), Mood: has("mood"), Craving: has("craving"), Used: has("used"), Note: has("note")}
	if _, err := p.app.SetMentorshipShare(r.Context(), r.PathValue("id"), sh); err != nil {
		p.showMentorship(w, r, view{}, err)
		return
	}
	http.Redirect(w, r, "/mentorship?done=saved", http.StatusSeeOther)
}

// mentorshipOf is the reader's mentorship id, as their mentorship page
// shows it; nil when it is none of theirs.
func (p *Pages) mentorshipOf(r *http.Request, id string) *app.MentorshipView {
	mine, err := p.app.ListMentorships(r.Context())
	if err != nil {
		return nil
	}
	for _, ms := range [][]app.MentorshipView{mine.AsMentor, mine.AsMentee} {
		for i := range ms {
			if ms[i].ID == id {
				return &ms[i]
			}
		}
	}
	return nil
}

// MenteeCheckins shows an active mentee's shared check-ins to their mentor.
// Once the mentorship has ended (or while it is paused), the mentor's old
// link is a page that says so, with no more of the mentee than their name
// as the mentor's own mentorship page shows it.
func (p *Pages) MenteeCheckins(w http.ResponseWriter, r *http.Request) {
	cs, sharing, err := p.app.MenteeCheckins(r.Context(), r.PathValue("id"), 30)
	if err != nil {
		if m := p.mentorshipOf(r, r.PathValue("id")); m != nil && m.Role == "mentor" && (m.Status == app.MentorshipEnded || m.Status == app.MentorshipPaused) {
			title, intro := p.tr(r, "mentee_checkins.ended_title", "Name", m.OtherName), ""
			if m.Status == app.MentorshipPaused {
				title, intro = p.tr(r, "mentee_checkins.paused_title", "Name", m.OtherName), p.tr(r, "mentee_checkins.paused")
			} else {
				zone, _ := p.viewerZone(r)
				id := pronounID(p.app.PronounOf(r.Context(), m.OtherID), "mentee_checkins.ended", "mentee_checkins.ended_she", "mentee_checkins.ended_he")
				intro = p.tr(r, id, "When", p.viewerLang(r).When(m.UpdatedAt.Time, zone, p.now()))
			}
			p.render(w, r, http.StatusForbidden, "mentee_checkins", view{Title: title, Data: menteeCheckinsData{Intro: intro, Closed: true}})
			return
		}
		p.fail(w, r, "message", view{Title: p.tr(r, "mentee_checkins.title")}, err)
		return
	}
	// The page names whose check-ins these are: a mentor with several
	// mentees read the same heading on each one's page.
	title, intro := p.tr(r, "mentee_checkins.title"), p.tr(r, "mentee_checkins.intro")
	none := p.tr(r, "mentee_checkins.none")
	if !sharing {
		none = p.tr(r, "mentee_checkins.not_sharing_unnamed")
	}
	if mine, err := p.app.ListMentorships(r.Context()); err == nil {
		for _, m := range mine.AsMentor {
			if m.ID == r.PathValue("id") {
				title = p.tr(r, "mentee_checkins.title_named", "Name", m.OtherName)
				id := pronounID(p.app.PronounOf(r.Context(), m.OtherID), "mentee_checkins.intro_named",
					"mentee_checkins.intro_named_she", "mentee_checkins.intro_named_he")
				intro = p.tr(r, id, "Name", m.OtherName)
				if !sharing {
					none = p.tr(r, "mentee_checkins.not_sharing", "Name", m.OtherName)
				}
			}
		}
	}
	p.render(w, r, http.StatusOK, "mentee_checkins", view{Title: title, Data: menteeCheckinsData{Intro: intro, None: none, Rows: checkinRows(p.viewerLang(r), cs)}})
}

// menteeCheckinsData is a mentor's page of a mentee's shared check-ins:
// the words above them (whose days the dates are) and the rows.
type menteeCheckinsData struct {
	Intro string
	// None is what the page says with no rows: nothing shared yet, or
	// that the mentee shares nothing with the mentor now.
	None string
	Rows []checkinRow
	// Closed: the mentorship is not active, and Intro says so; no rows.
	Closed bool
}

// cohortData is what the cohort screen needs.
type cohortData struct {
	Input  string
	Method string
	Plan   *app.CohortPlan
	Sent   []sentPair
}

// sentPair is one sent pair as the page shows it: names, and why it was
// not sent ("" when it was).
type sentPair struct {
	Mentee, Mentor, Error string
}

// sentPairs gives each result the names of its people and its reason as
// plain words (the API's result holds ids and *string).
func sentPairs(res []app.PairResult, name func(id string) string) []sentPair {
	out := make([]sentPair, 0, len(res))
	for _, x := range res {
		sp := sentPair{Mentee: name(x.Mentee), Mentor: name(x.Mentor)}
		if x.Error != nil {
			sp.Error = *x.Error
		}
		out = append(out, sp)
	}
	return out
}

// Cohort is the organization admins' cohort screen.
func (p *Pages) Cohort(w http.ResponseWriter, r *http.Request) {
	p.render(w, r, http.StatusOK, "cohort", view{Title: p.tr(r, "cohort.title"), Data: cohortData{Method: "optimal"}})
}

// PlanCohort plans the uploaded or pasted cohort for review.
func (p *Pages) PlanCohort(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 16<<20)
	_ = r.ParseMultipartForm(16 << 20)
	input, method := r.FormValue("cohort"), r.FormValue("method")
	if file, _, err := r.FormFile("file"); err == nil {
		var b strings.Builder
		buf := make([]byte, 32<<10)
		for {
			n, err := file.Read(buf)
			b.Write(buf[:n])
			if err != nil {
				break
			}
		}
		file.Close()
		input = b.String()
	}
	d := cohortData{Input: input, Method: method}
	v := view{Title: p.tr(r, "cohort.title"), Data: d}
	c, err := match.DecodeCohort([]byte(input))
	if err != nil {
		v.Error = p.tr(r, "cohort.not_a_file", "Error", err.Error())
		p.render(w, r, http.StatusBadRequest, "cohort", v)
		return
	}
	plan, err := p.app.PlanCohort(r.Context(), &c, nil, method)
	if err != nil {
		p.fail(w, r, "cohort", v, err)
		return
	}
	d.Plan = plan
	v.Data = d
	p.render(w, r, http.StatusOK, "cohort", v)
}

// SendCohort sends the pairs kept after review.
func (p *Pages) SendCohort(w http.ResponseWriter, r *http.Request) {
	_ = r.ParseForm()
	var pairs []match.Assignment
	for _, s := range r.PostForm["pair"] {
		var a match.Assignment
		if json.Unmarshal([]byte(s), &a) == nil {
			pairs = append(pairs, a)
		}
	}
	res, err := p.app.SendCohortRequests(r.Context(), pairs)
	if err != nil {
		p.fail(w, r, "message", view{Title: p.tr(r, "cohort.title")}, err)
		return
	}
	p.render(w, r, http.StatusOK, "cohort", view{Title: p.tr(r, "cohort.title"), Notice: p.tr(r, "cohort.done_sent"), Data: cohortData{Sent: sentPairs(res, func(id string) string { return p.app.DisplayName(r.Context(), id) }), Method: "optimal"}})
}
