package httpapi_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/kinshiprecovery/kinship/internal/testutil"
)

func TestMentorshipLifecycle(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		e, adminTok := newEnvWithAdmin(t, db)
		mID, mTok := e.signupLogin("mia@example.org", goodPassword, "Mia")
		eID, eTok := e.signupLogin("eli@example.org", goodPassword, "Eli")
		e2ID, e2Tok := e.signupLogin("ena@example.org", goodPassword, "Ena")
		start := e.clock.Now().AddDate(-3, 0, 0).Format("2006-01-02")

		// Mia may mentor only with two-factor login and a year in recovery.
		mentor := map[string]any{"is_mentor": true, "capacity": 1, "availability": []string{"tue-evening", "thu-evening"}, "offers": "I raised two kids in early recovery.", "family": "young-children"}
		expectStatus(t, e.do("PATCH", "/api/v1/me/mentorship", mTok, mentor), http.StatusForbidden)
		e.enableMFA(mTok)
		r := e.do("PATCH", "/api/v1/me/mentorship", mTok, mentor)
		expectStatus(t, r, http.StatusForbidden)
		if !strings.Contains(r.String(), "recovery start") {
			t.Fatalf("the refusal says what is missing: %s", r.Body)
		}
		expectStatus(t, e.do("PATCH", "/api/v1/me", mTok, map[string]any{"recovery_start": start, "languages": []string{"en", "es"}, "pathways": []string{"medication-supported"}, "time_zone": "America/Chicago"}), http.StatusOK)
		expectStatus(t, e.do("PATCH", "/api/v1/me/mentorship", mTok, mentor), http.StatusOK)
		// Only what is sent changes: a new capacity leaves mentoring on.
		r = e.mergePatch("/api/v1/me/mentorship", mTok, `{"capacity": 2}`)
		expectStatus(t, r, http.StatusOK)
		if s := r.JSON(t); s["is_mentor"] != true || s["capacity"] != 2.0 || len(s["availability"].([]any)) != 2 || s["offers"] != "I raised two kids in early recovery." {
			t.Fatalf("capacity alone changed more: %s", r.Body)
		}
		expectStatus(t, e.do("PATCH", "/api/v1/me/mentorship", mTok, map[string]any{"capacity": 1}), http.StatusOK)
		// Bad settings are refused with the field named.
		for _, bad := range []map[string]any{{"capacity": -1}, {"availability": []string{"someday"}}, {"age": 300}} {
			r := e.do("PATCH", "/api/v1/me/mentorship", mTok, bad)
			expectStatus(t, r, http.StatusBadRequest)
			if len(problemFields(t, r)) == 0 {
				t.Fatalf("no field named: %s", r.Body)
			}
		}

		// Eli gets Mia suggested, with reasons he can read.
		expectStatus(t, e.do("PATCH", "/api/v1/me", eTok, map[string]any{"languages": []string{"es"}, "pathways": []string{"medication-supported"}, "time_zone": "America/Chicago",
			"bio": "Dad of two", "visibility": map[string]string{"bio": "supporters"}}), http.StatusOK)
		expectStatus(t, e.do("PATCH", "/api/v1/me/mentorship", eTok, map[string]any{"availability": []string{"tue-evening"}, "family": "young-children", "require": map[string]any{"language": true}}), http.StatusOK)
		sug := e.do("GET", "/api/v1/mentorship/suggestions", eTok, nil).JSON(t)["suggestions"].([]any)
		if len(sug) != 1 || sug[0].(map[string]any)["mentor_id"] != mID || len(sug[0].(map[string]any)["reasons"].([]any)) == 0 {
			t.Fatalf("suggestions: %v", sug)
		}
		if l := e.do("GET", "/api/v1/mentorship/suggestions?language=fr", eTok, nil).JSON(t)["suggestions"].([]any); len(l) != 0 {
			t.Fatalf("filter by language: %v", l)
		}
		expectStatus(t, e.do("POST", "/api/v1/mentorships", eTok, map[string]string{"mentor_id": eID}), http.StatusBadRequest)
		r = e.do("POST", "/api/v1/mentorships", eTok, map[string]string{"mentor_id": mID, "note": "Hi Mia, I'd love a guide for evenings."})
		expectStatus(t, r, http.StatusCreated)
		ms := r.JSON(t)["id"].(string)
		expectStatus(t, e.do("POST", "/api/v1/mentorships", eTok, map[string]string{"mentor_id": mID}), http.StatusConflict)
		// Capacity is enforced: Ena cannot ask while Mia's one place is taken.
		expectStatus(t, e.do("POST", "/api/v1/mentorships", e2Tok, map[string]string{"mentor_id": mID}), http.StatusConflict)
		expectStatus(t, e.do("POST", "/api/v1/mentorships/"+ms+"/status", eTok, map[string]string{"action": "accept"}), http.StatusConflict)
		expectStatus(t, e.do("POST", "/api/v1/mentorships/"+ms+"/status", mTok, map[string]string{"action": "wave"}), http.StatusBadRequest)
		if v := e.do("POST", "/api/v1/mentorships/"+ms+"/status", mTok, map[string]string{"action": "accept"}).JSON(t); v["status"] != "active" || v["note"] == "" {
			t.Fatalf("accepted: %v", v)
		}
		if !strings.Contains(e.do("GET", "/api/v1/notifications", eTok, nil).String(), "they are your mentor now") {
			t.Fatal("the mentee was not told")
		}

		// Eli shares his mood; Mia sees it (audited), and his supporters-only bio.
		expectStatus(t, e.do("PATCH", "/api/v1/mentorships/"+ms, eTok, map[string]any{"share": map[string]bool{"checkin_done": true, "mood": true}}), http.StatusOK)
		expectStatus(t, e.do("PATCH", "/api/v1/mentorships/"+ms, mTok, map[string]any{"share": map[string]bool{"note": true}}), http.StatusForbidden)
		expectStatus(t, e.do("POST", "/api/v1/checkins", eTok, map[string]any{"mood": 4, "craving": 2, "used": false, "note": "private note"}), http.StatusCreated)
		cs := e.do("GET", "/api/v1/mentorships/"+ms+"/checkins", mTok, nil)
		expectStatus(t, cs, http.StatusOK)
		if !strings.Contains(cs.String(), `"mood":4`) || strings.Contains(cs.String(), "private note") || strings.Contains(cs.String(), "craving") {
			t.Fatalf("the mentor sees only what is shared: %s", cs.Body)
		}
		if e.do("GET", "/api/v1/users/"+eID, mTok, nil).JSON(t)["bio"] != "Dad of two" {
			t.Fatal("an active mentor is a supporter")
		}
		if !strings.Contains(e.do("GET", "/api/v1/me/audit", eTok, nil).String(), "mentor_checkins_read") {
			t.Fatal("the mentor's read is not audited")
		}
		// Each reads the entry from their side: Eli's is about him, by Mia;
		// Mia's is what she did, naming Eli, so a client can say "You read
		// the check-ins Eli shares with you".
		read := func(tok string) map[string]any {
			for _, it := range e.do("GET", "/api/v1/me/audit", tok, nil).JSON(t)["items"].([]any) {
				if it := it.(map[string]any); it["action"] == "mentor_checkins_read" {
					return it
				}
			}
			t.Fatal("no mentor_checkins_read entry")
			return nil
		}
		if it := read(eTok); it["reader_role"] != "subject" || it["actor_display_name"] != "Mia" || it["subject_display_name"] != nil {
			t.Fatalf("Eli's entry: %v", it)
		}
		if it := read(mTok); it["reader_role"] != "actor" || it["subject_id"] != eID || it["subject_display_name"] != "Eli" {
			t.Fatalf("Mia's entry: %v", it)
		}
		// They talk privately without a request.
		thread := e.do("POST", "/api/v1/dms", mTok, map[string]string{"user_id": eID, "body": "How did tonight go?"}).JSON(t)["thread"].(map[string]any)
		if thread["pending"] == true {
			t.Fatalf("a mentor's message should not be a request: %v", thread)
		}

		// Eli ends it with one click: Mia's access stops that instant.
		if v := e.do("POST", "/api/v1/mentorships/"+ms+"/status", eTok, map[string]string{"action": "end"}).JSON(t); v["status"] != "ended" || v["ended_by"] != "mentee" {
			t.Fatalf("ended: %v", v)
		}
		expectStatus(t, e.do("GET", "/api/v1/mentorships/"+ms+"/checkins", mTok, nil), http.StatusForbidden)
		if e.do("GET", "/api/v1/users/"+eID, mTok, nil).JSON(t)["bio"] != nil {
			t.Fatal("the bio is still visible after the end")
		}
		expectStatus(t, e.do("POST", "/api/v1/mentorships/"+ms+"/status", mTok, map[string]string{"action": "end"}), http.StatusConflict)
		// Once Eli blocks her, Mia's log no longer names him.
		expectStatus(t, e.do("POST", "/api/v1/blocks", eTok, map[string]string{"user_id": mID}), http.StatusCreated)
		if it := read(mTok); it["reader_role"] != "actor" || it["subject_display_name"] != nil {
			t.Fatalf("Mia's entry names whom she is blocked by: %v", it)
		}
		expectStatus(t, e.do("DELETE", "/api/v1/blocks/"+mID, eTok, nil), http.StatusNoContent)
		// Rematch: Mia has room again for Eli or Ena.
		if l := e.do("GET", "/api/v1/mentorship/suggestions", e2Tok, nil).JSON(t)["suggestions"].([]any); len(l) != 1 {
			t.Fatalf("rematch: %v", l)
		}

		// An organization plans a cohort; bad people are listed, the rest plans.
		cohort := map[string]any{"mentors": []map[string]any{{"id": "m1", "languages": []string{"en"}, "capacity": 1, "time_zone": "UTC", "availability": []string{"mon-evening"}},
			{"id": "m2", "languages": []string{"es"}, "capacity": -1}},
			"mentees": []map[string]any{{"id": "e1", "languages": []string{"en"}, "time_zone": "UTC", "availability": []string{"mon-evening"}, "require": map[string]any{"language": true}},
				{"id": "e2", "languages": []string{"fr"}, "time_zone": "UTC", "require": map[string]any{"language": true}}}}
		expectStatus(t, e.do("POST", "/api/v1/mentorship/cohort/plan", eTok, map[string]any{"cohort": cohort}), http.StatusForbidden)
		e.enableMFA(adminTok)
		p := e.do("POST", "/api/v1/mentorship/cohort/plan", adminTok, map[string]any{"cohort": cohort, "method": "optimal"})
		expectStatus(t, p, http.StatusOK)
		plan := p.JSON(t)
		if len(plan["assignments"].([]any)) != 1 || len(plan["unassigned"].([]any)) != 1 || len(plan["problems"].([]any)) != 1 {
			t.Fatalf("plan: %s", p.Body)
		}
		expectStatus(t, e.do("POST", "/api/v1/mentorship/cohort/plan", adminTok, map[string]any{"cohort": cohort, "method": "random"}), http.StatusBadRequest)
		// Sending pairs: each succeeds or fails alone.
		res := e.do("POST", "/api/v1/mentorship/cohort/send", adminTok, map[string]any{"assignments": []map[string]string{{"mentee_id": eID, "mentor_id": mID}, {"mentee_id": "nobody", "mentor_id": mID}}})
		results := res.JSON(t)["results"].([]any)
		sent, failed := results[0].(map[string]any), results[1].(map[string]any)
		if sent["mentee_id"] != eID || sent["mentor_id"] != mID || sent["mentorship_id"] == nil || sent["error"] != nil ||
			failed["mentee_id"] != "nobody" || failed["mentorship_id"] != nil || failed["error"] == nil {
			t.Fatalf("cohort send: %s", res.Body)
		}
		// The plan's assignments, sent back as they are, are sent.
		back := e.do("POST", "/api/v1/mentorship/cohort/send", adminTok, map[string]any{"assignments": []any{
			map[string]any{"mentee_id": e2ID, "mentor_id": mID, "score": 50.5, "reasons": []string{"speaks English"}}}})
		if got := back.JSON(t)["results"].([]any)[0].(map[string]any); got["mentee_id"] != e2ID || got["mentor_id"] != mID {
			t.Fatalf("cohort send of a plan's assignment: %s", back.Body)
		}
	})
}
