package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/recovery"
	"github.com/kinshiprecovery/kinship/internal/store"
)

func checkinAAD(userID, date string) []byte { return []byte("checkin:" + userID + ":" + date) }

// location is the actor's time zone (UTC until they choose one).
func (a *App) location(ctx context.Context, userID string) *time.Location {
	if loc := a.ownZone(ctx, userID); loc != nil {
		return loc
	}
	return time.UTC
}

// ownZone is the zone a member chose, nil when they have none.
func (a *App) ownZone(ctx context.Context, userID string) *time.Location {
	if p, err := a.store.FindPlace(ctx, userID); err == nil && p.TimeZone != "" {
		if loc, err := loadZone(p.TimeZone); err == nil {
			return loc
		}
	}
	return nil
}

// MyPlace is the signed-in member's own time zone (nil when none, as
// MyZone), country (a code, "" when none, as the country MyLines uses)
// and when they last saved another country (zero when never since they
// joined), from one read of their profile: a page needs them all. The
// country and its time are opened from their own seal, not the whole
// profile's (7-9% of a page's CPU went to opening and decoding the
// profile for them); a profile without one that opens (saved before it
// was kept, or since by an older version) is opened whole, as before,
// and its country sealed apart for the next page.
func (a *App) MyPlace(ctx context.Context) (zone *time.Location, country string, countrySetAt time.Time) {
	act := ActorFrom(ctx)
	if act == nil {
		return nil, "", time.Time{}
	}
	pl, err := a.store.FindPlace(ctx, act.User.ID)
	if err != nil {
		pl = nil
	}
	zone, country, countrySetAt = a.myPlaceOf(ctx, act.User.ID, pl)
	if pl != nil && country != act.User.ClockRegion {
		// A profile saved before its country was kept beside the
		// account (migration 55): kept now, for the next pages' clock.
		if a.store.SetClockRegion(ctx, act.User.ID, country) == nil {
			act.User.ClockRegion = country
			a.accountChanged(ctx, act.User.ID)
		}
	}
	return zone, country, countrySetAt
}

// myPlaceOf is MyPlace from the place read of userID's profile (nil when
// none was read): the zone and the country sealed apart, else the whole
// profile opened, its country then sealed apart for the next pages.
func (a *App) myPlaceOf(ctx context.Context, userID string, pl *store.Place) (zone *time.Location, country string, countrySetAt time.Time) {
	if pl != nil && pl.CountrySealed != nil {
		if plain, err := a.box.Open(pl.CountrySealed, countryAAD(userID, pl.UpdatedAt)); err == nil {
			if c, at, ok := openCountryApart(plain); ok {
				if pl.TimeZone != "" {
					if loc, err := loadZone(pl.TimeZone); err == nil {
						zone = loc
					}
				}
				return zone, CountryCode(c), at
			}
		}
	}
	p, err := a.LoadProfile(ctx, userID)
	if err != nil {
		return a.ownZone(ctx, userID), "", time.Time{}
	}
	if pl != nil {
		// Sealed apart once, for the next pages, unless the profile was
		// saved since it was read.
		_ = a.store.SealCountryApart(ctx, userID, a.box.Seal(countryApart(p), countryAAD(userID, pl.UpdatedAt)), pl.UpdatedAt)
	}
	if p.TimeZone != "" {
		if loc, err := loadZone(p.TimeZone); err == nil {
			zone = loc
		}
	}
	return zone, CountryCode(p.Country), p.CountrySetAt
}

// MyZone is the signed-in member's own time zone, nil for a visitor or a
// member who has none yet.
func (a *App) MyZone(ctx context.Context) *time.Location {
	if act := ActorFrom(ctx); act != nil {
		return a.ownZone(ctx, act.User.ID)
	}
	return nil
}

// CheckinInput is what a member reports for today.
type CheckinInput struct {
	Mood       int
	Craving    int
	Used       bool
	SleepHours *float64
	Note       string
	Tags       []string
	// Date is the local day a check-in made offline was made on
	// ("YYYY-MM-DD"); "" is today in the person's zone.
	Date string
}

// LateCheckinDays is how many days back a check-in made offline may still
// be sent for.
const LateCheckinDays = 3

// checkinDate is the day a check-in counts for: today in the person's
// zone, or the day it was made offline, which may be up to LateCheckinDays
// back and never a day that has not begun anywhere yet (a phone's zone may
// be ahead of the profile's). Errors: invalid, saying which days work.
func checkinDate(now time.Time, loc *time.Location, given string) (string, error) {
	today := recovery.DateOf(now, loc)
	if given == "" {
		return today.String(), nil
	}
	d, err := recovery.ParseDate(given)
	if err != nil {
		return "", errSay(model.KindInvalid, "apperrf.checkin_date_shape", "Today", today.String()).Field("date", "use YYYY-MM-DD")
	}
	if latest := recovery.DateOf(now, time.FixedZone("UTC+14", 14*3600)); latest.Before(d) {
		return "", errSay(model.KindInvalid, "apperrf.checkin_date_future", "Date", dateWords(d)).Field("date", "a day that has not begun")
	}
	if earliest := today.AddDays(-LateCheckinDays); d.Before(earliest) {
		return "", errSay(model.KindInvalid, "apperrf.checkin_date_late", "Count", LateCheckinDays, "Date", dateWords(d), "Earliest", dateWords(earliest)).
			Field("date", "too long ago")
	}
	return d.String(), nil
}

// RecordCheckin saves the actor's check-in for their local today (or the
// day given in in.Date, see checkinDate); a second one the same day
// updates it. created reports a new day. Errors: invalid.
func (a *App) RecordCheckin(ctx context.Context, in CheckinInput) (*model.Checkin, bool, error) {
	act, err := requireActor(ctx)
	if err != nil {
		return nil, false, err
	}
	now := a.now()
	day, err := checkinDate(now, a.location(ctx, act.User.ID), in.Date)
	if err != nil {
		return nil, false, err
	}
	c := &model.Checkin{Date: day, Mood: in.Mood, Craving: in.Craving,
		Used: in.Used, SleepHours: in.SleepHours, Note: in.Note, Tags: in.Tags, CreatedAt: now, UpdatedAt: now}
	if err := c.Validate(); err != nil {
		return nil, false, err
	}
	var created bool
	err = a.store.InTx(ctx, func(tx store.Store) error {
		// Keep the first time of the day as the creation time.
		previous := -1
		if old, err := a.loadCheckins(ctx, tx, act.User.ID, c.Date); err == nil && len(old) > 0 && old[0].Date == c.Date {
			c.CreatedAt = old[0].CreatedAt
			previous = old[0].Craving
		}
		if err := a.partnerCravingAlerts(ctx, tx, act.User.ID, c.Craving, previous); err != nil {
			return err
		}
		plain, err := json.Marshal(c)
		if err != nil {
			return err
		}
		created, err = tx.UpsertCheckin(ctx, &store.StoredCheckin{UserID: act.User.ID, LocalDate: c.Date,
			Sealed: a.box.Seal(plain, checkinAAD(act.User.ID, c.Date)), CreatedAt: c.CreatedAt, UpdatedAt: now})
		return err
	})
	if err != nil {
		return nil, false, err
	}
	if created {
		a.screen(ctx, act.User.ID, SurfaceCheckin, c.Date, "", c.Note)
	} else {
		a.rescreen(ctx, act.User.ID, SurfaceCheckin, c.Date, "", c.Note)
	}
	return c, created, nil
}

func (a *App) loadCheckins(ctx context.Context, st store.Store, userID, from string) ([]*model.Checkin, error) {
	rows, err := st.ListCheckins(ctx, userID, from)
	if err != nil {
		return nil, err
	}
	out := make([]*model.Checkin, 0, len(rows))
	for _, r := range rows {
		plain, err := a.box.Open(r.Sealed, checkinAAD(userID, r.LocalDate))
		if err != nil {
			return nil, fmt.Errorf("app: open check-in %s of %s: %w", r.LocalDate, userID, err)
		}
		var c model.Checkin
		if err := json.Unmarshal(plain, &c); err != nil {
			return nil, fmt.Errorf("app: decode check-in %s of %s: %w", r.LocalDate, userID, err)
		}
		out = append(out, &c)
	}
	return out, nil
}

// MaxCheckinDays is the longest period one listing covers.
const MaxCheckinDays = 366

// ListCheckins returns the actor's check-ins of the last days days
// (including today), newest first. Errors: invalid (days out of range).
func (a *App) ListCheckins(ctx context.Context, days int) ([]*model.Checkin, error) {
	act, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	if days < 1 || days > MaxCheckinDays {
		return nil, &model.Error{Kind: model.KindInvalid, Message: "days must be from 1 to 366", Fields: map[string]string{"days": "use a number from 1 to 366"}}
	}
	today := recovery.DateOf(a.now(), a.location(ctx, act.User.ID))
	return a.loadCheckins(ctx, a.store, act.User.ID, today.AddDays(-(days - 1)).String())
}

// CheckinOn returns the actor's check-in of one local day (YYYY-MM-DD).
// Errors: invalid (not a date), not_found (no check-in that day).
func (a *App) CheckinOn(ctx context.Context, date string) (*model.Checkin, error) {
	act, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := time.Parse(model.DateLayout, date); err != nil {
		return nil, &model.Error{Kind: model.KindInvalid, Message: "write the day like 2026-12-04", Fields: map[string]string{"date": "a date like 2026-12-04"}}
	}
	cs, err := a.loadCheckins(ctx, a.store, act.User.ID, date)
	if err != nil {
		return nil, err
	}
	for _, c := range cs {
		if c.Date == date {
			return c, nil
		}
	}
	d, _ := recovery.ParseDate(date)
	return nil, errSay(model.KindNotFound, "apperrf.checkin_none_on", "Date", dateWords(d))
}

// recoveryLog is the sealed list of a member's return-to-use dates.
type recoveryLog struct {
	Returns []string `json:"returns"`
}

func recoveryAAD(userID string) []byte { return []byte("recovery:" + userID) }

func (a *App) loadRecoveryLog(ctx context.Context, st store.Store, userID string) (*recoveryLog, error) {
	sealed, err := st.FindRecoveryLog(ctx, userID)
	if errors.Is(err, store.ErrNotFound) {
		return &recoveryLog{}, nil
	} else if err != nil {
		return nil, err
	}
	plain, err := a.box.Open(sealed, recoveryAAD(userID))
	if err != nil {
		return nil, fmt.Errorf("app: open recovery log of %s: %w", userID, err)
	}
	var l recoveryLog
	return &l, json.Unmarshal(plain, &l)
}

// RecoveryView is the actor's recovery time, with words that encourage.
type RecoveryView struct {
	HasStart bool `json:"has_start"`
	recovery.Status
	Today         string `json:"today"`
	TimeZone      string `json:"time_zone"`
	Encouragement string `json:"encouragement"`
}

// Recovery computes the actor's current streak, cumulative time and
// milestones from their start date (in their profile) and return-to-use
// dates, in their time zone.
func (a *App) Recovery(ctx context.Context) (*RecoveryView, error) {
	v, _, err := a.recoveryOf(ctx)
	return v, err
}

// recoveryOf is Recovery and the zone a member chose (nil when none),
// from the one read of their profile.
func (a *App) recoveryOf(ctx context.Context) (*RecoveryView, *time.Location, error) {
	act, err := requireActor(ctx)
	if err != nil {
		return nil, nil, err
	}
	p, err := a.recoveryProfile(ctx, act.User.ID)
	if err != nil {
		return nil, nil, err
	}
	// The zone from the profile just read (location would read it again).
	var own *time.Location
	if p.TimeZone != "" {
		if z, err := loadZone(p.TimeZone); err == nil {
			own = z
		}
	}
	loc := own
	if loc == nil {
		loc = time.UTC
	}
	v, err := a.recoveryIn(ctx, act, p, loc)
	return v, own, err
}

// recoveryProfile reads what recoveryOf needs of userID's profile, its
// time zone and recovery start (the rest left empty): the start sealed
// apart with the zone when the profile was saved with it, else the whole
// profile opened, the start then sealed apart for the next time unless
// the profile was saved since it was read. Errors: not_found.
func (a *App) recoveryProfile(ctx context.Context, userID string) (*model.Profile, error) {
	pl, err := a.store.FindRecoveryPlace(ctx, userID)
	if err == nil && pl.RecoverySealed != nil {
		if start, err := a.box.Open(pl.RecoverySealed, recoveryStartAAD(userID, pl.UpdatedAt)); err == nil {
			return &model.Profile{UserID: userID, TimeZone: pl.TimeZone, RecoveryStart: string(start)}, nil
		}
	}
	p, err := a.LoadProfile(ctx, userID)
	if err != nil {
		return nil, err
	}
	if pl != nil {
		_ = a.store.SealRecoveryApart(ctx, userID, a.box.Seal([]byte(p.RecoveryStart), recoveryStartAAD(userID, pl.UpdatedAt)), pl.UpdatedAt)
	}
	return p, nil
}

// recoveryIn is Recovery from the member's profile and zone.
func (a *App) recoveryIn(ctx context.Context, act *Actor, p *model.Profile, loc *time.Location) (*RecoveryView, error) {
	today := recovery.DateOf(a.now(), loc)
	v := &RecoveryView{Today: today.String(), TimeZone: loc.String(), Status: recovery.Status{Reached: []recovery.Milestone{}}}
	if p.RecoveryStart == "" {
		v.Encouragement = "Add your recovery start date to your profile when you are ready; only you decide who sees it."
		return v, nil
	}
	start, err := recovery.ParseDate(p.RecoveryStart)
	if err != nil {
		return nil, err
	}
	l, err := a.loadRecoveryLog(ctx, a.store, act.User.ID)
	if err != nil {
		return nil, err
	}
	var returns []recovery.Date
	for _, r := range l.Returns {
		if d, err := recovery.ParseDate(r); err == nil {
			returns = append(returns, d)
		}
	}
	v.HasStart = true
	v.Status = recovery.Compute(start, returns, today)
	v.Encouragement = encouragement(v.Status)
	return v, nil
}

func encouragement(s recovery.Status) string {
	switch {
	case s.Returns > 0 && s.StreakDays < 7:
		return fmt.Sprintf("A setback does not erase your progress: %d days in recovery so far, and every day counts. Reaching out to an accountability partner, a mentor or a meeting can help.", s.CumulativeDays)
	case s.StreakDays == 0:
		return "Today is a good day to begin. You are not alone."
	}
	msg := fmt.Sprintf("%d days and counting.", s.StreakDays)
	if s.Returns > 0 {
		msg = fmt.Sprintf("%d days in this stretch, and %d days in recovery in all.", s.StreakDays, s.CumulativeDays)
	}
	if s.Next != nil {
		msg += " Next up: " + s.Next.Label + "."
	}
	return msg
}

// RecordReturnToUse adds a return-to-use date (a setback), which restarts
// the streak and keeps the cumulative time. Errors: invalid (no start date,
// date in the future or before the start).
func (a *App) RecordReturnToUse(ctx context.Context, date string) (*RecoveryView, error) {
	act, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	d, err := recovery.ParseDate(date)
	if err != nil {
		return nil, &model.Error{Kind: model.KindInvalid, Message: "use a date like 2024-03-15", Fields: map[string]string{"date": "use a date like 2024-03-15"}}
	}
	p, err := a.LoadProfile(ctx, act.User.ID)
	if err != nil {
		return nil, err
	}
	if p.RecoveryStart == "" {
		return nil, &model.Error{Kind: model.KindInvalid, Message: "add your recovery start date to your profile first", Fields: map[string]string{"date": "no start date yet"}}
	}
	start, _ := recovery.ParseDate(p.RecoveryStart)
	today := recovery.DateOf(a.now(), a.location(ctx, act.User.ID))
	switch {
	case today.Before(d):
		return nil, &model.Error{Kind: model.KindInvalid, Message: "the date cannot be in the future", Fields: map[string]string{"date": "the date cannot be in the future"}}
	case d.Before(start):
		return nil, errSay(model.KindInvalid, "apperrf.return_before_start", "Start", dateWords(start)).Field("date", "before your start date")
	}
	err = a.store.InTx(ctx, func(tx store.Store) error {
		l, err := a.loadRecoveryLog(ctx, tx, act.User.ID)
		if err != nil {
			return err
		}
		for _, r := range l.Returns {
			if r == d.String() {
				return nil
			}
		}
		l.Returns = append(l.Returns, d.String())
		sort.Strings(l.Returns)
		plain, err := json.Marshal(l)
		if err != nil {
			return err
		}
		return tx.SaveRecoveryLog(ctx, act.User.ID, a.box.Seal(plain, recoveryAAD(act.User.ID)), a.now())
	})
	if err != nil {
		return nil, err
	}
	return a.Recovery(ctx)
}

// registerCheckinParts adds check-ins and the recovery log to data export
// and account deletion.
func (a *App) registerCheckinParts() {
	a.AddExportPart(func(ctx context.Context, userID string) (string, any, error) {
		cs, err := a.loadCheckins(ctx, a.store, userID, "0000-01-01")
		return "checkins", cs, err
	})
	a.AddExportPart(func(ctx context.Context, userID string) (string, any, error) {
		l, err := a.loadRecoveryLog(ctx, a.store, userID)
		return "return_to_use_dates", l.Returns, err
	})
	a.AddExportPart(func(ctx context.Context, userID string) (string, any, error) {
		v, err := a.CapitalHistory(WithActor(ctx, &Actor{User: &model.User{ID: userID}}))
		if err != nil {
			return "recovery_capital", nil, err
		}
		return "recovery_capital", v.Surveys, nil
	})
	// The export parts below speak as the person, so their own views are reused.
	personPart(a, "accountability_partners", a.ListPartners)
	personPart(a, "notifications", a.ListNotifications)
	personPart(a, "connections", a.ListConnections)
	personPart(a, "blocks", a.ListBlocks)
	personPart(a, "groups", func(ctx context.Context) ([]GroupView, error) { return a.ListGroups(ctx, "", true) })
	personPart(a, "direct_message_threads", a.ListInbox)
	a.AddExportPart(func(ctx context.Context, userID string) (string, any, error) {
		ms, err := a.store.ListAuthoredMessages(ctx, userID)
		out := []MessageView{}
		for _, m := range ms {
			out = append(out, a.messageView(ctx, names{}, m))
		}
		return "messages_you_wrote", out, err
	})
	a.AddExportPart(a.exportCommunity)
	personPart(a, "support_alerts", func(ctx context.Context) ([]AlertView, error) {
		v, err := a.ListSupport(ctx)
		if err != nil {
			return nil, err
		}
		return v.Mine, nil
	})
	personPart(a, "mentorships", a.ListMentorships)
	personPart(a, "safety_plan", a.MySafetyPlan)
	personPart(a, "moderation_actions_about_you", a.MyModerationActions)
	personPart(a, "consents_and_disclosures", a.MyConsents)
	// The programs the person joined, as what (client, alumni) and in which cohort.
	personPart(a, "organizations", a.MyOrganizations)
	// Each area's rows, in this order, inside the deletion's transaction.
	for _, erase := range []func(store.Store, context.Context, string) error{
		a.eraseNoticesOfIn, // first: it reads the ties the others remove
		store.Store.DeleteUserOrgData,
		store.Store.DeleteUserCommunityData,
		store.Store.DeleteUserMentorships,
		store.Store.DeleteUserSafetyData,
		store.Store.DeleteUserGroupData,
		store.Store.DeleteUserCheckins,
		store.Store.DeleteUserPartnerships,
		store.Store.DeleteUserNotifications,
		store.Store.DeleteUserConnections,
	} {
		a.AddEraser(func(ctx context.Context, tx store.Store, userID string) error { return erase(tx, ctx, userID) })
	}
}

// personPart adds an export part made by one of the person's own views,
// asked as the person (the signed-in actor when that is them).
func personPart[T any](a *App, name string, view func(context.Context) (T, error)) {
	a.AddExportPart(func(ctx context.Context, userID string) (string, any, error) {
		if act := ActorFrom(ctx); act == nil || act.User.ID != userID {
			ctx = WithActor(ctx, &Actor{User: &model.User{ID: userID}})
		}
		v, err := view(ctx)
		return name, v, err
	})
}

// MyCountry is the signed-in member's country code, "" when none.
func (a *App) MyCountry(ctx context.Context) string {
	act := ActorFrom(ctx)
	if act == nil {
		return ""
	}
	p, err := a.LoadProfile(ctx, act.User.ID)
	if err != nil {
		return ""
	}
	return p.Country
}
