// Package mail sends Kinship's email: plain text only, through SMTP, or to
// the log when no SMTP server is configured. Callers keep health
// information out of every subject and body.
package mail

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
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

// logMailer writes messages to the log, for instances without SMTP.
type logMailer struct{ log *slog.Logger }

// NewLog returns a Mailer that writes each message to the log, so a local
// install without SMTP still shows its confirmation and reset links.
func NewLog(log *slog.Logger) Mailer { return logMailer{log: log} }

func (l logMailer) Send(ctx context.Context, m Message) error {
	l.log.InfoContext(ctx, "email (SMTP is not configured, so it is written here instead of sent)", "to", m.To, "subject", m.Subject, "text", m.Text)
	return nil
}
