package main

import (
	"bufio"
	"bytes"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// The real binary, built once for the tests that run it as a separate
// process (locks, kill -9, backups of a running server).
var (
	binOnce sync.Once
	binPath string
	binErr  error
	binDir  string
)

// removeBinary deletes the built binary when the tests end (TestMain).
func removeBinary() {
	if binDir != "" {
		os.RemoveAll(binDir)
	}
}

func kinshipBinary(t *testing.T) string {
	t.Helper()
	binOnce.Do(func() {
		binDir, binErr = os.MkdirTemp("", "kinship-bin-")
		if binErr != nil {
			return
		}
		binPath = filepath.Join(binDir, "kinship")
		out, err := exec.Command("go", "build", "-o", binPath, ".").CombinedOutput()
		if err != nil {
			binErr = err
			binPath = string(out)
		}
	})
	if binErr != nil {
		t.Fatalf("build kinship: %v\n%s", binErr, binPath)
	}
	return binPath
}

// proc is a kinship serve running as its own process.
type proc struct {
	cmd    *exec.Cmd
	url    string
	stderr *testutil.SyncBuffer
	done   chan struct{}
}

// startProc runs `kinship serve` on a random port with env added to a
// minimal environment and waits until /healthz answers 200.
func startProc(t *testing.T, env ...string) *proc {
	t.Helper()
	cmd := exec.Command(kinshipBinary(t), "serve", "--addr", "127.0.0.1:0")
	cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME")}, env...)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	p := &proc{cmd: cmd, stderr: &testutil.SyncBuffer{}, done: make(chan struct{})}
	cmd.Stderr = p.stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { _ = cmd.Wait(); close(p.done) }()
	t.Cleanup(func() { p.kill() })
	urlc := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		sent := false
		for sc.Scan() {
			if u, ok := strings.CutPrefix(sc.Text(), "Kinship is running at "); ok && !sent {
				urlc <- u
				sent = true
			}
		}
		if !sent {
			close(urlc)
		}
	}()
	select {
	case u, ok := <-urlc:
		if !ok {
			t.Fatalf("server exited without an address; stderr:\n%s", p.stderr.String())
		}
		p.url = u
	case <-time.After(60 * time.Second):
		t.Fatalf("server printed no address within 60s; stderr:\n%s", p.stderr.String())
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		res, err := http.Get(p.url + "/healthz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return p
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("/healthz never answered 200: %v; stderr:\n%s", err, p.stderr.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// kill ends the process with SIGKILL, as a power cut or the OOM killer would.
func (p *proc) kill() {
	select {
	case <-p.done:
		return
	default:
	}
	_ = p.cmd.Process.Signal(syscall.SIGKILL)
	<-p.done
}

// runKinship runs a kinship subcommand to completion with stdin and returns
// its output and exit code.
func runKinship(t *testing.T, stdin string, env []string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	cmd := exec.Command(kinshipBinary(t), args...)
	cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME")}, env...)
	cmd.Stdin = strings.NewReader(stdin)
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	err := cmd.Run()
	if err != nil {
		if ee, ok := err.(*exec.ExitError); ok {
			return o.String(), e.String(), ee.ExitCode()
		}
		t.Fatalf("run kinship %v: %v", args, err)
	}
	return o.String(), e.String(), 0
}
