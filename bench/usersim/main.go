// Command usersim drives a running Kinship the way its people use it and
// reports what that costs: simulated members, mentors and facilitators
// (who set up two-factor login first, as Kinship asks of them) sign in with
// a browser's cookie, load pages with their static files and the socket
// each page opens, check in once a day, chat in their groups and with their
// accountability partner over the socket, react, read, scroll, search the
// group directory and the meeting finder, and now and then press "I need
// support now", which their partner's socket receives and acknowledges.
// Think times follow Mattermost's load-test defaults and can be compressed.
//
// It ramps the number of people in steps until a service-level objective
// breaks and reports, per step, throughput, latency percentiles, errors and
// the CPU time the server processes (and PostgreSQL's backends, and the
// load balancer) consumed, read from /proc, so that people per vCPU follow
// from CPU cost per simulated person-hour: a figure that holds on a shared
// machine, where wall-clock latency does not. Loopback only; every loop is
// bounded. BENCHMARKS.md says how to read the output.
//
//	go run ./bench/usersim -quick                       # a smoke run, SQLite
//	go run ./bench/usersim -users 100,200,400           # SQLite
//	go run ./bench/usersim -db postgres -users 100,200  # one node on PostgreSQL
//	go run ./bench/usersim -db postgres -nodes 3        # three nodes behind HAProxy
//	go run ./bench/usersim -users 60 -step 30m -samples soak.csv  # a soak
//	taskset -c 1 go run ./bench/usersim -server-cpus 0 -users 360  # node and clients on cores of their own
//	taskset -c 1 go run ./bench/usersim -setups all -server-cpus 0 -users 120,240 -step 3m -all -csv out.csv
//	                                                    # issue 17's three set-ups one after another, and their table
//	taskset -c 1 nice -n 10 go run ./bench/usersim -db postgres -server-cpus 0 -server-nice 0 -users 240
//	                                                    # usersim niced, the node at PostgreSQL's niceness
//
// Each step's row times message delivery in two classes, live (on a socket
// subscribed before the message was sent) and caught up (what a new page's
// or a reconnected socket's subscription brings first), and counts
// messages lost; delivery.go says how.
package main

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	mrand "math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/pprof"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/gorilla/websocket"
	_ "github.com/jackc/pgx/v5/stdlib"
	"github.com/pquerna/otp/totp"

	"github.com/kinshiprecovery/kinship/bench/internal/benchproc"
)

type options struct {
	db         string
	pgURL      string
	nodes      int
	users      []int
	step       time.Duration
	compress   float64
	population int
	meetings   int
	history    int
	lb         string
	thinkMin   time.Duration
	thinkMean  time.Duration
	all        bool
	serverBin  string
	serverCPUs string
	// serverNice is the nodes' (and the load balancer's) niceness; -1
	// leaves them at usersim's own.
	serverNice int
	sample     time.Duration
	samples    string
	broker     string
	csv        string
	idle       time.Duration
	lbOne      bool
	lbWeights  string
	setup      string // the set-up's name in the tables
	// cpuProfile is where usersim writes its own CPU profile over the
	// measured steps ("" for none).
	cpuProfile string
}

// setupName names the set-up in tables: its database and node count.
func (o options) setupName() string {
	if o.setup != "" {
		return o.setup
	}
	name := "SQLite, 1 node"
	if o.db == "postgres" {
		name = fmt.Sprintf("PostgreSQL, %d node", o.nodes)
		if o.nodes > 1 {
			name += "s"
		}
		if o.broker == "nats" {
			name += ", NATS"
		}
	}
	if o.lbOne && o.nodes == 1 {
		name += ", behind the balancer"
	}
	if o.lbWeights != "" && o.nodes > 1 {
		name += ", traffic " + o.lbWeights
	}
	return name
}

// setups are issue 17's three set-ups, by the names -setups takes.
var setups = []struct {
	key, name string
	db        string
	nodes     int
}{
	{"sqlite", "SQLite, 1 node", "sqlite", 1},
	{"postgres", "PostgreSQL, 1 node", "postgres", 1},
	{"postgres3", "PostgreSQL, 3 nodes behind HAProxy", "postgres", 3},
}

func main() {
	if len(os.Args) > 1 && os.Args[1] == "lb" {
		runBalancer(os.Args[2:])
		return
	}
	if len(os.Args) > 1 && os.Args[1] == "nats" {
		if err := benchproc.ServeNATS(); err != nil {
			fmt.Fprintln(os.Stderr, "usersim:", err)
			os.Exit(1)
		}
		return
	}
	var o options
	var users string
	quick := flag.Bool("quick", false, "a small run to see that it works")
	flag.StringVar(&o.db, "db", "sqlite", "sqlite or postgres")
	flag.StringVar(&o.pgURL, "pg", os.Getenv("KINSHIP_TEST_POSTGRES_URL"), "PostgreSQL server URL (a database is created on it and dropped after)")
	flag.IntVar(&o.nodes, "nodes", 1, "Kinship nodes (more than one needs -db postgres and runs a load balancer in front)")
	flag.StringVar(&users, "users", "100,200,400,800", "simulated people active at once, per step")
	flag.DurationVar(&o.step, "step", 60*time.Second, "length of each step (measured after a ramp of a sixth of it, at most 10 s)")
	flag.Float64Var(&o.compress, "compress", 10, "time compression: think times are divided by this, so each simulated person does an hour's actions in 60/compress minutes")
	flag.IntVar(&o.population, "population", 0, "accounts seeded (default: twice the largest step, at least 500)")
	flag.IntVar(&o.meetings, "meetings", 3000, "meetings in the finder's directory")
	flag.IntVar(&o.history, "history", 20, "messages already in each group before the first step")
	flag.StringVar(&o.broker, "broker", "postgres", "with -db postgres: postgres (LISTEN/NOTIFY) or nats (a NATS server this command runs as a child process)")
	flag.StringVar(&o.lb, "lb", "auto", "load balancer for -nodes > 1: haproxy, go (a small reverse proxy in this command) or auto (haproxy when installed)")
	flag.DurationVar(&o.thinkMin, "think-min", time.Second, "least idle time between a person's actions (Mattermost's load test: 1 s)")
	flag.DurationVar(&o.thinkMean, "think-mean", 20*time.Second, "average idle time between a person's actions (Mattermost's load test: 20 s)")
	flag.BoolVar(&o.all, "all", false, "run every step even after the objective breaks")
	flag.StringVar(&o.serverBin, "server-bin", "", "a kinship binary to run instead of building ./cmd/kinship (to compare two builds)")
	flag.IntVar(&o.serverNice, "server-nice", -1, "run the nodes and the load balancer at this niceness (0 to 19; lowering it below usersim's own needs root) instead of usersim's own: under nice -n 10 they inherit 10 and lose their core to PostgreSQL's backends, which run at the server's (usually 0)")
	flag.StringVar(&o.serverCPUs, "server-cpus", "", "run each node under taskset -c with this CPU list (e.g. 0), so that the nodes and the clients (pin usersim itself with taskset -c 1) do not share a core")
	flag.StringVar(&o.samples, "samples", "", "write each node's memory, goroutines, open files and database connections to this CSV file while the steps run (a soak; draw it with go run ./bench/soakplot)")
	flag.DurationVar(&o.sample, "sample", 30*time.Second, "how often -samples reads the nodes")
	flag.StringVar(&o.csv, "csv", "", "also write each step's row, delivery classes included, to this CSV file")
	flag.StringVar(&o.lbWeights, "lb-weights", "", "with -lb haproxy: each node's share of the traffic, e.g. 1,0,0 sends everyone to the first node while the others only run and hear the broker (what a node costs for being there); default even")
	flag.BoolVar(&o.lbOne, "lb-one", false, "put the load balancer (-lb) in front of a single node too: what the balancer changes in a node's cost, apart from the broker's")
	flag.DurationVar(&o.idle, "idle", 0, "before the steps, measure each node's CPU (and PostgreSQL's) for this long with nobody signed in: what a node costs doing nothing (job polling, listening, tickers, the collector)")
	flag.StringVar(&o.cpuProfile, "cpuprofile", "", "write usersim's own CPU profile over the measured steps to this file (with -setups, one file a set-up, its name after a dot): what the simulated browsers cost, apart from the nodes (whose profiles USERSIM_PPROF serves)")
	setupList := flag.String("setups", "", "run these set-ups one after another, each with the same steps, and print their table at the end: all, or some of sqlite, postgres, postgres3 (three nodes behind HAProxy) separated by commas (instead of -db and -nodes)")
	flag.Parse()
	if *quick {
		users, o.step, o.population, o.meetings, o.history = "30,60", 15*time.Second, 120, 300, 5
	}
	for _, s := range strings.Split(users, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 {
			fmt.Fprintf(os.Stderr, "usersim: -users %q: give whole numbers separated by commas, such as 100,200,400\n", users)
			os.Exit(2)
		}
		o.users = append(o.users, n)
	}
	if o.population == 0 {
		o.population = max(500, 2*o.users[len(o.users)-1])
	}
	if o.population < o.users[len(o.users)-1] {
		fmt.Fprintln(os.Stderr, "usersim: -population must be at least the largest step")
		os.Exit(2)
	}
	if o.db != "sqlite" && o.db != "postgres" {
		fmt.Fprintln(os.Stderr, "usersim: -db is sqlite or postgres")
		os.Exit(2)
	}
	if o.nodes > 1 && o.db != "postgres" {
		fmt.Fprintln(os.Stderr, "usersim: several nodes share a PostgreSQL database: add -db postgres")
		os.Exit(2)
	}
	if o.broker != "postgres" && o.broker != "nats" {
		fmt.Fprintln(os.Stderr, "usersim: -broker is postgres or nats")
		os.Exit(2)
	}
	if o.broker == "nats" && o.db != "postgres" {
		fmt.Fprintln(os.Stderr, "usersim: -broker nats joins nodes on PostgreSQL: add -db postgres")
		os.Exit(2)
	}
	runs := []options{o}
	if *setupList != "" {
		runs = nil
		keys := strings.Split(*setupList, ",")
		if *setupList == "all" {
			keys = []string{"sqlite", "postgres", "postgres3"}
		}
		for _, k := range keys {
			found := false
			for _, su := range setups {
				if strings.TrimSpace(k) == su.key {
					r := o
					r.db, r.nodes, r.setup = su.db, su.nodes, su.name
					if r.cpuProfile != "" {
						r.cpuProfile += "." + su.key
					}
					if su.nodes > 1 && r.lb == "auto" {
						r.lb = "haproxy"
					}
					runs = append(runs, r)
					found = true
				}
			}
			if !found {
				fmt.Fprintf(os.Stderr, "usersim: -setups %q: use all, or sqlite, postgres and postgres3 separated by commas\n", *setupList)
				os.Exit(2)
			}
		}
	}
	for _, r := range runs {
		if r.db == "postgres" && r.pgURL == "" {
			fmt.Fprintln(os.Stderr, "usersim: -db postgres needs -pg or KINSHIP_TEST_POSTGRES_URL")
			os.Exit(2)
		}
	}
	out, err := newCSV(o.csv)
	if err != nil {
		fmt.Fprintln(os.Stderr, "usersim:", err)
		os.Exit(1)
	}
	defer out.close()
	var all []stepResult
	failed := false
	for _, r := range runs {
		res, err := run(r, out)
		all = append(all, res...)
		if err != nil {
			fmt.Fprintf(os.Stderr, "usersim: %s: %v\n", r.setupName(), err)
			failed = true
		}
	}
	if len(runs) > 1 {
		fmt.Print("\nusersim: the set-ups side by side\n\n")
		fmt.Print(summary(all))
	}
	if failed {
		out.close()
		os.Exit(1)
	}
}

// cluster is the servers under test and what sits in front of them.
type cluster struct {
	nodes   []*benchproc.Process
	lbPID   int
	lbStop  func()
	base    string
	pgAdmin *sql.DB // the PostgreSQL server, to find our database's backends
	dbName  string
	nats    *benchproc.Process // the NATS server, with -broker nats
}

func run(o options, out *csvOut) ([]stepResult, error) {
	ctx := context.Background()
	tmp, err := os.MkdirTemp("", "usersim")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	bin := o.serverBin
	if bin == "" {
		bin = filepath.Join(tmp, "kinship")
	}
	// USERSIM_PPROF=127.0.0.1:6060 builds the server with its profiler on
	// that address (the first node's; the second node's on 6061, and so on).
	build := exec.Command("go", "build", "-o", bin, "./cmd/kinship")
	if os.Getenv("USERSIM_PPROF") != "" {
		build = exec.Command("go", "build", "-tags", "pprof", "-o", bin, "./cmd/kinship")
	}
	build.Stderr = os.Stderr
	if o.serverBin == "" {
		if err := build.Run(); err != nil {
			return nil, fmt.Errorf("build kinship (run from the repository root): %w", err)
		}
	}
	rng := mrand.New(mrand.NewPCG(17, 17))
	c := &cluster{}
	dbURL := ""
	if o.db == "postgres" {
		admin, err := sql.Open("pgx", o.pgURL)
		if err != nil {
			return nil, err
		}
		defer admin.Close()
		c.pgAdmin = admin
		c.dbName = fmt.Sprintf("kinship_usersim_%d", time.Now().UnixNano())
		if _, err := admin.Exec("CREATE DATABASE " + c.dbName); err != nil {
			return nil, fmt.Errorf("create database: %w", err)
		}
		defer admin.Exec("DROP DATABASE IF EXISTS " + c.dbName + " WITH (FORCE)")
		u, _ := url.Parse(o.pgURL)
		u.Path = "/" + c.dbName
		dbURL = u.String()
	}
	seedDir := filepath.Join(tmp, "node0")
	t0 := time.Now()
	pop, err := seed(ctx, dbURL, seedDir, o.population, o.meetings, rng)
	if err != nil {
		return nil, fmt.Errorf("seed: %w", err)
	}
	fmt.Printf("usersim: %s, %d node(s); %d accounts in %d groups, %d meetings seeded in %.1f s\n", o.db, o.nodes, len(pop.people), len(pop.groups), o.meetings, time.Since(t0).Seconds())
	key := filepath.Join(tmp, "kinship.key")
	var brokerEnv []string
	if o.broker == "nats" {
		p, err := benchproc.StartNATS("nats")
		if err != nil {
			return nil, err
		}
		defer p.Stop()
		c.nats = p
		brokerEnv = []string{"KINSHIP_BROKER=nats", "KINSHIP_NATS_URL=" + p.URL}
		fmt.Printf("usersim: the nodes share a NATS server %s (its own process) at %s\n", benchproc.NATSVersion, p.URL)
	}
	for i := 0; i < o.nodes; i++ {
		dir := filepath.Join(tmp, fmt.Sprint("node", i))
		os.MkdirAll(dir, 0o700)
		env := []string{"KINSHIP_DATA_DIR=" + dir, "KINSHIP_NODE_NAME=" + fmt.Sprint("node-", i), "KINSHIP_LOG_LEVEL=error", "KINSHIP_METRICS_TOKEN=" + metricsToken}
		if dbURL != "" {
			env = append(env, "KINSHIP_DATABASE_URL="+dbURL, "KINSHIP_KEY_FILE="+key)
			env = append(env, brokerEnv...)
		}
		if addr := os.Getenv("USERSIM_PPROF"); addr != "" {
			// Each node's profiler: the first on the address given, the
			// next ones on the ports after it.
			if host, port, err := net.SplitHostPort(addr); err == nil {
				if n, err := strconv.Atoi(port); err == nil {
					addr = net.JoinHostPort(host, strconv.Itoa(n+i))
				}
			}
			env = append(env, "KINSHIP_PPROF_ADDR="+addr)
		}
		name, args := bin, []string{"serve", "--addr", "127.0.0.1:0"}
		if o.serverCPUs != "" {
			// taskset sets the affinity and runs the node in its own
			// process, so the process measured is the node.
			name, args = "taskset", append([]string{"-c", o.serverCPUs, bin}, args...)
		}
		name, args = atNiceness(o.serverNice, name, args)
		p, err := benchproc.Start(env, name, args...)
		if err != nil {
			return nil, err
		}
		defer p.Stop()
		c.nodes = append(c.nodes, p)
	}
	c.base = c.nodes[0].URL
	if o.nodes > 1 || o.lbOne {
		if err := c.startBalancer(o.lb, tmp, o.serverCPUs, o.lbWeights, o.serverNice); err != nil {
			return nil, err
		}
		defer c.lbStop()
	}
	s := &sim{base: c.base, rec: newRecorder(), book: newDeliveryBook(), pop: pop, think: thinkTime(o.thinkMin, o.thinkMean, o.compress), maxSteps: 100000,
		alerts: alertBook{sent: map[string]time.Time{}, got: map[string]time.Time{}}}
	s.client = &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConns: 4000, MaxIdleConnsPerHost: 4000, IdleConnTimeout: 90 * time.Second}}
	s.dialer = &websocket.Dialer{HandshakeTimeout: 10 * time.Second, ReadBufferSize: 4096, WriteBufferSize: 1024}
	order := pairedOrder(pop, rng)
	maxN := o.users[len(o.users)-1]
	t0 = time.Now()
	if err := setup(s, pop, order[:maxN], o.history); err != nil {
		return nil, fmt.Errorf("setup: %w", err)
	}
	fmt.Printf("usersim: two-factor login for facilitators and mentors, partners' DM threads and %d messages per group set up in %.1f s\n", o.history, time.Since(t0).Seconds())
	if o.idle > 0 {
		idleCost(c, o.idle)
	}
	nodeNice := ownNiceness()
	if o.serverNice >= 0 {
		nodeNice = o.serverNice
	}
	fmt.Printf("usersim: think time %v min, %v mean, compressed %g×; steps of %v; nodes at niceness %d; %s\n\n", o.thinkMin, o.thinkMean, o.compress, o.step, nodeNice, benchproc.Machine())
	fmt.Println(tableHeader)
	if o.samples != "" {
		sm, err := newSampler(c, o.samples)
		if err != nil {
			return nil, err
		}
		defer sm.close()
		sctx, stop := context.WithCancel(ctx)
		done := make(chan struct{})
		go func() { sm.run(sctx, o.sample); close(done) }()
		defer func() { stop(); <-done }()
	}
	if o.cpuProfile != "" {
		f, err := os.Create(o.cpuProfile)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return nil, err
		}
		defer pprof.StopCPUProfile()
	}
	var results []stepResult
	for _, n := range o.users {
		r := step(s, c, pop, order[:n], o)
		results = append(results, r)
		out.write(r)
		if !r.held && !o.all {
			fmt.Println("\nusersim: the objective broke at this step; stopping the ramp (-all runs every step)")
			break
		}
	}
	return results, nil
}

// pairedOrder is the order people become active in, at random but with
// accountability partners next to each other, so that in each step
// nearly everyone with a partner has them signed in too (only a pair cut
// by the step's size is not), as partners who use the app are.
func pairedOrder(pop *population, rng *mrand.Rand) []int {
	var units [][]int
	for _, p := range pop.people {
		switch {
		case p.partner < 0:
			units = append(units, []int{p.i})
		case p.partner > p.i:
			units = append(units, []int{p.i, p.partner})
		}
	}
	var order []int
	for _, k := range rng.Perm(len(units)) {
		order = append(order, units[k]...)
	}
	return order
}

// setup does what people do before the measured steps: facilitators and
// mentors turn on two-factor login (mentors also offer to mentor),
// partners open their DM thread, and each group gets some history.
func setup(s *sim, pop *population, active []int, history int) error {
	s.rec.start()
	defer s.rec.stop()
	inActive := map[int]bool{}
	for _, i := range active {
		inActive[i] = true
	}
	var jobs []func()
	for _, i := range active {
		p := pop.people[i]
		if p.role == roleFacilitator || p.role == roleMentor {
			jobs = append(jobs, func() { enableMFA(s, p) })
		}
		if p.partner > p.i && inActive[p.partner] {
			q := pop.people[p.partner]
			jobs = append(jobs, func() {
				var out struct {
					Thread struct {
						ID string `json:"id"`
					} `json:"thread"`
				}
				if s.callAPI(p.token, "POST", "/api/v1/dms", "/api/v1/dms", map[string]string{"user_id": q.id, "body": "t:0 Hi partner, here if you need me."}, &out, 200, 201) {
					p.thread, q.thread = out.Thread.ID, out.Thread.ID
					// The partner accepts, as the thread page asks before
					// a reply (a reply to a request is refused).
					s.callAPI(q.token, "POST", "/api/v1/dms/"+out.Thread.ID+"/answer", "/api/v1/dms/{id}/answer", map[string]string{"answer": "accept"}, nil, 200, 204)
				}
			})
		}
	}
	parallel(8, jobs)
	jobs = nil
	for g, gid := range pop.groups {
		fac := pop.people[g]
		for k := 0; k < history; k++ {
			jobs = append(jobs, func() {
				s.callAPI(fac.token, "POST", "/api/v1/groups/"+gid+"/messages", "/api/v1/groups/{id}/messages",
					map[string]string{"client_id": fmt.Sprintf("h%d-%d", g, k), "body": "t:0 " + sentences[k%len(sentences)]}, nil, 201)
			})
		}
	}
	parallel(8, jobs)
	if _, failed := s.rec.totals(); failed > 0 {
		return fmt.Errorf("%d setup requests failed:\n%s", failed, s.rec.errorLines())
	}
	return nil
}

// enableMFA sets up TOTP for p through the API (and, for a mentor, offers
// to mentor), as the tests' facilitate helper does.
func enableMFA(s *sim, p *person) {
	var setup struct {
		Secret string `json:"secret"`
	}
	if !s.callAPI(p.token, "POST", "/api/v1/me/mfa/setup", "/api/v1/me/mfa/setup", nil, &setup, 200) {
		return
	}
	code, err := totp.GenerateCode(setup.Secret, time.Now())
	if err != nil {
		s.rec.fail(kAPI, "totp: "+err.Error())
		return
	}
	if !s.callAPI(p.token, "POST", "/api/v1/me/mfa/confirm", "/api/v1/me/mfa/confirm", map[string]string{"code": code}, nil, 200) {
		return
	}
	if p.role == roleMentor {
		s.callAPI(p.token, "PATCH", "/api/v1/me", "/api/v1/me", map[string]any{"recovery_start": time.Now().AddDate(-3, 0, 0).Format("2006-01-02")}, nil, 200)
		s.callAPI(p.token, "PATCH", "/api/v1/me/mentorship", "/api/v1/me/mentorship", map[string]any{"is_mentor": true, "capacity": 3, "availability": []string{"tue-evening"}}, nil, 200)
	}
}

func parallel(n int, jobs []func()) {
	ch := make(chan func())
	var wg sync.WaitGroup
	for w := 0; w < n; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range ch {
				j()
			}
		}()
	}
	for _, j := range jobs {
		ch <- j
	}
	close(ch)
	wg.Wait()
}

// step runs n people for o.step and prints one row; it reports whether the
// objective held.
func step(s *sim, c *cluster, pop *population, active []int, o options) stepResult {
	s.rec = newRecorder()
	s.book = newDeliveryBook()
	s.alerts = alertBook{sent: map[string]time.Time{}, got: map[string]time.Time{}}
	s.on = map[int]bool{}
	for _, i := range active {
		s.on[i] = true
	}
	ramp := min(10*time.Second, o.step/6)
	// What the nodes log at level ERROR from the ramp on: at a run's
	// start, River's job fetches and polls timing out.
	logged0 := make([][2]int64, len(c.nodes))
	for i, p := range c.nodes {
		logged0[i][0], logged0[i][1] = p.Logged()
	}
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	visitors := make([]*visitor, 0, len(active))
	for k, i := range active {
		v := newVisitor(s, pop.people[i], uint64(len(active)))
		visitors = append(visitors, v)
		wg.Add(1)
		go func() {
			defer wg.Done()
			select {
			case <-time.After(ramp * time.Duration(k) / time.Duration(len(active))):
			case <-ctx.Done():
				return
			}
			v.run(ctx)
		}()
	}
	time.Sleep(ramp)
	nodeCPU0 := make([]time.Duration, len(c.nodes))
	for i, p := range c.nodes {
		nodeCPU0[i] = p.CPU()
	}
	metricsClient := &http.Client{Timeout: 10 * time.Second}
	waits0 := make([]nodeWaits, len(c.nodes))
	for i, p := range c.nodes {
		waits0[i] = readWaits(metricsClient, p.URL)
	}
	cpu0 := c.cpu()
	wait0 := c.runDelay()
	db0 := c.dbCPU()
	lb0 := c.lbCPU()
	nats0 := c.natsCPU()
	self0 := benchproc.CPUOf(os.Getpid())
	busy0, total0 := benchproc.MachineCPU()
	s.rec.start()
	t0 := time.Now()
	time.Sleep(o.step)
	wall := time.Since(t0)
	s.rec.stop()
	nodeCPU := make([]time.Duration, len(c.nodes))
	for i, p := range c.nodes {
		nodeCPU[i] = p.CPU() - nodeCPU0[i]
	}
	cpu := c.cpu() - cpu0
	waited := c.runDelay() - wait0
	var waitLine []string
	for i, p := range c.nodes {
		errs, timeouts := p.Logged()
		logged := fmt.Sprintf("; %d errors logged from the ramp on, %d of them a time limit run out", errs-logged0[i][0], timeouts-logged0[i][1])
		if w := readWaits(metricsClient, p.URL).sub(waits0[i]); w.ok {
			waitLine = append(waitLine, fmt.Sprintf("node-%d %s", i, w)+logged)
		} else {
			waitLine = append(waitLine, fmt.Sprintf("node-%d /metrics did not answer", i)+logged)
		}
	}
	db := c.dbCPU() - db0
	lb := c.lbCPU() - lb0
	natsUsed := c.natsCPU() - nats0
	self := benchproc.CPUOf(os.Getpid()) - self0
	busy1, total1 := benchproc.MachineCPU()
	load := benchproc.LoadAverage()
	cancel()
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		fmt.Fprintln(os.Stderr, "usersim: some people had not stopped 30 s after the step")
	}
	// Every socket is closed by now (each person's visit closes its own).
	dl := s.book.tally(t0, t0.Add(wall), time.Now())
	s.rec.start()
	for _, v := range visitors {
		v.lostAcks()
	}
	s.rec.stop()

	n := len(active)
	ok, failed := s.rec.totals()
	var actions int
	for k, v := range s.rec.counts {
		if !strings.HasPrefix(k, "error ") {
			actions += v
		}
	}
	// Cost per person-hour is cost per action times the actions a person
	// does in an hour at the mix's pace (3,600 s over the mean idle time).
	// Per action, because when the machine is slow each person waits
	// longer for answers and does fewer actions in the step than the pace
	// says; the cost of an action does not depend on that.
	perHour := 3600 / o.thinkMean.Seconds()
	personHours := float64(max(actions, 1)) / perHour
	perPH := cpu.Seconds() / personHours
	planned := float64(n) * o.compress / o.thinkMean.Seconds()
	pg50, _ := s.rec.pct(kPage, 0.5)
	pg99, _ := s.rec.pct(kPage, 0.99)
	api99, _ := s.rec.pct(kAPI, 0.99)
	ack99, _ := s.rec.pct(kAck, 0.99)
	var alertLat []time.Duration
	s.alerts.mu.Lock()
	for id, at := range s.alerts.sent {
		if got, ok := s.alerts.got[id]; ok {
			alertLat = append(alertLat, got.Sub(at))
		}
	}
	raised := s.alerts.raised
	s.alerts.mu.Unlock()
	for _, d := range alertLat {
		s.rec.lat[kAlert] = append(s.rec.lat[kAlert], d)
	}
	a99, _ := s.rec.pct(kAlert, 0.99)
	errPct := 0.0
	if ok+failed > 0 {
		errPct = 100 * float64(failed) / float64(ok+failed)
	}
	live99 := pctOf(dl.live, 0.99)
	lost := dl.lostLive + dl.lostCaug
	held := pg99 <= 200*time.Millisecond && api99 <= 200*time.Millisecond && live99 <= 100*time.Millisecond && a99 <= time.Second && errPct <= 0.025 && lost == 0
	verdict := "held"
	if !held {
		var broke []string
		if pg99 > 200*time.Millisecond {
			broke = append(broke, "page p99")
		}
		if api99 > 200*time.Millisecond {
			broke = append(broke, "API p99")
		}
		if live99 > 100*time.Millisecond {
			broke = append(broke, "live delivery p99")
		}
		if lost > 0 {
			broke = append(broke, "lost")
		}
		if a99 > time.Second {
			broke = append(broke, "alert")
		}
		if errPct > 0.025 {
			broke = append(broke, "errors")
		}
		verdict = "broke: " + strings.Join(broke, ", ")
	}
	r := stepResult{setup: o.setupName(), people: n, compress: o.compress, when: t0.UTC(),
		actionsPerS: float64(actions) / wall.Seconds(), planned: planned,
		cpuPerAction: cpu / time.Duration(max(actions, 1)), reqPerS: float64(ok+failed) / wall.Seconds(),
		cpuPct: 100 * cpu.Seconds() / wall.Seconds(), perPH: perPH, perVCPU: 0.7 * 3600 / perPH,
		dbPH: -1, lbPH: -1, natsPH: -1,
		page50: pg50, page99: pg99, api99: api99, ack99: ack99, dl: dl,
		alert99: a99, alertsGot: len(alertLat), alertsRaised: raised,
		errPct: errPct, failed: failed, requests: ok + failed,
		clientPct: 100 * self.Seconds() / wall.Seconds(), clientPerAction: self / time.Duration(max(actions, 1)), waitPerCPU: waited.Seconds() / max(cpu.Seconds(), 1e-9), load: load, verdict: verdict, held: held}
	if c.pgAdmin != nil {
		r.dbPH = db.Seconds() / personHours
	}
	if c.lbPID != 0 {
		r.lbPH = lb.Seconds() / personHours
	}
	if c.nats != nil {
		r.natsPH = natsUsed.Seconds() / personHours
	}
	if total1 > total0 {
		r.machineBusy = 100 * float64(busy1-busy0) / float64(total1-total0)
	}
	fmt.Println(r.row())
	if lines := s.rec.errorLines(); lines != "" {
		fmt.Print("  errors:\n" + lines)
	}
	fmt.Println("  actions:", s.rec.actionLine())
	fmt.Printf("  the simulator's own CPU: %.2f ms per action (%.0f%% of a core), the nodes' %.2f ms\n", ms(r.clientPerAction), r.clientPct, ms(r.cpuPerAction))
	if len(waitLine) > 0 {
		// A request that waits for one of the node's pooled database
		// connections waits in database/sql, whatever the database does;
		// one whose answer has come back holds its connection until the
		// Go scheduler runs it again.
		fmt.Printf("  the node's waits in the step (%d requests): %s\n", ok+failed, strings.Join(waitLine, " | "))
	}
	fmt.Println("  deliveries:", r.deliveryLine())
	if c.nats != nil {
		fmt.Printf("  NATS server: %.4f CPU-s per person-hour\n", r.natsPH)
	}
	if len(c.nodes) > 1 {
		var each []string
		for i, used := range nodeCPU {
			each = append(each, fmt.Sprintf("node-%d %.2f s", i, used.Seconds()))
		}
		fmt.Printf("  each node's CPU in the step: %s (%d actions)\n", strings.Join(each, ", "), actions)
	}
	return r
}

// idleCost measures, with nobody signed in, each node's CPU and the
// database backends' for d (after the people of the set-up went away: the
// caches hold what they held), and prints it.
func idleCost(c *cluster, d time.Duration) {
	time.Sleep(5 * time.Second) // the set-up's own work settles
	each0 := make([]time.Duration, len(c.nodes))
	for i, p := range c.nodes {
		each0[i] = p.CPU()
	}
	db0, lb0 := c.dbCPU(), c.lbCPU()
	t0 := time.Now()
	time.Sleep(d)
	wall := time.Since(t0).Seconds()
	var each []string
	var total time.Duration
	for i, p := range c.nodes {
		used := p.CPU() - each0[i]
		total += used
		each = append(each, fmt.Sprintf("node-%d %.1f ms/s", i, 1000*used.Seconds()/wall))
	}
	line := fmt.Sprintf("usersim: idle for %.0f s, nobody signed in: nodes %.1f ms of CPU per second (%s)", wall, 1000*total.Seconds()/wall, strings.Join(each, ", "))
	if c.pgAdmin != nil {
		line += fmt.Sprintf(", PostgreSQL backends %.1f ms/s", 1000*(c.dbCPU()-db0).Seconds()/wall)
	}
	if c.lbPID != 0 {
		line += fmt.Sprintf(", load balancer %.1f ms/s", 1000*(c.lbCPU()-lb0).Seconds()/wall)
	}
	fmt.Println(line)
}

func (c *cluster) natsCPU() time.Duration {
	if c.nats == nil {
		return 0
	}
	return c.nats.CPU()
}

// runDelay is how long the nodes' threads waited for a core.
func (c *cluster) runDelay() time.Duration {
	var t time.Duration
	for _, p := range c.nodes {
		t += benchproc.RunDelayOf(p.Cmd.Process.Pid)
	}
	return t
}

func (c *cluster) cpu() time.Duration {
	var t time.Duration
	for _, p := range c.nodes {
		t += p.CPU()
	}
	return t
}

func (c *cluster) lbCPU() time.Duration {
	if c.lbPID == 0 {
		return 0
	}
	return benchproc.CPUOf(c.lbPID)
}

// dbCPU is the CPU time of the PostgreSQL backends serving our database.
func (c *cluster) dbCPU() time.Duration {
	if c.pgAdmin == nil {
		return 0
	}
	return benchproc.PGBackendsCPU(c.pgAdmin, c.dbName)
}

// ownNiceness is usersim's niceness (what the processes it starts inherit).
func ownNiceness() int {
	// Linux's getpriority answers 20 less the niceness.
	prio, err := syscall.Getpriority(syscall.PRIO_PROCESS, 0)
	if err != nil {
		return 0
	}
	return 20 - prio
}

// atNiceness wraps a command to run at niceness nice (-1: as usersim),
// through nice(1), so that every thread the process starts has it.
func atNiceness(nice int, name string, args []string) (string, []string) {
	if nice < 0 || nice == ownNiceness() {
		return name, args
	}
	return "nice", append([]string{"-n", strconv.Itoa(nice - ownNiceness()), name}, args...)
}

// weightOf is node i's HAProxy weight in a list such as 1,0,0 (1 when
// the list says nothing of it).
func weightOf(weights string, i int) int {
	parts := strings.Split(weights, ",")
	if weights == "" || i >= len(parts) {
		return 1
	}
	w, err := strconv.Atoi(strings.TrimSpace(parts[i]))
	if err != nil || w < 0 || w > 256 {
		return 1
	}
	return w
}

// startBalancer puts HAProxy (or this command's own reverse proxy) in front
// of the nodes, round robin, WebSockets included; with cpus (-server-cpus)
// it runs on the nodes' cores, off the clients'.
func (c *cluster) startBalancer(kind, tmp, cpus, weights string, nice int) error {
	if kind == "auto" {
		kind = "go"
		if _, err := exec.LookPath("haproxy"); err == nil {
			kind = "haproxy"
		}
	}
	var backends []string
	for _, p := range c.nodes {
		backends = append(backends, strings.TrimPrefix(p.URL, "http://"))
	}
	switch kind {
	case "haproxy":
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return err
		}
		addr := l.Addr().String()
		l.Close()
		// HAProxy wants two descriptors a connection and will not start
		// when maxconn asks for more than the process may open.
		maxconn := uint64(50000)
		var lim syscall.Rlimit
		if syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim) == nil && lim.Max < 2*maxconn+100 {
			maxconn = (lim.Max - 100) / 2
		}
		var b strings.Builder
		fmt.Fprintf(&b, "global\n  maxconn %d\ndefaults\n  mode http\n  timeout connect 5s\n  timeout client 60s\n  timeout server 60s\n  timeout tunnel 1h\nfrontend fe\n  bind %s\n  default_backend nodes\nbackend nodes\n  balance roundrobin\n", maxconn, addr)
		for i, be := range backends {
			fmt.Fprintf(&b, "  server n%d %s weight %d\n", i, be, weightOf(weights, i))
		}
		cfg := filepath.Join(tmp, "haproxy.cfg")
		if err := os.WriteFile(cfg, []byte(b.String()), 0o600); err != nil {
			return err
		}
		name, args := "haproxy", []string{"-f", cfg, "-db"}
		if cpus != "" {
			name, args = "taskset", append([]string{"-c", cpus, name}, args...)
		}
		name, args = atNiceness(nice, name, args)
		cmd := exec.Command(name, args...)
		cmd.Stderr = os.Stderr
		if err := cmd.Start(); err != nil {
			return err
		}
		c.lbPID = cmd.Process.Pid
		// SIGTERM stops HAProxy at once; after SIGINT it kept its idle
		// tunnels open (timeout tunnel 1h) and the run waited on it.
		c.lbStop = func() {
			cmd.Process.Signal(syscall.SIGTERM)
			done := make(chan struct{})
			go func() { cmd.Wait(); close(done) }()
			select {
			case <-done:
			case <-time.After(10 * time.Second):
				cmd.Process.Kill()
				<-done
			}
		}
		for i := 0; i < 100; i++ {
			if conn, err := net.Dial("tcp", addr); err == nil {
				conn.Close()
				c.base = "http://" + addr
				fmt.Println("usersim: HAProxy in front of the nodes at", c.base)
				return nil
			}
			time.Sleep(100 * time.Millisecond)
		}
		c.lbStop()
		return fmt.Errorf("haproxy did not listen on %s", addr)
	case "go":
		self, err := os.Executable()
		if err != nil {
			return err
		}
		p, err := benchproc.Start(nil, self, "lb", strings.Join(backends, ","))
		if err != nil {
			return err
		}
		c.lbPID, c.lbStop, c.base = p.Cmd.Process.Pid, p.Stop, p.URL
		fmt.Println("usersim: a Go reverse proxy (HAProxy not installed) in front of the nodes at", c.base)
		return nil
	}
	return fmt.Errorf("-lb %q: use haproxy, go or auto", kind)
}
