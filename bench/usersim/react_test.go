package main

import (
	"slices"
	"testing"
)

// TestReactsOnlyAsThePageOffers follows one conversation's frames: the
// message to react to is the newest one still shown, with the reactions
// its frame says fit it ("with you" alone on words of crisis); a removed
// one is nothing to react to, and an old message's frame (a reaction to
// it) changes nothing. The server refused the simulator's reactions to
// removed messages and "proud of you" on words of crisis as invalid.
func TestReactsOnlyAsThePageOffers(t *testing.T) {
	all, crisis := []string{"with_you", "thank_you", "proud"}, []string{"with_you"}
	var l lastSeen
	for _, step := range []struct {
		what                string
		change, seq         int64
		id, state           string
		fits                []string
		wantID              string
		wantFits            []string
		wantChange, wantSeq int64
	}{
		{"a message", 10, 1, "m1", "visible", all, "m1", all, 10, 1},
		{"words of crisis", 11, 2, "m2", "visible", crisis, "m2", crisis, 11, 2},
		{"a reaction to the first", 12, 1, "m1", "visible", all, "m2", crisis, 12, 2},
		{"the newest removed", 13, 2, "m2", "removed", []string{}, "", nil, 13, 2},
		{"a message its author deleted", 14, 3, "m3", "deleted", []string{}, "", nil, 14, 3},
		{"a new message", 15, 4, "m4", "visible", all, "m4", all, 15, 4},
		{"edited into words of crisis", 16, 4, "m4", "visible", crisis, "m4", crisis, 16, 4},
		{"a frame from before the page's change", 9, 4, "m4", "visible", crisis, "m4", crisis, 16, 4},
	} {
		l = l.saw(step.change, step.seq, step.id, step.state, step.fits)
		if l.msgID != step.wantID || !slices.Equal(l.fits, step.wantFits) || l.change != step.wantChange || l.seq != step.wantSeq {
			t.Fatalf("after %s: react to %q with %v, at change %d seq %d; want %q with %v, at change %d seq %d",
				step.what, l.msgID, l.fits, l.change, l.seq, step.wantID, step.wantFits, step.wantChange, step.wantSeq)
		}
	}
}
