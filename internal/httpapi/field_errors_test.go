package httpapi_test

import (
	"net/http"
	"strings"
	"testing"
)

// TestFieldErrorsNameTheField sends, for each 400 that is about one field
// or parameter, a request with that one mistake, and reads the problem a
// client shows: errors names the field, where it was sent, and says in
// words what to change. These answers had no errors list (a client could
// not mark the field), or one message for two fields.
func TestFieldErrorsNameTheField(t *testing.T) {
	h := newHarbor(t)
	e, siteTok, anaID, tok, org, gid := h.e, h.siteTok, h.anaID, h.anaTok, h.org, h.group

	type field struct{ name, in, detail string }
	cases := []struct {
		what, method, path, token string
		body                      any
		want                      []field
	}{
		{"a mentee's check-ins for \"a week\" days", "GET", "/api/v1/mentorships/01J00000000000000000000000/checkins?days=a+week", tok, nil,
			[]field{{"days", "query", "use a number from 1 to 366"}}},
		{"blocking oneself", "POST", "/api/v1/blocks", tok, map[string]string{"user_id": anaID},
			[]field{{"user_id", "body", "this is your own id; choose another member"}}},
		{"an invitation code for 120 days with a 61-character cohort", "POST", "/api/v1/organizations/" + org + "/invitations", tok,
			map[string]any{"days": 120, "cohort": strings.Repeat("s", 61)},
			[]field{{"cohort", "body", "a cohort name has at most 60 characters"}, {"days", "body", "a code lasts at most 90 days"}}},
		{"an invitation code for 120 days", "POST", "/api/v1/organizations/" + org + "/invitations", tok, map[string]any{"days": 120},
			[]field{{"days", "body", "a code lasts at most 90 days"}}},
		{"a facilitator removing herself", "POST", "/api/v1/groups/" + gid + "/members/" + anaID, tok, map[string]string{"action": "remove", "reason": "testing"},
			[]field{{"user", "path", "this is you; to leave the group, use leave"}}},
		{"a cohort plan with no mentees", "POST", "/api/v1/mentorship/cohort/plan", siteTok, map[string]any{"mentee_ids": []string{}},
			[]field{{"mentee_ids", "body", "choose from 1 to 5,000 mentees"}}},
		{"a check-in sent as text", "POST", "/api/v1/checkins", tok, textBody(`{"mood":3,"craving":1,"used":false}`),
			[]field{{"Content-Type", "header", "use application/json (or application/merge-patch+json for PATCH)"}}},
	}
	for _, c := range cases {
		r := e.do(c.method, c.path, c.token, c.body)
		if r.Status != http.StatusBadRequest {
			t.Errorf("%s: status %d, want 400: %s", c.what, r.Status, r.Body)
			continue
		}
		list, _ := problemOf(t, r)["errors"].([]any)
		var got []field
		for _, it := range list {
			f := it.(map[string]any)
			got = append(got, field{f["name"].(string), f["in"].(string), f["detail"].(string)})
		}
		if len(got) != len(c.want) {
			t.Errorf("%s: errors %+v, want %+v", c.what, got, c.want)
			continue
		}
		for i := range got {
			if got[i] != c.want[i] {
				t.Errorf("%s: errors %+v, want %+v", c.what, got, c.want)
			}
		}
	}
}
