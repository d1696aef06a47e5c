package httpapi_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// TestSafetyPlanThroughTheAPI: a mobile client reads and writes the
// safety plan the support page keeps. Nothing written reads as seven empty
// parts and no time; a body leaving a part out is refused naming it, so
// nothing is erased unseen; a part too long is refused by name; the plan
// saved reads back as written (trimmed) with its time; another member
// reads only their own (empty) plan.
func TestSafetyPlanThroughTheAPI(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		e, _ := newEnvWithAdmin(t, db)
		_, aTok := e.signupLogin("amara@example.org", goodPassword, "Amara")
		_, bTok := e.signupLogin("bo@example.org", goodPassword, "Bo")

		empty := e.do("GET", "/api/v1/safety-plan", aTok, nil)
		expectStatus(t, empty, http.StatusOK)
		if p := empty.JSON(t); p["updated_at"] != nil || p["warning_signs"] != "" || p["reasons"] != "" {
			t.Fatalf("a plan never written: %s", empty.Body)
		}
		part := e.do("PUT", "/api/v1/safety-plan", aTok, map[string]any{"warning_signs": "I stop answering my phone"})
		expectStatus(t, part, http.StatusBadRequest)
		for _, n := range []string{"coping", "distractions", "people", "professionals", "safe_place", "reasons"} {
			if !strings.Contains(part.String(), `"`+n+`"`) {
				t.Errorf("a plan missing %s is refused without naming it: %s", n, part.Body)
			}
		}
		plan := map[string]any{"warning_signs": "  I stop answering my phone  ", "coping": "A walk by the lagoon", "distractions": "Chidi's kitchen",
			"people": "Chidi 0803 000 0000", "professionals": "Hope House, 112", "safe_place": "", "reasons": "My daughter"}
		long := map[string]any{}
		for k, v := range plan {
			long[k] = v
		}
		long["coping"] = strings.Repeat("a", 2001)
		tooLong := e.do("PUT", "/api/v1/safety-plan", aTok, long)
		expectStatus(t, tooLong, http.StatusBadRequest)
		if !strings.Contains(tooLong.String(), `"coping"`) {
			t.Errorf("a part too long is refused without naming it: %s", tooLong.Body)
		}
		saved := e.do("PUT", "/api/v1/safety-plan", aTok, plan)
		expectStatus(t, saved, http.StatusOK)
		got := e.do("GET", "/api/v1/safety-plan", aTok, nil).JSON(t)
		if got["warning_signs"] != "I stop answering my phone" || got["people"] != "Chidi 0803 000 0000" || got["reasons"] != "My daughter" ||
			got["safe_place"] != "" || got["updated_at"] == nil {
			t.Fatalf("the plan read back: %v", got)
		}
		if other := e.do("GET", "/api/v1/safety-plan", bTok, nil); strings.Contains(other.String(), "lagoon") || other.JSON(t)["updated_at"] != nil {
			t.Fatalf("Bo reads: %s", other.Body)
		}
	})
}
