package app_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/mail"
	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/secret"
	"github.com/kinshiprecovery/kinship/internal/store"
	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// TestCountrySealedApartReadsAsTheProfile: the country every page's
// crisis lines follow is read from its own seal (MyPlace no longer opens
// the whole profile for it), and says what the whole profile says after
// every change; it is sealed, bound to its person and to the saving it
// was made with, and a profile saved before it was kept apart is read
// whole, as before, then sealed apart.
func TestCountrySealedApartReadsAsTheProfile(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		ctx := context.Background()
		a, st := tickingApp(t, db)
		ana, asAna := newMember(t, a, "ana@example.org", "Ana")
		bo, asBo := newMember(t, a, "bo@example.org", "Bo")
		// want compares MyPlace with the whole profile, opened.
		want := func(as context.Context, who *model.User, zone, country string) {
			t.Helper()
			loc, code, setAt := a.MyPlace(as)
			p, err := a.LoadProfile(ctx, who.ID)
			if err != nil {
				t.Fatal(err)
			}
			gotZone := ""
			if loc != nil {
				gotZone = loc.String()
			}
			if gotZone != zone || code != country || code != app.CountryCode(p.Country) || p.TimeZone != zone || !setAt.Equal(p.CountrySetAt) {
				t.Fatalf("%s: MyPlace %q %q set %v, the profile %q %q set %v; want %q %q", who.Email, gotZone, code, setAt, p.TimeZone, p.Country, p.CountrySetAt, zone, country)
			}
			if country != "" && setAt.IsZero() {
				t.Fatalf("%s: MyPlace says the country %q was never set", who.Email, country)
			}
			// Every page's layout reads the place with its counts: the same.
			if l := a.Layout(as, true); l.Zone.String() != loc.String() || l.Country != code || !l.CountrySetAt.Equal(setAt) {
				t.Fatalf("%s: the layout's place %v %q %v, MyPlace's %v %q %v", who.Email, l.Zone, l.Country, l.CountrySetAt, loc, code, setAt)
			}
		}
		set := func(as context.Context, zone, country string) {
			t.Helper()
			if _, err := a.UpdateMe(as, func(p *model.Profile) { p.TimeZone, p.Country = zone, country }); err != nil {
				t.Fatal(err)
			}
		}
		want(asAna, ana, "", "")
		set(asAna, "America/Mexico_City", "Mexico")
		want(asAna, ana, "America/Mexico_City", "MX")
		pl, err := st.FindPlace(ctx, ana.ID)
		if err != nil || pl.CountrySealed == nil || bytes.Contains(pl.CountrySealed, []byte("Mexico")) || pl.TimeZone != "America/Mexico_City" {
			t.Fatalf("the country is kept sealed on its own: %+v %v", pl, err)
		}
		set(asAna, "America/Toronto", "ca")
		want(asAna, ana, "America/Toronto", "CA")
		set(asAna, "", "")
		want(asAna, ana, "", "")
		set(asAna, "Europe/Madrid", "ES")
		want(asAna, ana, "Europe/Madrid", "ES")

		// Bound to its person: Ana's sealed country on Bo's row does not
		// open there, and Bo's pages read his whole profile (and seal his
		// own apart again).
		set(asBo, "Europe/London", "GB")
		moved := func(from *model.User) {
			t.Helper()
			sp, err := st.FindProfile(ctx, bo.ID)
			if err != nil {
				t.Fatal(err)
			}
			other, err := st.FindProfile(ctx, from.ID)
			if err != nil {
				t.Fatal(err)
			}
			sp.CountrySealed = other.CountrySealed
			if err := st.UpsertProfile(ctx, sp); err != nil {
				t.Fatal(err)
			}
		}
		moved(ana)
		want(asBo, bo, "Europe/London", "GB")
		resealed := func() {
			t.Helper()
			sp, err := st.FindProfile(ctx, bo.ID)
			if err != nil {
				t.Fatal(err)
			}
			anas, err := st.FindProfile(ctx, ana.ID)
			if err != nil {
				t.Fatal(err)
			}
			if sp.CountrySealed == nil || bytes.Equal(sp.CountrySealed, anas.CountrySealed) {
				t.Fatal("Bo's country was not sealed apart again after his page read the whole profile")
			}
		}
		resealed()
		// A seal left from an earlier saving (a profile saved by an older
		// Kinship during an upgrade keeps the column as it was) does not
		// open: the whole profile says what is true now.
		set(asBo, "Europe/Paris", "FR")
		stale, err := st.FindProfile(ctx, bo.ID)
		if err != nil {
			t.Fatal(err)
		}
		set(asBo, "Europe/London", "GB")
		now, err := st.FindProfile(ctx, bo.ID)
		if err != nil {
			t.Fatal(err)
		}
		now.CountrySealed = stale.CountrySealed
		if err := st.UpsertProfile(ctx, now); err != nil {
			t.Fatal(err)
		}
		want(asBo, bo, "Europe/London", "GB")
		// A profile saved before the country was sealed apart is read
		// whole, as before, and sealed apart for the next page.
		now.CountrySealed = nil
		if err := st.UpsertProfile(ctx, now); err != nil {
			t.Fatal(err)
		}
		if pl, err := st.FindPlace(ctx, bo.ID); err != nil || pl.CountrySealed != nil {
			t.Fatalf("an older row has no sealed country: %+v %v", pl, err)
		}
		want(asBo, bo, "Europe/London", "GB")
		if pl, err := st.FindPlace(ctx, bo.ID); err != nil || pl.CountrySealed == nil {
			t.Fatalf("an older row's country is sealed apart after a page: %+v %v", pl, err)
		}
		want(asBo, bo, "Europe/London", "GB")
	})
}

// tickingApp is plainApp with a clock that moves a second on each
// reading, so each saving of a profile has its own time.
func tickingApp(t *testing.T, db testutil.DB) (*app.App, store.Store) {
	return tickingAppOver(t, db, nil)
}

// tickingAppOver is tickingApp over wrap's store wrapping db's (nil: db's
// own); the store it returns is db's.
func tickingAppOver(t *testing.T, db testutil.DB, wrap func(store.Store) store.Store) (*app.App, store.Store) {
	st := testutil.OpenStore(t, db)
	over := st
	if wrap != nil {
		over = wrap(st)
	}
	box, _, err := secret.LoadOrCreateKey(filepath.Join(t.TempDir(), "kinship.key"))
	if err != nil {
		t.Fatal(err)
	}
	var tick atomic.Int64
	start := time.Date(2026, 12, 5, 12, 0, 0, 0, time.UTC)
	now := func() time.Time { return start.Add(time.Duration(tick.Add(1)) * time.Second) }
	return app.New(over, box, mail.NewTerminal(io.Discard), slog.New(slog.NewTextHandler(io.Discard, nil)), app.Options{BaseURL: "http://127.0.0.1", Now: now}), st
}

// newMember makes a member with a profile of that name through a and
// returns them with a context signed in as them.
func newMember(t *testing.T, a *app.App, email, name string) (*model.User, context.Context) {
	t.Helper()
	u, err := a.AdminCreateUser(context.Background(), email, "steady harbor lantern", name, model.RoleMember)
	if err != nil {
		t.Fatal(err)
	}
	return u, app.WithActor(context.Background(), &app.Actor{User: u})
}
