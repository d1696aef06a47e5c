package storetest

import (
	"testing"

	"github.com/oklog/ulid/v2"

	"github.com/kinshiprecovery/kinship/internal/store"
)

// testConsentDays: a consent keeps the instants it is in force between and
// the calendar days its giver chose, read back alike by id and by giver;
// a consent stored without days reads none.
func testConsentDays(t *testing.T, st store.Store) {
	u := newUser(t, st, "camila@example.org")
	o := &store.Organization{ID: ulid.Make().String(), Name: "Harbor House", CreatedAt: ts("2026-12-01T10:00:00Z")}
	if err := st.CreateOrganization(ctx, o); err != nil {
		t.Fatal(err)
	}
	// From midnight of 6 December to 23:59:59 of 6 March in Santiago (UTC-3).
	c := &store.Consent{ID: ulid.Make().String(), UserID: u.ID, OrgID: o.ID, Data: []string{"checkins"}, Purpose: "my counsellor follows my week",
		StartsAt: ts("2026-12-06T03:00:00Z"), EndsAt: ts("2027-03-07T02:59:59Z"), StartDay: "2026-12-06", EndDay: "2027-03-06", SignedAt: ts("2026-12-06T12:00:00Z")}
	old := &store.Consent{ID: ulid.Make().String(), UserID: u.ID, OrgID: o.ID, Data: []string{"recovery"}, Purpose: "before the days were kept",
		StartsAt: ts("2026-11-01T03:00:00Z"), EndsAt: ts("2026-12-01T02:59:59Z"), SignedAt: ts("2026-11-01T12:00:00Z")}
	for _, x := range []*store.Consent{c, old} {
		if err := st.CreateConsent(ctx, x); err != nil {
			t.Fatal(err)
		}
	}
	got, err := st.FindConsent(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.StartDay != "2026-12-06" || got.EndDay != "2027-03-06" || !got.StartsAt.Equal(c.StartsAt) || !got.EndsAt.Equal(c.EndsAt) {
		t.Errorf("the consent read back: days %s to %s, in force %v to %v", got.StartDay, got.EndDay, got.StartsAt, got.EndsAt)
	}
	l, err := st.ListConsents(ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(l) != 2 || l[0].ID != c.ID || l[0].EndDay != "2027-03-06" || l[1].ID != old.ID || l[1].StartDay != "" || l[1].EndDay != "" {
		t.Errorf("the giver's consents: %+v %+v", l[0], l[len(l)-1])
	}
}
