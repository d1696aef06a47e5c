package app_test

import (
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/model"
)

// TestKeptMentorsSuggestAsReadAfresh: the mentors each node keeps suggest
// the same people, in the same order, with the same reasons, seats and
// words, as reading every mentor again did, after each change that moves
// a suggestion, made on either node: a request (the mentor is not
// suggested again, and has a seat fewer), a pause, a new profile, a block,
// a return to use, a year passing, and a longer least time to mentor.
func TestKeptMentorsSuggestAsReadAfresh(t *testing.T) {
	in := newMentorInstance(t, 120)
	mentee := len(in.users) - 1
	filters := [][2]string{{"", ""}, {"es", ""}, {"", "12-step"}, {"en", "secular"}}
	// Another mentor asks too, for twenty: they see the seats change.
	var another []app.Suggestion
	check := func(step string) []app.Suggestion {
		t.Helper()
		var first []app.Suggestion
		for _, node := range []*app.App{in.app, in.other} {
			for _, f := range append(filters, [2]string{"", "by another"}) {
				ctx, k := in.as(mentee), 5
				if f[1] == "by another" {
					ctx, k, f = in.as(0), 20, [2]string{}
				}
				want, err := node.SuggestMentorsReadAfresh(ctx, f[0], f[1], k)
				if err != nil {
					t.Fatal(err)
				}
				got, err := node.SuggestMentors(ctx, f[0], f[1], k)
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(got, want) {
					t.Fatalf("%s, filter %q: kept mentors suggest\n%s\nread afresh\n%s", step, f, names(got), names(want))
				}
				if k == 20 {
					another = got
				} else if f == [2]string{} && first == nil {
					first = got
				}
			}
		}
		if len(first) != 5 {
			t.Fatalf("%s: %d suggestions, want 5", step, len(first))
		}
		return first
	}
	s := check("at first")
	seats := map[string]int{}
	for _, x := range another {
		seats[x.MentorID] = x.SeatsLeft
	}
	top := ""
	for _, x := range s {
		if seats[x.MentorID] > 1 {
			top = x.MentorID
			break
		}
	}
	if top == "" {
		t.Fatalf("none of the mentee's suggestions is among another's with two seats or more:\n%s%s", names(s), names(another))
	}

	// A request on the second node: the first no longer suggests that mentor.
	if _, err := in.other.RequestMentor(in.as(mentee), top, ""); err != nil {
		t.Fatal(err)
	}
	s = check("after a request")
	for _, x := range s {
		if x.MentorID == top {
			t.Fatalf("the mentor asked is still suggested: %s", names(s))
		}
	}
	left := -1
	for _, x := range another {
		if x.MentorID == top {
			left = x.SeatsLeft
		}
	}
	if left != seats[top]-1 {
		t.Fatalf("the mentor asked shows %d seats left to another, want %d", left, seats[top]-1)
	}
	// The next pauses.
	paused := s[0].MentorID
	ctx := in.as(index(in, paused))
	set, err := in.app.MentorshipSettings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	set.Paused = true
	if _, err := in.other.SaveMentorshipSettings(ctx, *set); err != nil {
		t.Fatal(err)
	}
	s = check("after a pause")
	if s[0].MentorID == paused {
		t.Fatalf("a paused mentor is suggested: %s", names(s))
	}
	// The next changes pathways and languages.
	if _, err := in.other.UpdateMe(in.as(index(in, s[0].MentorID)), func(p *model.Profile) {
		p.Pathways, p.Languages = []string{"other"}, []string{"fr"}
	}); err != nil {
		t.Fatal(err)
	}
	s = check("after a profile change")
	// The mentee blocks the first suggested.
	blocked := s[0].MentorID
	if err := in.other.BlockMember(in.as(mentee), blocked); err != nil {
		t.Fatal(err)
	}
	s = check("after a block")
	for _, x := range s {
		if x.MentorID == blocked {
			t.Fatalf("a blocked mentor is suggested: %s", names(s))
		}
	}
	// A mentor tells of a return to use.
	if _, err := in.other.RecordReturnToUse(in.as(index(in, s[1].MentorID)), in.clock.AddDate(0, 0, -3).Format("2006-01-02")); err != nil {
		t.Fatal(err)
	}
	check("after a return to use")
	// A year passes, and then a mentor needs five years.
	*in.clock = in.clock.AddDate(1, 0, 0)
	check("a year later")
	for _, node := range []*app.App{in.app, in.other} {
		if err := node.SetMentorshipOptions(nil, 5*365*24*time.Hour); err != nil {
			t.Fatal(err)
		}
	}
	check("with five years the least")
}

func index(in *mentorInstance, id string) int {
	for i, u := range in.users {
		if u.ID == id {
			return i
		}
	}
	panic("no user " + id)
}

func names(s []app.Suggestion) string {
	out := ""
	for _, x := range s {
		out += fmt.Sprintf("  %s %.3f seats %d %v\n", x.Name, x.Score, x.SeatsLeft, x.Reasons)
	}
	return out
}
