package app_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/mail"
	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/store"
)

// mentorInstance is an instance of n mentors with two-factor login, a
// year or more in recovery and room for a mentee or three, each with a
// profile drawn from a seeded random source, and one mentee (users[n])
// asking for suggestions.
type mentorInstance struct {
	app *app.App
	// other is a second node over the same database and key.
	other *app.App
	// clock is what both nodes read as now.
	clock *time.Time
	st    store.Store
	users []*model.User
	ctx   context.Context
}

func (in *mentorInstance) as(i int) context.Context {
	return app.WithActor(in.ctx, &app.Actor{User: in.users[i]})
}

func newMentorInstance(tb testing.TB, n int) *mentorInstance {
	base := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	clock := base
	now := func() time.Time { return clock }
	opts := app.Options{BaseURL: "http://127.0.0.1", Now: now}
	a, st, box := benchAppStoreKey(tb, opts)
	other := app.New(st, box, mail.NewTerminal(io.Discard), slog.New(slog.NewTextHandler(io.Discard, nil)), opts)
	in := &mentorInstance{app: a, other: other, clock: &clock, st: st, ctx: context.Background()}
	r := rand.New(rand.NewPCG(uint64(n), 17))
	pick := func(list []string, most int) []string {
		var out []string
		for _, i := range r.Perm(len(list))[:1+r.IntN(most)] {
			out = append(out, list[i])
		}
		return out
	}
	langs := []string{"English", "Spanish", "es", "fr", "English, Spanish"}
	subs := []string{"alcohol", "opioids", "stimulants", "cannabis", "benzodiazepines"}
	zones := []string{"America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles", "Europe/Madrid", "America/Mexico_City", ""}
	slots := []string{"mon-evening", "tue-evening", "wed-morning", "thu-afternoon", "sat-morning", "sun-evening", "fri-night"}
	genders := []string{"woman", "man", "non-binary", ""}
	for i := range n + 1 {
		u := &model.User{ID: fmt.Sprintf("01U%023d", i), Email: fmt.Sprintf("m%d@example.org", i), PasswordHash: "x", Role: model.RoleMember, MFAEnabled: i < n, CreatedAt: base}
		if err := st.CreateUser(in.ctx, u); err != nil {
			tb.Fatal(err)
		}
		if err := st.UpsertProfile(in.ctx, &store.StoredProfile{UserID: u.ID, DisplayName: fmt.Sprintf("Person %d", i), UpdatedAt: base}); err != nil {
			tb.Fatal(err)
		}
		in.users = append(in.users, u)
		ctx := in.as(i)
		start := base.AddDate(-1-r.IntN(12), -r.IntN(12), 0).Format("2006-01-02")
		if _, err := a.UpdateMe(ctx, func(p *model.Profile) {
			p.Pathways, p.Substances, p.Languages = pick(model.Pathways, 2), pick(subs, 2), pick(langs, 1)
			p.LifeCircumstances, p.TimeZone, p.RecoveryStart = pick(model.LifeCircumstances, 2), zones[r.IntN(len(zones))], start
		}); err != nil {
			tb.Fatal(err)
		}
		if i == n {
			break
		}
		if _, err := a.SaveMentorshipSettings(ctx, app.MentorshipSettings{Mentor: true, Capacity: 1 + r.IntN(3), Gender: genders[r.IntN(len(genders))],
			Age: 25 + r.IntN(45), Availability: pick(slots, 3)}); err != nil {
			tb.Fatal(err)
		}
	}
	return in
}

// BenchmarkMentorSuggestions: the suggestions of the mentorship page (five
// mentors, as the page asks) for one mentee, among 100 and among 5,000
// mentors.
func BenchmarkMentorSuggestions(b *testing.B) {
	for _, n := range []int{100, 5000} {
		b.Run(fmt.Sprint(n, "-mentors"), func(b *testing.B) {
			in := newMentorInstance(b, n)
			ctx := in.as(n)
			got, err := in.app.SuggestMentors(ctx, "", "", 5)
			if err != nil || len(got) != 5 {
				b.Fatalf("%d suggestions, err %v", len(got), err)
			}
			reportCPU(b, func(int) {
				if _, err := in.app.SuggestMentors(ctx, "", "", 5); err != nil {
					b.Fatal(err)
				}
			})
		})
	}
}
