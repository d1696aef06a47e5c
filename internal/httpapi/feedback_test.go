package httpapi_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/kinshiprecovery/kinship/internal/testutil"
)

func TestFeedback(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		e, adminTok := newEnvWithAdmin(t, db)
		_, memberTok := e.signupLogin("mo@example.org", goodPassword, "Mo")
		expectStatus(t, e.do("POST", "/api/v1/feedback", "", map[string]string{"message": "The meeting finder helped me tonight.", "contact": "visitor@example.org"}), http.StatusAccepted)
		expectStatus(t, e.do("POST", "/api/v1/feedback", memberTok, map[string]string{"message": "Please add a dark theme."}), http.StatusAccepted)
		expectStatus(t, e.do("POST", "/api/v1/feedback", "", map[string]string{"message": "   "}), http.StatusBadRequest)
		expectStatus(t, e.do("POST", "/api/v1/feedback", "", map[string]string{"message": strings.Repeat("x", 4001)}), http.StatusBadRequest)
		// Members may not read the inbox; the admin must set up two-factor login first.
		expectStatus(t, e.do("GET", "/api/v1/admin/feedback", memberTok, nil), http.StatusForbidden)
		expectStatus(t, e.do("GET", "/api/v1/admin/feedback", "", nil), http.StatusUnauthorized)
		expectStatus(t, e.do("GET", "/api/v1/admin/feedback", adminTok, nil), http.StatusForbidden)
		e.enableMFA(adminTok)
		r := e.do("GET", "/api/v1/admin/feedback", adminTok, nil)
		expectStatus(t, r, http.StatusOK)
		list := r.JSON(t)["items"].([]any)
		if len(list) != 2 || list[0].(map[string]any)["from_display_name"] != "Mo" {
			t.Fatalf("inbox: %s", r.Body)
		}
		// Flooding is throttled.
		var last resp
		for i := 0; i < 10; i++ {
			last = e.do("POST", "/api/v1/feedback", "", map[string]string{"message": "again"})
		}
		expectStatus(t, last, http.StatusTooManyRequests)
	})
}
