package web

import (
	"encoding/json"
	"net/http"
	"net/url"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/i18n"
)

// flashCookie keeps a form's outcome for the one page its redirect leads
// to, sealed for the session (see app.SealFlash): the address carries
// nothing, and reloading that page shows it without the outcome.
const flashCookie = "kinship_flash"

// flash is a form's outcome, shown once.
type flash struct {
	// Kind is "zone_set" (a first sign-in took the browser's time zone),
	// "org" (an organization page's form: Done says which) or "checkin"
	// (Done "setback": a return to use was recorded).
	Kind string `json:"kind"`
	// Done is what an organization's form did: created, code, added,
	// revoked, discharged or group; or the check-in page's setback.
	Done string `json:"done,omitempty"`
	// Invitation is the code made (Done "code"), shown this once: only its
	// hash is kept.
	Invitation *app.InvitationView `json:"invitation,omitempty"`
	// SentTo is the address the code was emailed to (Done "code"), if any.
	SentTo string `json:"sent_to,omitempty"`
	// Person is the client discharged (Done "discharged"), whom the
	// notice names.
	Person string `json:"person,omitempty"`
	// Count is how many codes a list of addresses made, each emailed to
	// its own (Done "roster"), and JoinsAs the place they give.
	Count   int    `json:"count,omitempty"`
	JoinsAs string `json:"joins_as,omitempty"`
	// A list of which only some rows were sent (Done "roster_left"): the
	// notice of what was sent (in the words the sender reads), the form
	// as sent with the box holding only the rows refused, each refused
	// row's line and why, and how many there are.
	Notice string            `json:"notice,omitempty"`
	Form   map[string]string `json:"form,omitempty"`
	Lines  []string          `json:"lines,omitempty"`
	Left   int               `json:"left,omitempty"`
}

// flashMax is the most a sealed outcome may take in its cookie: browsers
// keep a cookie of up to 4,096 bytes, its name and attributes included.
const flashMax = 3600

// sealedFlash is f as its cookie carries it; false when it would not fit.
func (p *Pages) sealedFlash(sessionID string, f flash) (string, bool) {
	b, err := json.Marshal(f)
	if err != nil {
		return "", false
	}
	v := p.app.SealFlash(sessionID, b)
	return v, len(v) <= flashMax
}

// setFlash keeps f for the next page of the session sessionID.
func (p *Pages) setFlash(w http.ResponseWriter, sessionID string, f flash) {
	v, _ := p.sealedFlash(sessionID, f)
	if v == "" {
		return
	}
	p.setSealedFlash(w, v)
}

// setSealedFlash keeps an outcome sealedFlash sealed for the next page.
func (p *Pages) setSealedFlash(w http.ResponseWriter, sealed string) {
	http.SetCookie(w, &http.Cookie{Name: flashCookie, Value: sealed, Path: "/", HttpOnly: true, Secure: p.opts.Secure,
		SameSite: http.SameSiteLaxMode, MaxAge: 600})
}

// takeFlash returns the session's waiting outcome of kind and forgets it;
// false when none waits (one of another kind waits on).
func (p *Pages) takeFlash(w http.ResponseWriter, r *http.Request, kind string) (flash, bool) {
	act := app.ActorFrom(r.Context())
	c, err := r.Cookie(flashCookie)
	if act == nil || err != nil {
		return flash{}, false
	}
	var f flash
	b, ok := p.app.OpenFlash(act.Session.ID, c.Value)
	if !ok || json.Unmarshal(b, &f) != nil {
		http.SetCookie(w, &http.Cookie{Name: flashCookie, Path: "/", MaxAge: -1}) // another session's, or spoilt
		return flash{}, false
	}
	if f.Kind != kind {
		return flash{}, false
	}
	http.SetCookie(w, &http.Cookie{Name: flashCookie, Path: "/", HttpOnly: true, Secure: p.opts.Secure, SameSite: http.SameSiteLaxMode, MaxAge: -1})
	return f, true
}

// adoptBrowserZone gives the account act just signed in to, when it has no
// time zone, the one its browser reports (the kinship_tz cookie app.js
// keeps on every page, the sign-in form's too) and keeps the news for the
// next page.
func (p *Pages) adoptBrowserZone(w http.ResponseWriter, r *http.Request, act *app.Actor) {
	c, err := r.Cookie(zoneCookie)
	if err != nil {
		return
	}
	name, _ := url.QueryUnescape(c.Value)
	zone, err := p.app.AdoptBrowserZone(app.WithActor(r.Context(), act), name)
	if err != nil {
		p.log.Warn("browser zone not adopted", "err", err)
		return
	}
	if zone != "" {
		p.setFlash(w, act.Session.ID, flash{Kind: "zone_set"})
	}
}

// adoptPageLanguage gives the account act just signed in to, when it has
// none, the language its sign-in page was read in (app.AdoptPageLanguage)
// when that is not the default, which its emails are written in already:
// an account without a language keeps following its browser's pages.
func (p *Pages) adoptPageLanguage(r *http.Request, act *app.Actor) {
	code := p.viewerLang(r).Code
	if act.User == nil || act.User.Language != "" || code == i18n.DefaultCode {
		return
	}
	if err := p.app.AdoptPageLanguage(app.WithActor(r.Context(), act), code); err != nil {
		p.log.Warn("page language not adopted", "err", err)
	}
}
