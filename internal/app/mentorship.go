package app

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/kinshiprecovery/kinship/internal/i18n"
	"github.com/kinshiprecovery/kinship/internal/match"
	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/store"
)

// DefaultMentorMinRecovery is the least time in recovery to mentor.
const DefaultMentorMinRecovery = 365 * 24 * time.Hour

// MentorshipSettings are a person's mentoring choices: as a mentor (capacity,
// pause, availability, what they offer) and as a mentee (requirements).
type MentorshipSettings struct {
	Mentor       bool          `json:"is_mentor"`
	Capacity     int           `json:"capacity"`
	Paused       bool          `json:"paused"`
	Gender       string        `json:"gender"`
	Age          int           `json:"age"`
	Availability []string      `json:"availability"`
	Offers       string        `json:"offers"`
	Spirituality string        `json:"spirituality"`
	Family       string        `json:"family"`
	Require      match.Require `json:"require"`
	// Certified is shown as a badge: an organization vouched for the mentor.
	Certified bool `json:"certified"`
	// Eligible says whether the person may mentor now, and WhyNot why not.
	Eligible bool   `json:"eligible"`
	WhyNot   string `json:"why_not,omitempty"`
	// WhyNotMsg is WhyNot as a catalog message, for pages in the
	// reader's language.
	WhyNotMsg *model.Msg `json:"-"`
}

// sealedSettings is the sealed part of the settings.
type sealedSettings struct {
	Gender       string        `json:"gender,omitempty"`
	Age          int           `json:"age,omitempty"`
	Availability []string      `json:"availability,omitempty"`
	Offers       string        `json:"offers,omitempty"`
	Spirituality string        `json:"spirituality,omitempty"`
	Family       string        `json:"family,omitempty"`
	Require      match.Require `json:"require"`
}

func mentorshipAAD(userID string) []byte { return []byte("mentorship-profile:" + userID) }

// SetMentorshipOptions installs the instance's matching weights and the
// least time in recovery to mentor (nil weights or a negative duration keep
// the defaults). Weights that match.Weights.Validate refuses are refused
// here, with its words, and the weights in use stay as they were.
func (a *App) SetMentorshipOptions(w *match.Weights, minRecovery time.Duration) error {
	if w != nil {
		if err := w.Validate(); err != nil {
			return errors.New(strings.TrimPrefix(err.Error(), "match: "))
		}
		a.weights = *w
	}
	if minRecovery >= 0 {
		a.mentorMin = minRecovery
	}
	return nil
}

func (a *App) loadSettings(ctx context.Context, userID string) (*store.MentorshipProfile, sealedSettings, error) {
	var sealed sealedSettings
	p, err := a.store.FindMentorshipProfile(ctx, userID)
	if errors.Is(err, store.ErrNotFound) {
		return &store.MentorshipProfile{UserID: userID}, sealed, nil
	}
	if err != nil {
		return nil, sealed, err
	}
	if len(p.Sealed) > 0 {
		b, err := a.box.Open(p.Sealed, mentorshipAAD(userID))
		if err != nil {
			return nil, sealed, err
		}
		if err := json.Unmarshal(b, &sealed); err != nil {
			return nil, sealed, err
		}
	}
	return p, sealed, nil
}

// eligibility says whether u may mentor now.
// When not, it says why as a message for the person.
func (a *App) eligibility(ctx context.Context, u *model.User) (bool, *model.Msg) {
	if !u.MFAEnabled {
		return false, say("apperrf.mentor_needs_mfa")
	}
	p, err := a.LoadProfile(ctx, u.ID)
	if err != nil || p.RecoveryStart == "" {
		return false, say("apperrf.mentor_needs_start")
	}
	years := a.recoveryYears(ctx, u.ID)
	min := a.mentorMin
	if years*365*24 < min.Hours() {
		// "1 year", "1.5 years": the count also picks the plural form.
		need := strconv.FormatFloat(math.Round(min.Hours()/24/365*10)/10, 'f', -1, 64)
		return false, say("apperrf.mentor_needs_years", "Count", need)
	}
	return true, nil
}

// matchTerm puts a word that matching compares exactly (a gender, a
// tradition, a family situation) in one spelling, so that "Young children"
// and "young-children" are the same: lower case, words joined by hyphens.
func matchTerm(s string) string {
	return strings.Join(strings.Fields(strings.ToLower(strings.ReplaceAll(s, "_", " "))), "-")
}

// recoveryYears returns the person's cumulative time in recovery in years.
func (a *App) recoveryYears(ctx context.Context, userID string) float64 {
	rec, err := a.Recovery(WithActor(ctx, &Actor{User: &model.User{ID: userID}}))
	if err != nil || !rec.HasStart {
		return 0
	}
	return float64(rec.CumulativeDays) / 365
}

// MentorshipSettings returns the actor's mentoring choices.
func (a *App) MentorshipSettings(ctx context.Context) (*MentorshipSettings, error) {
	act, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	p, sealed, err := a.loadSettings(ctx, act.User.ID)
	if err != nil {
		return nil, err
	}
	v := &MentorshipSettings{Mentor: p.Mentor, Capacity: p.Capacity, Paused: p.Paused, Gender: sealed.Gender, Age: sealed.Age,
		Availability: sealed.Availability, Offers: sealed.Offers, Spirituality: sealed.Spirituality, Family: sealed.Family,
		Require: sealed.Require, Certified: p.CertifiedBy != ""}
	if v.Availability == nil {
		v.Availability = []string{}
	}
	var why *model.Msg
	v.Eligible, why = a.eligibility(ctx, act.User)
	if why != nil {
		v.WhyNot, v.WhyNotMsg = why.English, why
	}
	return v, nil
}

// SaveMentorshipSettings stores the actor's choices. Offering to mentor
// needs eligibility. Errors: invalid, forbidden.
func (a *App) SaveMentorshipSettings(ctx context.Context, in MentorshipSettings) (*MentorshipSettings, error) {
	act, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	f := model.FieldErrors{}
	if in.Capacity < 0 || in.Capacity > 20 {
		f.Add("capacity", "take from 0 to 20 mentees")
	} else if in.Mentor && !in.Paused && in.Capacity == 0 {
		// Offering with room for nobody would be saved and never
		// suggested to anyone, and nothing would say why.
		f.Add("capacity", "to offer to mentor, take at least 1 mentee; to take none for now, pause instead")
	}
	if in.Age < 0 || in.Age > 120 {
		f.Add("age", "give an age from 0 to 120, or 0 to leave it out")
	}
	for _, s := range in.Availability {
		if !validSlot(s) {
			f.AddMsg("availability", say("apperrf.availability_unknown", "Slot", s))
		}
	}
	if utf8.RuneCountInString(in.Offers) > 1000 {
		f.Add("offers", "keep it to 1,000 characters")
	}
	for k, v := range map[string]string{"gender": in.Gender, "spirituality": in.Spirituality, "family": in.Family, "require.mentor_gender": in.Require.MentorGender} {
		if utf8.RuneCountInString(v) > 50 {
			f.Add(k, "keep it to 50 characters")
		}
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	if in.Mentor {
		if err := withMFA(act, ErrMFAForMentors); err != nil {
			return nil, err
		}
		if ok, why := a.eligibility(ctx, act.User); !ok {
			return nil, model.ErrMsg(model.KindForbidden, why)
		}
	}
	p, _, err := a.loadSettings(ctx, act.User.ID)
	if err != nil {
		return nil, err
	}
	in.Require.MentorGender = matchTerm(in.Require.MentorGender)
	plain, _ := json.Marshal(sealedSettings{Gender: matchTerm(in.Gender), Age: in.Age, Availability: in.Availability, Offers: strings.TrimSpace(in.Offers),
		Spirituality: matchTerm(in.Spirituality), Family: matchTerm(in.Family), Require: in.Require})
	p.Mentor, p.Capacity, p.Paused, p.UpdatedAt = in.Mentor, in.Capacity, in.Paused, a.now()
	p.Sealed = a.box.Seal(plain, mentorshipAAD(act.User.ID))
	if err := a.store.SaveMentorshipProfile(ctx, p); err != nil {
		return nil, err
	}
	// The offers are an item of their own, apart from the bio (ref ""):
	// each keeps its own crisis-queue flag.
	a.rescreen(ctx, act.User.ID, SurfaceBio, "mentor_offers", "", strings.TrimSpace(in.Offers))
	return a.MentorshipSettings(ctx)
}

func validSlot(s string) bool {
	day, part, ok := strings.Cut(s, "-")
	if !ok {
		return false
	}
	switch day {
	case "mon", "tue", "wed", "thu", "fri", "sat", "sun":
	default:
		return false
	}
	switch part {
	case "morning", "afternoon", "evening", "night":
		return true
	}
	return false
}

// VouchMentor marks (or unmarks) a mentor as a certified peer recovery
// specialist, shown as a badge. Organization and site admins. Errors:
// forbidden, not_found.
func (a *App) VouchMentor(ctx context.Context, mentorID string, on bool) error {
	act, err := requireActor(ctx)
	if err != nil {
		return err
	}
	if act.User.Role != model.RoleOrgAdmin && act.User.Role != model.RoleSiteAdmin {
		return model.Errorf(model.KindForbidden, "only organization admins can vouch for a mentor")
	}
	p, err := a.store.FindMentorshipProfile(ctx, mentorID)
	if err != nil || !p.Mentor {
		return &model.Error{Kind: model.KindNotFound, Message: "mentor not found"}
	}
	p.CertifiedBy = ""
	if on {
		p.CertifiedBy = act.User.ID
	}
	p.UpdatedAt = a.now()
	if err := a.store.SaveMentorshipProfile(ctx, p); err != nil {
		return err
	}
	a.audit(ctx, act.User.ID, mentorID, "mentor_vouched", nil)
	return nil
}

// person builds the matching view of someone from their profile and settings.
func (a *App) person(ctx context.Context, userID string, mp *store.MentorshipProfile, sealed sealedSettings) (match.Person, bool) {
	p, err := a.LoadProfile(ctx, userID)
	if err != nil {
		return match.Person{}, false
	}
	blocked, _ := a.blockedEitherWay(ctx, userID)
	req := sealed.Require
	req.MentorGender = matchTerm(req.MentorGender)
	per := match.Person{ID: userID, Pathways: p.Pathways, Substances: p.Substances, Languages: spokenLanguages(p.Languages), Gender: matchTerm(sealed.Gender), Age: sealed.Age,
		Timezone: p.TimeZone, Availability: sealed.Availability, Circumstances: p.LifeCircumstances, Spirituality: matchTerm(sealed.Spirituality),
		Family: matchTerm(sealed.Family), Blocked: blocked, Require: req}
	if per.Timezone == "" {
		per.Timezone = "UTC"
	}
	if mp != nil && mp.Mentor {
		per.Capacity = mp.Capacity
		per.RecoveryYears = a.recoveryYears(ctx, userID)
		per.Require = match.Require{}
	}
	return per, true
}

// Suggestion is a suggested mentor with plain reasons.
type Suggestion struct {
	MentorID string   `json:"mentor_id"`
	Name     string   `json:"display_name"`
	Score    float64  `json:"score"`
	Reasons  []string `json:"reasons"`
	// Why are the Reasons as codes, for pages in the reader's language.
	Why       []match.Reason `json:"-"`
	Certified bool           `json:"certified"`
	Offers    string         `json:"offers,omitempty"`
	SeatsLeft int            `json:"seats_left"`
}

// availableMentors returns the mentors who may take a mentee now, with
// their matching view (seats left as capacity) and their blocks, except
// excluded, each read afresh (a cohort's plan; suggestions read the
// mentors this node keeps, mentorsToSuggest).
func (a *App) availableMentors(ctx context.Context, exclude map[string]bool) ([]match.Person, map[string]*store.MentorshipProfile, map[string]string, error) {
	mps, err := a.store.ListMentorProfiles(ctx)
	if err != nil {
		return nil, nil, nil, err
	}
	var out []match.Person
	byID, offers := map[string]*store.MentorshipProfile{}, map[string]string{}
	for _, mp := range mps {
		if exclude[mp.UserID] {
			continue
		}
		k, ok := a.readMentor(ctx, mp)
		if !ok {
			continue
		}
		per, ok := k.at(a.now(), a.mentorMin)
		if !ok {
			continue
		}
		per.Blocked, _ = a.blockedEitherWay(ctx, mp.UserID)
		out = append(out, per)
		byID[mp.UserID], offers[mp.UserID] = mp, k.offers
	}
	return out, byID, offers, nil
}

// SuggestMentors returns up to k mentors for the actor with reasons,
// optionally only those who speak language or share pathway.
func (a *App) SuggestMentors(ctx context.Context, language, pathway string, k int) ([]Suggestion, error) {
	act, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	if k <= 0 || k > 20 {
		k = 5
	}
	_, sealed, err := a.loadSettings(ctx, act.User.ID)
	if err != nil {
		return nil, err
	}
	me, ok := a.person(ctx, act.User.ID, nil, sealed)
	if !ok {
		return nil, model.Errorf(model.KindConflict, "fill in your profile first")
	}
	// Mentors the person already asked or has are not suggested again:
	// matching skips whom the person's own list names, as it does
	// whom they block or who blocks them.
	if ms, err := a.store.ListMentorships(ctx, act.User.ID); err == nil {
		for _, m := range ms {
			if m.MenteeID == act.User.ID && (m.Status == "requested" || m.Status == "active" || m.Status == "paused") {
				me.Blocked = append(me.Blocked, m.MentorID)
			}
		}
	}
	view, err := a.mentorsToSuggest(ctx)
	if err != nil {
		return nil, err
	}
	out := []Suggestion{}
	for _, sc := range match.Suggest(a.weights, me, view.matching(language, pathway), k) {
		km := view.byID[sc.Mentor]
		out = append(out, Suggestion{MentorID: sc.Mentor, Name: a.displayName(ctx, sc.Mentor), Score: sc.Score, Reasons: sc.Reasons, Why: sc.Why,
			Certified: km.certified, Offers: km.offers, SeatsLeft: km.seats})
	}
	return out, nil
}

// MentorLanguages are the languages the mentor finder offers, as codes.
var MentorLanguages = []string{"en", "es", "fr"}

// speaks reports whether a mentor who wrote langs in their profile speaks
// want (a code such as "es", or a language's name): people write
// "Spanish", "español" or "es", so a code also matches the language's name
// in every catalog ("langname.es").
func speaks(langs []string, want string) bool {
	if contains(langs, want) {
		return true
	}
	id := "langname." + strings.ToLower(want)
	if !i18n.Load().Default().Has(id) {
		return false
	}
	for _, code := range i18n.Load().Codes() {
		if contains(langs, i18n.For(code).T(id)) {
			return true
		}
	}
	return false
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}
