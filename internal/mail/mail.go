// Package mail sends Kinship's email: plain text only, through SMTP, or to
// the terminal when no SMTP server is configured. Callers keep health
// information out of every subject and body.
package mail

import (
	"context"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// Message is one plain-text email.
type Message struct {
	To      string
	Subject string
	Text    string
}

// Mailer sends email.
type Mailer interface {
	Send(ctx context.Context, m Message) error
}

// SMTPConfig says how to reach the SMTP server.
type SMTPConfig struct {
	Host     string
	Port     int
	Username string
	Password string
	From     string
	// TLS is "starttls" (the default), "tls" (implicit TLS, usually port 465) or "none".
	TLS string
}

// SMTP sends through an SMTP server, one connection per message.
type SMTP struct {
	cfg  SMTPConfig
	opts []gomail.Option
}

// NewSMTP checks cfg and returns a sender. Errors say what to fix.
func NewSMTP(cfg SMTPConfig) (*SMTP, error) {
	var probs []string
	if cfg.Host == "" {
		probs = append(probs, "set the SMTP host")
	}
	if cfg.Port < 1 || cfg.Port > 65535 {
		probs = append(probs, "use an SMTP port from 1 to 65535")
	}
	if cfg.From == "" {
		probs = append(probs, "set the From address")
	}
	opts := []gomail.Option{gomail.WithPort(cfg.Port), gomail.WithTimeout(15 * time.Second)}
	switch cfg.TLS {
	case "", "starttls":
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	case "tls":
		opts = append(opts, gomail.WithSSL())
	case "none":
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
	default:
		probs = append(probs, "use starttls, tls or none for TLS")
	}
	if cfg.Username != "" {
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthAutoDiscover), gomail.WithUsername(cfg.Username), gomail.WithPassword(cfg.Password))
	}
	if len(probs) > 0 {
		return nil, fmt.Errorf("mail: %s", strings.Join(probs, "; "))
	}
	// Check the From address once, here, rather than on every send.
	if err := gomail.NewMsg().From(cfg.From); err != nil {
		return nil, fmt.Errorf("mail: From address %q: %w", cfg.From, err)
	}
	return &SMTP{cfg: cfg, opts: opts}, nil
}

// Send delivers m.
func (s *SMTP) Send(ctx context.Context, m Message) error {
	msg := gomail.NewMsg()
	if err := msg.From(s.cfg.From); err != nil {
		return fmt.Errorf("mail: from: %w", err)
	}
	if err := msg.To(m.To); err != nil {
		return fmt.Errorf("mail: recipient: %w", err)
	}
	msg.Subject(m.Subject)
	msg.SetBodyString(gomail.TypeTextPlain, m.Text)
	c, err := gomail.NewClient(s.cfg.Host, s.opts...)
	if err != nil {
		return fmt.Errorf("mail: client: %w", err)
	}
	if err := c.DialAndSendWithContext(ctx, msg); err != nil {
		return fmt.Errorf("mail: send: %w", err)
	}
	return nil
}

// terminalMailer prints messages plainly for the operator, for instances
// without SMTP. It never goes through the structured log: links in email
// are keys to accounts, and logs are shipped and kept.
type terminalMailer struct {
	mu sync.Mutex
	w  io.Writer
}

// NewTerminal returns a Mailer that prints each message to w (the
// terminal's standard error), so a local install without SMTP still shows
// its confirmation and reset links to the person running it.
func NewTerminal(w io.Writer) Mailer { return &terminalMailer{w: w} }

func (t *terminalMailer) Send(ctx context.Context, m Message) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	_, err := fmt.Fprintf(t.w, "\n---- Email not sent: SMTP is not configured, so here it is ----\nTo: %s\nSubject: %s\n\n%s\n---- end of email ----\n\n", m.To, m.Subject, m.Text)
	return err
}
