package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"

	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// TestImportHandWrittenFeed imports what real feeds send that the shared
// samples do not, then reads the report and the finder as a person does
// (review12): HTML in names and notes reads as text (R12-5), unknown type
// codes are named (R12-6), 10,000 rows import with their bad ones named
// and the rest in the finder; a treatment listing saved by a spreadsheet
// on Windows is read (R12-9 to R12-11).
func TestImportHandWrittenFeed(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"KINSHIP_DATA_DIR": dir}
	imp := func(args ...string) (string, string) {
		t.Helper()
		var out, errOut strings.Builder
		if err := run(context.Background(), append([]string{"import"}, args...), func(k string) string { return env[k] }, nil, &out, &errOut); err != nil {
			t.Fatalf("import %v: %v\n%s%s", args, err, out.String(), errOut.String())
		}
		return out.String(), errOut.String()
	}
	write := func(name string, text string) string {
		p := filepath.Join(t.TempDir(), name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	out, warn := imp("meetings", write("springfield.json", "\ufeff"+`[
 {"slug":"cafe","name":"Caf&eacute; &amp; Friends","day":6,"time":"9:00 AM","location":"St. Mary&#39;s Hall",
  "notes":"Back door &amp; up the stairs<br>Parking in <b>rear</b> &nbsp; lot","formatted_address":"7 Main St, Springfield, IL",
  "types":["O","ZZZ"]},
 {"slug":"noon","name":"Noon on Mondays","day":"Monday","time":"noon","formatted_address":"1 Main St, Springfield, IL","types":["ZZZ"]},
 {"slug":"boston","name":"Boston night","day":3,"time":"21:00","timezone":"America/New_York","formatted_address":"10 Main St, Boston, MA"},
 {"slug":"online","name":"Online only","day":2,"time":"7pm","conference_url":"https://zoom.us/j/123"},
 {"slug":"noon","name":"Noon again","day":2,"time":"12:00","formatted_address":"1 Main St, Springfield, IL"},
 {"slug":"someday","name":"Someday","day":"Someday","time":"10:00","formatted_address":"2 Main St, Springfield, IL"}
]`), "--timezone", "America/Chicago")
	for _, want := range []string{
		`skipped record 5 ("noon"): slug "noon" already used by record 2`,
		`skipped record 6 ("someday"): day "Someday" is not a number (0 = Sunday … 6 = Saturday) or a day's name`,
		"source springfield: imported 4, updated 0, unchanged 0, retired 0, skipped 2",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the import printed:\n%s\nwant %q", out, want)
		}
	}
	if want := `warning: type code "ZZZ" is not a Meeting Guide type (2 meetings, first "cafe"); imported without it`; !strings.Contains(warn, want) {
		t.Errorf("the import warned:\n%s\nwant %q", warn, want)
	}

	// 10,000 rows, every thousandth with a time nobody can read.
	var big []map[string]any
	for i := 1; i <= 10000; i++ {
		r := map[string]any{"slug": fmt.Sprintf("m%05d", i), "name": fmt.Sprintf("Meeting %d", i), "day": i % 7, "time": "18:30",
			"formatted_address": fmt.Sprintf("%d Elm St, Springfield, IL", i), "latitude": "39.78", "longitude": -89.65}
		if i%1000 == 0 {
			r["time"] = "half past six"
		}
		big = append(big, r)
	}
	raw, _ := json.Marshal(big)
	out, _ = imp("meetings", write("county.json", string(raw)), "--timezone", "America/Chicago")
	if !strings.Contains(out, "source county: imported 9990, updated 0, unchanged 0, retired 0, skipped 10") ||
		strings.Count(out, `: time "half past six": use a time like 19:30 or 7:30 PM`) != 10 ||
		!strings.Contains(out, `skipped record 10000 ("m10000")`) {
		t.Fatalf("10,000 rows: the import printed:\n%s", out)
	}

	// A treatment listing as a spreadsheet on Windows saves it: CRLF,
	// Windows-1252, its columns in another order and case, a column that
	// is no service code, a row without a phone, one without coordinates.
	listing, err := charmap.Windows1252.NewEncoder().String(
		"Name1,City,State,Street1,Zip,Latitude,Longitude,Phone,Type Facility,MD,XYZ,SP-Spanish\r\n" +
			"Clínica Esperanza,Charlottesville,VA,1014 East Market Street,22902,38.0282,-78.4725,(434) 979-8871,SA,1,1,1\r\n" +
			"Casa Sin Teléfono,Charlottesville,VA,2 Main St,22902,38.03,-78.48,,SA,0,0,1\r\n" +
			"Nowhere House,Charlottesville,VA,4 Main St,22902,,,434.979.8871,SA,0,0,0\r\n")
	if err != nil {
		t.Fatal(err)
	}
	out, warn = imp("facilities", write("listing.csv", listing))
	for _, want := range []string{
		`skipped line 4 ("Nowhere House"): no latitude and longitude; the finder places each facility by them`,
		"source listing: imported 2, updated 0, unchanged 0, retired 0, skipped 1",
		"warning: the file is not UTF-8; read it as Windows-1252 (Latin-1), as spreadsheets on Windows save it",
		`warning: column "XYZ" is not a FindTreatment service code; the facilities keep it, but the finder cannot search by it`,
	} {
		if !strings.Contains(out+warn, want) {
			t.Errorf("the facility import printed:\n%s%s\nwant %q", out, warn, want)
		}
	}

	url, _ := startServer(t, env)
	page := func(path string) string {
		t.Helper()
		res, err := http.Get(url + path)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d", path, res.StatusCode)
		}
		return testutil.Visible(string(b))
	}
	text := page("/meetings/springfield/cafe")
	for _, want := range []string{"Café & Friends", "St. Mary's Hall", "Back door & up the stairs", "Parking in rear lot", "Open"} {
		if !strings.Contains(text, want) {
			t.Errorf("the meeting's page reads:\n%s\nwant %q", text, want)
		}
	}
	if strings.Contains(text, "&amp;") || strings.Contains(text, "<br>") || strings.Contains(text, "&#39;") {
		t.Errorf("the meeting's page shows markup:\n%s", text)
	}
	// The finder, for a viewer in Chicago: Saturday's meeting at 09:00 by
	// its name; Boston's 21:00 is 20:00 here, and says so.
	if text := page("/meetings?when=sat&tz=America/Chicago&q=Friends"); !strings.Contains(text, "Café & Friends") || !strings.Contains(text, "09:00") {
		t.Errorf("the finder on Saturday reads:\n%s", text)
	}
	if text := page("/meetings?when=wed&tz=America/Chicago&q=Boston"); !strings.Contains(text, "20:00 (") || !strings.Contains(text, "21:00 Eastern Time where it meets") {
		t.Errorf("the finder on Wednesday reads:\n%s", text)
	}
	text = page("/treatment?near=Charlottesville")
	for _, want := range []string{"Clínica Esperanza", "1014 East Market Street", "(434) 979-8871", "Casa Sin Teléfono"} {
		if !strings.Contains(text, want) {
			t.Errorf("the treatment finder near Charlottesville reads:\n%s\nwant %q", text, want)
		}
	}
	if text := page("/meetings/county/m09999"); !strings.Contains(text, "Meeting 9999") || !strings.Contains(text, "18:30") {
		t.Errorf("the 9,999th meeting's page reads:\n%s", text)
	}
}
