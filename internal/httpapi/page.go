package httpapi

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"hash/crc32"
	"net/http"
	"sort"
	"strconv"
	"time"

	"github.com/oklog/ulid/v2"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/store"
)

// Lists that can grow are read a page at a time:
//
//	GET /api/v1/notifications?limit=20&cursor=…
//	{"items": [...], "next_cursor": "eyJs…" | null, "has_more": true}
//
// limit is 1 to MaxLimit (DefaultLimit when left out; more than MaxLimit
// is taken as MaxLimit); cursor is the next_cursor of the page before,
// opaque to clients: base64url of the list's keyset position (the last
// item's time and ID, or sequence number), so rows added while a client
// pages never make it see an item twice or miss one that was there.

// Page sizes.
const (
	DefaultLimit = 50
	MaxLimit     = 200
)

// PageQuery is the query of a paginated list; a route's query struct
// embeds it.
type PageQuery struct {
	Limit  int    `query:"limit" minimum:"1" default:"50" doc:"how many items at most, 1 to 200 (more is taken as 200); default 50"`
	Cursor string `query:"cursor" doc:"the next_cursor of the page before; leave out for the first page"`
}

// page is one page of a list.
type page[T any] struct {
	Items []T `json:"items"`
	// NextCursor continues the list; null on the last page.
	NextCursor *string `json:"next_cursor"`
	HasMore    bool    `json:"has_more"`
}

// cursorPos is what a cursor holds: the list it belongs to and a position.
type cursorPos struct {
	List string `json:"l"`
	At   int64  `json:"t,omitempty"` // microseconds
	ID   string `json:"i,omitempty"`
	Seq  int64  `json:"s,omitempty"`
	Rank int    `json:"r,omitempty"`
	Key  string `json:"k,omitempty"`
}

// pageReq is a parsed page query.
type pageReq struct {
	Limit int
	Pos   cursorPos
	list  string
}

// listTag names the list a cursor belongs to (its route), so a cursor of
// one list is refused by another.
func listTag(r *http.Request) string {
	return strconv.FormatUint(uint64(crc32.ChecksumIEEE([]byte(r.Pattern))), 36)
}

// pageQuery reads limit and cursor.
func pageQuery(r *http.Request) (pageReq, error) {
	q := r.URL.Query()
	p := pageReq{Limit: DefaultLimit, list: listTag(r)}
	if v := q.Get("limit"); q.Has("limit") {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return p, &model.Error{Kind: model.KindInvalid, Message: "limit must be a whole number from 1 to " + strconv.Itoa(MaxLimit),
				Fields: map[string]string{"limit": "use a whole number from 1 to " + strconv.Itoa(MaxLimit)}}
		}
		p.Limit = min(n, MaxLimit)
	}
	if c := q.Get("cursor"); c != "" {
		raw, err := base64.RawURLEncoding.DecodeString(c)
		if err == nil {
			err = json.Unmarshal(raw, &p.Pos)
		}
		if err != nil || p.Pos.List != p.list {
			return p, &model.Error{Kind: model.KindInvalid, Message: "cursor is not one this list gave; start again without it",
				Fields: map[string]string{"cursor": "use the next_cursor of the page before"}}
		}
	}
	return p, nil
}

// mustPage reads the page query and answers the error when it is wrong.
func mustPage(w http.ResponseWriter, r *http.Request) (pageReq, bool) {
	p, err := pageQuery(r)
	if err != nil {
		writeError(w, r, err)
		return p, false
	}
	return p, true
}

// app is the request for the use cases: the page and its keyset position.
func (p pageReq) app() app.PageRequest {
	req := app.PageRequest{Limit: p.Limit}
	if p.Pos.ID != "" {
		req.After = store.Keyset{Rank: p.Pos.Rank, At: time.UnixMicro(p.Pos.At).UTC(), ID: p.Pos.ID}
	}
	return req
}

func (p pageReq) encode(pos cursorPos) *string {
	pos.List = p.list
	raw, _ := json.Marshal(pos)
	s := base64.RawURLEncoding.EncodeToString(raw)
	return &s
}

// keysetPage is a page whose next position the store gave (zero: the last page).
func keysetPage[T any](p pageReq, items []T, next store.Keyset) page[T] {
	out := page[T]{Items: items}
	if out.Items == nil {
		out.Items = []T{}
	}
	if !next.IsZero() {
		out.HasMore = true
		out.NextCursor = p.encode(cursorPos{Rank: next.Rank, At: next.At.UnixMicro(), ID: next.ID})
	}
	return out
}

// slicePage pages a list held whole in memory (a short list, or a search
// over a directory kept in memory). key gives each item's position, unique
// and in the list's order: the items are sorted by it, and a page
// continues after the position of the last item of the page before.
func slicePage[T any](p pageReq, items []T, key func(T) string) page[T] {
	sorted := make([]T, len(items))
	copy(sorted, items)
	sort.SliceStable(sorted, func(i, j int) bool { return key(sorted[i]) < key(sorted[j]) })
	start := 0
	if p.Pos.Key != "" {
		start = sort.Search(len(sorted), func(i int) bool { return key(sorted[i]) > p.Pos.Key })
	}
	rest := sorted[start:]
	out := page[T]{Items: rest[:min(len(rest), p.Limit)]}
	if len(rest) > p.Limit {
		out.HasMore = true
		out.NextCursor = p.encode(cursorPos{Key: key(out.Items[len(out.Items)-1])})
	}
	return out
}

// newestFirst is a key that sorts later times first, then IDs.
func newestFirst(at time.Time, id string) string {
	return fmt.Sprintf("%020d\x00%s", 1<<62-at.UnixMicro(), id)
}

// oldestFirst is a key that sorts earlier times first, then IDs.
func oldestFirst(at time.Time, id string) string {
	return fmt.Sprintf("%020d\x00%s", 1<<62+at.UnixMicro(), id)
}

// idNewestFirst is newestFirst for an item whose ID is a ULID (its time
// is when the item was made); other IDs sort after, by ID.
func idNewestFirst(id string) string {
	u, err := ulid.ParseStrict(id)
	if err != nil {
		return "~" + id
	}
	return newestFirst(ulid.Time(u.Time()), id)
}

// facilitiesPage is a page of a treatment-locator search with the helpline.
type facilitiesPage struct {
	page[facilityOut]
	Helpline string `json:"helpline"`
}

// commentsList is the list tag of a post's comments, whose first page
// comes with the post.
var commentsList = strconv.FormatUint(uint64(crc32.ChecksumIEEE([]byte("GET /api/v1/posts/{id}/comments"))), 36)

// meetingsPage is a page of a meeting search with the zone its times are in.
type meetingsPage struct {
	page[meetingOut]
	TimeZone string `json:"time_zone"`
}
