package main

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
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
