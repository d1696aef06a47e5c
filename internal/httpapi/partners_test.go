package httpapi_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/kinshiprecovery/kinship/internal/testutil"
)

func notifications(t *testing.T, e *env, tok string) []string {
	t.Helper()
	var out []string
	for _, n := range e.do("GET", "/api/v1/notifications", tok, nil).JSON(t)["items"].([]any) {
		out = append(out, n.(map[string]any)["text"].(string))
	}
	return out
}

func countWith(list []string, part string) int {
	n := 0
	for _, s := range list {
		if strings.Contains(s, part) {
			n++
		}
	}
	return n
}

func TestAccountabilityPartners(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		e, _ := newEnvWithAdmin(t, db)
		aID, aTok := e.signupLogin("ash@example.org", goodPassword, "Ash")
		bID, bTok := e.signupLogin("bo@example.org", goodPassword, "Bo")
		_, cTok := e.signupLogin("cy@example.org", goodPassword, "Cy")
		expectStatus(t, e.do("PATCH", "/api/v1/me", aTok, map[string]any{"recovery_start": "2025-01-01", "visibility": map[string]string{"recovery_start": "supporters"}}), http.StatusOK)

		expectStatus(t, e.do("POST", "/api/v1/partners", aTok, map[string]string{"user_id": aID}), http.StatusBadRequest)
		expectStatus(t, e.do("POST", "/api/v1/partners", aTok, map[string]string{"user_id": "01J0000000000000000000NONE"}), http.StatusNotFound)
		r := e.do("POST", "/api/v1/partners", aTok, map[string]string{"user_id": bID})
		expectStatus(t, r, http.StatusCreated)
		pid := r.JSON(t)["id"].(string)
		if r.Header.Get("Location") != "/api/v1/partners/"+pid {
			t.Fatalf("Location %q", r.Header.Get("Location"))
		}
		expectStatus(t, e.do("POST", "/api/v1/partners", aTok, map[string]string{"user_id": bID}), http.StatusConflict)
		if countWith(notifications(t, e, bTok), "invited you") != 1 {
			t.Fatal("Bo was not told about the invitation")
		}
		// Only the invitee answers; strangers cannot even see it.
		expectStatus(t, e.do("POST", "/api/v1/partners/"+pid+"/accept", aTok, nil), http.StatusConflict)
		expectStatus(t, e.do("POST", "/api/v1/partners/"+pid+"/accept", cTok, nil), http.StatusNotFound)
		expectStatus(t, e.do("GET", "/api/v1/partners/"+pid+"/checkins", bTok, nil), http.StatusForbidden)
		// Before accepting, Bo sees Ash's profile as any member.
		if v := e.do("GET", "/api/v1/users/"+aID, bTok, nil).JSON(t); v["recovery_start"] != nil {
			t.Fatalf("supporter field shown before the partnership: %v", v)
		}
		expectStatus(t, e.do("POST", "/api/v1/partners/"+pid+"/accept", bTok, nil), http.StatusOK)
		if v := e.do("GET", "/api/v1/users/"+aID, bTok, nil).JSON(t); v["recovery_start"] != "2025-01-01" {
			t.Fatalf("a partner should see a supporters field: %v", v)
		}

		// Nothing is shared until Ash chooses: Bo sees no check-in of hers.
		expectStatus(t, e.do("POST", "/api/v1/checkins", aTok, map[string]any{"mood": 4, "craving": 9, "used": false}), http.StatusCreated)
		if cs := e.do("GET", "/api/v1/partners/"+pid+"/checkins", bTok, nil).JSON(t)["checkins"].([]any); len(cs) != 0 {
			t.Fatalf("Ash shares nothing yet, but Bo sees %v", cs)
		}
		if n := countWith(notifications(t, e, bTok), "strong craving"); n != 0 {
			t.Fatalf("Bo was told of a craving Ash did not choose to share")
		}
		e.clock.Advance(24 * time.Hour)
		// Ash chooses the suggested sharing: that she checked in and her mood,
		// and a word to Bo after two missed days or a craving of 8 or more.
		expectStatus(t, e.do("PATCH", "/api/v1/partners/"+pid, aTok, map[string]any{"share": map[string]bool{"checkin_done": true, "mood": true}, "rules": map[string]int{"missed_days": 2, "craving_at_least": 8}}), http.StatusOK)
		// A merge patch: what is not sent keeps its value.
		r = e.mergePatch("/api/v1/partners/"+pid, aTok, `{"rules": {"missed_days": 3}}`)
		expectStatus(t, r, http.StatusOK)
		mine := r.JSON(t)["my_choices"].(map[string]any)
		if rules, share := mine["rules"].(map[string]any), mine["share"].(map[string]any); rules["missed_days"] != 3.0 || rules["craving_at_least"] != 8.0 || share["mood"] != true || share["checkin_done"] != true {
			t.Fatalf("unsent choices changed: %s", r.Body)
		}
		expectStatus(t, e.do("PATCH", "/api/v1/partners/"+pid, aTok, map[string]any{"rules": map[string]int{"missed_days": 2}}), http.StatusOK)

		// Bo opts in to notification emails.
		expectStatus(t, e.do("PUT", "/api/v1/me/notification-settings", bTok, map[string]any{"email": "yes"}), http.StatusBadRequest)
		expectStatus(t, e.do("PUT", "/api/v1/me/notification-settings", bTok, map[string]any{"email": true}), http.StatusNoContent)
		mailsBefore := len(e.smtp.Messages())
		// Ash checks in with a strong craving: Bo is told once that day.
		expectStatus(t, e.do("POST", "/api/v1/checkins", aTok, map[string]any{"mood": 2, "craving": 9, "used": false, "note": "rough evening"}), http.StatusCreated)
		expectStatus(t, e.do("POST", "/api/v1/checkins", aTok, map[string]any{"mood": 2, "craving": 10, "used": false, "note": "rough evening"}), http.StatusOK)
		if n := countWith(notifications(t, e, bTok), "strong craving"); n != 1 {
			t.Fatalf("craving alerts: %d, want 1", n)
		}
		// The email says only that something is waiting.
		var toBo *testutil.ParsedMail
		deadline := time.Now().Add(5 * time.Second)
		for toBo == nil && time.Now().Before(deadline) {
			for _, m := range e.smtp.Messages()[mailsBefore:] {
				if m.To[0] == "bo@example.org" {
					pm := testutil.ParseMail(t, m)
					toBo = &pm
				}
			}
			time.Sleep(20 * time.Millisecond)
		}
		if toBo == nil {
			t.Fatal("no notification email to Bo")
		}
		for _, word := range []string{"Ash", "craving", "check"} {
			if strings.Contains(toBo.Subject+toBo.Text, word) {
				t.Errorf("notification email reveals %q: %q / %q", word, toBo.Subject, toBo.Text)
			}
		}
		// Bo sees what Ash chose (that a check-in happened, the mood), nothing else.
		cs := e.do("GET", "/api/v1/partners/"+pid+"/checkins", bTok, nil).JSON(t)["checkins"].([]any)
		c := cs[0].(map[string]any)
		if len(cs) != 2 || c["mood"] == nil || c["craving"] != nil || c["note"] != nil || c["used"] != nil {
			t.Fatalf("shared check-in: %v", c)
		}
		audit := e.do("GET", "/api/v1/me/audit", aTok, nil).JSON(t)["items"].([]any)
		if !strings.Contains(string(e.do("GET", "/api/v1/me/audit", aTok, nil).Body), "partner_checkins_read") || len(audit) == 0 {
			t.Fatal("Bo's read of Ash's check-ins was not audited")
		}
		// Ash shares the note instead of the mood and chooses alerts after one missed day.
		r = e.do("PATCH", "/api/v1/partners/"+pid, aTok, map[string]any{"share": map[string]bool{"checkin_done": true, "note": true, "mood": false}, "rules": map[string]int{"missed_days": 1, "craving_at_least": 0}})
		expectStatus(t, r, http.StatusOK)
		c = e.do("GET", "/api/v1/partners/"+pid+"/checkins", bTok, nil).JSON(t)["checkins"].([]any)[0].(map[string]any)
		if c["note"] != "rough evening" || c["mood"] != nil {
			t.Fatalf("after changing what is shared: %v", c)
		}
		expectStatus(t, e.do("PATCH", "/api/v1/partners/"+pid, aTok, map[string]any{"rules": map[string]int{"missed_days": 30}}), http.StatusBadRequest)

		// Two days without a check-in: Bo is told once per gap.
		e.clock.Advance(3 * 24 * time.Hour)
		for i := 0; i < 2; i++ {
			if _, err := e.app.EvaluateMissedCheckins(t.Context()); err != nil {
				t.Fatal(err)
			}
		}
		if n := countWith(notifications(t, e, bTok), "not checked in"); n != 1 {
			t.Fatalf("missed-check-in alerts: %d, want 1", n)
		}
		// Encouragement, then Ash ends it: Bo's access stops at once.
		expectStatus(t, e.do("POST", "/api/v1/partners/"+pid+"/encourage", bTok, map[string]string{"kind": "with_you"}), http.StatusNoContent)
		expectStatus(t, e.do("POST", "/api/v1/partners/"+pid+"/encourage", bTok, map[string]string{"kind": "nag"}), http.StatusBadRequest)
		if countWith(notifications(t, e, aTok), "with you") != 1 {
			t.Fatal("encouragement not delivered")
		}
		expectStatus(t, e.do("DELETE", "/api/v1/partners/"+pid, aTok, nil), http.StatusNoContent)
		expectStatus(t, e.do("GET", "/api/v1/partners/"+pid+"/checkins", bTok, nil), http.StatusForbidden)
		if v := e.do("GET", "/api/v1/users/"+aID, bTok, nil).JSON(t); v["recovery_start"] != nil {
			t.Fatalf("supporter field still shown after the partnership ended: %v", v)
		}
		if l := e.do("GET", "/api/v1/partners", bTok, nil).JSON(t)["partners"].([]any); len(l) != 0 {
			t.Fatalf("ended partnership still listed: %v", l)
		}
		// Notifications are one's own.
		id := e.do("GET", "/api/v1/notifications", bTok, nil).JSON(t)["items"].([]any)[0].(map[string]any)["id"].(string)
		expectStatus(t, e.do("POST", "/api/v1/notifications/"+id+"/read", cTok, nil), http.StatusNotFound)
		expectStatus(t, e.do("POST", "/api/v1/notifications/"+id+"/read", bTok, nil), http.StatusNoContent)
	})
}
