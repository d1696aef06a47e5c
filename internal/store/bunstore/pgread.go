package bunstore

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"io"
	"math"
	"net"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/kinshiprecovery/kinship/internal/store"
)

// On PostgreSQL the store's reads outside a transaction (readRow, query:
// every single-row read and list the SQLite side keeps a statement for)
// pass their values apart from the statement's text, with $1, $2, … in
// place of bun's ?, so that the text repeats and pgx's statement cache
// keeps it prepared on each connection: PostgreSQL parses and plans it
// once per connection instead of once per read (bun writes the values
// into the text, so every read was a new statement to parse and plan),
// and the node formats no literals. A read whose values are of another
// kind than those below goes as before, with bun writing its values in.
// A read that fails apart is run again that way (a read changes
// nothing); when the failure was the statement's own with its values
// apart (a parameter whose type the statement does not tell, an
// operator PostgreSQL cannot choose for it, a value pgx will not send as
// the type PostgreSQL told), its reads go with literals for
// pgOffFor, then are tried apart again. A failure that was the values'
// (PostgreSQL's class 22: a text that is no number, a number out of
// range, a byte that is no character), the connection's or the
// server's switches nothing off: one person's bad value does not slow
// everyone's reads of that kind.

// pgKept is what a PostgreSQL store knows of its reads' statements.
type pgKept struct {
	stmts *keptMap[*pgStmt]
}

// pgStmt is one read's statement with its values apart.
type pgStmt struct {
	text string // $n in place of ?
	n    int    // the number of values
	// offUntil, when not zero, is the time (Unix nanoseconds) until which
	// the read goes with bun's literals: PostgreSQL or pgx would not take
	// it apart. pgOffForever: never tried apart (its ? are not its
	// values).
	offUntil atomic.Int64
}

// pgOffFor is how long a statement PostgreSQL or pgx would not take apart
// goes with literals before it is tried apart again: what failed may
// have been one kind of value (pgx will not send a text as a number),
// or a schema since changed; a statement that cannot be taken apart
// costs one failed round trip each pgOffFor.
const pgOffFor = time.Minute

// pgOffForever marks a statement whose ? do not match its values.
const pgOffForever = math.MaxInt64

// off reports whether the read goes with literals now.
func (st *pgStmt) off() bool {
	u := st.offUntil.Load()
	return u != 0 && (u == pgOffForever || time.Now().UnixNano() < u)
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
	st, ok := s.pg.stmts.load(query)
	if !ok {
		text, n := pgPlaceholders(query)
		st = &pgStmt{text: text, n: n}
		if n != len(args) {
			st.offUntil.Store(pgOffForever)
		}
		if st, ok = s.pg.stmts.loadOrStore(query, st); !ok {
			return nil
		}
	}
	if st.n != len(args) || st.off() {
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
	// which give the error again if the error was the read's own.
	if pgStatementsFault(err) && st.offUntil.Load() != pgOffForever {
		st.offUntil.Store(time.Now().Add(pgOffFor).UnixNano())
	}
	if s.log != nil {
		s.log.Debug("store: a read goes with its values in its text", "err", err)
	}
	return nil, false, nil
}

// pgStatementsFault reports whether err says the statement cannot be run
// with its values apart (its reads then go with literals for a while):
// PostgreSQL could not tell a parameter's type or choose an operator or
// function for it, or said a value's type is not the parameter's
// (class 42's codes below); or pgx would not send a value as the type
// PostgreSQL told. Not the values' own faults (class 22: what the
// literals would fail on too, or one person's value), a broken or timed
// out connection, a cancelled statement, or anything else PostgreSQL
// says.
func pgStatementsFault(err error) bool {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case "42P18", // indeterminate_datatype: $n's type not told
			"42P08", // ambiguous_parameter
			"42804", // datatype_mismatch
			"42883", // undefined_function: no operator for these types
			"42725", // ambiguous_function
			"42846": // cannot_coerce
			return true
		}
		return false
	}
	var ne net.Error
	if errors.Is(err, driver.ErrBadConn) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.As(err, &ne) || pgconn.SafeToRetry(err) || pgconn.Timeout(err) || errors.Is(err, context.Canceled) ||
		errors.Is(err, context.DeadlineExceeded) {
		return false
	}
	// pgx's own: a value it would not encode as the parameter's type.
	return true
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
	if la := store.LayoutAlongsideFrom(r.ctx); la != nil {
		if err, ok := r.s.scanWithLayout(r.ctx, r.query, r.args, la, dest); ok {
			return err
		}
	}
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

// scanWithLayout runs a single-row read and la's layout in one round trip
// (a pgx batch on one of the pool's connections: both statements, kept
// prepared on it as the reads' are, go in one write, and their answers
// come back together), copies the read's row into dest and leaves the
// layout in la. ok false: nothing was read into dest (a statement that
// goes with literals, a failure on the way), and the read is to go as
// ever; la is then done with its error, or not done at all, and the
// layout is read as ever too.
func (s *Store) scanWithLayout(ctx context.Context, query string, args []any, la *store.LayoutAlongside, dest []any) (err error, ok bool) {
	st := s.pgStmtFor(query, args)
	lq, largs := findLayout(la.UserID, la.Place, la.Blocks)
	lst := s.pgStmtFor(lq, largs)
	if st == nil || lst == nil {
		return nil, false
	}
	conn, cerr := s.rdb.DB.Conn(ctx)
	if cerr != nil {
		return nil, false
	}
	defer conn.Close()
	var rowErr error
	berr := conn.Raw(func(dc any) error {
		sc, isPG := dc.(simpleConn)
		if !isPG {
			return errNoBatch
		}
		b := &pgx.Batch{}
		b.Queue(st.text, args...)
		b.Queue(lst.text, largs...)
		br := sc.Conn.Conn().SendBatch(ctx, b)
		rowErr = br.QueryRow().Scan(dest...)
		if rows, err := br.Query(); err != nil {
			la.Err = err
		} else {
			la.Layout, la.Err = scanLayout(rows)
			rows.Close()
		}
		la.Done = true
		return br.Close()
	})
	switch {
	case errors.Is(berr, errNoBatch):
		return nil, false
	case berr != nil || ctx.Err() != nil:
		la.Done, la.Layout, la.Err = true, nil, berr
		return nil, false
	case errors.Is(rowErr, pgx.ErrNoRows):
		return sql.ErrNoRows, true
	case rowErr != nil:
		la.Done, la.Layout, la.Err = true, nil, rowErr
		return nil, false
	}
	return nil, true
}

// errNoBatch: the pool's connection is not pgx's (a read goes as ever).
var errNoBatch = errors.New("store: no batch on this connection")
