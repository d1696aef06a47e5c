package jobs

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/riverqueue/river"

	"github.com/kinshiprecovery/kinship/internal/mail"
	"github.com/kinshiprecovery/kinship/internal/secret"
	"github.com/kinshiprecovery/kinship/internal/store"
)

// EmailArgs is a queued email. The message is sealed, so addresses and
// links never sit readable in the jobs table.
type EmailArgs struct {
	Sealed []byte `json:"sealed"`
}

// Kind names the job.
func (EmailArgs) Kind() string { return "email" }

var emailAAD = []byte("job:email")

// EmailWorker sends queued email; River retries failures with back-off.
type EmailWorker struct {
	river.WorkerDefaults[EmailArgs]
	Box    *secret.Box
	Mailer mail.Mailer
}

// Work opens and sends one email.
func (w *EmailWorker) Work(ctx context.Context, job *river.Job[EmailArgs]) error {
	plain, err := w.Box.Open(job.Args.Sealed, emailAAD)
	if err != nil {
		// A message sealed under another key can never be sent; do not retry.
		return river.JobCancel(fmt.Errorf("jobs: open email: %w", err))
	}
	var m mail.Message
	if err := json.Unmarshal(plain, &m); err != nil {
		return river.JobCancel(fmt.Errorf("jobs: decode email: %w", err))
	}
	return w.Mailer.Send(ctx, m)
}

// Outbox queues email through a Queue, implementing app.Outbox.
type Outbox struct {
	Queue *Queue
	Box   *secret.Box
}

// SendEmail queues m, inside st's transaction when st is one.
func (o Outbox) SendEmail(ctx context.Context, st store.Store, m mail.Message) error {
	plain, err := json.Marshal(m)
	if err != nil {
		return err
	}
	return o.Queue.Enqueue(ctx, st, EmailArgs{Sealed: o.Box.Seal(plain, emailAAD)}, &river.InsertOpts{MaxAttempts: 12})
}
