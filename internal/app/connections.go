package app

import (
	"context"
	"errors"
	"time"

	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/realtime"
	"github.com/kinshiprecovery/kinship/internal/store"
)

// ConnectionView is one connection or request as the actor sees it.
type ConnectionView struct {
	ID        string `json:"id"`
	OtherID   string `json:"other_id"`
	OtherName string `json:"other_display_name"`
	Status    string `json:"status"` // connected, sent, received
}

var errNoMember = &model.Error{Kind: model.KindNotFound, Message: "member not found"}

// otherMember checks that userID is another, existing member the actor may
// reach; a block either way answers as if they did not exist.
func (a *App) otherMember(ctx context.Context, actorID, userID string) error {
	if userID == actorID {
		return &model.Error{Kind: model.KindInvalid, Message: "that is you", Fields: map[string]string{"user_id": "that is you"}}
	}
	u, err := a.store.FindUserByID(ctx, userID)
	if err != nil || u.Deleted() {
		return errNoMember
	}
	blocked, err := a.store.Blocked(ctx, actorID, userID)
	if err != nil {
		return err
	}
	if blocked {
		return errNoMember
	}
	return nil
}

// RequestConnection asks another member to connect. Errors: invalid
// (oneself), not_found (unknown or blocked either way), conflict (already
// connected or requested), rate_limited.
func (a *App) RequestConnection(ctx context.Context, userID string) (*ConnectionView, error) {
	act, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	if err := a.otherMember(ctx, act.User.ID, userID); err != nil {
		return nil, err
	}
	if err := a.limit(ctx, "connect:"+act.User.ID, 50, 24*time.Hour); err != nil {
		return nil, err
	}
	c := &store.Connection{ID: newID(), RequesterID: act.User.ID, OtherID: userID, CreatedAt: a.now()}
	err = a.store.InTx(ctx, func(tx store.Store) error {
		if err := tx.CreateConnection(ctx, c); err != nil {
			if errors.Is(err, store.ErrConflict) {
				return model.Errorf(model.KindConflict, "you are already connected, or a request is waiting")
			}
			return err
		}
		return a.notify(ctx, tx, userID, "connection_request", noteText("notify.connection_request", "Name", a.displayName(ctx, act.User.ID)).about(act.User.ID))
	})
	if err != nil {
		return nil, err
	}
	return &ConnectionView{ID: c.ID, OtherID: userID, OtherName: a.displayName(ctx, userID), Status: "sent"}, nil
}

func (a *App) connectionOf(ctx context.Context, actorID, id string) (*store.Connection, error) {
	c, err := a.store.FindConnection(ctx, id)
	if err != nil || (c.RequesterID != actorID && c.OtherID != actorID) {
		return nil, &model.Error{Kind: model.KindNotFound, Message: "connection not found"}
	}
	return c, nil
}

// AcceptConnection accepts a request the actor received. Errors: not_found, conflict.
func (a *App) AcceptConnection(ctx context.Context, id string) error {
	act, err := requireActor(ctx)
	if err != nil {
		return err
	}
	c, err := a.connectionOf(ctx, act.User.ID, id)
	if err != nil {
		return err
	}
	if c.OtherID != act.User.ID || c.Accepted {
		return model.Errorf(model.KindConflict, "this request is not waiting for your answer")
	}
	if err := a.store.AcceptConnection(ctx, id); err != nil {
		return err
	}
	return a.notify(ctx, a.store, c.RequesterID, "connection_accepted", noteText("notify.connection_accepted", "Name", a.displayName(ctx, act.User.ID)).about(act.User.ID))
}

// RemoveConnection ends a connection, declines or withdraws a request, at
// once and from either side. Errors: not_found.
func (a *App) RemoveConnection(ctx context.Context, id string) error {
	act, err := requireActor(ctx)
	if err != nil {
		return err
	}
	if _, err := a.connectionOf(ctx, act.User.ID, id); err != nil {
		return err
	}
	return a.store.DeleteConnection(ctx, id)
}

// ListConnections returns the actor's connections and requests.
func (a *App) ListConnections(ctx context.Context) ([]ConnectionView, error) {
	act, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	cs, err := a.store.ListConnections(ctx, act.User.ID)
	if err != nil {
		return nil, err
	}
	out := []ConnectionView{}
	for _, c := range cs {
		other, status := c.OtherID, "sent"
		if c.OtherID == act.User.ID {
			other, status = c.RequesterID, "received"
		}
		if c.Accepted {
			status = "connected"
		}
		out = append(out, ConnectionView{ID: c.ID, OtherID: other, OtherName: a.displayName(ctx, other), Status: status})
	}
	return out, nil
}

// BlockMember blocks another member at once: connections, partnerships and
// mentorships between them end, and each disappears for the other. Errors: invalid, not_found.
func (a *App) BlockMember(ctx context.Context, userID string) error {
	act, err := requireActor(ctx)
	if err != nil {
		return err
	}
	if userID == act.User.ID {
		return &model.Error{Kind: model.KindInvalid, Message: "you cannot block yourself", Fields: map[string]string{"user_id": "this is your own id; choose another member"}}
	}
	if u, err := a.store.FindUserByID(ctx, userID); err != nil || u.Deleted() {
		return errNoMember
	}
	err = a.store.InTx(ctx, func(tx store.Store) error {
		if err := tx.Block(ctx, act.User.ID, userID, a.now()); err != nil {
			return err
		}
		if c, err := tx.FindConnectionBetween(ctx, act.User.ID, userID); err == nil {
			if err := tx.DeleteConnection(ctx, c.ID); err != nil {
				return err
			}
		}
		ps, err := tx.ListPartnerships(ctx, act.User.ID)
		if err != nil {
			return err
		}
		for _, p := range ps {
			if (p.RequesterID == userID || p.PartnerID == userID) && (p.Status == model.PartnerActive || p.Status == model.PartnerPending) {
				p.Status, p.UpdatedAt = model.PartnerEnded, a.now()
				if err := tx.UpdatePartnership(ctx, p); err != nil {
					return err
				}
			}
		}
		// A mentorship between them ends too: the mentor's access to what
		// the mentee shares stops with the block.
		ms, err := tx.ListMentorships(ctx, act.User.ID)
		if err != nil {
			return err
		}
		for _, m := range ms {
			if (m.MentorID == userID || m.MenteeID == userID) && m.Status != MentorshipEnded && m.Status != MentorshipDeclined {
				m.Status, m.EndedBy, m.UpdatedAt = MentorshipEnded, act.User.ID, a.now()
				if err := tx.UpdateMentorship(ctx, m); err != nil {
					return err
				}
				if err := cancelCallsOf(ctx, tx, m, act.User.ID, m.UpdatedAt); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	// Open sockets of both stop seeing each other at once, and their
	// thread closes.
	ev := realtime.Event{Kind: realtime.KindBlock, User: act.User.ID, Other: userID}
	if c, err := a.store.FindConversationByPair(ctx, pairOf(act.User.ID, userID)); err == nil {
		ev.Conv = c.ID
	}
	a.publish(ctx, ev)
	return nil
}

// UnblockMember lifts a block the actor made.
func (a *App) UnblockMember(ctx context.Context, userID string) error {
	act, err := requireActor(ctx)
	if err != nil {
		return err
	}
	if err := a.store.Unblock(ctx, act.User.ID, userID); err != nil {
		return err
	}
	if blocked, err := a.store.Blocked(ctx, act.User.ID, userID); err == nil && !blocked {
		a.publish(ctx, realtime.Event{Kind: realtime.KindUnblock, User: act.User.ID, Other: userID})
	}
	return nil
}

// BlockView is a member the actor blocks.
type BlockView struct {
	UserID string `json:"user_id"`
	Name   string `json:"display_name"`
}

// ListBlocks returns the members the actor blocks.
func (a *App) ListBlocks(ctx context.Context) ([]BlockView, error) {
	act, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	ids, err := a.store.ListBlocks(ctx, act.User.ID)
	if err != nil {
		return nil, err
	}
	out := []BlockView{}
	for _, id := range ids {
		out = append(out, BlockView{UserID: id, Name: a.displayName(ctx, id)})
	}
	return out, nil
}

// blockedEitherWay returns everyone userID blocks or is blocked by.
func (a *App) blockedEitherWay(ctx context.Context, userID string) ([]string, error) {
	return a.store.ListBlockedEitherWay(ctx, userID)
}

// blockedEitherWaySet is blockedEitherWay as a set.
func (a *App) blockedEitherWaySet(ctx context.Context, userID string) (map[string]bool, error) {
	ids, err := a.blockedEitherWay(ctx, userID)
	set := make(map[string]bool, len(ids))
	for _, id := range ids {
		set[id] = true
	}
	return set, err
}

// blockedSet is blockedEitherWaySet for a reader that shows what it can
// when the blocks cannot be read (logged): the set is then empty.
func (a *App) blockedSet(ctx context.Context, userID string) map[string]bool {
	set, err := a.blockedEitherWaySet(ctx, userID)
	if err != nil {
		a.log.Warn("blocks not loaded", "err", err)
	}
	return set
}

// blockSides returns, among ids, who blocks actorID (theyBlock) and whom
// actorID blocks (iBlock), in two reads whatever the number of ids when
// nobody blocks anybody.
func (a *App) blockSides(ctx context.Context, actorID string, ids []string) (theyBlock, iBlock map[string]bool, err error) {
	theyBlock, iBlock = map[string]bool{}, map[string]bool{}
	either, err := a.blockedEitherWaySet(ctx, actorID)
	if err != nil || len(either) == 0 {
		return theyBlock, iBlock, err
	}
	mine, err := a.store.ListBlocks(ctx, actorID)
	if err != nil {
		return nil, nil, err
	}
	for _, id := range mine {
		iBlock[id] = true
	}
	for _, id := range ids {
		switch {
		case !either[id]:
		case !iBlock[id]:
			theyBlock[id] = true
		default:
			// The actor blocks them: they may block the actor too.
			theirs, err := a.store.ListBlocks(ctx, id)
			if err != nil {
				return nil, nil, err
			}
			for _, b := range theirs {
				if b == actorID {
					theyBlock[id] = true
				}
			}
		}
	}
	return theyBlock, iBlock, nil
}
