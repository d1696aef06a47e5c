package app_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"sync/atomic"
	"testing"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/mail"
	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/secret"
	"github.com/kinshiprecovery/kinship/internal/store"
	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// messageReads is the real store, counting how often a message is read.
type messageReads struct {
	store.Store
	reads atomic.Int64
}

func (c *messageReads) FindMessage(ctx context.Context, id string) (*store.StoredMessage, error) {
	c.reads.Add(1)
	return c.Store.FindMessage(ctx, id)
}

// TestReportListsReadEachMessageOnce: a group's page of reports and the
// moderators' queue read each reported message once, for what it says
// and (in the queue) which group it was written in; both read it twice
// before. What the facilitator and the moderator read is the same: each
// message's words, its author by name, and its group.
func TestReportListsReadEachMessageOnce(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	st := testutil.OpenStore(t, testutil.DB{Name: "sqlite", DataDir: dir})
	box, _, err := secret.LoadOrCreateKey(filepath.Join(dir, "k"))
	if err != nil {
		t.Fatal(err)
	}
	counted := &messageReads{Store: st}
	a := app.New(counted, box, mail.NewTerminal(io.Discard), slog.New(slog.NewTextHandler(io.Discard, nil)), app.Options{BaseURL: "http://127.0.0.1"})
	person := func(email, name string, role model.Role) (*model.User, context.Context) {
		t.Helper()
		u, err := a.AdminCreateUser(ctx, email, "a long enough password", name, role)
		if err != nil {
			t.Fatal(err)
		}
		return u, app.WithActor(ctx, &app.Actor{User: u})
	}
	fay, asFay := person("fay@example.org", "Fay", model.RoleMember)
	jo, asJo := person("jo@example.org", "Jo", model.RoleMember)
	lu, asLu := person("lu@example.org", "Lu", model.RoleMember)
	_, asMod := person("mod@example.org", "Mod", model.RoleModerator)
	const gid = "01G00000000000000000000000"
	if err := st.CreateGroup(ctx, &store.Group{ID: gid, Name: "Evening circle", Visibility: app.GroupListed, CreatedBy: fay.ID}); err != nil {
		t.Fatal(err)
	}
	for u, role := range map[*model.User]string{fay: app.RoleFacilitator, jo: app.RoleMember, lu: app.RoleMember} {
		if err := st.SaveGroupMember(ctx, &store.GroupMember{GroupID: gid, UserID: u.ID, Role: role, Status: "active"}); err != nil {
			t.Fatal(err)
		}
	}
	words := []string{"Buy from me", "Nobody wants you here", "Your number is on my page"}
	for i, w := range words {
		m, _, err := a.SendMessage(asJo, gid, fmt.Sprint("c", i), w)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := a.Report(asLu, app.ReportInput{TargetType: "message", TargetID: m.ID, Reason: "spam"}); err != nil {
			t.Fatal(err)
		}
	}
	read := func(rs []app.ReportView) string {
		var out []string
		for _, r := range rs {
			out = append(out, r.OwnerName+": "+r.Content+" ("+r.GroupName+")")
		}
		return fmt.Sprint(out)
	}
	want := "[Jo: Buy from me () Jo: Nobody wants you here () Jo: Your number is on my page ()]"

	counted.reads.Store(0)
	rs, _, err := a.GroupReports(asFay, gid, app.PageRequest{Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	if got := read(rs); got != want {
		t.Errorf("Fay reads %s, want %s", got, want)
	}
	if n := counted.reads.Load(); n != 3 {
		t.Errorf("the group's page of 3 reports read a message %d times, want 3", n)
	}

	counted.reads.Store(0)
	q, _, err := a.ReportQueuePage(asMod, app.PageRequest{Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := read(q), "[Jo: Buy from me (Evening circle) Jo: Nobody wants you here (Evening circle) Jo: Your number is on my page (Evening circle)]"; got != want {
		t.Errorf("the moderator reads %s, want %s", got, want)
	}
	if n := counted.reads.Load(); n != 3 {
		t.Errorf("the moderators' page of 3 reports read a message %d times, want 3", n)
	}
}
