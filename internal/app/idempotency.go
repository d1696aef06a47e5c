package app

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/kinshiprecovery/kinship/internal/store"
)

// IdempotencyWindow is how long an Idempotency-Key's answer is kept.
const IdempotencyWindow = 24 * time.Hour

// IdempotentReplay is a kept answer to send again.
type IdempotentReplay struct {
	// Fingerprint names the request that was answered.
	Fingerprint string `json:"-"`
	// Running is true while the first request is still being carried out.
	Running bool                `json:"-"`
	Status  int                 `json:"status"`
	Header  map[string][]string `json:"header"`
	Body    []byte              `json:"body"`
}

func idempotencyAAD(userID, key string) []byte { return []byte("idempotency:" + userID + ":" + key) }

// ClaimIdempotencyKey starts the actor's request sent with key: nil when
// this request is the first with it (it runs, then FinishIdempotencyKey or
// ReleaseIdempotencyKey), else what is kept of the first. The answer is
// sealed, as it may hold what the person wrote.
func (a *App) ClaimIdempotencyKey(ctx context.Context, key, fingerprint string) (*IdempotentReplay, error) {
	act, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	now := a.now()
	prior, err := a.store.ClaimIdempotencyKey(ctx, &store.IdempotentAnswer{UserID: act.User.ID, Key: key, Fingerprint: fingerprint, CreatedAt: now}, now.Add(-IdempotencyWindow))
	if err != nil || prior == nil {
		return nil, err
	}
	r := &IdempotentReplay{Fingerprint: prior.Fingerprint, Running: prior.Status == 0}
	if r.Running || prior.Fingerprint != fingerprint {
		return r, nil
	}
	plain, err := a.box.Open(prior.Sealed, idempotencyAAD(act.User.ID, key))
	if err != nil {
		return nil, fmt.Errorf("app: open idempotent answer: %w", err)
	}
	if err := json.Unmarshal(plain, r); err != nil {
		return nil, fmt.Errorf("app: read idempotent answer: %w", err)
	}
	r.Fingerprint = prior.Fingerprint
	return r, nil
}

// FinishIdempotencyKey keeps the answer of the actor's claimed key.
func (a *App) FinishIdempotencyKey(ctx context.Context, key string, answer IdempotentReplay) error {
	act, err := requireActor(ctx)
	if err != nil {
		return err
	}
	plain, err := json.Marshal(answer)
	if err != nil {
		return err
	}
	return a.store.FinishIdempotencyKey(ctx, act.User.ID, key, answer.Status, a.box.Seal(plain, idempotencyAAD(act.User.ID, key)))
}

// ReleaseIdempotencyKey forgets the actor's claimed key: its request made
// nothing to replay (it was refused or failed), so it may be sent again.
func (a *App) ReleaseIdempotencyKey(ctx context.Context, key string) error {
	act, err := requireActor(ctx)
	if err != nil {
		return err
	}
	return a.store.ReleaseIdempotencyKey(ctx, act.User.ID, key)
}
