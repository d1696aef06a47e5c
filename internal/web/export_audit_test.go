package web_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/store"
)

// exportDoc is the downloaded export with everything but the privacy log
// kept as written, to write it again and compare byte for byte. The file
// is the API's document (TestExportFileIsTheAPIsDocument), whose profile,
// in the API's forms, comes last.
type exportDoc struct {
	ExportedAt json.RawMessage `json:"exported_at"`
	Account    json.RawMessage `json:"account"`
	Sessions   json.RawMessage `json:"sessions"`
	Audit      []app.AuditView `json:"audit_log"`
	Parts      json.RawMessage `json:"more,omitempty"`
	Profile    json.RawMessage `json:"profile"`
}

// TestExportHoldsTheWholePrivacyLog: the download held only the newest
// 200 entries of a person's privacy log. Bo's log holds 1,234 reads by a
// moderator (more than two of the pages the export reads at a time), some
// at the same instant; the export downloaded in English and in Spanish
// holds every one, once, newest first, in the document's same form.
func TestExportHoldsTheWholePrivacyLog(t *testing.T) {
	s := startServerParts(t, app.Options{}, nil)
	_, bo := cast(t, s.app)
	kate := account(t, s.app, "kate@example.org", "quiet willow harbor", "Kate", model.RoleModerator)
	const reads = 1234
	start := s.app.Now().Add(-48 * time.Hour)
	for i := 0; i < reads; i++ {
		e := &model.AuditEntry{ID: fmt.Sprintf("01READ%06d", i), ActorID: kate.ID, SubjectID: bo.ID, Action: "profile_read",
			Fields: []string{fmt.Sprintf("read%d", i)}, At: start.Add(time.Duration(i/3) * time.Second)}
		if err := s.store.AppendAudit(t.Context(), e); err != nil {
			t.Fatal(err)
		}
	}
	all, err := s.store.ListAudit(t.Context(), bo.ID, store.Keyset{}, 100000)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ lang, wrong string }{
		{"en", "There is a problem That password is not right"},
		{"es", "Hay un problema Esa contraseña no es correcta"},
	} {
		p := newPerson(t, s.base)
		p.lang = c.lang
		if code, text, _ := p.post("/login", url.Values{"email": {"bo@example.org"}, "password": {"cobalt river stone"}}); code != http.StatusOK {
			t.Fatalf("%s: sign in: %d %s", c.lang, code, text)
		}
		if code, text, _ := p.post("/settings/export", url.Values{"password": {"not my password"}}); code == http.StatusOK || !strings.Contains(text, c.wrong) {
			t.Errorf("%s: a wrong password: %d, want %q in %.600s", c.lang, code, c.wrong, text)
		}
		code, body, _ := p.do("POST", "/settings/export", url.Values{"password": {"cobalt river stone"}})
		if code != http.StatusOK {
			t.Fatalf("%s: export: %d %s", c.lang, code, body)
		}
		var doc exportDoc
		if err := json.Unmarshal([]byte(body), &doc); err != nil {
			t.Fatalf("%s: the export is not JSON: %v\n%s", c.lang, err, body[max(0, len(body)-400):])
		}
		// Every entry up to the download, and not the download's own
		// record (nor the earlier language's: it came after).
		if len(doc.Audit) < len(all) {
			t.Fatalf("%s: the export holds %d entries of the log's %d", c.lang, len(doc.Audit), len(all))
		}
		seen := map[string]int{}
		for i, e := range doc.Audit {
			if i > 0 && e.At.After(doc.Audit[i-1].At.Time) {
				t.Errorf("%s: entry %d (%s) is newer than the one before it", c.lang, i, e.At.Time)
			}
			if e.Action == "profile_read" && e.ActorID == kate.ID && len(e.Fields) == 1 {
				seen[e.Fields[0]]++
			}
		}
		for i := 0; i < reads; i++ {
			if n := seen[fmt.Sprintf("read%d", i)]; n != 1 {
				t.Errorf("%s: Kate's read %d is in the export %d times", c.lang, i, n)
			}
		}
		// The same form as ever: indented by two spaces, fields in order.
		var again bytes.Buffer
		enc := json.NewEncoder(&again)
		enc.SetIndent("", "  ")
		if err := enc.Encode(doc); err != nil {
			t.Fatal(err)
		}
		if again.String() != body {
			t.Errorf("%s: the export's form changed:\n%s", c.lang, firstDifference(again.String(), body))
		}
	}
}

// firstDifference shows where two documents part.
func firstDifference(want, got string) string {
	i := 0
	for i < len(want) && i < len(got) && want[i] == got[i] {
		i++
	}
	return fmt.Sprintf("at byte %d:\nwant …%s…\ngot  …%s…", i, want[max(0, i-120):min(len(want), i+120)], got[max(0, i-120):min(len(got), i+120)])
}
