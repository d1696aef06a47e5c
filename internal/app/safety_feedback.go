package app

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/safety"
	"github.com/kinshiprecovery/kinship/internal/store"
)

// crisisReasons are the report reasons that mean "this was a crisis": a
// report of text for one of them also puts the text in the crisis queue.
var crisisReasons = map[string]bool{"self_harm": true, "crisis": true}

// CrisisReason reports whether a report's reason says someone may be at
// risk ("self_harm", "crisis"): such a report goes to the crisis queue,
// and its reporter is shown the crisis lines.
func CrisisReason(reason string) bool {
	return crisisReasons[strings.ToLower(strings.TrimSpace(reason))]
}

// reportCrisis routes a person's "this was a crisis" report of a message,
// post or comment to the crisis queue as a flag raised by a report. When
// the item already has a flag not yet resolved (the safety check's, or
// another report's), that one flag records who reported it (the first
// reporter) and no second flag is raised. When a moderator is done with
// the item's flag (resolved it, or marked it not a crisis), the report
// raises a new flag that names that one, so that moderators are told
// again and read what was decided before. A flag a report raised is a
// miss of the check, and a labelled example.
func (a *App) reportCrisis(ctx context.Context, reporterID string, r *store.Report) {
	switch r.TargetType {
	case "message", "post", "comment":
	default:
		return
	}
	earlier, done := a.reportedOnFlag(ctx, reporterID, r)
	if done {
		return
	}
	text := a.targetContent(ctx, r.TargetType, r.TargetID, a.namesOnce(ctx))
	if strings.TrimSpace(text) == "" {
		return
	}
	if utf8.RuneCountInString(text) > maxFlagContext {
		text = string([]rune(text)[:maxFlagContext]) + "…"
	}
	surface := map[string]string{"message": SurfaceChat, "post": "post", "comment": "comment"}[r.TargetType]
	id := newID()
	f := &store.SafetyFlag{ID: id, UserID: r.TargetOwner, Surface: surface, Ref: r.TargetID, Level: string(safety.Crisis),
		Categories: []string{"reported"}, Severity: 4, Sealed: a.box.Seal([]byte(text), flagAAD(id)), CreatedAt: a.now(),
		Source: "report", ReportedBy: reporterID}
	if err := a.raiseAgain(ctx, f, earlier); errors.Is(err, store.ErrConflict) {
		// The check (or another report) flagged the item meanwhile.
		if _, done := a.reportedOnFlag(ctx, reporterID, r); !done {
			a.log.Error("reported crisis neither queued nor found", "err", err)
		}
		return
	} else if err != nil {
		a.log.Error("reported crisis not queued", "err", err)
		return
	}
	a.tellModerators(ctx, r.TargetOwner)
}

// reportedOnFlag records the reporter on the item's flag not yet resolved,
// when it has one a moderator is still on (done); otherwise done is false
// and earlier is the item's flag a moderator is done with, nil when it has
// none.
func (a *App) reportedOnFlag(ctx context.Context, reporterID string, r *store.Report) (earlier *store.SafetyFlag, done bool) {
	f, err := a.store.FindItemSafetyFlag(ctx, r.TargetOwner, r.TargetID)
	if errors.Is(err, store.ErrNotFound) {
		return nil, false
	}
	if err != nil {
		a.log.Warn("earlier crisis-queue item not read", "err", err)
		return nil, true
	}
	if judgedOver(f) {
		return f, false
	}
	if f.ReportedBy == "" {
		if err := a.store.SetSafetyFlagReporter(ctx, f.ID, reporterID); err != nil {
			a.log.Error("reporter not recorded on the crisis-queue item", "err", err)
		}
	}
	return nil, true
}

// SafetyWeek is how the safety check did in one week, by moderators'
// verdicts and people's reports.
type SafetyWeek struct {
	Week      string `json:"week"`       // the Monday, 2006-01-02
	Flagged   int    `json:"flagged"`    // flags the check raised
	Right     int    `json:"right"`      // of those, marked right
	NotCrisis int    `json:"not_crisis"` // of those, marked not a crisis
	Missed    int    `json:"missed"`     // crises people reported that the check had not flagged
	// Precision is Right / (Right + NotCrisis), -1 when nothing was judged.
	Precision float64 `json:"precision"`
}

// SafetyQuality returns, week by week (newest first, up to 26 weeks), the
// check's precision as moderators judged it and the crises it missed.
// Moderators (the route's policy).
func (a *App) SafetyQuality(ctx context.Context) ([]SafetyWeek, error) {
	if _, err := requireActor(ctx); err != nil {
		return nil, err
	}
	flags, err := a.store.ListSafetyFlags(ctx, []string{"open", "acknowledged", "resolved"}, store.Keyset{}, 100000)
	if err != nil {
		return nil, err
	}
	byWeek := map[string]*SafetyWeek{}
	var weeks []string
	source := make(map[string]string, len(flags))
	for _, f := range flags {
		source[f.ID] = f.Source
	}
	for _, f := range flags {
		t := f.CreatedAt.UTC()
		monday := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC).AddDate(0, 0, -((int(t.Weekday()) + 6) % 7))
		k := monday.Format("2006-01-02")
		w := byWeek[k]
		if w == nil {
			w = &SafetyWeek{Week: k}
			byWeek[k] = w
			weeks = append(weeks, k)
		}
		if f.Source == "report" {
			// A report after the check's own flag was judged is no miss of the check.
			if source[f.EarlierID] != "check" {
				w.Missed++
			}
			continue
		}
		w.Flagged++
		switch f.Verdict {
		case FlagRight:
			w.Right++
		case FlagNotCrisis:
			w.NotCrisis++
		}
	}
	slices.Sort(weeks)
	slices.Reverse(weeks)
	out := []SafetyWeek{}
	for _, k := range weeks {
		w := byWeek[k]
		w.Precision = -1
		if n := w.Right + w.NotCrisis; n > 0 {
			w.Precision = float64(w.Right) / float64(n)
		}
		out = append(out, *w)
		if len(out) == 26 {
			break
		}
	}
	return out, nil
}

// SafetyLabel is one labelled example from the crisis queue.
type SafetyLabel struct {
	Text string `json:"text"`
	// Label is "crisis" (marked right, or reported as a crisis) or
	// "not_crisis" (marked not a crisis: concern or none, the moderator
	// did not say which).
	Label string `json:"label"`
	// Source is "check" or "report"; a report is a miss of the check.
	Source     string          `json:"source"`
	Surface    string          `json:"surface"`
	Categories []string        `json:"categories"`
	CreatedAt  model.Timestamp `json:"created_at"`
}

// ExportSafetyLabels returns the instance's labelled examples: crisis-queue
// items a moderator judged and crises people reported, oldest first, with
// their text opened. Only a site admin, named by adminEmail, may export;
// the export is recorded in the audit log. For the operator's CLI.
func (a *App) ExportSafetyLabels(ctx context.Context, adminEmail string) ([]SafetyLabel, error) {
	u, err := a.store.FindUserByEmail(ctx, model.NormalizeEmail(adminEmail))
	if err != nil {
		return nil, notFound(err, "apperrf.not_found.account")
	}
	if u.Role != model.RoleSiteAdmin {
		return nil, errSay(model.KindForbidden, "apperrf.safety_export_admin_only", "Email", adminEmail, "Role", roleWord(string(u.Role)))
	}
	flags, err := a.store.ListJudgedSafetyFlags(ctx)
	if err != nil {
		return nil, err
	}
	out := []SafetyLabel{}
	for _, f := range flags {
		b, err := a.box.Open(f.Sealed, flagAAD(f.ID))
		if err != nil {
			continue
		}
		label := "crisis"
		if f.Source != "report" && f.Verdict == FlagNotCrisis {
			label = "not_crisis"
		}
		cats := f.Categories
		if cats == nil {
			cats = []string{}
		}
		out = append(out, SafetyLabel{Text: string(b), Label: label, Source: f.Source, Surface: f.Surface, Categories: cats, CreatedAt: model.At(f.CreatedAt)})
	}
	a.audit(ctx, u.ID, u.ID, "safety_labels_exported", nil)
	return out, nil
}
