package httpapi

import (
	"net/http"
	"strconv"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/model"
)

// createOrganizationIn is the body of createOrganization.
type createOrganizationIn struct {
	Name       string `json:"name"`
	AdminEmail string `json:"admin_email"`
}

func (s *Server) createOrganization(w http.ResponseWriter, r *http.Request) {
	var in createOrganizationIn
	if err := decode(w, r, &in); err != nil {
		writeError(w, r, err)
		return
	}
	v, err := s.app.CreateOrganization(r.Context(), in.Name, in.AdminEmail)
	if err != nil {
		writeError(w, r, err)
		return
	}
	created(w, "/api/v1/organizations/"+v.ID, v)
}

func (s *Server) myOrganizations(w http.ResponseWriter, r *http.Request) {
	v, err := s.app.MyOrganizations(r.Context())
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, organizationList{Organizations: v})
}

func (s *Server) orgMembers(w http.ResponseWriter, r *http.Request) {
	p, ok := mustPage(w, r)
	if !ok {
		return
	}
	v, next, err := s.app.OrgMembersPage(r.Context(), r.PathValue("id"), p.app())
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, keysetPage(p, v, next))
}

// addOrgStaffIn is the body of addOrgStaff.
type addOrgStaffIn struct {
	Email string `json:"email"`
	Role  string `json:"role"`
}

func (s *Server) addOrgStaff(w http.ResponseWriter, r *http.Request) {
	var in addOrgStaffIn
	if err := decode(w, r, &in); err != nil {
		writeError(w, r, err)
		return
	}
	v, err := s.app.AddOrgStaff(r.Context(), r.PathValue("id"), in.Email, in.Role)
	if err != nil {
		writeError(w, r, err)
		return
	}
	created(w, "/api/v1/organizations/"+r.PathValue("id")+"/members/"+v.UserID, v)
}

// createInvitationIn is the body of createInvitation.
type createInvitationIn struct {
	Cohort string `json:"cohort,omitempty"`
	Days   int    `json:"days,omitempty"`
	Email  string `json:"email,omitempty" doc:"one address to email the code to; several, or one that is not an address, is a 400 naming this field (invite several people with POST /api/v1/organizations/{id}/invitations/roster)"`
	// Language is the language of the email and of the page it links to;
	// the inviter's own when left out.
	Language string `json:"language,omitempty" doc:"the language of the email and of the page it links to, such as en or es; the inviter's own when left out (an address of an account that reads Kinship in a language of its own gets its email in that language)"`
	JoinsAs  string `json:"joins_as,omitempty" doc:"client (the default): the person joins as a client of the program; alumni: as an alum, for someone who finished the program before joining Kinship (no discharge follows, and no discharge notice)"`
}

// inviteRosterIn is the body of inviteRoster.
type inviteRosterIn struct {
	Cohort   string   `json:"cohort,omitempty"`
	Days     int      `json:"days,omitempty"`
	Language string   `json:"language,omitempty" doc:"the language of the emails and of the page they link to, such as en or es; the inviter's own when left out (an address of an account that reads Kinship in a language of its own gets its email in that language)"`
	JoinsAs  string   `json:"joins_as,omitempty" doc:"client (the default) or alumni, for every address, as in createInvitation"`
	Emails   []string `json:"emails" doc:"the addresses to invite, one in each place, at most 200 (an address given twice, in any case, is invited once); a place that is empty, holds several addresses or one that is not an address is refused and named in refused (emails[2]) while the others are invited (207); when no place is an address, a 400 names each and nothing is made or sent"`
}

// invitationList is the answer of inviteRoster.
type invitationList struct {
	// Invitations are the codes made, one for each address, in the
	// order given; each was emailed to its address.
	Invitations []app.InvitationView `json:"invitations" doc:"the codes made, one for each address in the order given, each emailed to its address (email) and shown this once"`
	// Refused are the places of the list not invited, and why.
	Refused []rosterRefused `json:"refused" doc:"the places of the list that were not invited, in order, each with why ([] when every place was invited, with 201; with 207 when some were): fix them and send only those again"`
	// AlreadyOpen are the addresses sent nothing, as a code emailed to
	// them is still open.
	AlreadyOpen []rosterOpen `json:"already_open" doc:"the addresses of the list that were sent no code because a code emailed to them before is still open, in order ([] when none; 207 when any): revoke that code on the organization's page to send a new one"`
}

// rosterOpen is an address of a list that was not sent a code, since
// one emailed to it before is still open.
type rosterOpen struct {
	Field  string          `json:"field" doc:"the place in the list: emails[2]"`
	Email  string          `json:"email" doc:"the address, as sent"`
	SentAt model.Timestamp `json:"sent_at" doc:"when the open code was made and emailed to it"`
}

// rosterRefused is a place of a list of people to invite that was not
// invited, and why.
type rosterRefused struct {
	Field   string `json:"field" doc:"the place in the list, as a 400 names it: emails[2]"`
	Email   string `json:"email" doc:"what the place holds, as sent"`
	Message string `json:"message" doc:"why it was not invited: \"'ana@' is not an email address\""`
}

func (s *Server) inviteRoster(w http.ResponseWriter, r *http.Request) {
	// An empty body is a list of no one, refused after who may ask is
	// checked: an outsider learns nothing from the body's shape.
	var in inviteRosterIn
	if err := decodeOptional(w, r, &in); err != nil {
		writeError(w, r, err)
		return
	}
	rows := make([]app.RosterRow, len(in.Emails))
	for i, e := range in.Emails {
		rows[i] = app.RosterRow{At: i, Text: e}
	}
	place := func(at int) string {
		if at < 0 {
			return "emails"
		}
		return "emails[" + strconv.Itoa(at) + "]"
	}
	res, err := s.app.InviteRoster(r.Context(), r.PathValue("id"), app.InviteInput{Cohort: in.Cohort, Days: in.Days, Language: in.Language, JoinsAs: in.JoinsAs},
		rows, place)
	if err != nil {
		writeError(w, r, err)
		return
	}
	out := invitationList{Invitations: res.Sent, Refused: make([]rosterRefused, 0, len(res.Refused)), AlreadyOpen: make([]rosterOpen, 0, len(res.Open))}
	for _, p := range res.Refused {
		out.Refused = append(out.Refused, rosterRefused{Field: place(p.At), Email: p.Text, Message: p.Why.English})
	}
	for _, o := range res.Open {
		out.AlreadyOpen = append(out.AlreadyOpen, rosterOpen{Field: place(o.At), Email: o.Email, SentAt: model.At(o.SentAt)})
	}
	status := http.StatusCreated
	if len(out.Refused)+len(out.AlreadyOpen) > 0 {
		// Some were invited and some not: 207, so that a client that reads
		// only the status still knows to show what was not sent.
		status = http.StatusMultiStatus
	}
	writeJSON(w, status, out)
}

func (s *Server) createInvitation(w http.ResponseWriter, r *http.Request) {
	var in createInvitationIn
	if err := decodeOptional(w, r, &in); err != nil {
		writeError(w, r, err)
		return
	}
	v, err := s.app.Invite(r.Context(), r.PathValue("id"), app.InviteInput{Cohort: in.Cohort, Days: in.Days, Email: in.Email, Language: in.Language, JoinsAs: in.JoinsAs})
	if err != nil {
		writeError(w, r, err)
		return
	}
	created(w, "/api/v1/organizations/"+r.PathValue("id")+"/members", v)
}

// joinOrganizationIn is the body of joinOrganization.
type joinOrganizationIn struct {
	Code string `json:"code"`
}

func (s *Server) joinOrganization(w http.ResponseWriter, r *http.Request) {
	var in joinOrganizationIn
	if err := decode(w, r, &in); err != nil {
		writeError(w, r, err)
		return
	}
	v, err := s.app.JoinOrganization(r.Context(), in.Code)
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

func (s *Server) discharge(w http.ResponseWriter, r *http.Request) {
	v, err := s.app.Discharge(r.Context(), r.PathValue("id"), r.PathValue("user"))
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

func (s *Server) orgDashboard(w http.ResponseWriter, r *http.Request) {
	v, err := s.app.OrgDashboard(r.Context(), r.PathValue("id"))
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

func (s *Server) memberUnderConsent(w http.ResponseWriter, r *http.Request) {
	v, err := s.app.MemberDataUnderConsent(r.Context(), r.PathValue("id"), r.PathValue("user"))
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

func (s *Server) giveConsent(w http.ResponseWriter, r *http.Request) {
	var in app.ConsentInput
	if err := decode(w, r, &in); err != nil {
		writeError(w, r, err)
		return
	}
	v, err := s.app.GiveConsent(r.Context(), in)
	if err != nil {
		writeError(w, r, err)
		return
	}
	created(w, "/api/v1/consents/"+v.ID, v)
}

func (s *Server) myConsents(w http.ResponseWriter, r *http.Request) {
	p, ok := mustPage(w, r)
	if !ok {
		return
	}
	v, err := s.app.MyConsents(r.Context())
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, slicePage(p, v, func(v app.ConsentView) string { return idNewestFirst(v.ID) }))
}

func (s *Server) revokeConsent(w http.ResponseWriter, r *http.Request) {
	if err := s.app.RevokeConsent(r.Context(), r.PathValue("id")); err != nil {
		writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
