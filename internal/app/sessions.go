package app

import (
	"context"
	"time"

	"github.com/kinshiprecovery/kinship/internal/realtime"
	"github.com/kinshiprecovery/kinship/internal/store"
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
	now := a.now()
	e, gen := a.sessions.get("", sessionID, userID, now)
	if e != nil && a.live(&e.s, now) && !e.s.MFAPending && !e.u.Deleted() && a.keptUsable() {
		a.touch(ctx, &e.s, now)
		return true
	}
	s, err := a.store.FindSession(ctx, userID, sessionID)
	if err != nil {
		return false
	}
	if !a.live(s, now) || s.MFAPending {
		return false
	}
	u, err := a.store.FindUserByID(ctx, userID)
	if err != nil || u.Deleted() {
		return false
	}
	a.sessions.put(s, u, now, gen)
	a.touch(ctx, s, now)
	return true
}

// Standing sums up the role of userID's account and any suspension or ban
// in a string that changes when any of them does (realtime.Source): a
// socket opened before such a change, made by another process, is closed
// when this node learns of it (Hub.Recheck).
func (a *App) Standing(ctx context.Context, userID string) (string, error) {
	st, err := a.store.FindStanding(ctx, userID)
	if err != nil {
		return "", err
	}
	return standingOf(st), nil
}

// standingOf is Standing's string: the role, then the restriction's kind
// and end when there is one.
func standingOf(st *store.Standing) string {
	s := st.Role
	if r := st.Restriction; r != nil {
		s += " " + r.Kind
		if r.Until != nil {
			s += " " + r.Until.UTC().Format(time.RFC3339Nano)
		}
	}
	return s
}

// observe takes events from other nodes: an account changed elsewhere
// (suspended, banned) is looked up afresh here too.
func (a *App) observe(ev realtime.Event) {
	a.convs.changed(ev)
	a.crisis.changed(ev)
	a.sessions.changed(ev)
	a.standings.changed(ev)
	a.layouts.changed(ev)
	a.members.changed(ev)
	a.chatAccess.changed(ev)
	a.chatChanged(ev)
	a.names.changed(ev)
	if ev.Kind == realtime.KindSessionEnded {
		a.forgetFree(ev.User)
	}
}
