package bunstore

import (
	"sync"
	"sync/atomic"
)

// keptMap is what the store keeps of its reads' statements, by the
// statement's text, bounded: the reader connections' kept statements on
// SQLite (keeps) and the reads' statements with their values apart on
// PostgreSQL (pgStmtFor). The texts are the store's own, so they are
// few; the bound only stops a text built from values (an IN list past
// maxKeptInList, a statement the store was never meant to keep) from
// growing it without end: past it, nothing more is kept and those reads
// go as they would without it.
type keptMap[V any] struct {
	m     sync.Map // text -> V
	count atomic.Int64
	max   int64
}

// newKeptMap keeps at most max texts.
func newKeptMap[V any](max int64) *keptMap[V] {
	return &keptMap[V]{max: max}
}

// load returns text's value, if it is kept.
func (k *keptMap[V]) load(text string) (V, bool) {
	v, ok := k.m.Load(text)
	if !ok {
		var zero V
		return zero, false
	}
	return v.(V), true
}

// loadOrStore returns text's value, keeping v for it when it had none
// and the map is not full; ok is false when text is not kept (v was not
// kept either).
func (k *keptMap[V]) loadOrStore(text string, v V) (V, bool) {
	if got, ok := k.load(text); ok {
		return got, true
	}
	if k.count.Load() >= k.max {
		var zero V
		return zero, false
	}
	got, loaded := k.m.LoadOrStore(text, v)
	if !loaded {
		k.count.Add(1)
	}
	return got.(V), true
}

// len is how many texts are kept.
func (k *keptMap[V]) len() int64 { return k.count.Load() }

// texts are the texts kept.
func (k *keptMap[V]) texts() []string {
	var out []string
	k.m.Range(func(t, _ any) bool { out = append(out, t.(string)); return true })
	return out
}
