package main

import (
	"os"
	"testing"

	"github.com/kinshiprecovery/kinship/internal/web"
)

// TestMain fails the run when the render guard refused any page, and
// removes the binary the process tests built.
func TestMain(m *testing.M) {
	code := web.AfterTests(m.Run())
	removeBinary()
	os.Exit(code)
}
