package jobs

import (
	"context"
	"time"

	"github.com/riverqueue/river"

	"github.com/kinshiprecovery/kinship/internal/store"
)

// EscalateArgs is the support ladder's timer for one alert.
type EscalateArgs struct {
	AlertID string `json:"alert_id"`
}

// Kind names the job.
func (EscalateArgs) Kind() string { return "support_escalate" }

// EscalateWorker sends an alert nobody acknowledged to the on-duty roster
// when its time comes. Escalate must be safe to run twice.
type EscalateWorker struct {
	river.WorkerDefaults[EscalateArgs]
	Escalate func(ctx context.Context, alertID string) error
}

// Work escalates the alert.
func (w *EscalateWorker) Work(ctx context.Context, job *river.Job[EscalateArgs]) error {
	return w.Escalate(ctx, job.Args.AlertID)
}

// ScheduleEscalation queues an alert's escalation for at, inside st's
// transaction when st is one (implements app.Scheduler).
func (o Outbox) ScheduleEscalation(ctx context.Context, st store.Store, alertID string, at time.Time) error {
	return o.Queue.Enqueue(ctx, st, EscalateArgs{AlertID: alertID}, &river.InsertOpts{ScheduledAt: at, MaxAttempts: 25})
}
