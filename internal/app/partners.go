package app

import (
	"context"
	"errors"
	"sort"

	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/recovery"
	"github.com/kinshiprecovery/kinship/internal/store"
)

// PartnerView is one partnership as the actor sees it.
type PartnerView struct {
	ID        string              `json:"id"`
	Status    model.PartnerStatus `json:"status"`
	Direction string              `json:"direction"` // "sent" or "received"
	Other     string              `json:"other_id"`
	OtherName string              `json:"other_display_name"`
	Mine      model.PartnerSide   `json:"my_choices"`
}

func (a *App) partnerView(ctx context.Context, actorID string, p *model.Partnership) PartnerView {
	mine, _, other := p.Side(actorID)
	dir := "received"
	if p.RequesterID == actorID {
		dir = "sent"
	}
	m := *mine
	m.MissedAlertFor = ""
	return PartnerView{ID: p.ID, Status: p.Status, Direction: dir, Other: other, OtherName: a.displayName(ctx, other), Mine: m}
}

var errNoPartnership = &model.Error{Kind: model.KindNotFound, Message: "partnership not found"}

// partnershipOf loads a partnership the actor is part of; anyone else gets
// not_found, so its existence stays private.
func (a *App) partnershipOf(ctx context.Context, st store.Store, actorID, id string) (*model.Partnership, error) {
	p, err := st.FindPartnership(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, errNoPartnership
	} else if err != nil {
		return nil, err
	}
	if p.RequesterID != actorID && p.PartnerID != actorID {
		return nil, errNoPartnership
	}
	return p, nil
}

// InvitePartner asks another member to be the actor's accountability
// partner. Errors: invalid (oneself), not_found (unknown member), conflict
// (already invited or partners).
func (a *App) InvitePartner(ctx context.Context, userID string) (*PartnerView, error) {
	act, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	if userID == act.User.ID {
		return nil, &model.Error{Kind: model.KindInvalid, Message: "you cannot be your own accountability partner; invite another member", Fields: map[string]string{"user_id": "that is you"}}
	}
	if err := a.otherMember(ctx, act.User.ID, userID); err != nil {
		return nil, err
	}
	if err := a.limit(ctx, "partner-invite:"+act.User.ID, 20, 24*60*60e9); err != nil {
		return nil, err
	}
	now := a.now()
	p := &model.Partnership{ID: newID(), RequesterID: act.User.ID, PartnerID: userID, Status: model.PartnerPending,
		Requester: model.DefaultPartnerSide(), Partner: model.DefaultPartnerSide(), CreatedAt: now, UpdatedAt: now}
	err = a.store.InTx(ctx, func(tx store.Store) error {
		existing, err := tx.ListPartnerships(ctx, act.User.ID)
		if err != nil {
			return err
		}
		for _, e := range existing {
			if (e.PartnerID == userID || e.RequesterID == userID) && (e.Status == model.PartnerPending || e.Status == model.PartnerActive) {
				return &model.Error{Kind: model.KindConflict, Message: "you are already partners, or an invitation is waiting"}
			}
		}
		if err := tx.CreatePartnership(ctx, p); err != nil {
			return err
		}
		return a.notify(ctx, tx, userID, "partner_invite", noteText("notify.partner_invite", "Name", a.displayName(ctx, act.User.ID)).about(act.User.ID))
	})
	if err != nil {
		return nil, err
	}
	v := a.partnerView(ctx, act.User.ID, p)
	return &v, nil
}

// ListPartners returns the actor's partnerships and invitations.
func (a *App) ListPartners(ctx context.Context) ([]PartnerView, error) {
	act, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	ps, err := a.store.ListPartnerships(ctx, act.User.ID)
	if err != nil {
		return nil, err
	}
	out := []PartnerView{}
	for _, p := range ps {
		if p.Status == model.PartnerPending || p.Status == model.PartnerActive {
			out = append(out, a.partnerView(ctx, act.User.ID, p))
		}
	}
	return out, nil
}

// RespondPartner accepts or declines an invitation the actor received.
// Errors: not_found, conflict (not waiting).
func (a *App) RespondPartner(ctx context.Context, id string, accept bool) (*PartnerView, error) {
	act, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	var view PartnerView
	err = a.store.InTx(ctx, func(tx store.Store) error {
		p, err := a.partnershipOf(ctx, tx, act.User.ID, id)
		if err != nil {
			return err
		}
		if p.PartnerID != act.User.ID || p.Status != model.PartnerPending {
			return &model.Error{Kind: model.KindConflict, Message: "this invitation is not waiting for your answer"}
		}
		p.Status = model.PartnerDeclined
		if accept {
			p.Status = model.PartnerActive
		}
		p.UpdatedAt = a.now()
		if err := tx.UpdatePartnership(ctx, p); err != nil {
			return err
		}
		view = a.partnerView(ctx, act.User.ID, p)
		if accept {
			return a.notify(ctx, tx, p.RequesterID, "partner_accepted", noteText("notify.partner_accepted", "Name", a.displayName(ctx, act.User.ID)).about(act.User.ID))
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &view, nil
}

// EndPartnership ends a partnership or withdraws an invitation, at once and
// without blame, from either side. Errors: not_found.
func (a *App) EndPartnership(ctx context.Context, id string) error {
	act, err := requireActor(ctx)
	if err != nil {
		return err
	}
	return a.store.InTx(ctx, func(tx store.Store) error {
		p, err := a.partnershipOf(ctx, tx, act.User.ID, id)
		if err != nil {
			return err
		}
		if p.Status != model.PartnerPending && p.Status != model.PartnerActive {
			return nil
		}
		p.Status = model.PartnerEnded
		p.UpdatedAt = a.now()
		return tx.UpdatePartnership(ctx, p)
	})
}

// UpdatePartnerChoices sets what the actor shares with this partner and
// when the partner is notified about them. Errors: not_found, invalid.
func (a *App) UpdatePartnerChoices(ctx context.Context, id string, share model.PartnerShare, rules model.PartnerRules) (*PartnerView, error) {
	act, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	if err := rules.Validate(); err != nil {
		return nil, err
	}
	var view PartnerView
	err = a.store.InTx(ctx, func(tx store.Store) error {
		p, err := a.partnershipOf(ctx, tx, act.User.ID, id)
		if err != nil {
			return err
		}
		mine, _, _ := p.Side(act.User.ID)
		mine.Share, mine.Rules = share, rules
		p.UpdatedAt = a.now()
		if err := tx.UpdatePartnership(ctx, p); err != nil {
			return err
		}
		view = a.partnerView(ctx, act.User.ID, p)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &view, nil
}

// SharedCheckin is one of a partner's check-ins with only the fields they share.
type SharedCheckin struct {
	Date    string `json:"date"`
	Mood    *int   `json:"mood,omitempty"`
	Craving *int   `json:"craving,omitempty"`
	Used    *bool  `json:"used,omitempty"`
	Note    string `json:"note,omitempty"`
}

// PartnerCheckins returns the other member's check-ins of the last days
// days, showing only what they chose to share with the actor; the read is
// audited. Errors: not_found, forbidden (not active).
func (a *App) PartnerCheckins(ctx context.Context, id string, days int) ([]SharedCheckin, error) {
	act, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	if days < 1 || days > MaxCheckinDays {
		return nil, &model.Error{Kind: model.KindInvalid, Message: "days must be from 1 to 366", Fields: map[string]string{"days": "use a number from 1 to 366"}}
	}
	p, err := a.partnershipOf(ctx, a.store, act.User.ID, id)
	if err != nil {
		return nil, err
	}
	if p.Status != model.PartnerActive {
		return nil, &model.Error{Kind: model.KindForbidden, Message: "you can see a partner's check-ins only while you are partners"}
	}
	_, theirs, other := p.Side(act.User.ID)
	return a.sharedCheckins(ctx, act.User.ID, other, theirs.Share, days, "partner_checkins_read")
}

// sharedCheckins returns owner's check-ins of the last days with only the
// fields sh shares, and audits the read by viewer under action.
func (a *App) sharedCheckins(ctx context.Context, viewer, other string, sh model.PartnerShare, days int, action string) ([]SharedCheckin, error) {
	out := []SharedCheckin{}
	if !sh.Any() {
		return out, nil
	}
	today := recovery.DateOf(a.now(), a.location(ctx, other))
	cs, err := a.loadCheckins(ctx, a.store, other, today.AddDays(-(days - 1)).String())
	if err != nil {
		return nil, err
	}
	var fields []string
	for name, on := range map[string]bool{"checkin_done": true, "mood": sh.Mood, "craving": sh.Craving, "used": sh.Used, "note": sh.Note} {
		if on {
			fields = append(fields, "checkin_"+name)
		}
	}
	sort.Strings(fields)
	for _, c := range cs {
		s := SharedCheckin{Date: c.Date}
		if sh.Mood {
			s.Mood = &c.Mood
		}
		if sh.Craving {
			s.Craving = &c.Craving
		}
		if sh.Used {
			s.Used = &c.Used
		}
		if sh.Note {
			s.Note = c.Note
		}
		out = append(out, s)
	}
	a.audit(ctx, viewer, other, action, fields)
	return out, nil
}

// Encouragements a partner can send with one tap: each kind's message,
// with the sender's name, that the other reads in their own language.
var Encouragements = map[string]string{
	"with_you":         "notify.encourage_with_you",
	"proud":            "notify.encourage_proud",
	"thinking_of_you":  "notify.encourage_thinking_of_you",
	"call_if_you_need": "notify.encourage_call_if_you_need",
}

// Encourage sends the other member a quick encouragement. Errors:
// not_found, invalid (unknown kind), forbidden (not active).
func (a *App) Encourage(ctx context.Context, id, kind string) error {
	act, err := requireActor(ctx)
	if err != nil {
		return err
	}
	msg, ok := Encouragements[kind]
	if !ok {
		return &model.Error{Kind: model.KindInvalid, Message: "choose with_you, proud, thinking_of_you or call_if_you_need", Fields: map[string]string{"kind": "unknown encouragement"}}
	}
	p, err := a.partnershipOf(ctx, a.store, act.User.ID, id)
	if err != nil {
		return err
	}
	if p.Status != model.PartnerActive {
		return &model.Error{Kind: model.KindForbidden, Message: "you can encourage a partner while you are partners"}
	}
	if err := a.limit(ctx, "encourage:"+act.User.ID, 60, 60*60e9); err != nil {
		return err
	}
	_, _, other := p.Side(act.User.ID)
	return a.notify(ctx, a.store, other, "encouragement", noteText(msg, "Name", a.displayName(ctx, act.User.ID)).about(act.User.ID))
}

// partnerCravingAlerts notifies, in the check-in's transaction, each active
// partner whose rule a new high craving meets. previous is the day's
// earlier craving, or -1, so one day alerts once.
func (a *App) partnerCravingAlerts(ctx context.Context, tx store.Store, userID string, craving, previous int) error {
	ps, err := tx.ListPartnerships(ctx, userID)
	if err != nil {
		return err
	}
	for _, p := range ps {
		if p.Status != model.PartnerActive {
			continue
		}
		mine, _, other := p.Side(userID)
		at := mine.Rules.CravingAtLeast
		if at == 0 || craving < at || previous >= at {
			continue
		}
		if err := a.notify(ctx, tx, other, "partner_craving", noteText("notify.partner_craving", "Name", a.displayName(ctx, userID)).about(userID)); err != nil {
			return err
		}
	}
	return nil
}

// EvaluateMissedCheckins notifies partners of members who have gone
// without a check-in for the days they chose, once per gap. The job queue
// runs it periodically and at start, so an alert that fell due while the
// server was down is delivered when it is back.
func (a *App) EvaluateMissedCheckins(ctx context.Context) (int, error) {
	ps, err := a.store.ListActivePartnerships(ctx)
	if err != nil {
		return 0, err
	}
	sent := 0
	for _, p := range ps {
		for _, member := range []string{p.RequesterID, p.PartnerID} {
			n, err := a.evaluateMissed(ctx, p.ID, member)
			if err != nil {
				return sent, err
			}
			sent += n
		}
	}
	return sent, nil
}

func (a *App) evaluateMissed(ctx context.Context, partnershipID, member string) (int, error) {
	sent := 0
	err := a.store.InTx(ctx, func(tx store.Store) error {
		p, err := tx.FindPartnership(ctx, partnershipID)
		if err != nil || p.Status != model.PartnerActive {
			return err
		}
		mine, _, other := p.Side(member)
		if mine.Rules.MissedDays == 0 {
			return nil
		}
		loc := a.location(ctx, member)
		today := recovery.DateOf(a.now(), loc)
		// Count from the last check-in, or from the day the partnership began.
		last := recovery.DateOf(p.CreatedAt, loc).AddDays(-1)
		cs, err := tx.ListCheckins(ctx, member, "0000-01-01")
		if err != nil {
			return err
		}
		if len(cs) > 0 {
			if d, err := recovery.ParseDate(cs[0].LocalDate); err == nil && last.Before(d) {
				last = d
			}
		}
		missed := today.Sub(last) - 1 // full days since the last check-in, not counting today
		if missed < mine.Rules.MissedDays || mine.MissedAlertFor == last.String() {
			return nil
		}
		mine.MissedAlertFor = last.String()
		p.UpdatedAt = a.now()
		if err := tx.UpdatePartnership(ctx, p); err != nil {
			return err
		}
		sent++
		return a.notify(ctx, tx, other, "partner_missed", noteText("notify.partner_missed", "Name", a.displayName(ctx, member)).about(member))
	})
	return sent, err
}

// partnerRelations resolves viewer–owner ties: active partners are
// supporters, accepted connections are connections, members of a shared
// group are group peers.
type partnerRelations struct{ a *App }

func (r partnerRelations) Relation(ctx context.Context, viewerID, ownerID string) (model.Relation, error) {
	if viewerID == ownerID {
		return model.RelSelf, nil
	}
	ps, err := r.a.store.ListPartnerships(ctx, ownerID)
	if err != nil {
		return model.RelMember, err
	}
	for _, p := range ps {
		if p.Status == model.PartnerActive && (p.RequesterID == viewerID || p.PartnerID == viewerID) {
			return model.RelSupporter, nil
		}
	}
	if c, err := r.a.store.FindConnectionBetween(ctx, viewerID, ownerID); err == nil && c.Accepted {
		return model.RelConnection, nil
	}
	if r.a.activeMentorOf(ctx, r.a.store, ownerID) == viewerID {
		return model.RelSupporter, nil // the owner's active mentor
	}
	if share, err := r.a.store.ShareActiveGroup(ctx, viewerID, ownerID); err == nil && share {
		return model.RelGroupPeer, nil
	}
	return model.RelMember, nil
}
