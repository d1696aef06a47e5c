package bunstore

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"io"
	"net"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/jackc/pgx/v5/pgconn"
)

// On PostgreSQL the store's reads outside a transaction (readRow, query:
// every single-row read and list the SQLite side keeps a statement for)
// pass their values apart from the statement's text, with $1, $2, … in
// place of bun's ?, so that the text repeats and pgx's statement cache
// keeps it prepared on each connection: PostgreSQL parses and plans it
// once per connection instead of once per read (bun writes the values
// into the text, so every read was a new statement to parse and plan),
// and the node formats no literals. A read whose values are of another
// kind than those below, or whose statement PostgreSQL or pgx would not
// take with its values apart (a parameter whose type the statement does
// not tell, a value pgx will not send as that type), goes as before,
// with bun writing its values in; such a statement is remembered and
// not tried apart again.

// pgKept is what a PostgreSQL store knows of its reads' statements.
type pgKept struct {
	stmts sync.Map // query -> *pgStmt
	count atomic.Int64
}

// pgStmt is one read's statement with its values apart.
type pgStmt struct {
	text string // $n in place of ?
	n    int    // the number of values
	// off: PostgreSQL or pgx would not take it apart (or it has no
	// text); the read goes with bun's literals.
	off atomic.Bool
}

// maxPGKept bounds the statements kept apart (pgx keeps 512 a
// connection, and the store's reads are fewer).
const maxPGKept = 256

// pgArgsApart reports whether every value is one sent apart as it is.
func pgArgsApart(args []any) bool {
	for _, a := range args {
		switch a.(type) {
		case nil, string, int, int64, int32, bool, float64:
		default:
			return false
		}
	}
	return true
}

// pgStmtFor returns query's statement with its values apart, or nil when
// it goes with bun's literals.
func (s *Store) pgStmtFor(query string, args []any) *pgStmt {
	if s.pg == nil || s.dialect != "postgres" || s.rdb == nil || !pgArgsApart(args) {
		return nil
	}
	if v, ok := s.pg.stmts.Load(query); ok {
		st := v.(*pgStmt)
		if st.off.Load() || st.n != len(args) {
			return nil
		}
		return st
	}
	if s.pg.count.Load() >= maxPGKept {
		return nil
	}
	text, n := pgPlaceholders(query)
	st := &pgStmt{text: text, n: n}
	if n != len(args) {
		st.off.Store(true)
	}
	if v, loaded := s.pg.stmts.LoadOrStore(query, st); loaded {
		st = v.(*pgStmt)
	} else {
		s.pg.count.Add(1)
	}
	if st.off.Load() || st.n != len(args) {
		return nil
	}
	return st
}

// pgQuery runs a read with its values apart; ok false when it is to go
// with bun's literals instead (nothing was read).
func (s *Store) pgQuery(ctx context.Context, query string, args []any) (rows *sql.Rows, ok bool, err error) {
	st := s.pgStmtFor(query, args)
	if st == nil {
		return nil, false, nil
	}
	rows, err = s.rdb.DB.QueryContext(ctx, st.text, args...)
	if err == nil {
		return rows, true, nil
	}
	if ctx.Err() != nil {
		return nil, true, err
	}
	// A read changes nothing, so it can be run again with bun's literals,
	// which give the error again if the error was the read's own. The
	// statement is not tried apart again when the error was the
	// statement's or its values' (a type PostgreSQL could not tell, a
	// value pgx would not send as the type it told); after a broken
	// connection or a statement timeout it is tried apart next time.
	if !pgTransient(err) {
		st.off.Store(true)
	}
	if s.log != nil {
		s.log.Debug("store: a read goes with its values in its text", "err", err)
	}
	return nil, false, nil
}

// pgTransient reports whether err says nothing about the statement or
// its values: the connection broke or timed out, or PostgreSQL cancelled
// the statement (a timeout, an operator), or ran out of something.
func pgTransient(err error) bool {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		// Class 42: the statement (a type not told, no such operator);
		// class 22: a value PostgreSQL would not take as that type.
		return !strings.HasPrefix(pe.Code, "42") && !strings.HasPrefix(pe.Code, "22")
	}
	var ne net.Error
	return errors.Is(err, driver.ErrBadConn) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.As(err, &ne) || pgconn.SafeToRetry(err) || pgconn.Timeout(err)
}

// pgPlaceholders writes $1, $2, … for each ? outside quotes and comments,
// and counts them.
func pgPlaceholders(q string) (string, int) {
	var b strings.Builder
	b.Grow(len(q) + 16)
	n := 0
	for i := 0; i < len(q); i++ {
		c := q[i]
		switch {
		case c == '\'' || c == '"':
			j := strings.IndexByte(q[i+1:], c)
			if j < 0 {
				b.WriteString(q[i:])
				return b.String(), n
			}
			b.WriteString(q[i : i+j+2])
			i += j + 1
		case c == '-' && i+1 < len(q) && q[i+1] == '-':
			j := strings.IndexByte(q[i:], '\n')
			if j < 0 {
				b.WriteString(q[i:])
				return b.String(), n
			}
			b.WriteString(q[i : i+j+1])
			i += j
		case c == '/' && i+1 < len(q) && q[i+1] == '*':
			j := strings.Index(q[i+2:], "*/")
			if j < 0 {
				b.WriteString(q[i:])
				return b.String(), n
			}
			b.WriteString(q[i : i+j+4])
			i += j + 3
		case c == '?':
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
		default:
			b.WriteByte(c)
		}
	}
	return b.String(), n
}

// pgReadRow is a single-row read on PostgreSQL not yet run: Scan runs it.
type pgReadRow struct {
	s     *Store
	ctx   context.Context
	query string
	args  []any
}

// Scan runs the read (with its values apart when it can) and copies its
// first row into dest; sql.ErrNoRows when it has none.
func (r *pgReadRow) Scan(dest ...any) error {
	rows, ok, err := r.s.pgQuery(r.ctx, r.query, r.args)
	if !ok {
		return r.s.r.QueryRowContext(r.ctx, r.query, r.args...).Scan(dest...)
	}
	if err != nil {
		return err
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return err
		}
		return sql.ErrNoRows
	}
	if err := rows.Scan(dest...); err != nil {
		return err
	}
	return rows.Close()
}
