package httpapi_test

import (
	"net/http"
	"testing"

	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// walk14 W14-5: a mentee who stops sharing is not one who never shared.
// The mentor's list of their check-ins says sharing: true while they share
// something (with or without check-ins in the days asked) and false once
// they untick everything, with no check-in given.
func TestMenteeCheckinsSayWhetherTheyShare(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		e, _ := newEnvWithAdmin(t, db)
		_, miaTok, _, eliTok, ms := e.activeMentorship(t)
		read := func() (bool, int) {
			t.Helper()
			r := e.do("GET", "/api/v1/mentorships/"+ms+"/checkins", miaTok, nil)
			expectStatus(t, r, http.StatusOK)
			v := r.JSON(t)
			sharing, ok := v["sharing"].(bool)
			if !ok {
				t.Fatalf("no sharing in %s", r.Body)
			}
			return sharing, len(v["checkins"].([]any))
		}
		if sharing, n := read(); !sharing || n != 1 {
			t.Errorf("while Eli shares his mood: sharing %v, %d check-ins", sharing, n)
		}
		expectStatus(t, e.do("PATCH", "/api/v1/mentorships/"+ms, eliTok, map[string]any{"share": map[string]bool{"checkin_done": false, "mood": false, "craving": false, "used": false, "note": false}}), http.StatusOK)
		if sharing, n := read(); sharing || n != 0 {
			t.Errorf("after Eli stopped sharing: sharing %v, %d check-ins", sharing, n)
		}
	})
}
