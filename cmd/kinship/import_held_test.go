package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// TestImportHoldsAFeedThatWouldEmptyItsSource: a feed endpoint that breaks
// and answers [] (or a tenth of its list, or an HTML error page) took every
// meeting of its source out of the finder. Now such a feed changes nothing:
// the operator reads what was kept and how to import anyway (--force), the
// command exits non-zero, and the scheduled refresh records it the same
// way; a feed that loses a few meetings, or one forced, is imported as it
// is. On SQLite and PostgreSQL.
func TestImportHoldsAFeedThatWouldEmptyItsSource(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		env := dbEnv(db)
		dir := t.TempDir()
		feed := func(n int) string {
			recs := make([]string, n)
			for i := range recs {
				recs[i] = fmt.Sprintf(`{"slug":"m%d","name":"Meeting %d","day":%d,"time":"19:00","location":"Hall","formatted_address":"%d Main St, Springfield, IL"}`,
					i, i, i%7, i+1)
			}
			return "[" + strings.Join(recs, ",") + "]"
		}
		imp := func(text string, args ...string) (string, error) {
			t.Helper()
			p := filepath.Join(dir, "town.json")
			if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
			var out, errOut strings.Builder
			err := run(context.Background(), append([]string{"import", "meetings", p, "--timezone", "America/Chicago"}, args...), env, nil, &out, &errOut)
			return out.String() + errOut.String(), err
		}
		listed := func() int {
			t.Helper()
			n, _, err := open(context.Background(), "test", nil, env, io.Discard, nil)
			if err != nil {
				t.Fatal(err)
			}
			defer n.store.Close()
			ms, err := n.store.ListMeetings(context.Background(), -2, "", 1000)
			if err != nil {
				t.Fatal(err)
			}
			return len(ms)
		}
		if out, err := imp(feed(30)); err != nil || !strings.Contains(out, "source town: imported 30, updated 0, unchanged 0, retired 0, skipped 0") {
			t.Fatalf("first import: %v\n%s", err, out)
		}
		for _, c := range []struct{ name, text, want string }{
			{"an empty feed", "[]", "the feed of source town lists no meetings where the finder has 30: nothing was imported and all 30 stay as last imported " +
				"(a feed that breaks often answers [] or a part of its list); if the meetings really ended, import it again with --force"},
			{"a feed of 5", feed(5), "the feed of source town lists 5 meetings where the finder has 30: nothing was imported and all 30 stay"},
			{"an HTML error page", "<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>", "not a Meeting Guide feed"},
		} {
			out, err := imp(c.text)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("%s: %v\n%s\nwant an error saying %q", c.name, err, out, c.want)
			}
			if n := listed(); n != 30 {
				t.Fatalf("after %s the finder lists %d meetings, want the 30 kept", c.name, n)
			}
		}
		// A few meetings gone, or fewer than half but ten or fewer gone: as it is.
		if out, err := imp(feed(20)); err != nil || !strings.Contains(out, "retired 10") || listed() != 20 {
			t.Fatalf("a feed that lost 10 of 30: %v\n%s", err, out)
		}
		// Fewer than half left with more than ten gone (20 to 9) is held.
		if out, err := imp(feed(9)); err == nil || !strings.Contains(err.Error(), "lists 9 meetings where the finder has 20") || listed() != 20 {
			t.Fatalf("a feed of 9 after 20: %v\n%s", err, out)
		}
		if out, err := imp("[]", "--force"); err != nil || !strings.Contains(out, "source town: imported 0, updated 0, unchanged 0, retired 20, skipped 0") || listed() != 0 {
			t.Fatalf("[] with --force: %v\n%s", err, out)
		}

		// The scheduled refresh: a registered feed that breaks and answers [].
		var broken atomic.Bool
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			if broken.Load() {
				fmt.Fprint(w, "[]")
				return
			}
			fmt.Fprint(w, feed(30))
		}))
		defer srv.Close()
		var out, errOut strings.Builder
		if err := run(context.Background(), []string{"import", "meetings", srv.URL + "/feed.json", "--source", "loop", "--timezone", "America/Chicago", "--register"},
			env, nil, &out, &errOut); err != nil {
			t.Fatalf("register: %v\n%s%s", err, out.String(), errOut.String())
		}
		broken.Store(true)
		n, _, err := open(context.Background(), "test", nil, env, io.Discard, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer n.store.Close()
		if _, err := n.app.RefreshMeetingSources(context.Background()); err != nil {
			t.Fatal(err)
		}
		srcs, err := n.store.ListMeetingSources(context.Background())
		if err != nil || len(srcs) != 1 {
			t.Fatalf("sources: %v %+v", err, srcs)
		}
		want := "held: the feed of source loop lists no meetings where the finder has 30: nothing was imported and all 30 stay as last imported " +
			"(a feed that breaks often answers [] or a part of its list); if the meetings really ended, import it again with --force (kinship import meetings " +
			srv.URL + "/feed.json --source loop --force)"
		if srcs[0].LastResult != want {
			t.Errorf("the refresh recorded %q, want %q", srcs[0].LastResult, want)
		}
		if ms, err := n.store.ListMeetings(context.Background(), -2, "", 1000); err != nil || len(ms) != 30 {
			t.Fatalf("after the refresh of a broken feed the finder lists %d meetings (%v), want the 30 kept", len(ms), err)
		}
	})
}
