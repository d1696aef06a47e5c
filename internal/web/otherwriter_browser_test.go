package web_test

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/mail"
	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/store/bunstore"
	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// TestBrowserSignedOutByAnotherProcess: Ash has her group's chat open on
// a phone when another process (the admin command's way in: its own store
// and app on the same SQLite file) signs her sessions out; the running
// node notices the commit, closes her socket, and the chat says "You were
// signed out. Sign in again to carry on." with the message box gone.
// Screenshot chat-signed-out-elsewhere.png.
func TestBrowserSignedOutByAnotherProcess(t *testing.T) {
	s := startServerParts(t, app.Options{}, nil)
	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	go s.app.FollowOtherWriters(ctx, s.store.(*bunstore.Store).DataVersion, app.OtherWritersEvery)
	g, _ := facilitatedGroup(t, s.app, "Evenings", "A quiet hour after work.")
	ash := account(t, s.app, "ash@example.org", "amber meadow trail", "Ash", model.RoleMember)
	if _, err := s.app.JoinGroup(app.WithActor(context.Background(), &app.Actor{User: ash}), g.ID, true); err != nil {
		t.Fatal(err)
	}

	st := steps{t}
	bctx := signedInPhone(t, s.base, "ash@example.org", "amber meadow trail")
	st.do(bctx, "open the chat", chromedp.Navigate(s.base+"/groups/"+g.ID+"/chat"), chromedp.WaitVisible(chromedp.CSS(`#chat[data-live="yes"]`)))

	other := testutil.OpenStore(t, testutil.DB{Name: "sqlite", DataDir: s.dir})
	other.(*bunstore.Store).SetSealer(s.box)
	otherApp := app.New(other, s.box, mail.NewTerminal(io.Discard), slog.New(slog.NewTextHandler(io.Discard, nil)), app.Options{BaseURL: s.base})
	if _, err := otherApp.AdminResetMFA(context.Background(), "ash@example.org"); err != nil {
		t.Fatal(err)
	}
	// The page is asked for ten seconds at most; how soon is not measured here.
	var status string
	for end := time.Now().Add(10 * time.Second); time.Now().Before(end); time.Sleep(100 * time.Millisecond) {
		status = st.text(bctx, "#latest")
		if status != "" && !strings.Contains(status, "Reconnecting") {
			break
		}
	}
	if status != "You were signed out. Sign in again to carry on." {
		t.Fatalf("the chat reads %q after another process signed Ash out", status)
	}
	if hidden := eval[bool](t, bctx, "the message box", `(() => { const f = document.querySelector('#composer'); return !f || f.hidden })()`); !hidden {
		t.Errorf("the message box is still shown to a signed-out person")
	}
	shotHere(t, bctx, "#latest", "chat-signed-out-elsewhere.png")
}
