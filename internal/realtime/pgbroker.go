package realtime

import (
	"context"
	"database/sql"
	"encoding/json"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
)

// Channel is the PostgreSQL notification channel nodes talk on.
const Channel = "kinship_events"

// maxPayload keeps notifications under PostgreSQL's 8000-byte limit.
// Events carry IDs, and a change's frame only sealed (Event.Sealed).
const maxPayload = 7000

// maxSealedFrame is the largest frame sent sealed in an event: sealed and
// in base64 it leaves the event under maxPayload. A larger one (a long
// message) is read from the database by the other nodes.
const maxSealedFrame = 4800

// PGBroker carries events between nodes with PostgreSQL LISTEN/NOTIFY: one
// NOTIFY per event, whatever the number of recipients.
type PGBroker struct {
	// DSN opens the dedicated listening connection.
	DSN string
	// DB sends notifications (the store's pool).
	DB *sql.DB
	// Name is set as the listening connection's application_name, so an
	// operator (or a test) can find it.
	Name string
	Log  *slog.Logger
	// Connected, if set, is called each time the listener is (re)connected.
	Connected func()
}

// Publish sends one NOTIFY for ev.
func (b *PGBroker) Publish(ctx context.Context, ev Event) error {
	payload, err := encodeEvent(ev)
	if err != nil {
		return err
	}
	_, err = b.DB.ExecContext(ctx, "SELECT pg_notify($1, $2)", Channel, string(payload))
	return err
}

// Run listens until ctx ends, reconnecting with backoff. After every
// reconnection it asks h to resync, since events may have been missed.
func (b *PGBroker) Run(ctx context.Context, h Receiver) error {
	backoff := 50 * time.Millisecond
	first := true
	for ctx.Err() == nil {
		err := b.listen(ctx, h, func() {
			backoff = 50 * time.Millisecond
			if !first {
				h.Resync()
			}
			first = false
			if b.Connected != nil {
				b.Connected()
			}
		})
		if ctx.Err() != nil {
			break
		}
		b.Log.Warn("realtime: broker connection lost; reconnecting", "err", err, "in", backoff)
		select {
		case <-ctx.Done():
		case <-time.After(backoff):
		}
		if backoff < 2*time.Second {
			backoff *= 2
		}
	}
	return nil
}

func (b *PGBroker) listen(ctx context.Context, h Receiver, connected func()) error {
	cfg, err := pgx.ParseConfig(b.DSN)
	if err != nil {
		return err
	}
	if b.Name != "" {
		cfg.RuntimeParams["application_name"] = b.Name
	}
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if _, err := conn.Exec(ctx, "LISTEN "+Channel); err != nil {
		return err
	}
	connected()
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return err
		}
		var ev Event
		if err := json.Unmarshal([]byte(n.Payload), &ev); err != nil {
			b.Log.Warn("realtime: unreadable event", "err", err)
			continue
		}
		h.Receive(ev)
	}
}
