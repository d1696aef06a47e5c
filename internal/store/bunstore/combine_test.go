package bunstore

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kinshiprecovery/kinship/internal/store"
)

// notifiedPeople opens a SQLite store holding n people, u0 to u<n-1>,
// each with one unread notification, n<their id>.
func notifiedPeople(t *testing.T, n int) *Store {
	t.Helper()
	ctx := context.Background()
	s, err := Open(ctx, "", t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	for i := 0; i < n; i++ {
		u := fmt.Sprint("u", i)
		if _, err := s.wdb.ExecContext(ctx, "INSERT INTO users (id, email, role, created_at) VALUES (?, ?, 'member', 1)", u, u+"@example.org"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.wdb.ExecContext(ctx, "INSERT INTO notifications (id, user_id, kind, sealed, created_at) VALUES (?, ?, 'k', x'00', 1)", "n"+u, u); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

// queuedBehindLeader waits until want of s's small writes queue behind
// a batch's leader.
func queuedBehindLeader(t *testing.T, s *Store, want int) {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(time.Millisecond) {
		queued := s.writes.queuedNow()
		if queued == want {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d writes queued, want %d", queued, want)
		}
	}
}

// writerHeld counts s's commits that the watch tells from now on, and
// holds its writer (as a long write holds it) until release.
func writerHeld(t *testing.T, s *Store) (commits func() int, release func()) {
	t.Helper()
	var mu sync.Mutex
	n := 0
	s.WatchWrites(func(store.Touched) { mu.Lock(); n++; mu.Unlock() })
	busy, err := s.wdb.DB.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return func() int { mu.Lock(); defer mu.Unlock(); return n }, func() { busy.Close() }
}

// Small writes that queue for SQLite's one writer while it is busy are
// made together, in one transaction, once it is free: each call still
// returns after its own write has committed (the watch has told it
// before the call returns), a write that fails fails no other, and a
// caller that has gone has nothing written.
func TestSmallWritesWaitingTogetherShareATransaction(t *testing.T) {
	ctx := context.Background()
	const n = 40
	s := notifiedPeople(t, n)
	var mu sync.Mutex
	var commits []store.Touched
	s.WatchWrites(func(x store.Touched) {
		mu.Lock()
		commits = append(commits, x)
		mu.Unlock()
	})

	// The writer is busy (a connection held, as a long write holds it).
	busy, err := s.wdb.DB.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	gone, cancel := context.WithCancel(ctx)
	errs := make([]error, n+2)
	told := make([]bool, n)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			u := fmt.Sprint("u", i)
			errs[i] = s.MarkNotificationRead(ctx, u, "n"+u, fromMicros(5))
			// Told before the call returned.
			mu.Lock()
			for _, c := range commits {
				for _, x := range c.Users {
					told[i] = told[i] || x == u
				}
			}
			mu.Unlock()
		}()
	}
	// Everyone but the batch's leader queued behind it; then two more.
	queuedBehindLeader(t, s, n-1)
	wg.Add(2)
	go func() {
		defer wg.Done()
		// Refused by the schema (no such account): fails alone.
		_, errs[n] = s.execSmall(ctx, "UPDATE notifications SET user_id = 'nobody' WHERE id = 'nu0'")
	}()
	go func() {
		defer wg.Done()
		// Its caller is gone before the writer is free: not made.
		_, errs[n+1] = s.execSmall(gone, "UPDATE notifications SET kind = 'gone' WHERE id = 'nu1'")
	}()
	queuedBehindLeader(t, s, n+1)
	cancel()
	busy.Close()
	wg.Wait()

	for i := 0; i < n; i++ {
		if errs[i] != nil {
			t.Errorf("write %d: %v", i, errs[i])
		}
		if !told[i] {
			t.Errorf("write %d: returned before its commit was told", i)
		}
	}
	if errs[n] == nil {
		t.Error("a write the schema refuses was made")
	}
	if !errors.Is(errs[n+1], context.Canceled) {
		t.Errorf("the gone caller's write: %v, want context.Canceled", errs[n+1])
	}
	var unread, kinds, owners int
	s.wdb.QueryRowContext(ctx, "SELECT COUNT(*) FROM notifications WHERE read_at IS NULL").Scan(&unread)
	s.wdb.QueryRowContext(ctx, "SELECT COUNT(*) FROM notifications WHERE kind = 'gone'").Scan(&kinds)
	s.wdb.QueryRowContext(ctx, "SELECT COUNT(*) FROM notifications WHERE user_id = 'nobody'").Scan(&owners)
	if unread != 0 || kinds != 0 || owners != 0 {
		t.Errorf("unread %d, the gone caller's %d, the refused %d; want 0, 0, 0", unread, kinds, owners)
	}
}

// Queued small writes are made in as few transactions as the writer was
// free: one for the leader that found it busy, one for everything that
// queued behind it.
func TestSmallWritesQueuedAreOneCommit(t *testing.T) {
	ctx := context.Background()
	const n = 30
	s := notifiedPeople(t, n)
	commits, release := writerHeld(t, s)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			u := fmt.Sprint("u", i)
			if err := s.MarkNotificationRead(ctx, u, "n"+u, fromMicros(5)); err != nil {
				t.Error(err)
			}
		}()
	}
	queuedBehindLeader(t, s, n-1)
	release()
	wg.Wait()
	if commits() != 2 {
		t.Errorf("%d writes made in %d commits, want 2", n, commits())
	}
}

// queuedAtGate waits until n of s's writes wait at the writer's gate:
// counted by the gate, and parked in its select (a write counts itself
// just before it blocks, so on a starved core the next one could
// otherwise block first and be let through before it).
func queuedAtGate(t *testing.T, s *Store, n int64) {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); s.gate.queued.Load() != n || parkedAtGate() != n; time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%d writes wait at the gate (%d parked), want %d", s.gate.queued.Load(), parkedAtGate(), n)
		}
	}
}

// parkedAtGate counts the goroutines blocked in the writer gate's select.
func parkedAtGate() int64 {
	buf := make([]byte, 1<<20)
	for {
		k := runtime.Stack(buf, true)
		if k < len(buf) {
			buf = buf[:k]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	var parked int64
	for _, g := range strings.Split(string(buf), "\n\n") {
		if strings.HasPrefix(g, "goroutine ") && strings.Contains(strings.SplitN(g, "\n", 2)[0], "[select") && strings.Contains(g, "(*writerGate).enter") {
			parked++
		}
	}
	return parked
}

// The store's writes get SQLite's one writer in the order they asked for
// it, and at most one of them waits in database/sql's pool at a time, so
// the job queue's statements on the same connection (River's fetches and
// completions, which take it from the pool directly) wait for a few of
// the store's writes, not for everything queued: database/sql gives a
// connection back to a waiter chosen at random.
func TestWritesQueueInOrderAndTheJobQueueWaitsForFew(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, "", t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.wdb.ExecContext(ctx, "CREATE TABLE written (n INTEGER PRIMARY KEY AUTOINCREMENT, who INTEGER NOT NULL)"); err != nil {
		t.Fatal(err)
	}
	// A write holds the writer (the connection itself, as River's
	// statements take it).
	busy, err := s.wdb.DB.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	base := s.wdb.DB.Stats().WaitCount
	const n = 100
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = s.InTx(ctx, func(tx store.Store) error {
				return tx.(*Store).ExecRaw(ctx, "INSERT INTO written (who) VALUES (?)", i)
			})
		}()
		// The first goes through the gate and waits for the connection;
		// each after it waits at the gate, behind the one before.
		if i == 0 {
			for s.wdb.DB.Stats().WaitCount == base {
				time.Sleep(time.Millisecond)
			}
		} else {
			queuedAtGate(t, s, int64(i))
		}
	}
	if waited := s.wdb.DB.Stats().WaitCount - base; waited != 1 {
		t.Errorf("%d of the store's writes wait in database/sql's pool, want 1", waited)
	}
	// The job queue's statement, as River makes it: straight from the pool.
	river := make(chan int, 1)
	go func() {
		var before int
		if err := s.DB().QueryRowContext(ctx, "SELECT COUNT(*) FROM written").Scan(&before); err != nil {
			t.Error(err)
		}
		river <- before
	}()
	for s.wdb.DB.Stats().WaitCount-base != 2 {
		time.Sleep(time.Millisecond)
	}
	busy.Close()
	if before := <-river; before > 20 {
		t.Errorf("the job queue's statement waited for %d of the store's %d queued writes", before, n)
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("write %d: %v", i, err)
		}
	}
	rows, err := s.wdb.QueryContext(ctx, "SELECT who FROM written ORDER BY n")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	next := 0
	for rows.Next() {
		var who int
		rows.Scan(&who)
		if who != next {
			t.Fatalf("write %d committed in place %d: the writes did not go in the order they came", who, next)
		}
		next++
	}
	if next != n {
		t.Fatalf("%d writes committed, want %d", next, n)
	}
}

// Messages sent while the writer is busy are stored together too: one
// commit for the sender that found it busy, one for everyone queued
// behind, each with its own number in the conversation.
func TestMessagesQueuedAreOneCommit(t *testing.T) {
	ctx := context.Background()
	const n = 30
	s := notifiedPeople(t, 1)
	// A thread: its messages move layouts, so the watch tells their commits.
	if err := s.CreateConversation(ctx, &store.Conversation{ID: "c", Kind: "dm", Pair: "u0:u0", CreatedAt: fromMicros(1)}); err != nil {
		t.Fatal(err)
	}
	commits, release := writerHeld(t, s)
	seqs := make([]int64, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			m := &store.StoredMessage{ID: fmt.Sprint("m", i), ConversationID: "c", AuthorID: "u0", ClientID: fmt.Sprint(i), Sealed: []byte{1}, CreatedAt: fromMicros(2)}
			if _, err := s.AppendMessage(ctx, m); err != nil {
				t.Error(err)
			}
			seqs[i] = m.Seq
		}()
	}
	for deadline := time.Now().Add(30 * time.Second); s.appends.queuedNow() != n-1; time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%d messages queued, want %d", s.appends.queuedNow(), n-1)
		}
	}
	release()
	wg.Wait()
	if commits() != 2 {
		t.Errorf("%d messages stored in %d commits, want 2", n, commits())
	}
	seen := map[int64]bool{}
	for _, q := range seqs {
		seen[q] = q >= 1 && q <= n
	}
	if len(seen) != n || seen[0] {
		t.Errorf("the messages' numbers: %v, want 1 to %d once each", seqs, n)
	}
}

// A batch's leader commits one batch and hands the lead to the first
// request that queued meanwhile: it returns while the next batch is still
// being committed, as a message's sender and a page's small write both
// do (before, the messages' leader went on committing every batch that
// queued while it worked, its own sender waiting for all of them).
func TestBatchLeaderLeadsOneBatch(t *testing.T) {
	var b batcher[int]
	var mu sync.Mutex
	var batches [][]int
	entered := make(chan struct{}, 2)
	release := []chan struct{}{make(chan struct{}), make(chan struct{})}
	commit := func(rs []int) {
		mu.Lock()
		i := len(batches)
		batches = append(batches, append([]int(nil), rs...))
		mu.Unlock()
		if i < len(release) {
			entered <- struct{}{}
			<-release[i]
		}
	}
	first := make(chan struct{})
	go func() { b.do(1, commit); close(first) }()
	<-entered // the first batch, 1 alone, is being committed
	var wg sync.WaitGroup
	for r := 2; r <= 4; r++ {
		wg.Add(1)
		go func() { defer wg.Done(); b.do(r, commit) }()
	}
	for deadline := time.Now().Add(30 * time.Second); b.queuedNow() != 3; time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%d requests queued, want 3", b.queuedNow())
		}
	}
	close(release[0])
	<-entered // the second batch is being committed, and held
	// A guard against a hang, not a measure of time.
	select {
	case <-first:
	case <-time.After(time.Minute):
		close(release[1])
		t.Fatal("the first batch's leader waited for the next batch")
	}
	close(release[1])
	wg.Wait()
	if len(batches) != 2 || len(batches[0]) != 1 || len(batches[1]) != 3 {
		t.Errorf("batches %v, want [1] and the three queued behind it", batches)
	}
	if b.leading || b.queuedNow() != 0 {
		t.Errorf("after the last batch: leading %v, %d queued", b.leading, b.queuedNow())
	}
}

// A batch's leader that finds small writes frequent waits for company
// first (writeGatherAfter): the writes that come meanwhile are in its batch,
// one commit; when writes are rare (the last batch committed longer ago
// than gatherAfter) or it is the first batch, nobody waits.
func TestBatchLeaderWaitsForCompanyOnlyWhenWritesAreFrequent(t *testing.T) {
	gathering, proceed := make(chan struct{}), make(chan struct{})
	waits := 0
	b := batcher[int]{gather: func() { waits++; gathering <- struct{}{}; <-proceed }, gatherAfter: time.Hour}
	var mu sync.Mutex
	var batches [][]int
	commit := func(rs []int) {
		mu.Lock()
		batches = append(batches, append([]int(nil), rs...))
		mu.Unlock()
	}
	b.do(1, commit) // the first: no batch committed before it, no wait
	first := make(chan struct{})
	go func() { b.do(2, commit); close(first) }()
	// 2 leads, and waits for company. (A guard against a hang, not a
	// measure of time.)
	select {
	case <-gathering:
	case <-time.After(time.Minute):
		t.Fatal("the leader did not wait for company")
	}
	var wg sync.WaitGroup
	for r := 3; r <= 4; r++ {
		wg.Add(1)
		go func() { defer wg.Done(); b.do(r, commit) }()
	}
	for deadline := time.Now().Add(30 * time.Second); b.queuedNow() != 3; time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%d requests queued, want 3", b.queuedNow())
		}
	}
	close(proceed)
	<-first
	wg.Wait()
	b.gatherAfter = 0 // writes rare: the next leads at once
	b.do(5, commit)
	if waits != 1 || len(batches) != 3 || len(batches[0]) != 1 || len(batches[1]) != 3 || len(batches[2]) != 1 {
		t.Errorf("%d waits, batches %v; want 1 wait, [1] [2 3 4] [5]", waits, batches)
	}
}

// Small writes that come while a leader waits for company are one
// commit, and each call returns only once its write has committed: a
// read right after it, on any reader connection, sees it.
func TestSmallWritesGatheredAreOneCommitAndReadAfter(t *testing.T) {
	ctx := context.Background()
	const n = 20
	s := notifiedPeople(t, n+1)
	// One write first: a batch committed just now, so the next leader
	// waits for company (here until every write has queued).
	if err := s.MarkNotificationRead(ctx, "u20", "nu20", fromMicros(5)); err != nil {
		t.Fatal(err)
	}
	gathering, proceed := make(chan struct{}), make(chan struct{})
	s.writes.gather = func() { gathering <- struct{}{}; <-proceed }
	commits0 := s.watch.commits.Load()
	var wg sync.WaitGroup
	unread := make([]int, n)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			u := fmt.Sprint("u", i)
			if err := s.MarkNotificationRead(ctx, u, "n"+u, fromMicros(5)); err != nil {
				t.Error(err)
			}
			// Read at once, as the person's next page reads.
			if err := s.readRow(ctx, "SELECT COUNT(*) FROM notifications WHERE user_id = ? AND read_at IS NULL", u).Scan(&unread[i]); err != nil {
				t.Error(err)
			}
		}()
	}
	select {
	case <-gathering:
	case <-time.After(time.Minute): // a guard against a hang
		t.Fatal("the leader did not wait for company")
	}
	queuedBehindLeader(t, s, n)
	close(proceed)
	wg.Wait()
	if got := s.watch.commits.Load() - commits0; got != 1 {
		t.Errorf("%d writes made in %d commits, want 1", n, got)
	}
	for i, c := range unread {
		if c != 0 {
			t.Errorf("u%d read %d unread after marking it read, want 0", i, c)
		}
	}
}
