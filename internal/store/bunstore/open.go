// Package bunstore implements store.Store with bun, once, for SQLite
// (modernc.org/sqlite) and PostgreSQL (pgx).
package bunstore

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect/pgdialect"
	"github.com/uptrace/bun/dialect/sqlitedialect"
	"modernc.org/sqlite" // registers the "sqlite" driver

	"github.com/kinshiprecovery/kinship/internal/secret"
	"github.com/kinshiprecovery/kinship/internal/store"
)

// Store is the bun implementation of store.Store. Writes go to w and reads
// to r; inside a transaction both are the transaction.
type Store struct {
	dialect string
	w, r    bun.IDB
	wdb     *bun.DB // nil inside a transaction
	rdb     *bun.DB
	log     *slog.Logger
	// appends groups concurrent message appends into one transaction (SQLite).
	appends *batcher[*appendReq]
	// writes groups concurrent small writes into one transaction (SQLite).
	writes *batcher[*writeReq]
	// gate queues the store's writes for the one writer in the order they
	// came (SQLite, outside a transaction).
	gate *writerGate
	// stmts are the queries whose statements the reader connections keep
	// prepared (SQLite; readpath.go).
	stmts *keptMap[struct{}]
	// prepares counts the statements the reader connections prepared;
	// statements, the reads they ran (Counts).
	prepares, statements *atomic.Int64
	// kept holds the writer's hot statements, prepared once at Open on
	// SQLite (writerStatements) and shared with the store's transactions.
	kept map[string]*sql.Stmt
	// sealer seals post titles, organization names and consent purposes.
	sealer *secret.Box
	// fold lower-cases text in searches as Go's strings.ToLower does:
	// kinship_fold on SQLite (see fold.go); on PostgreSQL, lower() with the
	// ICU root collation where the server has it, else plain lower()
	// (which folds only ASCII under the C locale).
	fold string
	// commits is, inside a transaction, what to run once it has committed.
	commits *commitHooks
	// watch tells whose layout the writer's commits may have changed
	// (SQLite; store.WriteWatcher).
	watch *writeWatch
	// pg keeps the reads' statements with their values apart
	// (PostgreSQL, outside a transaction; pgread.go).
	pg *pgKept
}

// commitHooks are the functions AfterCommit was given in one transaction.
type commitHooks struct {
	mu  sync.Mutex
	fns []func()
}

var _ store.Store = (*Store)(nil)

// Open connects to databaseURL ("" for SQLite in dataDir/kinship.db, or
// postgres://…) and applies pending migrations.
func Open(ctx context.Context, databaseURL, dataDir string, log *slog.Logger) (*Store, error) {
	var s *Store
	var err error
	switch {
	case databaseURL == "":
		s, err = openSQLite(dataDir)
	case strings.HasPrefix(databaseURL, "postgres://"), strings.HasPrefix(databaseURL, "postgresql://"):
		s, err = openPostgres(databaseURL)
	default:
		return nil, fmt.Errorf("store: database URL must be empty (SQLite in the data directory) or start with postgres://")
	}
	if err != nil {
		return nil, err
	}
	s.log = log
	// Several processes may open one SQLite file at once (a server and an
	// import, or nodes in a test); switching a fresh file to WAL can answer
	// SQLITE_BUSY without waiting, so such errors are retried for a while.
	err = retryBusy(ctx, func() error {
		if err := s.Ping(ctx); err != nil {
			return fmt.Errorf("store: connect: %w", err)
		}
		return s.Migrate(ctx)
	})
	if err == nil {
		err = s.foldGroupSearch(ctx)
	}
	if err == nil && s.dialect == "postgres" && log != nil {
		// Migration 49 goes on without pg_trgm where the server lacks it
		// or the role may not create it; the operator hears of it here.
		var indexed bool
		if qerr := s.w.QueryRowContext(ctx, "SELECT to_regclass('peer_groups_search') IS NOT NULL").Scan(&indexed); qerr == nil && !indexed {
			log.Warn("the group directory's search reads every group: this database has no trigram index of them "+
				"(pg_trgm was not available to migration 49)", "fix", "CREATE EXTENSION pg_trgm; "+
				"CREATE INDEX peer_groups_search ON peer_groups USING gin (search_text gin_trgm_ops)")
		}
	}
	if err == nil && s.dialect == "sqlite" {
		err = s.keepWriterStatements(ctx)
	}
	if err == nil && s.watch != nil {
		if cerr := s.checkColumns(ctx); cerr != nil {
			// Nothing is kept by what it would tell: every page reads.
			s.watch.off = true
			if log != nil {
				log.Warn("the writer's changes are not watched", "err", cerr)
			}
		}
	}
	if err != nil {
		s.Close()
		return nil, err
	}
	s.fold = "kinship_fold(%s)"
	if s.dialect == "postgres" {
		s.fold = "lower(%s)"
		var icu bool
		if err := s.r.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM pg_collation WHERE collname = 'und-x-icu')").Scan(&icu); err == nil && icu {
			s.fold = `lower((%s) COLLATE "und-x-icu")`
		}
	}
	return s, nil
}

// retryBusy runs fn until it succeeds, fails with something other than
// SQLite's "database is locked", or about ten seconds pass.
func retryBusy(ctx context.Context, fn func() error) error {
	deadline := time.Now().Add(10 * time.Second)
	for {
		err := fn()
		if err == nil || !strings.Contains(err.Error(), "SQLITE_BUSY") && !strings.Contains(err.Error(), "database is locked") || time.Now().After(deadline) {
			return err
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// readerConns is the size of a SQLite store's pool of reader connections.
var readerConns = 4

// readerPragmas and writerPragmas are added to each reader's and the
// writer's connection's pragmas.
var readerPragmas, writerPragmas = "", ""

func openSQLite(dataDir string) (*Store, error) {
	if dataDir == "" {
		return nil, fmt.Errorf("store: a data directory is needed for SQLite")
	}
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return nil, fmt.Errorf("store: create data directory: %w", err)
	}
	path, err := filepath.Abs(filepath.Join(dataDir, "kinship.db"))
	if err != nil {
		return nil, err
	}
	if f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o600); err == nil {
		f.Close()
	} else {
		return nil, fmt.Errorf("store: create database file: %w", err)
	}
	// busy_timeout first, so every later pragma waits rather than fails.
	base := "file:" + (&url.URL{Path: path}).EscapedPath() + "?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)"
	// The writer's connections tell what each commit touched (watch.go).
	wconn, err := sqlite.NewConnector(base + "&_txlock=immediate" + writerPragmas)
	if err != nil {
		return nil, err
	}
	watch := &writeWatch{}
	wsql := sql.OpenDB(watchConnector{Connector: wconn, w: watch})
	// One writer: SQLite allows one at a time, and queuing in Go is
	// cheaper than SQLITE_BUSY retries.
	wsql.SetMaxOpenConns(1)
	wsql.SetMaxIdleConns(1)
	wsql.SetConnMaxLifetime(0)
	rconn, err := sqlite.NewConnector(base + "&_pragma=query_only(1)" + readerPragmas)
	if err != nil {
		wsql.Close()
		return nil, err
	}
	prepares, statements := &atomic.Int64{}, &atomic.Int64{}
	rsql := sql.OpenDB(readerConnector{Connector: rconn, prepares: prepares, statements: statements})
	rsql.SetMaxOpenConns(readerConns)
	rsql.SetMaxIdleConns(readerConns)
	wdb := bun.NewDB(wsql, sqlitedialect.New())
	rdb := bun.NewDB(rsql, sqlitedialect.New())
	gate := newWriterGate()
	return &Store{dialect: "sqlite", w: gatedDB{DB: wdb, gate: gate}, r: rdb, wdb: wdb, rdb: rdb, gate: gate, appends: &batcher[*appendReq]{}, writes: &batcher[*writeReq]{gather: runtime.Gosched, gatherAfter: writeGatherAfter}, stmts: newKeptMap[struct{}](maxCachedStatements), prepares: prepares, statements: statements, watch: watch}, nil
}

func openPostgres(dsn string) (*Store, error) {
	sqldb, err := openPostgresDB(dsn)
	if err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	// Keep every connection the pool opens while it is in use: with fewer
	// idle ones kept than open, each burst past them closed connections on
	// release and opened new ones (a new PostgreSQL backend each) on the
	// next request, which bench/usersim saw as backends coming and going
	// within a minute. An idle connection closes after five minutes.
	sqldb.SetMaxOpenConns(20)
	sqldb.SetMaxIdleConns(20)
	sqldb.SetConnMaxIdleTime(5 * time.Minute)
	db := bun.NewDB(sqldb, pgdialect.New())
	return &Store{dialect: "postgres", w: db, r: db, wdb: db, rdb: db, pg: &pgKept{stmts: newKeptMap[*pgStmt](maxPGKept)}}, nil
}

// Dialect names the database: "sqlite" or "postgres".
func (s *Store) Dialect() string { return s.dialect }

// DB returns the writer handle, for packages (such as the job queue) that
// need the raw connection pool.
func (s *Store) DB() *bun.DB { return s.wdb }

// Pools names the store's connection pools, for reporting their use
// (GET /metrics): on PostgreSQL the one pool, on SQLite the writer's and
// the readers'.
func (s *Store) Pools() map[string]*sql.DB {
	if s.rdb != nil && s.rdb != s.wdb {
		return map[string]*sql.DB{"writer": s.wdb.DB, "reader": s.rdb.DB}
	}
	return map[string]*sql.DB{s.dialect: s.wdb.DB}
}

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) error {
	if s.wdb == nil {
		return nil
	}
	if err := s.wdb.PingContext(ctx); err != nil {
		return err
	}
	if s.rdb != s.wdb {
		return s.rdb.PingContext(ctx)
	}
	return nil
}

// Close closes the connection pools.
func (s *Store) Close() error {
	if s.wdb == nil {
		return nil
	}
	for _, st := range s.kept {
		st.Close()
	}
	err := s.wdb.Close()
	if s.rdb != s.wdb {
		if e := s.rdb.Close(); err == nil {
			err = e
		}
	}
	return err
}

// InTx runs fn in one write transaction (IMMEDIATE on SQLite). A nested
// call joins the outer transaction.
func (s *Store) InTx(ctx context.Context, fn func(tx store.Store) error) error {
	if s.wdb == nil {
		return fn(s)
	}
	hooks := &commitHooks{}
	if err := s.gate.enter(ctx); err != nil {
		return err
	}
	err := s.wdb.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		return fn(&Store{dialect: s.dialect, w: tx, r: tx, log: s.log, sealer: s.sealer, fold: s.fold, commits: hooks, kept: s.kept})
	})
	s.gate.leave()
	if err != nil {
		return err
	}
	hooks.mu.Lock()
	fns := hooks.fns
	hooks.mu.Unlock()
	for _, f := range fns {
		f()
	}
	return nil
}

// AfterCommit runs fn once the transaction s belongs to has committed
// (never if it rolls back; after InTx's function has returned, before
// InTx does), or at once when s is not inside a transaction. The job
// queue uses it to wake its workers for work the transaction queued.
func (s *Store) AfterCommit(fn func()) {
	if s.commits == nil {
		fn()
		return
	}
	s.commits.mu.Lock()
	s.commits.fns = append(s.commits.fns, fn)
	s.commits.mu.Unlock()
}

// ExecRaw runs a statement on the writer; the conformance suite uses it to
// prove rules the database itself enforces.
func (s *Store) ExecRaw(ctx context.Context, query string, args ...any) error {
	_, err := s.w.ExecContext(ctx, query, args...)
	return err
}

// SQLTx returns the transaction's *sql.Tx inside InTx, else nil, so the
// job queue can insert jobs as part of the same transaction.
func (s *Store) SQLTx() *sql.Tx {
	if tx, ok := s.w.(bun.Tx); ok {
		return tx.Tx
	}
	return nil
}

// writerStatements are the writes a running node makes most (marking a
// conversation read on every chat page, the batched message appends):
// kept prepared on the one writer connection, since database/sql over
// modernc.org/sqlite parses a statement anew on every ExecContext and
// under bench/usersim the parsing cost as much as the writing.
var writerStatements = []string{
	markReadSQL,
	appendInsertSQL,
	appendNumbersSQL,
	appendSetNumbersSQL,
	updateSessionSQL,
}

// keepWriterStatements prepares writerStatements on the writer (SQLite).
// They are prepared here, outside any transaction: the writer has one
// connection, which a transaction holds until it ends.
func (s *Store) keepWriterStatements(ctx context.Context) error {
	kept := make(map[string]*sql.Stmt, len(writerStatements))
	for _, q := range writerStatements {
		st, err := s.wdb.DB.PrepareContext(ctx, q)
		if err != nil {
			for _, st := range kept {
				st.Close()
			}
			return fmt.Errorf("store: prepare %q: %w", q, err)
		}
		kept[q] = st
	}
	s.kept = kept
	return nil
}

// keptStmt returns the kept statement of query for s's writer: inside a
// transaction, the transaction's use of it (on SQLite's one writer
// connection it is the statement already prepared there, not parsed
// again; it is released when the transaction ends). nil when query is not
// kept (PostgreSQL, or not one of writerStatements).
func (s *Store) keptStmt(ctx context.Context, query string) *sql.Stmt {
	st := s.kept[query]
	if st == nil {
		return nil
	}
	if tx, ok := s.w.(bun.Tx); ok {
		return tx.Tx.StmtContext(ctx, st)
	}
	return st
}

// exec runs a write on the writer, with its kept statement when it has one.
func (s *Store) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if st := s.keptStmt(ctx, query); st != nil {
		if s.wdb != nil { // outside a transaction: the writer's queue
			if err := s.gate.enter(ctx); err != nil {
				return nil, err
			}
			defer s.gate.leave()
		}
		return st.ExecContext(ctx, args...)
	}
	return s.w.ExecContext(ctx, query, args...)
}

// maxCachedStatements bounds the reader's statement cache.
const maxCachedStatements = 256

// readRow runs a single-row read. On SQLite outside a transaction its
// statement is kept prepared on each reader connection (readpath.go):
// preparing SQL costs more than running these lookups. PostgreSQL's
// driver keeps the statement when its values go apart (pgread.go).
func (s *Store) readRow(ctx context.Context, query string, args ...any) interface{ Scan(...any) error } {
	if s.keeps(query) {
		return &readRow{s: s, ctx: ctx, query: query, args: args}
	}
	if s.pg != nil && s.rdb != nil {
		return &pgReadRow{s: s, ctx: ctx, query: query, args: args}
	}
	return s.r.QueryRowContext(ctx, query, args...)
}

// query runs a read of many rows, with readRow's kept statements: under
// bench/usersim SQLite spent a tenth of the server's CPU parsing the same
// few list queries again on every page.
func (s *Store) query(ctx context.Context, query string, args ...any) (*readRows, error) {
	if s.keeps(query) {
		return s.readDirect(ctx, query, true, 0, args)
	}
	if s.pg != nil && s.rdb != nil {
		rows, ok, err := s.pgQuery(ctx, query, args)
		if ok {
			if err != nil {
				return nil, err
			}
			return &readRows{sr: rows}, nil
		}
	}
	rows, err := s.r.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	return &readRows{sr: rows}, nil
}

// queryList runs a query and reads every row with scan; what names the
// list in errors. A failure after some rows gives those rows with it.
func queryList[T any](ctx context.Context, s *Store, what string, scan func(interface{ Scan(...any) error }) (T, error), q string, args ...any) ([]T, error) {
	rows, err := s.query(ctx, q, args...)
	if err != nil {
		return nil, wrap(err, "%s", what)
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, wrap(err, "%s", what)
		}
		out = append(out, v)
	}
	return out, wrap(rows.Err(), "%s", what)
}

// maxKeptInList is the longest IN (…) list whose statement is kept: one
// statement is kept for each length, and a person's groups or their
// meetings are few (the home page read its meetings by a statement
// prepared anew on every view).
const maxKeptInList = 16

// queryIn runs a read of many rows whose statement has an IN list of n
// values: with a kept statement, as query does, when n is short.
func (s *Store) queryIn(ctx context.Context, n int, query string, args ...any) (*readRows, error) {
	if n <= maxKeptInList {
		return s.query(ctx, query, args...)
	}
	if s.dialect == "sqlite" && s.rdb != nil && s.stmts != nil {
		return s.readDirect(ctx, query, false, 0, args)
	}
	rows, err := s.r.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	return &readRows{sr: rows}, nil
}

// keeps reports whether query's statement is kept on the reader
// connections (noting it the first time), or false: on PostgreSQL, inside
// a transaction, or once maxCachedStatements are kept.
func (s *Store) keeps(query string) bool {
	if s.dialect != "sqlite" || s.rdb == nil || s.stmts == nil {
		return false
	}
	_, ok := s.stmts.loadOrStore(query, struct{}{})
	return ok
}

// keysetAfter adds to a query (ending in its WHERE conditions) the
// condition that continues a list ordered by (timeCol, idCol) after the
// position k: before it when the list is newest first (desc), after it
// otherwise. At the list's start it adds nothing. The comparison of row
// values is served by an index on (…, timeCol, idCol) on both databases.
// rankAfter adds to a query ordered by rank (highest first), then time
// and id (oldest first) the condition of the rows after the position.
func rankAfter(q string, args []any, k store.Keyset, rankCol, timeCol, idCol string) (string, []any) {
	if k.IsZero() {
		return q, args
	}
	return q + " AND (" + rankCol + " < ? OR (" + rankCol + " = ? AND (" + timeCol + ", " + idCol + ") > (?, ?)))",
		append(args, k.Rank, k.Rank, micros(k.At), k.ID)
}

func keysetAfter(q string, args []any, k store.Keyset, timeCol, idCol string, desc bool) (string, []any) {
	if k.IsZero() {
		return q, args
	}
	op := ">"
	if desc {
		op = "<"
	}
	return q + " AND (" + timeCol + ", " + idCol + ") " + op + " (?, ?)", append(args, micros(k.At), k.ID)
}

// Counts returns, on SQLite, the statements the reader connections have
// run (each a read transaction of its own) and the transactions the
// writer's connections have committed, since Open; zeros on PostgreSQL.
// Benchmarks read them per page.
func (s *Store) Counts() (reads, commits int64) {
	if s.statements != nil {
		reads = s.statements.Load()
	}
	if s.watch != nil {
		commits = s.watch.commits.Load()
	}
	return reads, commits
}
