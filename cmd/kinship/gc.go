package main

import (
	"os"
	"runtime/debug"
	"strconv"
	"strings"
)

// serverGCPercent is the collector's target a server runs with when its
// operator set neither GOGC nor GOMEMLIMIT: the heap may grow to
// (1 + serverGCPercent/100) times what is live before the collector runs,
// against Go's default of 2 times (GOGC=100). A node's heap is mostly
// garbage made per request (pages, frames, rows), so the collector ran
// often over a small live heap and cost about a tenth of the node's CPU
// under the simulator; fewer cycles cost memory instead (BENCHMARKS.md,
// "Capacity, fourteenth round: sockets and network writes").
const serverGCPercent = 200

// memoryLimitShare is the part of the container's memory limit (cgroup)
// that the server's heap is held under when its operator set no GOGC or
// GOMEMLIMIT: near it, the collector runs as often as it must, so the
// higher target never takes the node past the limit it would have kept
// at Go's default.
const memoryLimitShare = 0.75

// gcDefaults sets the collector for a server whose operator set neither
// GOGC nor GOMEMLIMIT (either one, set in the environment, is theirs and
// left alone, as Go reads them): serverGCPercent, and a soft memory limit
// of memoryLimitShare of the container's limit when there is one. It
// reports what it set (0, 0 when nothing).
func gcDefaults(getenv func(string) string, cgroupLimit func() int64) (percent int, limit int64) {
	if getenv("GOGC") != "" || getenv("GOMEMLIMIT") != "" {
		return 0, 0
	}
	debug.SetGCPercent(serverGCPercent)
	if l := cgroupLimit(); l > 0 {
		limit = int64(float64(l) * memoryLimitShare)
		debug.SetMemoryLimit(limit)
	}
	return serverGCPercent, limit
}

// cgroupMemoryLimit is the memory limit of the container the process runs
// in (cgroup v2's memory.max, or v1's memory.limit_in_bytes), 0 when none
// is set or none can be read.
func cgroupMemoryLimit() int64 {
	for _, f := range []string{"/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"} {
		b, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		n, err := strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64)
		// "max", or v1's "no limit" (a page-rounded maximum int64).
		if err != nil || n <= 0 || n >= 1<<62 {
			return 0
		}
		return n
	}
	return 0
}
