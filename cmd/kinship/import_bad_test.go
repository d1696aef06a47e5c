package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// TestImportSkipsBadRecordsAndAcceptsABOM: a feed that starts with a UTF-8
// byte-order mark and holds a record with a NUL in its slug (and one with
// a control character in its name) imports every other record and reports
// the bad ones, on SQLite and PostgreSQL; so do facility files, JSON and CSV.
func TestImportSkipsBadRecordsAndAcceptsABOM(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		env := func(k string) string {
			switch k {
			case "KINSHIP_DATA_DIR":
				return db.DataDir
			case "KINSHIP_DATABASE_URL":
				return db.URL
			}
			return ""
		}
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
