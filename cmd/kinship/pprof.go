//go:build pprof

package main

import (
	"net/http"
	_ "net/http/pprof" // profiling endpoints, in builds made with -tags pprof only
	"os"
	"runtime"
)

// A build with -tags pprof serves Go's profiler on KINSHIP_PPROF_ADDR (a
// loopback address), for measuring. Release builds do not contain it.
// There it also samples lock contention (/debug/pprof/mutex, one event in
// ten) and blocking (/debug/pprof/block, every wait of a millisecond or
// more), to tell a request slow for want of a core from one held behind a
// lock.
func init() {
	if addr := os.Getenv("KINSHIP_PPROF_ADDR"); addr != "" {
		runtime.SetMutexProfileFraction(10)
		runtime.SetBlockProfileRate(int(1e6))
		go http.ListenAndServe(addr, nil)
	}
}
