package app

import (
	"context"
	"strings"
	"unicode/utf8"

	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/store"
)

// KindGroupReport is the notification a group's facilitators get when a
// member reports a message in their group. It is a moderation notice:
// always kept in the app, and its push and email say only that something
// waits.
const KindGroupReport = "report_in_group"

// forGroupLeaders reports whether a report is one a group's facilitators
// handle: a member's report of a message that is not a crisis. A crisis
// ("this was a crisis", self-harm) goes to the moderators' crisis queue,
// and what Kinship holds back by itself (suspected selling) to moderators.
func forGroupLeaders(r *store.Report) bool {
	return r.TargetType == "message" && r.ReporterID != "kinship" && !crisisReasons[r.Reason]
}

// tellGroupLeaders tells the facilitators of the group where a reported
// message was written that a report waits for them: the group's name
// only, never who reported it or what the message said. The author of the
// message and the reporter are not told this way. It reports whether the
// group has a facilitator (other than those two) to look at it.
func (a *App) tellGroupLeaders(ctx context.Context, r *store.Report) bool {
	if !forGroupLeaders(r) {
		return false
	}
	m, err := a.store.FindMessage(ctx, r.TargetID)
	if err != nil {
		return false
	}
	g, err := a.store.FindGroup(ctx, m.ConversationID)
	if err != nil {
		return false // a direct message: moderators only
	}
	ms, err := a.store.ListGroupMembersBy(ctx, store.MemberFilter{GroupID: g.ID, Status: []string{"active"}, Leaders: true})
	if err != nil {
		a.log.Warn("group report: facilitators not listed", "err", err)
		return false
	}
	leads := false
	for _, mb := range ms {
		if mb.UserID == r.ReporterID || mb.UserID == r.TargetOwner {
			continue
		}
		leads = true // the report is on their group's page, told or not
		if err := a.notifyAt(ctx, a.store, mb.UserID, KindGroupReport, noteText("notify.group_report_waiting", "Group", g.Name), "/groups/"+g.ID+"#reports"); err != nil {
			a.log.Warn("group report: facilitator not told", "err", err)
		}
	}
	return leads
}

// leading returns the actor and the group when the actor leads it.
// Errors: unauthorized, not_found (no such group), forbidden (not in it,
// or in it without leading it).
func (a *App) leading(ctx context.Context, groupID string) (*Actor, *store.Group, error) {
	act, err := requireActor(ctx)
	if err != nil {
		return nil, nil, err
	}
	g, m, err := a.activeMember(ctx, act.User.ID, groupID)
	if err != nil {
		return nil, nil, err
	}
	if m.Role != RoleFacilitator && m.Role != RoleCoFacilitator {
		return nil, nil, model.Errorf(model.KindForbidden, "only the group's facilitators review its reports")
	}
	return act, g, nil
}

// GroupReports returns a page of the open reports of messages in a group
// the actor leads, most severe first, then oldest, then by id: the reason,
// whose message and when, and the message while it is still shown, with
// the position the next page continues from (zero on the last). Who
// reported it and their details stay with the moderators; reports about
// the actor's own messages and crisis reports are left to them too, after
// the page is cut. Errors: not_found, forbidden.
func (a *App) GroupReports(ctx context.Context, groupID string, p PageRequest) ([]ReportView, store.Keyset, error) {
	act, g, err := a.leading(ctx, groupID)
	if err != nil {
		return nil, store.Keyset{}, err
	}
	rs, err := a.store.ListConversationReports(ctx, g.ID, p.After, p.fetch())
	if err != nil {
		return nil, store.Keyset{}, err
	}
	rs, next := cutPage(rs, p, reportPosition)
	out := []ReportView{}
	name := a.namesOnce(ctx)
	for _, r := range rs {
		if !forGroupLeaders(r) || r.TargetOwner == act.User.ID {
			continue
		}
		v := ReportView{ID: r.ID, TargetType: r.TargetType, TargetID: r.TargetID, Reason: r.Reason, Severity: r.Severity, Status: r.Status,
			CreatedAt: model.At(r.CreatedAt), OwnerID: r.TargetOwner, OwnerName: name(r.TargetOwner)}
		if m, err := a.store.FindMessage(ctx, r.TargetID); err == nil && m.State == "visible" {
			v.Content = a.messageContent(ctx, m, name)
		}
		out = append(out, v)
	}
	return out, next, nil
}

// ActOnGroupReport is a facilitator's decision on an open report of a
// message in a group they lead: "hide" the message with a reason its
// author is told (and can appeal to the moderators), or "dismiss" the
// report. Either closes the report for the moderators too; it is audited
// as a moderator's decision is. Errors: not_found, forbidden (not leading
// the group, the actor's own message, or two-factor login not on),
// invalid, conflict (already handled by someone).
func (a *App) ActOnGroupReport(ctx context.Context, groupID, reportID, action, reason string) (*ActionView, error) {
	act, g, err := a.leading(ctx, groupID)
	if err != nil {
		return nil, err
	}
	r, err := a.store.FindReport(ctx, reportID)
	if err != nil {
		return nil, notFound(err, "apperrf.not_found.report")
	}
	if m, err := a.store.FindMessage(ctx, r.TargetID); err != nil || r.TargetType != "message" || m.ConversationID != g.ID || !forGroupLeaders(r) {
		return nil, notFound(store.ErrNotFound, "apperrf.not_found.report")
	}
	if r.TargetOwner == act.User.ID {
		return nil, model.Errorf(model.KindForbidden, "a report about your own message is for the moderators")
	}
	if err := withMFA(act, ErrMFAForFacilitators); err != nil {
		return nil, err
	}
	if r.Status != "open" {
		return nil, errReportHandled()
	}
	reason = strings.TrimSpace(reason)
	switch action {
	case "hide":
		if reason == "" {
			return nil, &model.Error{Kind: model.KindInvalid, Message: "give a reason for hiding the message; its author is told it",
				Fields: map[string]string{"reason": "give a reason for hiding the message; its author is told it"}}
		}
	case "dismiss":
	default:
		return nil, &model.Error{Kind: model.KindInvalid, Message: "action must be hide or dismiss", Fields: map[string]string{"action": "unknown action"}}
	}
	if utf8.RuneCountInString(reason) > 500 {
		return nil, &model.Error{Kind: model.KindInvalid, Message: "keep the reason to 500 characters", Fields: map[string]string{"reason": "too long"}}
	}
	audit := "group_report_dismissed"
	if action == "hide" {
		audit = "group_message_hidden" // hidden and kept for an appeal, not removed (chat.go's group_message_removed)
	}
	return a.closeReport(ctx, act.User.ID, r, action, reason, audit,
		noteText("notify.group_report_hidden", "Group", g.Name, "Reason", reasonInSentence(reason)))
}
