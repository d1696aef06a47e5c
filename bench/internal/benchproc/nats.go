package benchproc

import (
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/nats-io/nats-server/v2/server"
)

// NATSVersion is the version of the NATS server ServeNATS runs.
const NATSVersion = server.VERSION

// ServeNATS runs a NATS server on a free loopback port, printing "nats
// listening at URL" for Start, until it is interrupted or the process that
// started it ends. A benchmark runs it as a child process of its own, so
// the server's CPU is read apart from the benchmark's.
func ServeNATS() error {
	s, err := server.NewServer(&server.Options{Host: "127.0.0.1", Port: server.RANDOM_PORT, NoLog: true, NoSigs: true})
	if err != nil {
		return err
	}
	go s.Start()
	if !s.ReadyForConnections(30 * time.Second) {
		return fmt.Errorf("the NATS server did not start")
	}
	fmt.Println("nats listening at " + s.ClientURL())
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	parent := os.Getppid()
	for waiting := true; waiting; {
		select {
		case <-sig:
			waiting = false
		case <-time.After(time.Second):
			waiting = os.Getppid() == parent
		}
	}
	s.Shutdown()
	s.WaitForShutdown()
	return nil
}

// StartNATS runs this benchmark's own executable with args, which must
// make it call ServeNATS, and returns the NATS server process.
func StartNATS(args ...string) (*Process, error) {
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	return Start(nil, self, args...)
}
