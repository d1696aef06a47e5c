package app

import (
	"context"
	"time"

	"github.com/kinshiprecovery/kinship/internal/realtime"
)

// OtherWritersEvery is how often a SQLite node asks whether another
// process committed (FollowOtherWriters). One ask is one PRAGMA on the
// writer's connection (BenchmarkDataVersion: a few microseconds of CPU).
const OtherWritersEvery = 250 * time.Millisecond

// FollowOtherWriters drops everything this node keeps from the database
// (sessions and their accounts, conversations and their groups, the
// crisis lines, accounts found free to write, display names) whenever
// version changes, until ctx ends. On SQLite, which has no broker, it is
// how a running node hears of what another process committed: an admin
// command changing a role or signing someone out, a suspension or a ban
// made through another connection; and it asks again about the sessions
// and accounts of this node's open sockets, closing those whose session
// ended or whose account changed (realtime.Hub.Recheck). version is the
// store's DataVersion, which changes only on other connections' commits,
// so this node's own writes (many a second) drop nothing. It asks every `every`; an error
// drops everything too (what changed cannot be known) and it asks again.
func (a *App) FollowOtherWriters(ctx context.Context, version func(context.Context) (int64, error), every time.Duration) {
	last, err := version(ctx)
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		v, verr := version(ctx)
		if ctx.Err() != nil {
			return
		}
		if verr != nil || err != nil || v != last {
			if verr != nil {
				a.log.Warn("could not ask the database whether another process changed it", "err", verr)
			}
			a.dropKept()
			// Sockets opened under a session another process ended (or
			// an account it suspended, banned or gave another role) close.
			if a.hub != nil {
				a.hub.Recheck(ctx)
			}
		}
		last, err = v, verr
	}
}

// dropKept forgets everything this node keeps from the database, as a
// broker resync does, and the accounts found free to write and the
// display names, which nothing else drops from elsewhere.
func (a *App) dropKept() {
	a.observe(realtime.Event{Kind: realtime.KindResync})
	a.freeToWrite.Clear()
	a.names.clear()
}
