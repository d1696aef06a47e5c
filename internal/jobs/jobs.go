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
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"
	"github.com/riverqueue/river/rivertype"

	"github.com/kinshiprecovery/kinship/internal/store"
	"github.com/kinshiprecovery/kinship/internal/store/bunstore"
)

// Queue inserts and works jobs.
type Queue struct {
	client *river.Client[*sql.Tx]
	log    *slog.Logger
}

// Options tune the queue.
type Options struct {
	// PollInterval is how often a node looks for due jobs (default 1s).
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

// Open migrates River's tables (once, under the store's migration lock on
// PostgreSQL) and returns a queue over st. Call Start to work jobs.
func Open(ctx context.Context, st *bunstore.Store, log *slog.Logger, opts Options) (*Queue, error) {
	drv := driverFor(st)
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
		cfg.FetchPollInterval = time.Second
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
	return &Queue{client: client, log: log}, nil
}

// Start works jobs until Stop.
func (q *Queue) Start(ctx context.Context) error { return q.client.Start(ctx) }

// Stop finishes running jobs and stops.
func (q *Queue) Stop(ctx context.Context) error { return q.client.Stop(ctx) }

// Enqueue inserts a job; inside a store transaction (st from InTx) it is
// part of that transaction.
func (q *Queue) Enqueue(ctx context.Context, st store.Store, args river.JobArgs, opts *river.InsertOpts) error {
	_, err := q.insert(ctx, st, args, opts)
	return err
}

func (q *Queue) insert(ctx context.Context, st store.Store, args river.JobArgs, opts *river.InsertOpts) (*rivertype.JobInsertResult, error) {
	if bs, ok := st.(*bunstore.Store); ok {
		if tx := bs.SQLTx(); tx != nil {
			res, err := q.client.InsertTx(ctx, tx, args, opts)
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
