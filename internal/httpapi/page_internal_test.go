package httpapi

import (
	"fmt"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"
)

// TestSlicePageWhileTheListGrows pages a list held in memory (sessions,
// connections, a facility search) 3 at a time, newest first, while items
// are added between pages at the time of the last one read and later: each
// item there at the start comes once, in order, and none comes twice.
func TestSlicePageWhileTheListGrows(t *testing.T) {
	type item struct {
		id string
		at time.Time
	}
	base := time.Date(2026, 12, 4, 19, 0, 0, 0, time.UTC)
	var items []item
	// Newest first, and by ID within a minute.
	want := []string{"i10", "i08", "i09", "i06", "i07", "i04", "i05", "i02", "i03", "i00", "i01"}
	for i := range 11 {
		items = append(items, item{fmt.Sprintf("i%02d", i), base.Add(time.Duration(i/2) * time.Minute)})
	}
	key := func(it item) string { return newestFirst(it.at, it.id) }
	seen := map[string]int{}
	var got []string
	cursor := ""
	for round := 0; ; round++ {
		q := url.Values{"limit": {"3"}}
		if cursor != "" {
			q.Set("cursor", cursor)
		}
		r := httptest.NewRequest("GET", "/api/v1/me/sessions?"+q.Encode(), nil)
		r.Pattern = "GET /api/v1/me/sessions"
		p, err := pageQuery(r)
		if err != nil {
			t.Fatal(err)
		}
		pg := slicePage(p, items, key)
		if len(pg.Items) > 3 {
			t.Fatalf("page of %d", len(pg.Items))
		}
		for _, it := range pg.Items {
			seen[it.id]++
			if len(it.id) == 3 && it.id[0] == 'i' {
				got = append(got, it.id)
			}
		}
		if pg.NextCursor == nil {
			break
		}
		last := pg.Items[len(pg.Items)-1]
		items = append(items, item{last.id + "a", last.at}, item{"h" + last.id, last.at}, item{fmt.Sprint("new", round), base.Add(time.Hour)})
		cursor = *pg.NextCursor
	}
	for id, n := range seen {
		if n != 1 {
			t.Errorf("%s came %d times", id, n)
		}
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("read %v, want %v", got, want)
	}
}
