package web

import (
	"net/http"

	"github.com/kinshiprecovery/kinship/internal/app"
)

// ServiceWorker serves the service worker at the root, so that its scope
// is the whole site. Browsers check it for updates on every visit; it must
// never be cached for long.
func (p *Pages) ServiceWorker(w http.ResponseWriter, r *http.Request) {
	serveEmbedded(w, r, "static/sw.js", "text/javascript; charset=utf-8", "no-cache")
}

// Offline is the page the service worker shows when a page cannot be
// reached. It is the same for everybody: the worker fetches it without
// cookies and keeps it.
func (p *Pages) Offline(w http.ResponseWriter, r *http.Request) {
	p.render(w, r, http.StatusOK, "offline", view{Title: p.tr(r, "offline.title")})
}

// OfflineCheckin is the check-in form with nothing of anybody's in it, for
// the service worker to keep: a check-in made on it waits on the device and
// is sent when the connection is back, with the day it was made.
func (p *Pages) OfflineCheckin(w http.ResponseWriter, r *http.Request) {
	d := checkinData{Offline: true, Recovery: &app.RecoveryView{}, Moods: p.moodOptions(r), Cravings: cravingOptions}
	p.render(w, r, http.StatusOK, "checkin", view{Title: p.tr(r, "checkin.title"), Data: d})
}
