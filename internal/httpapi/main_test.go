package httpapi_test

import (
	"os"
	"testing"

	"github.com/kinshiprecovery/kinship/internal/testutil"
	"github.com/kinshiprecovery/kinship/internal/web"
)

// TestMain fails the run when the render guard refused any page, and says
// how many API answers were validated against the OpenAPI document.
func TestMain(m *testing.M) {
	code := m.Run()
	testutil.LogAPICounts("internal/httpapi")
	logFrameCounts()
	os.Exit(web.AfterTests(code))
}
