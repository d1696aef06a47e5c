package app

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/kinshiprecovery/kinship/internal/i18n"
	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/password"
	"github.com/kinshiprecovery/kinship/internal/realtime"
	"github.com/kinshiprecovery/kinship/internal/store"
)

// The admin use cases run from the command line by the instance's operator,
// who already holds the database; they take no actor.

// AdminCreateUser creates a verified account with a role. Errors: invalid
// (per field), conflict (email taken).
func (a *App) AdminCreateUser(ctx context.Context, email, pw, displayName string, role model.Role) (*model.User, error) {
	return a.AdminCreateUserIn(ctx, email, pw, displayName, role, "")
}

// AdminCreateUserIn is AdminCreateUser with the person's time zone (an IANA
// name, a city or a name like Eastern, as on the sign-up form; "" for none),
// so that their days (check-ins, a consent's first and last day, "today")
// are their own from the start rather than UTC's until they choose one.
// The country of their crisis lines follows the zone, as at sign-up.
func (a *App) AdminCreateUserIn(ctx context.Context, email, pw, displayName string, role model.Role, zone string) (*model.User, error) {
	return a.AdminCreateUserLang(ctx, email, pw, displayName, role, zone, "")
}

// AdminCreateUserLang is AdminCreateUserIn with the language the person
// reads (en, es; "" for none yet): their emails are written in it from the
// first, where an account with none takes its sign-in page's language.
// Errors: invalid (per field, "language" among them), conflict.
func (a *App) AdminCreateUserLang(ctx context.Context, email, pw, displayName string, role model.Role, zone, lang string) (*model.User, error) {
	email = model.NormalizeEmail(email)
	displayName = strings.TrimSpace(displayName)
	fe := model.FieldErrors{}
	if msg := model.ValidateEmail(email); msg != "" {
		fe.Add("email", msg)
	}
	if msg := password.Check(pw, email, displayName); msg != "" {
		fe.Add("password", msg)
	}
	if msg := model.ValidateDisplayName(displayName); msg != nil {
		fe.AddMsg("display_name", msg)
	}
	if !role.Valid() {
		fe.Add("role", "use one of member, mentor, facilitator, moderator, org_admin, site_admin")
	}
	zone, country := placeOf(fe, zone, "")
	if lang = strings.TrimSpace(lang); lang != "" && !slices.Contains(i18n.Load().Codes(), lang) {
		fe.AddMsg("language", say("apperrf.language_not_spoken", "Code", lang, "Codes", strings.Join(i18n.Load().Codes(), ", ")))
	}
	if err := fe.Err(); err != nil {
		return nil, err
	}
	hash, err := password.Hash(pw)
	if err != nil {
		return nil, err
	}
	now := a.now()
	u := &model.User{ID: newID(), Email: email, PasswordHash: hash, Role: role, CreatedAt: now, EmailVerifiedAt: &now, Language: lang}
	err = a.store.InTx(ctx, func(tx store.Store) error {
		if err := tx.CreateUser(ctx, u); err != nil {
			return err
		}
		return a.saveProfile(ctx, tx, &model.Profile{UserID: u.ID, DisplayName: displayName, TimeZone: zone, Country: country, Visibility: model.DefaultVisibility()})
	})
	if errors.Is(err, store.ErrConflict) {
		return nil, &model.Error{Kind: model.KindConflict, Message: "an account with this email already exists", Fields: map[string]string{"email": "already registered"}}
	}
	return u, err
}

// AdminResetMFA turns off a person's two-factor login (after they lost their
// device) and signs them out; a role that requires it asks them to set it
// up again at their next sign-in. Errors: not_found.
func (a *App) AdminResetMFA(ctx context.Context, email string) (*model.User, error) {
	u, err := a.store.FindUserByEmail(ctx, model.NormalizeEmail(email))
	if err != nil {
		return nil, notFound(err, "apperrf.not_found.account")
	}
	err = a.store.InTx(ctx, func(tx store.Store) error {
		u.MFAEnabled = false
		u.MFASecretEnc = nil
		if err := tx.UpdateUser(ctx, u); err != nil {
			return err
		}
		if err := tx.ReplaceRecoveryCodes(ctx, u.ID, nil); err != nil {
			return err
		}
		return tx.DeleteUserSessions(ctx, u.ID, "")
	})
	if err != nil {
		return nil, err
	}
	a.endSockets(ctx, u.ID, "", "", realtime.ReasonSignedOut)
	a.audit(ctx, "", u.ID, "mfa_reset_by_operator", nil)
	return u, nil
}

// AdminSetRole changes a person's role. Errors: not_found, invalid.
func (a *App) AdminSetRole(ctx context.Context, email string, role model.Role) (*model.User, error) {
	if !role.Valid() {
		return nil, &model.Error{Kind: model.KindInvalid, Message: "use one of member, mentor, facilitator, moderator, org_admin, site_admin",
			Fields: map[string]string{"role": "use one of member, mentor, facilitator, moderator, org_admin, site_admin"}}
	}
	u, err := a.store.FindUserByEmail(ctx, model.NormalizeEmail(email))
	if err != nil {
		return nil, notFound(err, "apperrf.not_found.account")
	}
	u.Role = role
	if err := a.store.UpdateUser(ctx, u); err != nil {
		return nil, err
	}
	a.names.forget(u.ID) // a moderator's messages are marked as theirs
	// Open sockets carry the member as they were; they reconnect as they are.
	a.endSockets(ctx, u.ID, "", "", realtime.ReasonAccountChanged)
	a.audit(ctx, "", u.ID, "role_set:"+string(role), nil)
	return u, nil
}

// AdminRestrict suspends the account with email from writing until a time
// (zero: SuspendFor from now), or bans it (action "ban"), with a reason
// the person is told, for the operator's command line. It takes the
// moderation queue's path: a moderation action they can appeal, the
// restriction, a notification with the reason and how to appeal, their
// open sockets closed on every node (the broker's event; on SQLite,
// another process's commit), and the audit log. Errors: not_found,
// invalid.
func (a *App) AdminRestrict(ctx context.Context, email, action string, until time.Time, reason string) (*model.User, *store.Restriction, error) {
	reason = strings.TrimSpace(reason)
	fe := model.FieldErrors{}
	switch action {
	case "suspend", "ban":
	default:
		fe.Add("action", "use suspend or ban")
	}
	now := a.now()
	if action == "suspend" {
		if until.IsZero() {
			until = now.Add(SuspendFor)
		} else if !until.After(now) {
			fe.Add("until", "give a time still to come")
		}
	}
	if reason == "" {
		fe.Add("reason", "give a reason; the person will be told it")
	} else if utf8.RuneCountInString(reason) > 1000 {
		fe.Add("reason", "keep the reason to 1,000 characters")
	}
	if err := fe.Err(); err != nil {
		return nil, nil, err
	}
	u, err := a.store.FindUserByEmail(ctx, model.NormalizeEmail(email))
	if err != nil || u.Deleted() {
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return nil, nil, err
		}
		return nil, nil, errSay(model.KindNotFound, "apperrf.admin_no_account", "Email", model.NormalizeEmail(email))
	}
	m := &store.ModerationAction{ID: newID(), TargetType: "user", TargetID: u.ID, SubjectID: u.ID, Action: action, Reason: reason,
		CreatedAt: now, UpdatedAt: now}
	text := noteText("notify.admin_ban", "Reason", reason)
	if action == "suspend" {
		text = suspendNote(reason, until, a.viewerZone(ctx, u.ID))
	}
	err = a.store.InTx(ctx, func(tx store.Store) error {
		if err := a.restrict(ctx, tx, m, until); err != nil {
			return err
		}
		if err := tx.CreateModerationAction(ctx, m); err != nil {
			return err
		}
		return a.notifyAt(ctx, tx, u.ID, "moderation_notice", text, "/appeals/"+m.ID)
	})
	if err != nil {
		return nil, nil, err
	}
	a.forgetFree(u.ID)
	// Their open sockets close on every node; a reconnection finds the restriction.
	a.endSockets(ctx, u.ID, "", "", realtime.ReasonAccountChanged)
	a.audit(ctx, "", u.ID, "moderation_"+action, []string{m.TargetType})
	r, err := a.store.FindRestriction(ctx, u.ID)
	if err != nil {
		return nil, nil, err
	}
	return u, r, nil
}

// suspendNote tells a person the operator suspended them until a time,
// its day and clock in their zone and written in their language.
func suspendNote(reason string, until time.Time, zone *time.Location) note {
	return noteText("notify.admin_suspend", "Reason", reason).date("Day", until, zone).clock("Time", until, zone)
}

// AdminLift lifts the suspension or ban of the account with email, for the
// operator's command line: the person may write again at once, is told so,
// and their open sockets reconnect as they now are. Errors: not_found,
// conflict (neither suspended nor banned).
func (a *App) AdminLift(ctx context.Context, email string) (*model.User, *store.Restriction, error) {
	u, err := a.store.FindUserByEmail(ctx, model.NormalizeEmail(email))
	if err != nil || u.Deleted() {
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return nil, nil, err
		}
		return nil, nil, errSay(model.KindNotFound, "apperrf.admin_no_account", "Email", model.NormalizeEmail(email))
	}
	r, err := a.store.FindRestriction(ctx, u.ID)
	if errors.Is(err, store.ErrNotFound) || err == nil && r.Until != nil && !a.now().Before(*r.Until) {
		return nil, nil, errSay(model.KindConflict, "apperrf.admin_not_restricted", "Email", u.Email)
	} else if err != nil {
		return nil, nil, err
	}
	err = a.store.InTx(ctx, func(tx store.Store) error {
		if err := tx.DeleteRestriction(ctx, u.ID); err != nil {
			return err
		}
		return a.notifyAt(ctx, tx, u.ID, "moderation_notice", noteText("notify.admin_lift"), "/notifications")
	})
	if err != nil {
		return nil, nil, err
	}
	a.forgetFree(u.ID)
	a.endSockets(ctx, u.ID, "", "", realtime.ReasonAccountChanged)
	a.audit(ctx, "", u.ID, "restriction_lifted", nil)
	return u, r, nil
}

func (a *App) countAdmins(ctx context.Context) (int, error) {
	return a.store.CountUsersByRole(ctx, model.RoleSiteAdmin)
}

// NeedsFirstAdmin reports whether the instance has no account yet, so the
// first sign-up will become its site admin.
func (a *App) NeedsFirstAdmin(ctx context.Context) (bool, error) {
	n, err := a.store.CountUsers(ctx)
	return n == 0, err
}

// AdminOrg is an organization in the site admin's list.
type AdminOrg struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	Admins  int    `json:"admins"`
	Staff   int    `json:"staff"`
	Clients int    `json:"clients"`
	Alumni  int    `json:"alumni"`
}

// AdminPerson is an account with a role beyond member.
type AdminPerson struct {
	ID         string     `json:"id"`
	Name       string     `json:"display_name"`
	Email      string     `json:"email"`
	Role       model.Role `json:"role"`
	MFAEnabled bool       `json:"mfa_enabled"`
}

// AdminOverview is the site admin's page: every organization with how many
// people it has in each place, and every account with a role.
type AdminOverview struct {
	Orgs   []AdminOrg    `json:"organizations"`
	People []AdminPerson `json:"people"`
}

// Overview lists organizations and the people with roles. Site admins.
func (a *App) Overview(ctx context.Context) (*AdminOverview, error) {
	act, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	if act.User.Role != model.RoleSiteAdmin {
		return nil, model.Errorf(model.KindForbidden, "only site admins may do this")
	}
	out := &AdminOverview{Orgs: []AdminOrg{}, People: []AdminPerson{}}
	os, err := a.store.ListOrganizations(ctx)
	if err != nil {
		return nil, err
	}
	for _, o := range os {
		v := AdminOrg{ID: o.ID, Name: o.Name}
		ms, err := a.store.ListOrgMembers(ctx, o.ID)
		if err != nil {
			return nil, err
		}
		for _, m := range ms {
			switch m.Role {
			case OrgAdmin:
				v.Admins++
			case OrgStaff:
				v.Staff++
			case OrgClient:
				v.Clients++
			case OrgAlumni:
				v.Alumni++
			}
		}
		out.Orgs = append(out.Orgs, v)
	}
	us, err := a.store.ListStaffUsers(ctx)
	if err != nil {
		return nil, err
	}
	for _, u := range us {
		out.People = append(out.People, AdminPerson{ID: u.ID, Name: a.displayName(ctx, u.ID), Email: u.Email, Role: u.Role, MFAEnabled: u.MFAEnabled})
	}
	return out, nil
}

// GiveRole gives the account with email a role, recording which site admin
// did it. The last site admin cannot give up the role. A role beyond member
// needs two-factor login: the person is sent to set it up at their next
// page. Site admins. Errors: forbidden, invalid, not_found, conflict.
func (a *App) GiveRole(ctx context.Context, email string, role model.Role) (*model.User, error) {
	act, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	if act.User.Role != model.RoleSiteAdmin {
		return nil, model.Errorf(model.KindForbidden, "only site admins may do this")
	}
	if !role.Valid() {
		return nil, &model.Error{Kind: model.KindInvalid, Message: "choose one of the roles listed", Fields: map[string]string{"role": "choose a role"}}
	}
	u, err := a.store.FindUserByEmail(ctx, model.NormalizeEmail(email))
	if err != nil || u.Deleted() {
		return nil, &model.Error{Kind: model.KindNotFound, Message: "no account has that email; ask the person to sign up first", Fields: map[string]string{"email": "no account has this email"}}
	}
	if u.Role == model.RoleSiteAdmin && role != model.RoleSiteAdmin {
		if n, err := a.countAdmins(ctx); err != nil {
			return nil, err
		} else if n <= 1 {
			return nil, model.Errorf(model.KindConflict, "this is the only site admin; give someone else the role first")
		}
	}
	u.Role = role
	if err := a.store.UpdateUser(ctx, u); err != nil {
		return nil, err
	}
	a.names.forget(u.ID) // a moderator's messages are marked as theirs
	a.endSockets(ctx, u.ID, "", "", realtime.ReasonAccountChanged)
	a.audit(ctx, act.User.ID, u.ID, "role_set:"+string(role), nil)
	return u, nil
}
