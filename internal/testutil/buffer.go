package testutil

import (
	"strings"
	"sync"
)

// SyncBuffer is an io.Writer that a server's goroutines write to (its log,
// or the email it prints) while a test reads what was written so far.
type SyncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *SyncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

// String is everything written so far.
func (s *SyncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

// Reset forgets what was written.
func (s *SyncBuffer) Reset() { s.mu.Lock(); defer s.mu.Unlock(); s.b.Reset() }
