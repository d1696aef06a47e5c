package httpapi_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/kinshiprecovery/kinship/internal/httpapi"
	"github.com/kinshiprecovery/kinship/internal/store/bunstore"
	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// TestMetricsNeedTheTokenAndCountNoSupportAlerts: /metrics is off without
// KINSHIP_METRICS_TOKEN, refuses a request without the token, and with it
// counts requests by route but says nothing about "I need support now".
func TestMetricsNeedTheTokenAndCountNoSupportAlerts(t *testing.T) {
	e := newEnv(t, testutil.DB{Name: "sqlite", DataDir: t.TempDir()})
	if r := e.do("GET", "/metrics", "", nil); r.Status != http.StatusNotFound || !strings.Contains(r.String(), "metrics are off") {
		t.Fatalf("metrics without a configured token: %d %s", r.Status, r.Body)
	}
	e.signupLogin("admin@example.org", goodPassword, "Admin")
	_, tok := e.signupLogin("ana@example.org", goodPassword, "Ana")

	srv := httpapi.New(e.app, slog.New(slog.NewTextHandler(io.Discard, nil)), httpapi.Options{BaseURL: e.http.URL, MetricsToken: "s3cret-metrics-token"})
	call := func(method, path, auth string) (int, string) {
		req := httptest.NewRequest(method, path, nil)
		if auth != "" {
			req.Header.Set("Authorization", "Bearer "+auth)
		}
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		return rec.Code, rec.Body.String()
	}
	if st, body := call("POST", "/api/v1/support/alerts", tok); st != http.StatusCreated {
		t.Fatalf("ask for support: %d %s", st, body)
	}
	call("GET", "/api/v1/support/alerts", tok)
	call("GET", "/api/v1/me", tok)
	for _, auth := range []string{"", "wrong-token", tok} {
		if st, body := call("GET", "/metrics", auth); st != http.StatusUnauthorized || !strings.Contains(body, "KINSHIP_METRICS_TOKEN") {
			t.Fatalf("metrics with %q: %d %s", auth, st, body)
		}
	}
	st, body := call("GET", "/metrics", "s3cret-metrics-token")
	if st != http.StatusOK || !strings.Contains(body, `kinship_http_requests_total{code="2xx",route="GET /api/v1/me"} 1`) {
		t.Fatalf("metrics with the token: %d\n%s", st, body)
	}
	if strings.Contains(body, "support") || strings.Contains(body, "crisis") {
		t.Fatalf("metrics count support or crisis requests:\n%s", body)
	}
}

// TestMetricsReportThePools: with the node's pools given, /metrics says
// how many of each pool's connections are in use and how often and how
// long a request waited for one (SQLite: the writer's and the readers'),
// and how often and how long writes waited in the store's own queue for
// SQLite's one writer.
func TestMetricsReportThePools(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		e, _ := newEnvWithAdmin(t, db)
		pools := e.store.(*bunstore.Store).Pools()
		srv := httpapi.New(e.app, slog.New(slog.NewTextHandler(io.Discard, nil)), httpapi.Options{BaseURL: e.http.URL, MetricsToken: "s3cret-metrics-token", Pools: pools,
			WriterQueue: e.store.(*bunstore.Store).WriterQueue})
		req := httptest.NewRequest("GET", "/metrics", nil)
		req.Header.Set("Authorization", "Bearer s3cret-metrics-token")
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		body := rec.Body.String()
		want := map[string][]string{"sqlite": {"writer", "reader"}, "postgres": {"postgres"}}[db.Name]
		if len(pools) != len(want) {
			t.Fatalf("pools %v, want %v", pools, want)
		}
		for _, name := range want {
			for _, metric := range []string{"go_sql_in_use_connections", "go_sql_max_open_connections", "go_sql_wait_count_total", "go_sql_wait_duration_seconds_total"} {
				if line := metric + `{db_name="` + name + `"} `; rec.Code != http.StatusOK || !strings.Contains(body, line) {
					t.Fatalf("/metrics (%d) has no %q:\n%s", rec.Code, line, body)
				}
			}
		}
		// The SQLite store's own queue for its one writer (zero on
		// PostgreSQL, which has none).
		for _, line := range []string{"kinship_writer_queue_waits_total ", "kinship_writer_queue_wait_seconds_total "} {
			if !strings.Contains(body, line) {
				t.Fatalf("/metrics has no %q:\n%s", line, body)
			}
		}
		// How long goroutines waited to run once they could: what tells a
		// pool held by goroutines waiting for the node's core from one
		// held by the database.
		for _, line := range []string{`go_sched_latencies_seconds_bucket{le="`, "go_sched_latencies_seconds_count "} {
			if !strings.Contains(body, line) {
				t.Fatalf("/metrics has no %q:\n%s", line, body)
			}
		}
	})
}
