package app

import (
	"context"
	"errors"

	"github.com/kinshiprecovery/kinship/internal/store"
)

// QueuePage is one page of a moderator's queue as the web pages show it:
// its items, where they stand in the whole queue, and where the next page
// begins. Nothing is left out: the count is the whole queue's, and every
// item can be reached by following Next.
type QueuePage[T any] struct {
	Items []T
	// Total is the number of items in the whole queue; Acknowledged, of
	// the crisis queue's, how many a moderator acknowledged already.
	Total, Acknowledged int
	// From is the first item's place in the queue, counted from 1 (0 on
	// an empty page).
	From int
	// Next is the ID of this page's last item when more follow (the next
	// page continues after it), "" on the last page.
	Next string
	// Restarted says the page was asked to continue after an item that is
	// no longer there, and starts again from the most urgent.
	Restarted bool
}

// To is the last item's place in the queue.
func (q *QueuePage[T]) To() int { return q.From + len(q.Items) - 1 }

// queueStatuses are the crisis-queue items still to handle.
var queueStatuses = []string{"open", "acknowledged"}

// CrisisQueueAfter is a page of at most limit crisis-queue items, most
// severe first, then oldest, continuing after the item afterID ("" from the
// start), with the queue's counts. An afterID that names no item starts
// from the top again (Restarted). Moderators (the route's policy).
func (a *App) CrisisQueueAfter(ctx context.Context, afterID string, limit int) (*QueuePage[FlagView], error) {
	req, restarted, err := queuePosition(afterID, limit, func(id string) (store.Keyset, error) {
		f, err := a.store.FindSafetyFlag(ctx, id)
		if err != nil {
			return store.Keyset{}, err
		}
		return store.Keyset{Rank: f.Severity, At: f.CreatedAt, ID: f.ID}, nil
	})
	if err != nil {
		return nil, err
	}
	items, next, err := a.CrisisQueuePage(ctx, req)
	if err != nil {
		return nil, err
	}
	total, err := a.store.CountSafetyFlags(ctx, queueStatuses)
	if err != nil {
		return nil, err
	}
	rest, err := a.store.CountSafetyFlagsAfter(ctx, queueStatuses, req.After)
	if err != nil {
		return nil, err
	}
	acked, err := a.store.CountSafetyFlags(ctx, []string{"acknowledged"})
	if err != nil {
		return nil, err
	}
	q := queuePage(items, next, total, rest, restarted)
	q.Acknowledged = acked
	return q, nil
}

// ReportQueueAfter is a page of at most limit open reports, most severe
// first, then oldest, continuing after the report afterID ("" from the
// start), with the queue's count. An afterID that names no report starts
// from the top again (Restarted). Moderators (the route's policy).
func (a *App) ReportQueueAfter(ctx context.Context, afterID string, limit int) (*QueuePage[ReportView], error) {
	req, restarted, err := queuePosition(afterID, limit, func(id string) (store.Keyset, error) {
		r, err := a.store.FindReport(ctx, id)
		if err != nil {
			return store.Keyset{}, err
		}
		return reportPosition(r), nil
	})
	if err != nil {
		return nil, err
	}
	items, next, err := a.ReportQueuePage(ctx, req)
	if err != nil {
		return nil, err
	}
	total, err := a.store.CountReports(ctx, "open", store.Keyset{})
	if err != nil {
		return nil, err
	}
	rest, err := a.store.CountReports(ctx, "open", req.After)
	if err != nil {
		return nil, err
	}
	return queuePage(items, next, total, rest, restarted), nil
}

// queuePosition is the page request continuing after the item afterID,
// whose position find gives; an item not found (or an ID no item could
// have) starts from the top, restarted.
func queuePosition(afterID string, limit int, find func(string) (store.Keyset, error)) (PageRequest, bool, error) {
	req := PageRequest{Limit: limit}
	if afterID == "" {
		return req, false, nil
	}
	if len(afterID) > 64 {
		return req, true, nil
	}
	k, err := find(afterID)
	switch {
	case errors.Is(err, store.ErrNotFound):
		return req, true, nil
	case err != nil:
		return req, false, err
	}
	req.After = k
	return req, false, nil
}

// queuePage places a page in its queue: total items in all, rest of them
// from this page's first on. Items added or handled between the counts
// and the list cannot make the page say it ends past the queue's end.
func queuePage[T any](items []T, next store.Keyset, total, rest int, restarted bool) *QueuePage[T] {
	q := &QueuePage[T]{Items: items, Total: total, Restarted: restarted}
	if len(items) > 0 {
		q.From = max(total-rest+1, 1)
		q.Total = max(total, q.To())
	}
	if !next.IsZero() {
		q.Next = next.ID
	}
	return q
}
