package main

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// TestLinksPrintedNotLogged runs a server without SMTP: the confirmation
// and reset links reach its operator plainly on standard error, and no line
// of the structured (JSON) log holds a link or a token.
func TestLinksPrintedNotLogged(t *testing.T) {
	url, _ := startServer(t, map[string]string{"KINSHIP_DATA_DIR": t.TempDir(), "KINSHIP_LOG_FORMAT": "json", "KINSHIP_LOG_LEVEL": "debug"})
	if st, m := api(t, "POST", url+"/api/v1/auth/signup", "", map[string]string{"email": "local@example.org", "password": "tidal lantern forest", "display_name": "Local"}); st != http.StatusCreated {
		t.Fatalf("signup: %d %v", st, m)
	}
	confirm := printedLink(t, url, "local@example.org", "/verify-email?token=")
	if st, m := api(t, "POST", url+"/api/v1/auth/password-reset", "", map[string]string{"email": "local@example.org"}); st != http.StatusAccepted {
		t.Fatalf("reset: %d %v", st, m)
	}
	reset := printedLink(t, url, "local@example.org", "/password-reset/confirm?token=")
	v, _ := terminals.Load(url)
	logLines := 0
	for _, line := range strings.Split(v.(*testutil.SyncBuffer).String(), "\n") {
		var entry map[string]any
		if json.Unmarshal([]byte(line), &entry) != nil {
			continue // the printed email, not the log
		}
		logLines++
		for _, secret := range []string{"token=", confirm[strings.Index(confirm, "token=")+6:], reset[strings.Index(reset, "token=")+6:]} {
			if strings.Contains(line, secret) {
				t.Errorf("the structured log holds %q: %s", secret, line)
			}
		}
	}
	if logLines == 0 {
		t.Fatal("no structured log lines were captured")
	}
}
