package app

import (
	"context"
	"errors"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/store"
)

// Trust levels.
const (
	TrustNew     = 0 // limited reach: no messages to strangers, no links, lower limits
	TrustMember  = 1
	TrustTrusted = 2
)

// TrustSettings are the instance's rules for leaving the new level: an
// account is promoted after Days days, or after Contributions messages and
// posts, whichever comes first. Site admins tune them.
type TrustSettings struct {
	Days          int `json:"days"`
	Contributions int `json:"contributions"`
}

// DefaultTrustSettings are used until an admin changes them.
var DefaultTrustSettings = TrustSettings{Days: 3, Contributions: 10}

// TrustSettings returns the instance's promotion rules.
func (a *App) TrustSettings(ctx context.Context) TrustSettings {
	s := DefaultTrustSettings
	if v, err := a.store.Setting(ctx, "trust.days"); err == nil {
		if n, err := strconv.Atoi(v); err == nil {
			s.Days = n
		}
	}
	if v, err := a.store.Setting(ctx, "trust.contributions"); err == nil {
		if n, err := strconv.Atoi(v); err == nil {
			s.Contributions = n
		}
	}
	return s
}

// SaveTrustSettings changes the promotion rules. Site admins. Errors: invalid.
func (a *App) SaveTrustSettings(ctx context.Context, s TrustSettings) (*TrustSettings, error) {
	act, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	f := model.FieldErrors{}
	if s.Days < 0 || s.Days > 365 {
		f.Add("days", "from 0 to 365")
	}
	if s.Contributions < 0 || s.Contributions > 10000 {
		f.Add("contributions", "from 0 to 10,000")
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	now := a.now()
	err = a.store.InTx(ctx, func(tx store.Store) error {
		if err := tx.SaveSetting(ctx, "trust.days", strconv.Itoa(s.Days), now); err != nil {
			return err
		}
		return tx.SaveSetting(ctx, "trust.contributions", strconv.Itoa(s.Contributions), now)
	})
	if err != nil {
		return nil, err
	}
	a.audit(ctx, act.User.ID, act.User.ID, "trust_settings_changed", nil)
	return &s, nil
}

// trustLevel returns a person's level: a moderator's decision if any,
// else new until the promotion rules are met. Staff roles are trusted.
func (a *App) trustLevel(ctx context.Context, u *model.User) int {
	if n, err := a.store.FindTrustOverride(ctx, u.ID); err == nil {
		return n
	} else if !errors.Is(err, store.ErrNotFound) {
		return TrustMember // do not punish people for a database hiccup
	}
	if u.Role != model.RoleMember {
		return TrustTrusted
	}
	s := a.TrustSettings(ctx)
	if a.now().Sub(u.CreatedAt) >= time.Duration(s.Days)*24*time.Hour {
		return TrustMember
	}
	if n, err := a.store.CountContributions(ctx, u.ID); err == nil && n >= s.Contributions {
		return TrustMember
	}
	return TrustNew
}

// SetTrustLevel records a moderator's decision. Errors: invalid, not_found.
func (a *App) SetTrustLevel(ctx context.Context, userID string, level int) error {
	act, err := requireActor(ctx)
	if err != nil {
		return err
	}
	if level < TrustNew || level > TrustTrusted {
		return &model.Error{Kind: model.KindInvalid, Message: "level must be 0 (new), 1 (member) or 2 (trusted)", Fields: map[string]string{"level": "out of range"}}
	}
	if u, err := a.store.FindUserByID(ctx, userID); err != nil || u.Deleted() {
		return errNoMember
	}
	if err := a.store.SetTrustOverride(ctx, userID, level, act.User.ID, a.now()); err != nil {
		return err
	}
	a.audit(ctx, act.User.ID, userID, "trust_level_set", []string{strconv.Itoa(level)})
	return nil
}

var linkPattern = regexp.MustCompile(`(?i)(https?://|www\.|\b[a-z0-9-]+\.(com|net|org|io|me|ly|gg|co|xyz|app|link)\b)`)

// mayHaveLink is false for text linkPattern cannot match, found in one
// pass without the pattern (most messages): every match has "://", or a
// "." after "www", or a "." before an ending, each of whose first letters
// folds only to its ASCII capital (so the byte after the "." is one of
// them in either case).
func mayHaveLink(text string) bool {
	if strings.Contains(text, "://") {
		return true
	}
	for i := strings.IndexByte(text, '.'); i >= 0; {
		if i >= 3 && strings.EqualFold(text[i-3:i], "www") {
			return true
		}
		if i+1 < len(text) && strings.IndexByte("cniomlgxaCNIOMLGXA", text[i+1]) >= 0 {
			return true
		}
		next := strings.IndexByte(text[i+1:], '.')
		if next < 0 {
			break
		}
		i += 1 + next
	}
	return false
}

// checkNewAccount refuses links from new accounts.
func (a *App) checkLinks(ctx context.Context, u *model.User, text string) error {
	if mayHaveLink(text) && linkPattern.MatchString(text) && a.trustLevel(ctx, u) == TrustNew {
		return &model.Error{Kind: model.KindForbidden, Message: "new accounts cannot share links yet; that opens up after your first days here",
			Fields: map[string]string{"body": "contains a link"}}
	}
	return nil
}
