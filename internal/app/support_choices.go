package app

import (
	"context"

	"github.com/kinshiprecovery/kinship/internal/store"
)

// SupportChoices are what a member chose for their calls for support.
type SupportChoices struct {
	// ShareCountryLines lets whoever answers the member's call see the
	// crisis lines of the country they are in (the country only, never a
	// place), even a peer on duty their profile keeps their location from.
	ShareCountryLines bool `json:"share_country_lines" doc:"true when whoever answers your call for support may see your country's crisis lines (the country only, never your town or where you are): a peer on duty your profile keeps your location from is then given your country (member_country) on your call, and your privacy log says who saw it"`
	// Country is the country that would be shared: the profile's country,
	// else its time zone's; "" when it says neither (nothing to share).
	Country string `json:"country,omitempty" doc:"the two-letter code of the country whose lines would be shared: your profile's country, else its time zone's; left out when your profile says neither, and then nothing is shared"`
}

// MySupportChoices returns the actor's choices for their calls for
// support. Errors: unauthorized.
func (a *App) MySupportChoices(ctx context.Context) (*SupportChoices, error) {
	act, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	out := &SupportChoices{ShareCountryLines: act.User.ShareLinesOnCall}
	if p, err := a.LoadProfile(ctx, act.User.ID); err == nil {
		out.Country = profileCountry(p)
	}
	return out, nil
}

// ShareLinesOnCall lets whoever answers the actor's calls for support see
// their country's crisis lines (on), or keeps them to those their profile
// shows their location (off); it applies to an open call at once.
// Errors: unauthorized.
func (a *App) ShareLinesOnCall(ctx context.Context, on bool) (*SupportChoices, error) {
	act, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	if err := a.accountToChange(ctx, act); err != nil {
		return nil, err
	}
	if act.User.ShareLinesOnCall != on {
		act.User.ShareLinesOnCall = on
		if err := a.store.UpdateUser(ctx, act.User); err != nil {
			return nil, err
		}
		a.accountChanged(ctx, act.User.ID)
		// Whoever holds the open call reads it again with the lines.
		if open := a.openAlertOf(ctx, act.User.ID); open != nil {
			a.tellRespondersAgain(ctx, open)
		}
	}
	return a.MySupportChoices(ctx)
}

// sharesLinesOnCall reports whether userID chose to let whoever answers
// their call see their country's crisis lines.
func (a *App) sharesLinesOnCall(ctx context.Context, userID string) bool {
	u, err := a.store.FindUserByID(ctx, userID)
	return err == nil && !u.Deleted() && u.ShareLinesOnCall
}

// tellRespondersAgain tells the open pages of those an open call reached
// that it changed (the frame carries no text, only where to look).
func (a *App) tellRespondersAgain(ctx context.Context, al *store.SupportAlert) {
	rows, err := a.store.ListAlertReach(ctx, al.ID)
	if err != nil {
		return
	}
	for _, r := range rows {
		a.pushNotice(ctx, r.UserID, "support_alert", "/support/respond")
	}
}
