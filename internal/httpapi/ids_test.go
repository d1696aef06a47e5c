package httpapi_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// TestOneIDFormForLinesAndResources: crisis lines and library resources,
// shipped or added, answer with ULIDs, and the ids they had before (us-911,
// r-988, us-<ulid>) still name them in paths and bodies.
func TestOneIDFormForLinesAndResources(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		e, adminTok := newEnvWithAdmin(t, db)
		_, aTok := e.signupLogin("ana@example.org", goodPassword, "Ana")
		e.enableMFA(adminTok)
		isULID := func(id string) bool { return model.CanonicalID(id) == id && len(id) == 26 }

		lines := func() map[string]map[string]any {
			out := map[string]map[string]any{}
			for _, l := range e.do("GET", "/api/v1/admin/crisis-resources", adminTok, nil).JSON(t)["resources"].([]any) {
				m := l.(map[string]any)
				if !isULID(m["id"].(string)) {
					t.Fatalf("a crisis line's id is not a ULID: %v", m)
				}
				out[m["id"].(string)] = m
			}
			return out
		}
		all := lines()
		if l := all[model.SeedID("us-911")]; l == nil || l["contact"] != "911" || l["country"] != "US" {
			t.Fatalf("the US emergency line by its ULID: %v", l)
		}

		// The old readable id changes the shipped line, and makes no other.
		r := e.do("POST", "/api/v1/admin/crisis-resources", adminTok, map[string]any{"id": "us-ctl", "country": "US", "name": "Crisis Text Line",
			"contact": "Text HOME to 741741", "kind": "text", "position": 2, "description": "Text with a trained volunteer, any time."})
		expectStatus(t, r, http.StatusOK)
		if v := r.JSON(t); v["id"] != model.SeedID("us-ctl") || v["description"] != "Text with a trained volunteer, any time." {
			t.Fatalf("the changed line: %s", r.Body)
		}
		if n := len(lines()); n != len(all) {
			t.Fatalf("changing a line by its old id made %d lines of %d", n, len(all))
		}
		// A new line gets a ULID; the "us-<ulid>" form lines had still names it.
		r = e.do("POST", "/api/v1/admin/crisis-resources", adminTok, map[string]any{"country": "US", "name": "Warmline", "contact": "1-800-000-0000", "kind": "call"})
		expectStatus(t, r, http.StatusCreated)
		id := r.JSON(t)["id"].(string)
		if !isULID(id) || r.Header.Get("Location") != "/api/v1/admin/crisis-resources/"+id {
			t.Fatalf("a new line: %s %s", r.Header.Get("Location"), r.Body)
		}
		r = e.do("POST", "/api/v1/admin/crisis-resources", adminTok, map[string]any{"id": "us-" + strings.ToLower(id), "country": "US", "name": "Warmline",
			"contact": "1-800-000-0001", "kind": "call"})
		expectStatus(t, r, http.StatusOK)
		if l := lines()[id]; l == nil || l["contact"] != "1-800-000-0001" {
			t.Fatalf("the warmline changed by its old form: %v", l)
		}
		expectStatus(t, e.do("DELETE", "/api/v1/admin/crisis-resources/us-ctl", adminTok, nil), http.StatusNoContent)
		if _, ok := lines()[model.SeedID("us-ctl")]; ok {
			t.Fatal("the line deleted by its old id is still listed")
		}

		// The library: r-988 still marks and reports the 988 resource.
		expectStatus(t, e.do("POST", "/api/v1/resources/r-988/helped", aTok, nil), http.StatusNoContent)
		found := false
		for _, it := range readPages(t, e, aTok, "/api/v1/resources", 50) {
			if !isULID(it["id"].(string)) {
				t.Fatalf("a library resource's id is not a ULID: %v", it)
			}
			if it["id"] == model.SeedID("r-988") {
				found = true
				if it["title"] != "988 Suicide & Crisis Lifeline" || it["helped"] != float64(1) {
					t.Fatalf("the 988 resource after a mark by its old id: %v", it)
				}
			}
		}
		if !found {
			t.Fatal("the 988 resource is not in the library")
		}
		r = e.do("POST", "/api/v1/reports", aTok, map[string]any{"target_type": "resource", "target_id": "r-988", "reason": "spam"})
		expectStatus(t, r, http.StatusCreated)
		if r.JSON(t)["target_id"] != model.SeedID("r-988") {
			t.Fatalf("a report by the old id: %s", r.Body)
		}
	})
}
