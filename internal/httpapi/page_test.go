package httpapi_test

import (
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/store"
	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// pageOf reads a page of a list: its items, next_cursor (or "") and has_more.
func pageOf(t testing.TB, r resp) (items []any, next string, more bool) {
	t.Helper()
	if r.Status != http.StatusOK {
		t.Fatalf("list: %d %s", r.Status, r.Body)
	}
	m := r.JSON(t)
	items, ok := m["items"].([]any)
	if !ok {
		t.Fatalf("no items list: %s", r.Body)
	}
	more, ok = m["has_more"].(bool)
	if !ok {
		t.Fatalf("no has_more: %s", r.Body)
	}
	if c, present := m["next_cursor"]; !present {
		t.Fatalf("no next_cursor key: %s", r.Body)
	} else if c != nil {
		next = c.(string)
	}
	if more != (next != "") {
		t.Fatalf("has_more %v with next_cursor %q", more, next)
	}
	return items, next, more
}

// TestPagingThroughAListWhileItGrows pages through the audit log (newest
// first, read with a keyset position in the store) 7 at a time while
// entries are added between pages, some at the very time of the last one
// read: every entry there at the start comes exactly once, in order.
func TestPagingThroughAListWhileItGrows(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		e := newEnv(t, db)
		uid, tok := e.signupLogin("pia@example.org", goodPassword, "Pia")
		ctx := t.Context()
		base := e.clock.Now().Add(-time.Hour).Truncate(time.Second)
		// Each entry names itself in its fields, which the list shows.
		add := func(id string, at time.Time) {
			t.Helper()
			if err := e.store.AppendAudit(ctx, &model.AuditEntry{ID: id, ActorID: uid, SubjectID: uid, Action: "profile_read", Fields: []string{id}, At: at}); err != nil {
				t.Fatal(err)
			}
		}
		var want []string // newest first: by time, then ID, both descending
		for i := range 40 {
			id := fmt.Sprintf("E%03d", i)
			add(id, base.Add(time.Duration(i/4)*time.Second)) // four at each second
			want = append([]string{id}, want...)
		}
		seen := map[string]int{}
		var got []string
		cursor := ""
		for page := 0; ; page++ {
			path := "/api/v1/me/audit?limit=7"
			if cursor != "" {
				path += "&cursor=" + url.QueryEscape(cursor)
			}
			items, next, _ := pageOf(t, e.do("GET", path, tok, nil))
			if len(items) > 7 {
				t.Fatalf("page of %d with limit 7", len(items))
			}
			var lastAt time.Time
			for _, it := range items {
				m := it.(map[string]any)
				fields, _ := m["fields"].([]any)
				if len(fields) != 1 {
					continue // entries the signing up wrote
				}
				id := fields[0].(string)
				seen[id]++
				if id[0] == 'E' {
					got = append(got, id)
				}
				at, err := time.Parse(time.RFC3339Nano, m["at"].(string))
				if err != nil {
					t.Fatal(err)
				}
				lastAt = at
			}
			if next == "" {
				break
			}
			if !lastAt.IsZero() {
				// Meanwhile: entries at the time of the last one read, whose IDs
				// sort before and after it, and a newer one.
				add(fmt.Sprintf("A%03d", page), lastAt)
				add(fmt.Sprintf("Z%03d", page), lastAt)
				add(fmt.Sprintf("N%03d", page), e.clock.Now().Add(time.Hour))
			}
			cursor = next
		}
		for id, n := range seen {
			if n != 1 {
				t.Errorf("%s came %d times", id, n)
			}
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("entries read:\n%v\nwant:\n%v", got, want)
		}
	})
}

// TestPageLimits: limit defaults to 50, more than 200 is taken as 200, and
// a limit below 1, a limit that is not a number or a cursor the list did
// not give is a 400 naming the parameter.
func TestPageLimits(t *testing.T) {
	e, _ := newEnvWithAdmin(t, testutil.DB{Name: "sqlite", DataDir: t.TempDir()}) // the first account is the site admin
	uid, tok := e.signupLogin("lim@example.org", goodPassword, "Lim")
	at := e.clock.Now().Add(-time.Hour)
	for i := range 230 {
		if err := e.store.AppendAudit(t.Context(), &model.AuditEntry{ID: fmt.Sprintf("L%03d", i), ActorID: uid, SubjectID: uid, Action: "profile_read", At: at.Add(time.Duration(i) * time.Millisecond)}); err != nil {
			t.Fatal(err)
		}
	}
	for q, n := range map[string]int{"": 50, "?limit=1": 1, "?limit=200": 200, "?limit=500": 200} {
		items, next, more := pageOf(t, e.do("GET", "/api/v1/me/audit"+q, tok, nil))
		if len(items) != n || !more || next == "" {
			t.Errorf("%q: %d items (more %v), want %d and more", q, len(items), more, n)
		}
	}
	_, next, _ := pageOf(t, e.do("GET", "/api/v1/me/audit?limit=3", tok, nil))
	for _, c := range []struct{ path, name, detail string }{
		{"/api/v1/me/audit?limit=0", "limit", "limit must be a whole number from 1 to 200"},
		{"/api/v1/me/audit?limit=-4", "limit", "limit must be a whole number from 1 to 200"},
		{"/api/v1/me/audit?limit=ten", "limit", "limit must be a whole number from 1 to 200"},
		{"/api/v1/notifications?limit=", "limit", "limit must be a whole number from 1 to 200"},
		{"/api/v1/me/audit?cursor=bm9wZQ", "cursor", "cursor is not one this list gave; start again without it"},
		{"/api/v1/connections?cursor=" + url.QueryEscape(next), "cursor", "cursor is not one this list gave; start again without it"},
	} {
		r := e.do("GET", c.path, tok, nil)
		expectStatus(t, r, http.StatusBadRequest)
		p := problemOf(t, r)
		errs, _ := p["errors"].([]any)
		if p["detail"] != c.detail || len(errs) != 1 || errs[0].(map[string]any)["name"] != c.name || errs[0].(map[string]any)["in"] != "query" {
			t.Errorf("%s: %s", c.path, r.Body)
		}
	}
}

// TestChatHistoryCursor pages a group's history back from the newest and
// forward from the start with next_cursor; before and after still work.
func TestChatHistoryCursor(t *testing.T) {
	e, _ := newEnvWithAdmin(t, testutil.DB{Name: "sqlite", DataDir: t.TempDir()})
	_, tok := e.signupLogin("hana@example.org", goodPassword, "Hana")
	e.facilitator(tok) // a group's facilitator needs two-factor login
	g := e.do("POST", "/api/v1/groups", tok, map[string]any{"name": "Evening circle", "description": "A quiet group for evenings.", "visibility": "listed"})
	expectStatus(t, g, http.StatusCreated)
	gid := g.JSON(t)["id"].(string)
	for i := 1; i <= 7; i++ {
		expectStatus(t, e.do("POST", "/api/v1/groups/"+gid+"/messages", tok, map[string]string{"client_id": fmt.Sprint("c", i), "body": fmt.Sprint("note ", i)}), http.StatusCreated)
	}
	read := func(first string) []float64 {
		var seqs []float64
		path := first
		for {
			items, next, _ := pageOf(t, e.do("GET", path, tok, nil))
			for _, it := range items {
				seqs = append(seqs, it.(map[string]any)["seq"].(float64))
			}
			if next == "" {
				return seqs
			}
			path = "/api/v1/groups/" + gid + "/messages?limit=3&cursor=" + url.QueryEscape(next)
		}
	}
	// Back from the newest: pages 5-7, 2-4, 1.
	if got := fmt.Sprint(read("/api/v1/groups/" + gid + "/messages?limit=3")); got != "[5 6 7 2 3 4 1]" {
		t.Fatalf("newest first: %s", got)
	}
	if got := fmt.Sprint(read("/api/v1/groups/" + gid + "/messages?limit=3&after=0")); got != "[5 6 7 2 3 4 1]" {
		t.Fatalf("after=0 is the newest page: %s", got)
	}
	if got := fmt.Sprint(read("/api/v1/groups/" + gid + "/messages?limit=3&after=1")); got != "[2 3 4 5 6 7]" {
		t.Fatalf("forward from after=1: %s", got)
	}
	if got := fmt.Sprint(read("/api/v1/groups/" + gid + "/messages?limit=2&before=4")); got != "[2 3 1]" {
		t.Fatalf("back from before=4: %s", got)
	}
}

// readPages follows next_cursor from first to the end and returns the
// items of every page, each page no longer than limit.
func readPages(t *testing.T, e *env, tok, first string, limit int) []map[string]any {
	t.Helper()
	var out []map[string]any
	sep := "?"
	if strings.Contains(first, "?") {
		sep = "&"
	}
	path := first + sep + "limit=" + fmt.Sprint(limit)
	for range 100 {
		items, next, _ := pageOf(t, e.do("GET", path, tok, nil))
		if len(items) > limit {
			t.Fatalf("%s: %d items with limit %d", path, len(items), limit)
		}
		for _, it := range items {
			out = append(out, it.(map[string]any))
		}
		if next == "" {
			return out
		}
		path = first + sep + "limit=" + fmt.Sprint(limit) + "&cursor=" + url.QueryEscape(next)
	}
	t.Fatalf("%s: no last page after 100", first)
	return nil
}

// TestOrgMembersAndLibraryArePaged: an organization's people come a page
// at a time in the order they joined (two at the same instant by id), each
// once, with their names; the resource library most helpful first, then
// by id; the moderation queue oldest first.
func TestOrgMembersAndLibraryArePaged(t *testing.T) {
	h := newHarbor(t)
	e, org := h.e, h.org
	ctx := t.Context()
	joined := e.clock.Now().Add(-48 * time.Hour).Truncate(time.Second)
	want := []string{"Ana"} // the admin joined when the organization was made, after these
	var early []string
	for i, name := range []string{"Bo", "Cy", "Di", "Ed", "Flo"} {
		id, _ := e.signupLogin(strings.ToLower(name)+"@example.org", goodPassword, name)
		at := joined.Add(time.Duration(i/2) * time.Minute) // Bo and Cy, Di and Ed at the same instant
		if err := e.store.SaveOrgMember(ctx, &store.OrgMember{OrgID: org, UserID: id, Role: "client", Cohort: "Spring", JoinedAt: at}); err != nil {
			t.Fatal(err)
		}
		early = append(early, fmt.Sprintf("%d %s %s", i/2, id, name))
	}
	sort.Strings(early)
	for i, s := range early {
		early[i] = s[strings.LastIndex(s, " ")+1:]
	}
	want = append(early, want...)
	var got []string
	for _, m := range readPages(t, e, h.anaTok, "/api/v1/organizations/"+org+"/members", 2) {
		got = append(got, m["display_name"].(string))
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("members by page: %v, want %v", got, want)
	}

	// The library: one resource helped two people, one helped one.
	lib := readPages(t, e, "", "/api/v1/resources", 50)
	if len(lib) < 4 {
		t.Fatalf("the seeded library has %d resources", len(lib))
	}
	top, second := lib[len(lib)-1]["id"].(string), lib[len(lib)-2]["id"].(string)
	for _, email := range []string{"bo@example.org", "cy@example.org"} {
		tok := e.login(email, goodPassword, "")
		expectStatus(t, e.do("POST", "/api/v1/resources/"+top+"/helped", tok, nil), http.StatusNoContent)
		if email == "bo@example.org" {
			expectStatus(t, e.do("POST", "/api/v1/resources/"+second+"/helped", tok, nil), http.StatusNoContent)
		}
	}
	paged := readPages(t, e, "", "/api/v1/resources", 3)
	if len(paged) != len(lib) || paged[0]["id"] != top || paged[1]["id"] != second {
		t.Fatalf("library by 3s: %d resources, first %v, %v", len(paged), paged[0]["title"], paged[1]["title"])
	}
	for i := 2; i+1 < len(paged); i++ {
		if paged[i]["helped"].(float64) != 0 || paged[i]["id"].(string) >= paged[i+1]["id"].(string) {
			t.Fatalf("resources not helped yet are not in id order: %v then %v", paged[i]["id"], paged[i+1]["id"])
		}
	}

	// Suggestions wait for a moderator oldest first.
	boTok := e.login("bo@example.org", goodPassword, "")
	var sids []string
	for _, title := range []string{"Warmline", "Meeting list", "Sober events"} {
		r := e.do("POST", "/api/v1/resources", boTok, map[string]any{"title": title, "url": "https://" + strings.ReplaceAll(strings.ToLower(title), " ", "-") + ".example.org"})
		expectStatus(t, r, http.StatusCreated)
		sids = append(sids, r.JSON(t)["id"].(string))
		e.clock.Advance(time.Second)
	}
	var queue []string
	for _, v := range readPages(t, e, h.siteTok, "/api/v1/moderation/resources", 2) {
		queue = append(queue, v["id"].(string))
	}
	if fmt.Sprint(queue) != fmt.Sprint(sids) {
		t.Fatalf("moderation queue by 2s: %v, want %v", queue, sids)
	}
}
