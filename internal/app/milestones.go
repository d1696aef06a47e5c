package app

import (
	"context"
	"strings"

	"github.com/kinshiprecovery/kinship/internal/i18n"
	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/recovery"
)

// ShareMilestone posts a celebration card for one of the actor's reached
// milestones (by its label, e.g. "30 days") in a group's chat, where peers
// answer with reactions and replies. Only the milestone is shared, never
// the dates or anything else about the actor's recovery. Errors: invalid
// (not a milestone reached), not_found, forbidden, conflict (archived).
func (a *App) ShareMilestone(ctx context.Context, groupID, label string) (*MessageView, error) {
	if _, err := requireActor(ctx); err != nil {
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
	// One card per milestone and group: sharing again returns the first.
	// The card is kept as its milestone, not as words, so each reader
	// reads it in their own language.
	v, _, err := a.postMessage(ctx, groupID, "milestone:"+label, milestoneMark+label, "milestone")
	return v, err
}

// milestoneMark starts the stored body of a milestone card: the
// milestone's label follows ("\x02milestone:90 days"). Text a person
// sends never starts so (control characters are refused where text
// enters). Cards shared before were kept as English words, and read as
// they were written.
const milestoneMark = "\x02milestone:"

// MilestoneShare is the milestone a card in a group's chat celebrates.
type MilestoneShare struct {
	Label string `json:"label" doc:"the milestone as the recovery time answers name it, such as \"90 days\" or \"1 year\""`
	Count int    `json:"count" doc:"how many units, such as 90"`
	Unit  string `json:"unit" doc:"hours, days, months or years"`
}

// sharedMilestone is the milestone of a stored message body, nil when
// the message is not a card kept as its milestone.
func sharedMilestone(kind, body string) *MilestoneShare {
	label, ok := strings.CutPrefix(body, milestoneMark)
	if kind != "milestone" || !ok {
		return nil
	}
	ms := &MilestoneShare{Label: label}
	ms.Count, ms.Unit, _ = recovery.ParseLabel(label)
	return ms
}

// MilestoneWords names a milestone, given by its label ("90 days"), in l:
// "90 días". A label of another shape is shown as it is.
func MilestoneWords(l *i18n.Lang, label string) string {
	count, unit, ok := recovery.ParseLabel(label)
	if !ok {
		return label
	}
	return l.T("milestone."+unit, "Count", count)
}

// MilestoneLine is a milestone card's words in l: "🎉 Sam is celebrating
// 90 days in recovery."
func MilestoneLine(l *i18n.Lang, name, label string) string {
	return l.T("chat.milestone_line", "Name", name, "Milestone", MilestoneWords(l, label))
}

// readerLang is the language of the person signed in on ctx (their
// profile's choice), the default for nobody.
func readerLang(ctx context.Context) *i18n.Lang {
	if act := ActorFrom(ctx); act != nil {
		return ReaderOf(act.User)
	}
	return i18n.For("")
}
