package app

import (
	"context"
	"github.com/kinshiprecovery/kinship/internal/i18n"

	"github.com/kinshiprecovery/kinship/internal/model"
)

// KindCrisisFlag is the notification a moderator gets when text lands in
// the crisis queue.
const KindCrisisFlag = "crisis_flag"

// crisisFlagNote is what a moderator reads in the app. It names nobody:
// who wrote what is read in the queue, where every read is recorded.
var crisisFlagNote = noteText("notify.crisis_flag")

// moderatorsToTell returns the moderators a new crisis-queue item goes
// to: those on duty, or every moderator when none is; never the author.
func (a *App) moderatorsToTell(ctx context.Context, authorID string) ([]string, error) {
	mods, err := a.store.ListModeratorIDs(ctx)
	if err != nil {
		return nil, err
	}
	onDuty, err := a.store.ListOnDuty(ctx)
	if err != nil {
		return nil, err
	}
	duty := map[string]bool{}
	for _, id := range onDuty {
		duty[id] = true
	}
	var some, all []string
	for _, id := range mods {
		if id == authorID {
			continue
		}
		all = append(all, id)
		if duty[id] {
			some = append(some, id)
		}
	}
	if len(some) > 0 {
		return some, nil
	}
	return all, nil
}

// tellModerators notifies the moderators of a new crisis-queue item: in
// the app (always on), on their open pages at once, and by email when they
// chose it (an email that says only that a message needs attention). It
// returns how many were told.
func (a *App) tellModerators(ctx context.Context, authorID string) int {
	ids, err := a.moderatorsToTell(ctx, authorID)
	if err != nil {
		a.log.Error("moderators not found for a crisis-queue item", "err", err)
		return 0
	}
	told := 0
	for _, id := range ids {
		if err := a.notify(ctx, a.store, id, KindCrisisFlag, crisisFlagNote.about(authorID)); err != nil {
			a.log.Warn("moderator not told of a crisis-queue item", "err", err)
			continue
		}
		a.pushNotice(ctx, id, KindCrisisFlag, "/moderation/crisis")
		told++
	}
	return told
}

// OpenCrisisCount returns how many crisis-queue items wait for a
// moderator, for the count in a moderator's navigation; 0 for everyone else.
func (a *App) OpenCrisisCount(ctx context.Context) int {
	act := ActorFrom(ctx)
	if act == nil || (act.User.Role != model.RoleModerator && act.User.Role != model.RoleSiteAdmin) {
		return 0
	}
	n, err := a.store.CountSafetyFlags(ctx, []string{"open"})
	if err != nil {
		a.log.Warn("crisis queue not counted", "err", err)
		return 0
	}
	return n
}

// noticeEmail is what an email about a notification of kind says: for a
// crisis-queue item, only that a message needs a moderator's attention and
// where; for everything else, only that something is waiting.
func (a *App) noticeEmail(l *i18n.Lang, kind string) (subject, text string) {
	if kind == KindCrisisFlag {
		return l.T("email.crisis_subject"), l.T("email.crisis_body", "Link", a.opts.BaseURL+"/moderation/crisis", "Settings", a.opts.BaseURL+"/notifications")
	}
	return l.T("email.notice_subject"), l.T("email.notice_body", "Link", a.opts.BaseURL+"/notifications")
}

// Duty is the actor's place on the on-duty roster.
type Duty struct {
	// May is true for mentors, moderators and site admins.
	May bool `json:"may_be_on_duty"`
	On  bool `json:"on_duty"`
	// Moderator is true when crisis-queue items come to them too.
	Moderator bool `json:"moderator"`
}

// MyDuty returns whether the actor may be, and is, on duty.
func (a *App) MyDuty(ctx context.Context) (*Duty, error) {
	act, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	d := &Duty{May: mayBeOnDuty(act.User.Role), Moderator: act.User.Role == model.RoleModerator || act.User.Role == model.RoleSiteAdmin}
	d.On = d.May && a.isOnDuty(ctx, act.User.ID)
	return d, nil
}

// isOnDuty reports whether userID is on the roster now.
func (a *App) isOnDuty(ctx context.Context, userID string) bool {
	ids, _ := a.store.ListOnDuty(ctx)
	for _, id := range ids {
		if id == userID {
			return true
		}
	}
	return false
}
