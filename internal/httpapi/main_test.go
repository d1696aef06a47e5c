package httpapi_test

import (
	"os"
	"testing"

	"github.com/kinshiprecovery/kinship/internal/web"
)

// TestMain fails the run when the render guard refused any page.
func TestMain(m *testing.M) { os.Exit(web.AfterTests(m.Run())) }
