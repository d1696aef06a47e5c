package httpapi_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// spanishMonths are the months as Spanish writes them in a date.
var spanishMonths = []string{"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"}

// TestConsentDayIsTheDayChosenInEveryZone (walk5 W5-12): Camila, in
// Santiago, consented "until 6 March"; she moved her zone to Adelaide and
// her consents read "to 7 March": only the instant it ends (23:59:59 of
// that day in Santiago) was kept, shown as a day in her zone of the
// moment. The days she chose are kept as days: her consents page, the
// API, the staff member reading her data from a zone behind hers, and the
// notice she gets when discharged all read the day she chose, in English
// and in Spanish, after she moves from Santiago to the far side of the
// date line. The consent still ends at the end of that day in Santiago.
func TestConsentDayIsTheDayChosenInEveryZone(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		e, siteTok := newEnvWithAdmin(t, db)
		org, avaTok, camID, camTok := e.programClient(siteTok, "cam@example.org", "Camila", "America/Santiago")
		expectStatus(t, e.do("PATCH", "/api/v1/me", avaTok, map[string]any{"time_zone": "Pacific/Pago_Pago"}), http.StatusOK)

		santiago, _ := time.LoadLocation("America/Santiago")
		today := e.clock.Now().In(santiago)
		last := time.Date(today.Year(), today.Month(), today.Day()+5, 0, 0, 0, 0, time.UTC)
		lastDay := last.Format("2006-01-02")
		en := last.Format("2 January 2006")
		es := last.Format("2") + " de " + spanishMonths[last.Month()-1] + " de " + last.Format("2006")
		c := e.do("POST", "/api/v1/consents", camTok, map[string]any{"org_id": org, "data": []string{"checkins"}, "purpose": "my counsellor follows my week",
			"starts_at": today.Format("2006-01-02"), "ends_at": lastDay})
		expectStatus(t, c, http.StatusCreated)

		// She moves to Kiritimati (UTC+14): 23:59:59 in Santiago is the next
		// day there.
		expectStatus(t, e.do("PATCH", "/api/v1/me", camTok, map[string]any{"time_zone": "Pacific/Kiritimati"}), http.StatusOK)
		if got := e.do("GET", "/api/v1/consents", camTok, nil).JSON(t)["items"].([]any)[0].(map[string]any)["ends_at"]; got != lastDay {
			t.Errorf("after moving to Kiritimati, the API's ends_at is %v, want %s", got, lastDay)
		}
		page := func(tok, path, lang string) string {
			t.Helper()
			r := e.getIn(path, tok, lang)
			expectStatus(t, r, http.StatusOK)
			return testutil.Visible(r.String())
		}
		data := "/organizations/" + org + "/members/" + camID
		for _, c := range []struct{ lang, consents, staff string }{
			{"en", "to " + en + ".", "Camila shares this with you until " + en + "."},
			{"es", "al " + es + ".", "Camila te lo comparte hasta el " + es + "."},
		} {
			if text := page(camTok, "/consents", c.lang); !strings.Contains(text, c.consents) {
				t.Errorf("%s: Camila's consents, read in Kiritimati, do not end %q:\n%s", c.lang, c.consents, text)
			}
			// Ava reads from Pago Pago (UTC-11), where the instant it ends
			// is still that day's evening: the same day, and not by chance.
			if text := page(avaTok, data, c.lang); !strings.Contains(text, c.staff) {
				t.Errorf("%s: Ava, in Pago Pago, does not read %q:\n%s", c.lang, c.staff, text)
			}
		}
		if got := e.do("GET", "/api/v1/organizations/"+org+"/members/"+camID+"/data", avaTok, nil).JSON(t)["until"]; got != lastDay {
			t.Errorf("the API's until for staff: %v, want %s", got, lastDay)
		}

		// Discharged, she is told the consent still runs, to that day.
		expectStatus(t, e.do("POST", "/api/v1/organizations/"+org+"/members/"+camID+"/discharge", avaTok, nil), http.StatusOK)
		for lang, day := range map[string]string{"en": en, "es": es} {
			if text := page(camTok, "/notifications", lang); !strings.Contains(text, day) {
				t.Errorf("%s: the discharge notice does not name %s:\n%s", lang, day, text)
			}
		}

		// It still ends at the end of that day in Santiago.
		end := time.Date(last.Year(), last.Month(), last.Day(), 23, 59, 0, 0, santiago)
		e.clock.Advance(end.Sub(e.clock.Now()))
		api := "/api/v1/organizations/" + org + "/members/" + camID + "/data"
		expectStatus(t, e.do("GET", api, avaTok, nil), http.StatusOK)
		e.clock.Advance(2 * time.Minute)
		expectStatus(t, e.do("GET", api, avaTok, nil), http.StatusForbidden)
	})
}
