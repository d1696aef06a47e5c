package mail_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/kinshiprecovery/kinship/internal/mail"
	"github.com/kinshiprecovery/kinship/internal/testutil"
)

func TestSMTPDelivers(t *testing.T) {
	srv := testutil.StartSMTP(t)
	host, port := srv.Addr()
	m, err := mail.NewSMTP(mail.SMTPConfig{Host: host, Port: port, From: "Kinship <no-reply@kinship.test>", TLS: "none"})
	if err != nil {
		t.Fatal(err)
	}
	text := "Hello — a line with an accent: café.\n\nA link: http://127.0.0.1/verify-email?token=abc_DEF-123\n" + strings.Repeat("long line ", 30)
	if err := m.Send(context.Background(), mail.Message{To: "sam@example.org", Subject: "You have a new message", Text: text}); err != nil {
		t.Fatal(err)
	}
	got := srv.WaitFor(t, 1, 5*time.Second)
	if got[0].From != "no-reply@kinship.test" || got[0].To[0] != "sam@example.org" {
		t.Fatalf("envelope %+v", got[0])
	}
	p := testutil.ParseMail(t, got[0])
	if p.Subject != "You have a new message" || strings.TrimSpace(p.Text) != strings.TrimSpace(text) {
		t.Fatalf("decoded %q / %q", p.Subject, p.Text)
	}
}

func TestSMTPConfigErrors(t *testing.T) {
	cases := []struct {
		cfg  mail.SMTPConfig
		want string
	}{
		{mail.SMTPConfig{Port: 25, From: "a@b.org"}, "host"},
		{mail.SMTPConfig{Host: "x", Port: 0, From: "a@b.org"}, "port"},
		{mail.SMTPConfig{Host: "x", Port: 25}, "From"},
		{mail.SMTPConfig{Host: "x", Port: 25, From: "a@b.org", TLS: "maybe"}, "starttls"},
		{mail.SMTPConfig{Host: "x", Port: 25, From: "not an address"}, "From address"},
	}
	for _, c := range cases {
		if _, err := mail.NewSMTP(c.cfg); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: %v, want mention of %q", c.cfg, err, c.want)
		}
	}
}

func TestSMTPUnreachable(t *testing.T) {
	m, err := mail.NewSMTP(mail.SMTPConfig{Host: "127.0.0.1", Port: 1, From: "a@b.org", TLS: "none"})
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Send(context.Background(), mail.Message{To: "x@example.org", Subject: "s", Text: "t"}); err == nil {
		t.Fatal("sending to a closed port succeeded")
	}
}

func TestTerminalMailer(t *testing.T) {
	var buf bytes.Buffer
	m := mail.NewTerminal(&buf)
	link := "http://localhost:8080/verify-email?token=abc123"
	if err := m.Send(context.Background(), mail.Message{To: "x@example.org", Subject: "Confirm", Text: "Open " + link}); err != nil {
		t.Fatal(err)
	}
	// Printed plainly, the link on a line of its own text, ready to copy.
	if !strings.Contains(buf.String(), "SMTP is not configured") || !strings.Contains(buf.String(), "Subject: Confirm") || !strings.Contains(buf.String(), "Open "+link+"\n") {
		t.Fatalf("terminal: %s", buf.String())
	}
}
