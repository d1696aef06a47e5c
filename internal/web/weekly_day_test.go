package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/model"
)

// W11-6 (walk11): Dana scheduled her group's meeting for Tuesday 8
// December, 19:00, "Weekly, on the days below", and ticked no day (the
// date already says Tuesday): she read "Pick at least one day of the
// week". A weekly meeting with no day ticked now meets on its first date's
// day; days ticked are kept as ticked. In English and in Spanish.
func TestAWeeklyMeetingWithNoDayTickedMeetsOnItsFirstDatesDay(t *testing.T) {
	base, a, term := startServerOpts(t, app.Options{Now: func() time.Time { return tuesdayMorning }})
	account(t, a, "admin@example.org", "steady harbor lantern", "Admin", model.RoleSiteAdmin)
	fran := signedUp(t, base, term, "fran@example.org", "Fran", "Pacific", "")
	fran.setUpTwoFactor(a.Now())
	code, text, group := fran.post("/groups", url.Values{"name": {"Evening circle"}, "description": {"We meet on Tuesdays."}, "visibility": {"listed"}})
	if code != http.StatusOK || !strings.HasPrefix(group, "/groups/") {
		t.Fatalf("create group: %d %s %s", code, group, text)
	}
	code, text, _ = fran.post(group+"/meetings", url.Values{"title": {"Tuesday circle"}, "start_local": {"2026-12-08T19:00"}, "time_zone": {"Pacific Time — Los Angeles"},
		"duration_minutes": {"60"}, "freq": {"weekly"}, "interval": {"1"}, "month_week": {"0"}})
	if code != http.StatusOK || strings.Contains(text, "day of the week") {
		t.Fatalf("schedule with no day ticked: %d %s", code, text)
	}
	for _, c := range []struct{ lang, want string }{
		{"en-US,en;q=0.9", "Every week on Tuesday at 7:00 pm Pacific Time"},
		{"es-US,es;q=0.9", "Cada semana (martes), 7:00 p. m. Hora del Pacífico"},
	} {
		if strings.HasPrefix(c.lang, "es") {
			fran.post("/language", url.Values{"lang": {"es"}, "next": {group}})
		}
		if _, text := fran.get(group); !strings.Contains(text, c.want) || !strings.Contains(text, "15 ") {
			t.Errorf("%s: the group reads:\n%s", c.lang, text)
		}
	}
}
