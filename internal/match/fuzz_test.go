package match

import (
	"testing"

	"github.com/kinshiprecovery/kinship/internal/textin"
)

// FuzzDecodeCohort reads fuzzed cohort files: an error or a cohort whose
// every text passes the boundary's check, never a panic.
func FuzzDecodeCohort(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := DecodeCohort(data)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("an error without a message")
			}
			return
		}
		if e := textin.Check(c); e != nil {
			t.Fatalf("a cohort kept text the boundary refuses: %v", e)
		}
	})
}
