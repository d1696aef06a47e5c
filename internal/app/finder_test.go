package app

import (
	"testing"
	"time"

	"github.com/kinshiprecovery/kinship/internal/store"
)

// TestNextOccurrenceAcrossDaylightSaving: a Sunday 19:00 Chicago meeting
// stays at 19:00 local on the day clocks fall back, and a meeting going on
// now is found as in progress.
func TestNextOccurrenceAcrossDaylightSaving(t *testing.T) {
	chicago, _ := time.LoadLocation("America/Chicago")
	m := store.DirectoryMeeting{Day: 0, Time: "19:00", EndTime: "20:00", TimeZone: "America/Chicago"}
	cases := []struct {
		now       time.Time
		wantStart time.Time
	}{
		// Saturday before the change (CDT) → Sunday 1 Nov 2026, 19:00 CST.
		{time.Date(2026, 10, 31, 12, 0, 0, 0, chicago), time.Date(2026, 11, 2, 1, 0, 0, 0, time.UTC)},
		// Saturday before spring forward → Sunday 8 Mar 2026, 19:00 CDT.
		{time.Date(2026, 3, 7, 12, 0, 0, 0, chicago), time.Date(2026, 3, 9, 0, 0, 0, 0, time.UTC)},
		// During the meeting: the one in progress.
		{time.Date(2026, 11, 1, 19, 30, 0, 0, chicago), time.Date(2026, 11, 2, 1, 0, 0, 0, time.UTC)},
		// Just after it ended: a week later.
		{time.Date(2026, 11, 1, 20, 0, 0, 0, chicago), time.Date(2026, 11, 9, 1, 0, 0, 0, time.UTC)},
	}
	for _, c := range cases {
		start, end, ok := nextOccurrence(m, c.now)
		if !ok || !start.Equal(c.wantStart) || end.Sub(start) != time.Hour {
			t.Errorf("now %v: start %v (ok %v), want %v", c.now, start.UTC(), ok, c.wantStart)
		}
		if local := start.In(chicago).Format("15:04"); local != "19:00" {
			t.Errorf("now %v: local start %s, want 19:00", c.now, local)
		}
	}
	// A meeting that crosses midnight lasts into the next day.
	late := store.DirectoryMeeting{Day: 5, Time: "23:30", EndTime: "00:30", TimeZone: "UTC"}
	start, end, _ := nextOccurrence(late, time.Date(2026, 11, 27, 0, 10, 0, 0, time.UTC)) // Friday 00:10
	if end.Sub(start) != time.Hour || start.Weekday() != time.Friday {
		t.Errorf("late meeting: %v–%v", start, end)
	}
}
