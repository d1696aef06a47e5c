//go:build pprof

package main

import (
	"net/http"
	_ "net/http/pprof" // profiling endpoints, in builds made with -tags pprof only
	"os"
)

// A build with -tags pprof serves Go's profiler on KINSHIP_PPROF_ADDR (a
// loopback address), for measuring. Release builds do not contain it.
func init() {
	if addr := os.Getenv("KINSHIP_PPROF_ADDR"); addr != "" {
		go http.ListenAndServe(addr, nil)
	}
}
