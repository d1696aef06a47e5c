// Command idlecost measures what Kinship nodes cost doing nothing: it
// starts each build's nodes (`kinship serve`, nobody signed in) on a
// database of their own, lets them settle, and reads each node's CPU time
// (and, on PostgreSQL, its backends') from /proc over a window. Several
// builds given with -bin run at the same time, so that a busy machine's
// noise falls on each alike: the way to compare a change's fixed cost.
//
//	go build -o /tmp/ks-before ./cmd/kinship   # at the commit before
//	go build -o /tmp/ks-after ./cmd/kinship
//	go run ./bench/idlecost -bin /tmp/ks-before,/tmp/ks-after -db postgres -nodes 3
//
// Loopback only; PostgreSQL from -pg (KINSHIP_TEST_POSTGRES_URL), where a
// database per build is created and dropped after.
package main

import (
	"database/sql"
	"flag"
	"fmt"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"

	"github.com/kinshiprecovery/kinship/bench/internal/benchproc"
)

func main() {
	bins := flag.String("bin", "", "kinship binaries to measure, comma-separated (each builds its own nodes and database)")
	db := flag.String("db", "sqlite", "sqlite or postgres")
	pg := flag.String("pg", os.Getenv("KINSHIP_TEST_POSTGRES_URL"), "PostgreSQL server URL (a database per build is created on it and dropped after)")
	nodes := flag.Int("nodes", 1, "nodes per build (PostgreSQL only for more than one)")
	settle := flag.Duration("settle", 15*time.Second, "time left after the nodes start before measuring (migrations, periodic tasks run at start)")
	window := flag.Duration("window", 60*time.Second, "how long to measure")
	flag.Parse()
	if *bins == "" || (*db != "sqlite" && *db != "postgres") || *nodes < 1 || (*db == "sqlite" && *nodes > 1) {
		fmt.Fprintln(os.Stderr, "idlecost: give -bin, -db sqlite|postgres, and -nodes > 1 only on PostgreSQL")
		os.Exit(2)
	}
	var admin *sql.DB
	if *db == "postgres" {
		var err error
		if admin, err = sql.Open("pgx", *pg); err != nil {
			fail(err)
		}
		defer admin.Close()
	}
	list := strings.Split(*bins, ",")
	results := make([]string, len(list))
	var wg sync.WaitGroup
	for i, bin := range list {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out, err := measure(bin, *db, *pg, admin, *nodes, *settle, *window, i)
			if err != nil {
				out = fmt.Sprintf("%s: %v", bin, err)
			}
			results[i] = out
		}()
	}
	wg.Wait()
	fmt.Printf("idlecost: %s, %d node(s) per build, %v after %v settling; %s\n", *db, *nodes, *window, *settle, benchproc.Machine())
	for _, r := range results {
		fmt.Println(r)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "idlecost:", err)
	os.Exit(1)
}

// measure runs one build's nodes and reports their CPU per second.
func measure(bin, db, pg string, admin *sql.DB, n int, settle, window time.Duration, k int) (string, error) {
	dir, err := os.MkdirTemp("", "idlecost")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(dir)
	env := []string{"KINSHIP_KEY_FILE=" + filepath.Join(dir, "kinship.key")}
	dbName := ""
	if db == "postgres" {
		dbName = fmt.Sprintf("kinship_idlecost_%d_%d", time.Now().UnixNano(), k)
		if _, err := admin.Exec("CREATE DATABASE " + dbName); err != nil {
			return "", err
		}
		defer admin.Exec("DROP DATABASE " + dbName + " WITH (FORCE)")
		u, err := url.Parse(pg)
		if err != nil {
			return "", err
		}
		u.Path = "/" + dbName
		env = append(env, "KINSHIP_DATABASE_URL="+u.String())
	}
	var procs []*benchproc.Process
	defer func() {
		for _, p := range procs {
			p.Stop()
		}
	}()
	for i := range n {
		addr, err := freeAddr()
		if err != nil {
			return "", err
		}
		data := filepath.Join(dir, fmt.Sprintf("node%d", i))
		p, err := benchproc.Start(append(env, "KINSHIP_BASE_URL=http://"+addr), bin, "serve", "--addr", addr, "--data-dir", data)
		if err != nil {
			return "", err
		}
		procs = append(procs, p)
	}
	time.Sleep(settle)
	before := make([]time.Duration, n)
	for i, p := range procs {
		before[i] = p.CPU()
	}
	var pg0 time.Duration
	if admin != nil {
		pg0 = benchproc.PGBackendsCPU(admin, dbName)
	}
	t0 := time.Now()
	time.Sleep(window)
	secs := time.Since(t0).Seconds()
	var b strings.Builder
	var total time.Duration
	fmt.Fprintf(&b, "%s:", bin)
	for i, p := range procs {
		d := p.CPU() - before[i]
		total += d
		fmt.Fprintf(&b, " node %d %.2f ms/s;", i, ms(d)/secs)
	}
	fmt.Fprintf(&b, " nodes %.2f ms/s", ms(total)/secs)
	if admin != nil {
		fmt.Fprintf(&b, "; PostgreSQL's backends %.2f ms/s", ms(benchproc.PGBackendsCPU(admin, dbName)-pg0)/secs)
	}
	return b.String(), nil
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// freeAddr is a loopback address with a port free now.
func freeAddr() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer l.Close()
	return l.Addr().String(), nil
}
