package apiclient_test

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// redoclyVersion is the @redocly/cli that lints the document, from npm.
const redoclyVersion = "2.77.0"

// TestRedoclyLint lints the served document (this package's copy, which
// TestGeneratedClientIsCurrent keeps equal to it) with Redocly's
// recommended rules and the few choices in redocly.yaml at the
// repository's root: no error and no warning is allowed.
func TestRedoclyLint(t *testing.T) {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(root, ".cache", "redocly-cli-"+redoclyVersion)
	bin := filepath.Join(dir, "node_modules", ".bin", "redocly")
	if _, err := os.Stat(bin); err != nil {
		npm, lerr := exec.LookPath("npm")
		if lerr != nil {
			testutil.Unavailable(t, "redocly", "redocly comes from npm: apt-get install npm")
		}
		cmd := exec.Command(npm, "install", "--prefix", dir, "--no-save", "--no-audit", "--no-fund", "--no-package-lock", "@redocly/cli@"+redoclyVersion)
		if out, err := cmd.CombinedOutput(); err != nil {
			testutil.Unavailable(t, "redocly", fmt.Sprintf("npm install @redocly/cli@%s: %v\n%s", redoclyVersion, err, out))
		}
	}
	out := filepath.Join(t.TempDir(), "lint.json")
	cmd := exec.Command(bin, "lint", "--config", filepath.Join(root, "redocly.yaml"), "--format", "json", "--max-problems", "1000", "openapi.json")
	cmd.Env = append(os.Environ(), "REDOCLY_TELEMETRY=off", "REDOCLY_SUPPRESS_UPDATE_NOTICE=true", "NO_COLOR=1")
	raw, _ := cmd.Output() // non-zero when it finds errors; the report says which
	_ = os.WriteFile(out, raw, 0o644)
	var report struct {
		Totals   struct{ Errors, Warnings, Ignored int } `json:"totals"`
		Problems []struct {
			RuleID   string `json:"ruleId"`
			Severity string `json:"severity"`
			Message  string `json:"message"`
			Location []struct {
				Pointer string `json:"pointer"`
			} `json:"location"`
		} `json:"problems"`
	}
	if err := json.Unmarshal(raw, &report); err != nil {
		t.Fatalf("redocly's report is not JSON (%v): %.2000s", err, raw)
	}
	for _, p := range report.Problems {
		where := ""
		if len(p.Location) > 0 {
			where = p.Location[0].Pointer
		}
		t.Errorf("redocly %s %s at %s: %s", p.Severity, p.RuleID, where, p.Message)
	}
	t.Logf("redocly %s: %d errors, %d warnings, %d ignored", redoclyVersion, report.Totals.Errors, report.Totals.Warnings, report.Totals.Ignored)
	if report.Totals.Errors+report.Totals.Warnings > 0 && len(report.Problems) == 0 {
		t.Fatalf("redocly counts problems it did not list: %+v", report.Totals)
	}
}
