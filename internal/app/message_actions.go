package app

import (
	"context"

	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/safety"
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
	// LinesShown: the safety check read the message as a crisis and
	// showed its author the crisis lines of the country on their profile,
	// said to the reader who was given the heads-up (the group's
	// facilitators, a moderator), whose own page shows their own
	// country's lines (walk15 W15-6). The country is not given: it is
	// the author's to show. AuthorPronoun is how the reader may speak of
	// the author.
	LinesShown    bool
	AuthorPronoun model.Pronoun
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
	out := &MessageActions{Message: a.messageView(ctx, names{}, m), Kind: acc.conv.Kind, Mine: mine,
		Remove: !mine && acc.conv.Kind == "group" && acc.leader(), Archived: acc.group != nil && acc.group.ArchivedAt != nil}
	toldOfCrisis := acc.leader() || act.User.Role == model.RoleModerator || act.User.Role == model.RoleSiteAdmin
	if !mine && acc.conv.Kind == "group" && toldOfCrisis && a.linesShownFor(ctx, m.AuthorID, m.ID) {
		out.LinesShown, out.AuthorPronoun = true, a.pronounFor(ctx, act.User.ID, m.AuthorID)
	}
	return out, nil
}

// linesShownFor reports whether the safety check read authorID's
// message messageID as a crisis, and so showed them the crisis lines of
// the country on their profile (screenFrom), when they have one.
func (a *App) linesShownFor(ctx context.Context, authorID, messageID string) bool {
	f, err := a.store.FindItemSafetyFlag(ctx, authorID, messageID)
	if err != nil || f.Source == "report" || f.Level != string(safety.Crisis) {
		return false
	}
	return a.countryOf(ctx, authorID) != ""
}
