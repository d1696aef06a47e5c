package app_test

import (
	"context"
	"testing"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/store"
	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// TestHomeCheckedInTodayInTheMembersZone: the home page says a member
// checked in today by the day in their own zone (read once with the
// recovery time): at 12:00 UTC it is already tomorrow in Kiritimati and
// still this morning in Los Angeles. A check-in today counts, one
// yesterday does not, nor none, nor someone else's.
func TestHomeCheckedInTodayInTheMembersZone(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		ctx := context.Background()
		a, st, at := plainApp(t, db)
		people := seedPeople(t, st, at, 4, "home")
		zones := []string{"Pacific/Kiritimati", "America/Los_Angeles", "Pacific/Kiritimati", "America/Los_Angeles"}
		for i, u := range people {
			if err := st.UpsertProfile(ctx, &store.StoredProfile{UserID: u.ID, DisplayName: "P", TimeZone: zones[i], UpdatedAt: at}); err != nil {
				t.Fatal(err)
			}
		}
		as := func(i int) context.Context { return app.WithActor(ctx, &app.Actor{User: people[i]}) }
		// 0 checks in today (6 December there), 1 checks in for yesterday
		// (4 December in Los Angeles), 2 and 3 do not check in.
		for i, date := range map[int]string{0: "", 1: "2026-12-04"} {
			if _, _, err := a.RecordCheckin(as(i), app.CheckinInput{Mood: 3, Craving: 1, Date: date}); err != nil {
				t.Fatal(err)
			}
		}
		for i, want := range []bool{true, false, false, false} {
			h, err := a.Home(as(i))
			if err != nil {
				t.Fatal(err)
			}
			if h.CheckedInToday != want {
				t.Errorf("%s (today %s): checked in today %v, want %v", zones[i], h.Recovery.Today, h.CheckedInToday, want)
			}
		}
		if h, _ := a.Home(as(0)); h.Recovery.Today != "2026-12-06" {
			t.Errorf("today in Kiritimati at 12:00 UTC on 5 December: %s", h.Recovery.Today)
		}
	})
}
