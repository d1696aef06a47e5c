package web_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/kinshiprecovery/kinship/internal/app"
)

// GET /api/v1/support/resources for a signed-out caller follows the order
// the pages use: the country asked for, else the instance's default
// country, else the old guess from the time zone and browser. On an
// instance whose default is the UK, a visitor in Chicago whose browser asks
// for es-MX reads the UK's lines (999, Samaritans' 116 123), not 988 nor
// Mexico's; asking for MX gives Mexico's.
func TestSignedOutAPILinesFollowTheInstancesCountry(t *testing.T) {
	base, _ := startServerWith(t, app.Options{DefaultCountry: "GB"})
	get := func(query string) (country, first string, body map[string]any) {
		t.Helper()
		req, err := http.NewRequest("GET", base+"/api/v1/support/resources"+query, nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Accept-Language", "es-MX,es;q=0.9")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d", query, res.StatusCode)
		}
		if err := json.NewDecoder(res.Body).Decode(&body); err != nil {
			t.Fatal(err)
		}
		rs, _ := body["resources"].([]any)
		if len(rs) > 0 {
			first, _ = rs[0].(map[string]any)["contact"].(string)
		}
		country, _ = body["country"].(string)
		return country, first, body
	}
	for _, c := range []struct{ query, country, first, has, not string }{
		{"?tz=America/Chicago", "GB", "999", "116 123", "988"},
		{"", "GB", "999", "116 123", "Línea de la Vida"},
		{"?country=MX&tz=America/Chicago", "MX", "911", "Línea de la Vida", "116 123"},
	} {
		country, first, body := get(c.query)
		text := fmt.Sprint(body)
		if country != c.country || first != c.first || !strings.Contains(text, c.has) || strings.Contains(text, c.not) {
			t.Errorf("%q: country %q, first %q; want %q, %q, with %q and without %q: %v", c.query, country, first, c.country, c.first, c.has, c.not, body)
		}
	}
}
