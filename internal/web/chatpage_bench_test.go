package web_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/pquerna/otp/totp"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/httpapi"
	"github.com/kinshiprecovery/kinship/internal/mail"
	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/realtime"
	"github.com/kinshiprecovery/kinship/internal/secret"
	"github.com/kinshiprecovery/kinship/internal/store/bunstore"
	"github.com/kinshiprecovery/kinship/internal/testutil"
	"github.com/kinshiprecovery/kinship/internal/web"
)

// chatBench is a group of ten with 60 messages, some with reactions, and
// a session for each of two viewers: a member and the facilitator.
type chatBench struct {
	h                http.Handler
	path             string
	member, leader   string // session tokens
	quiet            string // a member's session, with no direct messages
	memberID, leadID string
	dms              func(b *testing.B) // adds direct messages to the member
	// send has another member write in the group, a minute later each
	// time (so the allowance per minute never stops it).
	send func(b *testing.B)
	// counts are the store's reads run and commits so far (Store.Counts).
	counts func() (reads, commits int64)
}

// reportCounts reports the reads (each its own read transaction on
// SQLite) and the commits per op since reads0 and commits0.
func (c *chatBench) reportCounts(b *testing.B, n int, reads0, commits0 int64) {
	reads, commits := c.counts()
	b.ReportMetric(float64(reads-reads0)/float64(n), "reads/op")
	b.ReportMetric(float64(commits-commits0)/float64(n), "commits/op")
}

func newChatBench(b *testing.B) *chatBench {
	b.Helper()
	// The render guard reads every page in tests; a running server does
	// not, so neither does the benchmark.
	b.Setenv("KINSHIP_STRICT_RENDER", "0")
	dir := b.TempDir()
	st := testutil.OpenStore(b, testutil.DB{Name: "sqlite", DataDir: dir})
	box, _, err := secret.LoadOrCreateKey(filepath.Join(dir, "kinship.key"))
	if err != nil {
		b.Fatal(err)
	}
	st.(*bunstore.Store).SetSealer(box)
	// The clock moves a second on each reading, so the chat allowance per
	// minute never stops the setup.
	start := time.Now()
	// After the setup it follows the machine's clock from where it got to.
	var tick atomic.Int64
	var live atomic.Bool
	now := func() time.Time {
		if live.Load() {
			return time.Now().Add(time.Duration(tick.Load()) * time.Second)
		}
		return start.Add(time.Duration(tick.Add(1)) * time.Second)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	a := app.New(st, box, mail.NewTerminal(io.Discard), log, app.Options{BaseURL: "http://127.0.0.1", Now: now})
	hub := realtime.NewHub("bench", a, nil, log)
	a.SetHub(hub)
	b.Cleanup(hub.Close)
	// As a running node does (cmd/kinship serve), it follows other
	// processes' commits: what it keeps is used while it does.
	fctx, stop := context.WithCancel(context.Background())
	b.Cleanup(stop)
	go a.FollowOtherWriters(fctx, st.(*bunstore.Store).DataVersion, app.OtherWritersEvery)
	ctx := context.Background()
	as := func(u *model.User) context.Context { return app.WithActor(ctx, &app.Actor{User: u}) }
	mk := func(email, name string, role model.Role) *model.User {
		u, err := a.AdminCreateUser(ctx, email, "steady harbor lantern", name, role)
		if err != nil {
			b.Fatal(err)
		}
		return u
	}
	mk("admin@example.org", "Admin", model.RoleSiteAdmin)
	fran := mk("fran@example.org", "Fran", model.RoleMember)
	mfa, err := a.BeginMFA(as(fran))
	if err != nil {
		b.Fatal(err)
	}
	code, _ := totp.GenerateCode(mfa.Secret, now())
	if _, err := a.ConfirmMFA(as(fran), code); err != nil {
		b.Fatal(err)
	}
	fran.MFAEnabled = true
	name, desc, guide, vis := "Evenings", "We talk after the kids are asleep.", "What is shared here stays here.", "listed"
	g, err := a.CreateGroup(as(fran), app.GroupInput{Name: &name, Description: &desc, Guidelines: &guide, Visibility: &vis})
	if err != nil {
		b.Fatal(err)
	}
	people := []*model.User{fran}
	for i, n := range []string{"Sam", "Ash", "Bo", "Cal", "Dee", "Eli", "Gus", "Hal", "Ivy"} {
		u := mk(fmt.Sprintf("p%d@example.org", i), n, model.RoleMember)
		if _, err := a.JoinGroup(as(u), g.ID, true); err != nil {
			b.Fatal(err)
		}
		people = append(people, u)
	}
	words := web.ChatBenchWords
	for k := range 60 {
		author := people[k%len(people)]
		m, _, err := a.SendMessage(as(author), g.ID, fmt.Sprint("c", k), words[k%len(words)])
		if err != nil {
			b.Fatal(err)
		}
		// A third of the messages have a reaction or two.
		for j := range k % 3 {
			reactor := people[(k+j+1)%len(people)]
			kinds := m.AllowedReactions
			if len(kinds) == 0 {
				break
			}
			if _, err := a.React(as(reactor), m.ID, kinds[j%len(kinds)], true); err != nil {
				b.Fatal(err)
			}
		}
	}
	login := func(email string, mfaOn bool) string {
		in := app.LoginInput{Email: email, Password: "steady harbor lantern", IP: "127.0.0.1"}
		if mfaOn {
			in.TOTP, _ = totp.GenerateCode(mfa.Secret, now())
		}
		res, err := a.Login(ctx, in)
		if err != nil {
			b.Fatal(err)
		}
		return res.Token
	}
	member, leader := login("p0@example.org", false), login("fran@example.org", true)
	quiet := login("p3@example.org", false)
	live.Store(true)
	// What BenchmarkOtherPages adds: direct messages to Sam (the member),
	// a thread with Fran and a request from Ash.
	dms := func(b *testing.B) {
		if _, _, err := a.StartThread(as(fran), people[1].ID, "dm1", "How was the meeting on Tuesday?"); err != nil {
			b.Fatal(err)
		}
		if _, _, err := a.StartThread(as(people[2]), people[1].ID, "dm2", "Want to get coffee before group?"); err != nil {
			b.Fatal(err)
		}
	}
	var sent atomic.Int64
	send := func(b *testing.B) {
		k := sent.Add(1)
		tick.Add(60)
		a.NoteRequest() // a send is a request (POST …/messages)
		if _, _, err := a.SendMessage(as(people[2+k%8]), g.ID, fmt.Sprint("bench", k), words[k%int64(len(words))]); err != nil {
			b.Fatal(err)
		}
	}
	return &chatBench{dms: dms, send: send, counts: st.(*bunstore.Store).Counts,
		h:    httpapi.New(a, log, httpapi.Options{BaseURL: "http://127.0.0.1"}),
		path: "/groups/" + g.ID + "/chat", member: member, leader: leader, quiet: quiet,
		memberID: people[1].ID, leadID: fran.ID,
	}
}

// get opens the chat page with a session, as a browser does.
func (c *chatBench) get(b *testing.B, token string) string {
	return c.open(b, c.path, token)
}

// open opens a page with a session, as a browser does.
func (c *chatBench) open(b *testing.B, path, token string) string {
	req := httptest.NewRequest(http.MethodGet, path, nil)
	req.AddCookie(&http.Cookie{Name: "kinship_session", Value: token})
	rec := httptest.NewRecorder()
	c.h.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		b.Fatalf("%s: %d %s", path, rec.Code, rec.Body.String())
	}
	return rec.Body.String()
}

// BenchmarkChatPage: a member (and the group's facilitator) opens the
// group chat page, the page the user simulator loads most: the whole
// request through Kinship's handler (session, the latest 50 messages,
// marking them read, the layout's counts and the HTML), no network.
// Reports CPU microseconds per page and the page's size.
func BenchmarkChatPage(b *testing.B) {
	c := newChatBench(b)
	for _, who := range []struct{ name, token string }{{"member", c.member}, {"facilitator", c.leader}} {
		b.Run(who.name, func(b *testing.B) {
			page := c.get(b, who.token)
			if n := strings.Count(page, `<li id="m-`); n != 50 {
				b.Fatalf("the page shows %d messages, want 50", n)
			}
			b.ReportAllocs()
			reads0, commits0 := c.counts()
			t0 := testutil.ProcessCPU()
			i := 0
			for b.Loop() {
				c.get(b, who.token)
				i++
			}
			b.ReportMetric(float64((testutil.ProcessCPU()-t0).Microseconds())/float64(i), "cpu-us/op")
			b.ReportMetric(float64(len(page)), "bytes/page")
			c.reportCounts(b, i, reads0, commits0)
		})
	}
	// What a page costs once the conversation has moved on since the
	// last: another member writes, then the member opens the page (and,
	// to tell the two apart, the writing alone).
	for _, step := range []struct {
		name string
		page bool
	}{{"a-message-alone", false}, {"member-after-a-message", true}} {
		b.Run(step.name, func(b *testing.B) {
			b.ReportAllocs()
			reads0, commits0 := c.counts()
			t0 := testutil.ProcessCPU()
			i := 0
			for b.Loop() {
				c.send(b)
				if step.page {
					c.get(b, c.member)
				}
				i++
			}
			b.ReportMetric(float64((testutil.ProcessCPU()-t0).Microseconds())/float64(i), "cpu-us/op")
			c.reportCounts(b, i, reads0, commits0)
		})
	}
}

// BenchmarkOtherPages: a member opens the other pages the user simulator
// loads most after the chat page (bench/usersim's mix): home (their
// dashboard) and the Messages list (two threads, one a request), the
// whole request through Kinship's handler as BenchmarkChatPage does; and
// home for a member with no direct messages (home-nothing-waiting).
// Reports CPU microseconds per page and the page's size.
func BenchmarkOtherPages(b *testing.B) {
	c := newChatBench(b)
	c.dms(b)
	for _, pg := range []struct{ name, path, want, token string }{
		{"home", "/", `id="main"`, c.member},
		{"messages", "/messages", "Fran", c.member},
		{"home-nothing-waiting", "/", `id="main"`, c.quiet},
	} {
		b.Run(pg.name, func(b *testing.B) {
			page := c.open(b, pg.path, pg.token)
			if !strings.Contains(page, pg.want) {
				b.Fatalf("%s does not show %q:\n%s", pg.path, pg.want, page)
			}
			b.ReportAllocs()
			reads0, commits0 := c.counts()
			t0 := testutil.ProcessCPU()
			i := 0
			for b.Loop() {
				c.open(b, pg.path, pg.token)
				i++
			}
			b.ReportMetric(float64((testutil.ProcessCPU()-t0).Microseconds())/float64(i), "cpu-us/op")
			b.ReportMetric(float64(len(page)), "bytes/page")
			c.reportCounts(b, i, reads0, commits0)
		})
	}
}

// BenchmarkSocketOpening: the member's page opens its socket, as every
// page does: the WebSocket handshake through Kinship's handler (the
// session check, the account's standing and blocks read for the hub), the
// greeting read, the socket closed. The client shares the process, so its
// CPU is counted with the server's.
func BenchmarkSocketOpening(b *testing.B) {
	c := newChatBench(b)
	srv := httptest.NewServer(c.h)
	b.Cleanup(srv.Close)
	url := "ws" + strings.TrimPrefix(srv.URL, "http") + "/api/v1/ws"
	hdr := http.Header{"Cookie": {"kinship_session=" + c.member}, "Origin": {srv.URL}}
	open := func() {
		conn, _, err := websocket.DefaultDialer.Dial(url, hdr)
		if err != nil {
			b.Fatal(err)
		}
		defer conn.Close()
		var hello struct {
			Type string `json:"type"`
		}
		if err := conn.ReadJSON(&hello); err != nil || hello.Type != "hello" {
			b.Fatalf("the socket's first frame: %+v, %v", hello, err)
		}
	}
	open()
	b.ReportAllocs()
	t0 := testutil.ProcessCPU()
	i := 0
	for b.Loop() {
		open()
		i++
	}
	b.ReportMetric(float64((testutil.ProcessCPU()-t0).Microseconds())/float64(i), "cpu-us/op")
}
