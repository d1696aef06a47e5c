package bunstore

import (
	"bytes"
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"sync"
	"sync/atomic"
)

// The SQLite store's kept reads (readRow, query) run on the reader's
// driver connection directly, under database/sql's pool: each reader
// connection keeps its own prepared statements, and a read takes a
// connection (waiting as long as its caller's context lets it), runs its
// statement, reads its rows into one slice and gives the connection back
// before its caller scans them.
//
// Why: under bench/usersim database/sql's work around each statement
// cost as much as a quarter of SQLite's own: *sql.Stmt finds its
// connection's statement under a lock on every call, *sql.Rows starts a
// goroutine and a cancellable context for every query to close it if
// the caller's context ends, Scan converts each column through
// reflection, and the driver starts a goroutine of its own per statement
// to interrupt it (BENCHMARKS.md, "Capacity, fifteenth round"). A kept
// read is an indexed lookup or a page of a list; once it has its
// connection it runs to its end (a few milliseconds at most) whatever
// its caller's context does, so an interrupted statement never costs the
// connection and every statement prepared on it.

// readerConnector opens the readers' connections as readerConns.
type readerConnector struct {
	driver.Connector
	// prepares counts the statements the readers prepared; statements,
	// those they ran.
	prepares, statements *atomic.Int64
}

// Connect opens a reader connection.
func (c readerConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.Connector.Connect(ctx)
	if err != nil {
		return nil, err
	}
	pc, err := newPassConn(conn, "a reader")
	if err != nil {
		return nil, err
	}
	return &readerConn{passConn: pc, stmts: map[string]driver.Stmt{}, prepares: c.prepares, statements: c.statements}, nil
}

// readerConn is a reader connection with its kept statements. database/sql
// lends a connection to one caller at a time, so stmts needs no lock.
type readerConn struct {
	passConn
	stmts map[string]driver.Stmt
	dest  []driver.Value // a row's values as the driver gives them
	// prepares counts the statements prepared, statements those run (the
	// connector's).
	prepares, statements *atomic.Int64
}

// QueryContext runs a statement database/sql hands the connection itself
// (one not kept, outside a transaction), counted.
func (c *readerConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	c.statements.Add(1)
	return c.passConn.QueryContext(ctx, query, args)
}

// Close finalizes the kept statements, then closes the connection.
func (c *readerConn) Close() error {
	for q, st := range c.stmts {
		st.Close()
		delete(c.stmts, q)
	}
	return c.Conn.Close()
}

// read runs query on the connection (its kept statement when keep) and
// appends up to max rows (0: all) to out.
func (c *readerConn) read(query string, keep bool, args []driver.NamedValue, max int, out *readRows) (err error) {
	// Not the caller's context: see the file's comment.
	ctx := context.Background()
	c.statements.Add(1)
	st := c.stmts[query]
	if st == nil {
		if st, err = c.PrepareContext(ctx, query); err != nil {
			return err
		}
		c.prepares.Add(1)
		if keep {
			c.stmts[query] = st
		} else {
			defer st.Close()
		}
	}
	rows, err := st.(driver.StmtQueryContext).QueryContext(ctx, args)
	if err != nil {
		return err
	}
	out.cols = len(rows.Columns())
	if cap(c.dest) < out.cols {
		c.dest = make([]driver.Value, out.cols)
	}
	dest := c.dest[:out.cols]
	for max == 0 || out.n < max {
		if err = rows.Next(dest); err != nil {
			break
		}
		if out.vals == nil {
			out.vals = getVals()
		}
		out.vals = append(out.vals, dest...)
		out.n++
	}
	clear(dest)
	if err == io.EOF {
		err = nil
	}
	if cerr := rows.Close(); err == nil {
		err = cerr
	}
	return err
}

// errNotReader is read's answer on a connection that is not a readerConn.
var errNotReader = errors.New("store: not a reader connection")

// readDirect runs a read on a reader connection (see the file's comment):
// keep says whether its statement is kept on the connection.
func (s *Store) readDirect(ctx context.Context, query string, keep bool, max int, args []any) (*readRows, error) {
	named := make([]driver.NamedValue, len(args))
	for i, a := range args {
		v, err := driverValue(a)
		if err != nil {
			return nil, fmt.Errorf("store: argument %d: %w", i+1, err)
		}
		named[i] = driver.NamedValue{Ordinal: i + 1, Value: v}
	}
	out := &readRows{}
	for try := 0; ; try++ {
		conn, err := s.rdb.DB.Conn(ctx)
		if err != nil {
			return nil, err
		}
		err = conn.Raw(func(dc any) error {
			rc, ok := dc.(*readerConn)
			if !ok {
				return errNotReader
			}
			return rc.read(query, keep, named, max, out)
		})
		conn.Close()
		// A connection found broken is closed by database/sql: again on
		// another, as database/sql retries its own.
		if errors.Is(err, driver.ErrBadConn) && try < 2 {
			*out = readRows{}
			continue
		}
		if err != nil {
			return nil, err
		}
		return out, nil
	}
}

// driverValue is a statement's argument as database/sql gives it to the
// driver.
func driverValue(a any) (driver.Value, error) {
	switch v := a.(type) {
	case nil, string, int64, []byte, bool, float64:
		return v, nil
	case int:
		return int64(v), nil
	}
	if vr, ok := a.(driver.Valuer); ok {
		return vr.Value()
	}
	return driver.DefaultParameterConverter.ConvertValue(a)
}

// readRows are a read's rows, read whole, or database/sql's rows
// (PostgreSQL, a transaction, or a statement the store does not keep).
type readRows struct {
	sr         *sql.Rows
	cols, n, i int
	vals       []driver.Value // n rows of cols values
	err        error
}

// Next moves to the next row.
func (r *readRows) Next() bool {
	if r.sr != nil {
		return r.sr.Next()
	}
	if r.i >= r.n {
		return false
	}
	r.i++
	return true
}

// Scan copies the row's columns into dest, as database/sql's Scan does.
func (r *readRows) Scan(dest ...any) error {
	if r.sr != nil {
		return r.sr.Scan(dest...)
	}
	if r.i == 0 || r.i > r.n {
		return errors.New("sql: Scan called without calling Next")
	}
	if len(dest) != r.cols {
		return fmt.Errorf("sql: expected %d destination arguments in Scan, not %d", r.cols, len(dest))
	}
	row := r.vals[(r.i-1)*r.cols : r.i*r.cols]
	for i, d := range dest {
		if err := assign(d, row[i]); err != nil {
			return fmt.Errorf(`sql: Scan error on column index %d: %w`, i, err)
		}
	}
	return nil
}

// Close ends the rows: database/sql's, or the values read go back to
// be used again (what Scan copied out of them is the caller's).
func (r *readRows) Close() error {
	if r.sr != nil {
		return r.sr.Close()
	}
	r.i = r.n
	putVals(r.vals)
	r.vals = nil
	return nil
}

// vals are the slices that rows' values are read into, used again.
var vals = sync.Pool{New: func() any { return new([]driver.Value) }}

func getVals() []driver.Value { return (*vals.Get().(*[]driver.Value))[:0] }

// maxKeptVals bounds a slice kept to be used again.
const maxKeptVals = 4096

func putVals(v []driver.Value) {
	if v == nil || cap(v) > maxKeptVals {
		return
	}
	clear(v)
	v = v[:0]
	vals.Put(&v)
}

// Err is the error that ended the rows.
func (r *readRows) Err() error {
	if r.sr != nil {
		return r.sr.Err()
	}
	return r.err
}

// readRow is a single-row read not yet run: Scan runs it.
type readRow struct {
	s     *Store
	ctx   context.Context
	query string
	args  []any
}

// Scan runs the read and copies its first row into dest; sql.ErrNoRows
// when it has none.
func (r *readRow) Scan(dest ...any) error {
	rows, err := r.s.readDirect(r.ctx, r.query, true, 1, r.args)
	if err != nil {
		return err
	}
	defer rows.Close()
	if !rows.Next() {
		return sql.ErrNoRows
	}
	return rows.Scan(dest...)
}

// assign stores a driver's value in a Scan destination. The destinations
// the store reads into are assigned here directly; whatever else, and a
// value of another type, through database/sql's own conversion (its
// Null types' Scan), so that every answer is the one database/sql gives.
func assign(dest any, v driver.Value) error {
	switch d := dest.(type) {
	case *string:
		if s, ok := v.(string); ok {
			*d = s
			return nil
		}
		return viaNull(d, v)
	case *int64:
		if n, ok := v.(int64); ok {
			*d = n
			return nil
		}
		return viaNull(d, v)
	case *int:
		if n, ok := v.(int64); ok && int64(int(n)) == n {
			*d = int(n)
			return nil
		}
		return viaNull(d, v)
	case *bool:
		if n, ok := v.(int64); ok && (n == 0 || n == 1) {
			*d = n == 1
			return nil
		}
		return viaNull(d, v)
	case *[]byte:
		// The driver's blobs are the caller's own copies.
		if b, ok := v.([]byte); ok || v == nil {
			*d = b
			return nil
		}
		return viaNull(d, v)
	case *float64:
		if f, ok := v.(float64); ok {
			*d = f
			return nil
		}
		return viaNull(d, v)
	case *any:
		*d = v
		return nil
	case *sql.NullString:
		switch x := v.(type) {
		case nil:
			*d = sql.NullString{}
			return nil
		case string:
			*d = sql.NullString{String: x, Valid: true}
			return nil
		}
		return d.Scan(v)
	case *sql.NullInt64:
		switch x := v.(type) {
		case nil:
			*d = sql.NullInt64{}
			return nil
		case int64:
			*d = sql.NullInt64{Int64: x, Valid: true}
			return nil
		}
		return d.Scan(v)
	case sql.Scanner:
		return d.Scan(v)
	}
	return assignKind(dest, v)
}

// assignKind stores v in any other destination (a named type such as
// model.Role, a string) as database/sql's convertAssign does, by kind.
func assignKind(dest any, v driver.Value) error {
	dv := reflect.ValueOf(dest)
	if dv.Kind() != reflect.Pointer || dv.IsNil() {
		return errors.New("destination not a pointer")
	}
	dv = dv.Elem()
	sv := reflect.ValueOf(v)
	if sv.IsValid() && sv.Type().AssignableTo(dv.Type()) {
		if b, ok := v.([]byte); ok {
			dv.Set(reflect.ValueOf(bytes.Clone(b)))
		} else {
			dv.Set(sv)
		}
		return nil
	}
	if sv.IsValid() && dv.Kind() == sv.Kind() && sv.Type().ConvertibleTo(dv.Type()) {
		dv.Set(sv.Convert(dv.Type()))
		return nil
	}
	switch dv.Kind() {
	case reflect.Pointer:
		if v == nil {
			dv.SetZero()
			return nil
		}
		dv.Set(reflect.New(dv.Type().Elem()))
		return assign(dv.Interface(), v)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if v == nil {
			return fmt.Errorf("converting NULL to %s is unsupported", dv.Kind())
		}
		n, err := strconv.ParseInt(asString(v), 10, dv.Type().Bits())
		if err != nil {
			return fmt.Errorf("converting driver.Value type %T (%q) to a %s: %w", v, asString(v), dv.Kind(), err)
		}
		dv.SetInt(n)
		return nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		if v == nil {
			return fmt.Errorf("converting NULL to %s is unsupported", dv.Kind())
		}
		n, err := strconv.ParseUint(asString(v), 10, dv.Type().Bits())
		if err != nil {
			return fmt.Errorf("converting driver.Value type %T (%q) to a %s: %w", v, asString(v), dv.Kind(), err)
		}
		dv.SetUint(n)
		return nil
	case reflect.Float32, reflect.Float64:
		if v == nil {
			return fmt.Errorf("converting NULL to %s is unsupported", dv.Kind())
		}
		f, err := strconv.ParseFloat(asString(v), dv.Type().Bits())
		if err != nil {
			return fmt.Errorf("converting driver.Value type %T (%q) to a %s: %w", v, asString(v), dv.Kind(), err)
		}
		dv.SetFloat(f)
		return nil
	case reflect.String:
		if v == nil {
			return fmt.Errorf("converting NULL to %s is unsupported", dv.Kind())
		}
		switch x := v.(type) {
		case string:
			dv.SetString(x)
			return nil
		case []byte:
			dv.SetString(string(x))
			return nil
		}
	}
	return fmt.Errorf("unsupported Scan, storing driver.Value type %T into type %T", v, dest)
}

// asString is database/sql's text of a driver's value.
func asString(v driver.Value) string {
	switch x := v.(type) {
	case string:
		return x
	case []byte:
		return string(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	case bool:
		return strconv.FormatBool(x)
	}
	return fmt.Sprintf("%v", v)
}

// viaNull converts v into *d as database/sql does (its Null type's Scan
// is its own conversion), NULL refused as database/sql refuses it.
func viaNull[T any](d *T, v driver.Value) error {
	var n sql.Null[T]
	if err := n.Scan(v); err != nil {
		return err
	}
	if !n.Valid {
		return fmt.Errorf("converting NULL to %T is unsupported", *d)
	}
	*d = n.V
	return nil
}
