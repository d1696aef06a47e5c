package web

import (
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/i18n"
	"github.com/kinshiprecovery/kinship/internal/model"
)

// done finishes a form that saved what a person wrote: when the text
// signalled a crisis or a hard moment, it shows them, privately, the
// note with where help is (and a way on); otherwise it redirects to next.
func (p *Pages) done(w http.ResponseWriter, r *http.Request, next string) {
	note := app.SafetyFrom(r.Context())
	if note == nil {
		http.Redirect(w, r, next, http.StatusSeeOther)
		return
	}
	p.render(w, r, http.StatusOK, "support_note", view{Title: p.tr(r, "support.note_title"), Data: supportData{Note: note, Resources: resourcesIn(p.viewerLang(r), note.Resources), Naloxone: app.NaloxoneSteps}, NextURL: localNext(next)})
}

var errNoLines = errors.New("web: crisis lines not loaded")

// supportData is what the support pages need.
type supportData struct {
	Note      *app.SafetyNote
	Resources []app.HelpResource
	// Lines are the reader's country's lines first, others apart.
	Lines    *app.CrisisLines
	Country  string
	Naloxone []string
	Support  *app.Support
	Open     *app.AlertView
	// Earlier are the member's calls for support other than Open, the
	// one the page shows as current: Open is not an earlier call.
	Earlier []app.AlertView
	// NoCircle is set when pressing "I need support now" alerts nobody of
	// the member's own (no partner, no mentor): only peers on duty, if any.
	NoCircle bool
	Limited  bool
	Duty     dutyData
	// Reach says who the open alert reached and how, in the reader's
	// words; ReachPending is set while a push is still on its way, for
	// the page to look again.
	Reach        string
	ReachPending bool
	// CallerLines are, by alert, the lines of the country the person who
	// asked is in, when it is not the responder's (whose lines the page's
	// foot shows): the responder's emergency number may not reach them.
	// When the person keeps where they are from the responder, they are
	// the responder's own lines, with a word that they may be elsewhere.
	// A call whose caller is where the responder is has none: a pointer,
	// so that the page's {{with}} finds nothing for it (a struct value is
	// never empty, and drew an empty "Crisis lines where you are").
	CallerLines map[string]*callerLines
	// Operator is the organization that runs this Kinship (--operator), which
	// /about names; "" when it gave no name.
	Operator string
	// Pronouns are, by person, how the responder's page speaks of each
	// who asked (their pronouns where the responder may see them).
	Pronouns map[string]model.Pronoun
	// Says is what the status box says of the open alert.
	Says alertSays
	// Craving is set when the note is about a craving only: craving help
	// comes first, not emergency and suicide lines.
	Craving *app.CravingHelp
	// Share is the member's choice to let whoever answers their call see
	// their country's crisis lines; nil when it could not be read.
	Share *app.SupportChoices
}

// callerLines are the lines a responder reads on a call for support: the
// caller's country's (Theirs) or, when the caller keeps where they are
// private, the responder's own (Lines may then be nil when not loaded).
type callerLines struct {
	Lines  *app.CrisisLines
	Theirs bool
	// Shared says the caller keeps where they are from the responder but
	// chose to let whoever answers see their country's lines.
	Shared bool
}

// helpLines returns the crisis lines for whoever reads the page: the newer
// of the country chosen on this device and a member's from their profile
// (see country.go), else the instance's default country, else a guess from
// their browser's time zone (?tz= or the zone cookie) and languages
// (app.LinesCountry).
func (p *Pages) helpLines(r *http.Request) *app.CrisisLines {
	country, since := "", time.Time{}
	if act := app.ActorFrom(r.Context()); act != nil && !act.Session.MFAPending {
		_, country, since = p.app.MyPlace(r.Context())
	}
	zone, known := p.viewerZone(r)
	lines, _ := p.helpLinesFor(r, country, since, zone, known)
	return lines
}

// hereLines are the crisis lines of the country a reader seems to be in,
// shown at the foot beside the instance's default country's when those
// are shown only because nothing else said (app.HereCountry). Lines is
// shared by every page that shows the same lines, and is never changed.
type hereLines struct {
	Lines *app.CrisisLines
	// ByZone is true when the reader's time zone said the country (their
	// browser's language otherwise): the foot says which, and shows the
	// zone's country first, the language's after the default's.
	ByZone bool
}

// helpLinesFor is helpLines with the member's own country ("" for none or
// a visitor) and when they saved it, and the viewer's zone, read already;
// and the lines of the country the reader seems to be in, when those are
// not the lines shown (zero otherwise).
func (p *Pages) helpLinesFor(r *http.Request, country string, since time.Time, zone *time.Location, known bool) (*app.CrisisLines, hereLines) {
	chosen, at := chosenCountry(r)
	if country != "" && since.After(at) {
		chosen = "" // the profile's country was saved after this device's choice
	}
	switch chosen {
	case otherCountry:
		return p.linesIn(r, ""), hereLines{}
	case "":
	default:
		country = chosen
	}
	name := ""
	if known {
		name = zone.String()
	}
	accept := r.Header.Get("Accept-Language")
	lines := p.linesIn(r, p.app.LinesCountry(country, accept, name))
	var here hereLines
	if c, byZone := p.app.HereCountry(country, accept, name); c != "" && lines != nil && c != lines.Country {
		if l := p.linesIn(r, c); l != nil {
			here = hereLines{Lines: l, ByZone: byZone}
		}
	}
	return lines, here
}

// linesIn returns the lines for country in the reader's language, from
// this node's copy when it has them: every page shows them, and the
// lines change only when an admin changes them (which tells every node,
// see app.CrisisLinesGen). What it returns is shared by every page that
// shows the same lines, and is never changed.
func (p *Pages) linesIn(r *http.Request, country string) *app.CrisisLines {
	l := p.viewerLang(r)
	key := linesKey{gen: p.app.CrisisLinesGen(), country: country, lang: l}
	if c := p.lines.get(key); c != nil {
		return c
	}
	c, err := p.app.LinesFor(r.Context(), country)
	if err != nil {
		p.log.Warn("crisis lines not loaded", "err", err)
		return nil
	}
	out := linesIn(l, c)
	p.lines.put(key, out)
	return out
}

// crisisQueueData is what the crisis queue page needs.
type crisisQueueData struct {
	Items  []app.FlagView
	Paging queuePaging
	Duty   dutyData
	Weeks  []app.SafetyWeek // the check's precision and misses, newest week first
	// Waiting are the calls for support that wait for someone on duty,
	// answered on /support/respond, not in this queue.
	Waiting []app.SupportWaiting
	// Pronouns are, by person, how the page speaks of each item's
	// member (their pronouns where the moderator may see them).
	Pronouns map[string]model.Pronoun
}

// Support shows crisis resources for the member's country, their alert and
// who is responding. It is also where the "I need support now" button leads.
func (p *Pages) Support(w http.ResponseWriter, r *http.Request) {
	p.showSupport(w, r, view{}, false)
}

func (p *Pages) showSupport(w http.ResponseWriter, r *http.Request, v view, limited bool) {
	lines := p.helpLines(r)
	if c := r.URL.Query().Get("country"); c != "" {
		if other, err := p.app.LinesFor(r.Context(), c); err == nil {
			lines = p.viewerLines(r, other)
		}
	}
	if lines == nil {
		p.fail(w, r, "message", view{Title: p.tr(r, "support.page")}, errNoLines)
		return
	}
	s, err := p.app.ListSupport(r.Context())
	if err != nil {
		p.fail(w, r, "message", view{Title: p.tr(r, "support.page")}, err)
		return
	}
	d := supportData{Lines: lines, Country: lines.Country, Naloxone: app.NaloxoneSteps, Support: s, Limited: limited}
	if n, err := p.app.SupportCircleSize(r.Context()); err == nil && n == 0 {
		d.NoCircle = true
	}
	for i := range s.Mine {
		if s.Mine[i].Status != "resolved" {
			d.Open = &s.Mine[i]
			d.Reach, d.ReachPending = reachSentence(p.viewerLang(r), d.Open.Reached)
			d.Says = alertWords(p.viewerLang(r), d.Open)
			break
		}
	}
	for i := range s.Mine {
		if d.Open == nil || s.Mine[i].ID != d.Open.ID {
			d.Earlier = append(d.Earlier, s.Mine[i])
		}
	}
	if c, err := p.app.MySupportChoices(r.Context()); err == nil {
		d.Share = c
	}
	switch r.URL.Query().Get("done") {
	case "closed":
		v.Notice = p.tr(r, "support.done_closed")
	case "shared":
		if d.Share != nil && d.Share.ShareCountryLines && d.Share.Country != "" {
			v.Notice = p.tr(r, "support.done_shared", "Country", countryNameIn(p.viewerLang(r), d.Share.Country))
		}
	case "unshared":
		if d.Share != nil && !d.Share.ShareCountryLines {
			v.Notice = p.tr(r, "support.done_unshared")
		}
	}
	v.Title, v.Data = p.tr(r, "support.title_short"), d
	p.render(w, r, http.StatusOK, "support", v)
}

// alertSays is what the support page's status box says of the member's
// call for support: a lead in bold ("Bo is responding.") and the rest.
type alertSays struct {
	Lead string `json:"lead"`
	Rest string `json:"rest"`
}

// alertWords is what the status box says of the alert al, in l.
func alertWords(l *i18n.Lang, al *app.AlertView) alertSays {
	switch {
	case al.Status == "resolved" && al.Note != "":
		return alertSays{Lead: l.T("support.closed_live"), Rest: l.T("support.closed_note", "Note", al.Note)}
	case al.Status == "resolved":
		return alertSays{Lead: l.T("support.closed_live")}
	case al.Responder != "":
		return alertSays{Lead: tNamed(l, "support.responding", "Name", al.Responder), Rest: l.T("support.look_for_message")}
	case al.Stage == "on_duty" && al.Reached != nil:
		// Said of this member's people as they are: their own named when
		// the alert reached them first, and the peers on duty only when
		// someone was on duty to alert.
		names, duty := circleNames(*al.Reached), onDutyReached(*al.Reached)
		switch {
		case duty && len(names) > 0:
			return alertSays{Rest: l.T("support.on_duty_alerted_after", "Names", andList(l, names), "Count", len(names))}
		case duty:
			return alertSays{Rest: l.T("support.on_duty_alerted")}
		case len(names) > 0:
			return alertSays{Rest: l.T("support.on_duty_none_after", "Names", andList(l, names), "Count", len(names))}
		}
		return alertSays{} // nobody reached: the reach sentence says so, and where to turn
	case al.Stage == "on_duty":
		return alertSays{Rest: l.T("support.on_duty_alerted")} // who it reached cannot be read
	case al.Reached != nil && len(circleNames(*al.Reached)) > 0:
		names := circleNames(*al.Reached)
		return alertSays{Rest: l.T("support.circle_alerted", "Names", andList(l, names), "Count", len(names))}
	}
	return alertSays{Rest: l.T("support.partners_alerted")}
}

// circleNames are the names of the member's own people (partners and
// mentor) an alert reached before the on-duty peers, in order.
func circleNames(reached []app.Reached) []string {
	var names []string
	for _, r := range reached {
		if r.Stage != "on_duty" && r.Name != nil {
			names = append(names, *r.Name)
		}
	}
	slices.Sort(names)
	return names
}

// onDutyReached reports whether an alert reached anyone on duty.
func onDutyReached(reached []app.Reached) bool {
	for _, r := range reached {
		if r.Stage == "on_duty" && r.People > 0 {
			return true
		}
	}
	return false
}

// supportStatus is the answer of SupportStatus.
type supportStatus struct {
	// ID is the member's latest alert; "" when they never raised one.
	ID     string `json:"id"`
	Status string `json:"status"` // open, acknowledged, resolved
	alertSays
	Reach        string `json:"reach"`
	ReachPending bool   `json:"reach_pending"`
}

// SupportStatus is what the support page's status box says of the
// member's latest call for support, as JSON, for the page to put in place
// when the socket says something changed (or, without a socket, when it
// looks again, less and less often): the box is a live region, so a screen
// reader hears the change and nothing else, and the server renders no page.
func (p *Pages) SupportStatus(w http.ResponseWriter, r *http.Request) {
	mine, _, _, err := p.app.SupportPage(r.Context(), app.AlertsRaised, app.PageRequest{Limit: 1})
	if err != nil {
		p.log.Error("support status", "err", err)
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(http.StatusInternalServerError)
		_, _ = w.Write([]byte(`{"error":"your call for support could not be read; reload the page"}` + "\n"))
		return
	}
	var out supportStatus
	if len(mine) > 0 {
		al, l := &mine[0], p.viewerLang(r)
		out = supportStatus{ID: al.ID, Status: al.Status, alertSays: alertWords(l, al)}
		if al.Status != "resolved" {
			out.Reach, out.ReachPending = reachSentence(l, al.Reached)
		}
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_ = json.NewEncoder(w).Encode(out)
}

// SupportNow is the "I need support now" button: it alerts the member's
// people and shows the resources at once. A refused alert (too many in a
// short time) still shows the resources.
func (p *Pages) SupportNow(w http.ResponseWriter, r *http.Request) {
	if _, err := p.app.RequestSupport(r.Context()); err != nil {
		p.showSupport(w, r, view{Error: p.tr(r, "support.alert_refused")}, true)
		return
	}
	http.Redirect(w, r, "/support", http.StatusSeeOther)
}

// ShareLines lets whoever answers the member's calls for support see their
// country's crisis lines (share=yes), or stops it, then shows the support
// page again with what changed.
func (p *Pages) ShareLines(w http.ResponseWriter, r *http.Request) {
	f := form(r, "share")
	on := f["share"] == "yes"
	if _, err := p.app.ShareLinesOnCall(r.Context(), on); err != nil {
		p.fail(w, r, "message", view{Title: p.tr(r, "support.page")}, err)
		return
	}
	done := "unshared"
	if on {
		done = "shared"
	}
	http.Redirect(w, r, "/support?done="+done+"#share-lines", http.StatusSeeOther)
}

// CloseAlert lets the member close their own alert.
func (p *Pages) CloseAlert(w http.ResponseWriter, r *http.Request) {
	f := form(r, "note")
	if _, err := p.app.ResolveAlert(r.Context(), r.PathValue("id"), f["note"]); err != nil {
		p.fail(w, r, "message", view{Title: p.tr(r, "support.page")}, err)
		return
	}
	http.Redirect(w, r, "/support?done=closed", http.StatusSeeOther)
}

// Respond lists the alerts the actor may answer, and the on-duty switch.
func (p *Pages) Respond(w http.ResponseWriter, r *http.Request) {
	s, err := p.app.ListSupport(r.Context())
	if err != nil {
		p.fail(w, r, "message", view{Title: p.tr(r, "respond.title_short")}, err)
		return
	}
	own := p.helpLines(r)
	callers := map[string]*callerLines{}
	pronouns := map[string]model.Pronoun{}
	for _, al := range s.ToRespond {
		if _, ok := pronouns[al.MemberID]; !ok {
			pronouns[al.MemberID] = p.app.PronounOf(r.Context(), al.MemberID)
		}
		switch {
		case al.MemberCountryPrivate:
			callers[al.ID] = &callerLines{Lines: own}
		case al.MemberCountry != "" && (own == nil || al.MemberCountry != own.Country):
			if c := p.linesIn(r, al.MemberCountry); c != nil && c.Country != "" {
				callers[al.ID] = &callerLines{Lines: c, Theirs: true, Shared: al.MemberCountryShared}
			}
		}
	}
	v := view{Title: p.tr(r, "respond.title"), Data: supportData{Support: s, Duty: p.duty(r, "/support/respond"), CallerLines: callers, Pronouns: pronouns},
		Notice: p.dutyNotice(r), Help: own}
	switch r.URL.Query().Get("done") {
	case "acknowledged":
		v.Notice = p.tr(r, "respond.done_acknowledged")
	case "resolved":
		v.Notice = p.tr(r, "respond.done_resolved")
	}
	p.render(w, r, http.StatusOK, "respond", v)
}

// RespondAction acknowledges or resolves an alert.
func (p *Pages) RespondAction(w http.ResponseWriter, r *http.Request) {
	f := form(r, "action", "note")
	var err error
	done := "acknowledged"
	if f["action"] == "resolve" {
		done = "resolved"
		_, err = p.app.ResolveAlert(r.Context(), r.PathValue("id"), f["note"])
	} else {
		_, err = p.app.AcknowledgeAlert(r.Context(), r.PathValue("id"))
	}
	if err != nil {
		p.fail(w, r, "message", view{Title: p.tr(r, "respond.title_short")}, err)
		return
	}
	http.Redirect(w, r, "/support/respond?done="+done, http.StatusSeeOther)
}

// dutyBack are the pages the on-duty switch is on, to return to.
var dutyBack = map[string]bool{"/support/respond": true, "/mentorship": true, "/moderation/crisis": true}

// dutyData is what the on-duty switch needs.
type dutyData struct {
	app.Duty
	Back string
}

// duty returns the actor's switch for a page, nil when it fails.
func (p *Pages) duty(r *http.Request, back string) dutyData {
	d, err := p.app.MyDuty(r.Context())
	if err != nil {
		return dutyData{Back: back}
	}
	return dutyData{Duty: *d, Back: back}
}

// OnDuty puts the actor on or off the roster, then returns to the page
// the switch was on.
func (p *Pages) OnDuty(w http.ResponseWriter, r *http.Request) {
	f := form(r, "on", "back")
	if err := p.app.SetOnDuty(r.Context(), f["on"] == "yes"); err != nil {
		p.fail(w, r, "message", view{Title: p.tr(r, "duty.title")}, err)
		return
	}
	back := f["back"]
	if !dutyBack[back] {
		back = "/support/respond"
	}
	done := "off-duty"
	if f["on"] == "yes" {
		done = "on-duty"
	}
	http.Redirect(w, r, back+"?done="+done, http.StatusSeeOther)
}

// dutyNotice is what a page says after the on-duty switch, "" otherwise.
func (p *Pages) dutyNotice(r *http.Request) string {
	switch r.URL.Query().Get("done") {
	case "on-duty":
		return p.tr(r, "duty.done_on")
	case "off-duty":
		return p.tr(r, "duty.done_off")
	}
	return ""
}

// CrisisQueue is the moderators' queue.
func (p *Pages) CrisisQueue(w http.ResponseWriter, r *http.Request) {
	after := r.URL.Query().Get("after")
	q, err := p.app.CrisisQueueAfter(r.Context(), after, queuePageSize)
	if err != nil {
		p.fail(w, r, "message", view{Title: p.tr(r, "crisis_queue.title")}, err)
		return
	}
	weeks, err := p.app.SafetyQuality(r.Context())
	if err != nil {
		p.fail(w, r, "message", view{Title: p.tr(r, "crisis_queue.title")}, err)
		return
	}
	waiting, err := p.app.SupportWaitingForDuty(r.Context())
	if err != nil {
		p.fail(w, r, "message", view{Title: p.tr(r, "crisis_queue.title")}, err)
		return
	}
	pronouns := map[string]model.Pronoun{}
	for _, f := range q.Items {
		if _, ok := pronouns[f.MemberID]; !ok {
			pronouns[f.MemberID] = p.app.PronounOf(r.Context(), f.MemberID)
		}
	}
	v := view{Title: p.tr(r, "crisis_queue.title"), Data: crisisQueueData{Items: q.Items, Paging: queuePagingOf("flags", "/moderation/crisis", after, q),
		Duty: p.duty(r, "/moderation/crisis"), Weeks: weeks, Pronouns: pronouns, Waiting: waiting}, Notice: p.dutyNotice(r)}
	if r.URL.Query().Get("done") == "1" {
		v.Notice = p.tr(r, "common.saved")
	}
	p.render(w, r, http.StatusOK, "crisis_queue", v)
}

// CrisisAction acknowledges or resolves a queue item.
func (p *Pages) CrisisAction(w http.ResponseWriter, r *http.Request) {
	f := form(r, "action", "note", "after")
	if _, err := p.app.ActOnFlag(r.Context(), r.PathValue("id"), f["action"], f["note"]); err != nil {
		p.fail(w, r, "message", view{Title: p.tr(r, "crisis_queue.title")}, err)
		return
	}
	http.Redirect(w, r, queueBack("/moderation/crisis", f["after"]), http.StatusSeeOther)
}

// MessageFlagged opens the moderator's conversation with the person a
// crisis-queue item is about.
func (p *Pages) MessageFlagged(w http.ResponseWriter, r *http.Request) {
	t, _, err := p.app.MessageFlaggedPerson(r.Context(), r.PathValue("id"), "", "")
	if err != nil {
		p.fail(w, r, "message", view{Title: p.tr(r, "crisis_queue.title")}, err)
		return
	}
	http.Redirect(w, r, "/messages/"+t.ID, http.StatusSeeOther)
}

// CrisisResources is the admins' editor of crisis resources.
func (p *Pages) CrisisResources(w http.ResponseWriter, r *http.Request) {
	p.showCrisisResources(w, r, view{}, nil)
}

func (p *Pages) showCrisisResources(w http.ResponseWriter, r *http.Request, v view, err error) {
	rs, lerr := p.app.AllCrisisResources(r.Context())
	if lerr != nil {
		p.fail(w, r, "message", view{Title: p.tr(r, "crisis_resources.title")}, lerr)
		return
	}
	v.Title, v.Data = p.tr(r, "crisis_resources.title"), adminLinesIn(p.viewerLang(r), rs)
	if err != nil {
		p.fail(w, r, "crisis_resources", v, err)
		return
	}
	if r.URL.Query().Get("done") != "" {
		v.Notice = p.tr(r, "common.saved")
	}
	p.render(w, r, http.StatusOK, "crisis_resources", v)
}

// adminLine is one row of the admins' editor: the line as members
// reading the admin's language see it, and as it is stored (in English)
// where that differs.
type adminLine struct {
	app.HelpResource
	Stored app.HelpResource
	// Translated is set where members read Name, Contact or Description
	// in another wording than the stored one.
	Translated bool
}

// adminLines is the admins' editor's table.
type adminLines struct {
	Lines []adminLine
	// Translated is set where any line reads otherwise than stored.
	Translated bool
}

// adminLinesIn shows an admin reading l what members reading l read of
// each line, and the stored text beside it where the two differ.
func adminLinesIn(l *i18n.Lang, rs []app.HelpResource) adminLines {
	out := adminLines{Lines: make([]adminLine, len(rs))}
	for i, r := range rs {
		shown := lineIn(l, r)
		_, own := r.DescriptionIn(l.Code) // the admin's own words, not a translation
		tr := shown.Name != r.Name || shown.Contact != r.Contact || shown.Description != r.Description && !own
		out.Lines[i] = adminLine{HelpResource: shown, Stored: r, Translated: tr}
		out.Translated = out.Translated || tr
	}
	return out
}

// SaveCrisisResource adds or changes one resource.
func (p *Pages) SaveCrisisResource(w http.ResponseWriter, r *http.Request) {
	f := form(r, "id", "country", "name", "contact", "kind", "description", "descriptions.es", "languages", "position", "delete")
	if f["delete"] == "yes" {
		if err := p.app.DeleteCrisisResource(r.Context(), f["id"]); err != nil {
			p.showCrisisResources(w, r, view{Form: f}, err)
			return
		}
		http.Redirect(w, r, "/admin/crisis-resources?done=1", http.StatusSeeOther)
		return
	}
	pos := 0
	for _, c := range f["position"] {
		if c >= '0' && c <= '9' && pos < 1000 {
			pos = pos*10 + int(c-'0')
		}
	}
	in := app.HelpResourceInput{ID: f["id"], Country: f["country"], Name: f["name"], Contact: f["contact"], Kind: f["kind"], Description: f["description"],
		Descriptions: map[string]string{"es": f["descriptions.es"]}, Languages: strings.Split(f["languages"], ","), Position: pos}
	if _, err := p.app.SaveCrisisResource(r.Context(), in); err != nil {
		p.showCrisisResources(w, r, view{Form: f}, err)
		return
	}
	http.Redirect(w, r, "/admin/crisis-resources?done=1", http.StatusSeeOther)
}

// About says plainly what Kinship is and is not.
func (p *Pages) About(w http.ResponseWriter, r *http.Request) {
	p.render(w, r, http.StatusOK, "about", view{Title: p.tr(r, "footer.about_link"), Data: supportData{Lines: p.helpLines(r), Operator: p.app.Operator()}})
}
