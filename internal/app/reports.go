package app

import (
	"context"
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/realtime"
	"github.com/kinshiprecovery/kinship/internal/store"
)

// reportSeverity ranks the reasons people report for.
var reportSeverity = map[string]int{
	"self_harm": 5, "threat": 5, "selling_drugs": 4, "harassment": 4, "hate": 4,
	"privacy": 3, "spam": 2, "misinformation": 2, "other": 1,
	"crisis": 5, // "this was a crisis": also put in the crisis queue
}

func reportDetailsAAD(id string) []byte { return []byte("report:" + id) }
func appealAAD(id string) []byte        { return []byte("appeal:" + id) }

// ReportInput is a report of content or a person.
type ReportInput struct {
	TargetType string `json:"target_type"`
	TargetID   string `json:"target_id"`
	Reason     string `json:"reason"`
	Details    string `json:"details,omitempty"`
}

// ReportView is a report as its author or a moderator sees it.
type ReportView struct {
	ID         string          `json:"id"`
	TargetType string          `json:"target_type"`
	TargetID   string          `json:"target_id"`
	Reason     string          `json:"reason"`
	Severity   int             `json:"severity"`
	Status     string          `json:"status"`
	CreatedAt  model.Timestamp `json:"created_at"`
	// For moderators: what was reported, who wrote it, and the details.
	Details string `json:"details,omitempty"`
	// Automatic, for moderators: Kinship held the content itself (it
	// looked like selling); Details then say which signs it found.
	Automatic bool   `json:"automatic,omitempty" doc:"for moderators: true when Kinship itself held the content as looking like selling; details then name the signs it found"`
	OwnerID   string `json:"owner_id,omitempty"`
	OwnerName string `json:"owner_display_name,omitempty"`
	Content   string `json:"content,omitempty"`
	// GroupID and GroupName, for moderators: the group a reported group
	// message was written in (absent for any other report).
	GroupID   string `json:"group_id,omitempty"`
	GroupName string `json:"group_name,omitempty"`
	// ReviewedBy, on the answer to a report just filed, is who will look
	// at it, for the reporter to be told.
	ReviewedBy string `json:"reviewed_by,omitempty" enum:"group_facilitators,moderators" doc:"on the answer to a report just filed, who will look at it: group_facilitators (a message in a group, whose facilitators were told; a moderator may too) or moderators"`
}

// Who looks at a report just filed (ReportView.ReviewedBy).
const (
	ReviewedByGroupFacilitators = "group_facilitators"
	ReviewedByModerators        = "moderators"
)

var errNoTarget = &model.Error{Kind: model.KindNotFound, Message: "what you reported was not found, or was already removed"}

// reportTarget checks the reporter can see the target and returns its owner.
func (a *App) reportTarget(ctx context.Context, reporter, kind, id string) (string, error) {
	switch kind {
	case "user":
		if err := a.otherMember(ctx, reporter, id); err != nil {
			if me, ok := err.(*model.Error); ok && me.Kind == model.KindInvalid {
				return "", err
			}
			return "", errNoTarget
		}
		return id, nil
	case "message":
		m, _, err := a.ownMessage(ctx, reporter, id)
		if err != nil || m.State != "visible" {
			return "", errNoTarget
		}
		return m.AuthorID, nil
	case "post":
		p, err := a.readablePost(ctx, reporter, id)
		if err != nil || p.State != "visible" {
			return "", errNoTarget
		}
		return p.AuthorID, nil
	case "comment":
		c, err := a.store.FindComment(ctx, id)
		if err != nil || c.State != "visible" {
			return "", errNoTarget
		}
		if _, err := a.readablePost(ctx, reporter, c.PostID); err != nil {
			return "", errNoTarget
		}
		return c.AuthorID, nil
	case "resource":
		r, err := a.store.FindResource(ctx, id)
		if err != nil || r.Status != ResourcePublished {
			return "", errNoTarget
		}
		return r.SubmittedBy, nil
	}
	return "", &model.Error{Kind: model.KindInvalid, Message: "target_type must be user, message, post, comment or resource", Fields: map[string]string{"target_type": "unknown type"}}
}

// Report files a report. Errors: invalid, not_found (unknown, deleted or
// not visible to the reporter), conflict (already reported), rate_limited.
func (a *App) Report(ctx context.Context, in ReportInput) (*ReportView, error) {
	act, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	// A reason is one of the known categories, which rank the queue, or a
	// person's own words, which rank as "other".
	in.Reason = strings.TrimSpace(in.Reason)
	if in.Reason == "" || utf8.RuneCountInString(in.Reason) > 200 {
		return nil, &model.Error{Kind: model.KindInvalid, Message: "say why, in up to 200 characters: self_harm, crisis, threat, selling_drugs, harassment, hate, privacy, spam, misinformation, other, or your own words",
			Fields: map[string]string{"reason": "required"}}
	}
	sev, ok := reportSeverity[strings.ToLower(in.Reason)]
	if !ok {
		sev = reportSeverity["other"]
	} else {
		in.Reason = strings.ToLower(in.Reason)
	}
	in.Details = strings.TrimSpace(in.Details)
	if utf8.RuneCountInString(in.Details) > 2000 {
		return nil, &model.Error{Kind: model.KindInvalid, Message: "keep the details to 2,000 characters", Fields: map[string]string{"details": "too long"}}
	}
	if in.TargetType == "resource" {
		in.TargetID = model.CanonicalID(in.TargetID) // an old id still names it
	}
	owner, err := a.reportTarget(ctx, act.User.ID, in.TargetType, in.TargetID)
	if err != nil {
		return nil, err
	}
	if owner == act.User.ID {
		return nil, &model.Error{Kind: model.KindInvalid, Message: "you cannot report yourself; delete it instead", Fields: map[string]string{"target_id": "your own"}}
	}
	already, err := a.store.HasOpenReport(ctx, act.User.ID, in.TargetType, in.TargetID)
	if err != nil {
		return nil, err
	}
	if already {
		return nil, model.Errorf(model.KindConflict, "you already reported this; it is waiting to be looked at")
	}
	if err := a.limit(ctx, "report:"+act.User.ID, 30, dayWindow); err != nil {
		return nil, err
	}
	r := &store.Report{ID: newID(), ReporterID: act.User.ID, TargetType: in.TargetType, TargetID: in.TargetID, TargetOwner: owner, Reason: in.Reason,
		Severity: sev, Status: "open", CreatedAt: a.now()}
	if in.Details != "" {
		r.Details = a.box.Seal([]byte(in.Details), reportDetailsAAD(r.ID))
	}
	if err := a.store.CreateReport(ctx, r); err != nil {
		return nil, err
	}
	if crisisReasons[r.Reason] {
		a.reportCrisis(ctx, act.User.ID, r)
	}
	v := &ReportView{ID: r.ID, TargetType: r.TargetType, TargetID: r.TargetID, Reason: r.Reason, Severity: r.Severity, Status: r.Status,
		CreatedAt: model.At(r.CreatedAt), ReviewedBy: ReviewedByModerators}
	if a.tellGroupLeaders(ctx, r) {
		v.ReviewedBy = ReviewedByGroupFacilitators
	}
	return v, nil
}

// autoReport files a report by Kinship itself (spam and dealer detection).
// autoReporter is the reporter of what Kinship holds itself.
const autoReporter = "kinship"

func (a *App) autoReport(ctx context.Context, kind, id, owner, why string) {
	r := &store.Report{ID: newID(), ReporterID: autoReporter, TargetType: kind, TargetID: id, TargetOwner: owner, Reason: "selling_drugs",
		Severity: reportSeverity["selling_drugs"], Status: "open", CreatedAt: a.now()}
	r.Details = a.box.Seal([]byte(why), reportDetailsAAD(r.ID))
	if err := a.store.CreateReport(ctx, r); err != nil {
		a.log.Error("automatic report not written", "err", err)
	}
}

// targetContent returns what a report or an appeal is about (the item of
// that kind and id), for moderators only; name gives people's display names.
func (a *App) targetContent(ctx context.Context, kind, id string, name func(string) string) string {
	switch kind {
	case "message":
		if m, err := a.store.FindMessage(ctx, id); err == nil {
			return a.messageContent(ctx, m, name)
		}
	case "post":
		if p, err := a.store.FindPost(ctx, id); err == nil {
			if b, err := a.box.Open(p.Sealed, postAAD(p.ID)); err == nil {
				return p.Title + "\n" + string(b)
			}
		}
	case "comment":
		if c, err := a.store.FindComment(ctx, id); err == nil {
			if b, err := a.box.Open(c.Sealed, commentAAD(c.ID)); err == nil {
				return string(b)
			}
		}
	case "resource":
		if res, err := a.store.FindResource(ctx, id); err == nil {
			return res.Title + " — " + res.URL
		}
	case "user":
		return readerLang(ctx).T("moderation_queue.profile_of", "Name", name(id))
	}
	return ""
}

// messageContent is what a reported message says, as its reviewer reads
// it: its words, or a shared milestone in the reader's language.
func (a *App) messageContent(ctx context.Context, m *store.StoredMessage, name func(string) string) string {
	b, err := a.box.Open(m.Sealed, messageAAD(m.ID))
	if err != nil {
		return ""
	}
	if ms := sharedMilestone(m.Kind, string(b)); ms != nil {
		return MilestoneLine(readerLang(ctx), name(m.AuthorID), ms.Label)
	}
	return string(b)
}

// reportPosition is a report's place in the lists of open reports: most
// severe first, then oldest, then by id.
func reportPosition(r *store.Report) store.Keyset {
	return store.Keyset{Rank: r.Severity, At: r.CreatedAt, ID: r.ID}
}

// ReportQueuePage returns a page of the open reports, most severe first,
// then oldest, then by id, each with what was reported. A reported direct
// message is visible to moderators only this way, and every item given is
// audited. Moderators.
func (a *App) ReportQueuePage(ctx context.Context, p PageRequest) ([]ReportView, store.Keyset, error) {
	act, err := requireActor(ctx)
	if err != nil {
		return nil, store.Keyset{}, err
	}
	rs, err := a.store.ListReports(ctx, "open", p.After, p.fetch())
	if err != nil {
		return nil, store.Keyset{}, err
	}
	rs, next := cutPage(rs, p, reportPosition)
	out := []ReportView{}
	name := a.namesOnce(ctx)
	for _, r := range rs {
		v := ReportView{ID: r.ID, TargetType: r.TargetType, TargetID: r.TargetID, Reason: r.Reason, Severity: r.Severity, Status: r.Status,
			CreatedAt: model.At(r.CreatedAt), OwnerID: r.TargetOwner, OwnerName: name(r.TargetOwner), Automatic: r.ReporterID == autoReporter}
		if r.TargetType == "message" {
			// One read of the message says what it says and, for a group's,
			// which group (a direct message has none).
			if m, err := a.store.FindMessage(ctx, r.TargetID); err == nil {
				v.Content = a.messageContent(ctx, m, name)
				if g, err := a.store.FindGroup(ctx, m.ConversationID); err == nil {
					v.GroupID, v.GroupName = g.ID, g.Name
				}
			}
		} else {
			v.Content = a.targetContent(ctx, r.TargetType, r.TargetID, name)
		}
		if len(r.Details) > 0 {
			if b, err := a.box.Open(r.Details, reportDetailsAAD(r.ID)); err == nil {
				v.Details = string(b)
			}
		}
		out = append(out, v)
		a.audit(ctx, act.User.ID, r.TargetOwner, "reported_content_read", []string{r.TargetType})
	}
	return out, next, nil
}

// ActionView is a moderation action as its subject or a moderator sees it.
type ActionView struct {
	ID           string `json:"id"`
	TargetType   string `json:"target_type"`
	TargetID     string `json:"target_id"`
	Action       string `json:"action"`
	Reason       string `json:"reason"`
	AppealStatus string `json:"appeal_status,omitempty"`
	Appeal       string `json:"appeal,omitempty"`
	// AppealReason is why the moderators decided the appeal as they did.
	AppealReason string `json:"appeal_reason,omitempty" doc:"once the appeal is decided (appeal_status upheld or reversed), the moderator's reason, as the person who appealed is told it; absent before, and for appeals decided before reasons were asked"`
	// FacilitatorOf names the group when one of its facilitators, not a
	// moderator, hid the message after a report there.
	FacilitatorOf string          `json:"facilitator_of,omitempty" doc:"the group whose facilitator decided, when a group's facilitator (not a moderator) hid a message in it; absent for a moderator's action"`
	CreatedAt     model.Timestamp `json:"created_at"`
	// SubjectName and Content, for the moderators deciding an appeal: who
	// appealed, and what the action was about as it was written (read as
	// a reported item is, and recorded in that person's privacy log).
	SubjectName string `json:"subject_display_name,omitempty" doc:"for moderators deciding an appeal: the display name of the person who appealed (whose content or account the action was about)"`
	Content     string `json:"content,omitempty" doc:"for moderators deciding an appeal about a message, post, comment or resource: what it says (a post's title and text, a resource's title and address), kept though hidden or removed; absent for an action about an account, or when the author has since deleted it. Each appeal listed is recorded in its author's privacy log (appealed_content_read)"`
}

func (a *App) actionView(ctx context.Context, m *store.ModerationAction) ActionView {
	v := ActionView{ID: m.ID, TargetType: m.TargetType, TargetID: m.TargetID, Action: m.Action, Reason: m.Reason, AppealStatus: m.AppealStatus, AppealReason: m.AppealReason, CreatedAt: model.At(m.CreatedAt)}
	if len(m.Appeal) > 0 {
		if b, err := a.box.Open(m.Appeal, appealAAD(m.ID)); err == nil {
			v.Appeal = string(b)
		}
	}
	v.FacilitatorOf = a.facilitatorGroup(ctx, m)
	return v
}

// facilitatorGroup names the group whose facilitator took action m on a
// message in it (see ActOnGroupReport), or "" when a moderator did: the
// author reads who decided, and the moderators who review an appeal too.
func (a *App) facilitatorGroup(ctx context.Context, m *store.ModerationAction) string {
	if m.TargetType != "message" || m.ModeratorID == "" {
		return ""
	}
	by, err := a.store.FindUserByID(ctx, m.ModeratorID)
	if err != nil || by.Role == model.RoleModerator || by.Role == model.RoleSiteAdmin {
		return ""
	}
	msg, err := a.store.FindMessage(ctx, m.TargetID)
	if err != nil {
		return ""
	}
	g, err := a.store.FindGroup(ctx, msg.ConversationID)
	if err != nil {
		return ""
	}
	return g.Name
}

// SuspendFor is how long a suspension lasts.
const SuspendFor = 7 * 24 * time.Hour

// ActOnReport carries out a moderator's decision with a reason the author
// is told: hide, remove, warn, suspend, ban, or dismiss (no action).
// Errors: not_found, invalid, conflict (already handled).
func (a *App) ActOnReport(ctx context.Context, reportID, action, reason string) (*ActionView, error) {
	act, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	r, err := a.store.FindReport(ctx, reportID)
	if err != nil {
		return nil, notFound(err, "apperrf.not_found.report")
	}
	if r.Status != "open" {
		return nil, errReportHandled()
	}
	reason = strings.TrimSpace(reason)
	switch action {
	case "hide", "remove", "warn", "suspend", "ban", "dismiss":
	default:
		return nil, &model.Error{Kind: model.KindInvalid, Message: "action must be hide, remove, warn, suspend, ban or dismiss", Fields: map[string]string{"action": "unknown action"}}
	}
	if action != "dismiss" && reason == "" {
		return nil, &model.Error{Kind: model.KindInvalid, Message: "give a reason; the person will be told it", Fields: map[string]string{"reason": "required"}}
	}
	if utf8.RuneCountInString(reason) > 1000 {
		return nil, &model.Error{Kind: model.KindInvalid, Message: "keep the reason to 1,000 characters", Fields: map[string]string{"reason": "too long"}}
	}
	return a.closeReport(ctx, act.User.ID, r, action, reason, "moderation_"+action, note{})
}

// errReportHandled is the answer to a decision on a report someone closed already.
func errReportHandled() error {
	return model.Errorf(model.KindConflict, "this report was already handled")
}

// closeReport carries out a decision on an open report by actorID (a
// moderator, or a facilitator of the group) and closes it, audited as
// auditAction; the person whose content it was is told notice (zero: the
// moderators' words for the action). Errors: conflict when someone
// handled it meanwhile.
func (a *App) closeReport(ctx context.Context, actorID string, r *store.Report, action, reason, auditAction string, notice note) (*ActionView, error) {
	now := a.now()
	m := &store.ModerationAction{ID: newID(), ReportID: r.ID, TargetType: r.TargetType, TargetID: r.TargetID, SubjectID: r.TargetOwner,
		Action: action, Reason: reason, ModeratorID: actorID, CreatedAt: now, UpdatedAt: now}
	r.Status, r.HandledBy, r.HandledAt = "actioned", actorID, &now
	if action == "dismiss" {
		r.Status = "dismissed"
	}
	if notice.m.ID == "" {
		notice = noticeText(m)
	}
	err := a.store.InTx(ctx, func(tx store.Store) error {
		// Closed first: whoever comes second changes nothing.
		if err := tx.UpdateReport(ctx, r); err != nil {
			if errors.Is(err, store.ErrConflict) {
				return errReportHandled()
			}
			return err
		}
		if err := a.applyAction(ctx, tx, m, false); err != nil {
			return err
		}
		if action == "dismiss" {
			return a.releaseHeld(ctx, tx, r)
		}
		if err := tx.CreateModerationAction(ctx, m); err != nil {
			return err
		}
		return a.notifyAt(ctx, tx, m.SubjectID, "moderation_notice", notice, "/appeals/"+m.ID)
	})
	if err != nil {
		return nil, err
	}
	if action == "suspend" || action == "ban" {
		// Committed: a read that found them free before it keeps nothing.
		a.forgetFree(m.SubjectID)
		// Their open sockets close on every node; a reconnection finds the
		// restriction, so nothing more is written through an old socket.
		a.endSockets(ctx, m.SubjectID, "", "", realtime.ReasonAccountChanged)
	}
	a.audit(ctx, actorID, m.SubjectID, auditAction, []string{r.TargetType})
	v := a.actionView(ctx, m)
	return &v, nil
}

func noticeText(m *store.ModerationAction) note {
	what := map[string]string{"message": "notify.what_message", "post": "notify.what_post", "comment": "notify.what_comment",
		"resource": "notify.what_resource", "user": "notify.what_profile"}[m.TargetType]
	if what == "" {
		what = "notify.what_profile"
	}
	switch m.Action {
	case "hide":
		return noteText("notify.moderation_hide", "Reason", reasonInSentence(m.Reason)).sub("What", what)
	case "remove":
		return noteText("notify.moderation_remove", "Reason", reasonInSentence(m.Reason)).sub("What", what)
	case "warn":
		return noteText("notify.moderation_warn", "Reason", reasonInSentence(m.Reason)).sub("What", what)
	case "suspend":
		return noteText("notify.moderation_suspend", "Reason", reasonInSentence(m.Reason))
	case "ban":
		return noteText("notify.moderation_ban", "Reason", reasonInSentence(m.Reason))
	}
	return noteText("notify.moderation_other").sub("What", what)
}

// releaseHeld shows a held message to everyone, and returns a held message
// request to its recipient's requests, when a moderator finds nothing
// wrong with it.
func (a *App) releaseHeld(ctx context.Context, tx store.Store, r *store.Report) error {
	if r.TargetType != "message" {
		return nil
	}
	m, err := tx.FindMessage(ctx, r.TargetID)
	if err != nil {
		return nil
	}
	if m.State == msgHeld {
		m.State, m.Reason = "visible", ""
		if err := tx.UpdateMessage(ctx, m); err != nil {
			return err
		}
		a.publishMessageAfter(ctx, tx, a.messageView(ctx, names{}, m))
	}
	rows, err := tx.ListConversationMembers(ctx, m.ConversationID)
	if err != nil {
		return err
	}
	for _, row := range rows {
		if row.State == dmHeld {
			row.State, row.UpdatedAt = dmRequest, a.now()
			if err := tx.SaveConversationMember(ctx, row); err != nil {
				return err
			}
		}
	}
	return nil
}

// applyAction changes (or, with undo, restores) what an action is about.
func (a *App) applyAction(ctx context.Context, tx store.Store, m *store.ModerationAction, undo bool) error {
	switch m.Action {
	case "hide", "remove":
		switch m.TargetType {
		case "message":
			msg, err := tx.FindMessage(ctx, m.TargetID)
			if err != nil {
				return err
			}
			// A message hidden after a report reads "hidden" in the chat, as
			// its author's notice and appeal say (walk5 W5-15); its words
			// are kept for the appeal. One removed reads "removed".
			msg.State, msg.Reason = map[string]string{"hide": msgHidden, "remove": "removed"}[m.Action], m.Reason
			if undo {
				msg.State, msg.Reason = "visible", ""
			}
			if err := tx.UpdateMessage(ctx, msg); err != nil {
				return err
			}
			a.publishMessageAfter(ctx, tx, a.messageView(ctx, names{}, msg))
		case "post":
			p, err := tx.FindPost(ctx, m.TargetID)
			if err != nil {
				return err
			}
			p.State, p.Reason = map[string]string{"hide": "hidden", "remove": "removed"}[m.Action], m.Reason
			if undo {
				p.State, p.Reason = "visible", ""
			}
			p.UpdatedAt = a.now()
			return tx.UpdatePost(ctx, p)
		case "comment":
			c, err := tx.FindComment(ctx, m.TargetID)
			if err != nil {
				return err
			}
			c.State = "removed"
			if undo {
				c.State = "visible"
			}
			return tx.UpdateComment(ctx, c)
		case "resource":
			st, why := ResourceRejected, m.Reason
			if undo {
				st, why = ResourcePublished, ""
			}
			return tx.SetResourceStatus(ctx, m.TargetID, st, why)
		}
	case "suspend", "ban":
		if err := a.settleHeld(ctx, tx, m, undo); err != nil {
			return err
		}
		if undo {
			a.forgetFree(m.SubjectID)
			return tx.DeleteRestriction(ctx, m.SubjectID)
		}
		return a.restrict(ctx, tx, m, a.now().Add(SuspendFor))
	}
	return nil
}

// settleHeld tells the author of a held message that a moderator decided
// on it, when they suspend or ban them from its report: it stays where
// only its author sees it, with the moderator's reason, and no longer says
// it waits for a moderator and will be shown (walk11 W11-9). A reversal
// shows it, as a dismissed report does.
func (a *App) settleHeld(ctx context.Context, tx store.Store, m *store.ModerationAction, undo bool) error {
	if m.TargetType != "message" {
		return nil
	}
	msg, err := tx.FindMessage(ctx, m.TargetID)
	if err != nil || msg.State != msgHeld {
		return nil // the report outlived its message, or it is not held
	}
	if undo {
		if msg.Reason != m.Reason {
			return nil
		}
		r, err := tx.FindReport(ctx, m.ReportID)
		if err != nil {
			return nil
		}
		return a.releaseHeld(ctx, tx, r)
	}
	msg.Reason = m.Reason
	if err := tx.UpdateMessage(ctx, msg); err != nil {
		return err
	}
	a.publishMessageAfter(ctx, tx, a.messageView(ctx, names{}, msg))
	return nil
}

// restrict suspends m's subject from writing until the time given, or
// bans them (m.Action "ban"; until is not used), naming the action.
func (a *App) restrict(ctx context.Context, tx store.Store, m *store.ModerationAction, until time.Time) error {
	a.forgetFree(m.SubjectID)
	r := &store.Restriction{UserID: m.SubjectID, Kind: "banned", ActionID: m.ID, CreatedAt: a.now()}
	if m.Action == "suspend" {
		r.Kind, r.Until = "suspended", &until
	}
	return tx.SetRestriction(ctx, r)
}

// Appeal asks moderators to look again at an action about the actor.
// Errors: not_found, invalid, conflict (already appealed or reversed).
func (a *App) Appeal(ctx context.Context, actionID, text string) (*ActionView, error) {
	act, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	m, err := a.store.FindModerationAction(ctx, actionID)
	if err != nil || m.SubjectID != act.User.ID {
		return nil, &model.Error{Kind: model.KindNotFound, Message: "action not found"}
	}
	switch m.AppealStatus {
	case "reversed":
		return nil, model.Errorf(model.KindConflict, "this action was already reversed")
	case "open", "upheld":
		return nil, model.Errorf(model.KindConflict, "you already appealed this action")
	}
	text = strings.TrimSpace(text)
	if n := utf8.RuneCountInString(text); n == 0 || n > 2000 {
		return nil, &model.Error{Kind: model.KindInvalid, Message: "say in up to 2,000 characters why the moderators should look again", Fields: map[string]string{"text": "empty or too long"}}
	}
	m.Appeal, m.AppealStatus, m.UpdatedAt = a.box.Seal([]byte(text), appealAAD(m.ID)), "open", a.now()
	if err := a.store.UpdateModerationAction(ctx, m); err != nil {
		return nil, err
	}
	v := a.actionView(ctx, m)
	return &v, nil
}

// MyModerationActions returns the actions about the actor, for appeals.
func (a *App) MyModerationActions(ctx context.Context) ([]ActionView, error) {
	act, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	ms, err := a.store.ListModerationActions(ctx, act.User.ID)
	if err != nil {
		return nil, err
	}
	out := []ActionView{}
	for _, m := range ms {
		out = append(out, a.actionView(ctx, m))
	}
	return out, nil
}

// OpenAppeals returns actions with an appeal waiting, each with who
// appealed and what the action was about as it was written (hidden or
// removed, its words are kept for the appeal), so the moderator decides
// having read it; each item given is recorded in the privacy log of the
// person who appealed. Errors: forbidden for anyone but a moderator or a
// site admin, the only ones who decide appeals.
func (a *App) OpenAppeals(ctx context.Context) ([]ActionView, error) {
	if err := a.requireModerator(ctx); err != nil {
		return nil, err
	}
	act, _ := requireActor(ctx)
	ms, err := a.store.ListModerationActions(ctx, "")
	if err != nil {
		return nil, err
	}
	out := []ActionView{}
	name := a.namesOnce(ctx)
	for _, m := range ms {
		v := a.actionView(ctx, m)
		v.SubjectName = name(m.SubjectID)
		if m.TargetType != "user" {
			v.Content = a.targetContent(ctx, m.TargetType, m.TargetID, name)
		}
		out = append(out, v)
		a.audit(ctx, act.User.ID, m.SubjectID, "appealed_content_read", []string{m.TargetType})
	}
	return out, nil
}

// DecideAppeal upholds or reverses an appealed action with a reason the
// person who appealed is told; reversing restores what was hidden or
// removed, or lifts the restriction. Errors: forbidden (not a moderator
// or a site admin), not_found, invalid (no reason, or one longer than
// 1,000 characters: nothing is written), conflict.
func (a *App) DecideAppeal(ctx context.Context, actionID, decision, reason string) (*ActionView, error) {
	if err := a.requireModerator(ctx); err != nil {
		return nil, err
	}
	act, _ := requireActor(ctx)
	m, err := a.store.FindModerationAction(ctx, actionID)
	if err != nil {
		return nil, notFound(err, "apperrf.not_found.action")
	}
	if m.AppealStatus != "open" {
		return nil, model.Errorf(model.KindConflict, "there is no appeal waiting on this action")
	}
	if decision != "uphold" && decision != "reverse" {
		return nil, &model.Error{Kind: model.KindInvalid, Message: "decision must be uphold or reverse", Fields: map[string]string{"decision": "unknown"}}
	}
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return nil, &model.Error{Kind: model.KindInvalid, Message: "give a reason; the person will be told it", Fields: map[string]string{"reason": "give a reason; the person will be told it"}}
	}
	if utf8.RuneCountInString(reason) > 1000 {
		return nil, &model.Error{Kind: model.KindInvalid, Message: "keep the reason to 1,000 characters", Fields: map[string]string{"reason": "keep the reason to 1,000 characters"}}
	}
	m.AppealStatus, m.AppealReason, m.UpdatedAt = map[string]string{"uphold": "upheld", "reverse": "reversed"}[decision], reason, a.now()
	err = a.store.InTx(ctx, func(tx store.Store) error {
		if decision == "reverse" {
			if err := a.applyAction(ctx, tx, m, true); err != nil && !errors.Is(err, store.ErrNotFound) {
				return err
			}
		}
		if err := tx.UpdateModerationAction(ctx, m); err != nil {
			return err
		}
		text := noteText("notify.appeal_upheld_reason", "Reason", reasonInSentence(reason))
		if decision == "reverse" {
			text = noteText("notify.appeal_reversed_reason", "Reason", reasonInSentence(reason))
		}
		return a.notifyAt(ctx, tx, m.SubjectID, "appeal_decided", text, "/appeals/"+m.ID)
	})
	if err != nil {
		return nil, err
	}
	if decision == "reverse" && (m.Action == "suspend" || m.Action == "ban") {
		// The suspension or ban is lifted: nodes forget the standing they kept.
		a.accountChanged(ctx, m.SubjectID)
	}
	a.audit(ctx, act.User.ID, m.SubjectID, "appeal_"+m.AppealStatus, nil)
	v := a.actionView(ctx, m)
	return &v, nil
}
