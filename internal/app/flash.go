package app

import (
	"context"
	"encoding/base64"
	"strings"

	"github.com/kinshiprecovery/kinship/internal/i18n"
	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/zones"
)

func flashAAD(sessionID string) []byte { return []byte("flash:" + sessionID) }

// SealFlash seals a page's one-time message (the outcome of a form, shown
// on the page its redirect leads to) for the session sessionID alone, as
// text for a cookie: nothing of it goes in an address.
func (a *App) SealFlash(sessionID string, msg []byte) string {
	return base64.RawURLEncoding.EncodeToString(a.box.Seal(msg, flashAAD(sessionID)))
}

// OpenFlash opens what SealFlash sealed for sessionID; false when it was
// sealed for another session, was changed, or is not one.
func (a *App) OpenFlash(sessionID, sealed string) ([]byte, bool) {
	b, err := base64.RawURLEncoding.DecodeString(sealed)
	if err != nil {
		return nil, false
	}
	msg, err := a.box.Open(b, flashAAD(sessionID))
	return msg, err == nil
}

// AdoptBrowserZone gives the actor's profile the time zone their browser
// reports (an IANA name) when it has none: an account an admin made
// without --timezone counted its days in UTC until the person chose a
// zone. The country of their crisis lines follows the zone when they have
// none either, as at sign-up. It returns the zone taken, "" when the
// profile had one already or the browser's is not a zone Kinship knows
// (or is UTC, which tells nothing: the account waits for a real one).
func (a *App) AdoptBrowserZone(ctx context.Context, browserZone string) (string, error) {
	act, err := requireActor(ctx)
	if err != nil {
		return "", err
	}
	zone, ok := zones.Parse(strings.TrimSpace(browserZone))
	if !ok || zone == "" || zone == "UTC" || zone == "Etc/UTC" {
		return "", nil // a browser in UTC says no more than the default
	}
	p, err := a.LoadProfile(ctx, act.User.ID)
	if err != nil || p.TimeZone != "" {
		return "", err
	}
	if _, err := a.UpdateMe(ctx, func(p *model.Profile) {
		if p.TimeZone == "" {
			p.TimeZone = zone
			if p.Country == "" {
				p.Country = zones.CountryOf(zone)
			}
		}
	}); err != nil {
		return "", err
	}
	return zone, nil
}

// AdoptPageLanguage gives the actor's account, when it has no language of
// its own (one made on the command line, which asks for none), the
// language code its pages were just read in, so that its emails and
// pushes are written in it too until the person chooses another (walk10
// W10-6: two staff read every page in Spanish and their emails came in
// English). An account with a language keeps it; an unknown code changes
// nothing.
func (a *App) AdoptPageLanguage(ctx context.Context, code string) error {
	act, err := requireActor(ctx)
	if err != nil {
		return err
	}
	if !i18n.Load().Supported(code) {
		return nil
	}
	if err := a.accountToChange(ctx, act); err != nil || act.User.Language != "" {
		return err
	}
	act.User.Language = code
	if err := a.store.UpdateUser(ctx, act.User); err != nil {
		return err
	}
	a.accountChanged(ctx, act.User.ID)
	return nil
}
