// Command notifyload finds where the broker Kinship's nodes share
// saturates. With -broker postgres (the default) each of N nodes listens
// with realtime.PGBroker (the code the server runs) and publishes through
// its own pool of 20 connections, as a node does; each NOTIFY is its own
// transaction, as in the server, so its commit takes PostgreSQL's global
// notification lock, and every node receives every event. With -broker
// nats each node is a realtime.NATSBroker connected to a NATS server that
// notifyload runs as a child process of its own (or the one -nats names);
// a node receives the other nodes' events, not its own. Publishers send at
// a rising target rate of events per second shared among the nodes. For
// each node count and rate it reports the rate achieved, the events each
// node received, the publish-to-receive latency and the broker's CPU time
// (PostgreSQL's backends, or the NATS server process).
// Loopback only; every loop is bounded.
//
//	go run ./bench/notifyload                       # nodes 1,3,6; rates up to 16,000/s
//	go run ./bench/notifyload -nodes 3 -rates 2000,4000
//	go run ./bench/notifyload -broker nats -nodes 2,3,6 -rates 1000,4000,16000,64000
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
	brokerFlag := flag.String("broker", "postgres", "postgres or nats")
	natsURL := flag.String("nats", "", "with -broker nats: a running NATS server (default: start one as a child process, to measure its CPU apart)")
	all := flag.Bool("all", false, "try every rate, not stopping at the first saturated one (a starved machine's hiccup can break p99 at a low rate)")
	serveNATS := flag.Bool("serve-nats", false, "run only a NATS server on a free loopback port (how notifyload starts its child)")
	flag.Parse()
	if *serveNATS {
		if err := benchproc.ServeNATS(); err != nil {
			fmt.Fprintln(os.Stderr, "notifyload:", err)
			os.Exit(1)
		}
		return
	}
	if *brokerFlag != "postgres" && *brokerFlag != "nats" {
		fmt.Fprintln(os.Stderr, "notifyload: -broker is postgres or nats")
		os.Exit(2)
	}
	if *brokerFlag == "postgres" && *pg == "" {
		fmt.Fprintln(os.Stderr, "notifyload: give -pg or KINSHIP_TEST_POSTGRES_URL")
		os.Exit(2)
	}
	nodes, err1 := ints(*nodesFlag)
	rates, err2 := ints(*ratesFlag)
	if err1 != nil || err2 != nil {
		fmt.Fprintln(os.Stderr, "notifyload: -nodes and -rates are whole numbers separated by commas")
		os.Exit(2)
	}
	var err error
	if *brokerFlag == "nats" {
		err = runNATS(*natsURL, nodes, rates, *dur, *all)
	} else {
		err = run(*pg, nodes, rates, *dur, *all)
	}
	if err != nil {
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
	broker realtime.Broker
	sent   atomic.Int64 // published by this node in the current step
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

// connected marks the node ready once its broker has first connected.
func (n *node) connected() { n.once.Do(func() { close(n.ready) }) }

func run(pgURL string, nodeCounts, rates []int, dur time.Duration, all bool) error {
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
	header("PostgreSQL")
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	cpu := func() time.Duration { return benchproc.PGBackendsCPU(admin, name) }
	return ramp(nodeCounts, rates, dur, all, true, cpu, func(ctx context.Context, i int, n *node) (func(), error) {
		db, err := sql.Open("pgx", dsn)
		if err != nil {
			return nil, err
		}
		db.SetMaxOpenConns(20)
		pb := &realtime.PGBroker{DSN: dsn, DB: db, Name: fmt.Sprint("notifyload-", i), Log: log, Connected: n.connected}
		n.broker = pb
		go pb.Run(ctx, n)
		return func() { db.Close() }, nil
	})
}

// ramp runs the rates for each node count. open makes node i, its broker
// running until ctx ends, and returns what closes it.
func ramp(nodeCounts, rates []int, dur time.Duration, all, echo bool, cpu func() time.Duration, open func(ctx context.Context, i int, n *node) (func(), error)) error {
	for _, nn := range nodeCounts {
		ctx, cancel := context.WithCancel(context.Background())
		var ns []*node
		var closers []func()
		for i := 0; i < nn; i++ {
			n := &node{ready: make(chan struct{})}
			closeNode, err := open(ctx, i, n)
			if err != nil {
				cancel()
				return err
			}
			ns, closers = append(ns, n), append(closers, closeNode)
		}
		for _, n := range ns {
			select {
			case <-n.ready:
			case <-time.After(30 * time.Second):
				cancel()
				return fmt.Errorf("a node's broker did not connect in 30 s")
			}
		}
		for _, rate := range rates {
			if step(cpu, echo, ns, rate, dur) && !all {
				break
			}
		}
		cancel()
		for _, c := range closers {
			c()
		}
		time.Sleep(500 * time.Millisecond)
	}
	return nil
}

// step publishes at rate events/s over all nodes for dur and prints a row;
// it reports whether the broker saturated (under 95% of the target
// published or delivered, or p99 over 100 ms). cpu reads the broker's CPU
// time; echo says whether a node receives its own events.
func step(cpu func() time.Duration, echo bool, ns []*node, rate int, dur time.Duration) bool {
	for _, n := range ns {
		n.sent.Store(0)
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
					n.sent.Add(1)
				}
			}()
		}
	}
	cpu0, self0 := cpu(), benchproc.CPUOf(os.Getpid())
	start := time.Now()
	tick := time.NewTicker(time.Millisecond)
	// Owed events follow the clock, not the ticks: on a starved machine
	// ticks are dropped, and counting them would lower the rate offered.
	issued := 0
	for time.Since(start) < dur {
		<-tick.C
		for owed := int(float64(rate)*time.Since(start).Seconds()) - issued; owed > 0; owed-- {
			issued++
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
	// want is what n should receive: every event, or the others'.
	want := func(n *node) int64 {
		if echo {
			return pub
		}
		return pub - n.sent.Load()
	}
	var wantAll int64
	for _, n := range ns {
		wantAll += want(n)
	}
	// Let deliveries drain, up to five seconds.
	for t := 0; t < 50; t++ {
		all := true
		for _, n := range ns {
			if n.got.Load() < want(n) {
				all = false
			}
		}
		if all {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	used, self := cpu()-cpu0, benchproc.CPUOf(os.Getpid())-self0
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
	sat := pubRate < 0.95*float64(rate) || float64(got) < 0.95*float64(wantAll) || p(0.99) > 100*time.Millisecond
	cpuPer := "-"
	if pub > 0 && cpu0 >= 0 {
		cpuPer = fmt.Sprintf("%.3f s", used.Seconds()*1000/float64(pub))
	}
	selfPer := 0.0
	if pub > 0 {
		selfPer = self.Seconds() * 1000 / float64(pub)
	}
	fmt.Printf("| %d | %d | %.0f | %.0f | %.1f ms | %.1f ms | %s | %.3f s | %d | %v | %s |\n", len(ns), rate, pubRate, perNode,
		float64(p(0.5))/1e6, float64(p(0.99))/1e6, cpuPer, selfPer, failed.Load(), yes(sat), benchproc.LoadAverage())
	return sat
}

func yes(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func header(broker string) {
	fmt.Printf("| nodes | target events/s | published/s | received per node/s | delivery p50 | delivery p99 | %s CPU per 1,000 events | nodes' CPU per 1,000 events | publish errors | saturated | load average |\n", broker)
	fmt.Println("|---|---|---|---|---|---|---|---|---|---|---|")
}

// runNATS is run for -broker nats: nodes are NATSBrokers on one server.
func runNATS(url string, nodeCounts, rates []int, dur time.Duration, all bool) error {
	cpu := func() time.Duration { return -1 }
	where := "the NATS server at " + url
	if url == "" {
		p, err := benchproc.StartNATS("-serve-nats")
		if err != nil {
			return err
		}
		defer p.Stop()
		url, cpu = p.URL, p.CPU
		where = fmt.Sprintf("a NATS server %s in its own process", benchproc.NATSVersion)
	}
	fmt.Printf("notifyload: %s on loopback; %d s per rate; %s\n\n", where, int(dur.Seconds()), benchproc.Machine())
	header("NATS server")
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	return ramp(nodeCounts, rates, dur, all, false, cpu, func(ctx context.Context, i int, n *node) (func(), error) {
		b, err := realtime.DialNATS(realtime.NATSOptions{URL: url, Name: fmt.Sprint("notifyload-", i), Log: log})
		if err != nil {
			return nil, err
		}
		b.Connected = n.connected
		n.broker = b
		go b.Run(ctx, n)
		return func() { b.Close() }, nil
	})
}
