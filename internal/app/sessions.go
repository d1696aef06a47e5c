package app

import (
	"context"
	"time"

	"github.com/kinshiprecovery/kinship/internal/realtime"
)

// endSockets closes userID's open sockets on every node: those of session
// when it is set, otherwise all but keep's. Call it after the change that
// ended them has committed; reason is a realtime.Reason* code.
func (a *App) endSockets(ctx context.Context, userID, session, keep, reason string) {
	a.publish(ctx, realtime.Event{Kind: realtime.KindSessionEnded, User: userID, Session: session, Keep: keep, Note: reason})
}

// SessionValid reports whether sessionID of userID is still signed in: it
// exists, has not expired or gone idle, has its second factor done, and
// the account is not deleted. Sockets ask before their requests; a valid
// session's activity is recorded as a request's would be.
func (a *App) SessionValid(ctx context.Context, userID, sessionID string) bool {
	s, err := a.store.FindSession(ctx, userID, sessionID)
	if err != nil {
		return false
	}
	now := a.now()
	if now.After(s.ExpiresAt) || now.Sub(s.LastSeenAt) > a.opts.SessionIdle || s.MFAPending {
		return false
	}
	u, err := a.store.FindUserByID(ctx, userID)
	if err != nil || u.Deleted() {
		return false
	}
	if now.Sub(s.LastSeenAt) > time.Minute {
		s.LastSeenAt = now
		if err := a.store.UpdateSession(ctx, s); err != nil {
			a.log.Warn("session activity not saved", "err", err)
		}
	}
	return true
}

// observe takes events from other nodes: an account changed elsewhere
// (suspended, banned) is looked up afresh here too.
func (a *App) observe(ev realtime.Event) {
	a.convs.changed(ev)
	a.crisis.changed(ev)
	if ev.Kind == realtime.KindSessionEnded {
		a.freeToWrite.Delete(ev.User)
	}
}
