package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/kinshiprecovery/kinship/internal/i18n"
	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/store"
)

// formerMember is how an erased account appears beside what it wrote in shared spaces.
const formerMember = "a former member"

// FormerMember is the name the app gives an erased account wherever it is
// still named (a moderator's verdict, who handled an item): the API's
// English words, which pages write in their reader's language.
const FormerMember = formerMember

// sealedProfile is the part of a profile stored encrypted.
type sealedProfile struct {
	Pronouns          string   `json:"pronouns,omitempty"`
	Bio               string   `json:"bio,omitempty"`
	Languages         []string `json:"languages,omitempty"`
	City              string   `json:"city,omitempty"`
	Country           string   `json:"country,omitempty"`
	Pathways          []string `json:"pathways,omitempty"`
	Substances        []string `json:"substances,omitempty"`
	RecoveryStart     string   `json:"recovery_start,omitempty"`
	LifeCircumstances []string `json:"life_circumstances,omitempty"`
	Interests         []string `json:"interests,omitempty"`
	Skills            []string `json:"skills,omitempty"`
	LookingFor        []string `json:"looking_for,omitempty"`
	// CountrySetAt is model.Profile.CountrySetAt, in Unix milliseconds.
	CountrySetAt int64 `json:"country_set_at,omitempty"`
}

func profileAAD(userID string) []byte { return []byte("profile:" + userID) }

// countryAAD binds a profile's country, sealed on its own, to its person
// and to the saving of the profile it was sealed with: a profile saved
// since without it (by an older version of Kinship, during an upgrade)
// leaves a seal that no longer opens, and the whole profile is read.
func countryAAD(userID string, updatedAt time.Time) []byte {
	return []byte("profile-country:" + userID + ":" + strconv.FormatInt(updatedAt.UnixMicro(), 10))
}

// recoveryStartAAD binds a profile's recovery start, sealed on its own, to its
// person and to the saving of the profile it was sealed with, as
// countryAAD does the country.
func recoveryStartAAD(userID string, updatedAt time.Time) []byte {
	return []byte("profile-recovery:" + userID + ":" + strconv.FormatInt(updatedAt.UnixMicro(), 10))
}

// countryApart is what is sealed apart for the crisis lines: when the
// country was last set, in Unix milliseconds (0 when never), and the
// country as saved.
func countryApart(p *model.Profile) []byte {
	var ms int64
	if !p.CountrySetAt.IsZero() {
		ms = p.CountrySetAt.UnixMilli()
	}
	return []byte(strconv.FormatInt(ms, 10) + ":" + p.Country)
}

// openCountryApart reads countryApart's bytes.
func openCountryApart(plain []byte) (country string, setAt time.Time, ok bool) {
	ms, country, found := strings.Cut(string(plain), ":")
	n, err := strconv.ParseInt(ms, 10, 64)
	if !found || err != nil {
		return "", time.Time{}, false
	}
	if n != 0 {
		setAt = time.UnixMilli(n).UTC()
	}
	return country, setAt, true
}

func (a *App) saveProfile(ctx context.Context, st store.Store, p *model.Profile) error {
	sp := sealedProfile{Pronouns: p.Pronouns, Bio: p.Bio, Languages: p.Languages, City: p.City, Country: p.Country,
		Pathways: p.Pathways, Substances: p.Substances, RecoveryStart: p.RecoveryStart, LifeCircumstances: p.LifeCircumstances,
		Interests: p.Interests, Skills: p.Skills, LookingFor: p.LookingFor}
	if !p.CountrySetAt.IsZero() {
		sp.CountrySetAt = p.CountrySetAt.UnixMilli()
	}
	plain, err := json.Marshal(sp)
	if err != nil {
		return err
	}
	a.names.forget(p.UserID)
	// The clock usual in the profile's country is the one its member
	// reads (ReaderOf): its code is kept beside the account.
	if err := st.SetClockRegion(ctx, p.UserID, CountryCode(p.Country)); err != nil {
		return err
	}
	if act := ActorFrom(ctx); act != nil && act.User.ID == p.UserID {
		act.User.ClockRegion = CountryCode(p.Country)
	}
	at := a.now().Truncate(time.Microsecond) // as the database keeps it
	return st.UpsertProfile(ctx, &store.StoredProfile{UserID: p.UserID, DisplayName: p.DisplayName, TimeZone: p.TimeZone,
		Sealed: a.box.Seal(plain, profileAAD(p.UserID)), CountrySealed: a.box.Seal(countryApart(p), countryAAD(p.UserID, at)),
		RecoverySealed: a.box.Seal([]byte(p.RecoveryStart), recoveryStartAAD(p.UserID, at)),
		Visibility:     p.Visibility, UpdatedAt: at})
}

// LoadProfile reads and unseals a person's whole profile, for use cases
// that decide themselves what to show. Errors: not_found.
func (a *App) LoadProfile(ctx context.Context, userID string) (*model.Profile, error) {
	return a.loadProfile(ctx, a.store, userID)
}

func (a *App) loadProfile(ctx context.Context, st store.Store, userID string) (*model.Profile, error) {
	sp, err := st.FindProfile(ctx, userID)
	if err != nil {
		return nil, notFound(err, "apperrf.not_found.profile")
	}
	var s sealedProfile
	if len(sp.Sealed) > 0 {
		plain, err := a.box.Open(sp.Sealed, profileAAD(userID))
		if err != nil {
			return nil, fmt.Errorf("app: open profile %s: %w", userID, err)
		}
		if err := json.Unmarshal(plain, &s); err != nil {
			return nil, fmt.Errorf("app: decode profile %s: %w", userID, err)
		}
	}
	p := &model.Profile{UserID: userID, DisplayName: sp.DisplayName, TimeZone: sp.TimeZone, Pronouns: s.Pronouns, Bio: s.Bio,
		Languages: s.Languages, City: s.City, Country: s.Country, Pathways: s.Pathways, Substances: s.Substances,
		RecoveryStart: s.RecoveryStart, LifeCircumstances: s.LifeCircumstances, Interests: s.Interests, Skills: s.Skills, LookingFor: s.LookingFor,
		Visibility: sp.Visibility, UpdatedAt: sp.UpdatedAt}
	if s.CountrySetAt != 0 {
		p.CountrySetAt = time.UnixMilli(s.CountrySetAt).UTC()
	}
	for k, v := range model.DefaultVisibility() {
		if p.Visibility == nil {
			p.Visibility = map[string]model.Visibility{}
		}
		if _, ok := p.Visibility[k]; !ok {
			p.Visibility[k] = v
		}
	}
	return p, nil
}

// Me is the actor's own account and full profile.
type Me struct {
	ID            string          `json:"id"`
	Email         string          `json:"email"`
	EmailVerified bool            `json:"email_verified"`
	Role          model.Role      `json:"role"`
	MFAEnabled    bool            `json:"mfa_enabled"`
	MFARequired   bool            `json:"mfa_required"`
	EmailNotify   bool            `json:"email_notifications"`
	CreatedAt     model.Timestamp `json:"created_at"`
	Profile       *model.Profile  `json:"profile"`
	// Clock is the person's choice of clock (model.User.Clock).
	Clock string `json:"-"`
}

// GetMe returns the actor's account and profile.
func (a *App) GetMe(ctx context.Context) (*Me, error) {
	act, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	p, err := a.LoadProfile(ctx, act.User.ID)
	if err != nil {
		return nil, err
	}
	u := act.User
	return &Me{ID: u.ID, Email: u.Email, EmailVerified: u.EmailVerifiedAt != nil, Role: u.Role, MFAEnabled: u.MFAEnabled,
		MFARequired: u.Role.RequiresMFA(), EmailNotify: u.NotifyByEmail, CreatedAt: model.At(u.CreatedAt), Profile: p,
		Clock: u.Clock}, nil
}

// UpdateMe applies change to the actor's profile and saves it if the result
// is valid. Errors: invalid (one message per field; nothing saved).
func (a *App) UpdateMe(ctx context.Context, change func(p *model.Profile)) (*Me, error) {
	act, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	var bio, before string
	renamed, moved := false, false
	err = a.store.InTx(ctx, func(tx store.Store) error {
		p, err := a.loadProfile(ctx, tx, act.User.ID)
		if err != nil {
			return err
		}
		before = p.Bio
		country, name := CountryCode(p.Country), p.DisplayName
		change(p)
		if err := p.ValidateEdit(name, a.now()); err != nil {
			return err
		}
		if CountryCode(p.Country) != country {
			p.CountrySetAt = a.now() // the newer of it and a device's choice gives that device's lines
			moved = true
		}
		bio, renamed = p.Bio, p.DisplayName != name
		return a.saveProfile(ctx, tx, p)
	})
	if err != nil {
		return nil, err
	}
	// Again once committed: a name read between saveProfile's forgetting
	// and the commit was the old one. Other nodes forget it too.
	a.names.forget(act.User.ID)
	if renamed || moved { // a new country may mean another clock (ReaderOf)
		a.accountChanged(ctx, act.User.ID)
	}
	if bio != before {
		a.rescreen(ctx, act.User.ID, SurfaceBio, "", "", bio)
	}
	return a.GetMe(ctx)
}

// ProfileView is a profile as one viewer may see it: hidden fields are absent.
type ProfileView struct {
	ID          string `json:"id"`
	DisplayName string `json:"display_name"`
	Fields      map[string]any
	Former      bool `json:"former_member,omitempty"`
}

// MarshalJSON flattens the visible fields beside the id and name, in the
// API's forms: an empty list is [], an empty text or date is null.
func (v ProfileView) MarshalJSON() ([]byte, error) {
	m := map[string]any{"id": v.ID, "display_name": v.DisplayName}
	if v.Former {
		m["former_member"] = true
	}
	for k, f := range v.Fields {
		m[k] = apiValue(f)
	}
	return json.Marshal(m)
}

// apiValue is a profile field's value as the API answers it.
func apiValue(f any) any {
	switch x := f.(type) {
	case []string:
		if x == nil {
			return []string{}
		}
	case string:
		if x == "" {
			return nil
		}
	case map[string]string:
		out := make(map[string]any, len(x))
		for k, s := range x {
			out[k] = apiValue(s)
		}
		return out
	}
	return f
}

// ViewProfile returns another person's profile as the actor may see it, and
// audits every read of health fields. Errors: not_found (unknown or erased).
func (a *App) ViewProfile(ctx context.Context, userID string) (*ProfileView, error) {
	act, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	u, err := a.store.FindUserByID(ctx, userID)
	if err != nil {
		return nil, notFound(err, "apperrf.not_found.member")
	}
	if u.Deleted() {
		return &ProfileView{ID: u.ID, DisplayName: formerMember, Former: true, Fields: map[string]any{}}, nil
	}
	if userID != act.User.ID {
		if blocked, err := a.store.Blocked(ctx, act.User.ID, userID); err != nil {
			return nil, err
		} else if blocked {
			return nil, errNoMember // a block hides each from the other
		}
	}
	p, err := a.LoadProfile(ctx, userID)
	if err != nil {
		return nil, err
	}
	rel, err := a.relations.Relation(ctx, act.User.ID, userID)
	if err != nil {
		return nil, err
	}
	all := map[string]any{"pronouns": p.Pronouns, "bio": p.Bio, "languages": p.Languages,
		"location": map[string]string{"city": p.City, "country": p.Country}, "pathways": p.Pathways,
		"substances": p.Substances, "recovery_start": p.RecoveryStart, "life_circumstances": p.LifeCircumstances,
		"interests": p.Interests, "skills": p.Skills, "looking_for": p.LookingFor}
	view := &ProfileView{ID: u.ID, DisplayName: p.DisplayName, Fields: map[string]any{}}
	var health []string
	for _, f := range model.VisibleFields {
		if !rel.CanSee(p.Visibility[f]) {
			continue
		}
		view.Fields[f] = all[f]
		if model.HealthFields[f] && rel != model.RelSelf {
			health = append(health, f)
		}
	}
	// The profile form asks the time zone under "Where you are", whose one
	// choice of who sees it is the location's: the zone tells where too.
	if rel.CanSee(p.Visibility["location"]) {
		view.Fields["time_zone"] = p.TimeZone
	}
	if len(health) > 0 {
		sort.Strings(health)
		a.audit(ctx, act.User.ID, userID, "profile_read", health)
	}
	return view, nil
}

// PronounOf says how a page speaks of userID to the actor: by the
// pronouns on their profile when the actor may see that field (as on
// their profile page), else without gender (model.PronounThey), as for a
// person unknown, erased or signed out. No error: a page then says "they".
func (a *App) PronounOf(ctx context.Context, userID string) model.Pronoun {
	act := ActorFrom(ctx)
	if act == nil {
		return model.PronounThey
	}
	return a.pronounFor(ctx, act.User.ID, userID)
}

// pronounFor is PronounOf for the reader viewerID, who may not be the
// request's actor (a push written for a device's owner).
func (a *App) pronounFor(ctx context.Context, viewerID, userID string) model.Pronoun {
	if viewerID == "" || userID == "" {
		return model.PronounThey
	}
	p, err := a.LoadProfile(ctx, userID)
	if err != nil || p.Pronouns == "" {
		return model.PronounThey
	}
	rel, err := a.relations.Relation(ctx, viewerID, userID)
	if err != nil || !rel.CanSee(p.Visibility["pronouns"]) {
		return model.PronounThey
	}
	return model.PronounOf(p.Pronouns)
}

// displayName returns a person's display name, "a former member" once
// erased, or "" when unknown.
func (a *App) displayName(ctx context.Context, userID string) string {
	return a.nameAndRole(ctx, userID).name
}

// erased reports whether userID's account was erased: by the account,
// never by its name (cachedName.former).
func (a *App) erased(ctx context.Context, userID string) bool {
	return a.nameAndRole(ctx, userID).former
}

// namesOnce gives display names as displayName does, each person's read
// once however many rows of a page name them.
func (a *App) namesOnce(ctx context.Context) func(userID string) string {
	names := map[string]string{}
	return func(userID string) string {
		n, ok := names[userID]
		if !ok {
			n = a.displayName(ctx, userID)
			names[userID] = n
		}
		return n
	}
}

// nameAndRole is userID's name and whether they moderate the instance (a
// direct message from them is marked so), from the cache when it has them.
func (a *App) nameAndRole(ctx context.Context, userID string) cachedName {
	if userID == "" {
		return cachedName{}
	}
	if n, ok := a.names.get(userID, a.nameKeep()); ok && a.keptUsable() {
		return n
	}
	gen := a.names.generation()
	n := a.lookupPerson(ctx, userID)
	n.at = a.names.now()
	a.names.put(userID, n, gen)
	return n
}

func (a *App) lookupPerson(ctx context.Context, userID string) cachedName {
	u, err := a.store.FindUserByID(ctx, userID)
	if err != nil {
		return cachedName{}
	}
	if u.Deleted() {
		return cachedName{name: formerMember, former: true}
	}
	mod := u.Role == model.RoleModerator || u.Role == model.RoleSiteAdmin
	p, err := a.store.FindProfile(ctx, userID)
	if errors.Is(err, store.ErrNotFound) || err != nil {
		return cachedName{moderator: mod}
	}
	return cachedName{name: p.DisplayName, moderator: mod}
}

// DisplayName returns how a person is shown: their display name, or "a
// former member" once erased.
func (a *App) DisplayName(ctx context.Context, userID string) string {
	return a.displayName(ctx, userID)
}

// SetClock keeps the actor's choice of clock: i18n.ClockUsual ("", the one
// usual where they live), i18n.Clock12 or i18n.Clock24. Errors: invalid,
// naming the field clock, for any other.
func (a *App) SetClock(ctx context.Context, choice string) error {
	act, err := requireActor(ctx)
	if err != nil {
		return err
	}
	if !i18n.ValidClock(choice) {
		return errSay(model.KindInvalid, "apperrf.clock_unknown").WithField("clock", say("apperrf.clock_unknown"))
	}
	if err := a.accountToChange(ctx, act); err != nil {
		return err
	}
	if act.User.Clock == choice {
		return nil
	}
	act.User.Clock = choice
	if err := a.store.UpdateUser(ctx, act.User); err != nil {
		return err
	}
	a.accountChanged(ctx, act.User.ID)
	return nil
}
