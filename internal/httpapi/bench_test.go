package httpapi_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// benchEnv opens a server for a benchmark on SQLite, or on PostgreSQL when
// KINSHIP_TEST_POSTGRES_URL is set and KINSHIP_BENCH_DB=postgres.
func benchEnv(b *testing.B) *env {
	db := testutil.DB{Name: "sqlite", DataDir: b.TempDir()}
	if testutil.BenchDB() == "postgres" {
		db = testutil.DB{Name: "postgres", URL: testutil.PostgresURL(b)}
	}
	return newEnvTB(b, db)
}

// BenchmarkSignup measures a whole sign-up request (argon2id dominates).
func BenchmarkSignup(b *testing.B) {
	e := benchEnv(b)
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		r := e.do("POST", "/api/v1/auth/signup", "", map[string]string{"email": fmt.Sprintf("u%d@example.org", i), "password": goodPassword, "display_name": "Bench"})
		if r.Status != http.StatusCreated {
			b.Fatalf("%d %s", r.Status, r.Body)
		}
		if i%15 == 14 {
			e.clock.Advance(61 * 60e9) // keep under the per-address sign-up limit
		}
	}
}

// BenchmarkLogin measures a whole sign-in request.
func BenchmarkLogin(b *testing.B) {
	e := benchEnv(b)
	e.signupLogin("bench@example.org", goodPassword, "Bench")
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		if i%9 == 8 {
			e.clock.Advance(16 * 60e9) // keep under the per-account limit
		}
		e.login("bench@example.org", goodPassword, "")
	}
}

// BenchmarkGetMe measures an authenticated read that unseals a profile.
func BenchmarkGetMe(b *testing.B) {
	e := benchEnv(b)
	_, tok := e.signupLogin("bench@example.org", goodPassword, "Bench")
	e.do("PATCH", "/api/v1/me", tok, map[string]any{"bio": "Benchmarking", "substances": []string{"alcohol"}})
	b.ResetTimer()
	for b.Loop() {
		if r := e.do("GET", "/api/v1/me", tok, nil); r.Status != http.StatusOK {
			b.Fatal(r.Status)
		}
	}
}
