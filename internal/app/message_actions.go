package app

import (
	"context"

	"github.com/kinshiprecovery/kinship/internal/model"
)

// MessageActions is one chat message and what its reader may do with it:
// the page a chat's "Report", "Edit or delete" and "Remove" open without
// the page script (with it, the same forms open in place).
type MessageActions struct {
	Message MessageView
	// Kind is the conversation's: "group" or "dm".
	Kind string
	// Mine: the reader wrote it (edit, delete); otherwise they may report it.
	Mine bool
	// Remove: the reader leads the group and someone else wrote it.
	Remove bool
	// Archived: the message is in an archived group's chat, which is
	// read-only: it takes no edits and no reactions (its author may still
	// delete it, and a facilitator remove it).
	Archived bool
}

// MessageActionsFor reads a message of a conversation the actor reads, as
// its chat page shows it, for the page of what they may do with it.
// Errors: not_found (no such message, not in a conversation the actor
// reads, its author blocked either way, or held for a moderator and not
// the actor's own).
func (a *App) MessageActionsFor(ctx context.Context, messageID string) (*MessageActions, error) {
	act, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	m, acc, err := a.ownMessage(ctx, act.User.ID, messageID)
	if err != nil {
		return nil, err
	}
	mine := m.AuthorID == act.User.ID
	if m.State == msgHeld && !mine {
		return nil, &model.Error{Kind: model.KindNotFound, Message: "message not found"}
	}
	return &MessageActions{Message: a.messageView(ctx, names{}, m), Kind: acc.conv.Kind, Mine: mine,
		Remove: !mine && acc.conv.Kind == "group" && acc.leader(), Archived: acc.group != nil && acc.group.ArchivedAt != nil}, nil
}
