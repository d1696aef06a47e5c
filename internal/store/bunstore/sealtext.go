package bunstore

import (
	"context"
	"encoding/base64"
	"fmt"
	"sort"
	"strings"

	"github.com/kinshiprecovery/kinship/internal/secret"
)

// Short personal text kept in plain columns — post titles, organization
// names and consent purposes — is sealed at rest like the rest of a
// person's words: "sealed:v1:" and the base64 of the value sealed under the
// instance key, bound to its kind and row. Rows written before sealing are
// read as they are and sealed by SealPlainText.
const sealedPrefix = "sealed:v1:"

// SetSealer gives the store the instance key; without it, text is written
// plain (tools that never write these columns).
func (s *Store) SetSealer(b *secret.Box) { s.sealer = b }

func (s *Store) sealText(kind, id, text string) string {
	if s.sealer == nil || text == "" {
		return text
	}
	return sealedPrefix + base64.RawStdEncoding.EncodeToString(s.sealer.Seal([]byte(text), []byte(kind+":"+id)))
}

func (s *Store) openText(kind, id, stored string) (string, error) {
	rest, ok := strings.CutPrefix(stored, sealedPrefix)
	if !ok {
		return stored, nil
	}
	if s.sealer == nil {
		return "", fmt.Errorf("store: %s of %s is sealed and the store has no key", kind, id)
	}
	raw, err := base64.RawStdEncoding.DecodeString(rest)
	if err != nil {
		return "", fmt.Errorf("store: %s of %s: %w", kind, id, err)
	}
	plain, err := s.sealer.Open(raw, []byte(kind+":"+id))
	if err != nil {
		return "", fmt.Errorf("store: open %s of %s: %w", kind, id, err)
	}
	return string(plain), nil
}

// sealedColumns are the columns SealPlainText seals, with their kind.
var sealedColumns = []struct{ table, column, kind string }{
	{"posts", "title", "post-title"},
	{"organizations", "name", "org-name"},
	{"consents", "purpose", "consent-purpose"},
}

// SealPlainText seals every post title, organization name and consent
// purpose still stored plain (written before sealing); running it again
// finds nothing to do. It returns how many values it sealed.
func (s *Store) SealPlainText(ctx context.Context) (int, error) {
	if s.sealer == nil {
		return 0, fmt.Errorf("store: sealing needs the key")
	}
	total := 0
	for _, c := range sealedColumns {
		rows, err := s.w.QueryContext(ctx, "SELECT id, "+c.column+" FROM "+c.table+" WHERE "+c.column+" <> '' AND "+c.column+" NOT LIKE 'sealed:v1:%'")
		if err != nil {
			return total, wrap(err, "find plain %s.%s", c.table, c.column)
		}
		plain := map[string]string{}
		for rows.Next() {
			var id, v string
			if err := rows.Scan(&id, &v); err != nil {
				rows.Close()
				return total, wrap(err, "read plain %s.%s", c.table, c.column)
			}
			plain[id] = v
		}
		rows.Close()
		ids := make([]string, 0, len(plain))
		for id := range plain {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		for _, id := range ids {
			// Only if still plain: a concurrent write may have sealed it.
			if _, err := s.w.ExecContext(ctx, "UPDATE "+c.table+" SET "+c.column+" = ? WHERE id = ? AND "+c.column+" = ?", s.sealText(c.kind, id, plain[id]), id, plain[id]); err != nil {
				return total, wrap(err, "seal %s.%s", c.table, c.column)
			}
			total++
		}
	}
	return total, nil
}
