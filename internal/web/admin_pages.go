package web

import (
	"net/http"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/i18n"
	"github.com/kinshiprecovery/kinship/internal/model"
)

// adminData is the site admin's page.
type adminData struct {
	*app.AdminOverview
	Roles []option
}

// roleOptions are the roles a site admin may give, named in l.
func roleOptions(l *i18n.Lang) []option {
	var out []option
	for _, r := range model.Roles {
		out = append(out, option{string(r), upperFirst(roleName(l, string(r)))})
	}
	return out
}

// Admin lists organizations and people with roles, with forms to create an
// organization and give a role (site admins).
func (p *Pages) Admin(w http.ResponseWriter, r *http.Request) {
	p.showAdmin(w, r, view{}, nil)
}

func (p *Pages) showAdmin(w http.ResponseWriter, r *http.Request, v view, err error) {
	o, oerr := p.app.Overview(r.Context())
	if oerr != nil {
		p.fail(w, r, "message", view{Title: p.tr(r, "admin.title")}, oerr)
		return
	}
	if r.URL.Query().Get("done") == "role" {
		v.Notice = p.tr(r, "admin.done_role")
	}
	v.Title, v.Data = p.tr(r, "admin.title"), adminData{AdminOverview: o, Roles: roleOptions(p.viewerLang(r))}
	p.show(w, r, "admin", v, err)
}

// GiveRole gives an account a role (site admins; recorded in the audit log).
func (p *Pages) GiveRole(w http.ResponseWriter, r *http.Request) {
	f := form(r, "email", "role")
	if _, err := p.app.GiveRole(r.Context(), f["email"], model.Role(f["role"])); err != nil {
		p.showAdmin(w, r, view{Form: f}, err)
		return
	}
	http.Redirect(w, r, "/admin?done=role#people-h", http.StatusSeeOther)
}

// CreateOrganizationAdmin creates an organization from the admin page and
// lands on its page.
func (p *Pages) CreateOrganizationAdmin(w http.ResponseWriter, r *http.Request) {
	f := form(r, "name", "admin_email")
	o, err := p.app.CreateOrganization(r.Context(), f["name"], f["admin_email"])
	if err != nil {
		p.showAdmin(w, r, view{Form: f}, err)
		return
	}
	p.orgDone(w, r, o.ID, flash{Done: "created"}, "")
}
