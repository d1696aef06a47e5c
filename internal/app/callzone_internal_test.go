package app

import (
	"errors"
	"testing"
	"time"

	"github.com/kinshiprecovery/kinship/internal/model"
)

// TestCallZoneReadAsMeetings: a call's time is read in the zone given, or
// the proposer's own read as a meeting's zone is, never on a clock no one
// chose: a profile with no zone, "Local" (the server's clock) or a name
// that cannot be loaded is refused naming time_zone, not read as UTC; a
// profile zone written as people write it ("Eastern") is read; a time its
// clocks skip is refused naming start_local.
func TestCallZoneReadAsMeetings(t *testing.T) {
	a := &App{opts: Options{Now: func() time.Time { return time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC) }}}
	for _, c := range []struct {
		zone, own, start string
		field, words     string // field "": accepted
		at               time.Time
	}{
		{"", "", "2026-12-08T19:00", "time_zone", "the zone start_local is in is needed: your profile has no time zone; send time_zone, like Europe/Madrid, or set your zone on your profile", time.Time{}},
		{"", "Local", "2026-12-08T19:00", "time_zone", `your profile's time zone "Local" is not one Kinship knows; send time_zone, like Europe/Madrid, or set your zone again on your profile`, time.Time{}},
		{"", "Mars/Olympus_Mons", "2026-12-08T19:00", "time_zone", `your profile's time zone "Mars/Olympus_Mons" is not one Kinship knows; send time_zone, like Europe/Madrid, or set your zone again on your profile`, time.Time{}},
		{"Local", "Europe/Madrid", "2026-12-08T19:00", "time_zone", `we do not know the time zone "Local"; write a city, like Madrid, or a name like Europe/Madrid`, time.Time{}},
		{"", "Europe/Madrid", "2026-12-08T19:00", "", "", time.Date(2026, 12, 8, 18, 0, 0, 0, time.UTC)},
		{"", "Eastern", "2027-03-14T03:30", "", "", time.Date(2027, 3, 14, 7, 30, 0, 0, time.UTC)},
		{"America/New_York", "", "2027-03-14T01:30", "", "", time.Date(2027, 3, 14, 6, 30, 0, 0, time.UTC)},
		{"", "America/New_York", "2027-03-14T02:30", "start_local", "", time.Time{}},
	} {
		start, loc, err := a.checkCall(CallInput{StartLocal: c.start, TimeZone: c.zone, Minutes: 30}, c.own)
		if c.field == "" {
			if err != nil || !start.Equal(c.at) || loc == nil || loc.String() == "Local" || loc.String() == "UTC" {
				t.Errorf("zone %q, own %q, %s: %v %v %v, want %v", c.zone, c.own, c.start, start, loc, err, c.at)
			}
			continue
		}
		var me *model.Error
		if !errors.As(err, &me) || me.Kind != model.KindInvalid || len(me.Fields) != 1 || me.Fields[c.field] == "" ||
			(c.words != "" && me.Fields[c.field] != c.words) {
			t.Errorf("zone %q, own %q, %s: %v (%v), want %s: %q", c.zone, c.own, c.start, err, me, c.field, c.words)
		}
	}
}

// TestServerClockIsNoOnesZone: a profile stored naming "Local" (before
// profiles refused it) is shown no time on the server's clock: every
// reader of a stored zone (loadZone) refuses it, as it refuses a name it
// does not know, and real zones still load.
func TestServerClockIsNoOnesZone(t *testing.T) {
	if loc, err := loadZone("Local"); err == nil {
		t.Fatalf(`loadZone("Local") = %v; want it refused`, loc)
	}
	if loc, err := loadZone(""); err != nil || loc != time.UTC {
		t.Fatalf(`loadZone("") = %v, %v; want UTC`, loc, err)
	}
	if loc, err := loadZone("America/Santiago"); err != nil || loc.String() != "America/Santiago" {
		t.Fatalf(`loadZone("America/Santiago") = %v, %v`, loc, err)
	}
}
