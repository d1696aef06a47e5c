package bunstore

import (
	"context"
	"errors"
)

// ErrNoDataVersion is DataVersion's answer on PostgreSQL, whose nodes hear
// of each other's changes through the broker.
var ErrNoDataVersion = errors.New("store: data_version is SQLite's")

// DataVersion is SQLite's PRAGMA data_version on the writer's connection:
// a number that changes when another connection — another process (an
// admin command, an import), never this store's own writes — commits to
// the file. Its value means nothing across connections; only a change
// does. It waits for the writer, which this store holds only for a
// write's moments.
func (s *Store) DataVersion(ctx context.Context) (int64, error) {
	if s.dialect != "sqlite" || s.wdb == nil {
		return 0, ErrNoDataVersion
	}
	var v int64
	err := s.wdb.QueryRowContext(ctx, "PRAGMA data_version").Scan(&v)
	if err == nil && s.watch != nil {
		// What another process committed is not watched: the kinds of
		// conversations seen are forgotten (the caller drops the rest).
		s.watch.otherWriter(v)
	}
	return v, err
}
