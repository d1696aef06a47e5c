// Command chatload measures real-time chat delivery: a real Kinship server
// (its own process, SQLite) against a bare WebSocket broadcast server built
// from the same library, side by side in one run, with the same clients and
// the same load, and against the same from lxzan/gws. It reports deliveries per second and per server
// CPU-second, send-to-receive latency, and the memory of idle
// authenticated connections. Loopback only; every loop is bounded.
//
//	go run ./bench/chatload              # the full run (about two minutes)
//	go run ./bench/chatload -quick       # smaller, for a smoke test
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/kinshiprecovery/kinship/bench/internal/benchproc"
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == "baseline-server" {
		runBaseline()
		return
	}
	if len(os.Args) > 1 && os.Args[1] == "gws-baseline-server" {
		runGWSBaseline()
		return
	}
	quick := flag.Bool("quick", false, "a small run")
	seconds := flag.Int("seconds", 10, "length of each load phase")
	only := flag.String("only", "", "run only the scenarios whose name contains this")
	flag.Parse()
	if err := run(*quick, time.Duration(*seconds)*time.Second, *only); err != nil {
		fmt.Fprintln(os.Stderr, "chatload:", err)
		os.Exit(1)
	}
}

// scenario is one shape of load.
type scenario struct {
	name    string
	groups  int
	members int     // per group
	rate    float64 // messages per second, over all groups
}

func run(quick bool, dur time.Duration, only string) error {
	scenarios := []scenario{
		{"1 group × 1,000 members", 1, 1000, 50},
		{"1,000 groups × 10 members", 1000, 10, 1000},
	}
	if quick {
		scenarios = []scenario{{"1 group × 200 members", 1, 200, 20}, {"100 groups × 10 members", 100, 10, 200}}
		dur = 3 * time.Second
	}
	tmp, err := os.MkdirTemp("", "chatload")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	bin := filepath.Join(tmp, "kinship")
	// CHATLOAD_PPROF=127.0.0.1:6060 builds the server with its profiler on that address.
	build := exec.Command("go", "build", "-o", bin, "./cmd/kinship")
	if addr := os.Getenv("CHATLOAD_PPROF"); addr != "" {
		build = exec.Command("go", "build", "-tags", "pprof", "-o", bin, "./cmd/kinship")
		os.Setenv("KINSHIP_PPROF_ADDR", addr)
	}
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		return fmt.Errorf("build kinship (run from the repository root): %w", err)
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	fmt.Printf("chatload: %d s of load per phase; %s; clients and server share them\n\n", int(dur.Seconds()), benchproc.Machine())
	fmt.Println("| scenario | server | target msgs/s | deliveries/s | deliveries per server CPU-s | p50 | p99 | server CPU | idle memory per connection, from none | idle memory per added connection, half to all |")
	fmt.Println("|---|---|---|---|---|---|---|---|---|---|")
	for _, sc := range scenarios {
		if !strings.Contains(sc.name, only) {
			continue
		}
		dir := filepath.Join(tmp, strings.NewReplacer(" ", "", ",", "", "×", "x").Replace(sc.name))
		fix, err := seed(dir, sc.groups, sc.members)
		if err != nil {
			return fmt.Errorf("seed: %w", err)
		}
		k, err := benchproc.Start(nil, bin, "serve", "--data-dir", dir, "--addr", "127.0.0.1:0", "--log-level", "error")
		if err != nil {
			return err
		}
		res, err := measure(k, sc, dur, kinshipClient{fix: fix})
		k.Stop()
		if err != nil {
			return fmt.Errorf("kinship, %s: %w", sc.name, err)
		}
		res.print(sc, "Kinship")
		b, err := benchproc.Start(nil, self, "baseline-server")
		if err != nil {
			return err
		}
		res, err = measure(b, sc, dur, baselineClient{})
		b.Stop()
		if err != nil {
			return fmt.Errorf("baseline, %s: %w", sc.name, err)
		}
		res.print(sc, "bare gorilla broadcast")
		g, err := benchproc.Start(nil, self, "gws-baseline-server")
		if err != nil {
			return err
		}
		res, err = measure(g, sc, dur, baselineClient{})
		g.Stop()
		if err != nil {
			return fmt.Errorf("gws baseline, %s: %w", sc.name, err)
		}
		res.print(sc, "bare lxzan/gws broadcast")
	}
	return nil
}
