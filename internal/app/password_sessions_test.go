package app_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/realtime"
	"github.com/kinshiprecovery/kinship/internal/store"
)

// failingSessions fails every new session while fail is set (the writer
// lost just as the session is written).
type failingSessions struct {
	store.Store
	fail *atomic.Bool
}

func (s failingSessions) CreateSession(ctx context.Context, sess *model.Session) error {
	if s.fail.Load() {
		return errors.New("the session was not written")
	}
	return s.Store.CreateSession(ctx, sess)
}

// A password change ends every session once it has committed, whether or
// not this device's fresh session is then written: the other nodes are
// told, so that none keeps an ended session (for sessionCacheTTL) or a
// socket of one open (for as long as it stays open).
func TestAPasswordChangeEndsTheSessionsEvenIfTheNewOneFails(t *testing.T) {
	st, node, _, log := sharedSQLite(t)
	var fail atomic.Bool
	a := node(failingSessions{st, &fail})
	out := &recordBroker{}
	hub := realtime.NewHub("node-a", a, out, log)
	a.SetHub(hub)
	t.Cleanup(hub.Close)
	u, err := a.AdminCreateUser(context.Background(), "bo@example.org", "granite valley morning", "Bo", model.RoleMember)
	if err != nil {
		t.Fatal(err)
	}
	as := app.WithActor(context.Background(), &app.Actor{User: u, Session: &model.Session{ID: "this-device", UserID: u.ID}})
	fail.Store(true)
	if _, err := a.ChangePassword(as, "granite valley morning", "harbor lantern quietly sings"); err == nil {
		t.Fatal("the password change answered as though this device's session was written")
	}
	out.mu.Lock()
	defer out.mu.Unlock()
	for _, ev := range out.evs {
		if ev.Kind == realtime.KindSessionEnded && ev.User == u.ID && ev.Session == "" {
			return
		}
	}
	t.Fatalf("the password changed (every session deleted) and the other nodes were not told: %v", out.evs)
}
