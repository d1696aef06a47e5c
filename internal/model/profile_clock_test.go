package model

import (
	"testing"
	"time"
)

// TestRecoveryStartAgainstTheAppsClock: a recovery start is checked against
// the clock the app runs on (under KINSHIP_TEST_CLOCK, or a server whose
// clock was set), not the machine's: a start that is past for the app is
// kept whatever the machine says, and one after the app's tomorrow is
// refused with the words a person reads.
func TestRecoveryStartAgainstTheAppsClock(t *testing.T) {
	now := time.Date(2027, 3, 14, 9, 30, 0, 0, time.UTC) // the US's spring change of clocks
	for _, tc := range []struct {
		start string
		want  string
	}{
		{"2027-03-13", ""},
		{"2027-03-14", ""},
		{"2027-03-15", ""}, // already the 15th east of UTC
		{"2027-03-16", "the start date cannot be in the future"},
		{"3000-01-01", "the start date cannot be in the future"},
	} {
		p := &Profile{DisplayName: "Ana", RecoveryStart: tc.start}
		err := p.Validate(now)
		got := ""
		if e, ok := err.(*Error); ok {
			got = e.Fields["recovery_start"]
		} else if err != nil {
			t.Fatalf("%s: %v", tc.start, err)
		}
		if got != tc.want {
			t.Errorf("start %s at %s: %q, want %q", tc.start, now.Format(time.RFC3339), got, tc.want)
		}
		if err := (&Profile{DisplayName: "Ana", RecoveryStart: tc.start}).ValidateEdit("Ana", now); (err == nil) != (tc.want == "") {
			t.Errorf("start %s edited at %s: %v", tc.start, now.Format(time.RFC3339), err)
		}
	}
}
