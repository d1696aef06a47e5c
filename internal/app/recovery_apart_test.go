package app_test

import (
	"bytes"
	"context"
	"reflect"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/recovery"
	"github.com/kinshiprecovery/kinship/internal/store"
	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// profileReads counts the reads of whole profiles.
type profileReads struct {
	store.Store
	reads *atomic.Int64
}

func (p profileReads) FindProfile(ctx context.Context, userID string) (*store.StoredProfile, error) {
	p.reads.Add(1)
	return p.Store.FindProfile(ctx, userID)
}

// TestRecoveryStartSealedApartReadsAsTheProfile: the home page reads the
// recovery start from its own seal (not opening the whole profile for
// it), and its recovery time says what the whole profile says after every
// change. The seal is never the date in the clear, is bound to its person
// and to the saving it was made with, and a profile saved before it was
// kept apart is read whole, as before, then sealed apart.
func TestRecoveryStartSealedApartReadsAsTheProfile(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		ctx := context.Background()
		var reads atomic.Int64
		a, st := tickingAppOver(t, db, func(s store.Store) store.Store { return profileReads{s, &reads} })
		ana, asAna := newMember(t, a, "ana@example.org", "Ana")
		bo, asBo := newMember(t, a, "bo@example.org", "Bo")
		// want opens the home page and wants its recovery time and zone as
		// the whole profile says them (start, zone), reading the whole
		// profile `whole` times for it.
		want := func(as context.Context, who *model.User, startDate, zone string, whole int64) {
			t.Helper()
			before := reads.Load()
			h, err := a.Home(as)
			if err != nil {
				t.Fatal(err)
			}
			if n := reads.Load() - before; n != whole {
				t.Errorf("%s: the home page read the whole profile %d times, want %d", who.Email, n, whole)
			}
			p, err := a.LoadProfile(ctx, who.ID)
			if err != nil {
				t.Fatal(err)
			}
			if p.RecoveryStart != startDate || p.TimeZone != zone {
				t.Fatalf("%s: the profile says %q %q, want %q %q", who.Email, p.RecoveryStart, p.TimeZone, startDate, zone)
			}
			loc := time.UTC
			if zone != "" {
				loc, _ = time.LoadLocation(zone)
			}
			r := h.Recovery
			if r.TimeZone != loc.String() || r.HasStart != (startDate != "") || (h.OwnZone() == nil) != (zone == "") {
				t.Fatalf("%s: the home page's recovery in %q, has a start %v, own zone %v; the profile %q %q", who.Email, r.TimeZone, r.HasStart, h.OwnZone(), startDate, zone)
			}
			if startDate == "" {
				if r.Status.Start != "" || r.StreakDays != 0 {
					t.Fatalf("%s: no start, but the home page shows %+v", who.Email, r.Status)
				}
				return
			}
			d, err := recovery.ParseDate(startDate)
			if err != nil {
				t.Fatal(err)
			}
			today, err := recovery.ParseDate(r.Today)
			if err != nil {
				t.Fatal(err)
			}
			if w := recovery.Compute(d, nil, today); !reflect.DeepEqual(r.Status, w) {
				t.Fatalf("%s: the home page's recovery time %+v, from the profile %+v", who.Email, r.Status, w)
			}
		}
		set := func(as context.Context, startDate, zone string) {
			t.Helper()
			if _, err := a.UpdateMe(as, func(p *model.Profile) { p.RecoveryStart, p.TimeZone = startDate, zone }); err != nil {
				t.Fatal(err)
			}
		}
		sealOf := func(who *model.User) []byte {
			t.Helper()
			sp, err := st.FindProfile(ctx, who.ID)
			if err != nil {
				t.Fatal(err)
			}
			return sp.RecoverySealed
		}
		resave := func(who *model.User, seal []byte) {
			t.Helper()
			sp, err := st.FindProfile(ctx, who.ID)
			if err != nil {
				t.Fatal(err)
			}
			sp.RecoverySealed = seal
			if err := st.UpsertProfile(ctx, sp); err != nil {
				t.Fatal(err)
			}
		}

		want(asAna, ana, "", "", 0)
		set(asAna, "2026-03-14", "America/Chicago")
		want(asAna, ana, "2026-03-14", "America/Chicago", 0)
		if s := sealOf(ana); s == nil || bytes.Contains(s, []byte("2026-03-14")) {
			t.Fatalf("the recovery start is kept sealed on its own: %q", s)
		}
		set(asAna, "2025-11-30", "Asia/Kolkata")
		want(asAna, ana, "2025-11-30", "Asia/Kolkata", 0)
		set(asAna, "", "Asia/Kolkata")
		want(asAna, ana, "", "Asia/Kolkata", 0)
		set(asAna, "2026-06-01", "")
		want(asAna, ana, "2026-06-01", "", 0)

		// Bound to its person: Ana's seal on Bo's row does not open there;
		// Bo's home reads his whole profile and seals his own apart again.
		set(asBo, "2024-02-29", "Europe/London")
		resave(bo, sealOf(ana))
		want(asBo, bo, "2024-02-29", "Europe/London", 1)
		if s := sealOf(bo); s == nil || bytes.Equal(s, sealOf(ana)) {
			t.Fatal("Bo's recovery start was not sealed apart again after his home page read the whole profile")
		}
		want(asBo, bo, "2024-02-29", "Europe/London", 0)
		// A seal left from an earlier saving (an older Kinship saving the
		// profile during an upgrade keeps the column as it was) does not
		// open: the whole profile says what is true now.
		set(asBo, "2023-01-01", "Europe/Paris")
		stale := sealOf(bo)
		set(asBo, "2024-02-29", "Europe/London")
		resave(bo, stale)
		want(asBo, bo, "2024-02-29", "Europe/London", 1)
		want(asBo, bo, "2024-02-29", "Europe/London", 0)
		// A profile saved before the start was sealed apart is read whole,
		// as before, and sealed apart for the next time.
		resave(bo, nil)
		want(asBo, bo, "2024-02-29", "Europe/London", 1)
		if sealOf(bo) == nil {
			t.Fatal("an older row's recovery start is not sealed apart after the home page")
		}
		want(asBo, bo, "2024-02-29", "Europe/London", 0)
	})
}
