// Command notifyload finds where PostgreSQL LISTEN/NOTIFY, the broker
// Kinship's nodes share, saturates: each of N nodes listens with
// realtime.PGBroker (the code the server runs) and publishes through its
// own pool of 20 connections, as a node does, at a rising target rate of
// events per second shared among the nodes. Every node receives every
// event. For each node count and rate it reports the rate achieved, the
// events each node received, the publish-to-receive latency and the
// PostgreSQL backends' CPU time. Each NOTIFY is its own transaction, as in
// the server, so its commit takes PostgreSQL's global notification lock.
// Loopback only; every loop is bounded.
//
//	go run ./bench/notifyload                       # nodes 1,3,6; rates up to 16,000/s
//	go run ./bench/notifyload -nodes 3 -rates 2000,4000
package main

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"
	"github.com/oklog/ulid/v2"

	"github.com/kinshiprecovery/kinship/bench/internal/benchproc"
	"github.com/kinshiprecovery/kinship/internal/realtime"
)

func main() {
	pg := flag.String("pg", os.Getenv("KINSHIP_TEST_POSTGRES_URL"), "PostgreSQL server URL (a database is created on it and dropped after)")
	nodesFlag := flag.String("nodes", "1,3,6", "node counts to try")
	ratesFlag := flag.String("rates", "500,1000,2000,4000,8000,16000", "target events per second over all nodes, in order (a rate's run stops the ramp when it saturates)")
	dur := flag.Duration("step", 8*time.Second, "length of each rate")
	flag.Parse()
	if *pg == "" {
		fmt.Fprintln(os.Stderr, "notifyload: give -pg or KINSHIP_TEST_POSTGRES_URL")
		os.Exit(2)
	}
	nodes, err1 := ints(*nodesFlag)
	rates, err2 := ints(*ratesFlag)
	if err1 != nil || err2 != nil {
		fmt.Fprintln(os.Stderr, "notifyload: -nodes and -rates are whole numbers separated by commas")
		os.Exit(2)
	}
	if err := run(*pg, nodes, rates, *dur); err != nil {
		fmt.Fprintln(os.Stderr, "notifyload:", err)
		os.Exit(1)
	}
}

func ints(s string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			return nil, fmt.Errorf("bad number %q", f)
		}
		out = append(out, n)
	}
	return out, nil
}

// node is one listening and publishing node.
type node struct {
	db     *sql.DB
	broker *realtime.PGBroker
	got    atomic.Int64
	mu     sync.Mutex
	lat    []time.Duration
	on     atomic.Bool
	ready  chan struct{}
	once   sync.Once
}

func (n *node) Receive(ev realtime.Event) {
	if !n.on.Load() {
		return
	}
	sent, err := strconv.ParseInt(ev.Note, 10, 64)
	if err != nil {
		return
	}
	d := time.Since(time.Unix(0, sent))
	n.got.Add(1)
	n.mu.Lock()
	n.lat = append(n.lat, d)
	n.mu.Unlock()
}
func (n *node) Resync() {}

func run(pgURL string, nodeCounts, rates []int, dur time.Duration) error {
	admin, err := sql.Open("pgx", pgURL)
	if err != nil {
		return err
	}
	defer admin.Close()
	name := fmt.Sprintf("kinship_notifyload_%d", time.Now().UnixNano())
	if _, err := admin.Exec("CREATE DATABASE " + name); err != nil {
		return err
	}
	defer admin.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
	u, _ := url.Parse(pgURL)
	u.Path = "/" + name
	dsn := u.String()
	var version string
	admin.QueryRow("SHOW server_version").Scan(&version)
	fmt.Printf("notifyload: PostgreSQL %s on loopback; %d s per rate; %s\n\n", version, int(dur.Seconds()), benchproc.Machine())
	fmt.Println("| nodes | target events/s | published/s | received per node/s | delivery p50 | delivery p99 | PostgreSQL CPU per 1,000 events | publish errors | saturated |")
	fmt.Println("|---|---|---|---|---|---|---|---|---|")
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	for _, nn := range nodeCounts {
		ctx, cancel := context.WithCancel(context.Background())
		var ns []*node
		for i := 0; i < nn; i++ {
			db, err := sql.Open("pgx", dsn)
			if err != nil {
				cancel()
				return err
			}
			db.SetMaxOpenConns(20)
			n := &node{db: db, ready: make(chan struct{})}
			n.broker = &realtime.PGBroker{DSN: dsn, DB: db, Name: fmt.Sprint("notifyload-", i), Log: log, Connected: func() { n.once.Do(func() { close(n.ready) }) }}
			go n.broker.Run(ctx, n)
			ns = append(ns, n)
		}
		for _, n := range ns {
			select {
			case <-n.ready:
			case <-time.After(30 * time.Second):
				cancel()
				return fmt.Errorf("a listener did not connect in 30 s")
			}
		}
		for _, rate := range rates {
			saturated := step(admin, name, ns, rate, dur)
			if saturated {
				break
			}
		}
		cancel()
		for _, n := range ns {
			n.db.Close()
		}
		time.Sleep(500 * time.Millisecond)
	}
	return nil
}

// step publishes at rate events/s over all nodes for dur and prints a row;
// it reports whether the broker saturated (under 95% of the target
// published or delivered, or p99 over 100 ms).
func step(admin *sql.DB, dbName string, ns []*node, rate int, dur time.Duration) bool {
	for _, n := range ns {
		n.got.Store(0)
		n.mu.Lock()
		n.lat = n.lat[:0]
		n.mu.Unlock()
		n.on.Store(true)
	}
	tokens := make(chan struct{}, rate)
	var published, failed atomic.Int64
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	// Twenty publishers per node, as many as a node's pool has connections.
	for _, n := range ns {
		for w := 0; w < 20; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				conv, author := ulid.Make().String(), ulid.Make().String()
				for i := int64(1); ; i++ {
					select {
					case <-ctx.Done():
						return
					case <-tokens:
					}
					ev := realtime.Event{Kind: realtime.KindChange, Conv: conv, Change: i, Author: author, Message: ulid.Make().String(), Note: strconv.FormatInt(time.Now().UnixNano(), 10)}
					if err := n.broker.Publish(ctx, ev); err != nil {
						if ctx.Err() == nil {
							failed.Add(1)
						}
						continue
					}
					published.Add(1)
				}
			}()
		}
	}
	cpu0 := benchproc.PGBackendsCPU(admin, dbName)
	start := time.Now()
	tick := time.NewTicker(time.Millisecond)
	owed := 0.0
	for time.Since(start) < dur {
		<-tick.C
		owed += float64(rate) / 1000
		for ; owed >= 1; owed-- {
			select {
			case tokens <- struct{}{}:
			default: // the publishers are behind by a second's worth: drop
			}
		}
	}
	tick.Stop()
	cancel()
	wg.Wait()
	wall := time.Since(start)
	pub := published.Load()
	// Let deliveries drain, up to five seconds.
	for t := 0; t < 50; t++ {
		all := true
		for _, n := range ns {
			if n.got.Load() < pub {
				all = false
			}
		}
		if all {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	cpu := benchproc.PGBackendsCPU(admin, dbName) - cpu0
	var lat []time.Duration
	var got int64
	for _, n := range ns {
		n.on.Store(false)
		n.mu.Lock()
		lat = append(lat, n.lat...)
		n.mu.Unlock()
		got += n.got.Load()
	}
	slices.Sort(lat)
	p := func(q float64) time.Duration {
		if len(lat) == 0 {
			return 0
		}
		return lat[int(float64(len(lat)-1)*q)]
	}
	pubRate := float64(pub) / wall.Seconds()
	perNode := float64(got) / float64(len(ns)) / wall.Seconds()
	sat := pubRate < 0.95*float64(rate) || perNode < 0.95*pubRate || p(0.99) > 100*time.Millisecond
	cpuPer := 0.0
	if pub > 0 {
		cpuPer = cpu.Seconds() * 1000 / float64(pub)
	}
	fmt.Printf("| %d | %d | %.0f | %.0f | %.1f ms | %.1f ms | %.3f s | %d | %v |\n", len(ns), rate, pubRate, perNode,
		float64(p(0.5))/1e6, float64(p(0.99))/1e6, cpuPer, failed.Load(), yes(sat))
	return sat
}

func yes(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
