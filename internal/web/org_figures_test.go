package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/model"
)

// walk11 W11-10: a program's figures were only ever read below 11, where
// each says "fewer than 11". Harbor House here has 23 clients (12 in
// Spring, 11 in Fall) and 11 alumni, whose check-ins and consents are
// known: 12 clients checked in within the last 7 days, one 8 days ago and
// the rest never, an alum checked in today, and some gave consent to the
// staff. Every figure on the staff's page, in English and in Spanish, and
// in the API's dashboard, is what those rows say; every client of a
// cohort checking in reads "all but fewer than 11" (the whole count would
// tell what each did), and a program of 5 reads "fewer than 11" still.
func TestOrgFiguresAreWhatTheRowsSay(t *testing.T) {
	at := time.Date(2026, 12, 10, 18, 0, 0, 0, time.UTC)
	now := at
	base, a := startServerWith(t, app.Options{Now: func() time.Time { return now }})
	org, rosa, secret := harborHouseAlone(t, a)
	asRosa := asUser(rosa)
	join := func(name, cohort, as string) *model.User {
		t.Helper()
		u := account(t, a, strings.ToLower(name)+"@example.org", "amber meadow trail", name, model.RoleMember)
		inv, err := a.Invite(asRosa, org.ID, app.InviteInput{Cohort: cohort, JoinsAs: as})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := a.JoinOrganization(asUser(u), inv.Code); err != nil {
			t.Fatal(err)
		}
		return u
	}
	checkIn := func(u *model.User) {
		t.Helper()
		if _, _, err := a.RecordCheckin(asUser(u), app.CheckinInput{Mood: 4, Craving: 2}); err != nil {
			t.Fatal(err)
		}
	}
	var spring, fall, alumni []*model.User
	for i := 0; i < 12; i++ {
		spring = append(spring, join(fmt.Sprintf("Spring%02d", i), "Spring", app.OrgClient))
	}
	for i := 0; i < 11; i++ {
		fall = append(fall, join(fmt.Sprintf("Fall%02d", i), "Fall", app.OrgClient))
	}
	for i := 0; i < 11; i++ {
		alumni = append(alumni, join(fmt.Sprintf("Alum%02d", i), "2019", app.OrgAlumni))
	}
	// Eight days ago: Fall00 checks in, and not since.
	now = at.AddDate(0, 0, -8)
	checkIn(fall[0])
	// This week: Spring00-07 and Fall01-04 (12 clients), two of them twice,
	// and an alum (not a client: not counted).
	for i, u := range append(append([]*model.User{}, spring[:8]...), fall[1:5]...) {
		now = at.AddDate(0, 0, -(i % 6))
		checkIn(u)
	}
	now = at
	checkIn(spring[0])
	checkIn(fall[1])
	checkIn(alumni[0])
	for _, u := range []*model.User{spring[0], spring[1], fall[2], alumni[1]} {
		if _, err := a.GiveConsent(asUser(u), app.ConsentInput{OrgID: org.ID, Data: []string{"checkins"}, Purpose: "my counsellor follows my week",
			StartsAt: "2026-12-01", EndsAt: "2027-03-01"}); err != nil {
			t.Fatal(err)
		}
	}

	// What the rows say, counted from the store's own rows.
	ms, err := a.OrgMembers(asRosa, org.ID)
	if err != nil {
		t.Fatal(err)
	}
	rows := map[string]int{}
	for _, m := range ms {
		rows[m.Role]++
		if m.Role == app.OrgClient {
			rows["cohort "+m.Cohort]++
			for d := 0; d < 7; d++ { // the 7 days up to today: did they check in on one?
				if c, err := a.CheckinOn(asUser(&model.User{ID: m.UserID}), at.AddDate(0, 0, -d).Format(model.DateLayout)); err == nil && c != nil {
					rows["checked in"]++
					break
				}
			}
		}
	}
	if rows[app.OrgClient] != 23 || rows[app.OrgAlumni] != 11 || rows["cohort Spring"] != 12 || rows["cohort Fall"] != 11 || rows["checked in"] != 12 {
		t.Fatalf("the rows: %v", rows)
	}

	rosaSignsIn := func(lang string) *person {
		t.Helper()
		p := newPerson(t, base)
		p.lang = lang
		p.post("/login", url.Values{"email": {"rosa@example.org"}, "password": {"quiet willow harbor"}})
		code, _ := totp.GenerateCode(secret, now)
		if c, text, _ := p.post("/login/mfa", url.Values{"code": {code}}); c != http.StatusOK {
			t.Fatalf("Rosa signs in: %d %s", c, text)
		}
		return p
	}
	figures := func(p *person) string {
		t.Helper()
		code, page := p.get("/organizations/" + org.ID)
		if code != http.StatusOK {
			t.Fatalf("the staff's page: %d %s", code, page)
		}
		i, j := strings.Index(page, "singled out."), strings.Index(page, "Invit")
		if i < 0 {
			i = strings.Index(page, "identificado.")
		}
		if i < 0 || j < i {
			t.Fatalf("no figures on the staff's page:\n%s", page)
		}
		return page[i:j]
	}
	for _, c := range []struct {
		lang string
		want []string
	}{
		{"en", []string{"Clients: 23", "Alumni: 11", "Clients who checked in in the last 7 days: 12", "Cohort Fall: 11", "Cohort Spring: 12"}},
		{"es", []string{"Participantes: 23", "Exparticipantes: 11", "Participantes que hicieron un registro en los últimos 7 días: 12", "Cohorte Fall: 11", "Cohorte Spring: 12"}},
	} {
		got := figures(rosaSignsIn(c.lang))
		for _, w := range c.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: the figures do not read %q:\n%s", c.lang, w, got)
			}
		}
		if regexp.MustCompile(`fewer than|menos de|not shown|no se muestra`).MatchString(got) {
			t.Errorf("%s: a figure is held back that need not be:\n%s", c.lang, got)
		}
	}
	// Signing in in Spanish gave Rosa's account Spanish; she reads English again.
	if err := a.SetLanguage(asRosa, "en"); err != nil {
		t.Fatal(err)
	}
	dash, err := a.OrgDashboard(asRosa, org.ID)
	if err != nil {
		t.Fatal(err)
	}
	if dash.Clients != "23" || dash.Alumni != "11" || dash.CheckedInLast7 != "12" || dash.Cohorts["Spring"] != "12" || dash.Cohorts["Fall"] != "11" {
		t.Errorf("the API's figures: %+v", dash)
	}

	// Every client checks in: 23 of 23 would tell what each did.
	for _, u := range append(append([]*model.User{}, spring...), fall...) {
		checkIn(u)
	}
	p := rosaSignsIn("en")
	if got := figures(p); !strings.Contains(got, "Clients who checked in in the last 7 days: all but fewer than 11") {
		t.Errorf("all 23 checked in, and the figures read:\n%s", got)
	}

	// A program of 5: every figure is held back.
	small, err := a.CreateOrganization(asUser(account(t, a, "site2@example.org", "steady harbor lantern", "Site", model.RoleSiteAdmin)), "Small House", "rosa@example.org")
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 5; i++ {
		u := account(t, a, fmt.Sprintf("s%d@example.org", i), "amber meadow trail", fmt.Sprintf("S%d", i), model.RoleMember)
		inv, err := a.Invite(asRosa, small.ID, app.InviteInput{Cohort: "Winter"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := a.JoinOrganization(asUser(u), inv.Code); err != nil {
			t.Fatal(err)
		}
		checkIn(u)
	}
	code, page := p.get("/organizations/" + small.ID)
	for _, w := range []string{"Clients: fewer than 11", "Alumni: fewer than 11", "Clients who checked in in the last 7 days: fewer than 11", "Cohort Winter: fewer than 11"} {
		if code != http.StatusOK || !strings.Contains(page, w) {
			t.Errorf("Small House's figures do not read %q: %d\n%s", w, code, page)
		}
	}
}
