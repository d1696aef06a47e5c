package httpapi

import (
	"net/http"

	"github.com/kinshiprecovery/kinship/internal/app"
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
	Email  string `json:"email,omitempty"`
	// Language is the language of the email and of the page it links to;
	// the inviter's own when left out.
	Language string `json:"language,omitempty" doc:"the language of the email and of the page it links to, such as en or es; the inviter's own when left out"`
}

func (s *Server) createInvitation(w http.ResponseWriter, r *http.Request) {
	var in createInvitationIn
	if err := decodeOptional(w, r, &in); err != nil {
		writeError(w, r, err)
		return
	}
	v, err := s.app.InviteToOrganization(r.Context(), r.PathValue("id"), in.Cohort, in.Days, in.Email, in.Language)
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
