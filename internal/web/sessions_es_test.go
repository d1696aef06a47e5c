package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/model"
)

// TestSessionsPageInSpanish: a member who chose Spanish reads the devices
// signed in to her account in Spanish: this session, opened by a program
// (Go's HTTP client), is a "Cliente de la API", never "API client".
func TestSessionsPageInSpanish(t *testing.T) {
	base, a, term := startServerOpts(t, app.Options{})
	account(t, a, "admin@example.org", "steady harbor lantern", "Admin", model.RoleSiteAdmin)
	ana := signedUp(t, base, term, "ana@example.org", "Ana", "America/Los_Angeles", "US")
	if code, text, _ := ana.post("/language", url.Values{"lang": {"es"}, "next": {"/settings/security"}}); code != http.StatusOK {
		t.Fatalf("choose Spanish: %d %s", code, text)
	}
	code, text := ana.get("/settings/security")
	if code != http.StatusOK || !strings.Contains(text, "Cliente de la API (este dispositivo)") || strings.Contains(text, "API client") {
		t.Fatalf("the sessions list in Spanish:\n%s", text)
	}
}
