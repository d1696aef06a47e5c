package app_test

import (
	"context"
	"testing"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// An account an admin makes with a time zone has its days in that zone
// from the start (walk3: accounts made by `kinship admin create-user` had
// none, so their check-ins and a consent's first day were UTC's), and its
// crisis lines' country follows the zone as at sign-up; a zone the app
// does not know is refused with the sign-up form's words and makes nothing.
func TestAdminCreateUserInAZone(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		ctx := context.Background()
		a, _ := tickingApp(t, db)
		u, err := a.AdminCreateUserIn(ctx, "cal@example.org", "steady harbor lantern", "Cal", model.RoleMember, "Eastern")
		if err != nil {
			t.Fatal(err)
		}
		loc, country, _ := a.MyPlace(app.WithActor(ctx, &app.Actor{User: u}))
		if loc == nil || loc.String() != "America/New_York" || country != "US" {
			t.Fatalf("Cal's place: %v %q, want America/New_York US", loc, country)
		}
		_, err = a.AdminCreateUserIn(ctx, "dee@example.org", "steady harbor lantern", "Dee", model.RoleMember, "Atlantis/Capital")
		if model.ErrorKind(err) != model.KindInvalid || !containsField(err, "time_zone") {
			t.Fatalf("unknown zone: %v, want invalid at time_zone", err)
		}
		if _, err := a.AdminCreateUser(ctx, "dee@example.org", "steady harbor lantern", "Dee", model.RoleMember); err != nil {
			t.Fatalf("the refused account was half made: %v", err)
		}
	})
}

func containsField(err error, field string) bool {
	e, ok := err.(*model.Error)
	return ok && e.Fields[field] != ""
}
