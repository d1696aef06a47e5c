package bunstore

import (
	"context"
	"database/sql/driver"
	"fmt"
)

// passConn is a SQLite driver connection that passes every call database/sql
// makes on to the driver's own. The store's wrappers (readerConn, which keeps
// the readers' statements, and watchedConn, which tells what the writer's
// commits touched) embed it and keep only what each adds.
type passConn struct{ driver.Conn }

// newPassConn wraps conn, which must have every method database/sql uses
// when it is there (a driver update that drops one would otherwise turn
// those calls into slower or unsupported ones unseen); role says what the
// wrapper makes of it ("a reader", "watched") in the error, and conn is
// closed on failure.
func newPassConn(conn driver.Conn, role string) (passConn, error) {
	_, ok1 := conn.(driver.ConnBeginTx)
	_, ok2 := conn.(driver.ConnPrepareContext)
	_, ok3 := conn.(driver.ExecerContext)
	_, ok4 := conn.(driver.QueryerContext)
	_, ok5 := conn.(driver.Pinger)
	_, ok6 := conn.(driver.SessionResetter)
	_, ok7 := conn.(driver.Validator)
	if !ok1 || !ok2 || !ok3 || !ok4 || !ok5 || !ok6 || !ok7 {
		conn.Close()
		return passConn{}, fmt.Errorf("store: the SQLite driver's connection %T cannot be %s", conn, role)
	}
	return passConn{conn}, nil
}

func (c passConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	return c.Conn.(driver.ConnBeginTx).BeginTx(ctx, opts)
}

func (c passConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	return c.Conn.(driver.ConnPrepareContext).PrepareContext(ctx, query)
}

func (c passConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	return c.Conn.(driver.ExecerContext).ExecContext(ctx, query, args)
}

func (c passConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	return c.Conn.(driver.QueryerContext).QueryContext(ctx, query, args)
}

func (c passConn) Ping(ctx context.Context) error { return c.Conn.(driver.Pinger).Ping(ctx) }

func (c passConn) ResetSession(ctx context.Context) error {
	return c.Conn.(driver.SessionResetter).ResetSession(ctx)
}

func (c passConn) IsValid() bool { return c.Conn.(driver.Validator).IsValid() }
