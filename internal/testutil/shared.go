package testutil

import (
	"os"
	"path/filepath"
	"testing"
)

// SharedData returns the path of a file of real data kept in shared/data
// beside the repository (the Meeting Guide feeds, FindTreatment samples),
// looking up from the test's directory, so that it is found from a
// worktree too; the test is skipped, saying which, when it is not there.
func SharedData(t testing.TB, parts ...string) string {
	t.Helper()
	dir, _ := filepath.Abs(".")
	for {
		p := filepath.Join(append([]string{dir, "shared", "data"}, parts...)...)
		if _, err := os.Stat(p); err == nil {
			return p
		}
		up := filepath.Dir(dir)
		if up == dir {
			t.Skipf("real data %s not available beside the repository", filepath.Join(parts...))
		}
		dir = up
	}
}
