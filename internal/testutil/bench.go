package testutil

import "os"

// BenchDB names the database benchmarks run on: "postgres" when
// KINSHIP_BENCH_DB=postgres, else "sqlite".
func BenchDB() string {
	if os.Getenv("KINSHIP_BENCH_DB") == "postgres" {
		return "postgres"
	}
	return "sqlite"
}
