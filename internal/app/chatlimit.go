package app

import (
	"sync"
	"time"

	"github.com/kinshiprecovery/kinship/internal/model"
)

// memLimiter counts chat actions per key in one-minute windows in this
// node's memory: chat is too frequent to count each message in the
// database. With several nodes a person's allowance is per node.
type memLimiter struct {
	now   func() time.Time
	mu    sync.Mutex
	start time.Time
	count map[string]int
}

// over reports whether key has been counted more than n times this minute.
func (l *memLimiter) over(key string, n int) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.count[key] > n
}

// allow counts one action for key and refuses it beyond max a minute.
func (l *memLimiter) allow(key string, max int) error {
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.count == nil || now.Sub(l.start) >= time.Minute || now.Before(l.start) {
		l.start, l.count = now, map[string]int{}
	}
	l.count[key]++
	if l.count[key] > max {
		wait := int(time.Minute-now.Sub(l.start))/int(time.Second) + 1
		return &model.Error{Kind: model.KindRateLimited, Message: "you are sending very fast; wait a moment and try again", RetryAfterSeconds: wait}
	}
	return nil
}
