package app

import (
	"context"

	"github.com/kinshiprecovery/kinship/internal/store"
)

// HomeGroups and HomeGroupsListed let the tests compare home's one read of
// a member's groups and meetings with the two it replaced.
func (a *App) HomeGroups(ctx context.Context) (map[string]string, []*store.GroupMeeting, error) {
	return a.homeGroups(ctx, ActorFrom(ctx).User.ID)
}

func (a *App) HomeGroupsListed(ctx context.Context) (map[string]string, []*store.GroupMeeting, error) {
	return a.homeGroupsListed(ctx)
}
