package app

import "github.com/kinshiprecovery/kinship/internal/store"

// PageRequest asks for one page of a list: at most Limit items after the
// position After (the zero position is the list's start).
type PageRequest struct {
	After store.Keyset
	Limit int
}

// firstPage is what the web pages show of a list at once.
func firstPage(limit int) PageRequest { return PageRequest{Limit: limit} }

// fetch is the number of rows to read for a page: one more than it shows,
// to learn whether another page follows.
func (p PageRequest) fetch() int { return p.Limit + 1 }

// cutPage keeps a page's rows and returns the position the next page
// continues from, zero when this page is the last. Rows are cut before
// any are left out for the reader (blocked members, hidden posts), so a
// page may show fewer than Limit items and still have a next one.
func cutPage[T any](rows []T, p PageRequest, pos func(T) store.Keyset) ([]T, store.Keyset) {
	if len(rows) <= p.Limit {
		return rows, store.Keyset{}
	}
	rows = rows[:p.Limit]
	return rows, pos(rows[len(rows)-1])
}
