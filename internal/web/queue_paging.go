package web

import (
	"net/url"

	"github.com/kinshiprecovery/kinship/internal/app"
)

// queuePageSize is how many items a page of a moderator's queue shows.
const queuePageSize = 50

// queuePaging is where a page of a moderator's queue stands, for the
// count above the list ("212 open flags, showing 51–100") and the links
// on to the rest below it.
type queuePaging struct {
	// Flags is true for the crisis queue's flags, false for reports. (A
	// bool, not a kind word: pages' Kind fields hold stored words, and the
	// state-word test sets every field of a name to every word branched on.)
	Flags                         bool
	Total, Acknowledged, From, To int
	// NextURL shows the next page (NextCount items at most); StartURL
	// goes back to the most urgent. "" when there is none.
	NextURL, StartURL string
	NextCount         int
	// After is this page's own position, which the forms acting on an
	// item keep so that the moderator comes back to the same page.
	After string
	// Restarted says the page asked for is gone and this is the start.
	Restarted bool
}

// queuePagingOf places page q of the queue of kind at path, reached with after.
func queuePagingOf[T any](kind, path, after string, q *app.QueuePage[T]) queuePaging {
	pg := queuePaging{Flags: kind == "flags", Total: q.Total, Acknowledged: q.Acknowledged, From: q.From, To: q.To(), Restarted: q.Restarted}
	if !q.Restarted {
		pg.After = after
	}
	if q.Next != "" {
		pg.NextURL = path + "?after=" + url.QueryEscape(q.Next)
		pg.NextCount = min(queuePageSize, q.Total-pg.To)
	}
	if q.From > 1 {
		pg.StartURL = path
	}
	return pg
}

// queueBack is where a form acting on a queue item returns: the queue's
// page it was on, saying it is done.
func queueBack(path, after string) string {
	if after == "" {
		return path + "?done=1"
	}
	return path + "?after=" + url.QueryEscape(after) + "&done=1"
}
