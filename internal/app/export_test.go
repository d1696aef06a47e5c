package app

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/kinshiprecovery/kinship/internal/match"
	"github.com/kinshiprecovery/kinship/internal/store"
)

// HomeGroups and HomeGroupsListed let the tests compare home's one read of
// a member's groups and meetings with the two it replaced.
func (a *App) HomeGroups(ctx context.Context) (map[string]string, []*store.GroupMeeting, error) {
	return a.homeGroups(ctx, ActorFrom(ctx).User.ID)
}

func (a *App) HomeGroupsListed(ctx context.Context) (map[string]string, []*store.GroupMeeting, error) {
	return a.homeGroupsListed(ctx)
}

// KeptChatBodies lists the words this node keeps of a conversation's
// messages (chatViews), for the tests of what is let go.
func (a *App) KeptChatBodies(conv string) []string {
	a.chats.mu.Lock()
	defer a.chats.mu.Unlock()
	el := a.chats.byConv[conv]
	if el == nil {
		return nil
	}
	var out []string
	for _, v := range el.Value.(*keptChat).views {
		out = append(out, v.Body)
	}
	return out
}

// KeptPageWriters lists whose sealed words this node keeps in the newest
// page of conv's message rows (pageCache), one entry a row, for the tests
// of what is let go.
func (a *App) KeptPageWriters(conv string) []string {
	a.pages.mu.Lock()
	defer a.pages.mu.Unlock()
	e := a.pages.pages[conv]
	if e == nil {
		return nil
	}
	var out []string
	for _, m := range e.rows {
		if len(m.Sealed) > 0 {
			out = append(out, m.AuthorID)
		}
	}
	return out
}

// KeptLayoutThreads lists the direct threads (their pairs) this node keeps
// in user's layout counts (layoutCache), nil when it keeps none, for the
// tests of what is let go.
func (a *App) KeptLayoutThreads(user string) []string {
	a.layouts.mu.Lock()
	defer a.layouts.mu.Unlock()
	e := a.layouts.byUser[user]
	if e == nil {
		return nil
	}
	out := []string{}
	for _, d := range e.dms {
		out = append(out, d.Pair)
	}
	return out
}

// SuggestMentorsReadAfresh is SuggestMentors as it was before the mentors
// were kept on the node: every mentor read again, each with their own
// blocks, for the tests that the kept ones suggest the same people in the
// same order.
func (a *App) SuggestMentorsReadAfresh(ctx context.Context, language, pathway string, k int) ([]Suggestion, error) {
	act := ActorFrom(ctx)
	_, sealed, err := a.loadSettings(ctx, act.User.ID)
	if err != nil {
		return nil, err
	}
	me, _ := a.person(ctx, act.User.ID, nil, sealed)
	exclude := map[string]bool{act.User.ID: true}
	if ms, err := a.store.ListMentorships(ctx, act.User.ID); err == nil {
		for _, m := range ms {
			if m.MenteeID == act.User.ID && (m.Status == "requested" || m.Status == "active" || m.Status == "paused") {
				exclude[m.MentorID] = true
			}
		}
	}
	mentors, byID, offers, err := a.availableMentors(ctx, exclude)
	if err != nil {
		return nil, err
	}
	var filtered []match.Person
	for _, m := range mentors {
		if language != "" && !speaks(m.Languages, language) || pathway != "" && !contains(m.Pathways, pathway) {
			continue
		}
		filtered = append(filtered, m)
	}
	out := []Suggestion{}
	for _, sc := range match.Suggest(a.weights, me, filtered, k) {
		var seats int
		for _, m := range filtered {
			if m.ID == sc.Mentor {
				seats = m.Capacity
			}
		}
		out = append(out, Suggestion{MentorID: sc.Mentor, Name: a.displayName(ctx, sc.Mentor), Score: sc.Score, Reasons: sc.Reasons, Why: sc.Why,
			Certified: byID[sc.Mentor].CertifiedBy != "", Offers: offers[sc.Mentor], SeatsLeft: seats})
	}
	return out, nil
}

// KeepNames has the node's name cache hold n more people's names, as a
// node that named that many people in the last nameTTL does (every author
// on every page it wrote), for benchmarks of looking names up among them.
func (a *App) KeepNames(n int) {
	gen := a.names.generation()
	for i := range n {
		a.names.put(fmt.Sprintf("01NAMED%019d", i), cachedName{name: fmt.Sprint("Person ", i)}, gen)
	}
}

// FollowingOtherWriters reports whether FollowOtherWriters is asking.
func (a *App) FollowingOtherWriters() bool { return a.others.asking.Load() }

// GroupChatAsPage is what a group's chat page reads before its messages
// (the store's FindGroupChat), as the page reads it: from the node's
// memory when kept (chatAccessCache).
func (a *App) GroupChatAsPage(ctx context.Context, groupID string) (*store.GroupChat, error) {
	act, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	return a.findGroupChat(ctx, act, groupID)
}

// SetNameClock has the node's name cache keep names by clock, not the
// wall clock's time (set before the node names anyone).
func (a *App) SetNameClock(clock func() time.Time) { a.names.clock = clock }

// LinkPattern is the pattern of the links new accounts may not share.
func LinkPattern() *regexp.Regexp { return linkPattern }

// MayHaveLink is mayHaveLink.
func MayHaveLink(s string) bool { return mayHaveLink(s) }

// SetFreeClock sets the clock by which accounts found free to write age.
func (a *App) SetFreeClock(clock func() time.Time) { a.freeClock = clock }

// PhoneSign is the pattern of a phone number or a request to call or text.
func PhoneSign() *regexp.Regexp { return phoneSign }

// MayHavePhone is mayHavePhone.
func MayHavePhone(s string) bool { return mayHavePhone(s, strings.ToLower(s)) }

// PriceSign is the pattern of a substance at a price.
func PriceSign() *regexp.Regexp { return priceSign }
