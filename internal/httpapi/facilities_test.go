package httpapi_test

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kinshiprecovery/kinship/internal/importer"
	"github.com/kinshiprecovery/kinship/internal/testutil"
)

func TestTreatmentLocator(t *testing.T) {
	f, err := os.Open(filepath.Join("..", "..", "..", "shared", "data", "facilities", "findtreatment-listing-sample.json"))
	if err != nil {
		t.Skipf("facility sample not available beside the repository: %v", err)
	}
	defer f.Close()
	res, err := importer.ParseFacilities(f)
	if err != nil {
		t.Fatal(err)
	}
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		e := newEnv(t, db)
		if _, err := e.app.ImportFacilities(t.Context(), "sample", res); err != nil {
			t.Fatal(err)
		}
		// Near downtown Charlottesville, accepting Medicaid: nearest first.
		r := e.do("GET", "/api/v1/facilities?lat=38.0293&lng=-78.4767&service=MD", "", nil)
		expectStatus(t, r, http.StatusOK)
		body := r.JSON(t)
		fs := body["items"].([]any)
		if len(fs) == 0 || !strings.Contains(body["helpline"].(string), "1-800-662-4357") {
			t.Fatalf("answer: %s", r.Body)
		}
		expectKeys(t, fs[0].(map[string]any), "id", "source", "name", "alternate_name", "street", "city", "state", "postal_code", "phone",
			"intake_phone", "website", "latitude", "longitude", "type", "service_codes", "services", "distance_km")
		last := -1.0
		for _, x := range fs {
			m := x.(map[string]any)
			d := m["distance_km"].(float64)
			if d < last {
				t.Fatalf("not nearest first: %v after %v", d, last)
			}
			last = d
			if !strings.Contains(strings.Join(toStrings(m["service_codes"]), ","), "MD") {
				t.Fatalf("a facility without Medicaid: %v", m["name"])
			}
		}
		// Every facility comes, a page at a time (they were cut at 20).
		all, next, _ := pageOf(t, e.do("GET", "/api/v1/facilities?lat=38.0293&lng=-78.4767&radius_km=1000&limit=20", "", nil))
		rest, end, more := pageOf(t, e.do("GET", "/api/v1/facilities?lat=38.0293&lng=-78.4767&radius_km=1000&limit=20&cursor="+next, "", nil))
		if len(all) != 20 || len(rest) != 10 || end != "" || more || len(fs) >= 30 {
			t.Fatalf("pages of 20 and filtering: %d then %d (more %v) of all, %d with Medicaid", len(all), len(rest), more, len(fs))
		}
		far := e.do("GET", "/api/v1/facilities?lat=34.05&lng=-118.24", "", nil).JSON(t)["items"].([]any)
		if len(far) != 0 {
			t.Fatalf("Los Angeles should find nothing within 80 km of Virginia: %d", len(far))
		}
		// A postal code or a city, looked up offline among the imported places.
		for _, near := range []string{"22902", "Charlottesville,%20VA", "charlottesville"} {
			got := e.do("GET", "/api/v1/facilities?near="+near, "", nil)
			expectStatus(t, got, http.StatusOK)
			if fs := got.JSON(t)["items"].([]any); len(fs) == 0 || fs[0].(map[string]any)["distance_km"].(float64) > 20 {
				t.Fatalf("near %s: %s", near, got.Body)
			}
		}
		expectStatus(t, e.do("GET", "/api/v1/facilities?near=Atlantis", "", nil), http.StatusBadRequest)
		for _, bad := range []string{"service=NOPE", "lat=100&lng=0", "lat=x&lng=1", "lat=38", "radius_km=-1"} {
			expectStatus(t, e.do("GET", "/api/v1/facilities?"+bad, "", nil), http.StatusBadRequest)
		}
		// An unknown service is refused naming the field and the codes the
		// search takes: the FindTreatment vocabulary the import reads, which
		// the document gives as the parameter's enum.
		r = e.do("GET", "/api/v1/facilities?service=BU&service=bup", "", nil)
		expectStatus(t, r, http.StatusBadRequest)
		p := problemOf(t, r)
		codes := "ISC, DT, OP, HI, RES, HH, CO, TELE, METH, BU, NU, PI, MD, NP, MC, PA, SS, SF, MI, ITU, VET, GL, AH, ADLT, CHLD, SP-Spanish, F4-Arabic"
		if d, _ := p["detail"].(string); !strings.HasPrefix(d, `service "bup" is not a FindTreatment service code; use one of `+codes) || !strings.HasSuffix(d, "N40-Yupik") {
			t.Fatalf("unknown service: %s", r.Body)
		}
		if errs, _ := p["errors"].([]any); len(errs) != 1 || errs[0].(map[string]any)["name"] != "service" || errs[0].(map[string]any)["in"] != "query" ||
			!strings.Contains(errs[0].(map[string]any)["detail"].(string), codes) {
			t.Fatalf("unknown service's field: %s", r.Body)
		}
		var doc struct {
			Paths map[string]map[string]struct {
				Parameters []struct {
					Name   string `json:"name"`
					Schema struct {
						Items struct {
							Enum []string `json:"enum"`
						} `json:"items"`
					} `json:"schema"`
				} `json:"parameters"`
			} `json:"paths"`
		}
		if err := json.Unmarshal(e.do("GET", "/api/v1/openapi.json", "", nil).Body, &doc); err != nil {
			t.Fatal(err)
		}
		var enum []string
		for _, prm := range doc.Paths["/api/v1/facilities"]["get"].Parameters {
			if prm.Name == "service" {
				enum = prm.Schema.Items.Enum
			}
		}
		if len(enum) != 49 || !strings.HasPrefix(strings.Join(enum, ", "), codes) {
			t.Fatalf("the document's service codes: %v", enum)
		}
		// The page's search is a GET, so it can be bookmarked and shared; an
		// old posted form is sent there.
		expectStatus(t, e.do("POST", "/treatment", "", formBody("near=22902&service=MD")), http.StatusSeeOther)
		page := e.do("GET", "/treatment?near=22902&service=MD", "", nil)
		expectStatus(t, page, http.StatusOK)
		if !strings.Contains(string(page.Body), "km away") || !strings.Contains(string(page.Body), "1-800-662-4357") {
			t.Fatal("treatment page lacks results or the helpline")
		}
	})
}
