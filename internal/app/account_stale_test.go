package app_test

import (
	"context"
	"errors"
	"testing"

	"github.com/pquerna/otp/totp"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/model"
)

// TestAccountChangesStartFromTheDatabaseNotANodesCopy: behind a
// round-robin balancer, a person's next request may reach a node whose
// session cache still holds their account from before a change another
// node made (the broker's word of it not yet come). A second factor begun
// on one node is confirmed on the other, and a language set on one is
// kept when email is turned off on the other. Each request here carries
// the account as it was before the first change, as that node's cache
// would.
func TestAccountChangesStartFromTheDatabaseNotANodesCopy(t *testing.T) {
	st, node := sharedStore(t)
	a := node(st)
	ctx := context.Background()
	u, err := a.AdminCreateUser(ctx, "rowan@example.org", "steady harbor lantern", "Rowan", model.RoleMember)
	if err != nil {
		t.Fatal(err)
	}
	as := func(copyOf model.User) context.Context {
		c := copyOf
		return app.WithActor(ctx, &app.Actor{User: &c, Session: &model.Session{ID: "s-" + c.ID, UserID: c.ID, AuthAt: a.Now()}})
	}
	before := *u

	setup, err := a.BeginMFA(as(before))
	if err != nil {
		t.Fatal(err)
	}
	code, err := totp.GenerateCode(setup.Secret, a.Now())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.ConfirmMFA(as(before), code); err != nil {
		t.Fatalf("confirming on a node that had not heard of the set-up: %v (want it turned on)", err)
	}
	got, err := st.FindUserByID(ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !got.MFAEnabled {
		t.Fatal("two-factor login is not on after its confirmation")
	}

	if err := a.SetLanguage(as(before), "es"); err != nil {
		t.Fatal(err)
	}
	if err := a.SetEmailNotifications(as(before), false); err != nil {
		t.Fatal(err)
	}
	got, err = st.FindUserByID(ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Language != "es" || got.NotifyByEmail || !got.MFAEnabled {
		t.Fatalf("after a language set on one node and email turned off on another: language %q, email %v, two-factor %v; want es, false, true (nothing undone)", got.Language, got.NotifyByEmail, got.MFAEnabled)
	}

	// A password changed on one node: the old one no longer counts on a
	// node whose copy of the account is from before.
	if _, err := a.ChangePassword(as(before), "steady harbor lantern", "quiet river morning"); err != nil {
		t.Fatal(err)
	}
	if _, err := a.ChangePassword(as(before), "steady harbor lantern", "bright field evening"); err == nil {
		t.Fatal("the old password, checked against a node's copy from before its change, was taken as the current one")
	}
	got, err = st.FindUserByID(ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !got.MFAEnabled || got.Language != "es" {
		t.Fatalf("after a password change from an old copy: two-factor %v, language %q; want true, es", got.MFAEnabled, got.Language)
	}

	var me *model.Error
	if _, err := a.ConfirmMFA(as(before), code); !errors.As(err, &me) || me.Kind != model.KindConflict {
		t.Fatalf("confirming again from the old copy: %v, want a conflict (already on)", err)
	}
}
