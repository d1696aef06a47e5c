package realtime

import (
	"bytes"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// TestTheBrowsersCloseIsAnswered: when a page's socket closes (the next
// page loads), the browser's close frame is answered with the same code,
// and the connection then ends cleanly (a FIN, not a reset), over a real
// TCP connection, where the answer is held for the close and goes with
// its FIN (writeBeforeClose).
func TestTheBrowsersCloseIsAnswered(t *testing.T) {
	hub, _, url := start(t, defaultTiming)
	for _, v := range []struct {
		name   string
		close  []byte
		answer []byte
	}{
		{"going away", websocket.FormatCloseMessage(websocket.CloseGoingAway, ""), []byte{0x88, 0x02, 0x03, 0xe8}},
		{"its own code", websocket.FormatCloseMessage(4000, "bye"), []byte{0x88, 0x02, 0x0f, 0xa0}},
		{"no code", []byte{}, []byte{0x88, 0x00}},
	} {
		t.Run(v.name, func(t *testing.T) {
			c := dial(t, url, "ana")
			readType(t, c, "hello")
			if err := c.WriteControl(websocket.CloseMessage, v.close, time.Now().Add(5*time.Second)); err != nil {
				t.Fatal(err)
			}
			raw := c.UnderlyingConn()
			_ = raw.SetReadDeadline(time.Now().Add(5 * time.Second))
			got, err := io.ReadAll(raw) // to the end of the connection
			if err != nil {
				t.Fatalf("after %q the connection ended with %v (read %x), not at its end", v.close, err, got)
			}
			if !bytes.Equal(got, v.answer) {
				t.Fatalf("the answer to %x is %x, want %x and then the connection's end", v.close, got, v.answer)
			}
			for range 200 {
				if len(hub.clientsOf("ana")) == 0 {
					return
				}
				time.Sleep(5 * time.Millisecond)
			}
			t.Fatal("the closed socket is still registered")
		})
	}
}

// TestOnlyTheAnswerIsHeldForTheClose: of the close frames the server
// writes, only the answer to the browser's is held for the connection's
// close (answersClose): the closes the server starts (a session ended, a
// frame too large to read) carry their reason and are written at once, as
// the browser may still be sending and what it sent would, left unread,
// turn the close into a reset that drops a held frame. Each frame is the
// one the library and the socket wrote.
func TestOnlyTheAnswerIsHeldForTheClose(t *testing.T) {
	lastClose := func(t *testing.T, l *watchedListener) []byte {
		t.Helper()
		for range 400 {
			w := l.written()
			if last := w[len(w)-1]; len(w) > 1 && last[0]&0x0f == opClose {
				return last
			}
			time.Sleep(5 * time.Millisecond)
		}
		t.Fatal("no close frame written")
		return nil
	}

	t.Run("the answer to the browser's close", func(t *testing.T) {
		_, _, l, c := anaWatched(t)
		if err := c.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseGoingAway, ""), time.Now().Add(5*time.Second)); err != nil {
			t.Fatal(err)
		}
		if f := lastClose(t, l); !answersClose(f) {
			t.Fatalf("the answer %x is not held for the close", f)
		}
	})
	t.Run("a session ended", func(t *testing.T) {
		_, hub, l, _ := anaWatched(t)
		hub.end(hub.clientsOf("ana")[0], ReasonSignedOut)
		f := lastClose(t, l)
		if answersClose(f) {
			t.Fatalf("the session's end %q is held for the close", f)
		}
		if !strings.Contains(string(f), "your session has ended") {
			t.Fatalf("the session's end says %q", f)
		}
	})
	t.Run("a frame too large", func(t *testing.T) {
		_, _, l, c := anaWatched(t)
		_ = c.WriteMessage(websocket.TextMessage, bytes.Repeat([]byte("a"), maxFrame+1))
		f := lastClose(t, l)
		if answersClose(f) {
			t.Fatalf("the close for a frame too large %q is held for the close", f)
		}
		if len(f) < 4 || uint16(f[2])<<8|uint16(f[3]) != 1009 {
			t.Fatalf("the close for a frame too large is %x, not 1009", f)
		}
	})
}
