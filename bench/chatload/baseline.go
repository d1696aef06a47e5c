package main

import (
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"sync"

	"github.com/gorilla/websocket"
)

// The bare baseline: a gorilla/websocket server that only broadcasts each
// frame to everyone in the sender's room, as the library's own chat example
// does (a reader and a writer goroutine per connection, a buffered channel
// between them, WriteMessage per recipient). No accounts, no storage.

type baseClient struct {
	conn *websocket.Conn
	send chan []byte
}

type baseHub struct {
	mu    sync.RWMutex
	rooms map[string]map[*baseClient]struct{}
}

func runBaseline() {
	h := &baseHub{rooms: map[string]map[*baseClient]struct{}{}}
	up := websocket.Upgrader{ReadBufferSize: 1024, WriteBufferSize: 1024, CheckOrigin: func(*http.Request) bool { return true }}
	mux := http.NewServeMux()
	mux.HandleFunc("/ws", func(w http.ResponseWriter, r *http.Request) {
		room := r.URL.Query().Get("room")
		conn, err := up.Upgrade(w, r, nil)
		if err != nil {
			return
		}
		c := &baseClient{conn: conn, send: make(chan []byte, 256)}
		h.mu.Lock()
		if h.rooms[room] == nil {
			h.rooms[room] = map[*baseClient]struct{}{}
		}
		h.rooms[room][c] = struct{}{}
		h.mu.Unlock()
		go func() {
			for msg := range c.send {
				if err := conn.WriteMessage(websocket.TextMessage, msg); err != nil {
					break
				}
			}
			conn.Close()
		}()
		for {
			_, msg, err := conn.ReadMessage()
			if err != nil {
				break
			}
			h.mu.RLock()
			for other := range h.rooms[room] {
				select {
				case other.send <- msg:
				default: // too slow: dropped, as the example does
				}
			}
			h.mu.RUnlock()
		}
		h.mu.Lock()
		delete(h.rooms[room], c)
		h.mu.Unlock()
		close(c.send)
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
