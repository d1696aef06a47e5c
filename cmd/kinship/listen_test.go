package main

import (
	"context"
	"net"
	"syscall"
	"testing"
	"time"

	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// sockopt reads one of c's socket options at level.
func sockopt(t testing.TB, c net.Conn, level, opt int) int {
	t.Helper()
	raw, err := c.(*net.TCPConn).SyscallConn()
	if err != nil {
		t.Fatal(err)
	}
	var v int
	var gerr error
	if err := raw.Control(func(fd uintptr) { v, gerr = syscall.GetsockoptInt(int(fd), level, opt) }); err != nil {
		t.Fatal(err)
	}
	if gerr != nil {
		t.Fatal(gerr)
	}
	return v
}

// acceptOne dials ln and returns the connection ln accepted, closing both
// at the test's end.
func acceptOne(t testing.TB, ln net.Listener) net.Conn {
	t.Helper()
	got := make(chan net.Conn, 1)
	go func() {
		c, err := ln.Accept()
		if err != nil {
			got <- nil
			return
		}
		got <- c
	}()
	d := net.Dialer{KeepAlive: -1}
	client, err := d.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { client.Close() })
	c := <-got
	if c == nil {
		t.Fatal("nothing accepted")
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// TestNodeAcceptsWithoutKeepAliveProbes: the node's listener (listen)
// accepts connections with no TCP keep-alive (the sockets' pings and the
// HTTP server's timeouts find a gone peer) and with TCP_NODELAY on, as Go
// sets it; Go's own listener, which the node used, turns keep-alive on,
// so the test tells the two apart.
func TestNodeAcceptsWithoutKeepAliveProbes(t *testing.T) {
	ln, err := listen(context.Background(), "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	c := acceptOne(t, ln)
	if v := sockopt(t, c, syscall.SOL_SOCKET, syscall.SO_KEEPALIVE); v != 0 {
		t.Errorf("the node's accepted connection has SO_KEEPALIVE %d, want 0", v)
	}
	if v := sockopt(t, c, syscall.IPPROTO_TCP, syscall.TCP_NODELAY); v == 0 {
		t.Error("the node's accepted connection has TCP_NODELAY off")
	}

	std, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer std.Close()
	if v := sockopt(t, acceptOne(t, std), syscall.SOL_SOCKET, syscall.SO_KEEPALIVE); v == 0 {
		t.Error("net.Listen's accepted connection has SO_KEEPALIVE off: the test cannot tell the two apart")
	}
}

// BenchmarkAccept: a connection dialed, accepted and closed both ends,
// through Go's listener as the node listened before (keep-alive probes
// set on each accepted connection) and through the node's listen. The
// dialer sets no keep-alive either way; both ends are in the process, so
// the CPU per op is the pair's. Reports CPU microseconds per connection.
func BenchmarkAccept(b *testing.B) {
	for _, way := range []struct {
		name string
		ln   func() (net.Listener, error)
	}{
		{"keepalive", func() (net.Listener, error) { return net.Listen("tcp", "127.0.0.1:0") }},
		{"listen", func() (net.Listener, error) { return listen(context.Background(), "127.0.0.1:0") }},
	} {
		b.Run(way.name, func(b *testing.B) {
			ln, err := way.ln()
			if err != nil {
				b.Fatal(err)
			}
			defer ln.Close()
			accepted := make(chan struct{}, 1)
			go func() {
				for {
					c, err := ln.Accept()
					if err != nil {
						return
					}
					c.Close()
					accepted <- struct{}{}
				}
			}()
			d := net.Dialer{KeepAlive: -1, Timeout: 5 * time.Second}
			addr := ln.Addr().String()
			b.ReportAllocs()
			t0 := testutil.ProcessCPU()
			i := 0
			for b.Loop() {
				c, err := d.Dial("tcp", addr)
				if err != nil {
					b.Fatal(err)
				}
				<-accepted
				c.Close()
				i++
			}
			b.ReportMetric(float64((testutil.ProcessCPU()-t0).Microseconds())/float64(i), "cpu-us/op")
		})
	}
}
