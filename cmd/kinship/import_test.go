package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func realFeed(t *testing.T, name string) string {
	p := filepath.Join("..", "..", "..", "shared", "data", "meeting-guide", name)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("real feed %s not available beside the repository", name)
	}
	return p
}

func TestImportMeetings(t *testing.T) {
	dir := t.TempDir()
	env := func(k string) string {
		if k == "KINSHIP_DATA_DIR" {
			return dir
		}
		return ""
	}
	imp := func(args ...string) (string, error) {
		var out, errOut strings.Builder
		err := run(context.Background(), append([]string{"import"}, args...), env, nil, &out, &errOut)
		return out.String() + errOut.String(), err
	}
	oc := realFeed(t, "oc-orange-county.json")
	out, err := imp("meetings", oc, "--timezone", "America/Los_Angeles")
	if err != nil {
		t.Fatal(err)
	}
	// 1,967 records, one of them by appointment (no day or time), kept as such.
	if !strings.Contains(out, "source oc-orange-county: imported 1967, updated 0, unchanged 0, retired 0, skipped 0") {
		t.Fatalf("first import printed:\n%s", out)
	}
	// Flags before the file; a second run changes nothing.
	out, err = imp("--timezone", "America/Los_Angeles", "meetings", oc)
	if err != nil || !strings.Contains(out, "imported 0, updated 0, unchanged 1967, retired 0") {
		t.Fatalf("re-import: %v\n%s", err, out)
	}
	// A feed that lost a meeting and changed another retires and updates them.
	var recs []map[string]any
	raw, _ := os.ReadFile(oc)
	if err := json.Unmarshal(raw, &recs); err != nil {
		t.Fatal(err)
	}
	recs = recs[1:]
	recs[0]["name"] = "Renamed meeting"
	smaller := filepath.Join(t.TempDir(), "oc-orange-county.json")
	b, _ := json.Marshal(recs)
	os.WriteFile(smaller, b, 0o644)
	out, err = imp("meetings", smaller, "--timezone", "America/Los_Angeles")
	if err != nil || !strings.Contains(out, "imported 0, updated 1, unchanged 1965, retired 1") {
		t.Fatalf("smaller feed: %v\n%s", err, out)
	}
	// A broken feed keeps its good records and names the bad ones.
	out, err = imp("meetings", realFeed(t, "edge-invalid.json"), "--source", "test", "--timezone", "America/Chicago")
	if err != nil || !strings.Contains(out, "imported 8") || strings.Contains(out, "skipped record") || !strings.Contains(out, "warning: ignored text") ||
		!strings.Contains(out, "warning: day 7 read as Sunday in 2 records (7, 8)") {
		t.Fatalf("invalid feed: %v\n%s", err, out)
	}
	// From a URL (loopback), registered for scheduled refreshes.
	feedFile := realFeed(t, "edge-timezones.json")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.ServeFile(w, r, feedFile)
	}))
	defer srv.Close()
	out, err = imp("meetings", srv.URL+"/feed.json", "--source", "loop", "--register")
	if err != nil || !strings.Contains(out, "imported 2") || !strings.Contains(out, "registered") {
		t.Fatalf("URL feed: %v\n%s", err, out)
	}
	n, _, err := open(context.Background(), "test", nil, env, io.Discard, nil)
	if err != nil {
		t.Fatal(err)
	}
	// A feed that fails is recorded and never stops the others.
	if err := n.app.RegisterMeetingSource(context.Background(), "broken", "http://127.0.0.1:1/feed.json", "UTC"); err != nil {
		t.Fatal(err)
	}
	refreshed, err := n.app.RefreshMeetingSources(context.Background())
	srcs, _ := n.store.ListMeetingSources(context.Background())
	n.store.Close()
	if err != nil || refreshed != 1 || len(srcs) != 2 || !strings.HasPrefix(srcs[0].LastResult, "failed") || !strings.Contains(srcs[1].LastResult, "unchanged 2") {
		t.Fatalf("scheduled refresh: %d %v %+v", refreshed, err, srcs)
	}
	// Only an unreadable input fails the command.
	garbage := filepath.Join(t.TempDir(), "g.json")
	os.WriteFile(garbage, []byte("this is not json"), 0o644)
	for _, args := range [][]string{{"meetings", garbage}, {"meetings", filepath.Join(dir, "missing.json")}, {"meetings"}, {"groups", oc}, {"meetings", oc, "--timezone", "Nowhere/Else"}} {
		if _, err := imp(args...); err == nil {
			t.Errorf("import %v succeeded", args)
		}
	}
	// Facilities: the real locator page, then a CSV with bad rows.
	sample := filepath.Join("..", "..", "..", "shared", "data", "facilities", "findtreatment-listing-sample.json")
	if _, err := os.Stat(sample); err == nil {
		out, err = imp("facilities", sample)
		if err != nil || !strings.Contains(out, "imported 30, updated 0, unchanged 0, retired 0, skipped 0") {
			t.Fatalf("facility sample: %v\n%s", err, out)
		}
	}
	csvPath := filepath.Join(t.TempDir(), "listing.csv")
	os.WriteFile(csvPath, []byte("name1,name2,street1,street2,city,state,zip,county,phone,intake1,intake2,website,latitude,longitude,type_facility,MD\n"+
		"Harbor House,,1 Main,,Dover,DE,19901,Kent,,,,,39.1,-75.5,SA,1\nBad Coords,,2 Main,,Dover,DE,19901,Kent,,,,,x,y,SA,1\n"), 0o644)
	out, err = imp("facilities", csvPath)
	if err != nil || !strings.Contains(out, "skipped line 3 (\"Bad Coords\"): latitude") || !strings.Contains(out, "imported 1") {
		t.Fatalf("facility CSV: %v\n%s", err, out)
	}
	_ = io.Discard
}

func TestProgressBar(t *testing.T) {
	var out strings.Builder
	p := &progressReader{r: strings.NewReader(strings.Repeat("x", 1000)), out: &out, total: 1000}
	if _, err := io.Copy(io.Discard, p); err != nil {
		t.Fatal(err)
	}
	p.finish()
	if !strings.Contains(out.String(), "100%") || !strings.Contains(out.String(), "[##############################]") {
		t.Fatalf("progress output %q", out.String())
	}
	if interactive(&out) {
		t.Fatal("a buffer is not a terminal")
	}
}

// A feed without its own time zones, imported without --timezone, fails
// with one message naming --timezone (it printed 1,967 lines before), and
// a feed whose meetings carry their zones needs no flag.
func TestImportMeetingsTimeZone(t *testing.T) {
	dir := t.TempDir()
	env := func(k string) string {
		if k == "KINSHIP_DATA_DIR" {
			return dir
		}
		return ""
	}
	var out, errOut strings.Builder
	err := run(context.Background(), []string{"import", "meetings", realFeed(t, "oc-orange-county.json")}, env, nil, &out, &errOut)
	if err == nil || !strings.Contains(err.Error(), "--timezone") || !strings.Contains(err.Error(), "does not say its time zone") {
		t.Fatalf("no zone: %v", err)
	}
	if n := strings.Count(out.String()+errOut.String()+err.Error(), "\n"); n > 1 || strings.Contains(out.String(), "skipped record") {
		t.Fatalf("no zone printed %d lines:\n%s%s", n, out.String(), errOut.String())
	}
	out.Reset()
	if err := run(context.Background(), []string{"import", "meetings", realFeed(t, "aasfmarin.json")}, env, nil, &out, &errOut); err != nil || !strings.Contains(out.String(), "imported 658") {
		t.Fatalf("feed with its own zones: %v\n%s", err, out.String())
	}
}
