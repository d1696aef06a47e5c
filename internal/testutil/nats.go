package testutil

import (
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
)

// NATS is a real NATS server running in the test's process on a free
// loopback port, so tests of the NATS broker need nothing installed.
type NATS struct {
	Server *server.Server
}

// StartNATS starts a NATS server for the test and stops it when the test ends.
func StartNATS(t testing.TB) *NATS { t.Helper(); return StartNATSOn(t, server.RANDOM_PORT) }

// StartNATSOn starts a NATS server on the given loopback port, for a test
// of a client that was waiting for it.
func StartNATSOn(t testing.TB, port int) *NATS {
	t.Helper()
	s, err := server.NewServer(&server.Options{
		Host:   "127.0.0.1",
		Port:   port,
		NoLog:  true,
		NoSigs: true,
		// No monitoring port: Connz is asked in process.
		HTTPPort: 0,
	})
	if err != nil {
		t.Fatalf("nats server: %v", err)
	}
	go s.Start()
	if !s.ReadyForConnections(10 * time.Second) {
		s.Shutdown()
		t.Fatal("the NATS server did not start within 10s")
	}
	t.Cleanup(func() {
		s.Shutdown()
		s.WaitForShutdown()
	})
	return &NATS{Server: s}
}

// URL is the address clients connect to (nats://127.0.0.1:PORT).
func (n *NATS) URL() string { return n.Server.ClientURL() }

// Clients returns the ids of the open client connections named name.
func (n *NATS) Clients(t testing.TB, name string) []uint64 {
	t.Helper()
	cz, err := n.Server.Connz(&server.ConnzOptions{Limit: 10000})
	if err != nil {
		t.Fatal(err)
	}
	var ids []uint64
	for _, c := range cz.Conns {
		if c.Name == name {
			ids = append(ids, c.Cid)
		}
	}
	return ids
}

// Kick closes the client connection named name from the server's side, as
// a network failure would, and returns its id. The test fails if there is
// no such connection.
func (n *NATS) Kick(t testing.TB, name string) uint64 {
	t.Helper()
	ids := n.Clients(t, name)
	if len(ids) != 1 {
		t.Fatalf("want one NATS connection named %q, have %d", name, len(ids))
	}
	if err := n.Server.DisconnectClientByID(ids[0]); err != nil {
		t.Fatal(err)
	}
	return ids[0]
}
