package testutil

import (
	"os"
	"syscall"
	"time"
)

// BenchDB names the database benchmarks run on: "postgres" when
// KINSHIP_BENCH_DB=postgres, else "sqlite".
func BenchDB() string {
	if os.Getenv("KINSHIP_BENCH_DB") == "postgres" {
		return "postgres"
	}
	return "sqlite"
}

// ProcessCPU is this process's user and system CPU time so far: on a
// shared machine, CPU per operation is the figure a benchmark can stand
// on, where wall-clock time measures the other work running.
func ProcessCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
