package jobs

import (
	"context"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/kinshiprecovery/kinship/internal/push"
	"github.com/kinshiprecovery/kinship/internal/store"
)

// PushArgs is one queued push message for one device.
type PushArgs struct {
	push.Job
}

// Kind names the job.
func (PushArgs) Kind() string { return "push" }

// PushWorker sends queued push messages; a failure is retried with
// back-off, soon for a support alert (its push service keeps it 15
// minutes), by River's default otherwise.
type PushWorker struct {
	river.WorkerDefaults[PushArgs]
	Deliver func(ctx context.Context, job push.Job) error
}

// Work sends one push.
func (w *PushWorker) Work(ctx context.Context, job *river.Job[PushArgs]) error {
	return w.Deliver(ctx, job.Args.Job)
}

// NextRetry waits 5, 10, 20, 40 s... before trying a support alert's push
// again; zero leaves other pushes to River's default back-off.
func (w *PushWorker) NextRetry(job *river.Job[PushArgs]) time.Time {
	if !job.Args.High {
		return time.Time{}
	}
	return time.Now().Add(5 * time.Second << min(job.Attempt-1, 6))
}

// Timeout bounds one send (the client's own limit is 30 s).
func (w *PushWorker) Timeout(*river.Job[PushArgs]) time.Duration { return 45 * time.Second }

// pushUnique collapses a burst: one waiting push per device and topic.
var pushUnique = river.UniqueOpts{ByArgs: true, ByState: []rivertype.JobState{rivertype.JobStateAvailable, rivertype.JobStatePending,
	rivertype.JobStateRunning, rivertype.JobStateScheduled, rivertype.JobStateRetryable}}

// QueuePush queues a push inside st's transaction when st is one
// (implements app.Pusher); queued is false when it joined a waiting one.
func (o Outbox) QueuePush(ctx context.Context, st store.Store, job push.Job) (bool, error) {
	opts := &river.InsertOpts{MaxAttempts: 10, UniqueOpts: pushUnique}
	if job.High {
		opts.MaxAttempts, opts.Priority = 7, 1
	} else {
		opts.Priority = 2
	}
	for {
		res, err := o.Queue.insert(ctx, st, PushArgs{Job: job}, opts)
		if err != nil {
			return false, err
		}
		if !res.UniqueSkippedAsDuplicate {
			return true, nil
		}
		if res.Job == nil || res.Job.State != rivertype.JobStateRunning {
			return false, nil // it waits, and will tell the newest of its topic
		}
		// The one it met is being sent, or was sent and River has not yet
		// recorded it done (completions are written in batches): it has
		// read what it sends, and joining it would lose this message. A
		// second waiting place per device and topic takes it; if that one
		// is being sent too, a job of its own.
		if !job.Again {
			job.Again = true
		} else {
			opts.UniqueOpts = river.UniqueOpts{}
		}
	}
}

// PushBatchArgs is one event's push messages to many devices.
type PushBatchArgs struct {
	push.Batch
}

// Kind names the job.
func (PushBatchArgs) Kind() string { return "push_batch" }

// PushBatchWorker sends a batch; Deliver retries nothing itself but queues
// a PushArgs job for each device whose push service could not take it.
type PushBatchWorker struct {
	river.WorkerDefaults[PushBatchArgs]
	Deliver func(ctx context.Context, b push.Batch) error
}

// Work sends one batch.
func (w *PushBatchWorker) Work(ctx context.Context, job *river.Job[PushBatchArgs]) error {
	return w.Deliver(ctx, job.Args.Batch)
}

// Timeout bounds a batch: each send is bounded by the client's 30 s.
func (w *PushBatchWorker) Timeout(*river.Job[PushBatchArgs]) time.Duration { return 3 * time.Minute }

// AddPushWorkers registers the workers of both push jobs.
func AddPushWorkers(w *river.Workers, one func(context.Context, push.Job) error, batch func(context.Context, push.Batch) error) {
	river.AddWorker(w, &PushWorker{Deliver: one})
	river.AddWorker(w, &PushBatchWorker{Deliver: batch})
}

// QueuePushBatch queues one event's pushes as one job, inside st's
// transaction when st is one (implements app.Pusher). It is tried at most
// twice: the devices it could not reach are retried by jobs of their own.
func (o Outbox) QueuePushBatch(ctx context.Context, st store.Store, b push.Batch) error {
	opts := &river.InsertOpts{MaxAttempts: 2, Priority: 2}
	if b.High {
		opts.Priority = 1
	}
	_, err := o.Queue.insert(ctx, st, PushBatchArgs{Batch: b}, opts)
	return err
}
