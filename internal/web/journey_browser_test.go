package web_test

import (
	"context"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/pquerna/otp/totp"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/testutil"
)

type css = chromedp.CSS

// TestJourneyNewMemberFirstDay: River signs up on a phone, is told to check
// her email, opens the link (which signs her in), adds her recovery start,
// checks in for the first time, joins a group, and her home page shows her
// recovery time, "Checked in today" and the group's next meeting.
func TestJourneyNewMemberFirstDay(t *testing.T) {
	exe := chromium(t)
	base, a, term := startServerMail(t)
	ctx0 := context.Background()
	g, asFay := facilitatedGroup(t, a, "Evening circle", "We meet every evening to talk.")
	start := a.Now().Add(3 * time.Hour).Format("2006-01-02T15:00") // on the app's clock, as every day the test reads
	if _, err := a.CreateGroupMeeting(asFay, g.ID, app.MeetingInput{Title: "Evening check-in", StartLocal: start, TimeZone: "UTC", DurationMinutes: 60,
		Recurrence: &app.RecurrenceInput{Freq: "weekly", Weekdays: []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"}}}); err != nil {
		t.Fatal(err)
	}
	ctx, done := phone(t, exe)
	defer done()
	st := steps{t}
	text := func(sel string) string { t.Helper(); return st.text(ctx, sel) }

	st.do(ctx, "sign up", chromedp.Navigate(base+"/signup"), chromedp.SendKeys(css(`#f-email`), "river@example.org"),
		chromedp.SendKeys(css(`#f-display_name`), "River"), chromedp.SendKeys(css(`#f-password`), "willow creek morning"),
		chromedp.Click(css(`main button[type=submit]`)), chromedp.WaitVisible(css(`.notice`)))
	if msg := text(`.notice`); !strings.Contains(msg, "Check your email") || !strings.Contains(msg, "the link signs you in") {
		t.Fatalf("after sign-up River reads %q", msg)
	}
	shot(t, ctx, "journey-member-1-check-your-email.png")

	st.do(ctx, "open the email's link", chromedp.Navigate(term.link(t, "/verify-email?token=")), chromedp.WaitVisible(css(`main button[type=submit]`)))
	if b := text(`main button[type=submit]`); b != "Confirm and sign in" {
		t.Fatalf("the link's button says %q", b)
	}
	st.do(ctx, "confirm", chromedp.Click(css(`main button[type=submit]`)), chromedp.WaitVisible(css(`#home-recovery`)))
	if h, n := text(`h1`), text(`.notice`); h != "Welcome, River" || !strings.Contains(n, "you are signed in") {
		t.Fatalf("after the link: %q / %q", h, n)
	}
	if s := text(`#home-checkin`); !strings.Contains(s, "Check in now") {
		t.Fatalf("before checking in the home page says %q", s)
	}
	if s := text(`#home-meeting`); !strings.Contains(s, "You are not in a group yet") {
		t.Fatalf("before joining a group: %q", s)
	}
	shot(t, ctx, "journey-member-2-home-first.png")

	startDate := a.Now().AddDate(0, 0, -45).Format("2006-01-02")
	st.do(ctx, "recovery start", chromedp.Click(css(`#home-recovery a`)), chromedp.WaitVisible(css(`#f-recovery_start`)),
		chromedp.SetValue(css(`#f-recovery_start`), startDate), chromedp.Click(css(`form.profile button[type=submit]`)), chromedp.WaitVisible(css(`.notice`)))
	if v, err := chromedp.Run(ctx, chromedp.Value(css(`#f-recovery_start`))); err != nil || v != startDate {
		t.Fatalf("the start date kept: %q %v", v, err)
	}

	st.do(ctx, "first check-in", chromedp.Click(css(`nav.tabs a[href="/checkin"]`)), chromedp.WaitVisible(css(`#mood-3`)),
		chromedp.Click(css(`label[for=mood-4]`)), chromedp.Click(css(`label[for=craving-3]`)), chromedp.Click(css(`label[for=f-used]`)),
		chromedp.Click(css(`form.checkin button[type=submit]`)), chromedp.WaitVisible(css(`.notice`)))
	if msg := text(`.notice`); !strings.Contains(msg, "Thank you for checking in") {
		t.Fatalf("after checking in: %q", msg)
	}
	if row := text(`table tbody tr`); !strings.Contains(row, "4/5") || !strings.Contains(row, "3/10") || !strings.HasSuffix(strings.ToLower(strings.TrimSpace(row)), "no") {
		t.Fatalf("today's row reads %q", row)
	}
	shot(t, ctx, "journey-member-3-checked-in.png")

	st.do(ctx, "find a group", chromedp.Click(css(`nav.tabs a[href="/groups"]`)), chromedp.WaitVisible(css(`a[href="/groups/`+g.ID+`"]`)),
		chromedp.Click(css(`a[href="/groups/`+g.ID+`"]`)), chromedp.WaitVisible(css(`form[action$="/join"] button`)),
		chromedp.Click(css(`form[action$="/join"] button`)), chromedp.WaitVisible(css(`.notice`)))
	shot(t, ctx, "journey-member-4-joined.png")

	st.do(ctx, "home", chromedp.Click(css(`nav.tabs a[href="/"]`)), chromedp.WaitVisible(css(`#home-recovery`)))
	me, err := a.Store().FindUserByEmail(ctx0, "river@example.org")
	if err != nil {
		t.Fatal(err)
	}
	rec, err := a.Recovery(app.WithActor(ctx0, &app.Actor{User: me}))
	if err != nil {
		t.Fatal(err)
	}
	if days := text(`#home-streak`); days != strconv.Itoa(rec.StreakDays) || rec.StreakDays < 44 {
		t.Fatalf("home shows %q days; River's recovery time is %d days", days, rec.StreakDays)
	}
	if s := text(`#home-checkin`); !strings.Contains(s, "Checked in today") {
		t.Fatalf("after checking in the home page says %q", s)
	}
	if s := text(`#home-meeting`); !strings.Contains(s, "Evening check-in") || !strings.Contains(s, "Evening circle") || !regexp.MustCompile(`(Today|Tomorrow|Now), `).MatchString(s) {
		t.Fatalf("the next meeting reads %q", s)
	}
	if s := text(`#home-messages`); !strings.Contains(s, "No new messages") {
		t.Fatalf("messages: %q", s)
	}
	shot(t, ctx, "journey-member-5-home.png")
}

// TestJourneyProgramAdmin: the site admin creates an organization and lands
// on its page and gives a role in the web UI; the program's admin is sent
// to set up two-factor login before using its powers, makes a short code;
// a client joins with it typed loosely, gives a consent after an error that
// keeps his ticks, and is discharged with the words staff chose. The
// server's clock and the phones' stand at testutil.PictureTime: the README's
// picture of the consent reads "From 6 December 2026 to 6 March 2027".
func TestJourneyProgramAdmin(t *testing.T) {
	exe := chromium(t)
	base, a := startServerWith(t, app.Options{Now: testutil.PictureClock()})
	site := account(t, a, "admin@example.org", "steady harbor lantern", "Admin", model.RoleSiteAdmin)
	siteSecret := withMFA(t, a, site)
	ava := account(t, a, "ava@example.org", "amber meadow trail", "Ava", model.RoleMember)
	account(t, a, "cal@example.org", "cobalt river stone", "Cal", model.RoleMember)
	account(t, a, "mo@example.org", "quiet willow harbor", "Mo", model.RoleMember)
	st := steps{t}

	adminCtx, closeAdmin := picturePhone(t, exe)
	defer closeAdmin()
	st.signIn(adminCtx, base, "admin@example.org", "steady harbor lantern")
	st.mfaStepAt(adminCtx, siteSecret, testutil.PictureTime)
	st.do(adminCtx, "administration", chromedp.Click(css(`nav.tabs a[href="/more"]`)), chromedp.WaitVisible(css(`#admin-items`)),
		chromedp.Click(css(`#admin-items a[href="/admin"]`)), chromedp.WaitVisible(css(`form[action="/admin/organizations"]`)))
	st.do(adminCtx, "create an organization", chromedp.SendKeys(css(`form[action="/admin/organizations"] #f-name`), "Harbor House"),
		chromedp.SendKeys(css(`#f-admin_email`), "ava@example.org"), chromedp.Click(css(`form[action="/admin/organizations"] button`)), chromedp.WaitVisible(css(`.notice`)))
	if h, n := st.text(adminCtx, `h1`), st.text(adminCtx, `.notice`); h != "Harbor House" || !strings.Contains(n, "The organization is ready") {
		t.Fatalf("after creating: %q / %q", h, n)
	}
	if html, err := chromedp.Run(adminCtx, chromedp.Evaluate[string](`document.querySelector("main").innerText`)); err == nil && !strings.Contains(html, "People") {
		t.Logf("organization page: %s", html)
	}
	if people := st.text(adminCtx, `main table`); !strings.Contains(people, "Ava") || !strings.Contains(people, "admin") {
		t.Fatalf("the organization's people: %q", people)
	}
	shot(t, adminCtx, "journey-admin-1-organization-created.png")
	st.do(adminCtx, "give a role", chromedp.Navigate(base+"/admin"), chromedp.SendKeys(css(`form[action="/admin/roles"] #f-email`), "mo@example.org"),
		chromedp.SetValue(css(`#f-role`), "moderator"), chromedp.Click(css(`form[action="/admin/roles"] button`)), chromedp.WaitVisible(css(`.notice`)))
	if people := st.text(adminCtx, `#admin-people`); !regexp.MustCompile(`Mo\s+mo@example.org\s+moderator\s+not set up yet`).MatchString(people) {
		t.Fatalf("people with roles: %q", people)
	}
	if orgs := st.text(adminCtx, `#admin-orgs`); !strings.Contains(orgs, "Harbor House") || !strings.Contains(orgs, "1 admin, 0 staff, 0 clients") {
		t.Fatalf("organizations: %q", orgs)
	}
	shot(t, adminCtx, "journey-admin-2-administration.png")

	avaCtx, closeAva := picturePhone(t, exe)
	defer closeAva()
	st.signIn(avaCtx, base, "ava@example.org", "amber meadow trail")
	st.do(avaCtx, "Ava opens her program", chromedp.Navigate(base+"/organizations"), chromedp.Click(css(`main a[href^="/organizations/"]`)),
		chromedp.WaitVisible(css(`#mfa-why`)))
	if h, why := st.text(avaCtx, `h1`), st.text(avaCtx, `#mfa-why`); h != "Two-factor login first" || !strings.Contains(why, "You look after other people in an organization") {
		t.Fatalf("Ava without two-factor login reads %q / %q", h, why)
	}
	shot(t, avaCtx, "journey-admin-3-two-factor-first.png")
	secret := withMFA(t, a, ava)
	st.signIn(avaCtx, base, "ava@example.org", "amber meadow trail")
	st.mfaStepAt(avaCtx, secret, testutil.PictureTime)
	st.do(avaCtx, "make a code", chromedp.Navigate(base+"/organizations"), chromedp.Click(css(`main a[href^="/organizations/"]`)), chromedp.WaitVisible(css(`#f-cohort`)),
		chromedp.SendKeys(css(`#f-cohort`), "Spring"), chromedp.Click(css(`form input[value=invite] ~ button`)), chromedp.WaitVisible(css(`#invite-code`)))
	code := st.text(avaCtx, `#invite-code`)
	if !regexp.MustCompile(`^[34679ACDEFGHJKMNPQRTUVWXY]{5}-[34679ACDEFGHJKMNPQRTUVWXY]{5}$`).MatchString(code) {
		t.Fatalf("the invitation code %q is not 10 unambiguous characters in two groups", code)
	}
	if codes := st.text(avaCtx, `#codes`); !strings.Contains(codes, "Cohort Spring") || !strings.Contains(codes, "not used yet") {
		t.Fatalf("the codes made: %q", codes)
	}
	shot(t, avaCtx, "journey-admin-4-invitation-code.png")
	// A second code, made by mistake, is revoked: nobody can use it.
	st.do(avaCtx, "a second code", chromedp.Navigate(base+"/organizations"), chromedp.Click(css(`main a[href^="/organizations/"]`)), chromedp.WaitVisible(css(`#f-cohort`)),
		chromedp.SendKeys(css(`#f-cohort`), "Summer"), chromedp.Click(css(`form input[value=invite] ~ button`)), chromedp.WaitVisible(css(`#invite-code`)))
	second := st.text(avaCtx, `#invite-code`)
	st.do(avaCtx, "revoke it", chromedp.Click(css(`#codes li:first-child form button`)), chromedp.WaitNotPresent(css(`#invite-code`)), chromedp.WaitVisible(css(`.notice`)))
	if n, codes := st.text(avaCtx, `.notice`), st.text(avaCtx, `#codes`); !strings.Contains(n, "revoked") || !strings.Contains(codes, "Cohort Summer") || !strings.Contains(codes, "ended unused") {
		t.Fatalf("after revoking: %q / %q", n, codes)
	}

	calCtx, closeCal := picturePhone(t, exe)
	defer closeCal()
	st.signIn(calCtx, base, "cal@example.org", "cobalt river stone")
	st.do(calCtx, "the revoked code", chromedp.Navigate(base+"/organizations"), chromedp.SendKeys(css(`#f-code`), second),
		chromedp.Click(css(`form[action="/organizations/join"] button`)), chromedp.WaitVisible(css(`#error-summary`)))
	if e := st.text(calCtx, `#error-summary`); !strings.Contains(e, "That code has ended") {
		t.Fatalf("joining with a revoked code: %q", e)
	}
	loose := strings.ToLower(strings.ReplaceAll(code, "-", " "))
	st.do(calCtx, "join with the code", chromedp.Navigate(base+"/organizations"), chromedp.SendKeys(css(`#f-code`), loose),
		chromedp.Click(css(`form[action="/organizations/join"] button`)), chromedp.WaitVisible(css(`.notice`)))
	if n := st.text(calCtx, `.notice`); !strings.Contains(n, "Welcome") {
		t.Fatalf("after joining with %q: %q", loose, n)
	}
	st.do(calCtx, "consent with a mistake", chromedp.Navigate(base+"/consents"), chromedp.WaitVisible(css(`#c-checkins`)))
	today := testutil.PictureTime
	if from, _ := chromedp.Run(calCtx, chromedp.Value(css(`#f-starts_at`))); from != today.Format("2006-01-02") {
		t.Fatalf("the consent starts %q by default", from)
	}
	if until, _ := chromedp.Run(calCtx, chromedp.Value(css(`#f-ends_at`))); until != today.AddDate(0, 3, 0).Format("2006-01-02") {
		t.Fatalf("the consent ends %q by default", until)
	}
	st.do(calCtx, "tick and forget the purpose", chromedp.Click(css(`#c-checkins`)), chromedp.Click(css(`#c-recovery`)),
		chromedp.Click(css(`form[action="/consents"] button[type=submit]`)), chromedp.WaitVisible(css(`#error-summary`)))
	for sel, want := range map[string]bool{`#c-checkins`: true, `#c-recovery`: true, `#c-profile`: false} {
		if on, err := chromedp.Run(calCtx, chromedp.JavascriptAttribute[bool](css(sel), "checked")); err != nil || on != want {
			t.Fatalf("after the error %s checked = %v, want %v (%v)", sel, on, want, err)
		}
	}
	st.do(calCtx, "give the consent", chromedp.SendKeys(css(`#f-purpose`), "my counsellor follows my week"),
		chromedp.Click(css(`form[action="/consents"] button[type=submit]`)), chromedp.WaitVisible(css(`.notice`)))
	if n := st.text(calCtx, `.notice`); !strings.Contains(n, "Consent recorded") {
		t.Fatalf("after consenting: %q", n)
	}
	if card := st.text(calCtx, `.cards li`); !strings.Contains(card, "Staff at Harbor House can see your check-ins and your recovery time. For: my counsellor follows my week. "+
		"From 6 December 2026 to 6 March 2027.") {
		t.Fatalf("Cal's consent reads %q", card)
	}
	shot(t, calCtx, "journey-admin-5-consent.png")

	st.do(avaCtx, "discharge asks first", chromedp.Navigate(base+"/organizations"), chromedp.Click(css(`main a[href^="/organizations/"]`)),
		chromedp.Click(css(`form input[value=discharge] ~ button`)), chromedp.WaitVisible(css(`#f-outcome`)))
	if h := st.text(avaCtx, `h1`); h != "Discharge Cal?" {
		t.Fatalf("the confirmation asks %q", h)
	}
	shot(t, avaCtx, "journey-admin-6-discharge-confirm.png")
	st.do(avaCtx, "discharge: left", chromedp.Click(css(`label[for=out-left]`)), chromedp.Click(css(`main form button[type=submit]`)), chromedp.WaitVisible(css(`.notice`)))
	if row := st.text(avaCtx, `table tbody`); !regexp.MustCompile(`Cal\s+alum\s`).MatchString(row) {
		t.Fatalf("after the discharge the people read %q", row)
	}
	if codes := st.text(avaCtx, `#codes`); !strings.Contains(codes, "used by Cal") {
		t.Fatalf("the codes after Cal joined: %q", codes)
	}
	st.do(calCtx, "Cal reads why", chromedp.Navigate(base+"/notifications"), chromedp.WaitVisible(css(`.notifications`)))
	if s := st.text(calCtx, `.notifications`); !strings.Contains(s, "Your time in the program with Harbor House has ended") || strings.Contains(s, "Congratulations") {
		t.Fatalf("Cal's notification: %q", s)
	}
	shot(t, calCtx, "journey-admin-7-client-told.png")
}

// TestJourneyMentor: Mia, a member who offers to mentor (with two-factor
// login, which mentoring needs), sees a request on her mentorship page and
// accepts it; her home and tab bar are the member's.
func TestJourneyMentor(t *testing.T) {
	exe := chromium(t)
	base, a := startServer(t)
	ctx0 := context.Background()
	mia, eli, secret := readyMentor(t, a)
	if _, err := a.RequestMentor(app.WithActor(ctx0, &app.Actor{User: eli}), mia.ID, "I am three weeks in and could use someone to talk to."); err != nil {
		t.Fatal(err)
	}
	ctx, done := phone(t, exe)
	defer done()
	st := steps{t}
	st.signIn(ctx, base, "mia@example.org", "amber meadow trail")
	st.mfaStep(ctx, secret)
	if s := st.text(ctx, `#home-recovery`); !strings.Contains(s, "days") {
		t.Fatalf("Mia's home: %q", s)
	}
	shot(t, ctx, "journey-mentor-1-home.png")
	st.do(ctx, "mentorship", chromedp.Click(css(`nav.tabs a[href="/more"]`)), chromedp.Click(css(`main a[href="/mentorship"]`)),
		chromedp.WaitVisible(css(`form[action$="/status"] input[value=accept] ~ button`)))
	if s := st.text(ctx, `main`); !strings.Contains(s, "Eli") || !strings.Contains(s, "three weeks in") {
		t.Fatalf("Mia's mentorship page: %q", s)
	}
	shot(t, ctx, "journey-mentor-2-request.png")
	st.do(ctx, "accept", chromedp.Click(css(`form[action$="/status"] input[value=accept] ~ button`)), chromedp.WaitVisible(css(`.notice`)))
	if s := st.text(ctx, `main`); !strings.Contains(s, "Eli (your mentee, active)") {
		t.Fatalf("after accepting: %q", s)
	}
	shot(t, ctx, "journey-mentor-3-accepted.png")

	// Eli shares his check-ins with Mia, answers "No" to using today; he
	// had answered "Yes" yesterday. Mia reads each answer as he gave it
	// (a *bool once made every shared answer read "Yes").
	asEli := app.WithActor(ctx0, &app.Actor{User: eli})
	yesterday := a.Today(asEli).AddDate(0, 0, -1).Format("2006-01-02")
	if _, _, err := a.RecordCheckin(asEli, app.CheckinInput{Mood: 2, Craving: 7, Used: true, Note: "A hard night, I used", Date: yesterday}); err != nil {
		t.Fatal(err)
	}
	eliCtx, closeEli := phone(t, exe)
	defer closeEli()
	st.signIn(eliCtx, base, "eli@example.org", "cobalt river stone")
	st.do(eliCtx, "share with Mia", chromedp.Navigate(base+"/mentorship"), chromedp.WaitVisible(css(`form[action$="/share"]`)),
		chromedp.Click(css(`form[action$="/share"] input[name=mood]`)), chromedp.Click(css(`form[action$="/share"] input[name=craving]`)),
		chromedp.Click(css(`form[action$="/share"] input[name=used]`)), chromedp.Click(css(`form[action$="/share"] input[name=note]`)),
		chromedp.Click(css(`form[action$="/share"] button`)),
		// The boxes are ticked before the form is sent: wait for the page
		// the save answers with, or the next click may cancel the save.
		chromedp.WaitVisible(css(`main p.notice[role=status]`)),
		chromedp.WaitVisible(css(`form[action$="/share"] input[name=used]:checked`)))
	st.do(eliCtx, "check in: did not use", chromedp.Click(css(`nav.tabs a[href="/checkin"]`)), chromedp.WaitVisible(css(`#mood-3`)),
		chromedp.Click(css(`label[for=mood-4]`)), chromedp.Click(css(`label[for=craving-2]`)), chromedp.Click(css(`label[for=f-used]`)),
		chromedp.SendKeys(css(`#f-note`), "Went to my meeting"), chromedp.Click(css(`form.checkin button[type=submit]`)), chromedp.WaitVisible(css(`.notice`)))
	stored, err := a.ListCheckins(asEli, 7)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{} // note -> the answer stored
	for _, c := range stored {
		want[c.Note] = map[bool]string{true: "Yes", false: "No"}[c.Used]
	}
	if want["Went to my meeting"] != "No" || want["A hard night, I used"] != "Yes" {
		t.Fatalf("stored: %v", want)
	}
	st.do(ctx, "Mia opens Eli's check-ins", chromedp.Navigate(base+"/mentorship"), chromedp.Click(css(`a[href$="/checkins"]`)),
		chromedp.WaitVisible(css(`main table tbody tr`)))
	rows := eval[[]map[string]string](t, ctx, "read the table", `(() => { const heads = Array.from(document.querySelectorAll('main table thead th')).map(th => th.innerText.trim());
		return Array.from(document.querySelectorAll('main table tbody tr')).map(tr => Object.fromEntries(Array.from(tr.cells).map((td, i) => [heads[i], td.innerText.trim()]))); })()`)
	seen := 0
	for _, r := range rows {
		if w, ok := want[r["Note"]]; ok {
			seen++
			if r["Used"] != w {
				t.Errorf("Mia reads Used %q beside %q; Eli answered %s", r["Used"], r["Note"], w)
			}
		}
	}
	if seen != 2 {
		t.Fatalf("Mia's table: %v", rows)
	}
	shot(t, ctx, "journey-mentor-4-mentee-checkins.png")
}

// TestJourneyFacilitator: Ash starts a group from the Groups tab. Starting
// one makes her its facilitator, and facilitators need two-factor login:
// the page says so before the form; a try without it is refused on the
// same page with what she wrote kept in the form (walk13 W13-9: the page
// that explained it lost her words); she sets it up in the new tab the
// link beside the form opens, comes back, presses the button again without
// typing anything and lands on her group as its facilitator.
func TestJourneyFacilitator(t *testing.T) {
	exe := chromium(t)
	base, a := startServer(t)
	cast(t, a)
	ctx, done := phone(t, exe)
	defer done()
	st := steps{t}
	st.signIn(ctx, base, "ash@example.org", "amber meadow trail")
	st.do(ctx, "groups", chromedp.Click(css(`nav.tabs a[href="/groups"]`)), chromedp.WaitVisible(css(`form[action="/groups"] #f-name`)))
	if s := st.text(ctx, `#start-mfa`); !strings.Contains(s, "Starting a group makes you its facilitator") || !strings.Contains(s, "Set up two-factor login first") {
		t.Fatalf("before the form Ash reads %q", s)
	}
	shot(t, ctx, "journey-facilitator-1-groups.png")
	start := func(what string, wait string) {
		t.Helper()
		st.do(ctx, what, chromedp.Navigate(base+"/groups"), chromedp.SendKeys(css(`form[action="/groups"] #f-name`), "Parents in recovery"),
			chromedp.SendKeys(css(`#f-description`), "For parents finding their way, evenings."),
			chromedp.Click(css(`form[method=post][action="/groups"] button[type=submit]`)), chromedp.WaitVisible(css(wait)))
	}
	start("start a group without two-factor login", `#error-summary`)
	if got := st.text(ctx, `#error-summary`); !strings.Contains(got, "Your group is not started yet: facilitators use two-factor login. What you wrote is kept in the form below.") {
		t.Fatalf("a group started without two-factor login reads %q", got)
	}
	name := eval[string](t, ctx, "the name kept", `document.querySelector('#f-name').value`)
	desc := eval[string](t, ctx, "the purpose kept", `document.querySelector('#f-description').value`)
	if name != "Parents in recovery" || desc != "For parents finding their way, evenings." {
		t.Fatalf("after the refusal the form holds %q / %q", name, desc)
	}
	if s := st.text(ctx, `#start-mfa a[target=_blank]`); s != "Set up two-factor login first (opens in a new tab)" {
		t.Fatalf("beside the form the link reads %q", s)
	}
	shot(t, ctx, "journey-facilitator-2-two-factor-first.png")
	// The link opens in a new tab, where she sets it up.
	href := eval[string](t, ctx, "the link", `document.querySelector('#start-mfa a').getAttribute('href')`)
	setup, closeSetup := chromedp.NewContext(ctx)
	defer closeSetup()
	st.do(setup, "the set-up tab", chromedp.EmulateViewport(390, 844), chromedp.Navigate(base+href), chromedp.WaitVisible(css(`main .banner`)))
	if s := st.text(setup, `main .banner`); !strings.Contains(s, "facilitators") || !strings.Contains(s, "Set it up below") {
		t.Fatalf("the security page says %q", s)
	}
	st.do(setup, "set up", chromedp.Click(css(`form[action="/settings/mfa/setup"] button`)), chromedp.WaitVisible(css(`#mfa-secret`)))
	code, err := totp.GenerateCode(strings.TrimSpace(st.text(setup, `#mfa-secret`)), a.Now()) // the app's clock
	if err != nil {
		t.Fatal(err)
	}
	st.do(setup, "turn it on", chromedp.SendKeys(css(`#f-code`), code), chromedp.Click(css(`form[action="/settings/mfa/confirm"] button`)), chromedp.WaitVisible(css(`#recovery-codes`)))
	shot(t, setup, "journey-facilitator-3-two-factor-on.png")
	// Back on the first tab, nothing typed again.
	st.do(ctx, "start the group", chromedp.Click(css(`form[method=post][action="/groups"] button[type=submit]`)),
		chromedp.WaitVisible(css(`main a.button[href$="/chat"]`))) // the group page itself: /groups has hints too
	if h, hint := st.text(ctx, `h1`), st.text(ctx, `main p.hint`); h != "Parents in recovery" || !strings.Contains(hint, "you are its facilitator") {
		t.Fatalf("after starting the group: %q / %q", h, hint)
	}
	if cur := st.text(ctx, `nav.tabs a[aria-current]`); !strings.Contains(cur, "Groups") {
		t.Fatalf("on a group page the current tab is %q", cur)
	}
	shot(t, ctx, "journey-facilitator-4-group.png")
}

// facilitatedGroup creates the site admin and Fay, who has two-factor login
// and facilitates a new listed group; it returns the group and Fay's context.
func facilitatedGroup(t *testing.T, a *app.App, name, desc string) (*app.GroupView, context.Context) {
	t.Helper()
	account(t, a, "admin@example.org", "steady harbor lantern", "Admin", model.RoleSiteAdmin)
	return faysGroup(t, a, name, desc)
}

// faysGroup creates Fay, who has two-factor login and facilitates a new
// listed group; it returns the group and Fay's context.
func faysGroup(t *testing.T, a *app.App, name, desc string) (*app.GroupView, context.Context) {
	t.Helper()
	g, asFay, _ := faysGroupMFA(t, a, name, desc)
	return g, asFay
}

// faysGroupMFA is faysGroup with Fay's two-factor secret too, for a test
// that signs her in ("fay@example.org", "quiet harbor willow").
func faysGroupMFA(t *testing.T, a *app.App, name, desc string) (*app.GroupView, context.Context, string) {
	t.Helper()
	return faysGroupOf(t, a, name, desc, "listed")
}

// faysGroupOf is faysGroupMFA for a group of visibility vis ("private":
// members ask to join and a facilitator approves).
func faysGroupOf(t *testing.T, a *app.App, name, desc, vis string) (*app.GroupView, context.Context, string) {
	t.Helper()
	fay := account(t, a, "fay@example.org", "quiet harbor willow", "Fay", model.RoleMember)
	secret := withMFA(t, a, fay)
	asFay := asUser(fay)
	g, err := a.CreateGroup(asFay, app.GroupInput{Name: &name, Description: &desc, Visibility: &vis})
	if err != nil {
		t.Fatal(err)
	}
	return g, asFay, secret
}

// joinedAll has each person of as join the group, accepting its
// guidelines (in a private group: ask to join).
func joinedAll(t *testing.T, a *app.App, groupID string, as ...context.Context) {
	t.Helper()
	for _, p := range as {
		if _, err := a.JoinGroup(p, groupID, true); err != nil {
			t.Fatal(err)
		}
	}
}

// askedAndRemoved has Ravi (en) ask to join Fay's private group g, and
// Lucía (es) ask, be approved and then removed by Fay with a reason.
func askedAndRemoved(t *testing.T, a *app.App, g *app.GroupView, asFay context.Context) {
	t.Helper()
	ravi := account(t, a, "ravi@example.org", "cobalt river stone", "Ravi", model.RoleMember)
	lu := account(t, a, "lucia@example.org", "amber meadow trail", "Lucía", model.RoleMember)
	if err := a.SetLanguage(asUser(lu), "es"); err != nil {
		t.Fatal(err)
	}
	joinedAll(t, a, g.ID, asUser(ravi), asUser(lu))
	for _, act := range []string{"approve", "remove"} {
		if err := a.ManageGroupMember(asFay, g.ID, lu.ID, app.ManageMember{Action: act, Reason: "Off-topic posts after two reminders"}); err != nil {
			t.Fatal(err)
		}
	}
}

// reportedInGroup has from write body in the group's chat and by report
// it for reason (with details, if any); it returns the message's id.
func reportedInGroup(t *testing.T, a *app.App, groupID string, from, by context.Context, client, body, reason, details string) string {
	t.Helper()
	id := said(t, a, from, groupID, client, body)
	if _, err := a.Report(by, app.ReportInput{TargetType: "message", TargetID: id, Reason: reason, Details: details}); err != nil {
		t.Fatal(err)
	}
	return id
}

// said has from write body in the group's chat and returns the message's id.
func said(t *testing.T, a *app.App, from context.Context, groupID, client, body string) string {
	t.Helper()
	m, _, err := a.SendMessage(from, groupID, client, body)
	if err != nil {
		t.Fatal(err)
	}
	return m.ID
}
