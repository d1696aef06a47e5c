package bunstore_test

import (
	"fmt"
	"testing"

	"github.com/kinshiprecovery/kinship/internal/store/bunstore"
	"github.com/kinshiprecovery/kinship/internal/store/storetest"
	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// A directory search on SQLite finds the same groups, page after page,
// whichever way it reads them: the listing's first groups alone, then the
// rest by their IDs from the trigram index, or the rest along the
// listing when the index finds the words in many groups.
func TestGroupSearchEveryPlan(t *testing.T) {
	for _, p := range []struct{ walk, fewest int }{{100, 400}, {1, 400}, {5, 10}, {5, 0}, {1000, 400}} {
		t.Run(fmt.Sprintf("walk-%d-fewest-%d", p.walk, p.fewest), func(t *testing.T) {
			defer bunstore.SetSearchPlan(p.walk, p.fewest)()
			storetest.GroupSearchPages(t, testutil.OpenStore(t, testutil.DB{Name: "sqlite", DataDir: t.TempDir()}))
		})
	}
}
