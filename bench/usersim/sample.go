package main

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/kinshiprecovery/kinship/bench/internal/benchproc"
)

// With -samples FILE, usersim reads each node's long-running state every
// -sample interval while a step runs and writes it as CSV, one row a node
// a reading, for a soak's picture (go run ./bench/soakplot): resident
// memory and the Go heap in use, goroutines and open files from the node's
// own /metrics (Prometheus' Go and process collectors, behind the bearer
// token usersim gives the node), its CPU time from /proc, and its database
// connections: on SQLite the open handles on kinship.db (one a pooled
// connection), on PostgreSQL the backends whose application_name is the
// node's name.

// sampleHeader names the CSV's columns.
const sampleHeader = "seconds,node,rss_mb,heap_inuse_mb,goroutines,open_fds,db_conns,cpu_s,load1"

// metricsToken is the bearer token usersim starts its nodes with.
var metricsToken = fmt.Sprintf("usersim-%d", time.Now().UnixNano())

// sampler writes readings of the cluster's nodes to a CSV file.
type sampler struct {
	c      *cluster
	f      *os.File
	w      *bufio.Writer
	client *http.Client
	t0     time.Time
}

func newSampler(c *cluster, path string) (*sampler, error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	s := &sampler{c: c, f: f, w: bufio.NewWriter(f), client: &http.Client{Timeout: 10 * time.Second}, t0: time.Now()}
	fmt.Fprintln(s.w, sampleHeader)
	return s, nil
}

// run reads every interval until ctx ends, and once more at the end.
func (s *sampler) run(ctx context.Context, every time.Duration) {
	tick := time.NewTicker(every)
	defer tick.Stop()
	s.read()
	for {
		select {
		case <-ctx.Done():
			s.read()
			s.w.Flush()
			return
		case <-tick.C:
			s.read()
			s.w.Flush()
		}
	}
}

func (s *sampler) close() { s.w.Flush(); s.f.Close() }

func (s *sampler) read() {
	at := time.Since(s.t0).Seconds()
	load := strings.Fields(benchproc.LoadAverage())
	load1 := ""
	if len(load) > 0 {
		load1 = strings.TrimSuffix(load[0], ",")
	}
	for i, p := range s.c.nodes {
		m := s.metrics(p.URL)
		pid := p.Cmd.Process.Pid
		conns := -1
		if s.c.pgAdmin != nil {
			_ = s.c.pgAdmin.QueryRow("SELECT count(*) FROM pg_stat_activity WHERE datname = $1 AND application_name = $2", s.c.dbName, fmt.Sprint("node-", i)).Scan(&conns)
		} else {
			conns = openHandles(pid, "kinship.db")
		}
		fmt.Fprintf(s.w, "%.0f,node-%d,%.1f,%.1f,%.0f,%.0f,%d,%.2f,%s\n", at, i, float64(benchproc.RSSOf(pid))/(1<<20),
			m["go_memstats_heap_inuse_bytes"]/(1<<20), m["go_goroutines"], m["process_open_fds"], conns, p.CPU().Seconds(), load1)
	}
}

// metrics reads the unlabelled values of a node's /metrics.
func (s *sampler) metrics(base string) map[string]float64 {
	out := map[string]float64{}
	req, _ := http.NewRequest(http.MethodGet, base+"/metrics", nil)
	req.Header.Set("Authorization", "Bearer "+metricsToken)
	resp, err := s.client.Do(req)
	if err != nil {
		return out
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		name, value, ok := strings.Cut(sc.Text(), " ")
		if !ok || strings.HasPrefix(name, "#") || strings.Contains(name, "{") {
			continue
		}
		if v, err := strconv.ParseFloat(value, 64); err == nil {
			out[name] = v
		}
	}
	return out
}

// nodeWaits is what a node's /metrics says it waited on, summed over its
// database pools (PostgreSQL's one; SQLite's writer and readers):
// database/sql's waits for a pooled connection (go_sql_wait_count_total,
// go_sql_wait_duration_seconds_total) and a SQLite node's own queue for
// its writer (kinship_writer_queue_*), and the Go scheduler's latencies
// (go_sched_latencies_seconds: how long goroutines that could run
// waited to run, including those holding a pooled connection whose answer
// had come back).
type nodeWaits struct {
	ok                   bool
	poolN, poolS         float64
	schedN, schedS       float64
	schedOver, schedLong float64 // over about 10 ms and about 117 ms
	// byPool are the waits of each pool (db_name: SQLite's "writer" and
	// "reader", PostgreSQL's "postgres"), [count, seconds].
	byPool map[string][2]float64
}

// sub is w less the reading before it.
func (w nodeWaits) sub(b nodeWaits) nodeWaits {
	d := nodeWaits{ok: w.ok && b.ok, poolN: w.poolN - b.poolN, poolS: w.poolS - b.poolS,
		schedN: w.schedN - b.schedN, schedS: w.schedS - b.schedS,
		schedOver: w.schedOver - b.schedOver, schedLong: w.schedLong - b.schedLong}
	for name, v := range w.byPool {
		if d.byPool == nil {
			d.byPool = map[string][2]float64{}
		}
		d.byPool[name] = [2]float64{v[0] - b.byPool[name][0], v[1] - b.byPool[name][1]}
	}
	return d
}

// String says it in a step's words.
func (w nodeWaits) String() string {
	s := fmt.Sprintf("%.0f waits for a pooled connection, %.2f s waited", w.poolN, w.poolS)
	if len(w.byPool) > 1 {
		names := make([]string, 0, len(w.byPool))
		for name := range w.byPool {
			names = append(names, name)
		}
		sort.Strings(names)
		var parts []string
		for _, name := range names {
			parts = append(parts, fmt.Sprintf("%s %.0f, %.2f s", name, w.byPool[name][0], w.byPool[name][1]))
		}
		s += " (" + strings.Join(parts, "; ") + ")"
	}
	if w.schedN > 0 {
		s += fmt.Sprintf("; goroutines waited %.2f ms on average to run once they could, %.2f%% over 10 ms, %.3f%% over 117 ms",
			1000*w.schedS/w.schedN, 100*w.schedOver/w.schedN, 100*w.schedLong/w.schedN)
	}
	return s
}

// pool adds v to the pool's count (k 0) or seconds (k 1); labels are
// the metric's, after its "{".
func (w *nodeWaits) pool(labels string, k int, v float64) {
	_, name, found := strings.Cut(labels, `db_name="`)
	if !found {
		return
	}
	name, _, _ = strings.Cut(name, `"`)
	if w.byPool == nil {
		w.byPool = map[string][2]float64{}
	}
	p := w.byPool[name]
	p[k] += v
	w.byPool[name] = p
}

// readWaits reads a node's nodeWaits; ok is false when it did not answer.
func readWaits(client *http.Client, base string) nodeWaits {
	var w nodeWaits
	req, _ := http.NewRequest(http.MethodGet, base+"/metrics", nil)
	req.Header.Set("Authorization", "Bearer "+metricsToken)
	resp, err := client.Do(req)
	if err != nil {
		return w
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	var under10, under117 float64
	for sc.Scan() {
		name, value, found := strings.Cut(sc.Text(), " ")
		if !found {
			continue
		}
		name, labels, _ := strings.Cut(name, "{")
		v, err := strconv.ParseFloat(value, 64)
		if err != nil {
			continue
		}
		switch name {
		case "go_sql_wait_count_total":
			w.poolN += v
			w.pool(labels, 0, v)
		case "go_sql_wait_duration_seconds_total":
			w.poolS += v
			w.pool(labels, 1, v)
		case "kinship_writer_queue_waits_total":
			// A SQLite node's writes wait in its own queue for the one
			// writer, one at a time in database/sql: counted with it.
			w.poolN += v
			w.pool(`db_name="writer queue"}`, 0, v)
		case "kinship_writer_queue_wait_seconds_total":
			w.poolS += v
			w.pool(`db_name="writer queue"}`, 1, v)
		case "go_sched_latencies_seconds_count":
			w.schedN = v
		case "go_sched_latencies_seconds_sum":
			w.schedS = v
		case "go_sched_latencies_seconds_bucket":
			// The runtime's buckets, as the collector reports them.
			le, _ := strconv.ParseFloat(strings.TrimSuffix(strings.TrimPrefix(labels, `le="`), `"}`), 64)
			switch {
			case le > 0.010 && le < 0.011:
				under10 = v
			case le > 0.11 && le < 0.12:
				under117 = v
			}
		}
	}
	w.schedOver, w.schedLong = w.schedN-under10, w.schedN-under117
	w.ok = resp.StatusCode == http.StatusOK
	return w
}

// openHandles counts process pid's open files named name.
func openHandles(pid int, name string) int {
	dir := fmt.Sprintf("/proc/%d/fd", pid)
	ents, err := os.ReadDir(dir)
	if err != nil {
		return -1
	}
	n := 0
	for _, e := range ents {
		if target, err := os.Readlink(filepath.Join(dir, e.Name())); err == nil && filepath.Base(target) == name {
			n++
		}
	}
	return n
}
