package httpapi_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// apiExport is GET /api/v1/me/export with everything but the privacy log
// kept as written, in the API's order, to write it again byte for byte.
type apiExport struct {
	ExportedAt json.RawMessage `json:"exported_at"`
	Account    json.RawMessage `json:"account"`
	Sessions   json.RawMessage `json:"sessions"`
	Audit      []app.AuditView `json:"audit_log"`
	Parts      json.RawMessage `json:"more,omitempty"`
	Profile    json.RawMessage `json:"profile"`
}

// TestAPIExportHoldsTheWholePrivacyLog: the API's export held only the
// newest 200 entries of the privacy log; with 1,101 it holds every one,
// once, in the answer's same form.
func TestAPIExportHoldsTheWholePrivacyLog(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		e, _ := newEnvWithAdmin(t, db)
		jo, tok := e.signupLogin("jo@example.org", goodPassword, "Jo")
		const reads = 1101
		for i := 0; i < reads; i++ {
			en := &model.AuditEntry{ID: fmt.Sprintf("01READ%06d", i), ActorID: "someone-else", SubjectID: jo, Action: "profile_read",
				Fields: []string{fmt.Sprintf("read%d", i)}, At: e.clock.Now().Add(-time.Hour + time.Duration(i/4)*time.Millisecond)}
			if err := e.store.AppendAudit(t.Context(), en); err != nil {
				t.Fatal(err)
			}
		}
		r := e.do("GET", "/api/v1/me/export", tok, nil)
		expectStatus(t, r, http.StatusOK)
		var doc apiExport
		if err := json.Unmarshal(r.Body, &doc); err != nil {
			t.Fatalf("the export is not JSON: %v", err)
		}
		seen := map[string]int{}
		for _, v := range doc.Audit {
			if v.Action == "profile_read" && len(v.Fields) == 1 {
				seen[v.Fields[0]]++
			}
		}
		for i := 0; i < reads; i++ {
			if n := seen[fmt.Sprintf("read%d", i)]; n != 1 {
				t.Errorf("read %d is in the export %d times (of %d entries)", i, n, len(doc.Audit))
			}
		}
		var again bytes.Buffer
		if err := json.NewEncoder(&again).Encode(doc); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(again.Bytes(), r.Body) {
			t.Errorf("the export's form changed: %d bytes written again, %d answered", again.Len(), len(r.Body))
		}
	})
}
