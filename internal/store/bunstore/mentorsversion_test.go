package bunstore_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/store"
	"github.com/kinshiprecovery/kinship/internal/store/bunstore"
	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// TestMentorsVersionMovesWithTheWrite: the mentors' version
// (store.MentorsVersion) moves with every write that changes what a
// node keeps of a mentor, in the write's own statement, and with no other
// write: an account's update of someone who mentors nobody, or of a
// mentor's language, moves nothing. When moving it fails, the write fails
// with it and nothing of it is kept (the version is made to fail by a
// trigger of the test's own); when the write's transaction rolls back, the
// version has not moved either.
func TestMentorsVersionMovesWithTheWrite(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		ctx := context.Background()
		st := testutil.OpenBunstore(t, db)
		at := time.Date(2026, 12, 7, 11, 0, 0, 0, time.UTC)
		mentor := &model.User{ID: "01MENTOR", Email: "mentor@example.org", PasswordHash: "x", Role: model.RoleMember, MFAEnabled: true, CreatedAt: at, Language: "en"}
		other := &model.User{ID: "01OTHER", Email: "other@example.org", PasswordHash: "x", Role: model.RoleMember, CreatedAt: at, Language: "en"}
		for _, u := range []*model.User{mentor, other} {
			if err := st.CreateUser(ctx, u); err != nil {
				t.Fatal(err)
			}
		}
		version := func() int64 {
			t.Helper()
			v, err := st.DirectoryVersion(ctx, store.MentorsVersion)
			if err != nil {
				t.Fatal(err)
			}
			return v
		}
		last := version()
		step := func(what string, moves bool, write func() error) {
			t.Helper()
			if err := write(); err != nil {
				t.Fatalf("%s: %v", what, err)
			}
			v := version()
			if moves && v <= last || !moves && v != last {
				t.Fatalf("%s: the mentors' version went from %d to %d, want it moved: %v", what, last, v, moves)
			}
			last = v
		}
		settings := func(id string, offers bool) func() error {
			return func() error {
				return st.SaveMentorshipProfile(ctx, &store.MentorshipProfile{UserID: id, Mentor: offers, Capacity: 2, UpdatedAt: at})
			}
		}
		update := func(u *model.User, change func(u *model.User)) func() error {
			return func() error { change(u); return st.UpdateUser(ctx, u) }
		}
		profile := func(id, zone string) func() error {
			return func() error {
				return st.UpsertProfile(ctx, &store.StoredProfile{UserID: id, DisplayName: id, TimeZone: zone, UpdatedAt: at})
			}
		}
		step("someone's settings, mentoring nobody", false, settings(other.ID, false))
		step("a mentor's settings", true, settings(mentor.ID, true))
		step("a mentor's settings, paused", true, func() error {
			return st.SaveMentorshipProfile(ctx, &store.MentorshipProfile{UserID: mentor.ID, Mentor: true, Capacity: 2, Paused: true, UpdatedAt: at})
		})
		step("the account of someone mentoring nobody, two-factor login", false, update(other, func(u *model.User) { u.MFAEnabled = true }))
		step("a mentor's language", false, update(mentor, func(u *model.User) { u.Language = "es" }))
		step("a mentor's two-factor login", true, update(mentor, func(u *model.User) { u.MFAEnabled = false }))
		step("a mentor's profile", true, profile(mentor.ID, "Europe/Madrid"))
		step("the profile of someone mentoring nobody", false, profile(other.ID, "Europe/Madrid"))
		step("a mentor's recovery log", true, func() error { return st.SaveRecoveryLog(ctx, mentor.ID, []byte("log"), at) })
		step("the recovery log of someone mentoring nobody", false, func() error { return st.SaveRecoveryLog(ctx, other.ID, []byte("log"), at) })
		m := &store.Mentorship{ID: "01SHIP", MentorID: mentor.ID, MenteeID: other.ID, Status: "requested", CreatedAt: at, UpdatedAt: at}
		step("a request of a mentor", true, func() error { return st.CreateMentorship(ctx, m) })
		step("a mentorship's sharing", false, func() error { m.Share = `{"checkins":true}`; return st.UpdateMentorship(ctx, m) })
		step("a mentorship accepted", true, func() error { m.Status = "active"; return st.UpdateMentorship(ctx, m) })
		step("someone starting to mentor", true, settings(other.ID, true))
		step("someone stopping", true, settings(other.ID, false))
		step("a mentor's recovery log deleted", true, func() error { return st.DeleteUserCheckins(ctx, mentor.ID) })

		// A rolled-back transaction moves nothing.
		fail := errors.New("rolled back")
		if err := st.InTx(ctx, func(tx store.Store) error {
			if err := tx.UpsertProfile(ctx, &store.StoredProfile{UserID: mentor.ID, DisplayName: "x", TimeZone: "Asia/Tokyo", UpdatedAt: at}); err != nil {
				return err
			}
			return fail
		}); !errors.Is(err, fail) {
			t.Fatal(err)
		}
		step("a mentor's profile in a transaction rolled back", false, func() error { return nil })

		// The version cannot move: the write fails with it, whole.
		breakVersion(t, st, db.Name)
		mentor.MFAEnabled = true
		if err := st.UpdateUser(ctx, mentor); err == nil {
			t.Fatal("a mentor's two-factor login was saved while the mentors' version could not move")
		}
		if u, err := st.FindUserByID(ctx, mentor.ID); err != nil || u.MFAEnabled {
			t.Fatalf("a mentor's two-factor login was kept without the version: %+v, %v", u, err)
		}
		if err := st.UpsertProfile(ctx, &store.StoredProfile{UserID: mentor.ID, DisplayName: "x", TimeZone: "Asia/Tokyo", UpdatedAt: at}); err == nil {
			t.Fatal("a mentor's profile was saved while the mentors' version could not move")
		}
		if p, err := st.FindProfile(ctx, mentor.ID); err != nil || p.TimeZone != "Europe/Madrid" {
			t.Fatalf("a mentor's profile was kept without the version: %+v, %v", p, err)
		}
		m.Status = "ended"
		if err := st.UpdateMentorship(ctx, m); err == nil {
			t.Fatal("a mentorship ended while the mentors' version could not move")
		}
		if got, err := st.FindMentorship(ctx, m.ID); err != nil || got.Status != "active" {
			t.Fatalf("a mentorship's end was kept without the version: %+v, %v", got, err)
		}
		// Writes that move nothing do not need it.
		step("someone's account, the version unable to move", false, update(other, func(u *model.User) { u.MFAEnabled = false }))
		unbreakVersion(t, st, db.Name)

		// An account deleted outright: its settings go by cascade.
		step("a mentor's account deleted", true, func() error { return st.ExecRaw(ctx, "DELETE FROM users WHERE id = ?", mentor.ID) })
	})
}

// breakVersion makes every change of directory_versions fail.
func breakVersion(t *testing.T, st *bunstore.Store, dialect string) {
	t.Helper()
	ctx := context.Background()
	stmts := []string{"CREATE TRIGGER test_no_version BEFORE UPDATE ON directory_versions BEGIN SELECT RAISE(ABORT, 'no version'); END"}
	if dialect == "postgres" {
		stmts = []string{
			"CREATE FUNCTION test_no_version() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'no version'; END $$",
			"CREATE TRIGGER test_no_version BEFORE UPDATE ON directory_versions FOR EACH ROW EXECUTE FUNCTION test_no_version()",
		}
	}
	for _, q := range stmts {
		if err := st.ExecRaw(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
}

func unbreakVersion(t *testing.T, st *bunstore.Store, dialect string) {
	t.Helper()
	q := "DROP TRIGGER test_no_version"
	if dialect == "postgres" {
		q += " ON directory_versions"
	}
	if err := st.ExecRaw(context.Background(), q); err != nil {
		t.Fatal(err)
	}
}
