package app

import (
	"context"
	"sync/atomic"
	"time"

	"github.com/kinshiprecovery/kinship/internal/realtime"
)

// OtherWritersEvery is how often a SQLite node asks whether another
// process committed (FollowOtherWriters) while anything needs it. One ask
// is one PRAGMA on the writer's connection (BenchmarkDataVersion: a few
// microseconds of CPU), but the ticker's wake-ups cost an idle node about
// 2.7 ms of CPU a second (BENCHMARKS.md, "a node's fixed cost").
const OtherWritersEvery = 250 * time.Millisecond

// otherWritersQuiet is how many asks in a row with no request and no open
// socket make FollowOtherWriters stop asking until the next request.
const otherWritersQuiet = 4

// otherWriters is what FollowOtherWriters shares with the rest of the node.
type otherWriters struct {
	// following is set while FollowOtherWriters runs.
	following atomic.Bool
	// asking is set while it asks every OtherWritersEvery: only then is
	// what the node keeps from the database used (keptUsable).
	asking atomic.Bool
	// requests counts the requests served (NoteRequest).
	requests atomic.Uint64
	// wake is sent on by the first request after it stopped asking.
	wake chan struct{}
}

// NoteRequest tells FollowOtherWriters that the node is serving a request:
// it asks again at once if it had stopped. Every routed HTTP request calls
// it before anything else.
func (a *App) NoteRequest() {
	if !a.others.following.Load() {
		return
	}
	a.others.requests.Add(1)
	if !a.others.asking.Load() {
		select {
		case a.others.wake <- struct{}{}:
		default:
		}
	}
}

// keptUsable reports whether what the node keeps from the database
// (sessions and their accounts, conversations and their groups, crisis
// lines, accounts found free to write, display names) may be used: always,
// unless FollowOtherWriters runs and has not yet asked or has stopped
// asking, when whatever uses them reads the database instead (a job
// worked on a node nobody is using sees another process's commit at once,
// not after it asks again).
func (a *App) keptUsable() bool {
	return a.others.asking.Load() || !a.others.following.Load()
}

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
// so this node's own writes (many a second) drop nothing. It asks every
// `every`; an error drops everything too (what changed cannot be known)
// and it asks again.
//
// It asks only while something needs the answer: while a socket is open
// or requests come. After otherWritersQuiet asks with neither, it stops
// (an idle node then wakes for nothing) and nothing kept is used until it
// asks again (keptUsable: whatever needs it reads the database); the next
// request (NoteRequest) has it ask at once and go on asking.
func (a *App) FollowOtherWriters(ctx context.Context, version func(context.Context) (int64, error), every time.Duration) {
	// Until the first answer nothing kept is used (following without
	// asking); what was kept before it, from the node's start on, may be
	// older than another process's commit the answer already counts, so
	// it is dropped once the answer is in, and a socket opened before it
	// is asked about again, as after any change.
	a.others.following.Store(true)
	last, err := version(ctx)
	a.dropKept()
	if a.hub != nil {
		a.hub.Recheck(ctx)
	}
	a.others.asking.Store(true)
	defer func() {
		a.others.following.Store(false)
		a.others.asking.Store(false)
	}()
	t := time.NewTicker(every)
	defer t.Stop()
	seen, quiet := a.others.requests.Load(), 0
	ask := func() bool {
		v, verr := version(ctx)
		if ctx.Err() != nil {
			return false
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
		return true
	}
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if !ask() {
			return
		}
		if n := a.others.requests.Load(); n != seen || a.socketsOpen() {
			seen, quiet = n, 0
			continue
		}
		if quiet++; quiet < otherWritersQuiet {
			continue
		}
		// Nobody needs an answer: stop asking until a request comes, and
		// forget what is kept (the pages' crisis lines, kept under the
		// lines' count of changes, with it).
		select {
		case <-a.others.wake:
		default:
		}
		t.Stop()
		a.others.asking.Store(false)
		a.dropKept()
		if a.others.requests.Load() == seen {
			select {
			case <-ctx.Done():
				return
			case <-a.others.wake:
			}
		}
		if !ask() {
			return
		}
		seen, quiet = a.others.requests.Load(), 0
		a.others.asking.Store(true)
		t.Reset(every)
	}
}

// socketsOpen reports whether this node has an open socket.
func (a *App) socketsOpen() bool {
	if a.hub == nil {
		return false
	}
	clients, _ := a.hub.Stats()
	return clients > 0
}

// dropKept forgets everything this node keeps from the database, as a
// broker resync does, and the accounts found free to write and the
// display names, which nothing else drops from elsewhere.
func (a *App) dropKept() {
	a.observe(realtime.Event{Kind: realtime.KindResync})
	a.forgetAllFree()
	a.names.clear()
}
