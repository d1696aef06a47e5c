package app

import (
	"context"
	"errors"

	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/store"
)

// A moderator handling a crisis-queue item may write to the person it is
// about, whoever they are connected to and whatever their trust level:
// someone who wrote words of crisis should not have to accept a request
// before help reaches them. Only a block stops it, either way, and only
// an item still in the queue opens it, so the queue is no way to message
// anyone else.

// markBlocks sets each view's BlocksYou and YouBlock for the moderator
// actorID reading them.
func (a *App) markBlocks(ctx context.Context, actorID string, vs []FlagView) error {
	ids := make([]string, len(vs))
	for i, v := range vs {
		ids[i] = v.MemberID
	}
	theyBlock, iBlock, err := a.blockSides(ctx, actorID, ids)
	if err != nil {
		return err
	}
	for i := range vs {
		vs[i].BlocksYou, vs[i].YouBlock = theyBlock[vs[i].MemberID], iBlock[vs[i].MemberID]
	}
	return nil
}

// MessageFlaggedPerson opens the actor's direct conversation with the
// person crisis-queue item flagID is about, or finds the one they have,
// and sends body as its first message when it is not empty. On the
// person's side it is a conversation, never a request (a request or an
// ignored request they had from the actor becomes one), and the thread is
// marked as from a moderator. For moderators and site admins, and only
// while the item is in the queue (open or acknowledged); recorded in the
// person's privacy log. Errors: forbidden (not a moderator; the person
// blocks the actor, or the actor them), not_found (no such item, or the
// person's account is gone), conflict (the item is resolved), invalid
// (the item is the actor's own), and those of SendMessage.
func (a *App) MessageFlaggedPerson(ctx context.Context, flagID, clientID, body string) (*ThreadView, *MessageView, error) {
	act, err := requireActor(ctx)
	if err != nil {
		return nil, nil, err
	}
	if act.User.Role != model.RoleModerator && act.User.Role != model.RoleSiteAdmin {
		return nil, nil, errSay(model.KindForbidden, "apperrf.flag_message_moderators")
	}
	f, err := a.store.FindSafetyFlag(ctx, flagID)
	if err != nil {
		return nil, nil, notFound(err, "apperrf.not_found.item")
	}
	me, them := act.User.ID, f.UserID
	if f.Status != "open" && f.Status != "acknowledged" {
		return nil, nil, errSay(model.KindConflict, "apperrf.flag_message_resolved")
	}
	if them == me {
		return nil, nil, errSay(model.KindInvalid, "apperrf.flag_message_yourself")
	}
	if u, err := a.store.FindUserByID(ctx, them); err != nil || u.Deleted() {
		return nil, nil, errNoMember
	}
	theyBlock, iBlock, err := a.blockSides(ctx, me, []string{them})
	if err != nil {
		return nil, nil, err
	}
	if theyBlock[them] || iBlock[them] {
		// Of the person by the pronouns the moderator may see, else "them".
		ids := [3]string{"apperrf.flag_message_you_block", "apperrf.flag_message_you_block_she", "apperrf.flag_message_you_block_he"}
		if theyBlock[them] {
			ids = [3]string{"apperrf.flag_message_blocked", "apperrf.flag_message_blocked_she", "apperrf.flag_message_blocked_he"}
		}
		id := ids[0]
		switch a.pronounFor(ctx, me, them) {
		case model.PronounShe:
			id = ids[1]
		case model.PronounHe:
			id = ids[2]
		}
		return nil, nil, errSay(model.KindForbidden, id, "Name", a.displayName(ctx, them))
	}
	c, err := a.openModeratorThread(ctx, me, them)
	if errors.Is(err, store.ErrConflict) {
		// The person opened a thread with the moderator at the same moment.
		c, err = a.openModeratorThread(ctx, me, them)
	}
	if err != nil {
		return nil, nil, err
	}
	a.audit(ctx, me, them, "crisis_flag_message", nil)
	var m *MessageView
	if body != "" {
		if m, _, err = a.SendMessage(ctx, c.ID, clientID, body); err != nil {
			return nil, nil, err
		}
	}
	t, err := a.threadView(ctx, me, c)
	return t, m, err
}

// openModeratorThread finds or starts the direct conversation of
// moderator me and them, active on both sides.
func (a *App) openModeratorThread(ctx context.Context, me, them string) (*store.Conversation, error) {
	var c *store.Conversation
	err := a.store.InTx(ctx, func(tx store.Store) error {
		now := a.now()
		var err error
		c, err = tx.FindConversationByPair(ctx, pairOf(me, them))
		if errors.Is(err, store.ErrNotFound) {
			c = &store.Conversation{ID: newID(), Kind: "dm", Pair: pairOf(me, them), StartedBy: me, CreatedAt: now}
			err = tx.CreateConversation(ctx, c)
		}
		if err != nil {
			return err
		}
		for _, id := range []string{me, them} {
			m, err := tx.FindConversationMember(ctx, c.ID, id)
			switch {
			case errors.Is(err, store.ErrNotFound):
				m = &store.ConversationMember{ConversationID: c.ID, UserID: id}
			case err != nil:
				return err
			case m.State != dmRequest && m.State != dmIgnored:
				continue // active already, or held for a moderator
			}
			m.State, m.UpdatedAt = dmActive, now
			if err := tx.SaveConversationMember(ctx, m); err != nil {
				return err
			}
		}
		return nil
	})
	return c, err
}
