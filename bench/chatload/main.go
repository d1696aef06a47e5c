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
	"bufio"
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
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
	fmt.Printf("chatload: %d s of load per phase; %s\n\n", int(dur.Seconds()), machine())
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
		k, err := startProcess(bin, "serve", "--data-dir", dir, "--addr", "127.0.0.1:0", "--log-level", "error")
		if err != nil {
			return err
		}
		res, err := measure(k, sc, dur, kinshipClient{fix: fix})
		k.stop()
		if err != nil {
			return fmt.Errorf("kinship, %s: %w", sc.name, err)
		}
		res.print(sc, "Kinship")
		b, err := startProcess(self, "baseline-server")
		if err != nil {
			return err
		}
		res, err = measure(b, sc, dur, baselineClient{})
		b.stop()
		if err != nil {
			return fmt.Errorf("baseline, %s: %w", sc.name, err)
		}
		res.print(sc, "bare gorilla broadcast")
		g, err := startProcess(self, "gws-baseline-server")
		if err != nil {
			return err
		}
		res, err = measure(g, sc, dur, baselineClient{})
		g.stop()
		if err != nil {
			return fmt.Errorf("gws baseline, %s: %w", sc.name, err)
		}
		res.print(sc, "bare lxzan/gws broadcast")
	}
	return nil
}

func machine() string {
	b, _ := os.ReadFile("/proc/cpuinfo")
	n := strings.Count(string(b), "processor\t:")
	model := ""
	for _, l := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(l, "model name") {
			model = strings.TrimSpace(strings.SplitN(l, ":", 2)[1])
			break
		}
	}
	return fmt.Sprintf("%d cores (%s); clients and server share them", n, model)
}

// process is a server under test.
type process struct {
	cmd *exec.Cmd
	url string
}

// startProcess runs a server and waits for the address it prints.
func startProcess(name string, args ...string) (*process, error) {
	cmd := exec.Command(name, args...)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	sc := bufio.NewScanner(out)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	found := make(chan string, 1)
	go func() {
		for sc.Scan() {
			line := sc.Text()
			for _, prefix := range []string{"Kinship is running at ", "baseline listening at "} {
				if u, ok := strings.CutPrefix(line, prefix); ok {
					found <- u
				}
			}
		}
	}()
	select {
	case u := <-found:
		return &process{cmd: cmd, url: u}, nil
	case <-ctx.Done():
		cmd.Process.Kill()
		return nil, fmt.Errorf("%s printed no address", name)
	}
}

func (p *process) stop() {
	p.cmd.Process.Signal(os.Interrupt)
	done := make(chan struct{})
	go func() { p.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		p.cmd.Process.Kill()
	}
}

// cpuTicks returns the process's user+system CPU time.
func (p *process) cpu() time.Duration {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", p.cmd.Process.Pid))
	if err != nil {
		return 0
	}
	s := string(b)
	fields := strings.Fields(s[strings.LastIndex(s, ")")+2:])
	var ut, st int64
	fmt.Sscan(fields[11], &ut)
	fmt.Sscan(fields[12], &st)
	return time.Duration(ut+st) * time.Second / 100 // USER_HZ
}

// rss returns the process's resident memory in bytes.
func (p *process) rss() int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", p.cmd.Process.Pid))
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, "VmRSS:"); ok {
			var kb int64
			fmt.Sscan(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), &kb)
			return kb * 1024
		}
	}
	return 0
}
