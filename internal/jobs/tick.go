package jobs

import (
	"context"
	"fmt"
	"time"

	"github.com/riverqueue/river"
)

// TickArgs runs a named periodic task, such as evaluating missed-check-in
// rules. The elected leader node enqueues it; any node may run it.
type TickArgs struct {
	Task string `json:"task"`
}

// Kind names the job.
func (TickArgs) Kind() string { return "tick" }

// Periodic is a task run every Every, and once when a node starts, so work
// that fell due while every node was down is done when one is back.
type Periodic struct {
	Task  string
	Every time.Duration
	Run   func(ctx context.Context) error
}

// TickWorker runs periodic tasks by name.
type TickWorker struct {
	river.WorkerDefaults[TickArgs]
	tasks map[string]func(context.Context) error
}

// Work runs the named task.
func (w *TickWorker) Work(ctx context.Context, job *river.Job[TickArgs]) error {
	fn, ok := w.tasks[job.Args.Task]
	if !ok {
		return river.JobCancel(fmt.Errorf("jobs: unknown periodic task %q", job.Args.Task))
	}
	return fn(ctx)
}

func periodicJobs(ps []Periodic) (*TickWorker, []*river.PeriodicJob) {
	w := &TickWorker{tasks: map[string]func(context.Context) error{}}
	var jobs []*river.PeriodicJob
	for _, p := range ps {
		w.tasks[p.Task] = p.Run
		args := TickArgs{Task: p.Task}
		jobs = append(jobs, river.NewPeriodicJob(river.PeriodicInterval(p.Every),
			func() (river.JobArgs, *river.InsertOpts) { return args, nil },
			&river.PeriodicJobOpts{RunOnStart: true}))
	}
	return w, jobs
}
