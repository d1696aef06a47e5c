package jobs

import (
	"context"
	"fmt"

	"github.com/riverqueue/river"

	"github.com/kinshiprecovery/kinship/internal/secret"
	"github.com/kinshiprecovery/kinship/internal/store"
)

// ResetArgs is a password-reset request, queued for every address asked
// about, registered or not, so that the answer and its timing are the same
// either way; the worker finds out whether there is anyone to write to.
// The address is sealed like a queued email's.
type ResetArgs struct {
	Sealed []byte `json:"sealed"`
}

// Kind names the job.
func (ResetArgs) Kind() string { return "password_reset" }

var resetAAD = []byte("job:password_reset")

// ResetWorker sends the reset link when the address has an account and
// does nothing otherwise.
type ResetWorker struct {
	river.WorkerDefaults[ResetArgs]
	Box  *secret.Box
	Send func(ctx context.Context, email string) error
}

// Work opens the address and hands it to Send.
func (w *ResetWorker) Work(ctx context.Context, job *river.Job[ResetArgs]) error {
	plain, err := w.Box.Open(job.Args.Sealed, resetAAD)
	if err != nil {
		return river.JobCancel(fmt.Errorf("jobs: open reset request: %w", err))
	}
	return w.Send(ctx, string(plain))
}

// QueuePasswordReset queues a reset request for email (implements the
// app's reset queue).
func (o Outbox) QueuePasswordReset(ctx context.Context, st store.Store, email string) error {
	return o.Queue.Enqueue(ctx, st, ResetArgs{Sealed: o.Box.Seal([]byte(email), resetAAD)}, &river.InsertOpts{MaxAttempts: 5})
}
