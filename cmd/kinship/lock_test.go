package main

import (
	"fmt"
	"net/http"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// TestSecondServerOnOneDataDirectoryExits starts a real server process and
// then a second one on the same SQLite data directory: the second must exit
// at once, saying which process holds the directory, and leave the first
// one serving.
func TestSecondServerOnOneDataDirectoryExits(t *testing.T) {
	dir := t.TempDir()
	first := startProc(t, "KINSHIP_DATA_DIR="+dir)

	start := time.Now()
	cmd := exec.Command(kinshipBinary(t), "serve", "--addr", "127.0.0.1:0")
	cmd.Env = []string{"KINSHIP_DATA_DIR=" + dir}
	out, err := cmd.CombinedOutput()
	took := time.Since(start)
	ee, ok := err.(*exec.ExitError)
	if !ok || ee.ExitCode() == 0 {
		t.Fatalf("second server did not fail (err %v); output:\n%s", err, out)
	}
	msg := string(out)
	want := fmt.Sprintf("PID %d, started ", first.cmd.Process.Pid)
	if !strings.Contains(msg, "is in use by another kinship serve") || !strings.Contains(msg, want) {
		t.Fatalf("second server's message does not name the holder (%q):\n%s", want, msg)
	}
	if strings.Contains(msg, "Kinship is running at") {
		t.Fatalf("second server started listening:\n%s", msg)
	}
	t.Logf("second server exited in %v with: %s", took.Round(time.Millisecond), strings.TrimSpace(msg))

	res, err := http.Get(first.url + "/healthz")
	if err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("first server no longer healthy: %v", err)
	}
	res.Body.Close()

	// Once the holder is gone (even killed), the directory is free again.
	first.kill()
	startProc(t, "KINSHIP_DATA_DIR="+dir)
}
