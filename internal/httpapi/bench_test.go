package httpapi_test

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kinshiprecovery/kinship/internal/app"

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

// BenchmarkCheckin measures the check-in write path: a whole HTTP request
// that validates, seals and upserts the day's check-in. Each iteration is a
// round of members after the first updates the day's check-in, which is
// the same seal-and-upsert path.
func BenchmarkCheckin(b *testing.B) {
	e := benchEnv(b)
	const members = 50
	e.signupLogin("admin@example.org", goodPassword, "Admin")
	toks := make([]string, members)
	for i := range toks {
		if i%15 == 13 {
			e.clock.Advance(61 * 60e9)
		}
		_, toks[i] = e.signupLogin(fmt.Sprintf("m%d@example.org", i), goodPassword, "Member")
	}
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		r := e.do("POST", "/api/v1/checkins", toks[i%members], map[string]any{"mood": 3, "craving": 4, "used": false, "note": "a steady day", "tags": []string{"work"}})
		if r.Status != http.StatusCreated && r.Status != http.StatusOK {
			b.Fatalf("%d %s", r.Status, r.Body)
		}
	}
}

// BenchmarkSendMessage measures posting to a group's chat through the use
// case the socket and the HTTP route share: access check, sealing, group
// commit, and encoding the frame once (no one is connected).
func BenchmarkSendMessage(b *testing.B) {
	e := benchEnv(b)
	e.signupLogin("admin@example.org", goodPassword, "Admin")
	_, tok := e.signupLogin("bench@example.org", goodPassword, "Bench")
	gid := e.newGroup(tok, "Bench group", "listed")
	// Forty members share the load, each well under the flood limit.
	var ctxs []context.Context
	for i := 0; i < 40; i++ {
		if i%10 == 9 {
			e.clock.Advance(61 * time.Minute) // the per-address sign-up limit
		}
		_, t := e.signupLogin(fmt.Sprintf("m%d@example.org", i), goodPassword, fmt.Sprint("Member ", i))
		expectStatus(b, e.do("POST", "/api/v1/groups/"+gid+"/join", t, nil), http.StatusOK)
		act, err := e.app.Authenticate(b.Context(), t)
		if err != nil {
			b.Fatal(err)
		}
		ctxs = append(ctxs, app.WithActor(b.Context(), act))
	}
	var n atomic.Int64
	b.SetParallelism(16)
	b.ResetTimer()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			i := n.Add(1)
			if i%200 == 0 {
				e.clock.Advance(61 * time.Second)
			}
			if _, _, err := e.app.SendMessage(ctxs[i%40], gid, fmt.Sprint("k", i), "a message of about the usual length, written by a member of the group"); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "msgs/s")
}

// BenchmarkCheckinWithPartnerAlerts measures the check-in write path under
// concurrency with its partner side: 25 members, each with a partner who
// asked to hear of a craving of 7 or more and who gets notification emails.
// Cravings alternate high and low, so every other check-in notifies the
// partner (in-app and a queued email, in the check-in's transaction).
// Reports check-ins per second and the p99 of the whole HTTP request.
func BenchmarkCheckinWithPartnerAlerts(b *testing.B) {
	e := benchEnv(b)
	e.signupLogin("admin@example.org", goodPassword, "Admin")
	const pairs = 25
	toks := make([]string, pairs)
	for i := 0; i < pairs; i++ {
		if i%7 == 6 {
			e.clock.Advance(61 * time.Minute) // the per-address sign-up limit
		}
		_, toks[i] = e.signupLogin(fmt.Sprintf("m%d@example.org", i), goodPassword, "Member")
		pid, pTok := e.signupLogin(fmt.Sprintf("p%d@example.org", i), goodPassword, "Partner")
		id := e.do("POST", "/api/v1/partners", toks[i], map[string]string{"user_id": pid}).JSON(b)["id"].(string)
		expectStatus(b, e.do("POST", "/api/v1/partners/"+id+"/accept", pTok, nil), http.StatusOK)
		expectStatus(b, e.do("PATCH", "/api/v1/partners/"+id, toks[i], map[string]any{"share": map[string]bool{"checkin_done": true, "craving": true}, "rules": map[string]int{"craving_at_least": 7}}), http.StatusOK)
		expectStatus(b, e.do("PUT", "/api/v1/me/notification-settings", pTok, map[string]bool{"email": true}), http.StatusNoContent)
	}
	var n atomic.Int64
	var mu sync.Mutex
	var lat []time.Duration
	b.SetParallelism(4)
	b.ResetTimer()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		var local []time.Duration
		for pb.Next() {
			i := n.Add(1)
			craving := 2
			if (i/pairs)%2 == 0 {
				craving = 9
			}
			t0 := time.Now()
			r := e.do("POST", "/api/v1/checkins", toks[i%pairs], map[string]any{"mood": 3, "craving": craving, "used": false, "note": "a day like others"})
			local = append(local, time.Since(t0))
			if r.Status != http.StatusCreated && r.Status != http.StatusOK {
				b.Errorf("%d %s", r.Status, r.Body)
				return
			}
		}
		mu.Lock()
		lat = append(lat, local...)
		mu.Unlock()
	})
	elapsed := time.Since(start)
	slices.Sort(lat)
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "checkins/s")
	if len(lat) > 0 {
		b.ReportMetric(float64(lat[len(lat)*99/100])/1e6, "p99-ms")
	}
}
