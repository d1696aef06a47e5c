package app

import (
	"context"

	"github.com/kinshiprecovery/kinship/internal/model"
)

// ShareMilestone posts a celebration card for one of the actor's reached
// milestones (by its label, e.g. "30 days") in a group's chat, where peers
// answer with reactions and replies. Only the milestone is shared, never
// the dates or anything else about the actor's recovery. Errors: invalid
// (not a milestone reached), not_found, forbidden, conflict (archived).
func (a *App) ShareMilestone(ctx context.Context, groupID, label string) (*MessageView, error) {
	act, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	rec, err := a.Recovery(ctx)
	if err != nil {
		return nil, err
	}
	found := false
	for _, m := range rec.Reached {
		if m.Label == label {
			found = true
		}
	}
	if !found {
		return nil, &model.Error{Kind: model.KindInvalid, Message: "share a milestone you have reached; your recovery time page lists them",
			Fields: map[string]string{"milestone": "not a milestone you have reached"}}
	}
	name := a.displayName(ctx, act.User.ID)
	// One card per milestone and group: sharing again returns the first.
	v, _, err := a.postMessage(ctx, groupID, "milestone:"+label, "🎉 "+name+" is celebrating "+label+" in recovery.", "milestone")
	return v, err
}
