package app

import (
	"context"
	"time"

	"github.com/kinshiprecovery/kinship/internal/store"
)

// Layout is what every signed-in page's layout shows of the person: their
// zone and the country the crisis lines follow (when asked for), the
// unread notifications and the Messages tab's count.
type Layout struct {
	Zone          *time.Location
	Country       string
	CountrySetAt  time.Time
	Notifications int
	Messages      int
}

// Layout reads the layout's counts, and the place when place is true, in
// one statement: what MyPlace, UnreadCount and UnreadMessages read in
// three to four, on every page. The blocks either way (the Messages tab
// leaves out threads with those people) come from this node's memory when
// it keeps them (standingCache), else with the counts, then kept; the
// counts and the place too, on a SQLite node (layoutCache), read again
// only after a write that may have changed them.
func (a *App) Layout(ctx context.Context, place bool) Layout {
	act := ActorFrom(ctx)
	if act == nil {
		return Layout{}
	}
	me := act.User.ID
	kept, gen := a.keptStanding(me)
	at := a.now()
	usable := a.keptUsable()
	counts, lgen := a.layouts.get(me, at)
	if !usable || counts != nil && place && !counts.hasPlace {
		counts = nil
	}
	if kept != nil && counts != nil {
		out := Layout{Notifications: counts.notifications, Messages: dmCount(me, counts.dms, kept.blocked)}
		if place {
			out.Zone, out.Country, out.CountrySetAt = a.myPlaceOf(ctx, me, counts.place)
		}
		return out
	}
	// A kept place is read again with the counts, so that what is kept
	// again has it.
	withPlace := place || counts != nil && counts.hasPlace
	l, err := a.findLayout(ctx, act, me, withPlace, kept == nil)
	if err != nil {
		a.log.Warn("layout not read", "err", err)
		var out Layout
		if place {
			out.Zone, out.Country, out.CountrySetAt = a.MyPlace(ctx)
		}
		return out
	}
	if kept != nil {
		l.Blocked = kept.blocked
	} else {
		a.standings.put(me, &cachedStanding{blocked: l.Blocked, at: at}, gen)
	}
	if usable {
		a.layouts.put(me, &keptLayout{notifications: l.Notifications, dms: l.DMs, place: l.Place, hasPlace: withPlace, at: at}, lgen)
	}
	out := Layout{Notifications: l.Notifications, Messages: dmCount(me, l.DMs, l.Blocked)}
	if place {
		out.Zone, out.Country, out.CountrySetAt = a.myPlaceOf(ctx, me, l.Place)
	}
	return out
}

// layoutAlongside has the next read made with the context it returns, on
// a node that keeps no layouts (PostgreSQL's), read act's layout in the
// same round trip where the store can (store.LayoutAlongside), for the
// page's Layout: a chat page's group and its layout were two round trips
// one after the other. The place is read with it, and the blocks unless
// this node keeps them.
func (a *App) layoutAlongside(ctx context.Context, act *Actor) context.Context {
	a.layouts.mu.Lock()
	on := a.layouts.on
	a.layouts.mu.Unlock()
	if on || act == nil {
		return ctx
	}
	kept, _ := a.keptStanding(act.User.ID)
	act.alongside = &store.LayoutAlongside{UserID: act.User.ID, Place: true, Blocks: kept == nil}
	return store.WithLayoutAlongside(ctx, act.alongside)
}

// findLayout is FindLayout, or the layout the request's first read read
// alongside it (layoutAlongside) when it has what is asked for; used
// once. A write the request makes to what the layout shows drops it
// (forgetAlongside).
func (a *App) findLayout(ctx context.Context, act *Actor, me string, place, blocks bool) (*store.Layout, error) {
	if la := act.alongside; la != nil {
		act.alongside = nil
		if la.Done && la.Err == nil && la.Layout != nil && la.UserID == me && (la.Place || !place) && (la.Blocks || !blocks) {
			l := *la.Layout
			return &l, nil
		}
	}
	return a.store.FindLayout(ctx, me, place, blocks)
}

// forgetAlongside drops the layout read alongside a request's first read:
// the request is about to write what it shows.
func forgetAlongside(ctx context.Context) {
	if act := ActorFrom(ctx); act != nil {
		act.alongside = nil
	}
}
