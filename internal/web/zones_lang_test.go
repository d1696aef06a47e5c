package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/model"
)

// TestSpanishReaderReadsZonesAndCountriesInSpanish: a Spanish reader's
// meeting finder and profile name time zones and countries as CLDR names
// them in Spanish, and what they choose from those lists is kept as the
// zone and country it names.
func TestSpanishReaderReadsZonesAndCountriesInSpanish(t *testing.T) {
	base, a, term := startServerOpts(t, app.Options{Now: func() time.Time { return tuesdayMorning }})
	account(t, a, "admin@example.org", "steady harbor lantern", "Admin", model.RoleSiteAdmin)
	// A visitor in Los Angeles whose browser prefers Spanish.
	v := newPerson(t, base)
	v.lang = "es-US,es;q=0.9"
	v.setZoneCookie("America/Los_Angeles")
	code, text := v.get("/meetings?when=tonight")
	if code != http.StatusOK || !strings.Contains(text, "Hora del Pacífico (Los Ángeles)") || strings.Contains(text, "Pacific Time") {
		t.Fatalf("the finder in Spanish names the zone:\n%.1200s", text)
	}
	// Without a zone from the browser, UTC by its Spanish name.
	w := newPerson(t, base)
	w.lang = "es"
	if _, text = w.get("/meetings"); !strings.Contains(text, "Hora universal coordinada (UTC)") || strings.Contains(text, "Coordinated Universal Time") {
		t.Fatalf("no zone, in Spanish:\n%.800s", text)
	}
	// The zone list offered is in Spanish.
	_, page, _ := w.do("GET", "/meetings?tz=Pacific", nil)
	if !strings.Contains(page, `<option value="Hora central (Ciudad de México)">`) || strings.Contains(page, `<option value="Central Time (Mexico City)">`) {
		t.Fatal("the finder's zone list is not in Spanish")
	}
	// A label from the Spanish list is read back as its zone.
	if _, text = w.get("/meetings?when=tonight&tz=" + url.QueryEscape("Hora oriental (Nueva York)")); !strings.Contains(text, "Hora oriental (Nueva York)") {
		t.Fatalf("a Spanish label typed in:\n%.800s", text)
	}

	// A member who chose Spanish: the profile's zone and country.
	ana := signedUp(t, base, term, "ana@example.org", "Ana", "America/Los_Angeles", "US")
	if code, text, _ := ana.post("/language", url.Values{"lang": {"es"}, "next": {"/profile"}}); code != http.StatusOK {
		t.Fatalf("choose Spanish: %d %s", code, text)
	}
	_, page, _ = ana.do("GET", "/profile", nil)
	for _, want := range []string{`value="Hora del Pacífico (Los Ángeles)"`, `<option value="US" selected>Estados Unidos</option>`, `<option value="MX">México</option>`,
		`<option value="Hora de Reino Unido (Londres)"`} {
		if !strings.Contains(page, want) {
			t.Errorf("the Spanish profile lacks %s", want)
		}
	}
	if strings.Contains(page, "Pacific Time") || strings.Contains(page, ">United States<") {
		t.Error("the Spanish profile names the zone or country in English")
	}
	// She moves to Mexico City, choosing both from the Spanish lists.
	code, text, _ = ana.post("/profile", url.Values{"display_name": {"Ana"}, "time_zone": {"Hora central (Ciudad de México)"}, "country": {"MX"}})
	if code != http.StatusOK {
		t.Fatalf("save profile: %d %s", code, text)
	}
	_, page, _ = ana.do("GET", "/profile", nil)
	if !strings.Contains(page, `value="Hora central (Ciudad de México)"`) || !strings.Contains(page, `<option value="MX" selected>México</option>`) {
		t.Fatalf("the saved zone and country are not shown as chosen:\n%s", readable(page))
	}
	u, err := a.Store().FindUserByEmail(context.Background(), "ana@example.org")
	if err != nil {
		t.Fatal(err)
	}
	me, err := a.GetMe(app.WithActor(context.Background(), &app.Actor{User: u}))
	if err != nil {
		t.Fatal(err)
	}
	if me.Profile.TimeZone != "America/Mexico_City" || me.Profile.Country != "MX" {
		t.Fatalf("stored %q, %q", me.Profile.TimeZone, me.Profile.Country)
	}
}
