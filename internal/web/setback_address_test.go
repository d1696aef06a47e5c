package web_test

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// TestAReturnToUseIsNotInTheAddress: a person who records a return to use
// reads that it is noted, kindly, once, in their language; the address
// their browser lands on (kept in its history, offered as they type, and
// in any proxy's log) says nothing of it.
func TestAReturnToUseIsNotInTheAddress(t *testing.T) {
	_, a, admin := serverWithAdmin(t)
	ana := admin.next("ana@example.org", "Ana", "America/Los_Angeles")
	la, _ := time.LoadLocation("America/Los_Angeles")
	today := a.Now().In(la)
	if code, text, _ := ana.post("/profile", url.Values{"display_name": {"Ana"}, "time_zone": {"America/Los_Angeles"}, "country": {"US"},
		"recovery_start": {today.AddDate(0, 0, -100).Format("2006-01-02")}}); code != http.StatusOK {
		t.Fatalf("profile: %d %s", code, text)
	}
	setback := func(daysAgo int) (string, string) {
		t.Helper()
		form := url.Values{"date": {today.AddDate(0, 0, -daysAgo).Format("2006-01-02")}}
		req, _ := http.NewRequest("POST", ana.base+"/recovery/returns", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Accept-Language", ana.lang)
		res, err := ana.c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("recording a return to use: %d %s", res.StatusCode, readable(string(b)))
		}
		return res.Request.URL.RequestURI(), readable(string(b))
	}
	for _, c := range []struct{ lang, noted string }{
		{"en", "Noted. A setback does not erase your progress; your cumulative time is kept."},
		{"es", "Anotado. Un tropiezo no borra tu progreso; tu tiempo total se conserva."},
	} {
		if c.lang == "es" {
			ana.speak("es")
		}
		at, text := setback(map[string]int{"en": 10, "es": 5}[c.lang])
		if at != "/checkin" {
			t.Errorf("%s: after a return to use the browser's address is %q, want /checkin alone", c.lang, at)
		}
		if !strings.Contains(text, c.noted) {
			t.Errorf("%s: the check-in page after a return to use does not say %q: %s", c.lang, c.noted, text)
		}
		if _, again := ana.get("/checkin"); strings.Contains(again, c.noted) {
			t.Errorf("%s: the check-in page says %q again when opened again", c.lang, c.noted)
		}
	}
}
