package pushfanout_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
	"time"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/httpapi"
	"github.com/kinshiprecovery/kinship/internal/model"
)

// BenchmarkAlertToPartnerPush measures what a member's partners live
// through: from the moment the member presses "I need support now" (the
// API's POST /api/v1/support/alerts, sent over HTTP to a Kinship node set
// up as `kinship serve` sets it up, job queue included) to the push for
// each partner's phone arriving at the push service. Each iteration is a
// new member whose 1 or 5 partners have one device each. It reports the
// press's answer time, the first partner's push and the last partner's,
// each as p50 and p99.
//
//	go test ./bench/pushfanout -run '^$' -bench AlertToPartnerPush -benchtime 100x
func BenchmarkAlertToPartnerPush(b *testing.B) {
	for _, partners := range []int{1, 5} {
		b.Run(fmt.Sprintf("partners=%d", partners), func(b *testing.B) { alertToPartnerPush(b, partners) })
	}
}

func alertToPartnerPush(b *testing.B, partners int) {
	k := startKinship(b, true)
	srv := httptest.NewUnstartedServer(nil)
	base := "http://" + srv.Listener.Addr().String()
	srv.Config.Handler = httpapi.New(k.app, slog.New(slog.NewTextHandler(io.Discard, nil)), httpapi.Options{BaseURL: base})
	srv.Start()
	b.Cleanup(srv.Close)
	client := &http.Client{Timeout: 30 * time.Second}

	var answer, first, last []time.Duration
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		tok, phones := memberWithPartners(b, k, i, partners)
		before := len(k.ps.Received())
		req, _ := http.NewRequest(http.MethodPost, base+"/api/v1/support/alerts", nil)
		req.Header.Set("Authorization", "Bearer "+tok)
		b.StartTimer()
		start := time.Now()
		res, err := client.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		answered := time.Since(start)
		_, _ = io.Copy(io.Discard, res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusCreated {
			b.Fatalf("the press answered %d", res.StatusCode)
		}
		got := k.ps.WaitFor(b, before+partners, 2*time.Minute)[before:]
		b.StopTimer()
		if len(got) != partners {
			b.Fatalf("%d pushes for %d partners", len(got), partners)
		}
		var firstAt, lastAt time.Time
		for _, g := range got {
			if g.Status != http.StatusCreated || !phones[g.Device] {
				b.Fatalf("a push to device %s answered %d (not one of this member's partners' phones, or refused)", g.Device, g.Status)
			}
			if firstAt.IsZero() || g.At.Before(firstAt) {
				firstAt = g.At
			}
			if g.At.After(lastAt) {
				lastAt = g.At
			}
		}
		answer, first, last = append(answer, answered), append(first, firstAt.Sub(start)), append(last, lastAt.Sub(start))
		b.StartTimer()
	}
	b.StopTimer()
	for _, l := range [][]time.Duration{answer, first, last} {
		slices.Sort(l)
	}
	q := func(l []time.Duration, p float64) time.Duration { return l[min(len(l)-1, int(p*float64(len(l))))] }
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	b.ReportMetric(ms(q(first, 0.5)), "first-push-p50-ms")
	b.ReportMetric(ms(q(first, 0.99)), "first-push-p99-ms")
	b.ReportMetric(ms(q(last, 0.5)), "last-push-p50-ms")
	b.ReportMetric(ms(q(last, 0.99)), "last-push-p99-ms")
	b.ReportMetric(ms(q(answer, 0.5)), "press-answer-p50-ms")
	b.Logf("%s, %d partners, %d alerts: press answered p50 %s p99 %s; first partner's push p50 %s p99 %s; last partner's push p50 %s p99 %s (max %s)",
		k.db, partners, len(first), q(answer, 0.5), q(answer, 0.99), q(first, 0.5), q(first, 0.99), q(last, 0.5), q(last, 0.99), last[len(last)-1])
}

// memberWithPartners makes a member, signed in through the app as the API
// would sign them in, with n accountability partners each with one phone
// that gets notifications; it returns the member's token and the phones.
func memberWithPartners(b *testing.B, k *kinship, i, n int) (string, map[string]bool) {
	b.Helper()
	ctx := context.Background()
	email := fmt.Sprintf("member%04d@example.org", i)
	m, err := k.app.AdminCreateUser(ctx, email, "amber meadow trail", "Member", model.RoleMember)
	if err != nil {
		b.Fatal(err)
	}
	login, err := k.app.Login(ctx, app.LoginInput{Email: email, Password: "amber meadow trail", IP: "127.0.0.1"})
	if err != nil {
		b.Fatal(err)
	}
	asMember := app.WithActor(ctx, &app.Actor{User: m, Session: login.Session})
	phones := map[string]bool{}
	now := time.Now().UTC()
	for j := 0; j < n; j++ {
		p := &model.User{ID: fmt.Sprintf("%s-p%d", m.ID, j), Email: fmt.Sprintf("%s-p%d@example.org", m.ID, j), Role: model.RoleMember, CreatedAt: now}
		if err := k.st.CreateUser(ctx, p); err != nil {
			b.Fatal(err)
		}
		asPartner := app.WithActor(ctx, &app.Actor{User: p, Session: &model.Session{ID: "s" + p.ID}})
		inv, err := k.app.InvitePartner(asMember, p.ID)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := k.app.RespondPartner(asPartner, inv.ID, true); err != nil {
			b.Fatal(err)
		}
		d := k.ps.NewDevice(b)
		if _, _, err := k.app.SubscribePush(asPartner, app.PushSubscriptionInput{Endpoint: d.Endpoint, P256dh: d.P256dh, Auth: d.Auth, DeviceName: "phone"}); err != nil {
			b.Fatal(err)
		}
		phones[d.ID] = true
	}
	return login.Token, phones
}
