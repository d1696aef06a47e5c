package main

import (
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"sync"

	"github.com/lxzan/gws"
)

// The second bare baseline, from lxzan/gws, the other library the design
// names: it only broadcasts each frame to everyone in the sender's room,
// queuing one asynchronous write per recipient, as the library suggests.

type gwsHub struct {
	mu    sync.RWMutex
	rooms map[string]map[*gws.Conn]struct{}
}

func (h *gwsHub) OnOpen(c *gws.Conn) {
	room, _ := c.Session().Load("room")
	h.mu.Lock()
	defer h.mu.Unlock()
	r := room.(string)
	if h.rooms[r] == nil {
		h.rooms[r] = map[*gws.Conn]struct{}{}
	}
	h.rooms[r][c] = struct{}{}
}

func (h *gwsHub) OnClose(c *gws.Conn, err error) {
	room, _ := c.Session().Load("room")
	h.mu.Lock()
	defer h.mu.Unlock()
	delete(h.rooms[room.(string)], c)
}

func (h *gwsHub) OnPing(c *gws.Conn, payload []byte) { _ = c.WritePong(payload) }
func (h *gwsHub) OnPong(*gws.Conn, []byte)           {}

func (h *gwsHub) OnMessage(c *gws.Conn, m *gws.Message) {
	defer m.Close()
	room, _ := c.Session().Load("room")
	data := append([]byte(nil), m.Bytes()...)
	h.mu.RLock()
	defer h.mu.RUnlock()
	for other := range h.rooms[room.(string)] {
		other.WriteAsync(gws.OpcodeText, data, nil)
	}
}

func runGWSBaseline() {
	h := &gwsHub{rooms: map[string]map[*gws.Conn]struct{}{}}
	up := gws.NewUpgrader(h, &gws.ServerOption{
		Authorize: func(r *http.Request, s gws.SessionStorage) bool {
			s.Store("room", r.URL.Query().Get("room"))
			return true
		},
	})
	mux := http.NewServeMux()
	mux.HandleFunc("/ws", func(w http.ResponseWriter, r *http.Request) {
		c, err := up.Upgrade(w, r)
		if err != nil {
			return
		}
		go c.ReadLoop()
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Printf("baseline listening at http://%s\n", ln.Addr())
	go http.Serve(ln, mux)
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, os.Interrupt)
	<-stop
}
