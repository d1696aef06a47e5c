package importer

import (
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"
)

// TestFacilityCSVQuirks reads listing CSVs as spreadsheets save them
// (review12 R12-9 to R12-11): Windows line endings, Windows-1252 text,
// columns in another order and case, a column that is not a service code,
// missing phones and coordinates.
func TestFacilityCSVQuirks(t *testing.T) {
	rows := "Name1,City,State,Street1,Zip,Latitude,Longitude,Phone,Type Facility,MD,XYZ,sp-spanish\r\n" +
		"Clínica Esperanza,Charlottesville,VA,1 Calle Mayor,22902,38.03,-78.47,(434) 979-8871,SA,1,1,1\r\n" +
		"No Phone House,Charlottesville,VA,2 Main St,22902,38.03,-78.48,,SA,0,0,0\r\n" +
		"No Coordinates,Charlottesville,VA,4 Main St,22902,,,434.979.8871 x12,SA,0,0,0\r\n"
	latin, err := charmap.Windows1252.NewEncoder().String(rows)
	if err != nil {
		t.Fatal(err)
	}
	for name, text := range map[string]string{"UTF-8": rows, "Windows-1252": latin} {
		res, err := ParseFacilities(strings.NewReader(text))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(res.Facilities) != 2 {
			t.Fatalf("%s: facilities %+v, skipped %+v", name, res.Facilities, res.Skipped)
		}
		f := res.Facilities[0]
		if f.Name != "Clínica Esperanza" || f.Street != "1 Calle Mayor" || f.City != "Charlottesville" || f.Phone != "(434) 979-8871" ||
			f.Type != "SA" || strings.Join(f.Codes, ",") != "MD,XYZ,SP-Spanish" || f.Latitude != 38.03 {
			t.Errorf("%s: first facility %+v", name, f)
		}
		if p := res.Facilities[1]; p.Name != "No Phone House" || p.Phone != "" || strings.ContainsRune(p.Type, '\r') {
			t.Errorf("%s: second facility %+v", name, p)
		}
		if len(res.Skipped) != 1 || res.Skipped[0].Position != 4 ||
			res.Skipped[0].Reason != "no latitude and longitude; the finder places each facility by them" {
			t.Errorf("%s: skipped %+v", name, res.Skipped)
		}
		want := `column "XYZ" is not a FindTreatment service code; the facilities keep it, but the finder cannot search by it`
		if name == "Windows-1252" {
			want = "the file is not UTF-8; read it as Windows-1252 (Latin-1), as spreadsheets on Windows save it\n" + want
		}
		if got := strings.Join(res.Warnings, "\n"); got != want {
			t.Errorf("%s: warnings\n%s\nwant\n%s", name, got, want)
		}
	}
	// A UTF-8 file with one broken row stays UTF-8: the row is reported.
	res, err := ParseFacilities(strings.NewReader("name1,latitude,longitude\nCafé Clinic,38,-78\nBad \xe9 Clinic,38,-78\n"))
	if err != nil || len(res.Facilities) != 1 || res.Facilities[0].Name != "Café Clinic" || len(res.Skipped) != 1 || len(res.Warnings) != 0 {
		t.Errorf("UTF-8 with a broken row: %v %+v", err, res)
	}
	// Without a column it needs, the file is refused, saying which.
	_, err = ParseFacilities(strings.NewReader("name1,city,state\nA,B,C\n"))
	if err == nil || !strings.Contains(err.Error(), "the header has no latitude or longitude column; a listing CSV needs name1, latitude and longitude") {
		t.Errorf("no coordinates' columns: %v", err)
	}
}

// TestFacilityCSVBySemicolonsOrTabs: a spreadsheet where the comma is the
// decimal mark saves "CSV" with semicolons ("38,03" for 38.03), and some
// exports use tabs: both are read, with a warning that says how, rather
// than refused for a header with no name1 column.
func TestFacilityCSVBySemicolonsOrTabs(t *testing.T) {
	for name, c := range map[string]struct{ text, warning string }{
		"semicolons": {"name1;city;state;zip;latitude;longitude;phone;MD\r\n" +
			"Clínica Esperanza, Sede Centro;Guadalajara;JAL;44100;20,6767;-103,3475;33 1234 5678;1\r\n" +
			"Sin Coordenadas;Guadalajara;JAL;44100;;;;0\r\n",
			"the columns are separated by semicolons, not commas; read them so, and a comma in a latitude or longitude as its decimal mark"},
		"tabs": {"name1\tcity\tstate\tzip\tlatitude\tlongitude\tphone\tMD\n" +
			"Clínica Esperanza, Sede Centro\tGuadalajara\tJAL\t44100\t20.6767\t-103.3475\t33 1234 5678\t1\n" +
			"Sin Coordenadas\tGuadalajara\tJAL\t44100\t\t\t\t0\n",
			"the columns are separated by tabs, not commas; read them so, and a comma in a latitude or longitude as its decimal mark"},
	} {
		res, err := ParseFacilities(strings.NewReader(c.text))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(res.Facilities) != 1 {
			t.Fatalf("%s: facilities %+v, skipped %+v", name, res.Facilities, res.Skipped)
		}
		if f := res.Facilities[0]; f.Name != "Clínica Esperanza, Sede Centro" || f.City != "Guadalajara" || f.Latitude != 20.6767 || f.Longitude != -103.3475 ||
			f.Phone != "33 1234 5678" || strings.Join(f.Codes, ",") != "MD" {
			t.Errorf("%s: %+v", name, f)
		}
		if len(res.Skipped) != 1 || res.Skipped[0].Slug != "Sin Coordenadas" || res.Skipped[0].Position != 3 {
			t.Errorf("%s: skipped %+v", name, res.Skipped)
		}
		if strings.Join(res.Warnings, "|") != c.warning {
			t.Errorf("%s: warnings %q", name, res.Warnings)
		}
	}
	// A comma file keeps its point decimals, and a comma in a coordinate is
	// still no coordinate there.
	res, err := ParseFacilities(strings.NewReader("name1,latitude,longitude\nA,\"20,6\",\"-103,3\"\nB,20.6,-103.3\n"))
	if err != nil || len(res.Facilities) != 1 || res.Facilities[0].Name != "B" || len(res.Skipped) != 1 || len(res.Warnings) != 0 {
		t.Fatalf("comma file: %+v, %v", res, err)
	}
}
