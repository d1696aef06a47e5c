package web_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"reflect"
	"regexp"
	"testing"
)

// walk7: the file the privacy page's "Download my data" gives was not the
// API's export: the profile as stored ("pronouns": "", "languages": null
// where docs/api.md says null and []), and in both the check-ins' times to
// the nanosecond ("2026-12-06T16:13:11.336113458Z") where every instant
// is to the millisecond. Both now write one document.
func TestExportFileIsTheAPIsDocument(t *testing.T) {
	_, _, admin := serverWithAdmin(t)
	ana := admin.next("ana@example.org", "Ana", "America/Los_Angeles")
	if code, _, _ := ana.post("/checkin", url.Values{"mood": {"4"}, "craving": {"2"}, "used": {"false"}, "sleep_hours": {"7,5"}}); code != http.StatusOK {
		t.Fatalf("check-in: %d", code)
	}
	code, page, _ := ana.do("POST", "/settings/export", url.Values{"password": {"willow creek morning"}})
	if code != http.StatusOK {
		t.Fatalf("download: %d %.300s", code, page)
	}
	var file, api map[string]any
	if err := json.Unmarshal([]byte(page), &file); err != nil {
		t.Fatalf("the file is not JSON: %v", err)
	}
	code, raw, _ := ana.do("GET", "/api/v1/me/export", nil)
	if code != http.StatusOK || json.Unmarshal([]byte(raw), &api) != nil {
		t.Fatalf("API export: %d %.300s", code, raw)
	}
	profile := file["profile"].(map[string]any)
	if profile["pronouns"] != nil || profile["bio"] != nil {
		t.Errorf("the file's profile writes what was not given as %q/%q, want null", profile["pronouns"], profile["bio"])
	}
	if l, ok := profile["languages"].([]any); !ok || len(l) != 0 {
		t.Errorf("the file's profile writes no languages as %v, want []", profile["languages"])
	}
	checkins := file["more"].(map[string]any)["checkins"].([]any)
	if len(checkins) != 1 {
		t.Fatalf("the file holds %d check-ins", len(checkins))
	}
	c := checkins[0].(map[string]any)
	ms := regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$`)
	for _, k := range []string{"created_at", "updated_at"} {
		if s, _ := c[k].(string); !ms.MatchString(s) {
			t.Errorf("the check-in's %s is %q, not an instant to the millisecond", k, c[k])
		}
	}
	if c["sleep_hours"] != 7.5 || c["note"] != nil {
		t.Errorf("the check-in reads sleep %v, note %v", c["sleep_hours"], c["note"])
	}
	if !reflect.DeepEqual(file["profile"], api["profile"]) || !reflect.DeepEqual(checkins, api["more"].(map[string]any)["checkins"]) {
		t.Errorf("the file and the API differ:\nfile %v\napi  %v", file["profile"], api["profile"])
	}
}
