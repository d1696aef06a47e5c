package importer

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestFacilitySample(t *testing.T) {
	f, err := os.Open(filepath.Join("..", "..", "..", "shared", "data", "facilities", "findtreatment-listing-sample.json"))
	if err != nil {
		t.Skipf("facility sample not available beside the repository: %v", err)
	}
	defer f.Close()
	res, err := ParseFacilities(f)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Facilities) != 30 || len(res.Skipped) != 0 {
		t.Fatalf("%d facilities, skipped %+v", len(res.Facilities), res.Skipped)
	}
	first := res.Facilities[0]
	if first.Name != "Region Ten Community Services Board" || first.Latitude < 38 || first.Longitude > -78 || first.City != "Charlottesville" {
		t.Fatalf("first facility: %+v", first)
	}
	medicaid := 0
	for _, x := range res.Facilities {
		for _, c := range x.Codes {
			if c == "MD" {
				medicaid++
				break
			}
		}
	}
	if medicaid == 0 || !has(first.Codes, "MD") || !has(first.Codes, "PI") || !has(first.Codes, "SF") {
		t.Fatalf("payment codes not mapped: first %v, %d with Medicaid", first.Codes, medicaid)
	}
}

func TestFacilityCSV(t *testing.T) {
	header := "name1,name2,street1,street2,city,state,zip,county,phone,intake1,intake2,website,latitude,longitude,type_facility,MD,BU,SP-Spanish\n"
	csvText := header +
		"Harbor House,,1 Main St,,Dover,DE,19901,Kent,302-555-0100,,,https://example.org,39.158,-75.524,SA,1,1,0\n" +
		"No Coordinates,,2 Main St,,Dover,DE,19901,Kent,302-555-0101,,,,north,-75.5,SA,1,0,0\n" +
		"Short Row,,3 Main St\n" +
		"\"Broken \"quote\",,4 Main,,Dover,DE,19901,Kent,,,,,39,-75,SA,0,0,1\n" +
		"Casa Nueva,,5 Main St,,Dover,DE,19901,Kent,302-555-0103,,,,39.16,-75.53,SA,0,0,1\n"
	res, err := ParseFacilities(strings.NewReader(csvText))
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Facilities) != 2 || res.Facilities[0].Name != "Harbor House" || !has(res.Facilities[0].Codes, "MD") || !has(res.Facilities[0].Codes, "BU") || !has(res.Facilities[1].Codes, "SP-Spanish") {
		t.Fatalf("facilities %+v", res.Facilities)
	}
	if len(res.Skipped) != 3 {
		t.Fatalf("skipped %+v", res.Skipped)
	}
	reasons := ""
	for _, s := range res.Skipped {
		reasons += s.Reason + "|"
		if s.Position < 3 {
			t.Errorf("skipped line %d: lines start after the header", s.Position)
		}
	}
	for _, want := range []string{"not coordinates", "columns, the header has", "quot"} {
		if !strings.Contains(reasons, want) {
			t.Errorf("no reason mentioning %q in %s", want, reasons)
		}
	}
	for _, bad := range []string{"", "name,city\nA,B\n", "name1,name2,street1\n", `{"nope": 1}`} {
		if _, err := ParseFacilities(strings.NewReader(bad)); err == nil {
			t.Errorf("unreadable %q accepted", bad)
		}
	}
}
