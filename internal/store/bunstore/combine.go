package bunstore

import (
	"context"
	"database/sql"
	"errors"
	"sync"
	"sync/atomic"
	"time"

	"github.com/uptrace/bun"

	"github.com/kinshiprecovery/kinship/internal/store"
)

// batcher commits concurrent writes for SQLite's one writer together:
// the messages that people send at the same moment (appendReq,
// commitAppends) and the small writes (writeReq, commitWrites).
//
// Why: a SQLite node has one writer connection, and database/sql hands
// it, as each write gives it back, to a waiter chosen at random, whose
// goroutine must then be scheduled before it uses it. On a busy core that
// took longer than the write itself: under bench/usersim at 12,000
// people the writer was held 12% of the time while 1,739 waits for it took
// 222 s (BENCHMARKS.md, "Capacity, fourteenth round"); marking read alone
// was two thirds of its 270 takings a second. The first caller to find no
// batch running leads: it takes the writer once for everything queued
// (its own included, at most maxBatch), in one transaction, then hands
// the lead to the first request that queued meanwhile and returns; the
// others wait for their answer, not for the connection. A caller leads
// one batch, not every batch that queues while it commits: under a queue
// that never empties, a page (or a sender) that happened to lead waited
// for all of them.
//
// A leader that finds the batcher idle may first wait a moment for
// company (gather, when the batcher's last batch committed less than
// gatherAfter before): see writeGatherAfter.
type batcher[R any] struct {
	mu      sync.Mutex
	queue   []*queued[R]
	leading bool
	// gather waits for company (nil: none), within gatherAfter of the
	// last batch's commit.
	gather      func()
	gatherAfter time.Duration
	// lastEnd is when the last batch committed.
	lastEnd time.Time
}

// queued is a request waiting in a batcher.
type queued[R any] struct {
	r    R
	done chan struct{} // closed once its batch is committed (or not)
	lead chan struct{} // closed when it is to lead the next batch
}

// maxBatch bounds one batch's transaction.
const maxBatch = 256

// do queues r and returns once commit has run on a batch holding it.
// commit answers each request of its batch (in the order they came) and
// must not keep them.
func (b *batcher[R]) do(r R, commit func([]R)) {
	q := &queued[R]{r: r, done: make(chan struct{}), lead: make(chan struct{})}
	b.mu.Lock()
	b.queue = append(b.queue, q)
	if b.leading {
		b.mu.Unlock()
		select {
		case <-q.done:
			return
		case <-q.lead:
			// The batch before has handed over: q is first in the
			// queue, so in the batch it leads.
		}
	} else {
		b.leading = true
		gather := b.gather != nil && !b.lastEnd.IsZero() && time.Since(b.lastEnd) < b.gatherAfter
		b.mu.Unlock()
		if gather {
			// Requests queued meanwhile join this batch (they find it
			// leading): one commit for all of them.
			b.gather()
		}
	}
	b.leadOne(commit)
	<-q.done
}

// leadOne commits one batch from the head of the queue, then hands the
// lead to the first request still queued, if any.
func (b *batcher[R]) leadOne(commit func([]R)) {
	b.mu.Lock()
	batch := b.queue[:min(len(b.queue), maxBatch)]
	b.queue = b.queue[len(batch):]
	b.mu.Unlock()
	rs := make([]R, len(batch))
	for i, q := range batch {
		rs[i] = q.r
	}
	commit(rs)
	for _, q := range batch {
		close(q.done)
	}
	b.mu.Lock()
	b.lastEnd = time.Now()
	if len(b.queue) == 0 {
		b.leading = false
	} else {
		close(b.queue[0].lead)
	}
	b.mu.Unlock()
}

// queuedNow reports how many requests wait for a batch to lead or join.
func (b *batcher[R]) queuedNow() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.queue)
}

// writeReq is a small write: a read marker moved on every chat page with
// something new, a session's activity, a profile's field sealed apart for
// the next pages, a notification marked read. Each is one statement whose
// effect does not depend on the order it runs in among the others (a
// marker only moves forward; the rest set what their own call was given)
// and that, made twice, changes nothing more than once: a batch that fails
// is made again write by write without harm, whatever the failure left.
// Only such statements may go through execSmall. Each call still returns
// once its write has committed, as before.
type writeReq struct {
	ctx   context.Context
	query string
	args  []any
	n     int64 // rows changed
	err   error
}

// writeGatherAfter is the small writes' wait for company: a write that
// finds no batch running, within writeGatherAfter of the last batch's
// commit, first lets the goroutines ready to run go (runtime.Gosched),
// and the small writes they come to meanwhile share its commit.
//
// Why: under bench/usersim at 9,000 people a SQLite node committed about
// 134 times a second, 103 of them a chat page's read marker moved alone
// (60% of the chat pages a person opens move it). Each commit costs the
// writer a transaction and its pages in the log, and makes every reader
// connection drop its page cache at its next read (WAL), so the pages the
// next reads need are read again from the file (the node's profile:
// pages fetched again 7.9% of its CPU). On a busy node other requests are
// ready to run, some of them a moment from their own marker; on an idle
// one nobody is, and the write goes on at once. It waits for no timer:
// a page's answer is late by what ran before it, no more. The page still
// answers after its marker has committed, so the person's next page, on
// any node, reads it. When writes are rare (the last commit longer ago
// than writeGatherAfter) it does not yield at all.
const writeGatherAfter = 50 * time.Millisecond

// rowsChanged is a batched write's result.
type rowsChanged int64

func (n rowsChanged) LastInsertId() (int64, error) {
	return 0, errors.New("store: no insert ID for a batched write")
}
func (n rowsChanged) RowsAffected() (int64, error) { return int64(n), nil }

// execSmall runs a small write (see writeReq: one statement, whose
// effect does not depend on its order among others): batched with
// others on SQLite outside a transaction, else as exec does.
func (s *Store) execSmall(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if s.dialect != "sqlite" || s.wdb == nil || s.writes == nil {
		return s.exec(ctx, query, args...)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	req := &writeReq{ctx: ctx, query: query, args: args}
	s.writes.do(req, s.commitWrites)
	if req.err != nil {
		return nil, req.err
	}
	return rowsChanged(req.n), nil
}

// commitWrites runs a batch in one transaction, each statement kept
// prepared where the writer keeps it. A write whose caller has gone is
// not made. If anything fails, nothing of the batch is kept and each
// write is made alone, so that one failure fails no other.
func (s *Store) commitWrites(batch []*writeReq) {
	// Not the callers' contexts: one caller's cancellation interrupting
	// a statement would end the transaction under everyone's writes.
	ctx := context.Background()
	live := batch[:0:0]
	for _, r := range batch {
		if r.err = r.ctx.Err(); r.err == nil {
			live = append(live, r)
		}
	}
	var err error
	switch len(live) {
	case 0:
	case 1:
		// Alone: no transaction of its own to begin and commit.
		err = errSingle
	default:
		err = s.InTx(ctx, func(tx store.Store) error {
			t := tx.(*Store)
			for _, r := range live {
				res, err := t.exec(ctx, r.query, r.args...)
				if err != nil {
					return err
				}
				r.n, _ = res.RowsAffected()
			}
			return nil
		})
	}
	if err != nil {
		for _, r := range live {
			r.n = 0
			res, err := s.exec(ctx, r.query, r.args...)
			if r.err = err; err == nil {
				r.n, _ = res.RowsAffected()
			}
		}
	}
}

// errSingle makes a batch of one run as a write alone.
var errSingle = errors.New("store: a batch of one")

// writerGate is the queue of this store's own writes for SQLite's one
// writer connection, first come first served: a write (a transaction, a
// statement, a batch's leader) enters before it asks database/sql for the
// connection and leaves once it has given it back.
//
// Why: database/sql hands a connection given back to one of its waiters
// chosen at random, so with hundreds waiting (the start of a run, everyone's
// check-in and first pages at once) some waited many seconds while later
// ones went first, and the job queue's own statements on the same
// connection (River's fetches, its completions, its leader's and its
// producer's polls, each with a 10 s timeout) drew lots against all of
// them: its fetches timed out at a run's start. Behind the gate at most
// one of the store's writes waits in database/sql at a time, so the job
// queue's few statements wait for at most that one and whatever already
// holds the connection, and the store's writes are served in the order
// they came. The gate adds no wait of its own: a write that finds it open
// goes straight on, as before.
type writerGate struct {
	ch chan struct{}
	// waits and waited count the writes that found the gate closed and
	// how long they waited in all (GET /metrics); queued is how many wait
	// now.
	waits, waited, queued atomic.Int64
}

func newWriterGate() *writerGate { return &writerGate{ch: make(chan struct{}, 1)} }

// enter waits for the gate (nil: no gate) or for ctx to end.
func (g *writerGate) enter(ctx context.Context) error {
	if g == nil {
		return nil
	}
	select {
	case g.ch <- struct{}{}:
		return nil
	default:
	}
	t0 := time.Now()
	g.queued.Add(1)
	defer func() {
		g.queued.Add(-1)
		g.waits.Add(1)
		g.waited.Add(int64(time.Since(t0)))
	}()
	// A channel's blocked senders are let through in the order they came.
	select {
	case g.ch <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// leave opens the gate for the next write.
func (g *writerGate) leave() {
	if g != nil {
		<-g.ch
	}
}

// gatedDB is the SQLite store's writer outside a transaction: each
// statement enters the gate first. A row read through it
// (QueryRowContext) holds the connection until it is scanned, after
// leaving the gate: the next write then waits in database/sql for that
// scan alone.
type gatedDB struct {
	*bun.DB
	gate *writerGate
}

func (d gatedDB) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if err := d.gate.enter(ctx); err != nil {
		return nil, err
	}
	defer d.gate.leave()
	return d.DB.ExecContext(ctx, query, args...)
}

func (d gatedDB) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if err := d.gate.enter(ctx); err != nil {
		return nil, err
	}
	defer d.gate.leave()
	return d.DB.QueryContext(ctx, query, args...)
}

func (d gatedDB) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if err := d.gate.enter(ctx); err != nil {
		// The row of a cancelled context carries its error.
		return d.DB.QueryRowContext(ctx, query, args...)
	}
	defer d.gate.leave()
	return d.DB.QueryRowContext(ctx, query, args...)
}

// WriterQueue reports the writes that waited for the writer behind the
// gate and how long they waited in all (SQLite; zero on PostgreSQL). What
// waits in database/sql (go_sql_wait_*) is then at most one write at a
// time, and the job queue's statements.
func (s *Store) WriterQueue() (waits int64, waited time.Duration) {
	if s.gate == nil {
		return 0, 0
	}
	return s.gate.waits.Load(), time.Duration(s.gate.waited.Load())
}
