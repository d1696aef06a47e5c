package bunstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"time"

	"github.com/kinshiprecovery/kinship/internal/store"
)

// ImportMeetings replaces a source's active meetings in one transaction.
func (s *Store) ImportMeetings(ctx context.Context, source string, ms []store.DirectoryMeeting, at time.Time) (store.ImportCounts, error) {
	var c store.ImportCounts
	err := s.InTx(ctx, func(tx store.Store) error {
		t := tx.(*Store)
		c = store.ImportCounts{}
		existing := map[string]string{} // slug → data, active or retired
		retired := map[string]bool{}
		rows, err := t.w.QueryContext(ctx, "SELECT slug, data, retired_at FROM directory_meetings WHERE source = ?", source)
		if err != nil {
			return wrap(err, "import meetings of %s", source)
		}
		for rows.Next() {
			var slug, data string
			var ret sql.NullInt64
			if err := rows.Scan(&slug, &data, &ret); err != nil {
				rows.Close()
				return wrap(err, "import meetings of %s", source)
			}
			existing[slug], retired[slug] = data, ret.Valid
		}
		rows.Close()
		present := map[string]bool{}
		for i := range ms {
			m := ms[i]
			m.Source = source
			present[m.Slug] = true
			b, err := json.Marshal(m)
			if err != nil {
				return err
			}
			old, known := existing[m.Slug]
			switch {
			case !known:
				_, err = t.w.ExecContext(ctx, "INSERT INTO directory_meetings (source, slug, data, day, attendance, updated_at) VALUES (?, ?, ?, ?, ?, ?)", source, m.Slug, string(b), m.Day, m.Attendance, micros(at))
				c.Imported++
			case old == string(b) && !retired[m.Slug]:
				c.Unchanged++
				continue
			default:
				_, err = t.w.ExecContext(ctx, "UPDATE directory_meetings SET data = ?, day = ?, attendance = ?, retired_at = NULL, updated_at = ? WHERE source = ? AND slug = ?", string(b), m.Day, m.Attendance, micros(at), source, m.Slug)
				c.Updated++
			}
			if err != nil {
				return wrap(err, "import meeting %s/%s", source, m.Slug)
			}
		}
		for slug := range existing {
			if present[slug] || retired[slug] {
				continue
			}
			if _, err := t.w.ExecContext(ctx, "UPDATE directory_meetings SET retired_at = ?, updated_at = ? WHERE source = ? AND slug = ?", micros(at), micros(at), source, slug); err != nil {
				return wrap(err, "retire meeting %s/%s", source, slug)
			}
			c.Retired++
		}
		return nil
	})
	return c, err
}

// ListMeetings returns active meetings, filtered.
func (s *Store) ListMeetings(ctx context.Context, day int, attendance string, limit int) ([]store.DirectoryMeeting, error) {
	q := "SELECT data FROM directory_meetings WHERE retired_at IS NULL"
	var args []any
	if day >= -1 {
		q += " AND day = ?"
		args = append(args, day)
	}
	if attendance != "" {
		q += " AND attendance = ?"
		args = append(args, attendance)
	}
	q += " ORDER BY source, slug LIMIT ?"
	args = append(args, limit)
	rows, err := s.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, wrap(err, "list meetings")
	}
	defer rows.Close()
	var out []store.DirectoryMeeting
	for rows.Next() {
		var data string
		if err := rows.Scan(&data); err != nil {
			return nil, wrap(err, "list meetings")
		}
		var m store.DirectoryMeeting
		if err := json.Unmarshal([]byte(data), &m); err != nil {
			return nil, wrap(err, "decode meeting")
		}
		out = append(out, m)
	}
	return out, wrap(rows.Err(), "list meetings")
}
