// Package storetest is the conformance suite every store.Store must pass;
// it runs on SQLite and on a real PostgreSQL.
package storetest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/oklog/ulid/v2"

	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/store"
)

// Run runs the suite; open returns a fresh, empty store for each subtest.
func Run(t *testing.T, open func(t *testing.T) store.Store) {
	tests := []struct {
		name string
		fn   func(t *testing.T, st store.Store)
	}{
		{"Users", testUsers},
		{"RecoveryCodes", testRecoveryCodes},
		{"Sessions", testSessions},
		{"Tokens", testTokens},
		{"Profiles", testProfiles},
		{"AuditAppendOnly", testAudit},
		{"RateLimits", testRateLimits},
		{"TxRollback", testTxRollback},
		{"Checkins", testCheckins},
		{"Partners", testPartners},
		{"Notifications", testNotifications},
		{"DirectoryMeetings", testDirectoryMeetings},
		{"Connections", testConnections},
		{"PostsByKind", testPostsByKind},
		{"KeysetPages", testKeysetPages},
		{"QueueCounts", testQueueCounts},
		{"ConversationReports", testConversationReports},
		{"Groups", testGroups},
		{"LeadsGroupRemoving", testLeadsGroupRemoving},
		{"GroupSearch", testGroupSearch},
		{"GroupSearchPages", testGroupSearchPages},
		{"GroupMembersBy", testGroupMembersBy},
		{"ChatSequence", testChatSequence},
		{"InboxThreads", testInboxThreads},
		{"Standing", testStanding},
		{"ChatConcurrentSends", testChatConcurrent},
		{"GroupMeetings", testGroupMeetings},
		{"ConsentDays", testConsentDays},
		{"SafetyPlans", testSafetyPlans},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { tc.fn(t, open(t)) })
	}
}

// Executor is implemented by stores that can run raw SQL, so the suite can
// prove the database itself enforces rules such as the append-only audit log.
type Executor interface {
	ExecRaw(ctx context.Context, query string, args ...any) error
}

var ctx = context.Background()

// ts is a time with microsecond precision, which both databases keep exactly.
func ts(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	return t.UTC()
}

func newUser(t *testing.T, st store.Store, email string) *model.User {
	t.Helper()
	u := &model.User{ID: ulid.Make().String(), Email: email, PasswordHash: "$argon2id$x", Role: model.RoleMember, CreatedAt: ts("2026-01-02T03:04:05.123456Z")}
	if err := st.CreateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	return u
}

func testUsers(t *testing.T, st store.Store) {
	u := newUser(t, st, "a@example.org")
	got, err := st.FindUserByID(ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Email != u.Email || !got.CreatedAt.Equal(u.CreatedAt) || got.Role != model.RoleMember || got.EmailVerifiedAt != nil || got.MFAEnabled || got.MFASecretEnc != nil {
		t.Fatalf("round trip: %+v vs %+v", got, u)
	}
	if err := st.CreateUser(ctx, &model.User{ID: ulid.Make().String(), Email: "a@example.org", Role: model.RoleMember, CreatedAt: time.Now()}); !errors.Is(err, store.ErrConflict) {
		t.Fatalf("duplicate email: %v, want ErrConflict", err)
	}
	if _, err := st.FindUserByID(ctx, "nope"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("missing id: %v", err)
	}
	if _, err := st.FindUserByEmail(ctx, "b@example.org"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("missing email: %v", err)
	}
	verified := ts("2026-02-03T04:05:06.654321Z")
	got.EmailVerifiedAt = &verified
	got.MFASecretEnc = []byte{0, 1, 2, 255}
	got.MFAEnabled = true
	got.Role = model.RoleMentor
	if err := st.UpdateUser(ctx, got); err != nil {
		t.Fatal(err)
	}
	again, err := st.FindUserByEmail(ctx, "a@example.org")
	if err != nil {
		t.Fatal(err)
	}
	if !again.EmailVerifiedAt.Equal(verified) || string(again.MFASecretEnc) != string([]byte{0, 1, 2, 255}) || !again.MFAEnabled || again.Role != model.RoleMentor {
		t.Fatalf("update: %+v", again)
	}
	if n, _ := st.CountUsersByRole(ctx, model.RoleMentor); n != 1 {
		t.Fatalf("mentors: %d", n)
	}
	// Erased accounts free their email and are not counted; several may exist.
	for _, email := range []string{"a@example.org", "c@example.org"} {
		x := again
		if email != "a@example.org" {
			x = newUser(t, st, email)
		}
		now := time.Now()
		x.Email, x.DeletedAt = "", &now
		if err := st.UpdateUser(ctx, x); err != nil {
			t.Fatalf("erase %s: %v", email, err)
		}
	}
	if n, err := st.CountUsers(ctx); err != nil || n != 0 {
		t.Fatalf("count after erasure: %d %v", n, err)
	}
	newUser(t, st, "a@example.org")
	if err := st.UpdateUser(ctx, &model.User{ID: "ghost", Role: model.RoleMember}); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("update missing: %v", err)
	}
}

func testRecoveryCodes(t *testing.T, st store.Store) {
	u := newUser(t, st, "r@example.org")
	if err := st.ReplaceRecoveryCodes(ctx, u.ID, []string{"h1", "h2", "h3"}); err != nil {
		t.Fatal(err)
	}
	if err := st.UseRecoveryCode(ctx, u.ID, "h2"); err != nil {
		t.Fatal(err)
	}
	if err := st.UseRecoveryCode(ctx, u.ID, "h2"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("second use: %v", err)
	}
	if n, _ := st.CountRecoveryCodes(ctx, u.ID); n != 2 {
		t.Fatalf("left: %d", n)
	}
	if err := st.ReplaceRecoveryCodes(ctx, u.ID, nil); err != nil {
		t.Fatal(err)
	}
	if n, _ := st.CountRecoveryCodes(ctx, u.ID); n != 0 {
		t.Fatalf("after clearing: %d", n)
	}
}

func testSessions(t *testing.T, st store.Store) {
	u := newUser(t, st, "s@example.org")
	other := newUser(t, st, "o@example.org")
	base := ts("2026-03-01T10:00:00.000001Z")
	mk := func(id, hash string, created time.Time, owner string) *model.Session {
		s := &model.Session{ID: id, UserID: owner, TokenHash: hash, CreatedAt: created, LastSeenAt: created, ExpiresAt: created.Add(30 * 24 * time.Hour), AuthAt: created, UserAgent: "Firefox on Linux"}
		if err := st.CreateSession(ctx, s); err != nil {
			t.Fatal(err)
		}
		return s
	}
	s1 := mk("s1", "h1", base, u.ID)
	mk("s2", "h2", base.Add(time.Minute), u.ID)
	mk("s3", "h3", base, other.ID)
	if err := st.CreateSession(ctx, &model.Session{ID: "s4", UserID: u.ID, TokenHash: "h1", CreatedAt: base, LastSeenAt: base, ExpiresAt: base, AuthAt: base}); !errors.Is(err, store.ErrConflict) {
		t.Fatalf("duplicate token hash: %v", err)
	}
	got, err := st.FindSessionByTokenHash(ctx, "h1")
	if err != nil || got.ID != "s1" || !got.CreatedAt.Equal(base) || got.UserAgent != "Firefox on Linux" {
		t.Fatalf("find: %+v %v", got, err)
	}
	list, _ := st.ListSessions(ctx, u.ID)
	if len(list) != 2 || list[0].ID != "s2" {
		t.Fatalf("list newest first: %v", list)
	}
	s1.LastSeenAt = base.Add(time.Hour)
	s1.MFAPending = true
	if err := st.UpdateSession(ctx, s1); err != nil {
		t.Fatal(err)
	}
	got, _ = st.FindSessionByTokenHash(ctx, "h1")
	if !got.LastSeenAt.Equal(base.Add(time.Hour)) || !got.MFAPending {
		t.Fatalf("update: %+v", got)
	}
	if err := st.DeleteSession(ctx, u.ID, "s3"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("deleting another person's session: %v", err)
	}
	if err := st.DeleteUserSessions(ctx, u.ID, "s2"); err != nil {
		t.Fatal(err)
	}
	if list, _ := st.ListSessions(ctx, u.ID); len(list) != 1 || list[0].ID != "s2" {
		t.Fatalf("kept: %v", list)
	}
	if list, _ := st.ListSessions(ctx, other.ID); len(list) != 1 {
		t.Fatalf("other user's sessions touched: %v", list)
	}
	n, err := st.DeleteExpiredSessions(ctx, base.Add(31*24*time.Hour), base.Add(-time.Hour))
	if err != nil || n != 2 {
		t.Fatalf("expired: %d %v", n, err)
	}
}

func testTokens(t *testing.T, st store.Store) {
	u := newUser(t, st, "t@example.org")
	now := ts("2026-04-01T00:00:00Z")
	for _, tok := range []model.OneTimeToken{
		{TokenHash: "ok", UserID: u.ID, Kind: model.TokenPasswordReset, ExpiresAt: now.Add(time.Hour)},
		{TokenHash: "old", UserID: u.ID, Kind: model.TokenPasswordReset, ExpiresAt: now.Add(-time.Second)},
		{TokenHash: "verify", UserID: u.ID, Kind: model.TokenVerifyEmail, ExpiresAt: now.Add(time.Hour)},
	} {
		if err := st.CreateToken(ctx, &tok); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := st.ConsumeToken(ctx, "old", model.TokenPasswordReset, now); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("expired token: %v", err)
	}
	if _, err := st.ConsumeToken(ctx, "verify", model.TokenPasswordReset, now); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("wrong kind: %v", err)
	}
	// Many consumers race for one token: exactly one wins.
	var wins int
	var mu sync.Mutex
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			tok, err := st.ConsumeToken(ctx, "ok", model.TokenPasswordReset, now)
			if err == nil {
				mu.Lock()
				wins++
				mu.Unlock()
				if tok.UserID != u.ID || tok.UsedAt == nil {
					t.Errorf("consumed token %+v", tok)
				}
			} else if !errors.Is(err, store.ErrNotFound) {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if wins != 1 {
		t.Fatalf("%d consumers won, want 1", wins)
	}
	if err := st.DeleteUserTokens(ctx, u.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := st.ConsumeToken(ctx, "verify", model.TokenVerifyEmail, now); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("deleted token: %v", err)
	}
}

func testProfiles(t *testing.T, st store.Store) {
	u := newUser(t, st, "p@example.org")
	p := &store.StoredProfile{UserID: u.ID, DisplayName: "Pat", TimeZone: "America/Chicago", Sealed: []byte{1, 2, 3, 0, 4},
		Visibility: map[string]model.Visibility{"bio": model.VisMembers}, UpdatedAt: ts("2026-05-05T05:05:05.5Z")}
	if err := st.UpsertProfile(ctx, p); err != nil {
		t.Fatal(err)
	}
	p.DisplayName = "Pat R."
	p.Sealed = []byte{9}
	if err := st.UpsertProfile(ctx, p); err != nil {
		t.Fatal(err)
	}
	got, err := st.FindProfile(ctx, u.ID)
	if err != nil || got.DisplayName != "Pat R." || string(got.Sealed) != "\x09" || got.CountrySealed != nil || got.Visibility["bio"] != model.VisMembers || !got.UpdatedAt.Equal(p.UpdatedAt) {
		t.Fatalf("profile: %+v %v", got, err)
	}
	// The country sealed apart, and the zone, read alone; nil until given.
	if pl, err := st.FindPlace(ctx, u.ID); err != nil || pl.TimeZone != "America/Chicago" || pl.CountrySealed != nil {
		t.Fatalf("place before a sealed country: %+v %v", pl, err)
	}
	sameLayout(t, st, u.ID)
	p.CountrySealed = []byte{5, 0, 6}
	if err := st.UpsertProfile(ctx, p); err != nil {
		t.Fatal(err)
	}
	if pl, err := st.FindPlace(ctx, u.ID); err != nil || pl.TimeZone != "America/Chicago" || string(pl.CountrySealed) != "\x05\x00\x06" {
		t.Fatalf("place: %+v %v", pl, err)
	}
	sameLayout(t, st, u.ID)
	if got, err := st.FindProfile(ctx, u.ID); err != nil || string(got.CountrySealed) != "\x05\x00\x06" {
		t.Fatalf("profile with its sealed country: %+v %v", got, err)
	}
	// Sealed apart again only if the profile was not saved since.
	if err := st.SealCountryApart(ctx, u.ID, []byte{8}, p.UpdatedAt.Add(-time.Second)); err != nil {
		t.Fatal(err)
	}
	if pl, err := st.FindPlace(ctx, u.ID); err != nil || string(pl.CountrySealed) != "\x05\x00\x06" || !pl.UpdatedAt.Equal(p.UpdatedAt) {
		t.Fatalf("a seal for an earlier saving changed the profile: %+v %v", pl, err)
	}
	if err := st.SealCountryApart(ctx, u.ID, []byte{8}, p.UpdatedAt); err != nil {
		t.Fatal(err)
	}
	if pl, err := st.FindPlace(ctx, u.ID); err != nil || string(pl.CountrySealed) != "\x08" {
		t.Fatalf("sealed apart: %+v %v", pl, err)
	}
	// The recovery start sealed apart, read alone with the zone: nil
	// until given, sealed apart again only if the profile was not saved
	// since, and replaced (or dropped) with every saving.
	recovery := func(want string) {
		t.Helper()
		pl, err := st.FindRecoveryPlace(ctx, u.ID)
		if err != nil || pl.TimeZone != "America/Chicago" || string(pl.RecoverySealed) != want || (want == "") != (pl.RecoverySealed == nil) || pl.CountrySealed != nil || !pl.UpdatedAt.Equal(p.UpdatedAt) {
			t.Fatalf("recovery place: %+v %v, want the seal %q", pl, err, want)
		}
	}
	recovery("")
	if err := st.SealRecoveryApart(ctx, u.ID, []byte{7}, p.UpdatedAt.Add(-time.Second)); err != nil {
		t.Fatal(err)
	}
	recovery("")
	if err := st.SealRecoveryApart(ctx, u.ID, []byte{7}, p.UpdatedAt); err != nil {
		t.Fatal(err)
	}
	recovery("\x07")
	p.RecoverySealed = []byte{3, 1}
	if err := st.UpsertProfile(ctx, p); err != nil {
		t.Fatal(err)
	}
	recovery("\x03\x01")
	if got, err := st.FindProfile(ctx, u.ID); err != nil || string(got.RecoverySealed) != "\x03\x01" {
		t.Fatalf("profile with its sealed recovery start: %+v %v", got, err)
	}
	p.RecoverySealed = nil
	if err := st.UpsertProfile(ctx, p); err != nil {
		t.Fatal(err)
	}
	recovery("")
	if _, err := st.FindRecoveryPlace(ctx, "nobody"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("no profile, no recovery place: %v", err)
	}
	p.CountrySealed = []byte{8}
	if err := st.UpsertProfile(ctx, p); err != nil {
		t.Fatal(err)
	}
	if _, err := st.FindPlace(ctx, "nobody"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("no profile, no place: %v", err)
	}
	// Paging lists active accounts only, in ID order, after the given ID.
	v := newUser(t, st, "v@example.org")
	w := newUser(t, st, "w@example.org")
	gone := newUser(t, st, "gone@example.org")
	for _, x := range []*model.User{v, w, gone} {
		if err := st.UpsertProfile(ctx, &store.StoredProfile{UserID: x.ID, DisplayName: x.Email, Sealed: []byte{7}, Visibility: map[string]model.Visibility{}, UpdatedAt: time.Now()}); err != nil {
			t.Fatal(err)
		}
	}
	now := time.Now()
	until := now.Add(time.Hour)
	if err := st.SetRestriction(ctx, &store.Restriction{UserID: w.ID, Kind: "suspended", Until: &until, ActionID: "a1", CreatedAt: now}); err != nil {
		t.Fatal(err)
	}
	gone.DeletedAt = &now
	if err := st.UpdateUser(ctx, gone); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for after := ""; ; {
		page, err := st.ListProfiles(ctx, after, 1, now)
		if err != nil {
			t.Fatal(err)
		}
		if len(page) == 0 {
			break
		}
		ids = append(ids, page[0].UserID)
		after = page[0].UserID
	}
	want := []string{u.ID, v.ID}
	slices.Sort(want)
	if !slices.Equal(ids, want) {
		t.Fatalf("listed profiles %v, want %v (the suspended and the erased left out)", ids, want)
	}
	if page, err := st.ListProfiles(ctx, "", 10, now.Add(2*time.Hour)); err != nil || len(page) != 3 {
		t.Fatalf("after the suspension ends: %d profiles, %v; want 3", len(page), err)
	}
	if err := st.UpsertProfile(ctx, &store.StoredProfile{UserID: "ghost", DisplayName: "x", UpdatedAt: time.Now()}); err == nil {
		t.Fatal("profile without an account was stored")
	}
	if err := st.DeleteProfile(ctx, u.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := st.FindProfile(ctx, u.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("deleted profile: %v", err)
	}
	if err := st.DeleteProfile(ctx, u.ID); err != nil {
		t.Fatalf("deleting twice: %v", err)
	}
}

func testAudit(t *testing.T, st store.Store) {
	at := ts("2026-06-01T00:00:00Z")
	for i, e := range []model.AuditEntry{
		{ActorID: "a", SubjectID: "b", Action: "profile_read", Fields: []string{"pathways", "substances"}},
		{ActorID: "b", SubjectID: "c", Action: "profile_read", Fields: []string{"pathways"}},
		{ActorID: "c", SubjectID: "d", Action: "profile_read"},
	} {
		e.ID = fmt.Sprintf("e%d", i)
		e.At = at.Add(time.Duration(i) * time.Minute)
		if err := st.AppendAudit(ctx, &e); err != nil {
			t.Fatal(err)
		}
	}
	list, err := st.ListAudit(ctx, "b", store.Keyset{}, 10)
	if err != nil || len(list) != 2 || list[0].ID != "e1" || len(list[1].Fields) != 2 {
		t.Fatalf("list: %+v %v", list, err)
	}
	if list, _ := st.ListAudit(ctx, "b", store.Keyset{}, 1); len(list) != 1 {
		t.Fatalf("limit: %d", len(list))
	}
	ex, ok := st.(Executor)
	if !ok {
		t.Fatal("store does not implement storetest.Executor")
	}
	if err := ex.ExecRaw(ctx, "UPDATE audit_log SET action = 'changed'"); err == nil {
		t.Fatal("the database allowed an audit entry to change")
	}
	if err := ex.ExecRaw(ctx, "DELETE FROM audit_log"); err == nil {
		t.Fatal("the database allowed an audit entry to be deleted")
	}
	if list, _ := st.ListAudit(ctx, "b", store.Keyset{}, 10); len(list) != 2 || list[0].Action != "profile_read" {
		t.Fatalf("audit changed: %+v", list)
	}
}

func testRateLimits(t *testing.T, st store.Store) {
	w1 := ts("2026-07-01T00:00:00Z")
	var wg sync.WaitGroup
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := st.Hit(ctx, "login:x", w1); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if n, err := st.Hit(ctx, "login:x", w1); err != nil || n != 21 {
		t.Fatalf("count %d %v, want 21", n, err)
	}
	// A new window starts again at one.
	if n, _ := st.Hit(ctx, "login:x", w1.Add(15*time.Minute)); n != 1 {
		t.Fatalf("new window: %d", n)
	}
	if n, _ := st.Hit(ctx, "login:y", w1); n != 1 {
		t.Fatalf("other key: %d", n)
	}
	if err := st.PruneRateLimits(ctx, w1.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	if n, _ := st.Hit(ctx, "login:y", w1); n != 1 {
		t.Fatalf("after prune: %d", n)
	}
}

func testTxRollback(t *testing.T, st store.Store) {
	boom := errors.New("boom")
	err := st.InTx(ctx, func(tx store.Store) error {
		newUser(t, tx, "tx@example.org")
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("InTx returned %v", err)
	}
	if _, err := st.FindUserByEmail(ctx, "tx@example.org"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("rolled-back user exists: %v", err)
	}
	err = st.InTx(ctx, func(tx store.Store) error {
		newUser(t, tx, "tx@example.org")
		return tx.InTx(ctx, func(inner store.Store) error {
			_, err := inner.FindUserByEmail(ctx, "tx@example.org")
			return err
		})
	})
	if err != nil {
		t.Fatalf("nested transaction: %v", err)
	}
	if _, err := st.FindUserByEmail(ctx, "tx@example.org"); err != nil {
		t.Fatalf("committed user missing: %v", err)
	}
}

func testCheckins(t *testing.T, st store.Store) {
	u := newUser(t, st, "c@example.org")
	other := newUser(t, st, "d@example.org")
	at := ts("2026-08-01T20:00:00Z")
	save := func(user, date string, sealed byte) bool {
		t.Helper()
		created, err := st.UpsertCheckin(ctx, &store.StoredCheckin{UserID: user, LocalDate: date, Sealed: []byte{sealed}, CreatedAt: at, UpdatedAt: at})
		if err != nil {
			t.Fatal(err)
		}
		return created
	}
	if !save(u.ID, "2026-08-01", 1) || save(u.ID, "2026-08-01", 2) {
		t.Fatal("second check-in of a day must update, not create")
	}
	save(u.ID, "2026-07-30", 3)
	save(u.ID, "2026-06-01", 4)
	save(other.ID, "2026-08-01", 9)
	list, err := st.ListCheckins(ctx, u.ID, "2026-07-01")
	if err != nil || len(list) != 2 || list[0].LocalDate != "2026-08-01" || list[0].Sealed[0] != 2 || list[1].LocalDate != "2026-07-30" {
		t.Fatalf("list: %+v %v", list, err)
	}
	if _, err := st.FindRecoveryLog(ctx, u.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("no log yet: %v", err)
	}
	for _, b := range []byte{5, 6} {
		if err := st.SaveRecoveryLog(ctx, u.ID, []byte{b}, at); err != nil {
			t.Fatal(err)
		}
	}
	if log, err := st.FindRecoveryLog(ctx, u.ID); err != nil || log[0] != 6 {
		t.Fatalf("log: %v %v", log, err)
	}
	for _, b := range []byte{7, 8} {
		if _, err := st.SaveCapitalSurvey(ctx, u.ID, "2026-08", []byte{b}, at); err != nil {
			t.Fatal(err)
		}
	}
	if created, _ := st.SaveCapitalSurvey(ctx, u.ID, "2026-07", []byte{1}, at); !created {
		t.Fatal("a new month must create")
	}
	if months, sealed, err := st.ListCapitalSurveys(ctx, u.ID); err != nil || len(months) != 2 || months[0] != "2026-07" || sealed[1][0] != 8 {
		t.Fatalf("surveys: %v %v %v", months, sealed, err)
	}
	if err := st.SetReminder(ctx, u.ID, "20:00"); err != nil {
		t.Fatal(err)
	}
	if err := st.SetReminder(ctx, u.ID, "20:30"); err != nil {
		t.Fatal(err)
	}
	if err := st.MarkReminderSent(ctx, u.ID, "2026-08-01"); err != nil {
		t.Fatal(err)
	}
	if tm, last, err := st.FindReminder(ctx, u.ID); err != nil || tm != "20:30" || last != "2026-08-01" {
		t.Fatalf("reminder: %q %q %v", tm, last, err)
	}
	if rs, _ := st.ListReminders(ctx); len(rs) != 1 || rs[0].UserID != u.ID {
		t.Fatalf("reminders: %+v", rs)
	}
	if err := st.DeleteUserCheckins(ctx, u.ID); err != nil {
		t.Fatal(err)
	}
	if _, _, err := st.FindReminder(ctx, u.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("reminder left after deletion: %v", err)
	}
	if months, _, _ := st.ListCapitalSurveys(ctx, u.ID); len(months) != 0 {
		t.Fatal("surveys left after deletion")
	}
	if list, _ := st.ListCheckins(ctx, u.ID, "2000-01-01"); len(list) != 0 {
		t.Fatal("check-ins left after deletion")
	}
	if _, err := st.FindRecoveryLog(ctx, u.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatal("recovery log left after deletion")
	}
	if list, _ := st.ListCheckins(ctx, other.ID, "2000-01-01"); len(list) != 1 {
		t.Fatal("another member's check-ins were touched")
	}
}

func testPartners(t *testing.T, st store.Store) {
	a := newUser(t, st, "pa@example.org")
	b := newUser(t, st, "pb@example.org")
	c := newUser(t, st, "pc@example.org")
	at := ts("2026-09-01T00:00:00Z")
	p := &model.Partnership{ID: "p1", RequesterID: a.ID, PartnerID: b.ID, Status: model.PartnerPending, Requester: model.SuggestedPartnerSide(), Partner: model.SuggestedPartnerSide(), CreatedAt: at, UpdatedAt: at}
	if err := st.CreatePartnership(ctx, p); err != nil {
		t.Fatal(err)
	}
	if err := st.CreatePartnership(ctx, &model.Partnership{ID: "p2", RequesterID: c.ID, PartnerID: a.ID, Status: model.PartnerActive, CreatedAt: at.Add(time.Hour), UpdatedAt: at}); err != nil {
		t.Fatal(err)
	}
	p.Status = model.PartnerActive
	p.Partner.Share.Note = true
	p.Partner.MissedAlertFor = "2026-08-30"
	if err := st.UpdatePartnership(ctx, p); err != nil {
		t.Fatal(err)
	}
	got, err := st.FindPartnership(ctx, "p1")
	if err != nil || got.Status != model.PartnerActive || !got.Partner.Share.Note || got.Partner.MissedAlertFor != "2026-08-30" || got.Requester.Rules.CravingAtLeast != 8 {
		t.Fatalf("round trip: %+v %v", got, err)
	}
	if list, _ := st.ListPartnerships(ctx, a.ID); len(list) != 2 || list[0].ID != "p2" {
		t.Fatalf("a's partnerships: %+v", list)
	}
	if list, _ := st.ListActivePartnerships(ctx); len(list) != 2 {
		t.Fatalf("active: %d", len(list))
	}
	if _, err := st.FindPartnership(ctx, "nope"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("missing: %v", err)
	}
	if err := st.DeleteUserPartnerships(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	if list, _ := st.ListPartnerships(ctx, b.ID); len(list) != 0 {
		t.Fatal("partnership left after deletion")
	}
}

func testNotifications(t *testing.T, st store.Store) {
	u := newUser(t, st, "n@example.org")
	other := newUser(t, st, "o2@example.org")
	at := ts("2026-10-01T00:00:00Z")
	for i, id := range []string{"n1", "n2", "n3"} {
		if err := st.CreateNotification(ctx, &store.StoredNotification{ID: id, UserID: u.ID, Kind: "partner", Sealed: []byte{byte(i)}, CreatedAt: at.Add(time.Duration(i) * time.Minute)}); err != nil {
			t.Fatal(err)
		}
	}
	if list, _ := st.ListNotifications(ctx, u.ID, store.Keyset{}, 2); len(list) != 2 || list[0].ID != "n3" {
		t.Fatalf("list: %+v", list)
	}
	if err := st.MarkNotificationRead(ctx, u.ID, "n1", at); err != nil {
		t.Fatal(err)
	}
	if err := st.MarkNotificationRead(ctx, other.ID, "n2", at); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("marking another member's notification: %v", err)
	}
	if n, _ := st.CountUnread(ctx, u.ID); n != 2 {
		t.Fatalf("unread %d", n)
	}
	sameLayout(t, st, u.ID)
	// other got two notices about u and one about nobody; a third person
	// one about someone else.
	third := newUser(t, st, "n3@example.org")
	for _, n := range []*store.StoredNotification{
		{ID: "about1", UserID: other.ID, Kind: "support_alert", SubjectID: u.ID},
		{ID: "about2", UserID: other.ID, Kind: "facilitator_heads_up", SubjectID: u.ID},
		{ID: "plain", UserID: other.ID, Kind: "meeting_reminder"},
		{ID: "else", UserID: third.ID, Kind: "support_alert", SubjectID: other.ID},
	} {
		n.Sealed, n.CreatedAt = []byte{1}, at
		if err := st.CreateNotification(ctx, n); err != nil {
			t.Fatal(err)
		}
	}
	if n, err := st.FindNotification(ctx, "about1"); err != nil || n.SubjectID != u.ID {
		t.Fatalf("subject not kept: %+v %v", n, err)
	}
	// Those with no subject come by id, two at a time; one given its
	// subject comes no more, and one that has a subject keeps it.
	subjectless := func() []string {
		t.Helper()
		var ids []string
		for after := ""; ; {
			page, err := st.ListSubjectlessNotifications(ctx, after, 2)
			if err != nil {
				t.Fatal(err)
			}
			for _, n := range page {
				if n.SubjectID != "" || len(n.Sealed) == 0 {
					t.Fatalf("listed with no subject: %+v", n)
				}
				ids = append(ids, n.ID)
			}
			if len(page) < 2 {
				return ids
			}
			after = page[len(page)-1].ID
		}
	}
	if got := subjectless(); !slices.Equal(got, []string{"n1", "n2", "n3", "plain"}) {
		t.Fatalf("notifications with no subject: %v, want [n1 n2 n3 plain]", got)
	}
	for id, subject := range map[string]string{"n2": third.ID, "about1": third.ID} {
		if err := st.SetNotificationSubject(ctx, id, subject); err != nil {
			t.Fatal(err)
		}
	}
	if got := subjectless(); !slices.Equal(got, []string{"n1", "n3", "plain"}) {
		t.Fatalf("notifications with no subject after n2 was given one: %v", got)
	}
	if n, err := st.FindNotification(ctx, "about1"); err != nil || n.SubjectID != u.ID {
		t.Fatalf("a subject set again changed: %+v %v", n, err)
	}
	if err := st.DeleteUserNotifications(ctx, u.ID); err != nil {
		t.Fatal(err)
	}
	if n, _ := st.CountUnread(ctx, u.ID); n != 0 {
		t.Fatal("notifications left")
	}
	var left []string
	for _, who := range []string{other.ID, third.ID} {
		list, err := st.ListNotifications(ctx, who, store.Keyset{}, 10)
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range list {
			left = append(left, n.ID)
		}
	}
	if !slices.Equal(left, []string{"plain", "else"}) {
		t.Fatalf("after u's deletion others keep %v, want [plain else]", left)
	}
}

func testDirectoryMeetings(t *testing.T, st store.Store) {
	at := ts("2026-11-01T00:00:00Z")
	mk := func(slug string, day int, name string) store.DirectoryMeeting {
		return store.DirectoryMeeting{Slug: slug, Name: name, Day: day, Time: "19:00", EndTime: "20:00", TimeZone: "UTC", Attendance: "online", Types: []string{"O"}}
	}
	c, err := st.ImportMeetings(ctx, "oc", []store.DirectoryMeeting{mk("a", 1, "A"), mk("b", 2, "B"), mk("c", 2, "C")}, at)
	if err != nil || c != (store.ImportCounts{Imported: 3}) {
		t.Fatalf("first import: %+v %v", c, err)
	}
	if _, err := st.ImportMeetings(ctx, "other", []store.DirectoryMeeting{mk("a", 2, "Other A")}, at); err != nil {
		t.Fatal(err)
	}
	c, err = st.ImportMeetings(ctx, "oc", []store.DirectoryMeeting{mk("a", 1, "A"), mk("b", 2, "B renamed"), mk("d", 2, "D")}, at)
	if err != nil || c != (store.ImportCounts{Imported: 1, Updated: 1, Unchanged: 1, Retired: 1}) {
		t.Fatalf("re-import: %+v %v", c, err)
	}
	ms, err := st.ListMeetings(ctx, 2, "", 100)
	if err != nil || len(ms) != 3 {
		t.Fatalf("Tuesday meetings: %+v %v", ms, err)
	}
	for _, m := range ms {
		if m.Slug == "c" {
			t.Fatal("a retired meeting is listed")
		}
		if m.Slug == "b" && m.Name != "B renamed" {
			t.Fatalf("update not applied: %+v", m)
		}
	}
	// A meeting that comes back is active again.
	c, _ = st.ImportMeetings(ctx, "oc", []store.DirectoryMeeting{mk("a", 1, "A"), mk("b", 2, "B renamed"), mk("c", 2, "C"), mk("d", 2, "D")}, at)
	if c.Updated != 1 || c.Unchanged != 3 {
		t.Fatalf("return of a retired meeting: %+v", c)
	}
	if ms, _ := st.ListMeetings(ctx, -2, "online", 100); len(ms) != 5 {
		t.Fatalf("all online: %d", len(ms))
	}
}

func testConnections(t *testing.T, st store.Store) {
	a := newUser(t, st, "ca@example.org")
	b := newUser(t, st, "cb@example.org")
	at := ts("2026-11-02T00:00:00Z")
	if err := st.CreateConnection(ctx, &store.Connection{ID: "c1", RequesterID: a.ID, OtherID: b.ID, CreatedAt: at}); err != nil {
		t.Fatal(err)
	}
	if err := st.CreateConnection(ctx, &store.Connection{ID: "c2", RequesterID: b.ID, OtherID: a.ID, CreatedAt: at}); !errors.Is(err, store.ErrConflict) {
		t.Fatalf("a second connection for the same pair: %v", err)
	}
	if err := st.AcceptConnection(ctx, "c1"); err != nil {
		t.Fatal(err)
	}
	if c, err := st.FindConnectionBetween(ctx, b.ID, a.ID); err != nil || !c.Accepted || c.ID != "c1" {
		t.Fatalf("between: %+v %v", c, err)
	}
	if list, _ := st.ListConnections(ctx, b.ID); len(list) != 1 {
		t.Fatalf("list: %d", len(list))
	}
	for i := 0; i < 2; i++ {
		if err := st.Block(ctx, a.ID, b.ID, at); err != nil {
			t.Fatal(err)
		}
	}
	if blocked, _ := st.Blocked(ctx, b.ID, a.ID); !blocked {
		t.Fatal("a block counts both ways")
	}
	if ids, _ := st.ListBlocks(ctx, a.ID); len(ids) != 1 || ids[0] != b.ID {
		t.Fatalf("blocks: %v", ids)
	}
	if err := st.Unblock(ctx, a.ID, b.ID); err != nil {
		t.Fatal(err)
	}
	if blocked, _ := st.Blocked(ctx, a.ID, b.ID); blocked {
		t.Fatal("unblock")
	}
	if err := st.DeleteUserConnections(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := st.FindConnection(ctx, "c1"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("after deletion: %v", err)
	}
}

// testStanding: FindStanding reads what FindUserByID, FindRestriction and
// ListBlockedEitherWay read, in one statement, in every state.
func testStanding(t *testing.T, st store.Store) {
	a := newUser(t, st, "sa@example.org")
	b := newUser(t, st, "sb@example.org")
	c := newUser(t, st, "sc@example.org")
	at := ts("2026-11-02T00:00:00Z")
	same := func(when string) {
		t.Helper()
		got, err := st.FindStanding(ctx, a.ID)
		if err != nil {
			t.Fatalf("%s: %v", when, err)
		}
		u, err := st.FindUserByID(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Role != string(u.Role) {
			t.Fatalf("%s: role %q, the account's %q", when, got.Role, u.Role)
		}
		r, err := st.FindRestriction(ctx, a.ID)
		switch {
		case errors.Is(err, store.ErrNotFound):
			if got.Restriction != nil {
				t.Fatalf("%s: restriction %+v on a free account", when, got.Restriction)
			}
		case err != nil:
			t.Fatal(err)
		default:
			g := got.Restriction
			if g == nil || g.UserID != a.ID || g.Kind != r.Kind || (g.Until == nil) != (r.Until == nil) || (g.Until != nil && !g.Until.Equal(*r.Until)) {
				t.Fatalf("%s: restriction %+v, FindRestriction's %+v", when, g, r)
			}
		}
		want, err := st.ListBlockedEitherWay(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		gotIDs := slices.Clone(got.Blocked)
		slices.Sort(gotIDs)
		slices.Sort(want)
		if !slices.Equal(gotIDs, want) {
			t.Fatalf("%s: blocked %v, ListBlockedEitherWay's %v", when, got.Blocked, want)
		}
	}
	same("free, no blocks")
	if err := st.Block(ctx, a.ID, b.ID, at); err != nil {
		t.Fatal(err)
	}
	if err := st.Block(ctx, c.ID, a.ID, at); err != nil {
		t.Fatal(err)
	}
	same("blocking one, blocked by another")
	if err := st.Block(ctx, b.ID, a.ID, at); err != nil {
		t.Fatal(err)
	}
	same("blocked both ways by one")
	if got, _ := st.FindStanding(ctx, a.ID); len(got.Blocked) != 2 {
		t.Fatalf("blocked both ways is listed once: %v", got.Blocked)
	}
	until := ts("2026-12-01T10:11:12.345678Z")
	if err := st.SetRestriction(ctx, &store.Restriction{UserID: a.ID, Kind: "suspended", Until: &until, ActionID: "act1", CreatedAt: at}); err != nil {
		t.Fatal(err)
	}
	same("suspended")
	if err := st.SetRestriction(ctx, &store.Restriction{UserID: a.ID, Kind: "banned", ActionID: "act2", CreatedAt: at}); err != nil {
		t.Fatal(err)
	}
	same("banned")
	u, _ := st.FindUserByID(ctx, a.ID)
	u.Role = model.RoleModerator
	if err := st.UpdateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	same("a moderator")
	if _, err := st.FindStanding(ctx, "nope"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("no such account: %v", err)
	}
}

// testPostsByKind: a board of one kind lists its latest posts even when
// newer posts of other kinds outnumber the limit.
func testPostsByKind(t *testing.T, st store.Store) {
	a := newUser(t, st, "pk@example.org")
	at := ts("2026-11-02T00:00:00Z")
	add := func(id, kind string, minutes int) {
		t.Helper()
		p := &store.Post{ID: id, AuthorID: a.ID, Kind: kind, Title: id, Sealed: []byte("x"), State: "visible",
			CreatedAt: at.Add(time.Duration(minutes) * time.Minute), UpdatedAt: at}
		if err := st.CreatePost(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	add("job-old", "opportunity", 0)
	add("job-new", "opportunity", 1)
	for i := range 5 {
		add(fmt.Sprintf("story-%d", i), "story", 10+i)
	}
	all, err := st.ListPosts(ctx, "", "", store.Keyset{}, 3)
	if err != nil || len(all) != 3 || all[0].ID != "story-4" {
		t.Fatalf("the latest three of any kind: %v %v", ids(all), err)
	}
	jobs, err := st.ListPosts(ctx, "", "opportunity", store.Keyset{}, 3)
	if err != nil || len(jobs) != 2 || jobs[0].ID != "job-new" || jobs[1].ID != "job-old" {
		t.Fatalf("the opportunities, newest first: %v %v", ids(jobs), err)
	}
	if none, err := st.ListPosts(ctx, "", "question", store.Keyset{}, 3); err != nil || len(none) != 0 {
		t.Fatalf("no questions: %v %v", ids(none), err)
	}
}

func ids(ps []*store.Post) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.ID)
	}
	return out
}

// testKeysetPages pages through lists newest first (notifications) and
// oldest first (comments) while rows are added between pages, some at the
// very same time as rows already read: every row there from the start
// comes exactly once, in order, and no row comes twice.
func testKeysetPages(t *testing.T, st store.Store) {
	u := newUser(t, st, "pages@example.org")
	at := ts("2026-10-01T00:00:00Z")
	// Rows share times in threes, so the ID decides ties.
	timeOf := func(i int) time.Time { return at.Add(time.Duration(i/3) * time.Minute) }
	addNote := func(id string, when time.Time) {
		t.Helper()
		if err := st.CreateNotification(ctx, &store.StoredNotification{ID: id, UserID: u.ID, Kind: "partner", Sealed: []byte("x"), CreatedAt: when}); err != nil {
			t.Fatal(err)
		}
	}
	post := &store.Post{ID: "p", AuthorID: u.ID, Kind: "story", Title: "t", Sealed: []byte("x"), State: "visible", CreatedAt: at, UpdatedAt: at}
	if err := st.CreatePost(ctx, post); err != nil {
		t.Fatal(err)
	}
	addComment := func(id string, when time.Time) {
		t.Helper()
		if err := st.CreateComment(ctx, &store.Comment{ID: id, PostID: "p", AuthorID: u.ID, Sealed: []byte("x"), State: "visible", CreatedAt: when}); err != nil {
			t.Fatal(err)
		}
	}
	var first []string
	for i := range 23 {
		id := fmt.Sprintf("r%02d", i)
		first = append(first, id)
		addNote(id, timeOf(i))
		addComment(id, timeOf(i))
	}
	type row struct {
		id string
		at time.Time
	}
	lists := []struct {
		name   string
		desc   bool
		add    func(id string, when time.Time)
		page   func(after store.Keyset) ([]row, error)
		latest time.Time
	}{
		{"notifications", true, addNote, func(after store.Keyset) ([]row, error) {
			ns, err := st.ListNotifications(ctx, u.ID, after, 5)
			var out []row
			for _, n := range ns {
				out = append(out, row{n.ID, n.CreatedAt})
			}
			return out, err
		}, timeOf(22)},
		{"comments", false, addComment, func(after store.Keyset) ([]row, error) {
			cs, err := st.ListComments(ctx, "p", after, 5)
			var out []row
			for _, c := range cs {
				out = append(out, row{c.ID, c.CreatedAt})
			}
			return out, err
		}, timeOf(22)},
	}
	for _, l := range lists {
		seen := map[string]int{}
		var order []string
		var after store.Keyset
		for page := 0; ; page++ {
			rows, err := l.page(after)
			if err != nil {
				t.Fatalf("%s: %v", l.name, err)
			}
			if len(rows) == 0 {
				break
			}
			for _, r := range rows {
				seen[r.id]++
				order = append(order, r.id)
			}
			last := rows[len(rows)-1]
			after = store.Keyset{At: last.at, ID: last.id}
			if page >= 4 {
				continue // a list read oldest first would otherwise never end
			}
			// Meanwhile: rows at the same time as the last one read, one
			// sorting before and one after it, and a newest one.
			l.add(fmt.Sprintf("%s-a%d", last.id, page), last.at)
			l.add(fmt.Sprintf("r%02d-%s", page, "z"), last.at)
			l.add(fmt.Sprintf("new%d", page), l.latest.Add(time.Duration(page+1)*time.Hour))
		}
		for _, id := range first {
			if seen[id] != 1 {
				t.Errorf("%s: %s came %d times (order %v)", l.name, id, seen[id], order)
			}
		}
		for id, n := range seen {
			if n > 1 {
				t.Errorf("%s: %s came %d times", l.name, id, n)
			}
		}
		// The rows kept their order: by time, then ID.
		want := slices.Clone(first)
		var got []string
		for _, id := range order {
			if slices.Contains(first, id) {
				got = append(got, id)
			}
		}
		if l.desc {
			slices.Reverse(want)
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s: order %v, want %v", l.name, got, want)
		}
	}
}

// testSafetyPlans: a person has no plan until they save one; saving again
// replaces it (one row a person); each reads only their own; erasing the
// person's safety data takes it.
func testSafetyPlans(t *testing.T, st store.Store) {
	u := newUser(t, st, "plan@example.org")
	other := newUser(t, st, "other@example.org")
	if _, _, err := st.FindSafetyPlan(ctx, u.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("no plan yet: %v", err)
	}
	first, second := ts("2026-12-07T08:00:00Z"), ts("2026-12-08T21:30:00Z")
	for _, p := range []struct {
		user   string
		sealed []byte
		at     time.Time
	}{{u.ID, []byte{1, 2}, first}, {other.ID, []byte{9}, first}, {u.ID, []byte{3, 4, 5}, second}} {
		if err := st.PutSafetyPlan(ctx, p.user, p.sealed, p.at); err != nil {
			t.Fatal(err)
		}
	}
	sealed, at, err := st.FindSafetyPlan(ctx, u.ID)
	if err != nil || string(sealed) != string([]byte{3, 4, 5}) || !at.Equal(second) {
		t.Fatalf("after saving again: %v %v %v", sealed, at, err)
	}
	if sealed, _, err := st.FindSafetyPlan(ctx, other.ID); err != nil || string(sealed) != string([]byte{9}) {
		t.Fatalf("the other's plan: %v %v", sealed, err)
	}
	if err := st.DeleteUserSafetyData(ctx, u.ID); err != nil {
		t.Fatal(err)
	}
	if _, _, err := st.FindSafetyPlan(ctx, u.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("after erasure: %v", err)
	}
	if _, _, err := st.FindSafetyPlan(ctx, other.ID); err != nil {
		t.Fatalf("the other's plan after the first's erasure: %v", err)
	}
}
