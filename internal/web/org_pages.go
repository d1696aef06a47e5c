package web

import (
	"errors"
	"maps"
	"net/http"
	"strings"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/i18n"
	"github.com/kinshiprecovery/kinship/internal/model"
)

// orgsData is what the organizations pages need.
type orgsData struct {
	Orgs       []app.OrgView
	SiteAdmin  bool
	Org        *app.OrgView
	Members    []app.OrgMemberView
	Dashboard  *app.Dashboard
	Invitation *app.InvitationView
	// SentTo is the address the code made was emailed to, if any: the
	// notice says so, since the form's address is cleared.
	SentTo string
	// Invitations are the organization's codes, for its admins and staff.
	Invitations []app.InvitationRow
	// RosterProblems are the rows of a list of addresses that cannot be
	// invited, in the reader's words ("line 3: 'ana@' is not an email
	// address"); nothing was sent.
	RosterProblems []string
	// RosterMax is the most addresses a list may hold (app.RosterMax).
	RosterMax int
	Disclosed *app.DisclosedData
	// NotShared is the client whose data staff opened before they shared
	// anything (or after it ended): the page says so, and what to do.
	NotShared *notShared
	Checkins  []checkinRow // the disclosed check-ins, in words
	Consents  []app.ConsentView
	// Labels name the disclosed profile's pathways.
	Labels map[string]string
	// Pronoun is the client's, as staff may see it, for the shared-data
	// page's sentences about them ("her recovery", "ask him").
	Pronoun model.Pronoun
}

// Organizations lists the actor's organizations, with joining by code and,
// for site admins, creating one.
func (p *Pages) Organizations(w http.ResponseWriter, r *http.Request) {
	p.showOrganizations(w, r, view{}, nil)
}

func (p *Pages) showOrganizations(w http.ResponseWriter, r *http.Request, v view, err error) {
	orgs, lerr := p.app.MyOrganizations(r.Context())
	if lerr != nil {
		p.fail(w, r, "message", view{Title: p.tr(r, "orgs.title")}, lerr)
		return
	}
	act := app.ActorFrom(r.Context())
	switch r.URL.Query().Get("done") {
	case "joined":
		v.Notice = p.tr(r, "orgs.done_joined")
	case "joined_alum":
		v.Notice = p.tr(r, "orgs.done_joined_alum")
	}
	v.Title, v.Data = p.tr(r, "orgs.title"), orgsData{Orgs: orgs, SiteAdmin: act.User.Role == model.RoleSiteAdmin}
	p.show(w, r, "organizations", v, err)
}

// Invitation is the page an organization's invitation email links to, for
// a person who may have no account yet: how to join with the code, in the
// language the staff member chose for them (?lang=es). A visitor keeps that
// language for signing up; a member reads their own.
func (p *Pages) Invitation(w http.ResponseWriter, r *http.Request) {
	act := app.ActorFrom(r.Context())
	if code := r.URL.Query().Get("lang"); code != "" && i18n.Load().Supported(code) && act == nil {
		p.setLangCookie(w, code)
		r = withLangCookie(r, code)
	}
	v := view{Title: p.tr(r, "invitation.title")}
	if act == nil {
		// The device remembers that it came with an invitation (not the
		// code), so the email's confirmation link brings the new member
		// back here to enter it, not to a home that says nothing of it.
		http.SetCookie(w, &http.Cookie{Name: invitedCookie, Value: "1", Path: "/", HttpOnly: true, Secure: p.opts.Secure,
			SameSite: http.SameSiteLaxMode, MaxAge: 14 * 24 * 3600})
	} else if r.URL.Query().Get("verified") == "1" {
		v.Notice = p.tr(r, "auth.confirmed")
	}
	p.render(w, r, http.StatusOK, "invitation", v)
}

// invitedCookie marks a device that opened an invitation before it had an
// account: the first confirmation of an email there leads back to it.
const invitedCookie = "kinship_invited"

// afterConfirmed is where a confirmed email leads: the invitation's page
// when this device came with one (and it forgets it), home otherwise.
func (p *Pages) afterConfirmed(w http.ResponseWriter, r *http.Request) string {
	if c, err := r.Cookie(invitedCookie); err == nil && c.Value == "1" {
		http.SetCookie(w, &http.Cookie{Name: invitedCookie, Value: "", Path: "/", HttpOnly: true, Secure: p.opts.Secure,
			SameSite: http.SameSiteLaxMode, MaxAge: -1})
		return "/invitation?verified=1"
	}
	return "/?verified=1"
}

// JoinOrganization uses an invitation code.
func (p *Pages) JoinOrganization(w http.ResponseWriter, r *http.Request) {
	f := form(r, "code")
	o, err := p.app.JoinOrganization(r.Context(), f["code"])
	if err != nil {
		p.showOrganizations(w, r, view{Form: f}, err)
		return
	}
	if o.MyRole == app.OrgAlumni {
		http.Redirect(w, r, "/organizations?done=joined_alum", http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, "/organizations?done=joined", http.StatusSeeOther)
}

// CreateOrganization creates an organization (site admins).
func (p *Pages) CreateOrganization(w http.ResponseWriter, r *http.Request) {
	f := form(r, "name", "admin_email")
	o, err := p.app.CreateOrganization(r.Context(), f["name"], f["admin_email"])
	if err != nil {
		p.showOrganizations(w, r, view{Form: f}, err)
		return
	}
	p.orgDone(w, r, o.ID, flash{Done: "created"}, "")
}

// orgDone leads, after an organization's form did its work, to the
// organization's page (303, its address without the outcome), which says
// the outcome once.
func (p *Pages) orgDone(w http.ResponseWriter, r *http.Request, orgID string, f flash, fragment string) {
	f.Kind = "org"
	p.setFlash(w, app.ActorFrom(r.Context()).Session.ID, f)
	http.Redirect(w, r, "/organizations/"+orgID+fragment, http.StatusSeeOther)
}

// orgNotices are the words of an organization's forms' outcomes.
var orgNotices = map[string]string{"created": "org.done_created", "discharged": "org.done_discharged", "added": "org.done_added",
	"group": "org.done_group", "revoked": "org.done_revoked"}

// Organization is an organization's staff page, with the outcome of the
// form that led here, once (a code made is shown this once).
func (p *Pages) Organization(w http.ResponseWriter, r *http.Request) {
	v := view{}
	var made *flash
	if f, ok := p.takeFlash(w, r, "org"); ok {
		if id, ok := orgNotices[f.Done]; ok {
			v.Notice = p.tr(r, id)
		}
		if f.Done == "roster" {
			v.Notice = p.tr(r, "org.roster_sent", "Count", f.Count)
			if f.JoinsAs == app.OrgAlumni {
				v.Notice += " " + p.tr(r, "org.roster_sent_alum")
			}
			if f.Notice != "" { // some addresses were sent nothing, each said
				v.Notice = f.Notice
			}
		}
		if f.Done == "roster_left" {
			// A list partly sent, shown after the redirect: reloading
			// this page sends nothing again.
			// What was refused reads as a refused form's words do,
			// though this page itself is no refusal (200).
			words := upperFirst(p.viewerLang(r).Say(app.Say("org.roster_left", "Count", f.Left)))
			v.Notice, v.Form, v.Data, v.Error, v.Fields = f.Notice, f.Form, f.Lines, words, map[string]string{"roster": words}
			p.showOrganization(w, r, v, nil, nil)
			return
		}
		if f.Done == "discharged" && f.Person != "" {
			id := pronounID(p.app.PronounOf(r.Context(), f.Person), "org.done_discharged_named", "org.done_discharged_named_she", "org.done_discharged_named_he")
			v.Notice = p.tr(r, id, "Name", p.app.DisplayName(r.Context(), f.Person))
		}
		made = &f
	}
	p.showOrganization(w, r, v, made, nil)
}

// showOrganization draws an organization's page; made is the outcome of
// the form that led to it (a code made, and where it was emailed), or nil.
func (p *Pages) showOrganization(w http.ResponseWriter, r *http.Request, v view, made *flash, err error) {
	id := r.PathValue("id")
	ms, merr := p.app.OrgMembers(r.Context(), id)
	if merr != nil {
		p.fail(w, r, "message", view{Title: p.tr(r, "org.title")}, merr)
		return
	}
	dash, _ := p.app.OrgDashboard(r.Context(), id)
	org, oerr := p.app.Organization(r.Context(), id)
	if oerr != nil {
		p.fail(w, r, "message", view{Title: p.tr(r, "org.title")}, oerr)
		return
	}
	var invs []app.InvitationRow
	if org.MyRole != "site_admin" {
		invs, _ = p.app.ListInvitations(r.Context(), id)
	}
	d := orgsData{Org: org, Members: ms, Dashboard: dash, Invitations: invs, RosterMax: app.RosterMax}
	if made != nil {
		d.Invitation, d.SentTo = made.Invitation, made.SentTo
	}
	if v.Data != nil { // a list refused: its rows to fix
		if rp, ok := v.Data.([]string); ok {
			d.RosterProblems = rp
		}
	}
	v.Title, v.Data = org.Name, d
	p.show(w, r, "organization", v, err)
}

// OrgAction invites, adds staff, discharges or creates a group.
func (p *Pages) OrgAction(w http.ResponseWriter, r *http.Request) {
	f := form(r, "action", "cohort", "days", "email", "language", "role", "user_id", "name", "audience", "outcome", "confirm", "code_id",
		"joins_as", "roster")
	id := r.PathValue("id")
	switch f["action"] {
	case "invite":
		p.invite(w, r, id, f)
	case "staff":
		if _, err := p.app.AddOrgStaff(r.Context(), id, f["email"], f["role"]); err != nil {
			p.showOrganization(w, r, view{Form: f}, nil, err)
			return
		}
		p.orgDone(w, r, id, flash{Done: "added"}, "")
	case "revoke":
		if err := p.app.RevokeInvitation(r.Context(), id, f["code_id"]); err != nil {
			p.showOrganization(w, r, view{}, nil, err)
			return
		}
		p.orgDone(w, r, id, flash{Done: "revoked"}, "#codes-h")
	case "discharge":
		if f["confirm"] != "yes" {
			p.confirmDischarge(w, r, id, f, nil)
			return
		}
		if _, err := p.app.DischargeAs(r.Context(), id, f["user_id"], f["outcome"]); err != nil {
			p.confirmDischarge(w, r, id, f, err)
			return
		}
		p.orgDone(w, r, id, flash{Done: "discharged", Person: f["user_id"]}, "")
	case "group":
		name, vis := f["name"], "listed"
		if _, err := p.app.CreateGroup(r.Context(), app.GroupInput{Name: &name, Visibility: &vis, OrgID: id, Audience: f["audience"]}); err != nil {
			p.showOrganization(w, r, view{Form: f}, nil, err)
			return
		}
		p.orgDone(w, r, id, flash{Done: "group"}, "")
	default:
		p.NotFound(w, r)
	}
}

// invite makes a code for one person (emailed when an address is given),
// or one for each address of the list (roster) and emails each: none when
// a row of the list is not one address, each such row named by its line.
func (p *Pages) invite(w http.ResponseWriter, r *http.Request, id string, f map[string]string) {
	fe := model.FieldErrors{}
	days := wholeNumber(fe, f, "days", 0, "write how many days the code works, as a whole number from 1 to 90")
	if err := fe.Err(); err != nil {
		p.showOrganization(w, r, view{Form: f}, nil, err)
		return
	}
	in := app.InviteInput{Cohort: f["cohort"], Days: days, Language: f["language"], JoinsAs: f["joins_as"], Email: f["email"]}
	if in.Language == "" { // the inviter's language, as the page they read is in
		in.Language = p.viewerLang(r).Code
	}
	if strings.TrimSpace(f["roster"]) == "" {
		inv, err := p.app.Invite(r.Context(), id, in)
		if err != nil {
			p.showOrganization(w, r, view{Form: f}, nil, onField(err, "email", "invite-email"))
			return
		}
		p.orgDone(w, r, id, flash{Done: "code", Invitation: inv, SentTo: strings.TrimSpace(f["email"])}, "")
		return
	}
	if strings.TrimSpace(f["email"]) != "" {
		m := app.Say("org.roster_and_email")
		p.showOrganization(w, r, view{Form: f}, nil, model.ErrMsg(model.KindInvalid, m).WithField("invite-email", m))
		return
	}
	rows := app.RosterLines(f["roster"])
	emails, problems, err := app.CheckRoster(rows)
	if err != nil {
		p.showOrganization(w, r, view{Form: f}, nil, onField(err, "", "roster"))
		return
	}
	if len(problems) > 0 && len(emails) == 0 {
		l := p.viewerLang(r)
		lines := make([]string, 0, len(problems))
		for _, pr := range problems {
			lines = append(lines, l.T("org.roster_line", "Line", pr.At, "Problem", l.Say(pr.Why)))
		}
		m := app.Say("org.roster_fix", "Count", len(problems))
		p.showOrganization(w, r, view{Form: f, Data: lines}, nil, model.ErrMsg(model.KindInvalid, m).WithField("roster", m))
		return
	}
	res, err := p.app.InviteRoster(r.Context(), id, in, rows, func(int) string { return "roster" })
	if err != nil {
		p.showOrganization(w, r, view{Form: f}, nil, err)
		return
	}
	if len(res.Refused) > 0 {
		p.rosterPartlySent(w, r, f, res)
		return
	}
	out := flash{Done: "roster", Count: len(res.Sent), JoinsAs: app.OrgClient}
	if len(res.Sent) > 0 {
		out.JoinsAs = res.Sent[0].JoinsAs
	}
	if len(res.Open) > 0 {
		// Addresses sent nothing, each said: the notice is written here,
		// in the sender's words, and carried sealed to the next page.
		out.Notice = p.rosterSentWords(r, res, true)
		sealed, ok := p.sealedFlash(app.ActorFrom(r.Context()).Session.ID, flash{Kind: "org", Done: out.Done, Notice: out.Notice})
		if !ok {
			p.showOrganization(w, r, view{Notice: out.Notice}, nil, nil)
			return
		}
		p.setSealedFlash(w, sealed)
		http.Redirect(w, r, "/organizations/"+id, http.StatusSeeOther)
		return
	}
	p.orgDone(w, r, id, out, "")
}

// rosterSentWords is what a list's sending did, in the sender's words:
// the codes made (to which addresses, when named is true), and each
// address sent nothing because a code emailed to it is still open.
func (p *Pages) rosterSentWords(r *http.Request, res *app.RosterResult, named bool) string {
	l := p.viewerLang(r)
	var words string
	switch {
	case len(res.Sent) == 0:
		words = l.T("org.roster_none_sent")
	case named:
		to := make([]string, 0, len(res.Sent))
		for _, inv := range res.Sent {
			to = append(to, inv.Email)
		}
		words = l.T("org.roster_sent_to", "Count", len(res.Sent), "Addresses", andList(l, to))
	default:
		words = l.T("org.roster_sent", "Count", len(res.Sent))
	}
	if len(res.Sent) > 0 && res.Sent[0].JoinsAs == app.OrgAlumni {
		words += " " + l.T("org.roster_sent_alum")
	}
	zone, _ := p.viewerZone(r)
	for _, o := range res.Open {
		words += " " + l.T("org.roster_open_code", "Email", o.Email, "Day", l.Day(o.SentAt.In(zone)))
	}
	return words
}

// rosterPartlySent shows the organization's page after a list of which
// only some rows were addresses: the codes sent, to which addresses, and
// the list's box holding only the rows refused, one a line, each named by
// its line there and why, to fix and send again.
func (p *Pages) rosterPartlySent(w http.ResponseWriter, r *http.Request, f map[string]string, res *app.RosterResult) {
	l := p.viewerLang(r)
	refused := res.Refused
	notice := p.rosterSentWords(r, res, true)
	left := make([]string, 0, len(refused))
	lines := make([]string, 0, len(refused))
	for i, pr := range refused {
		left = append(left, pr.Text)
		lines = append(lines, l.T("org.roster_line", "Line", i+1, "Problem", l.Say(pr.Why)))
	}
	form := maps.Clone(f)
	form["roster"] = strings.Join(left, "\n")
	// The codes are made and sent: the page that says so comes after a
	// redirect, so that reloading it cannot send the list again (a new
	// code to every address in it). Only a box of refused rows too long
	// for the cookie that carries it is answered here, as before.
	out := flash{Kind: "org", Done: "roster_left", Notice: notice, Form: form, Lines: lines, Left: len(refused)}
	if sealed, ok := p.sealedFlash(app.ActorFrom(r.Context()).Session.ID, out); ok {
		p.setSealedFlash(w, sealed)
		http.Redirect(w, r, "/organizations/"+r.PathValue("id")+"#f-roster", http.StatusSeeOther)
		return
	}
	p.showOrganization(w, r, view{Form: form, Data: lines, Notice: notice}, nil, rosterLeft(len(refused)))
}

// rosterLeft is the message beside the box of a list's rows not sent.
func rosterLeft(n int) error {
	m := app.Say("org.roster_left", "Count", n)
	return model.ErrMsg(model.KindInvalid, m).WithField("roster", m)
}

// onField is err with its message for field from shown at field to
// instead (the invitation's address is "invite-email" on a page that has
// another "email"); with from "", an invalid input's message itself is
// shown at to.
func onField(err error, from, to string) error {
	var e *model.Error
	if !errors.As(err, &e) || e.Kind != model.KindInvalid {
		return err
	}
	c := *e
	c.Fields, c.FieldMsgs = map[string]string{}, map[string]*model.Msg{}
	for k, v := range e.Fields {
		at := k
		if k == from {
			at = to
		}
		c.Fields[at] = v
		if m := e.FieldMsgs[k]; m != nil {
			c.FieldMsgs[at] = m
		}
	}
	if from == "" && len(e.Fields) == 0 {
		c.Fields[to] = e.Message
		if e.Msg != nil {
			c.FieldMsgs[to] = e.Msg
		}
	}
	return &c
}

// notShared names the client and the program of a page of shared data
// with nothing shared.
type notShared struct{ Name, OrgID string }

// MemberUnderConsent shows staff what a member consented to show; before
// the member shares anything (or after it ended), a page that says so and
// what staff can do, where an error page stood (walk5 W5-16).
func (p *Pages) MemberUnderConsent(w http.ResponseWriter, r *http.Request) {
	d, err := p.app.MemberDataUnderConsent(r.Context(), r.PathValue("id"), r.PathValue("user"))
	if errors.Is(err, app.ErrNotShared) {
		name := p.app.DisplayName(r.Context(), r.PathValue("user"))
		p.render(w, r, http.StatusForbidden, "disclosed", view{Title: name, Data: orgsData{NotShared: &notShared{Name: name, OrgID: r.PathValue("id")},
			Pronoun: p.app.PronounOf(r.Context(), r.PathValue("user"))}})
		return
	}
	if err != nil {
		p.fail(w, r, "message", view{Title: p.tr(r, "disclosed.title")}, err)
		return
	}
	p.render(w, r, http.StatusOK, "disclosed", view{Title: d.Member, Data: orgsData{Disclosed: d, Checkins: checkinRows(p.viewerLang(r), d.Checkins), Labels: profileLabels(p.viewerLang(r)),
		Pronoun: p.app.PronounOf(r.Context(), r.PathValue("user"))}})
}

// Consents lists the actor's consents and disclosures, with a form to give one.
func (p *Pages) Consents(w http.ResponseWriter, r *http.Request) {
	p.showConsents(w, r, view{}, nil)
}

func (p *Pages) showConsents(w http.ResponseWriter, r *http.Request, v view, err error) {
	cs, cerr := p.app.MyConsents(r.Context())
	orgs, oerr := p.app.MyOrganizations(r.Context())
	if cerr != nil || oerr != nil {
		p.fail(w, r, "message", view{Title: p.tr(r, "consents.title")}, firstErr(cerr, oerr))
		return
	}
	switch r.URL.Query().Get("done") {
	case "given":
		v.Notice = p.tr(r, "consents.done_given")
	case "revoked":
		v.Notice = p.tr(r, "consents.done_revoked")
	}
	if v.Form == nil {
		// From today, for three months: a person changes either date.
		today := p.app.Today(r.Context())
		v.Form = map[string]string{"starts_at": today.Format("2006-01-02"), "ends_at": today.AddDate(0, 3, 0).Format("2006-01-02")}
	}
	v.Title, v.Data = p.tr(r, "consents.title"), orgsData{Consents: cs, Orgs: orgs}
	p.show(w, r, "consents", v, err)
}

// GiveConsent records a consent.
func (p *Pages) GiveConsent(w http.ResponseWriter, r *http.Request) {
	f := form(r, "org_id", "purpose", "starts_at", "ends_at")
	in := app.ConsentInput{OrgID: f["org_id"], Purpose: f["purpose"], StartsAt: f["starts_at"], EndsAt: f["ends_at"], Data: r.PostForm["data"]}
	for _, d := range in.Data { // ticked boxes stay ticked after an error
		f["data:"+d] = "on"
	}
	if _, err := p.app.GiveConsent(r.Context(), in); err != nil {
		p.showConsents(w, r, view{Form: f}, err)
		return
	}
	http.Redirect(w, r, "/consents?done=given", http.StatusSeeOther)
}

// RevokeConsent revokes one.
func (p *Pages) RevokeConsent(w http.ResponseWriter, r *http.Request) {
	if err := p.app.RevokeConsent(r.Context(), r.PathValue("id")); err != nil {
		p.showConsents(w, r, view{}, err)
		return
	}
	http.Redirect(w, r, "/consents?done=revoked", http.StatusSeeOther)
}

// dischargeData is the question asked before a discharge.
type dischargeData struct {
	Org    *app.OrgView
	Member app.OrgMemberView
	// Pronoun is the client's, as staff may see it ("she keeps her account").
	Pronoun model.Pronoun
}

// confirmDischarge asks how the client's time in the program ended before
// discharging them; nothing changes until they confirm.
func (p *Pages) confirmDischarge(w http.ResponseWriter, r *http.Request, orgID string, f map[string]string, err error) {
	org, oerr := p.app.Organization(r.Context(), orgID)
	ms, merr := p.app.OrgMembers(r.Context(), orgID)
	if oerr != nil || merr != nil {
		p.fail(w, r, "message", view{Title: p.tr(r, "org.title")}, firstErr(oerr, merr))
		return
	}
	for _, m := range ms {
		if m.UserID == f["user_id"] && m.Role == app.OrgClient {
			v := view{Title: p.tr(r, "discharge.title", "Name", m.Name), Form: f, Data: dischargeData{Org: org, Member: m, Pronoun: p.app.PronounOf(r.Context(), m.UserID)}}
			p.show(w, r, "discharge", v, err)
			return
		}
	}
	p.fail(w, r, "message", view{Title: p.tr(r, "org.title")}, &model.Error{Kind: model.KindNotFound, Message: "this person is not a current client of the organization"})
}
