// Package benchproc runs a server under test as its own process and reads
// what it costs from /proc: CPU time (user and system) and resident memory.
// The benchmarks under bench/ share it.
package benchproc

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
	"time"
)

// Process is a server under test.
type Process struct {
	Cmd *exec.Cmd
	URL string // the address it printed
	log *logCount
}

// Logged returns how many lines the process has logged at level ERROR on
// its standard error so far, and how many of them say a time limit ran
// out (a River job fetch's or poll's "timed out after 10s").
func (p *Process) Logged() (errors, timeouts int64) {
	if p.log == nil {
		return 0, 0
	}
	p.log.mu.Lock()
	defer p.log.mu.Unlock()
	return p.log.errors, p.log.timeouts
}

// logCount passes a process's standard error on and counts its lines
// logged at level ERROR (slog's text or JSON lines; not an email the
// terminal mailer prints there).
type logCount struct {
	w                io.Writer
	mu               sync.Mutex
	tail             []byte
	errors, timeouts int64
}

func (c *logCount) Write(p []byte) (int, error) {
	c.mu.Lock()
	buf := append(c.tail, p...)
	for {
		i := bytes.IndexByte(buf, '\n')
		if i < 0 {
			break
		}
		line := buf[:i]
		if bytes.HasPrefix(line, []byte("time=")) && bytes.Contains(line, []byte(" level=ERROR ")) ||
			bytes.HasPrefix(line, []byte("{")) && bytes.Contains(line, []byte(`"level":"ERROR"`)) {
			c.errors++
			if bytes.Contains(line, []byte("timed out")) || bytes.Contains(line, []byte("deadline exceeded")) {
				c.timeouts++
			}
		}
		buf = buf[i+1:]
	}
	if len(buf) > 64<<10 { // a line with no end: not a log line
		buf = nil
	}
	c.tail = append(c.tail[:0], buf...)
	c.mu.Unlock()
	return c.w.Write(p)
}

// prefixes are the lines a server prints with its address.
var prefixes = []string{"Kinship is running at ", "baseline listening at ", "balancer listening at ", "nats listening at "}

// Start runs name with args (and env added to this process's environment)
// and waits up to 60 s for the address it prints.
func Start(env []string, name string, args ...string) (*Process, error) {
	cmd := exec.Command(name, args...)
	log := &logCount{w: os.Stderr}
	cmd.Stderr = log
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	sc := bufio.NewScanner(out)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	found := make(chan string, 1)
	go func() {
		for sc.Scan() {
			line := sc.Text()
			for _, prefix := range prefixes {
				if u, ok := strings.CutPrefix(line, prefix); ok {
					select {
					case found <- u:
					default:
					}
				}
			}
		}
	}()
	select {
	case u := <-found:
		return &Process{Cmd: cmd, URL: u, log: log}, nil
	case <-ctx.Done():
		cmd.Process.Kill()
		cmd.Wait()
		return nil, fmt.Errorf("%s printed no address within 60 s", name)
	}
}

// Stop interrupts the process and kills it if it has not ended in 10 s.
func (p *Process) Stop() {
	p.Cmd.Process.Signal(os.Interrupt)
	done := make(chan struct{})
	go func() { p.Cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		p.Cmd.Process.Kill()
		<-done
	}
}

// CPU returns the process's user+system CPU time so far.
func (p *Process) CPU() time.Duration { return CPUOf(p.Cmd.Process.Pid) }

// RSS returns the process's resident memory in bytes.
func (p *Process) RSS() int64 { return RSSOf(p.Cmd.Process.Pid) }

// CPUOf returns process pid's user+system CPU time (0 if it cannot be read).
func CPUOf(pid int) time.Duration {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
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

// RunDelayOf returns how long process pid's threads have waited, runnable,
// for a core (the sum of each live thread's /proc schedstat run delay;
// 0 if it cannot be read). Set beside CPU time it tells a process that is
// slow because it is starved from one that is slow by its own doing.
func RunDelayOf(pid int) time.Duration {
	dirs, err := os.ReadDir(fmt.Sprintf("/proc/%d/task", pid))
	if err != nil {
		return 0
	}
	var sum int64
	for _, d := range dirs {
		b, err := os.ReadFile(fmt.Sprintf("/proc/%d/task/%s/schedstat", pid, d.Name()))
		if err != nil {
			continue
		}
		f := strings.Fields(string(b))
		if len(f) < 2 {
			continue
		}
		var n int64
		fmt.Sscan(f[1], &n)
		sum += n
	}
	return time.Duration(sum)
}

// RSSOf returns process pid's resident memory in bytes.
func RSSOf(pid int) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
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

// Machine names the cores and the load average, for a report.
func Machine() string {
	b, _ := os.ReadFile("/proc/cpuinfo")
	n := strings.Count(string(b), "processor\t:")
	model := ""
	for _, l := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(l, "model name") {
			model = strings.TrimSpace(strings.SplitN(l, ":", 2)[1])
			break
		}
	}
	return fmt.Sprintf("%d cores (%s); load average %s", n, model, LoadAverage())
}

// LoadAverage is /proc/loadavg's first three figures.
func LoadAverage() string {
	b, _ := os.ReadFile("/proc/loadavg")
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "?"
	}
	return strings.Join(f[:3], " ")
}

// MachineCPU returns the whole machine's busy and total CPU time so far
// (from /proc/stat), to tell how loaded the machine was during a run.
func MachineCPU() (busy, total time.Duration) {
	b, err := os.ReadFile("/proc/stat")
	if err != nil {
		return 0, 0
	}
	line, _, _ := strings.Cut(string(b), "\n")
	f := strings.Fields(line)
	var sum, idle int64
	for i, v := range f[1:] {
		var n int64
		fmt.Sscan(v, &n)
		sum += n
		if i == 3 || i == 4 { // idle, iowait
			idle += n
		}
	}
	return time.Duration(sum-idle) * time.Second / 100, time.Duration(sum) * time.Second / 100
}

// PGBackendsCPU is the CPU time of the PostgreSQL backends connected to
// database dbName now, read from /proc (the server must run on this
// machine). Backends that ended since an earlier reading are not counted.
func PGBackendsCPU(admin *sql.DB, dbName string) time.Duration {
	rows, err := admin.Query("SELECT pid FROM pg_stat_activity WHERE datname = $1", dbName)
	if err != nil {
		return 0
	}
	defer rows.Close()
	var t time.Duration
	for rows.Next() {
		var pid int
		if rows.Scan(&pid) == nil {
			t += CPUOf(pid)
		}
	}
	return t
}
