package bunstore

import (
	"context"
	"crypto/sha256"
	"fmt"
	"io"
	"log/slog"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/store"
)

// BenchmarkReadsWhileWriting is a SQLite node's read path with its
// writer committing meanwhile, as under bench/usersim: 3,600 people in
// 420 groups of about 9, 50 messages in each group, 10 notifications each;
// each op is what a chat page and a scroll of its history read from the
// store (the session, the layout, the group chat's statement, 50 messages
// and their reactions, the person's standing, their notifications), and
// every second op a message is appended and a read marker moved, each a
// commit (commits/op counts the writer's commits). In WAL mode every commit makes each reader connection drop its
// page cache at its next read, so the pages are read again: that cost
// shows only with a writer committing. It reports process CPU per op (the
// writes' included) and the read system calls per op (the pages read
// again, counted whatever the machine's load); run it on one core as a
// node runs:
//
//	go test ./internal/store/bunstore -run '^$' -bench ReadsWhileWriting -benchtime 3000x -cpu 1
//
// KINSHIP_BENCH_READERS, KINSHIP_BENCH_READER_PRAGMAS and
// KINSHIP_BENCH_WRITER_PRAGMAS (e.g. "&_pragma=mmap_size(268435456)")
// change the store's connections, to compare settings in alternate runs;
// KINSHIP_BENCH_MARK_EVERY moves a read marker every so many ops, and
// KINSHIP_BENCH_GATHER ("none", "yield:N", or a duration to sleep)
// replaces the small writes' wait for company (writeGatherAfter):
//
//	KINSHIP_BENCH_MARK_EVERY=1 KINSHIP_BENCH_GATHER=none go test ./internal/store/bunstore -run '^$' -bench ReadsWhileWriting -benchtime 3000x -cpu 1
//
// KINSHIP_BENCH_PARALLEL runs that many ops at once per CPU (4 by
// default), KINSHIP_BENCH_WORK does so many units of CPU work (a SHA-256
// of 1 KB each, about 2-3 µs) after each read, as a page does between its
// reads; waits/op and wait-us/op count the reads' waits for a reader
// connection:
//
//	KINSHIP_BENCH_PARALLEL=32 KINSHIP_BENCH_WORK=40 go test ./internal/store/bunstore -run '^$' -bench ReadsWhileWriting -benchtime 3000x -cpu 1
func BenchmarkReadsWhileWriting(b *testing.B) {
	if v := os.Getenv("KINSHIP_BENCH_READERS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			b.Fatal(err)
		}
		defer func(old int) { readerConns = old }(readerConns)
		readerConns = n
	}
	defer func(r, w string) { readerPragmas, writerPragmas = r, w }(readerPragmas, writerPragmas)
	readerPragmas += os.Getenv("KINSHIP_BENCH_READER_PRAGMAS")
	writerPragmas += os.Getenv("KINSHIP_BENCH_WRITER_PRAGMAS")
	writeEvery := int64(2)
	if v := os.Getenv("KINSHIP_BENCH_WRITE_EVERY"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			b.Fatal(err)
		}
		writeEvery = n
	}
	// A read marker is moved every markEvery ops (by default with each
	// message): under bench/usersim a node moves about five markers for
	// every message appended (KINSHIP_BENCH_MARK_EVERY=1 with the default
	// KINSHIP_BENCH_WRITE_EVERY is nearer that).
	markEvery := writeEvery
	if v := os.Getenv("KINSHIP_BENCH_MARK_EVERY"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			b.Fatal(err)
		}
		markEvery = n
	}

	bg := context.Background()
	s, err := Open(bg, "", b.TempDir(), slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	if v := os.Getenv("KINSHIP_BENCH_GATHER"); v != "" {
		s.writes.gather = benchGather(v)
	}
	parallel, work := 4, 0
	if v := os.Getenv("KINSHIP_BENCH_PARALLEL"); v != "" {
		if parallel, err = strconv.Atoi(v); err != nil {
			b.Fatal(err)
		}
	}
	if v := os.Getenv("KINSHIP_BENCH_WORK"); v != "" {
		if work, err = strconv.Atoi(v); err != nil {
			b.Fatal(err)
		}
	}
	waits := func() (int64, time.Duration) { st := s.rdb.DB.Stats(); return st.WaitCount, st.WaitDuration }
	between := func() {
		var sum [32]byte
		buf := make([]byte, 1024)
		for range work {
			buf[0] = sum[0]
			sum = sha256.Sum256(buf)
		}
	}
	const people, groups, messages, notes = 3600, 420, 50, 10
	at := time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)
	body := make([]byte, 180) // a sealed message of about 140 characters
	gid := func(g int) string { return fmt.Sprintf("01GROUP%05d", g) }
	uid := func(u int) string { return fmt.Sprintf("01PERSON%05d", u) }
	err = s.InTx(bg, func(tx store.Store) error {
		for g := 0; g < groups; g++ {
			if err := tx.CreateGroup(bg, &store.Group{ID: gid(g), Name: "Evenings", Description: "We talk after the kids are asleep.", Visibility: "listed", CreatedBy: uid(g), CreatedAt: at, UpdatedAt: at}); err != nil {
				return err
			}
		}
		for u := 0; u < people; u++ {
			if err := tx.CreateUser(bg, &model.User{ID: uid(u), Email: uid(u) + "@example.org", PasswordHash: "x", Role: model.RoleMember, CreatedAt: at}); err != nil {
				return err
			}
			if err := tx.CreateSession(bg, &model.Session{ID: "s" + uid(u), UserID: uid(u), TokenHash: "h" + uid(u), CreatedAt: at, LastSeenAt: at, ExpiresAt: at.Add(24 * time.Hour), AuthAt: at, UserAgent: "bench"}); err != nil {
				return err
			}
			if err := tx.SaveGroupMember(bg, &store.GroupMember{GroupID: gid(u % groups), UserID: uid(u), Role: "member", Status: "active", CreatedAt: at, UpdatedAt: at}); err != nil {
				return err
			}
			for n := 0; n < notes; n++ {
				if err := tx.CreateNotification(bg, &store.StoredNotification{ID: fmt.Sprintf("n%s-%d", uid(u), n), UserID: uid(u), Kind: "k", Sealed: body[:60], CreatedAt: at.Add(time.Duration(n) * time.Minute)}); err != nil {
					return err
				}
			}
		}
		for g := 0; g < groups; g++ {
			for m := 0; m < messages; m++ {
				if _, err := tx.AppendMessage(bg, &store.StoredMessage{ID: fmt.Sprintf("m%s-%d", gid(g), m), ConversationID: gid(g), AuthorID: uid(g + m%9*groups), ClientID: fmt.Sprint("c", m), Sealed: body, CreatedAt: at.Add(time.Duration(m) * time.Second)}); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	// A request's context, which can be cancelled, as a page's is.
	ctx, cancel := context.WithCancel(bg)
	defer cancel()
	var next, sent atomic.Int64
	commits0 := s.watch.commits.Load()
	b.SetParallelism(parallel)
	b.ReportAllocs()
	cpu0, reads0 := processCPU(), readCalls()
	waits0, waited0 := waits()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			i := next.Add(1)
			u := int(i*7919) % people
			g := gid(u % groups)
			if _, err := s.FindSessionByTokenHash(ctx, "h"+uid(u)); err != nil {
				b.Error(err)
				return
			}
			between()
			if _, err := s.FindLayout(ctx, uid(u), true, true); err != nil {
				b.Error(err)
				return
			}
			between()
			if _, err := s.FindGroupChat(ctx, g, uid(u)); err != nil {
				b.Error(err)
				return
			}
			between()
			ms, err := s.ListMessages(ctx, g, 0, 0, 50, true)
			if err != nil || len(ms) == 0 {
				b.Error(err, len(ms))
				return
			}
			between()
			if _, err := s.FindStanding(ctx, uid(u)); err != nil {
				b.Error(err)
				return
			}
			between()
			if _, err := s.ListNotifications(ctx, uid(u), store.Keyset{}, 20); err != nil {
				b.Error(err)
				return
			}
			if writeEvery > 0 && i%writeEvery == 0 {
				k := sent.Add(1)
				if _, err := s.AppendMessage(ctx, &store.StoredMessage{ID: fmt.Sprint("x", k), ConversationID: g, AuthorID: uid(u), ClientID: fmt.Sprint("x", k), Sealed: body, CreatedAt: at.Add(time.Duration(k) * time.Millisecond)}); err != nil {
					b.Error(err)
					return
				}
			}
			if markEvery > 0 && i%markEvery == 0 {
				if err := s.MarkRead(ctx, g, uid(u), ms[len(ms)-1].Seq, at); err != nil {
					b.Error(err)
					return
				}
			}
		}
	})
	b.StopTimer()
	b.ReportMetric(float64((processCPU()-cpu0).Microseconds())/float64(b.N), "cpu-us/op")
	b.ReportMetric(float64(readCalls()-reads0)/float64(b.N), "read-calls/op")
	b.ReportMetric(float64(s.watch.commits.Load()-commits0)/float64(b.N), "commits/op")
	n, d := waits()
	b.ReportMetric(float64(n-waits0)/float64(b.N), "waits/op")
	b.ReportMetric(float64((d-waited0).Microseconds())/float64(b.N), "wait-us/op")
}

// readCalls is the process's read system calls so far (read and pread:
// SQLite reading pages from the database and its log), or 0 where
// /proc/self/io cannot be read.
func readCalls() int64 {
	b, err := os.ReadFile("/proc/self/io")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "syscr: "); ok {
			n, _ := strconv.ParseInt(v, 10, 64)
			return n
		}
	}
	return 0
}

// processCPU is the process's CPU time so far (user and system).
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkKeptRead is one kept read alone, no writer: a session found by
// its token (one row of nine columns), a person's ten notifications, and
// a group chat's statement of access (FindGroupChat: the group, the
// person's place and read marker, the conversation's numbers, the blocks
// either way; every second person blocks someone).
// It reports process CPU per read: what a statement costs around SQLite's
// own work.
//
//	go test ./internal/store/bunstore -run '^$' -bench KeptRead -benchtime 20000x -cpu 1
func BenchmarkKeptRead(b *testing.B) {
	bg := context.Background()
	s, err := Open(bg, "", b.TempDir(), slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	at := time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)
	const people, groups = 100, 5
	uid := func(u int) string { return fmt.Sprintf("01PERSON%05d", u) }
	gid := func(g int) string { return fmt.Sprintf("01GROUP%05d", g) }
	err = s.InTx(bg, func(tx store.Store) error {
		for g := 0; g < groups; g++ {
			if err := tx.CreateGroup(bg, &store.Group{ID: gid(g), Name: "Evenings", Description: "We talk after the kids are asleep.", Visibility: "listed", CreatedBy: uid(g), CreatedAt: at, UpdatedAt: at}); err != nil {
				return err
			}
		}
		for u := 0; u < people; u++ {
			if err := tx.CreateUser(bg, &model.User{ID: uid(u), Email: uid(u) + "@example.org", PasswordHash: "x", Role: model.RoleMember, CreatedAt: at}); err != nil {
				return err
			}
			if err := tx.CreateSession(bg, &model.Session{ID: "s" + uid(u), UserID: uid(u), TokenHash: "h" + uid(u), CreatedAt: at, LastSeenAt: at, ExpiresAt: at.Add(24 * time.Hour), AuthAt: at, UserAgent: "bench"}); err != nil {
				return err
			}
			for n := 0; n < 10; n++ {
				if err := tx.CreateNotification(bg, &store.StoredNotification{ID: fmt.Sprintf("n%s-%d", uid(u), n), UserID: uid(u), Kind: "k", Sealed: make([]byte, 60), CreatedAt: at.Add(time.Duration(n) * time.Minute)}); err != nil {
					return err
				}
			}
			if err := tx.SaveGroupMember(bg, &store.GroupMember{GroupID: gid(u % groups), UserID: uid(u), Role: "member", Status: "active", CreatedAt: at, UpdatedAt: at}); err != nil {
				return err
			}
			if err := tx.MarkRead(bg, gid(u%groups), uid(u), 0, at); err != nil {
				return err
			}
		}
		for u := 1; u < people; u += 2 {
			if err := tx.Block(bg, uid(u), uid(u-1), at); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithCancel(bg)
	defer cancel()
	b.Run("row", func(b *testing.B) {
		b.ReportAllocs()
		cpu0 := processCPU()
		for i := 0; i < b.N; i++ {
			if _, err := s.FindSessionByTokenHash(ctx, "h"+uid(i%people)); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64((processCPU()-cpu0).Nanoseconds())/1e3/float64(b.N), "cpu-us/op")
	})
	b.Run("list", func(b *testing.B) {
		b.ReportAllocs()
		cpu0 := processCPU()
		for i := 0; i < b.N; i++ {
			if ns, err := s.ListNotifications(ctx, uid(i%people), store.Keyset{}, 20); err != nil || len(ns) != 10 {
				b.Fatal(err, len(ns))
			}
		}
		b.ReportMetric(float64((processCPU()-cpu0).Nanoseconds())/1e3/float64(b.N), "cpu-us/op")
	})
	b.Run("group-chat", func(b *testing.B) {
		b.ReportAllocs()
		cpu0 := processCPU()
		for i := 0; i < b.N; i++ {
			u := i % people
			if gc, err := s.FindGroupChat(ctx, gid(u%groups), uid(u)); err != nil || gc.Member == nil || len(gc.Blocked) != 1 {
				b.Fatal(err, gc)
			}
		}
		b.ReportMetric(float64((processCPU()-cpu0).Nanoseconds())/1e3/float64(b.N), "cpu-us/op")
	})
}

// benchGather is KINSHIP_BENCH_GATHER's wait for company: "none",
// "yield:N" (N times runtime.Gosched) or a duration to sleep.
func benchGather(v string) func() {
	if v == "none" {
		return nil
	}
	if n, ok := strings.CutPrefix(v, "yield:"); ok {
		k, _ := strconv.Atoi(n)
		return func() {
			for i := 0; i < k; i++ {
				runtime.Gosched()
			}
		}
	}
	d, _ := time.ParseDuration(v)
	return func() { time.Sleep(d) }
}
