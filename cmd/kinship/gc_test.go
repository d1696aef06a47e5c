package main

import (
	"math"
	"runtime/debug"
	"testing"
)

// TestCollectorDefaultsOnlyWhenTheOperatorSetNone: with neither GOGC nor
// GOMEMLIMIT set, a server runs the collector at serverGCPercent and holds
// its heap under three quarters of the container's memory limit (none
// without a limit); either variable set leaves the collector as Go set it
// from the environment.
func TestCollectorDefaultsOnlyWhenTheOperatorSetNone(t *testing.T) {
	percent0 := debug.SetGCPercent(100)
	limit0 := debug.SetMemoryLimit(math.MaxInt64)
	t.Cleanup(func() { debug.SetGCPercent(percent0); debug.SetMemoryLimit(limit0) })
	current := func() (int, int64) {
		p := debug.SetGCPercent(-1)
		debug.SetGCPercent(p)
		return p, debug.SetMemoryLimit(-1)
	}
	env := func(kv ...string) func(string) string {
		return func(k string) string {
			for i := 0; i+1 < len(kv); i += 2 {
				if kv[i] == k {
					return kv[i+1]
				}
			}
			return ""
		}
	}
	gib := func() int64 { return 1 << 30 }
	none := func() int64 { return 0 }

	for _, set := range [][]string{{"GOGC", "50"}, {"GOGC", "off"}, {"GOMEMLIMIT", "2GiB"}} {
		if p, l := gcDefaults(env(set...), gib); p != 0 || l != 0 {
			t.Fatalf("with %s=%s the server set GOGC %d and a limit of %d", set[0], set[1], p, l)
		}
		if p, l := current(); p != 100 || l != math.MaxInt64 {
			t.Fatalf("with %s=%s the collector is at %d%% with a limit of %d, want Go's own (100, none)", set[0], set[1], p, l)
		}
	}
	if p, l := gcDefaults(env(), none); p != serverGCPercent || l != 0 {
		t.Fatalf("without a container limit: GOGC %d, limit %d", p, l)
	}
	if p, l := current(); p != serverGCPercent || l != math.MaxInt64 {
		t.Fatalf("without a container limit the collector is at %d%% with a limit of %d", p, l)
	}
	if p, l := gcDefaults(env("KINSHIP_ADDR", ":8080"), gib); p != serverGCPercent || l != 3<<28 {
		t.Fatalf("in a container of 1 GiB: GOGC %d, limit %d, want %d and %d", p, l, serverGCPercent, 3<<28)
	}
	if p, l := current(); p != serverGCPercent || l != 3<<28 {
		t.Fatalf("in a container of 1 GiB the collector is at %d%% with a limit of %d", p, l)
	}
}
