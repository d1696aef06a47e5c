package bunstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"github.com/kinshiprecovery/kinship/internal/store"
)

// ImportMeetings replaces a source's active meetings in one transaction.
func (s *Store) ImportMeetings(ctx context.Context, source string, ms []store.DirectoryMeeting, at time.Time) (store.ImportCounts, error) {
	rows := make([]directoryRow, len(ms))
	for i := range ms {
		m := ms[i]
		m.Source = source
		b, err := json.Marshal(m)
		if err != nil {
			return store.ImportCounts{}, err
		}
		rows[i] = directoryRow{key: m.Slug, data: string(b), extra: []any{m.Day, m.Attendance}}
	}
	return s.importDirectory(ctx, "directory_meetings", "slug", []string{"day", "attendance"}, source, rows, at)
}

// ImportFacilities replaces a source's active facilities in one transaction.
func (s *Store) ImportFacilities(ctx context.Context, source string, fs []store.DirectoryFacility, at time.Time) (store.ImportCounts, error) {
	rows := make([]directoryRow, len(fs))
	for i := range fs {
		f := fs[i]
		f.Source = source
		b, err := json.Marshal(f)
		if err != nil {
			return store.ImportCounts{}, err
		}
		rows[i] = directoryRow{key: f.ID, data: string(b)}
	}
	return s.importDirectory(ctx, "directory_facilities", "id", nil, source, rows, at)
}

// ListFacilities returns every active facility.
func (s *Store) ListFacilities(ctx context.Context) ([]store.DirectoryFacility, error) {
	rows, err := s.query(ctx, "SELECT data FROM directory_facilities WHERE retired_at IS NULL ORDER BY source, id")
	if err != nil {
		return nil, wrap(err, "list facilities")
	}
	defer rows.Close()
	var out []store.DirectoryFacility
	for rows.Next() {
		var data string
		if err := rows.Scan(&data); err != nil {
			return nil, wrap(err, "list facilities")
		}
		var f store.DirectoryFacility
		if err := json.Unmarshal([]byte(data), &f); err != nil {
			return nil, wrap(err, "decode facility")
		}
		out = append(out, f)
	}
	return out, wrap(rows.Err(), "list facilities")
}

// directoryRow is one imported record: its key, its JSON, and the values
// of the table's extra indexed columns.
type directoryRow struct {
	key   string
	data  string
	extra []any
}

// importDirectory inserts new keys, updates changed ones, revives returned
// ones and retires missing ones of a source, in one transaction. table,
// keyCol and extraCols are constants of this package.
func (s *Store) importDirectory(ctx context.Context, table, keyCol string, extraCols []string, source string, recs []directoryRow, at time.Time) (store.ImportCounts, error) {
	var c store.ImportCounts
	err := s.InTx(ctx, func(tx store.Store) error {
		t := tx.(*Store)
		c = store.ImportCounts{}
		existing := map[string]string{} // key → data, active or retired
		retired := map[string]bool{}
		rows, err := t.w.QueryContext(ctx, "SELECT "+keyCol+", data, retired_at FROM "+table+" WHERE source = ?", source)
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
		cols := append([]string{"source", keyCol, "data", "updated_at"}, extraCols...)
		marks := strings.TrimSuffix(strings.Repeat("?, ", len(cols)), ", ")
		sets := "data = ?, retired_at = NULL, updated_at = ?"
		for _, col := range extraCols {
			sets += ", " + col + " = ?"
		}
		for _, r := range recs {
			present[r.key] = true
			old, known := existing[r.key]
			switch {
			case !known:
				args := append([]any{source, r.key, r.data, micros(at)}, r.extra...)
				_, err = t.w.ExecContext(ctx, "INSERT INTO "+table+" ("+strings.Join(cols, ", ")+") VALUES ("+marks+")", args...)
				c.Imported++
			case old == r.data && !retired[r.key]:
				c.Unchanged++
				continue
			default:
				args := append(append([]any{r.data, micros(at)}, r.extra...), source, r.key)
				_, err = t.w.ExecContext(ctx, "UPDATE "+table+" SET "+sets+" WHERE source = ? AND "+keyCol+" = ?", args...)
				c.Updated++
			}
			if err != nil {
				return wrap(err, "import %s %s/%s", table, source, r.key)
			}
		}
		for key := range existing {
			if present[key] || retired[key] {
				continue
			}
			if _, err := t.w.ExecContext(ctx, "UPDATE "+table+" SET retired_at = ?, updated_at = ? WHERE source = ? AND "+keyCol+" = ?", micros(at), micros(at), source, key); err != nil {
				return wrap(err, "retire %s %s/%s", table, source, key)
			}
			c.Retired++
		}
		if c.Imported+c.Updated+c.Retired == 0 {
			return nil
		}
		_, err = t.w.ExecContext(ctx, `INSERT INTO directory_versions (name, version) VALUES (?, 1)
ON CONFLICT (name) DO UPDATE SET version = directory_versions.version + 1`, table)
		return wrap(err, "bump %s version", table)
	})
	return c, err
}

// DirectoryVersion returns the table's change counter (0 before any import).
func (s *Store) DirectoryVersion(ctx context.Context, table string) (int64, error) {
	var v int64
	err := s.readRow(ctx, "SELECT version FROM directory_versions WHERE name = ?", table).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return v, wrap(err, "directory version of %s", table)
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
	rows, err := s.query(ctx, q, args...)
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

// SaveMeetingSource registers or changes a feed.
func (s *Store) SaveMeetingSource(ctx context.Context, m store.MeetingSource) error {
	_, err := s.w.ExecContext(ctx, `INSERT INTO meeting_sources (name, url, time_zone, last_refresh, last_result) VALUES (?, ?, ?, ?, ?)
ON CONFLICT (name) DO UPDATE SET url = excluded.url, time_zone = excluded.time_zone, last_refresh = excluded.last_refresh, last_result = excluded.last_result`,
		m.Name, m.URL, m.TimeZone, micros(m.LastRefresh), m.LastResult)
	return wrap(err, "save meeting source %s", m.Name)
}

// ListMeetingSources returns every registered feed.
func (s *Store) ListMeetingSources(ctx context.Context) ([]store.MeetingSource, error) {
	rows, err := s.query(ctx, "SELECT name, url, time_zone, last_refresh, last_result FROM meeting_sources ORDER BY name")
	if err != nil {
		return nil, wrap(err, "list meeting sources")
	}
	defer rows.Close()
	var out []store.MeetingSource
	for rows.Next() {
		var m store.MeetingSource
		var at int64
		if err := rows.Scan(&m.Name, &m.URL, &m.TimeZone, &at, &m.LastResult); err != nil {
			return nil, wrap(err, "list meeting sources")
		}
		m.LastRefresh = fromMicros(at)
		out = append(out, m)
	}
	return out, wrap(rows.Err(), "list meeting sources")
}
