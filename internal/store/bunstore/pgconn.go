package bunstore

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// On PostgreSQL, bun writes every argument into the statement's text
// itself (a literal, quoted and escaped by the dialect) and hands pgx a
// query with no arguments. pgx's default over database/sql is to prepare
// each query text it has not seen on that connection, keep it in a cache
// of 512 and run it by name: for bun's texts, which differ with every
// value, that was three round trips to PostgreSQL per read (closing a
// statement the cache let go, preparing the new one, running it) where
// one does, and a prepared statement made and dropped in the backend per
// read. Under bench/usersim the two extra round trips were a fifth of
// the node's CPU and the pool's 20 connections were busy with them.
//
// simpleConnector gives such queries (no arguments, as bun's all are)
// PostgreSQL's simple protocol: the text as it is, one round trip. A
// query with arguments (River's, the broker's pg_notify, which pass
// them apart with $1) keeps pgx's cache of prepared statements, whose
// texts repeat.
type simpleConnector struct {
	driver.Connector
}

func (c simpleConnector) Connect(ctx context.Context) (driver.Conn, error) {
	dc, err := c.Connector.Connect(ctx)
	if err != nil {
		return nil, err
	}
	sc, ok := dc.(*stdlib.Conn)
	if !ok {
		dc.Close()
		return nil, fmt.Errorf("store: unexpected PostgreSQL driver connection %T", dc)
	}
	return simpleConn{sc}, nil
}

// simpleConn is pgx's database/sql connection with queries that have no
// arguments sent by the simple protocol; every other method is pgx's.
type simpleConn struct {
	*stdlib.Conn
}

// simpleProtocol, passed to pgx as a query's only argument, is an option
// that tells it to send the query by the simple protocol (pgx takes its
// options from the front of the arguments).
var simpleProtocol = []driver.NamedValue{{Ordinal: 1, Value: pgx.QueryExecModeSimpleProtocol}}

func (c simpleConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	if len(args) == 0 {
		args = simpleProtocol
	}
	return c.Conn.QueryContext(ctx, query, args)
}

// textStyles are the session settings that decide how the simple
// protocol's values (text, not binary) are written, each set to what pgx
// reads exactly: a database or role whose owner chose a European
// DateStyle, the escape bytea_output of older servers or fewer float
// digits would otherwise fail every read of a date or sealed bytes, or
// round coordinates. standard_conforming_strings is how bun's literals
// are read (a backslash as it is), without which pgx refuses the simple
// protocol. Settings sent as a connection opens override the database's
// and the role's.
var textStyles = map[string]string{"DateStyle": "ISO, MDY", "IntervalStyle": "postgres", "bytea_output": "hex", "extra_float_digits": "3",
	"standard_conforming_strings": "on"}

// openPostgresDB opens dsn's pool through simpleConnector.
func openPostgresDB(dsn string) (*sql.DB, error) {
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return nil, err
	}
	for k, v := range textStyles {
		cfg.RuntimeParams[k] = v
	}
	return sql.OpenDB(simpleConnector{stdlib.GetConnector(*cfg)}), nil
}
