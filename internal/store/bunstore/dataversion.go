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
// the file, or when the writer's connection is replaced. Only a change
// means anything. It waits for the writer, which this store holds only
// for a write's moments.
func (s *Store) DataVersion(ctx context.Context) (int64, error) {
	if s.dialect != "sqlite" || s.wdb == nil {
		return 0, ErrNoDataVersion
	}
	var v int64
	// data_version counts from the same number on every new connection,
	// and the writer's is replaced when a statement on it is interrupted:
	// the answer carries the connection's number too, so that another
	// process's commit made before a replacement still changes it (the
	// replacement alone changes it too, and its caller drops what it kept).
	conn, err := s.wdb.DB.Conn(ctx)
	if err != nil {
		return 0, err
	}
	defer conn.Close()
	var serial int64
	if err := conn.Raw(func(dc any) error {
		if wc, ok := dc.(*watchedConn); ok {
			serial = wc.serial
		}
		return nil
	}); err != nil {
		return 0, err
	}
	err = conn.QueryRowContext(ctx, "PRAGMA data_version").Scan(&v)
	v += serial << 32
	if err == nil && s.watch != nil {
		// What another process committed is not watched: the kinds of
		// conversations seen are forgotten (the caller drops the rest).
		s.watch.otherWriter(v)
	}
	return v, err
}
