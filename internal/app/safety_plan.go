package app

import (
	"context"
	"encoding/json"
	"errors"

	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/store"
)

// safetyPlanAAD binds a sealed safety plan to its writer.
func safetyPlanAAD(userID string) []byte { return []byte("safety-plan:" + userID) }

// MySafetyPlan returns the actor's safety plan; an empty one (zero
// UpdatedAt) when they have written none. Errors: unauthorized.
func (a *App) MySafetyPlan(ctx context.Context) (*model.SafetyPlan, error) {
	act, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	return a.safetyPlanOf(ctx, act.User.ID)
}

func (a *App) safetyPlanOf(ctx context.Context, userID string) (*model.SafetyPlan, error) {
	sealed, at, err := a.store.FindSafetyPlan(ctx, userID)
	if errors.Is(err, store.ErrNotFound) {
		return &model.SafetyPlan{}, nil
	}
	if err != nil {
		return nil, err
	}
	plain, err := a.box.Open(sealed, safetyPlanAAD(userID))
	if err != nil {
		return nil, err
	}
	p := &model.SafetyPlan{}
	if err := json.Unmarshal(plain, p); err != nil {
		return nil, err
	}
	p.UpdatedAt = at
	return p, nil
}

// SaveSafetyPlan keeps the actor's safety plan as written, sealed; only
// they read it. Its words are not sent to the safety check: a plan for a
// hard time names hard times by design, and no moderator reads it.
// Errors: unauthorized, invalid (a part too long, by part).
func (a *App) SaveSafetyPlan(ctx context.Context, p model.SafetyPlan) (*model.SafetyPlan, error) {
	act, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	p.UpdatedAt = a.now()
	plain, err := json.Marshal(p)
	if err != nil {
		return nil, err
	}
	if err := a.store.PutSafetyPlan(ctx, act.User.ID, a.box.Seal(plain, safetyPlanAAD(act.User.ID)), p.UpdatedAt); err != nil {
		return nil, err
	}
	return &p, nil
}
