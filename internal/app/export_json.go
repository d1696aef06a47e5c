package app

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"

	"github.com/kinshiprecovery/kinship/internal/store"
)

// exportAuditPage is how many entries of the privacy log an export reads
// at a time: a long log (a moderator's years of crisis-queue reads) is
// written page by page, never held whole.
const exportAuditPage = 500

// auditKey is how the export's privacy log begins in its JSON. Inside a
// JSON string every quote is escaped, so these bytes can only be a key.
var auditKey = []byte(`"audit_log":`)

// WriteJSON writes v, the export itself or a value holding it as its
// own, as encoding/json would with the given indent ("" for compact) and
// a trailing newline, reading the privacy log page by page as it writes
// it: the document holds every entry however long the log is. ctx must
// carry the export's owner, as for ExportMe. An error reading the log
// after writing began leaves the document unfinished (never valid JSON
// that lacks entries); the caller should drop the connection.
func (ex *Export) WriteJSON(ctx context.Context, w io.Writer, v any, indent string) error {
	first := ex.Audit
	ex.Audit = nil // marks where the log goes: "audit_log": null
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", indent)
	err := enc.Encode(v)
	ex.Audit = first
	if err != nil {
		return err
	}
	doc := buf.Bytes()
	at := bytes.Index(doc, auditKey)
	if at < 0 {
		return fmt.Errorf("export: %T holds no audit_log", v)
	}
	null := at + len(auditKey)
	if indent != "" {
		null++ // the space after the colon
	}
	if !bytes.HasPrefix(doc[null:], []byte("null")) {
		return fmt.Errorf("export: audit_log not where it was marked")
	}
	lineStart := bytes.LastIndexByte(doc[:at], '\n') + 1
	keyIndent := string(doc[lineStart:at])
	if _, err := w.Write(doc[:null]); err != nil {
		return err
	}
	n := 0
	entry := func(e AuditView) error {
		var b []byte
		var err error
		sep := ","
		if n == 0 {
			sep = "["
		}
		if indent == "" {
			b, err = json.Marshal(e)
		} else {
			sep += "\n" + keyIndent + indent
			b, err = json.MarshalIndent(e, keyIndent+indent, indent)
		}
		if err != nil {
			return err
		}
		n++
		if _, err := io.WriteString(w, sep); err != nil {
			return err
		}
		_, err = w.Write(b)
		return err
	}
	for _, e := range first {
		if err := entry(e); err != nil {
			return err
		}
	}
	for after := ex.auditRest; after != (store.Keyset{}); {
		var page []AuditView
		page, after, err = ex.app.AuditPage(ctx, PageRequest{Limit: exportAuditPage, After: after})
		if err != nil {
			return err
		}
		for _, e := range page {
			if err := entry(e); err != nil {
				return err
			}
		}
	}
	end := "]"
	switch {
	case n == 0:
		end = "[]"
	case indent != "":
		end = "\n" + keyIndent + "]"
	}
	if _, err := io.WriteString(w, end); err != nil {
		return err
	}
	_, err = w.Write(doc[null+len("null"):])
	return err
}
