package app

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/kinshiprecovery/kinship/internal/model"
)

// PeerQuery finds members by what they can share and what they look for.
// Words match case-insensitively anywhere in an entry ("resume" finds
// "resume reviews"). Health fields are never searched.
type PeerQuery struct {
	Skill      string `json:"skill"`
	LookingFor string `json:"looking_for"`
}

// Peer is a member found by a PeerQuery, showing only the searched fields
// the actor may see.
type Peer struct {
	ID          string   `json:"id"`
	DisplayName string   `json:"display_name"`
	Skills      []string `json:"skills,omitempty"`
	LookingFor  []string `json:"looking_for,omitempty"`
}

// maxPeers caps one answer; a person narrows the words to see others.
const maxPeers = 50

// FindPeers lists members whose skills (or "looking for") match the query
// and who let the actor see that field, leaving out the actor, anyone
// blocked either way, and suspended, banned or erased accounts. A profile
// is only found through a field its owner has shown to the actor, so the
// search reveals nothing a profile page would not. Errors: invalid.
func (a *App) FindPeers(ctx context.Context, q PeerQuery) ([]Peer, error) {
	act, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	skill, looking := strings.ToLower(strings.TrimSpace(q.Skill)), strings.ToLower(strings.TrimSpace(q.LookingFor))
	f := model.FieldErrors{}
	for _, in := range []struct{ field, raw, clean string }{{"skill", q.Skill, skill}, {"looking_for", q.LookingFor, looking}} {
		switch {
		case !utf8.ValidString(in.raw): // checked before lowering case, which hides broken bytes
			f.Add(in.field, "that is not valid text; type the words again")
		case utf8.RuneCountInString(in.clean) > 80:
			f.Add(in.field, "search with a few words, up to 80 characters")
		}
	}
	if skill == "" && looking == "" {
		f.Add("skill", "say what to look for: a skill (like \"resume\") or something people are looking for (like \"study partner\")")
	} else if utf8.RuneCountInString(skill+looking) < 2 {
		f.Add("skill", "use at least two letters")
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	blocked := a.blockedSet(ctx, act.User.ID)
	out := []Peer{}
	const page = 500
	for after := ""; len(out) < maxPeers; {
		ps, err := a.store.ListProfiles(ctx, after, page, a.now())
		if err != nil {
			return nil, err
		}
		for _, sp := range ps {
			if sp.UserID == act.User.ID || blocked[sp.UserID] || len(out) >= maxPeers {
				continue
			}
			if len(sp.Sealed) == 0 {
				continue // nothing shared yet
			}
			var s sealedProfile
			plain, err := a.box.Open(sp.Sealed, profileAAD(sp.UserID))
			if err != nil {
				return nil, fmt.Errorf("app: open profile %s: %w", sp.UserID, err)
			}
			if err := json.Unmarshal(plain, &s); err != nil {
				return nil, fmt.Errorf("app: decode profile %s: %w", sp.UserID, err)
			}
			skillHit, lookingHit := skill == "" || anyContains(s.Skills, skill), looking == "" || anyContains(s.LookingFor, looking)
			if !skillHit || !lookingHit {
				continue
			}
			// Only now, for the few that match, ask how the two are tied.
			vis := model.DefaultVisibility()
			for k, v := range sp.Visibility {
				vis[k] = v
			}
			rel, err := a.relations.Relation(ctx, act.User.ID, sp.UserID)
			if err != nil {
				return nil, err
			}
			if skill != "" && !rel.CanSee(vis["skills"]) || looking != "" && !rel.CanSee(vis["looking_for"]) {
				continue
			}
			p := Peer{ID: sp.UserID, DisplayName: sp.DisplayName}
			if rel.CanSee(vis["skills"]) {
				p.Skills = s.Skills
			}
			if rel.CanSee(vis["looking_for"]) {
				p.LookingFor = s.LookingFor
			}
			out = append(out, p)
		}
		if len(ps) < page {
			break
		}
		after = ps[len(ps)-1].UserID
	}
	return out, nil
}

func anyContains(list []string, word string) bool {
	for _, e := range list {
		if strings.Contains(strings.ToLower(e), word) {
			return true
		}
	}
	return false
}
