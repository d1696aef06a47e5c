package httpapi_test

import (
	"encoding/json"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// documentedSafety lists the answers ("METHOD /path STATUS") whose schema
// in the served document has the "safety" key.
func documentedSafety(t *testing.T, e *env) []string {
	t.Helper()
	var doc struct {
		Paths      map[string]map[string]json.RawMessage `json:"paths"`
		Components struct {
			Schemas map[string]struct {
				Properties map[string]any `json:"properties"`
			} `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(e.do("GET", "/api/v1/openapi.json", "", nil).Body, &doc); err != nil {
		t.Fatal(err)
	}
	var out []string
	for path, ops := range doc.Paths {
		for method, raw := range ops {
			var o struct {
				Responses map[string]struct {
					Content map[string]struct {
						Schema struct {
							Ref        string         `json:"$ref"`
							Properties map[string]any `json:"properties"`
						} `json:"schema"`
					} `json:"content"`
				} `json:"responses"`
			}
			if json.Unmarshal(raw, &o) != nil {
				continue // parameters, not an operation
			}
			for status, r := range o.Responses {
				s := r.Content["application/json"].Schema
				props := s.Properties
				if s.Ref != "" {
					props = doc.Components.Schemas[strings.TrimPrefix(s.Ref, "#/components/schemas/")].Properties
				}
				if _, ok := props["safety"]; ok {
					out = append(out, strings.ToUpper(method)+" "+path+" "+status)
				}
			}
		}
	}
	sort.Strings(out)
	return out
}

// TestSafetyKeyDocumentedWhereReturned: the private safety note ("safety")
// is documented on exactly the answers that carry it: every write whose
// text is safety-checked is sent words of a hard moment, each answer
// carries the note, and the answers documented with the key are those.
func TestSafetyKeyDocumentedWhereReturned(t *testing.T) {
	e, _ := newEnvWithAdmin(t, testutil.DB{Name: "sqlite", DataDir: t.TempDir()})
	fID, fTok := e.signupLogin("fran@example.org", goodPassword, "Fran")
	_, aTok := e.signupLogin("ana@example.org", goodPassword, "Ana")
	const hard = "Cravings are so strong today I can barely stand it"
	var got []string
	send := func(method, pattern, path, tok string, body any, status int) map[string]any {
		t.Helper()
		r := e.do(method, path, tok, body)
		expectStatus(t, r, status)
		m := r.JSON(t)
		note, ok := m["safety"].(map[string]any)
		if !ok || note["level"] == nil {
			t.Fatalf("%s %s: no safety note: %s", method, path, r.Body)
		}
		got = append(got, method+" "+pattern+" "+strconv.Itoa(status))
		return m
	}

	e.enableMFA(fTok)
	expectStatus(t, e.do("PATCH", "/api/v1/me", fTok, map[string]any{"recovery_start": e.clock.Now().AddDate(-3, 0, 0).Format("2006-01-02")}), http.StatusOK)
	send("PATCH", "/api/v1/me/mentorship", "/api/v1/me/mentorship", fTok, map[string]any{"is_mentor": true, "capacity": 2, "offers": hard}, http.StatusOK)
	gid := send("POST", "/api/v1/groups", "/api/v1/groups", fTok, map[string]any{"name": "Evenings", "description": hard, "visibility": "listed"}, http.StatusCreated)["id"].(string)
	send("PATCH", "/api/v1/groups/{id}", "/api/v1/groups/"+gid, fTok, map[string]any{"description": hard + ", still"}, http.StatusOK)
	expectStatus(t, e.do("POST", "/api/v1/groups/"+gid+"/join", aTok, nil), http.StatusOK)
	mid := send("POST", "/api/v1/groups/{id}/messages", "/api/v1/groups/"+gid+"/messages", aTok, map[string]any{"client_id": "m1", "body": hard}, http.StatusCreated)["id"].(string)
	send("PATCH", "/api/v1/messages/{id}", "/api/v1/messages/"+mid, aTok, map[string]any{"body": hard + " tonight"}, http.StatusOK)
	tid := send("POST", "/api/v1/dms", "/api/v1/dms", aTok, map[string]any{"user_id": fID, "client_id": "d1", "body": hard}, http.StatusCreated)["thread"].(map[string]any)["id"].(string)
	send("POST", "/api/v1/dms/{id}/messages", "/api/v1/dms/"+tid+"/messages", aTok, map[string]any{"client_id": "d2", "body": hard}, http.StatusCreated)
	checkin := map[string]any{"mood": 2, "craving": 8, "used": false, "note": hard}
	send("POST", "/api/v1/checkins", "/api/v1/checkins", aTok, checkin, http.StatusCreated)
	send("POST", "/api/v1/checkins", "/api/v1/checkins", aTok, checkin, http.StatusOK)
	send("POST", "/api/v1/feedback", "/api/v1/feedback", aTok, map[string]any{"message": hard}, http.StatusAccepted)
	send("POST", "/api/v1/mentorships", "/api/v1/mentorships", aTok, map[string]any{"mentor_id": fID, "note": hard}, http.StatusCreated)
	pid := send("POST", "/api/v1/posts", "/api/v1/posts", aTok, map[string]any{"kind": "story", "title": "Today", "body": hard}, http.StatusCreated)["id"].(string)
	send("POST", "/api/v1/posts/{id}/comments", "/api/v1/posts/"+pid+"/comments", fTok, map[string]any{"body": hard}, http.StatusCreated)
	send("PATCH", "/api/v1/me", "/api/v1/me", aTok, map[string]any{"bio": hard}, http.StatusOK)
	send("POST", "/api/v1/resources", "/api/v1/resources", aTok, map[string]any{"title": "Warmline", "url": "https://warmline.example.org", "description": hard}, http.StatusCreated)
	// A moderator's first message to the person a crisis-queue item is about.
	_, cTok := e.signupLogin("cy@example.org", goodPassword, "Cy")
	_, modTok := e.moderator("mod@example.org", "Mod")
	expectStatus(t, e.do("POST", "/api/v1/checkins", cTok, map[string]any{"mood": 1, "craving": 2, "used": false,
		"note": "I have been saving up my pills and tonight I will take them all"}), http.StatusCreated)
	var cyFlag string
	for _, it := range e.crisisItems(modTok) {
		if it["member_display_name"] == "Cy" {
			cyFlag = it["id"].(string)
		}
	}
	if cyFlag == "" {
		t.Fatal("the crisis queue should hold Cy's flag")
	}
	send("POST", "/api/v1/moderation/crisis/{id}/message", "/api/v1/moderation/crisis/"+cyFlag+"/message", modTok, map[string]any{"client_id": "c1", "body": hard}, http.StatusCreated)

	sort.Strings(got)
	if want := documentedSafety(t, e); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("answers that carried the note:\n%s\n\nanswers documented with it:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
