// Package jobs is Kinship's durable work queue, on River, over whichever
// database the node uses: email now, and reminders, escalation timers and
// scheduled refreshes as they come. A job inserted in the same transaction
// as the change that caused it is neither lost nor run for a rolled-back
// change; a crash or restart only delays it.
package jobs

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"
	"github.com/riverqueue/river/rivershared/baseservice"
	"github.com/riverqueue/river/rivershared/riverpilot"
	"github.com/riverqueue/river/rivertype"

	"github.com/kinshiprecovery/kinship/internal/store"
	"github.com/kinshiprecovery/kinship/internal/store/bunstore"
)

// Queue inserts and works jobs.
type Queue struct {
	client *river.Client[*sql.Tx]
	log    *slog.Logger
	pilot  *wakePilot
}

// Options tune the queue.
type Options struct {
	// PollInterval is how often a node looks for due jobs (default
	// DefaultPollInterval).
	PollInterval time.Duration
	// Workers registers the workers this node runs; nil makes an
	// insert-only queue (e.g. for command-line tools).
	Workers func(w *river.Workers)
	// Periodic tasks; they need Workers too.
	Periodic []Periodic
}

func driverFor(st *bunstore.Store) riverdriver.Driver[*sql.Tx] {
	if st.Dialect() == "sqlite" {
		return riversqlite.New(st.DB().DB)
	}
	return riverdatabasesql.New(st.DB().DB)
}

// Waking the workers after a commit. Both of the queue's drivers (River
// over database/sql, on SQLite and on PostgreSQL) poll for due jobs: they
// have no LISTEN/NOTIFY. River wakes a node's own workers when a job is
// inserted outside a transaction, but a job inserted inside one (as a
// support alert's pushes are, with the alert, so that neither is kept
// without the other) waited for the next poll, up to the poll interval.
// River has one way in for this, the function it hands a pilot to call
// "when a job has become available and the transaction that committed it
// has finished" (riverpilot.PilotInitParams.NotifyNonTxJobInsert); a
// driver that names a pilot gets it at NewClient. wakeDriver is the
// database/sql driver with a pilot, River's standard one, that keeps that
// function, and Enqueue calls it once the enqueuing transaction commits
// (bunstore.Store.AfterCommit). River marks the plugin interface internal:
// TestAlertWakesTheQueue, which sets a poll interval of an hour, fails if
// a River upgrade stops calling PilotInit.
//
// The node that committed works the job: every node runs workers, and
// which node works a job does not matter, so the other nodes need no
// signal; they keep polling for anything left.
type wakeDriver struct {
	riverdriver.Driver[*sql.Tx]
	pilot *wakePilot
}

// SupportsListener says no on SQLite too, so River runs poll-only there
// as it does over database/sql on PostgreSQL, and the wake-up after
// commit is what brings a job to the workers at once. River's own SQLite
// listener reads a notification table and sends at most one insert
// notice per queue each 100 ms, so a second job queued within 100 ms of
// another (an alert's pushes after a welcome email) waited for the poll.
func (d wakeDriver) SupportsListener() bool { return false }

// SupportsListenNotify says no: no node listens (above), so the notices
// River would write in each enqueuing transaction (a row on SQLite,
// pg_notify on PostgreSQL, whose commit-time lock every notifying
// transaction shares) would go unread.
func (d wakeDriver) SupportsListenNotify() bool { return false }

// PluginInit is part of River's driver plugin interface.
func (d wakeDriver) PluginInit(*baseservice.Archetype) {}

// PluginPilot gives River the pilot.
func (d wakeDriver) PluginPilot() riverpilot.Pilot { return d.pilot }

// wakePilot is River's standard pilot, keeping the function that makes
// this node's workers look for available jobs now.
type wakePilot struct {
	riverpilot.StandardPilot
	mu     sync.Mutex
	notify func(context.Context, []*rivertype.JobInsertResult)
}

// PilotInit keeps the wake-up.
func (p *wakePilot) PilotInit(archetype *baseservice.Archetype, params *riverpilot.PilotInitParams) {
	p.StandardPilot.PilotInit(archetype, params)
	p.mu.Lock()
	p.notify = params.NotifyNonTxJobInsert
	p.mu.Unlock()
}

// wake makes this node's workers of queue look for available jobs now (a
// fetch, debounced by River to one per 100 ms with one more at the end).
func (p *wakePilot) wake(queue string) {
	p.mu.Lock()
	notify := p.notify
	p.mu.Unlock()
	if notify != nil {
		notify(context.Background(), []*rivertype.JobInsertResult{{Job: &rivertype.JobRow{Queue: queue, State: rivertype.JobStateAvailable}}})
	}
}

// DefaultPollInterval is how often a node looks for due jobs unless told
// otherwise. The poll is a fallback, not how work arrives: a job queued on
// a node wakes that node's workers once it commits (wakeDriver, above),
// and a node whose workers were all busy fetches again as soon as one is
// free. What waits for the poll is a job no running node woke for: one
// queued by another process (a command-line tool, a node that stopped
// before working it), a periodic task, and a job whose time came (an
// alert's escalation, a retry), which River's leader makes available every
// 5 s. Each poll is a query and a wake-up on every node, doing nothing
// most of the time: at 1 s it was about 1.5 ms of CPU a second of an idle
// node's cost (BENCHMARKS.md, "Capacity, seventh round"). At 5 s a job due
// at T is worked by about T+10 s at the latest (T+6 s at 1 s): an
// escalation after 10 minutes, a push retried after 5 s, a task every 5
// minutes or more.
const DefaultPollInterval = 5 * time.Second

// Open migrates River's tables (once, under the store's migration lock on
// PostgreSQL) and returns a queue over st. Call Start to work jobs.
func Open(ctx context.Context, st *bunstore.Store, log *slog.Logger, opts Options) (*Queue, error) {
	pilot := &wakePilot{}
	drv := wakeDriver{Driver: driverFor(st), pilot: pilot}
	err := st.WithMigrationLock(ctx, func(ctx context.Context) error {
		m, err := rivermigrate.New(drv, &rivermigrate.Config{Logger: log})
		if err != nil {
			return err
		}
		_, err = m.Migrate(ctx, rivermigrate.DirectionUp, nil)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("jobs: migrate: %w", err)
	}
	cfg := &river.Config{
		Logger: log,
		// Finished jobs may carry sealed email; keep them no longer than needed.
		CompletedJobRetentionPeriod: time.Hour,
		FetchPollInterval:           opts.PollInterval,
	}
	if cfg.FetchPollInterval == 0 {
		cfg.FetchPollInterval = DefaultPollInterval
	}
	if cfg.FetchPollInterval < 100*time.Millisecond {
		cfg.FetchCooldown = cfg.FetchPollInterval
	}
	if opts.Workers != nil {
		w := river.NewWorkers()
		opts.Workers(w)
		if len(opts.Periodic) > 0 {
			tw, pj := periodicJobs(opts.Periodic)
			river.AddWorker(w, tw)
			cfg.PeriodicJobs = pj
		}
		cfg.Workers = w
		cfg.Queues = map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: 8}}
	}
	client, err := river.NewClient(drv, cfg)
	if err != nil {
		return nil, fmt.Errorf("jobs: %w", err)
	}
	return &Queue{client: client, log: log, pilot: pilot}, nil
}

// Start works jobs until Stop.
func (q *Queue) Start(ctx context.Context) error { return q.client.Start(ctx) }

// Stop finishes running jobs and stops.
func (q *Queue) Stop(ctx context.Context) error { return q.client.Stop(ctx) }

// Enqueue inserts a job; inside a store transaction (st from InTx) it is
// part of that transaction, and once that commits this node's workers
// look for it at once (when it is due now) instead of at their next poll.
func (q *Queue) Enqueue(ctx context.Context, st store.Store, args river.JobArgs, opts *river.InsertOpts) error {
	_, err := q.insert(ctx, st, args, opts)
	return err
}

func (q *Queue) insert(ctx context.Context, st store.Store, args river.JobArgs, opts *river.InsertOpts) (*rivertype.JobInsertResult, error) {
	if bs, ok := st.(*bunstore.Store); ok {
		if tx := bs.SQLTx(); tx != nil {
			res, err := q.client.InsertTx(ctx, tx, args, opts)
			if err == nil && res.Job.State == rivertype.JobStateAvailable {
				queue := res.Job.Queue
				bs.AfterCommit(func() { q.pilot.wake(queue) })
			}
			return res, wrapInsert(args, err)
		}
	}
	res, err := q.client.Insert(ctx, args, opts)
	return res, wrapInsert(args, err)
}

func wrapInsert(args river.JobArgs, err error) error {
	if err != nil {
		return fmt.Errorf("jobs: insert %s: %w", args.Kind(), err)
	}
	return nil
}
