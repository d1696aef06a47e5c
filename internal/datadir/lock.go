// Package datadir guards a SQLite data directory so that only one Kinship
// server uses it at a time: a second one would commit writes that the
// first one's live sockets never hear of.
package datadir

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// LockName is the file in the data directory that the running server holds.
const LockName = "kinship.lock"

// Lock is a held data-directory lock; Release gives it up (so does the
// process ending, however it ends).
type Lock struct {
	f *os.File
}

// HeldError says which process holds the directory.
type HeldError struct {
	Dir    string
	Holder string // "PID 123, started 2026-12-04 16:20:01 UTC", or "" when unknown
}

func (e *HeldError) Error() string {
	who := e.Holder
	if who == "" {
		who = "another process"
	}
	return fmt.Sprintf("the data directory %s is in use by another kinship serve (%s); stop that one first, or give this one its own --data-dir", e.Dir, who)
}

// Acquire takes the exclusive lock on dir at once or fails with a
// *HeldError naming the holder; it never waits.
func Acquire(dir string) (*Lock, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("create data directory: %w", err)
	}
	path := filepath.Join(dir, LockName)
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open lock file: %w", err)
	}
	if err := lockFile(f); err != nil {
		f.Close()
		if errors.Is(err, errHeld) {
			b, _ := os.ReadFile(path)
			abs, _ := filepath.Abs(dir)
			return nil, &HeldError{Dir: abs, Holder: strings.TrimSpace(string(b))}
		}
		return nil, fmt.Errorf("lock data directory: %w", err)
	}
	holder := fmt.Sprintf("PID %d, started %s", os.Getpid(), time.Now().UTC().Format("2006-01-02 15:04:05 MST"))
	if err := f.Truncate(0); err == nil {
		_, _ = f.WriteAt([]byte(holder+"\n"), 0)
		_ = f.Sync()
	}
	return &Lock{f: f}, nil
}

// Release gives the lock up.
func (l *Lock) Release() {
	if l == nil || l.f == nil {
		return
	}
	_ = l.f.Truncate(0)
	_ = unlockFile(l.f)
	_ = l.f.Close()
	l.f = nil
}
