package app_test

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/mail"
	"github.com/kinshiprecovery/kinship/internal/secret"
	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// TestOtherWritersAskedOnlyWhileNeeded: a SQLite node asks whether another
// process committed while requests come, and stops asking once nobody
// needs the answer (an idle node woke four times a second for it). While
// it does not ask it uses nothing it kept: the crisis lines another
// process changed meanwhile are the new ones at once, as a job worked on
// the idle node would read them. The next request has it ask again at
// once.
func TestOtherWritersAskedOnlyWhileNeeded(t *testing.T) {
	dir := t.TempDir()
	st := testutil.OpenBunstore(t, testutil.DB{Name: "sqlite", DataDir: dir})
	otherSt := testutil.OpenStore(t, testutil.DB{Name: "sqlite", DataDir: dir})
	box, _, err := secret.LoadOrCreateKey(filepath.Join(dir, "k"))
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	node := app.New(st, box, mail.NewTerminal(io.Discard), log, app.Options{BaseURL: "http://127.0.0.1"})
	other := app.New(otherSt, box, mail.NewTerminal(io.Discard), log, app.Options{BaseURL: "http://127.0.0.1"})

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var asks atomic.Int64
	version := func(ctx context.Context) (int64, error) {
		asks.Add(1)
		return st.DataVersion(ctx)
	}
	const every = 10 * time.Millisecond
	done := make(chan struct{})
	go func() { node.FollowOtherWriters(ctx, version, every); close(done) }()

	// Requests every few milliseconds: it asks throughout.
	start := asks.Load()
	for end := time.Now().Add(200 * time.Millisecond); time.Now().Before(end); time.Sleep(3 * time.Millisecond) {
		node.NoteRequest()
	}
	if n := asks.Load() - start; n < 5 {
		t.Fatalf("asked %d times in 200 ms of requests, every 10 ms", n)
	}
	lines := func() string { t.Helper(); return usLines(t, node) }
	if got := lines(); !strings.Contains(got, "988") {
		t.Fatalf("the US lines do not name 988: %q", got)
	}

	// No request: it stops asking within a few asks (300 ms without one,
	// within ten seconds on a busy machine).
	var quiet int64
	for end := time.Now().Add(10 * time.Second); ; {
		quiet = asks.Load()
		time.Sleep(30 * every)
		if asks.Load() == quiet {
			break
		}
		if time.Now().After(end) {
			t.Fatalf("still asking %v after the last request, with no socket open", time.Since(end)+10*time.Second)
		}
	}

	// Another process adds a line meanwhile; the idle node shows it at
	// once, without asking.
	addWarmline(t, otherSt, other)
	if got := lines(); !strings.Contains(got, "Night warmline") {
		t.Fatalf("the idle node does not show the line another process added: %q", got)
	}
	if n := asks.Load() - quiet; n != 0 {
		t.Fatalf("reading the lines on the idle node asked %d times", n)
	}

	// A request has it ask again at once, and go on asking.
	node.NoteRequest()
	for end := time.Now().Add(5 * time.Second); asks.Load() == quiet; time.Sleep(time.Millisecond) {
		if time.Now().After(end) {
			t.Fatal("a request did not have the idle node ask again")
		}
	}
	for end := time.Now().Add(5 * time.Second); asks.Load()-quiet < 3; time.Sleep(every) {
		if time.Now().After(end) {
			t.Fatalf("after a request it asked %d times in five seconds, every 10 ms", asks.Load()-quiet)
		}
	}
	if got := lines(); !strings.Contains(got, "Night warmline") {
		t.Fatalf("after the request the node shows %q", got)
	}
	cancel()
	<-done
}
