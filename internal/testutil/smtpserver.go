package testutil

import (
	"bufio"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"encoding/base64"
)

// ReceivedMessage is one message the test SMTP server accepted.
type ReceivedMessage struct {
	From string
	To   []string
	Data string
}

// SMTPServer is a real, minimal SMTP server on loopback for tests.
type SMTPServer struct {
	ln   net.Listener
	mu   sync.Mutex
	msgs []ReceivedMessage
	wg   sync.WaitGroup
}

// StartSMTP starts a server on 127.0.0.1 and stops it when the test ends.
func StartSMTP(t testing.TB) *SMTPServer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &SMTPServer{ln: ln}
	s.wg.Add(1)
	go s.accept()
	t.Cleanup(func() { ln.Close(); s.wg.Wait() })
	return s
}

// Addr returns the host and port to send to.
func (s *SMTPServer) Addr() (string, int) {
	a := s.ln.Addr().(*net.TCPAddr)
	return a.IP.String(), a.Port
}

// Messages returns a copy of what arrived so far.
func (s *SMTPServer) Messages() []ReceivedMessage {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]ReceivedMessage(nil), s.msgs...)
}

// WaitFor waits until at least n messages arrived and returns them all; it
// fails the test after timeout.
func (s *SMTPServer) WaitFor(t testing.TB, n int, timeout time.Duration) []ReceivedMessage {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		if m := s.Messages(); len(m) >= n {
			return m
		}
		if time.Now().After(deadline) {
			t.Fatalf("waited %v for %d emails, got %d", timeout, n, len(s.Messages()))
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// WaitForMatch waits until a message for which match is true arrives and
// returns it; other mail, which the queue may send in any order, is passed
// over. It fails the test after timeout.
func (s *SMTPServer) WaitForMatch(t testing.TB, match func(ReceivedMessage) bool, timeout time.Duration) ReceivedMessage {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		for _, m := range s.Messages() {
			if match(m) {
				return m
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("waited %v for a matching email among %d", timeout, len(s.Messages()))
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func (s *SMTPServer) accept() {
	defer s.wg.Done()
	for {
		c, err := s.ln.Accept()
		if err != nil {
			return
		}
		s.wg.Add(1)
		go func() { defer s.wg.Done(); s.serve(c) }()
	}
}

func (s *SMTPServer) serve(c net.Conn) {
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(30 * time.Second))
	r := bufio.NewReader(c)
	w := bufio.NewWriter(c)
	reply := func(line string) { w.WriteString(line + "\r\n"); w.Flush() }
	reply("220 kinship-test ESMTP ready")
	var cur ReceivedMessage
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		line = strings.TrimRight(line, "\r\n")
		verb := strings.ToUpper(line)
		switch {
		case strings.HasPrefix(verb, "EHLO"):
			w.WriteString("250-kinship-test\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n250 AUTH PLAIN LOGIN\r\n")
			w.Flush()
		case strings.HasPrefix(verb, "HELO"):
			reply("250 kinship-test")
		case strings.HasPrefix(verb, "AUTH"):
			reply("235 2.7.0 accepted")
		case strings.HasPrefix(verb, "MAIL FROM:"):
			cur = ReceivedMessage{From: addrArg(line[len("MAIL FROM:"):])}
			reply("250 ok")
		case strings.HasPrefix(verb, "RCPT TO:"):
			cur.To = append(cur.To, addrArg(line[len("RCPT TO:"):]))
			reply("250 ok")
		case verb == "DATA":
			reply("354 end with <CRLF>.<CRLF>")
			var data strings.Builder
			for {
				l, err := r.ReadString('\n')
				if err != nil {
					return
				}
				if l == ".\r\n" || l == ".\n" {
					break
				}
				data.WriteString(strings.TrimPrefix(l, "."))
			}
			cur.Data = data.String()
			s.mu.Lock()
			s.msgs = append(s.msgs, cur)
			s.mu.Unlock()
			reply("250 ok queued")
		case verb == "RSET":
			cur = ReceivedMessage{}
			reply("250 ok")
		case verb == "NOOP":
			reply("250 ok")
		case verb == "QUIT":
			reply("221 bye")
			return
		default:
			reply("502 command not implemented")
		}
	}
}

func addrArg(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, ' '); i >= 0 {
		s = s[:i]
	}
	return strings.Trim(s, "<>")
}

// ParsedMail is a received message's decoded subject and plain-text body.
type ParsedMail struct {
	To      []string
	Subject string
	Text    string
}

// ParseMail decodes a received message's headers and plain-text body
// (quoted-printable, base64 or a multipart text/plain part).
func ParseMail(t testing.TB, m ReceivedMessage) ParsedMail {
	t.Helper()
	msg, err := mail.ReadMessage(strings.NewReader(m.Data))
	if err != nil {
		t.Fatalf("parse email: %v\n%s", err, m.Data)
	}
	dec := new(mime.WordDecoder)
	subject, err := dec.DecodeHeader(msg.Header.Get("Subject"))
	if err != nil {
		t.Fatalf("subject: %v", err)
	}
	text, err := decodeBody(msg.Header.Get("Content-Type"), msg.Header.Get("Content-Transfer-Encoding"), msg.Body)
	if err != nil {
		t.Fatalf("body: %v", err)
	}
	return ParsedMail{To: m.To, Subject: subject, Text: text}
}

func decodeBody(contentType, encoding string, body io.Reader) (string, error) {
	mt, params, _ := mime.ParseMediaType(contentType)
	if strings.HasPrefix(mt, "multipart/") {
		mr := multipart.NewReader(body, params["boundary"])
		for {
			p, err := mr.NextPart()
			if err != nil {
				return "", err
			}
			if strings.HasPrefix(p.Header.Get("Content-Type"), "text/plain") {
				return decodeBody(p.Header.Get("Content-Type"), p.Header.Get("Content-Transfer-Encoding"), p)
			}
		}
	}
	switch strings.ToLower(encoding) {
	case "quoted-printable":
		body = quotedprintable.NewReader(body)
	case "base64":
		body = base64.NewDecoder(base64.StdEncoding, &crlfStripper{r: body})
	}
	b, err := io.ReadAll(body)
	return strings.ReplaceAll(string(b), "\r\n", "\n"), err
}

// crlfStripper drops line breaks inside base64 bodies.
type crlfStripper struct{ r io.Reader }

func (c *crlfStripper) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	j := 0
	for _, b := range p[:n] {
		if b != '\r' && b != '\n' {
			p[j] = b
			j++
		}
	}
	return j, err
}
