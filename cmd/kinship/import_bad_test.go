package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// dbEnv is the environment of a command run against db.
func dbEnv(db testutil.DB) func(string) string {
	return func(k string) string {
		switch k {
		case "KINSHIP_DATA_DIR":
			return db.DataDir
		case "KINSHIP_DATABASE_URL":
			return db.URL
		}
		return ""
	}
}

// TestImportSkipsBadRecordsAndAcceptsABOM: a feed that starts with a UTF-8
// byte-order mark and holds a record with a NUL in its slug (and one with
// a control character in its name) imports every other record and reports
// the bad ones, on SQLite and PostgreSQL; so do facility files, JSON and CSV.
func TestImportSkipsBadRecordsAndAcceptsABOM(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		env := dbEnv(db)
		imp := func(args ...string) string {
			t.Helper()
			var out, errOut strings.Builder
			if err := run(context.Background(), append([]string{"import"}, args...), env, nil, &out, &errOut); err != nil {
				t.Fatalf("import %v: %v\n%s%s", args, err, out.String(), errOut.String())
			}
			return out.String()
		}
		dir := t.TempDir()
		write := func(name, text string) string {
			p := filepath.Join(dir, name)
			if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
			return p
		}
		feed := write("town.json", "\ufeff"+`[
 {"slug":"monday-noon","name":"Monday Noon","day":1,"time":"12:00","location":"Hall","formatted_address":"1 Main St, Springfield, IL","timezone":"America/Chicago"},
 {"slug":"bad\u0000slug","name":"Broken","day":2,"time":"12:00","location":"Hall","formatted_address":"1 Main St, Springfield, IL","timezone":"America/Chicago"},
 {"slug":"tuesday-night","name":"Tuesday\u0007Night","day":2,"time":"19:00","location":"Hall","formatted_address":"1 Main St, Springfield, IL","timezone":"America/Chicago"},
 {"slug":"friday-night","name":"Friday Night","day":5,"time":"19:00","location":"Hall","formatted_address":"1 Main St, Springfield, IL","timezone":"America/Chicago","notes":"Line one\nline two"}
]`)
		out := imp("meetings", feed)
		for _, want := range []string{
			`skipped record 2 ("bad\x00slug"): slug contains a NUL character, which text may not hold`,
			`skipped record 3 ("tuesday-night"): name contains a control character ('\a'), which text may not hold`,
			"source town: imported 2, updated 0, unchanged 0, retired 0, skipped 2",
		} {
			if !strings.Contains(out, want) {
				t.Fatalf("meeting import printed:\n%s\nwant %q", out, want)
			}
		}
		csv := write("clinics.csv", "\ufeffname1,name2,street1,street2,city,state,zip,county,phone,intake1,intake2,website,latitude,longitude,type_facility,MD\n"+
			"Good Clinic,,1 Main St,,Springfield,IL,62701,Sangamon,555-0100,,,,39.78,-89.65,SA,1\n"+
			"Bad\x00Clinic,,2 Main St,,Springfield,IL,62701,Sangamon,555-0101,,,,39.79,-89.64,SA,0\n")
		out = imp("facilities", csv)
		if !strings.Contains(out, `skipped line 3 ("Bad\x00Clinic"): name1 contains a NUL character, which text may not hold`) || !strings.Contains(out, "imported 1,") {
			t.Fatalf("facility CSV import printed:\n%s", out)
		}
		js := write("page.json", "\ufeff"+`{"rows":[{"frid":"f1","name1":"Hope House","latitude":"39.7","longitude":"-89.6","city":"Springfield","state":"IL"},{"frid":"f2","name1":"Bad\u0000House","latitude":"39.7","longitude":"-89.6"}]}`)
		out = imp("facilities", js)
		if !strings.Contains(out, `skipped line 2 ("Bad\x00House"): name1 contains a NUL character, which text may not hold`) || !strings.Contains(out, "imported 1,") {
			t.Fatalf("facility JSON import printed:\n%s", out)
		}
	})
}

// TestImportKeepsAMeetingWhoseRecordTurnedBad (walk9 W9-1): an operator
// re-imported Sussex County's feed after two records had turned bad (a
// day 9, a time "25:99"); both were reported, and both meetings were
// retired ("retired 2"), gone from the finder though they still meet. A
// record the feed still holds but cannot be read keeps its meeting as last
// imported, and the operator is told so; a meeting that left the feed is
// still retired, and a bad record with no meeting before adds nothing; on
// SQLite and PostgreSQL.
func TestImportKeepsAMeetingWhoseRecordTurnedBad(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		env := dbEnv(db)
		dir := t.TempDir()
		imp := func(text string) string {
			t.Helper()
			p := filepath.Join(dir, "town.json")
			if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
			var out, errOut strings.Builder
			if err := run(context.Background(), []string{"import", "meetings", p, "--timezone", "America/Chicago"}, env, nil, &out, &errOut); err != nil {
				t.Fatalf("import: %v\n%s%s", err, out.String(), errOut.String())
			}
			return out.String()
		}
		rec := func(slug, name, day, clock string) string {
			return `{"slug":"` + slug + `","name":"` + name + `","day":` + day + `,"time":"` + clock + `","location":"Hall","formatted_address":"1 Main St, Springfield, IL"}`
		}
		out := imp("[" + rec("monday-noon", "Monday Noon", "1", "12:00") + "," + rec("tuesday-night", "Tuesday Night", "2", "19:00") + "," +
			rec("friday-night", "Friday Night", "5", "19:00") + "]")
		if !strings.Contains(out, "source town: imported 3, updated 0, unchanged 0, retired 0, skipped 0\n") {
			t.Fatalf("first import printed:\n%s", out)
		}
		// Monday's day and Tuesday's time turned bad, Friday's left the
		// feed, and a new record is bad from the start.
		out = imp("[" + rec("monday-noon", "Monday Noon", "9", "12:00") + "," + rec("tuesday-night", "Tuesday Night", "2", "25:99") + "," +
			rec("sunday-new", "Sunday New", "8", "10:00") + "]")
		for _, want := range []string{
			`skipped record 1 ("monday-noon"): day 9 is out of range (0 = Sunday … 6 = Saturday); the meeting stays as last imported`,
			`skipped record 2 ("tuesday-night"): time "25:99": use a time like 19:30 or 7:30 PM; the meeting stays as last imported`,
			`skipped record 3 ("sunday-new"): day 8 is out of range (0 = Sunday … 6 = Saturday)` + "\n",
			"source town: imported 0, updated 0, unchanged 0, retired 1, skipped 3 (2 of them kept as last imported)\n",
		} {
			if !strings.Contains(out, want) {
				t.Errorf("second import printed:\n%s\nwant %q", out, want)
			}
		}
		// What the finder lists: Monday and Tuesday as they were.
		n, _, err := open(context.Background(), "test", nil, env, io.Discard, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer n.store.Close()
		ms, err := n.store.ListMeetings(context.Background(), -2, "", 100)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, m := range ms {
			got = append(got, fmt.Sprintf("%s day %d %s", m.Name, m.Day, m.Time))
		}
		if want := []string{"Monday Noon day 1 12:00", "Tuesday Night day 2 19:00"}; !slices.Equal(got, want) {
			t.Errorf("the directory lists %q, want %q", got, want)
		}
		// Once the feed is mended, the meetings are simply unchanged.
		out = imp("[" + rec("monday-noon", "Monday Noon", "1", "12:00") + "," + rec("tuesday-night", "Tuesday Night", "2", "19:00") + "]")
		if !strings.Contains(out, "source town: imported 0, updated 0, unchanged 2, retired 0, skipped 0\n") {
			t.Errorf("mended feed printed:\n%s", out)
		}
	})
}
