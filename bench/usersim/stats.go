package main

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"
)

// Kinds of measurement.
const (
	kPage   = "page"   // an HTML page as the browser asks for it
	kAsset  = "asset"  // a static file the page links (first page of a visit)
	kAPI    = "api"    // a JSON API call
	kSocket = "socket" // a socket opened until its hello
	kAck    = "ack"    // a socket request (send, react, read, history) until its answer
	kAlert  = "alert"  // "I need support now" until the partner's socket has it
)

// recorder gathers one step's latencies and errors.
type recorder struct {
	mu     sync.Mutex
	on     bool
	lat    map[string][]time.Duration
	errs   map[string]int
	sample map[string]string // one error description per kind and cause
	counts map[string]int    // actions by name
}

func newRecorder() *recorder {
	return &recorder{lat: map[string][]time.Duration{}, errs: map[string]int{}, sample: map[string]string{}, counts: map[string]int{}}
}

func (r *recorder) start() { r.mu.Lock(); r.on = true; r.mu.Unlock() }
func (r *recorder) stop()  { r.mu.Lock(); r.on = false; r.mu.Unlock() }

func (r *recorder) add(kind string, d time.Duration) {
	r.mu.Lock()
	if r.on {
		r.lat[kind] = append(r.lat[kind], d)
	}
	r.mu.Unlock()
}

// fail counts an error of kind; what says which request and how, with no
// one's data in it (a route pattern and a status).
func (r *recorder) fail(kind, what string) {
	r.mu.Lock()
	if r.on {
		r.errs[kind]++
		key := kind + ": " + what
		r.sample[key] = what
		r.counts["error "+key]++
	}
	r.mu.Unlock()
}

func (r *recorder) action(name string) {
	r.mu.Lock()
	if r.on {
		r.counts[name]++
	}
	r.mu.Unlock()
}

// pct returns the q-th percentile of kind's latencies and how many there were.
func (r *recorder) pct(kind string, q float64) (time.Duration, int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	xs := r.lat[kind]
	if len(xs) == 0 {
		return 0, 0
	}
	slices.Sort(xs)
	i := int(float64(len(xs)-1) * q)
	return xs[i], len(xs)
}

// requests counts every measured request and every error.
func (r *recorder) totals() (ok, failed int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for k, xs := range r.lat {
		if k != kAlert {
			ok += len(xs)
		}
	}
	for _, n := range r.errs {
		failed += n
	}
	return ok, failed
}

func (r *recorder) errorLines() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var keys []string
	for k := range r.counts {
		if strings.HasPrefix(k, "error ") {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		fmt.Fprintf(&b, "    %s × %d\n", strings.TrimPrefix(k, "error "), r.counts[k])
	}
	return b.String()
}

func (r *recorder) actionLine() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var keys []string
	for k := range r.counts {
		if !strings.HasPrefix(k, "error ") {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	var parts []string
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf("%s %d", k, r.counts[k]))
	}
	return strings.Join(parts, ", ")
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
