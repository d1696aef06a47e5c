package app

import (
	"context"
	"crypto/rand"
	"errors"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/kinshiprecovery/kinship/internal/i18n"
	"github.com/kinshiprecovery/kinship/internal/mail"
	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/recovery"
	"github.com/kinshiprecovery/kinship/internal/store"
)

// Roles in an organization.
const (
	OrgAdmin  = "admin"
	OrgStaff  = "staff"
	OrgClient = "client"
	OrgAlumni = "alumni"
)

// SmallCount is the least count an organization's dashboard shows; smaller
// counts are suppressed so that no individual can be singled out.
const SmallCount = 11

// OrgView is an organization as one of its people sees it.
type OrgView struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	MyRole string `json:"my_role"`
	Cohort string `json:"cohort,omitempty"`
}

// OrgMemberView is a person of an organization, for its admins and staff.
type OrgMemberView struct {
	UserID       string           `json:"user_id"`
	Name         string           `json:"display_name"`
	Role         string           `json:"role"`
	Cohort       string           `json:"cohort,omitempty"`
	JoinedAt     model.Timestamp  `json:"joined_at"`
	DischargedAt *model.Timestamp `json:"discharged_at"`
}

var errNoOrg = &model.Error{Kind: model.KindNotFound, Message: "organization not found"}

// CreateOrganization creates an organization and makes adminEmail's
// account its first admin. Site admins (the route's policy). Errors: invalid, not_found.
func (a *App) CreateOrganization(ctx context.Context, name, adminEmail string) (*OrgView, error) {
	act, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	name = strings.TrimSpace(name)
	if n := utf8.RuneCountInString(name); n == 0 || n > 150 {
		return nil, &model.Error{Kind: model.KindInvalid, Message: "give the organization a name of up to 150 characters", Fields: map[string]string{"name": "required"}}
	}
	admin := act.User
	if adminEmail != "" {
		if admin, err = a.store.FindUserByEmail(ctx, strings.ToLower(strings.TrimSpace(adminEmail))); err != nil {
			return nil, &model.Error{Kind: model.KindNotFound, Message: "no account has that email; ask the person to sign up first", Fields: map[string]string{"admin_email": "no account has this email"}}
		}
	}
	now := a.now()
	o := &store.Organization{ID: newID(), Name: name, CreatedAt: now}
	err = a.store.InTx(ctx, func(tx store.Store) error {
		if err := tx.CreateOrganization(ctx, o); err != nil {
			return err
		}
		return tx.SaveOrgMember(ctx, &store.OrgMember{OrgID: o.ID, UserID: admin.ID, Role: OrgAdmin, JoinedAt: now})
	})
	if err != nil {
		return nil, err
	}
	a.audit(ctx, act.User.ID, admin.ID, "organization_created", []string{o.ID})
	return &OrgView{ID: o.ID, Name: o.Name, MyRole: OrgAdmin}, nil
}

// orgRole returns the actor's membership; not_found for outsiders.
func (a *App) orgRole(ctx context.Context, userID, orgID string) (*store.Organization, *store.OrgMember, error) {
	o, err := a.store.FindOrganization(ctx, orgID)
	if err != nil {
		return nil, nil, errNoOrg
	}
	m, err := a.store.FindOrgMember(ctx, orgID, userID)
	if err != nil {
		return nil, nil, errNoOrg
	}
	return o, m, nil
}

// orgStaff returns the actor's membership when they are an admin or staff
// (admin only with adminOnly). Errors: not_found, forbidden.
func (a *App) orgStaff(ctx context.Context, orgID string, adminOnly bool) (*Actor, *store.Organization, *store.OrgMember, error) {
	act, err := requireActor(ctx)
	if err != nil {
		return nil, nil, nil, err
	}
	o, m, err := a.orgRole(ctx, act.User.ID, orgID)
	if err != nil {
		return nil, nil, nil, err
	}
	if m.Role != OrgAdmin && (adminOnly || m.Role != OrgStaff) {
		return nil, nil, nil, model.Errorf(model.KindForbidden, "only the organization's admins can do that")
	}
	if !act.User.MFAEnabled {
		return nil, nil, nil, ErrMFASetupNeeded
	}
	return act, o, m, nil
}

// ErrMFASetupNeeded refuses a power that needs two-factor login (an
// organization's admins and staff) to someone who has not set it up; the
// pages say why and link to setting it up. ErrMFAForFacilitators and
// ErrMFAForMentors do the same for a group's facilitators and
// co-facilitators and for mentors (see MFANeededBy).
var (
	ErrMFASetupNeeded = &model.Error{Kind: model.KindForbidden, Message: "people who look after others in an organization need two-factor login: set it up first, then come back",
		Fields: map[string]string{"mfa": "set up two-factor login"}}
	ErrMFAForFacilitators = &model.Error{Kind: model.KindForbidden, Message: "a group's facilitators need two-factor login: set it up first, then come back",
		Fields: map[string]string{"mfa": "set up two-factor login"}}
	ErrMFAForMentors = &model.Error{Kind: model.KindForbidden, Message: "mentors need two-factor login: set it up first, then come back",
		Fields: map[string]string{"mfa": "set up two-factor login"}}
)

// MFANeededBy names who err asks to set up two-factor login before going
// on: "staff" (an organization's admins and staff), "facilitator" or
// "mentor"; "" when err is something else.
func MFANeededBy(err error) string {
	switch err {
	case ErrMFASetupNeeded:
		return "staff"
	case ErrMFAForFacilitators:
		return "facilitator"
	case ErrMFAForMentors:
		return "mentor"
	}
	return ""
}

// withMFA returns need when act has not set up two-factor login, else nil.
func withMFA(act *Actor, need error) error {
	if act == nil || act.User.MFAEnabled {
		return nil
	}
	return need
}

// orgManager is orgStaff for the organization's page, which a site admin
// may also manage (see its people, add its admins and staff) without
// being one of its people. A site admin outside the organization sees no
// one's data under consent: that stays with orgStaff.
func (a *App) orgManager(ctx context.Context, orgID string, adminOnly bool) (*store.Organization, string, error) {
	_, o, m, err := a.orgStaff(ctx, orgID, adminOnly)
	if err == nil {
		return o, m.Role, nil
	}
	act := ActorFrom(ctx)
	if act == nil || act.User.Role != model.RoleSiteAdmin || err == ErrMFASetupNeeded {
		return nil, "", err
	}
	if _, merr := a.store.FindOrgMember(ctx, orgID, act.User.ID); merr == nil {
		return nil, "", err // one of its people, with a lesser place in it
	}
	o, ferr := a.store.FindOrganization(ctx, orgID)
	if ferr != nil {
		return nil, "", errNoOrg
	}
	return o, "site_admin", nil
}

// Organization is the organization's page heading for its admins and
// staff, and for site admins (MyRole "site_admin" when not one of its people).
func (a *App) Organization(ctx context.Context, orgID string) (*OrgView, error) {
	o, role, err := a.orgManager(ctx, orgID, false)
	if err != nil {
		return nil, err
	}
	return &OrgView{ID: o.ID, Name: o.Name, MyRole: role}, nil
}

// MyOrganizations lists the actor's organizations.
func (a *App) MyOrganizations(ctx context.Context) ([]OrgView, error) {
	act, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	ms, err := a.store.ListUserOrgs(ctx, act.User.ID)
	if err != nil {
		return nil, err
	}
	out := []OrgView{}
	for _, m := range ms {
		if o, err := a.store.FindOrganization(ctx, m.OrgID); err == nil {
			out = append(out, OrgView{ID: o.ID, Name: o.Name, MyRole: m.Role, Cohort: m.Cohort})
		}
	}
	return out, nil
}

// OrgMembers lists an organization's people, for its admins and staff.
func (a *App) OrgMembers(ctx context.Context, orgID string) ([]OrgMemberView, error) {
	out, _, err := a.OrgMembersPage(ctx, orgID, PageRequest{})
	return out, err
}

// OrgMembersPage returns a page of an organization's people in the order
// they joined (then by ID), and where the next page starts; a zero Limit
// gives them all. Names are looked up for the page's people only.
func (a *App) OrgMembersPage(ctx context.Context, orgID string, p PageRequest) ([]OrgMemberView, store.Keyset, error) {
	_, _, err := a.orgManager(ctx, orgID, false)
	if err != nil {
		return nil, store.Keyset{}, err
	}
	ms, err := a.store.ListOrgMembers(ctx, orgID)
	if err != nil {
		return nil, store.Keyset{}, err
	}
	var next store.Keyset
	if p.Limit > 0 {
		// The rows come in (joined_at, user_id) order; the page starts
		// after the position the cursor holds (to the microsecond, as
		// times are stored).
		at := p.After.At.UnixMicro()
		start := sort.Search(len(ms), func(i int) bool {
			t := ms[i].JoinedAt.UnixMicro()
			return p.After.IsZero() || t > at || (t == at && ms[i].UserID > p.After.ID)
		})
		ms, next = cutPage(ms[start:], p, func(m *store.OrgMember) store.Keyset { return store.Keyset{At: m.JoinedAt, ID: m.UserID} })
	}
	out := []OrgMemberView{}
	for _, m := range ms {
		v := OrgMemberView{UserID: m.UserID, Name: a.displayName(ctx, m.UserID), Role: m.Role, Cohort: m.Cohort, JoinedAt: model.At(m.JoinedAt)}
		if m.DischargedAt != nil {
			v.DischargedAt = model.AtPtr(m.DischargedAt)
		}
		out = append(out, v)
	}
	return out, next, nil
}

// AddOrgStaff makes an existing account an admin or staff member of the
// organization. Org admins. Errors: not_found, forbidden, invalid.
func (a *App) AddOrgStaff(ctx context.Context, orgID, email, role string) (*OrgMemberView, error) {
	_, _, err := a.orgManager(ctx, orgID, true)
	if err != nil {
		return nil, err
	}
	if role != OrgAdmin && role != OrgStaff {
		return nil, &model.Error{Kind: model.KindInvalid, Message: "role must be admin or staff; clients join with an invitation code", Fields: map[string]string{"role": "unknown role"}}
	}
	u, err := a.store.FindUserByEmail(ctx, strings.ToLower(strings.TrimSpace(email)))
	if err != nil || u.Deleted() {
		return nil, &model.Error{Kind: model.KindNotFound, Message: "no account has that email; ask the person to sign up first", Fields: map[string]string{"email": "no account has this email"}}
	}
	m := &store.OrgMember{OrgID: orgID, UserID: u.ID, Role: role, JoinedAt: a.now()}
	if err := a.store.SaveOrgMember(ctx, m); err != nil {
		return nil, err
	}
	return &OrgMemberView{UserID: u.ID, Name: a.displayName(ctx, u.ID), Role: role, JoinedAt: model.At(m.JoinedAt)}, nil
}

// InvitationView is a new invitation code, shown once.
type InvitationView struct {
	Code      string          `json:"code"`
	Cohort    string          `json:"cohort"`
	ExpiresAt model.Timestamp `json:"expires_at"`
	// Language is the language its email and landing page are written in.
	Language string `json:"language"`
	// JoinsAs is the place the code gives: client, or alumni for someone
	// who finished the program before joining Kinship.
	JoinsAs string `json:"joins_as" doc:"the place the code gives in the organization: client, or alumni for someone who finished its program (no discharge follows)"`
	// Email is the address the code was sent to, if any.
	Email string `json:"email,omitempty" doc:"the address the code was emailed to, when one was given"`
}

// InviteInput is what an organization's invitation says: the cohort, how
// many days its code works (14 when 0), the language of its email and
// landing page (the inviter's own when ""), the place it gives (JoinsAs:
// client when "", or alumni) and the address to email it to ("" for none).
type InviteInput struct {
	Cohort   string
	Days     int
	Language string
	JoinsAs  string
	Email    string
}

// CreateInvitation makes a single-use code for a client to join a cohort.
// Admins and staff. Errors: not_found, forbidden, invalid.
func (a *App) CreateInvitation(ctx context.Context, orgID, cohort string, days int) (*InvitationView, error) {
	return a.InviteToOrganization(ctx, orgID, cohort, days, "", "")
}

// InviteToOrganization is CreateInvitation that also emails the code to
// email when given, in language lang ("es"; "" for the inviter's own): the
// person invited may have no account, so the staff member chooses the
// language they read; the landing page the email links to is written in it
// too. The email names neither the organization nor anything about
// recovery. Errors: not_found, forbidden, invalid.
func (a *App) InviteToOrganization(ctx context.Context, orgID, cohort string, days int, email, lang string) (*InvitationView, error) {
	return a.Invite(ctx, orgID, InviteInput{Cohort: cohort, Days: days, Email: email, Language: lang})
}

// Invite makes one single-use code as in says, and emails it when in
// gives an address (one address: several are refused, see InviteRoster).
// The organization's admins. Errors: not_found, forbidden, invalid.
func (a *App) Invite(ctx context.Context, orgID string, in InviteInput) (*InvitationView, error) {
	act, in, err := a.checkInvite(ctx, orgID, in)
	if err != nil {
		return nil, err
	}
	in.Email = strings.TrimSpace(in.Email)
	if in.Email != "" {
		if several(in.Email) {
			return nil, errSay(model.KindInvalid, "apperrf.invite_email_several").WithField("email", say("apperrf.invite_email_several"))
		}
		if model.ValidateEmail(in.Email) != "" {
			return nil, &model.Error{Kind: model.KindInvalid, Message: "that is not an email address", Fields: map[string]string{"email": "not an address"}}
		}
	}
	var v *InvitationView
	err = a.store.InTx(ctx, func(tx store.Store) error {
		v, err = a.makeInvitation(ctx, tx, act, orgID, in)
		return err
	})
	if err != nil {
		return nil, err
	}
	return v, nil
}

// checkInvite checks an invitation's settings and fills in their defaults.
func (a *App) checkInvite(ctx context.Context, orgID string, in InviteInput) (*Actor, InviteInput, error) {
	act, _, _, err := a.orgStaff(ctx, orgID, true)
	if err != nil {
		return nil, in, err
	}
	in.Language = strings.TrimSpace(in.Language)
	if in.Language == "" {
		in.Language = act.User.Language
	}
	if in.Language == "" {
		in.Language = i18n.DefaultCode
	}
	if !i18n.Load().Supported(in.Language) {
		msg := ReaderOf(act.User).T("language.unknown")
		return nil, in, &model.Error{Kind: model.KindInvalid, Message: msg, Fields: map[string]string{"language": msg}}
	}
	if in.Days <= 0 {
		in.Days = 14
	}
	in.Cohort = strings.TrimSpace(in.Cohort)
	in.JoinsAs = strings.TrimSpace(in.JoinsAs)
	if in.JoinsAs == "" {
		in.JoinsAs = OrgClient
	}
	fe := model.FieldErrors{}
	if in.Days > 90 {
		fe.Add("days", "a code lasts at most 90 days")
	}
	if utf8.RuneCountInString(in.Cohort) > 60 {
		fe.Add("cohort", "a cohort name has at most 60 characters")
	}
	if in.JoinsAs != OrgClient && in.JoinsAs != OrgAlumni {
		fe.AddMsg("joins_as", say("apperrf.invite_joins_as"))
	}
	return act, in, fe.Err()
}

// makeInvitation stores a new code as in says (checked) and, when in
// gives an address, queues its email, all in tx. The email is written in
// the language of the account that address belongs to, when it chose one
// (its owner reads Kinship in it), else in the language chosen; the view
// says the language chosen, so that it tells no one whether an address
// has an account.
func (a *App) makeInvitation(ctx context.Context, tx store.Store, act *Actor, orgID string, in InviteInput) (*InvitationView, error) {
	code, hash := newInviteCode()
	now := a.now()
	inv := &store.OrgInvitation{CodeHash: hash, OrgID: orgID, Cohort: in.Cohort, ExpiresAt: now.AddDate(0, 0, in.Days), CreatedBy: act.User.ID,
		CreatedAt: now, Language: in.Language, Role: in.JoinsAs}
	if in.Email != "" {
		inv.Email = a.box.Seal([]byte(in.Email), inviteEmailAAD(hash))
	}
	if err := tx.CreateOrgInvitation(ctx, inv); err != nil {
		return nil, err
	}
	if in.Email != "" {
		lang := in.Language
		if u, err := tx.FindUserByEmail(ctx, strings.ToLower(in.Email)); err == nil && !u.Deleted() && u.Language != "" && i18n.Load().Supported(u.Language) {
			lang = u.Language
		}
		l := i18n.For(lang)
		a.send(ctx, tx, mail.Message{To: in.Email, Subject: l.T("email.invitation_subject"),
			Text: l.T("email.invitation_body", "Link", a.opts.BaseURL+"/invitation?lang="+lang, "Code", code,
				"Until", l.LongDate(inv.ExpiresAt.In(a.viewerZone(ctx, act.User.ID))))})
	}
	return &InvitationView{Code: code, Cohort: in.Cohort, ExpiresAt: model.At(inv.ExpiresAt), Language: in.Language, JoinsAs: in.JoinsAs, Email: in.Email}, nil
}

// JoinOrganization uses an invitation code: the actor joins as a client of
// its cohort, or as an alum when the code was made for alumni (no
// discharge follows, and no discharge notice). Errors: invalid (unknown, used or expired code), conflict.
func (a *App) JoinOrganization(ctx context.Context, code string) (*OrgView, error) {
	act, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	if err := a.limit(ctx, "org-join:"+act.User.ID, 10, hourWindow); err != nil {
		return nil, err
	}
	var view *OrgView
	err = a.store.InTx(ctx, func(tx store.Store) error {
		inv, err := tx.UseOrgInvitation(ctx, hashToken(normalizeInviteCode(code)), act.User.ID, a.now())
		if errors.Is(err, store.ErrNotFound) { // a code made before codes were short
			inv, err = tx.UseOrgInvitation(ctx, hashToken(strings.TrimSpace(code)), act.User.ID, a.now())
		}
		if errors.Is(err, store.ErrNotFound) {
			return a.refusedCode(ctx, tx, code)
		}
		if err != nil {
			return err
		}
		if old, err := tx.FindOrgMember(ctx, inv.OrgID, act.User.ID); err == nil {
			return errSay(model.KindConflict, "apperrf.org_already_member", "Role", roleWord(old.Role))
		}
		role := OrgClient
		if inv.Role == OrgAlumni {
			role = OrgAlumni
		}
		if err := tx.SaveOrgMember(ctx, &store.OrgMember{OrgID: inv.OrgID, UserID: act.User.ID, Role: role, Cohort: inv.Cohort, JoinedAt: a.now()}); err != nil {
			return err
		}
		o, err := tx.FindOrganization(ctx, inv.OrgID)
		if err != nil {
			return err
		}
		view = &OrgView{ID: o.ID, Name: o.Name, MyRole: role, Cohort: inv.Cohort}
		return nil
	})
	return view, err
}

// refusedCode says why a code that could not be used was refused. A code
// lets one person join (a program reads it to one client); once used, or
// withdrawn by the program, or past its date, it is refused in words that
// say which and what to do.
func (a *App) refusedCode(ctx context.Context, tx store.Store, code string) error {
	inv, err := tx.FindOrgInvitation(ctx, hashToken(normalizeInviteCode(code)))
	if errors.Is(err, store.ErrNotFound) {
		inv, err = tx.FindOrgInvitation(ctx, hashToken(strings.TrimSpace(code)))
	}
	refuse := func(msg, field string) error {
		return &model.Error{Kind: model.KindInvalid, Message: msg, Fields: map[string]string{"code": field}}
	}
	switch {
	case errors.Is(err, store.ErrNotFound):
		return refuse("we do not know that code: check it for a mistyped letter (codes look like 7KQ3M-XDA9T), or ask your program for a new one", "not a code we know")
	case err != nil:
		return err
	case inv.UsedBy != "":
		return refuse("that code has already been used: each code lets one person join; ask your program for a code of your own", "already used")
	default: // withdrawn by the program (revoked) or past its date
		return refuse("that code has ended: the program withdrew it or its time ran out; ask your program for a new one", "ended")
	}
}

// Discharge marks a client who completed the program as alumni: they keep
// their account, their peers and the alumni groups. Admins only, as the
// README promises. Errors: not_found, forbidden, conflict (not a client).
func (a *App) Discharge(ctx context.Context, orgID, userID string) (*OrgMemberView, error) {
	return a.DischargeAs(ctx, orgID, userID, DischargeCompleted)
}

// How a client's time in a program ended; the client is told in these words.
const (
	DischargeCompleted   = "completed"
	DischargeLeft        = "left"
	DischargeTransferred = "transferred"
)

func dischargeText(outcome, org string) (note, bool) {
	switch outcome {
	case DischargeCompleted:
		return noteText("notify.discharge_completed", "Org", org), true
	case DischargeLeft:
		return noteText("notify.discharge_left", "Org", org), true
	case DischargeTransferred:
		return noteText("notify.discharge_transferred", "Org", org), true
	}
	return note{}, false
}

// DischargeAs is Discharge with how the client's time ended: completed,
// left or transferred. Errors: invalid (another outcome), and Discharge's.
func (a *App) DischargeAs(ctx context.Context, orgID, userID, outcome string) (*OrgMemberView, error) {
	act, o, _, err := a.orgStaff(ctx, orgID, true)
	if err != nil {
		return nil, err
	}
	m, err := a.store.FindOrgMember(ctx, orgID, userID)
	if err != nil {
		return nil, &model.Error{Kind: model.KindNotFound, Message: "this person is not part of the organization"}
	}
	if m.Role != OrgClient {
		return nil, errSay(model.KindConflict, "apperrf.org_discharge_not_client", "Role", roleWord(m.Role))
	}
	text, ok := dischargeText(outcome, o.Name)
	if !ok {
		// Said of the client as the page speaks of them: "his time" where
		// the one discharging may see that he says he/him.
		id := map[model.Pronoun]string{model.PronounShe: "apperrf.org_choose_outcome_she", model.PronounHe: "apperrf.org_choose_outcome_he"}[a.pronounFor(ctx, act.User.ID, userID)]
		if id == "" {
			id = "apperrf.org_choose_outcome"
		}
		return nil, errSay(model.KindInvalid, id).Field("outcome", "choose one")
	}
	now := a.now()
	m.Role, m.DischargedAt = OrgAlumni, &now
	err = a.store.InTx(ctx, func(tx store.Store) error {
		if err := tx.SaveOrgMember(ctx, m); err != nil {
			return err
		}
		if err := a.notify(ctx, tx, userID, "group_alumni", text); err != nil {
			return err
		}
		return a.tellConsentStays(ctx, tx, userID, o, now)
	})
	if err != nil {
		return nil, err
	}
	a.audit(ctx, act.User.ID, userID, "organization_discharge", []string{orgID})
	return &OrgMemberView{UserID: userID, Name: a.displayName(ctx, userID), Role: OrgAlumni, Cohort: m.Cohort, DischargedAt: model.AtPtr(&now)}, nil
}

// tellConsentStays tells a client just discharged to alumni that a consent
// they gave the organization still runs (and until when, in their zone):
// the discharge does not end it, and its staff may go on reading what it
// covers until it ends or they revoke it.
func (a *App) tellConsentStays(ctx context.Context, tx store.Store, userID string, o *store.Organization, now time.Time) error {
	cs, err := tx.ListConsents(ctx, userID)
	if err != nil {
		return err
	}
	var last *store.Consent
	for _, c := range cs {
		if c.OrgID == o.ID && c.RevokedAt == nil && now.Before(c.EndsAt) && (last == nil || c.EndsAt.After(last.EndsAt)) {
			last = c
		}
	}
	if last == nil {
		return nil
	}
	// The last day as chosen, written as a day: noon UTC of it reads that
	// day in UTC, whatever zone the reader later moves to.
	_, day := a.consentDays(ctx, last)
	end, err := time.Parse(model.DateLayout, string(day))
	if err != nil {
		return err
	}
	text := noteText("notify.consent_after_discharge", "Org", o.Name).date("Day", end.Add(12*time.Hour), time.UTC)
	return a.notifyAt(ctx, tx, userID, "group_alumni", text, "/consents")
}

// Dashboard is an organization's participation in aggregate.
type Dashboard struct {
	Clients          string            `json:"clients"`
	Alumni           string            `json:"alumni"`
	CheckedInLast7   string            `json:"checked_in_last_7_days"`
	Cohorts          map[string]string `json:"cohorts"`
	SuppressionLimit int               `json:"suppression_limit"`
}

// suppress shows a count, or "fewer than 11".
func suppress(n int) string {
	if n < SmallCount {
		return "fewer than 11"
	}
	return itoa(n)
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}

// shareOf shows how many of whole did something. The count is hidden when
// it is small, and also when those who did not are few: "12 of 12 checked
// in" would tell staff what every single client did.
func shareOf(part, whole int) string {
	if part >= SmallCount && whole-part < SmallCount {
		return "all but fewer than 11"
	}
	return suppress(part)
}

// suppressGroups shows the size of each group (cohorts) when the total is
// shown too. A small group is hidden, and so are the next smallest until the
// hidden ones add up to at least 11 together: otherwise the total minus the
// shown groups would give a hidden group's size away.
func suppressGroups(counts map[string]int, total int) map[string]string {
	out := make(map[string]string, len(counts))
	names := make([]string, 0, len(counts))
	for name := range counts {
		names = append(names, name)
	}
	sort.Slice(names, func(i, j int) bool {
		if counts[names[i]] != counts[names[j]] {
			return counts[names[i]] < counts[names[j]]
		}
		return names[i] < names[j]
	})
	hidden, sum := 0, 0
	for _, name := range names {
		n := counts[name]
		switch {
		case n < SmallCount:
			out[name], hidden, sum = suppress(n), hidden+1, sum+n
		case hidden > 0 && sum < SmallCount && total >= SmallCount:
			out[name], hidden, sum = "not shown, so that a smaller cohort cannot be worked out", hidden+1, sum+n
		default:
			out[name] = itoa(n)
		}
	}
	return out
}

// OrgDashboard returns participation as aggregates that never single out
// anyone: every count under 11 is suppressed, and so is any count from
// which a small one could be worked out. Admins and staff.
func (a *App) OrgDashboard(ctx context.Context, orgID string) (*Dashboard, error) {
	if _, _, err := a.orgManager(ctx, orgID, false); err != nil {
		return nil, err
	}
	ms, err := a.store.ListOrgMembers(ctx, orgID)
	if err != nil {
		return nil, err
	}
	clients, alumni := 0, 0
	cohorts := map[string]int{}
	var ids []string
	for _, m := range ms {
		switch m.Role {
		case OrgClient:
			clients++
			cohorts[m.Cohort]++
			ids = append(ids, m.UserID)
		case OrgAlumni:
			alumni++
		}
	}
	since := recovery.DateOf(a.now().AddDate(0, 0, -6), time.UTC).String()
	checked, err := a.store.CountCheckedInSince(ctx, ids, since)
	if err != nil {
		return nil, err
	}
	if c, ok := cohorts[""]; ok {
		delete(cohorts, "")
		cohorts["(no cohort)"] += c
	}
	return &Dashboard{Clients: suppress(clients), Alumni: suppress(alumni), CheckedInLast7: shareOf(checked, clients),
		Cohorts: suppressGroups(cohorts, clients), SuppressionLimit: SmallCount}, nil
}

// ConsentInput is a member's consent.
type ConsentInput struct {
	OrgID       string   `json:"org_id"`
	RecipientID string   `json:"recipient_id,omitempty"`
	Data        []string `json:"data"`
	Purpose     string   `json:"purpose"`
	StartsAt    string   `json:"starts_at"`
	EndsAt      string   `json:"ends_at"`
}

// ConsentView is a consent with the disclosures made under it.
type ConsentView struct {
	ID        string `json:"id"`
	OrgID     string `json:"org_id"`
	OrgName   string `json:"org_name"`
	Recipient string `json:"recipient"`
	// RecipientIsPerson says Recipient is one person's name, not the
	// organization's staff (pages word the two differently).
	RecipientIsPerson bool             `json:"-"`
	Data              []string         `json:"data"`
	Purpose           string           `json:"purpose"`
	StartsAt          model.Date       `json:"starts_at"`
	EndsAt            model.Date       `json:"ends_at"`
	SignedAt          model.Timestamp  `json:"signed_at"`
	RevokedAt         *model.Timestamp `json:"revoked_at"`
	Active            bool             `json:"active"`
	// Ended says its last day has passed (pages say staff no longer see
	// what it covered, not that they can).
	Ended       bool             `json:"-"`
	Disclosures []DisclosureView `json:"disclosures"`
}

// DisclosureView is one view of the member's data under a consent.
type DisclosureView struct {
	Viewer string          `json:"viewer_display_name"`
	Data   []string        `json:"data"`
	At     model.Timestamp `json:"at"`
}

// ConsentData are the kinds of data a consent may cover.
var ConsentData = map[string]bool{"checkins": true, "recovery": true, "profile": true}

// GiveConsent records the actor's consent for an organization they belong
// to. Errors: invalid (unknown data, no purpose, end before start), not_found.
func (a *App) GiveConsent(ctx context.Context, in ConsentInput) (*ConsentView, error) {
	act, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	if _, _, err := a.orgRole(ctx, act.User.ID, in.OrgID); err != nil {
		return nil, err
	}
	f := model.FieldErrors{}
	if len(in.Data) == 0 {
		f.Add("data", "choose what they may see: checkins, recovery, profile")
	}
	for _, d := range in.Data {
		if !ConsentData[d] {
			f.Add("data", "choose among checkins, recovery, profile")
		}
	}
	in.Purpose = strings.TrimSpace(in.Purpose)
	if n := utf8.RuneCountInString(in.Purpose); n == 0 || n > 300 {
		f.Add("purpose", "say what it is for, in up to 300 characters")
	}
	// The days are the person's own: a consent "from 6 December" begins at
	// midnight where they live, not at midnight UTC (which is the evening
	// before in New York, so staff could read a day early).
	loc := a.location(ctx, act.User.ID)
	starts, err1 := time.ParseInLocation("2006-01-02", in.StartsAt, loc)
	ends, err2 := time.ParseInLocation("2006-01-02", in.EndsAt, loc)
	if err1 != nil {
		f.Add("starts_at", "write the start like 2026-12-01")
	}
	if err2 != nil {
		f.Add("ends_at", "write the end like 2027-03-01")
	}
	if err1 == nil && err2 == nil && !ends.After(starts) {
		f.Add("ends_at", "the consent must end after it starts")
	}
	if in.RecipientID != "" {
		if m, err := a.store.FindOrgMember(ctx, in.OrgID, in.RecipientID); err != nil || (m.Role != OrgAdmin && m.Role != OrgStaff) {
			f.Add("recipient_id", "choose a staff member of this organization, or leave it empty for its staff as a whole")
		}
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	// The days are kept as days too: "until 6 March" reads 6 March to
	// whoever reads it, wherever they (or the giver, later) are.
	c := &store.Consent{ID: newID(), UserID: act.User.ID, OrgID: in.OrgID, RecipientID: in.RecipientID, Data: in.Data, Purpose: in.Purpose,
		StartsAt: starts, EndsAt: ends.AddDate(0, 0, 1).Add(-time.Second), StartDay: starts.Format(model.DateLayout), EndDay: ends.Format(model.DateLayout),
		SignedAt: a.now()}
	if err := a.store.CreateConsent(ctx, c); err != nil {
		return nil, err
	}
	a.audit(ctx, act.User.ID, act.User.ID, "consent_given", c.Data)
	v := a.consentView(ctx, c, nil)
	return &v, nil
}

func (a *App) consentView(ctx context.Context, c *store.Consent, ds []*store.Disclosure) ConsentView {
	starts, ends := a.consentDays(ctx, c)
	v := ConsentView{ID: c.ID, OrgID: c.OrgID, Recipient: "the organization's staff", Data: c.Data, Purpose: c.Purpose, StartsAt: starts,
		EndsAt: ends, SignedAt: model.At(c.SignedAt), Disclosures: []DisclosureView{}}
	if o, err := a.store.FindOrganization(ctx, c.OrgID); err == nil {
		v.OrgName = o.Name
	}
	if c.RecipientID != "" {
		v.Recipient, v.RecipientIsPerson = a.displayName(ctx, c.RecipientID), true
	}
	if c.RevokedAt != nil {
		v.RevokedAt = model.AtPtr(c.RevokedAt)
	}
	now := a.now()
	v.Active = c.RevokedAt == nil && !now.Before(c.StartsAt) && now.Before(c.EndsAt)
	v.Ended = !now.Before(c.EndsAt)
	for _, d := range ds {
		if d.ConsentID == c.ID {
			v.Disclosures = append(v.Disclosures, DisclosureView{Viewer: a.displayName(ctx, d.ViewerID), Data: d.Data, At: model.At(d.At)})
		}
	}
	return v
}

// consentDays are the first and last days of c as its giver chose them;
// for a consent given before the days were kept, the days its instants
// fall on where the giver lives now.
func (a *App) consentDays(ctx context.Context, c *store.Consent) (starts, ends model.Date) {
	if c.StartDay != "" && c.EndDay != "" {
		return model.Date(c.StartDay), model.Date(c.EndDay)
	}
	loc := a.location(ctx, c.UserID)
	return model.DayOf(c.StartsAt.In(loc)), model.DayOf(c.EndsAt.In(loc))
}

// MyConsents returns the actor's consents with every disclosure made under each.
func (a *App) MyConsents(ctx context.Context) ([]ConsentView, error) {
	act, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	cs, err := a.store.ListConsents(ctx, act.User.ID)
	if err != nil {
		return nil, err
	}
	ds, err := a.store.ListDisclosures(ctx, act.User.ID)
	if err != nil {
		return nil, err
	}
	out := []ConsentView{}
	for _, c := range cs {
		out = append(out, a.consentView(ctx, c, ds))
	}
	return out, nil
}

// RevokeConsent ends a consent with immediate effect. Errors: not_found, conflict.
func (a *App) RevokeConsent(ctx context.Context, id string) error {
	act, err := requireActor(ctx)
	if err != nil {
		return err
	}
	c, err := a.store.FindConsent(ctx, id)
	if err != nil || c.UserID != act.User.ID {
		return &model.Error{Kind: model.KindNotFound, Message: "consent not found"}
	}
	if c.RevokedAt != nil {
		return nil // revoking twice is revoking once
	}
	if err := a.store.RevokeConsent(ctx, id, a.now()); err != nil {
		return err
	}
	a.audit(ctx, act.User.ID, act.User.ID, "consent_revoked", c.Data)
	return nil
}

// RedisclosureNotice is shown with every view of data disclosed under a consent.
const RedisclosureNotice = "This information was disclosed to you under the member's written consent for the purpose stated. It may not be re-disclosed to anyone else without their consent."

// DisclosedData is what a staff member sees of a member under consent.
type DisclosedData struct {
	Member  string `json:"member"`
	Purpose string `json:"purpose"`
	// Until is the consent's last day as the member chose it: the same
	// day wherever the staff member reads it.
	Until    model.Date      `json:"until" doc:"the last day of the consent shown, as the member chose it (YYYY-MM-DD): the same day in every time zone"`
	Checkins []SharedCheckin `json:"checkins,omitempty"`
	Recovery *RecoveryView   `json:"recovery,omitempty"`
	Profile  *ProfileView    `json:"profile,omitempty"`
	Notice   string          `json:"notice"`
	// CheckinsShared says the consent covers check-ins (the page says when
	// there are none, rather than leaving them out as if not shared).
	CheckinsShared bool `json:"-"`
}

// ErrNotShared is MemberDataUnderConsent's error (forbidden) when no
// consent of the member's lets the reader see anything now: they have not
// shared anything with them yet, or what they shared ended or was revoked.
var ErrNotShared = model.Errorf(model.KindForbidden, "this member has not consented to show you their data (or the consent ended)")

// MemberDataUnderConsent shows a staff member what a member consented to
// show them, now, and records the disclosure. Errors: not_found, forbidden
// (no consent in force).
func (a *App) MemberDataUnderConsent(ctx context.Context, orgID, memberID string) (*DisclosedData, error) {
	act, _, _, err := a.orgStaff(ctx, orgID, false)
	if err != nil {
		return nil, err
	}
	if _, err := a.store.FindOrgMember(ctx, orgID, memberID); err != nil {
		return nil, &model.Error{Kind: model.KindNotFound, Message: "this person is not part of the organization"}
	}
	cs, err := a.store.ListConsents(ctx, memberID)
	if err != nil {
		return nil, err
	}
	now := a.now()
	allowed := map[string]bool{}
	var consent *store.Consent
	for _, c := range cs {
		if c.OrgID != orgID || c.RevokedAt != nil || now.Before(c.StartsAt) || !now.Before(c.EndsAt) || (c.RecipientID != "" && c.RecipientID != act.User.ID) {
			continue
		}
		consent = c
		for _, d := range c.Data {
			allowed[d] = true
		}
	}
	if consent == nil {
		return nil, ErrNotShared
	}
	_, until := a.consentDays(ctx, consent)
	out := &DisclosedData{Member: a.displayName(ctx, memberID), Purpose: consent.Purpose, Until: until, Notice: RedisclosureNotice}
	asMember := WithActor(ctx, &Actor{User: &model.User{ID: memberID}})
	var shown []string
	if allowed["checkins"] {
		out.Checkins, _ = a.sharedCheckins(ctx, act.User.ID, memberID, model.PartnerShare{CheckinDone: true, Mood: true, Craving: true, Used: true, Note: true}, 30, "consent_checkins_read")
		out.CheckinsShared = true
		shown = append(shown, "checkins")
	}
	if allowed["recovery"] {
		out.Recovery, _ = a.Recovery(asMember)
		shown = append(shown, "recovery")
	}
	if allowed["profile"] {
		if p, err := a.LoadProfile(ctx, memberID); err == nil {
			out.Profile = &ProfileView{ID: memberID, DisplayName: p.DisplayName, Fields: map[string]any{"pronouns": p.Pronouns, "bio": p.Bio, "pathways": p.Pathways, "substances": p.Substances, "recovery_start": p.RecoveryStart}}
		}
		shown = append(shown, "profile")
	}
	if headRequest(ctx) {
		return out, nil // nothing is shown, so nothing was disclosed
	}
	if err := a.store.CreateDisclosure(ctx, &store.Disclosure{ID: newID(), ConsentID: consent.ID, UserID: memberID, ViewerID: act.User.ID, Data: shown, At: now}); err != nil {
		return nil, err
	}
	a.audit(ctx, act.User.ID, memberID, "consent_disclosure", shown)
	return out, nil
}

// mayJoinOrgGroup says whether userID may see an organization's group.
func (a *App) mayJoinOrgGroup(ctx context.Context, userID string, g *store.Group) bool {
	if g.OrgID == "" {
		return true
	}
	m, err := a.store.FindOrgMember(ctx, g.OrgID, userID)
	if err != nil {
		return false
	}
	if g.Audience == OrgAlumni {
		return m.Role == OrgAlumni || m.Role == OrgAdmin || m.Role == OrgStaff
	}
	return true
}

// inviteAlphabet has no letters or digits that are easy to confuse (0 O,
// 1 I L, 5 S, 8 B, 2 Z are left out), so a code read aloud or copied from
// paper comes out right.
const inviteAlphabet = "34679ACDEFGHJKMNPQRTUVWXY"

// newInviteCode makes an invitation code of 10 characters in two groups of
// five ("7KQ3M-XDA9T"; about 46 bits) and its hash.
func newInviteCode() (code, hash string) {
	out := make([]byte, 0, 11)
	b := make([]byte, 1)
	for len(out) < 11 {
		if len(out) == 5 {
			out = append(out, '-')
		}
		if _, err := rand.Read(b); err != nil {
			panic("crypto/rand failed: " + err.Error())
		}
		if int(b[0]) >= 250 { // 250 = 10 x 25: keep every character equally likely
			continue
		}
		out = append(out, inviteAlphabet[int(b[0])%len(inviteAlphabet)])
	}
	code = string(out)
	return code, hashToken(normalizeInviteCode(code))
}

// normalizeInviteCode reads a code as typed: any case, with or without the
// dash or spaces.
func normalizeInviteCode(code string) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(code) {
		if r != '-' && r != ' ' && r != '\t' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// InvitationRow is one of an organization's codes as its staff list them:
// the code itself is never stored, only when it was made, for which cohort,
// until when, and whether it was used.
type InvitationRow struct {
	ID        string          `json:"id"` // the code's hash: names it for revoking
	Cohort    string          `json:"cohort"`
	CreatedAt model.Timestamp `json:"created_at"`
	ExpiresAt model.Timestamp `json:"expires_at"`
	Uses      int             `json:"uses"`
	UsedBy    string          `json:"used_by,omitempty"`
	// UsedByFormer says the person who used it has since erased their
	// account: a page names them in its reader's words, not UsedBy's
	// English "a former member".
	UsedByFormer bool             `json:"used_by_former_member,omitempty"`
	UsedAt       *model.Timestamp `json:"used_at"`
	// Open is true while the code can still be used.
	Open bool `json:"open"`
	// Language is the language its email and landing page are written in.
	Language string `json:"language"`
	// JoinsAs is the place the code gives: client or alumni.
	JoinsAs string `json:"joins_as"`
	// Email is the address the code was emailed to.
	Email string `json:"email,omitempty" doc:"the address the code was emailed to; absent when it was sent to none, or made before Kinship kept the address"`
}

// inviteEmailAAD binds a code's sealed address to the code.
func inviteEmailAAD(codeHash string) []byte { return []byte("invitation-email:" + codeHash) }

// invitationEmail is the address inv was emailed to, "" for none.
func (a *App) invitationEmail(inv *store.OrgInvitation) string {
	if len(inv.Email) == 0 {
		return ""
	}
	b, err := a.box.Open(inv.Email, inviteEmailAAD(inv.CodeHash))
	if err != nil {
		return ""
	}
	return string(b)
}

// ListInvitations lists an organization's codes, newest first. Admins and staff.
func (a *App) ListInvitations(ctx context.Context, orgID string) ([]InvitationRow, error) {
	if _, _, _, err := a.orgStaff(ctx, orgID, false); err != nil {
		return nil, err
	}
	invs, err := a.store.ListOrgInvitations(ctx, orgID)
	if err != nil {
		return nil, err
	}
	now := a.now()
	out := []InvitationRow{}
	for _, inv := range invs {
		r := InvitationRow{ID: inv.CodeHash, Cohort: inv.Cohort, CreatedAt: model.At(inv.CreatedAt), ExpiresAt: model.At(inv.ExpiresAt), UsedAt: model.AtPtr(inv.UsedAt), Language: inv.Language}
		if r.Language == "" { // made before invitations had a language: they were English
			r.Language = i18n.DefaultCode
		}
		if r.JoinsAs = inv.Role; r.JoinsAs != OrgAlumni {
			r.JoinsAs = OrgClient
		}
		if inv.UsedBy != "" {
			r.Uses, r.UsedBy = 1, a.displayName(ctx, inv.UsedBy)
			r.UsedByFormer = a.erased(ctx, inv.UsedBy)
		}
		r.Open = inv.UsedBy == "" && inv.ExpiresAt.After(now)
		r.Email = a.invitationEmail(inv)
		out = append(out, r)
	}
	return out, nil
}

// RevokeInvitation ends an unused code at once. Admins and staff.
// Errors: not_found (unknown, used or already ended), forbidden.
func (a *App) RevokeInvitation(ctx context.Context, orgID, id string) error {
	act, _, _, err := a.orgStaff(ctx, orgID, false)
	if err != nil {
		return err
	}
	if err := a.store.ExpireOrgInvitation(ctx, orgID, id, a.now()); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return &model.Error{Kind: model.KindNotFound, Message: "that code was already used or had already ended"}
		}
		return err
	}
	a.audit(ctx, act.User.ID, "", "organization_invitation_revoked", []string{orgID})
	return nil
}
