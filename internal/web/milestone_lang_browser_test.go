package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/store"
	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// TestBrowserMilestoneInEachReadersLanguage: Rosa reads Kinship in
// Spanish and Ben in English, in the same group. A milestone card is kept
// as its milestone, not as words, so each reads it in their own language:
// on the chat page drawn by the server, drawn live by app.js when it
// arrives, and through the JSON API. A card shared before (kept as English
// words) reads as it was written. On the way Rosa's check-in page refuses
// a setback dated before her recovery start, saying so in Spanish with the
// date. Phone size, 390x844. Screenshots: es-setback-error.png,
// es-chat-milestone.png, chat-milestone-en.png.
func TestBrowserMilestoneInEachReadersLanguage(t *testing.T) {
	exe := chromium(t)
	s := startServerParts(t, app.Options{Now: testutil.PictureClock()}, nil) // the README's day: Rosa's start reads 2026-09-02
	a, base := s.app, s.base
	ctx := context.Background()
	g, asFay := facilitatedGroup(t, a, "Evening circle", "Peers who check in after work.")
	fay := app.ActorFrom(asFay).User

	// A card shared before cards were kept as data: English words.
	oldID := "01JOLDMILESTONE00000000001"
	old := &store.StoredMessage{ID: oldID, ConversationID: g.ID, AuthorID: fay.ID, ClientID: "milestone:1 year",
		Sealed: s.box.Seal([]byte("🎉 Fay is celebrating 1 year in recovery."), []byte("message:"+oldID)), Kind: "milestone", State: "visible",
		CreatedAt: testutil.PictureTime.Add(-time.Hour)}
	if _, err := s.store.AppendMessage(ctx, old); err != nil {
		t.Fatal(err)
	}

	today := testutil.PictureTime
	member := func(email, pw, name, lang, zone string, days int) (*model.User, context.Context) {
		u := account(t, a, email, pw, name, model.RoleMember)
		as := app.WithActor(ctx, &app.Actor{User: u})
		if _, err := a.JoinGroup(as, g.ID, true); err != nil {
			t.Fatal(err)
		}
		if _, err := a.UpdateMe(as, func(p *model.Profile) {
			p.RecoveryStart = today.AddDate(0, 0, -days).Format("2006-01-02")
			p.TimeZone = zone
		}); err != nil {
			t.Fatal(err)
		}
		if err := a.SetLanguage(as, lang); err != nil {
			t.Fatal(err)
		}
		return u, as
	}
	member("rosa@example.org", "lantern orchard breeze", "Rosa", "es", "America/Mexico_City", 95)
	member("ben@example.org", "granite valley morning", "Ben", "en", "America/Chicago", 65)

	st := steps{t}
	type css = chromedp.CSS
	open := func(email, pw string) (context.Context, func()) {
		c, done := picturePhone(t, exe)
		// The per-language service worker fault named in
		// TestBrowserSpanishVisitor is not what this test is about.
		if _, err := chromedp.Call(c, network.SetBypassServiceWorker, network.SetBypassServiceWorkerParams{Bypass: true}); err != nil {
			t.Fatal(err)
		}
		st.signIn(c, base, email, pw)
		return c, done
	}
	rosa, closeRosa := open("rosa@example.org", "lantern orchard breeze")
	defer closeRosa()
	ben, closeBen := open("ben@example.org", "granite valley morning")
	defer closeBen()
	chat := base + "/groups/" + g.ID + "/chat"
	cards := func(c context.Context) string {
		return eval[string](t, c, "read the cards", `[...document.querySelectorAll('#chat-log .msg.milestone .body')].map(e => e.textContent).join(" | ")`)
	}

	// Rosa's setback dated before her start is refused in Spanish.
	// Her start date in the words a Spanish reader reads ("2 de septiembre
	// de 2026"), not 2026-09-02.
	start := today.AddDate(0, 0, -95)
	rosaStart := fmt.Sprintf("%d de %s de %d", start.Day(), []string{"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio",
		"agosto", "septiembre", "octubre", "noviembre", "diciembre"}[start.Month()-1], start.Year())
	st.do(rosa, "a setback before the start", chromedp.Navigate(base+"/checkin"), chromedp.WaitVisible(css(`form[action="/recovery/returns"]`)),
		chromedp.SetValue(css(`#f-date`), today.AddDate(0, 0, -200).Format("2006-01-02")),
		chromedp.Click(css(`form[action="/recovery/returns"] button[type=submit]`)), chromedp.WaitVisible(css(`#error-summary`)))
	want := "La fecha no puede ser anterior a la fecha en que empezaste tu recuperación (" + rosaStart + ")"
	if got := st.text(rosa, `#error-summary`); !strings.Contains(got, want) {
		t.Errorf("Rosa's error summary: %q, want %q", got, want)
	}
	if got := st.text(rosa, `main`); strings.Contains(got, "cannot be before") {
		t.Errorf("Rosa reads English: %q", got)
	}
	if got := eval[string](t, rosa, "the date typed", `document.querySelector('#f-date').value`); got != today.AddDate(0, 0, -200).Format("2006-01-02") {
		t.Errorf("the setback date typed was lost: %q", got)
	}
	shot(t, rosa, "es-setback-error.png")

	// Ben has the chat open when Rosa shares her 90 days.
	st.do(ben, "Ben opens the chat", chromedp.Navigate(chat), chromedp.WaitVisible(css(`#chat[data-live="yes"]`)))
	st.do(rosa, "Rosa shares 90 days", chromedp.Navigate(base+"/checkin"), chromedp.WaitVisible(css(`form.share-milestone`)),
		chromedp.SetValue(css(`#f-milestone`), "90 days"), chromedp.Click(css(`form.share-milestone button`)), chromedp.WaitVisible(css(`.notice`)))
	st.do(ben, "Ben sees the card live, in English", chromedp.Poll[chromedp.Void](`[...document.querySelectorAll('#chat-log .msg.milestone .body')].some(e => e.textContent === '🎉 Rosa is celebrating 90 days in recovery.')`, chromedp.WithPollingTimeout(15*time.Second)))

	// Rosa opens the chat: the server writes her card and Fay's old one.
	st.do(rosa, "Rosa opens the chat", chromedp.Navigate(chat), chromedp.WaitVisible(css(`#chat[data-live="yes"]`)))
	if got := cards(rosa); got != "🎉 Fay is celebrating 1 year in recovery. | 🎉 Rosa celebra 90 días en recuperación." {
		t.Errorf("Rosa's cards: %q", got)
	}
	// Ben shares his 60 days while Rosa's chat is open: app.js writes it
	// in her Spanish.
	st.do(ben, "Ben shares 60 days", chromedp.Navigate(base+"/checkin"), chromedp.WaitVisible(css(`form.share-milestone`)),
		chromedp.SetValue(css(`#f-milestone`), "60 days"), chromedp.Click(css(`form.share-milestone button`)), chromedp.WaitVisible(css(`.notice`)))
	st.do(rosa, "Rosa sees Ben's card live, in Spanish", chromedp.Poll[chromedp.Void](`[...document.querySelectorAll('#chat-log .msg.milestone .body')].some(e => e.textContent === '🎉 Ben celebra 60 días en recuperación.')`, chromedp.WithPollingTimeout(15*time.Second)))
	shot(t, rosa, "es-chat-milestone.png")

	st.do(ben, "Ben reopens the chat", chromedp.Navigate(chat), chromedp.WaitVisible(css(`#chat[data-live="yes"]`)))
	if got := cards(ben); got != "🎉 Fay is celebrating 1 year in recovery. | 🎉 Rosa is celebrating 90 days in recovery. | 🎉 Ben is celebrating 60 days in recovery." {
		t.Errorf("Ben's cards: %q", got)
	}
	shot(t, ben, "chat-milestone-en.png")

	// The JSON API answers each reader in their language, with the
	// milestone itself.
	for _, c := range []struct{ email, pw, want string }{
		{"rosa@example.org", "lantern orchard breeze", "🎉 Rosa celebra 90 días en recuperación."},
		{"ben@example.org", "granite valley morning", "🎉 Rosa is celebrating 90 days in recovery."},
	} {
		var page struct {
			Messages []struct {
				Body      string `json:"body"`
				Kind      string `json:"kind"`
				Milestone *struct {
					Label string `json:"label"`
					Count int    `json:"count"`
					Unit  string `json:"unit"`
				} `json:"milestone"`
			} `json:"items"`
		}
		apiGet(t, base, c.email, c.pw, "/api/v1/groups/"+g.ID+"/messages", &page)
		found := false
		for _, m := range page.Messages {
			if m.Milestone != nil && m.Milestone.Label == "90 days" {
				found = true
				if m.Body != c.want || m.Milestone.Count != 90 || m.Milestone.Unit != "days" || m.Kind != "milestone" {
					t.Errorf("%s reads through the API: %+v %+v", c.email, m, *m.Milestone)
				}
			}
			if m.Milestone == nil && m.Kind == "milestone" && m.Body != "🎉 Fay is celebrating 1 year in recovery." {
				t.Errorf("%s reads the old card as %q", c.email, m.Body)
			}
		}
		if !found {
			t.Errorf("%s: no 90-day card through the API: %+v", c.email, page)
		}
	}
}

// apiGet signs in through the API and reads path into out.
func apiGet(t *testing.T, base, email, pw, path string, out any) {
	t.Helper()
	body, _ := json.Marshal(map[string]string{"email": email, "password": pw})
	res, err := http.Post(base+"/api/v1/auth/login", "application/json", strings.NewReader(string(body)))
	if err != nil {
		t.Fatal(err)
	}
	var login struct {
		Token string `json:"token"`
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if err := json.Unmarshal(b, &login); err != nil || login.Token == "" {
		t.Fatalf("API sign-in %s: %d %s", email, res.StatusCode, b)
	}
	req, _ := http.NewRequest("GET", base+path, nil)
	req.Header.Set("Authorization", "Bearer "+login.Token)
	res, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ = io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK || json.Unmarshal(b, out) != nil {
		t.Fatalf("GET %s: %d %s", path, res.StatusCode, b)
	}
}
