package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/model"
)

// TestBrowserEndingAMentorshipAsksFirst: a mentor on a phone ended a
// mentorship with one tap, no question asked, and her old link to the
// mentee's check-ins then showed a bare error. Now "End the mentorship"
// asks first, on a page that says what ending does ("Keep the
// mentorship" changes nothing), in English and Spanish; and the old link
// says the mentorship ended and when, naming the mentee as her mentorship
// page does and showing nothing of theirs.
func TestBrowserEndingAMentorshipAsksFirst(t *testing.T) {
	base, a := startServer(t)
	mia, m, ctx := mentorEndingOnPhone(t, base, a)
	st := steps{t}
	endButton := `form[action="/mentorships/` + m.ID + `/status"]:has(input[value=end]) button`
	confirm := `form:has(input[name=confirm][value=yes]) button.danger`
	status := func() string {
		t.Helper()
		mine, err := a.ListMentorships(asUser(mia))
		if err != nil || len(mine.AsMentor) != 1 {
			t.Fatalf("Mia's mentorships: %+v %v", mine, err)
		}
		return mine.AsMentor[0].Status
	}

	// The question, and keeping it.
	st.do(ctx, "end, in English", chromedp.Navigate(base+"/mentorship"), chromedp.Click(css(endButton)), chromedp.WaitVisible(css(confirm)))
	if h, p := st.text(ctx, `main h1`), st.text(ctx, `main`); h != "End your mentorship with Eli?" ||
		!strings.Contains(p, "You will stop seeing Eli's check-ins at once, and they will be told, with where to find another mentor.") {
		t.Errorf("the question reads %q:\n%s", h, p)
	}
	shot(t, ctx, "mentorship-end-ask-en.png")
	st.do(ctx, "keep it", chromedp.Click(css(`main a[href="/mentorship"].button`)), chromedp.WaitVisible(css(endButton)))
	if s := status(); s != app.MentorshipActive {
		t.Fatalf("after keeping it the mentorship is %s", s)
	}

	// In Spanish, the question and the end.
	st.spanish(ctx, base)
	st.do(ctx, "end, in Spanish", chromedp.Navigate(base+"/mentorship"), chromedp.Click(css(endButton)), chromedp.WaitVisible(css(confirm)))
	if h, p := st.text(ctx, `main h1`), st.text(ctx, `main`); h != "¿Terminar tu mentoría con Eli?" ||
		!strings.Contains(p, "Dejarás de ver los registros de Eli de inmediato") || !strings.Contains(p, "Seguir con la mentoría") {
		t.Errorf("the question in Spanish reads %q:\n%s", h, p)
	}
	shot(t, ctx, "mentorship-end-ask-es.png")
	st.do(ctx, "confirm", chromedp.Click(css(confirm)), chromedp.WaitVisible(css(`.notice`)))
	if s := status(); s != app.MentorshipEnded {
		t.Fatalf("after confirming the mentorship is %s", s)
	}

	// The old link to Eli's check-ins.
	for _, c := range []struct{ lang, title, reads string }{
		{"es", "Tu mentoría con Eli terminó", "Ya no ves sus registros. La mentoría terminó el "},
		{"en", "Your mentorship with Eli has ended", "Their check-ins are no longer shared with you. The mentorship ended on "},
	} {
		if c.lang == "en" {
			st.do(ctx, "English", chromedp.Navigate(base+"/profile"), chromedp.SetValue(css(`#f-kinship-lang`), "en"),
				chromedp.Click(css(`form[action="/language"] button`)), chromedp.WaitVisible(css(`html[lang="en"]`)))
		}
		st.do(ctx, c.lang+" old link", chromedp.Navigate(base+"/mentorships/"+m.ID+"/checkins"), chromedp.WaitVisible(css(`#mentee-intro`)))
		if h, p := st.text(ctx, `main h1`), st.text(ctx, `#mentee-intro`); h != c.title || !strings.HasPrefix(p, c.reads) {
			t.Errorf("%s: the old link reads %q — %q", c.lang, h, p)
		}
		if n := eval[int](t, ctx, "tables", `document.querySelectorAll('main table, .error-summary').length`); n != 0 {
			t.Errorf("%s: the old link shows %d tables or errors", c.lang, n)
		}
		shot(t, ctx, "mentorship-ended-link-"+c.lang+".png")
	}
}

// mentorEndingOnPhone makes Mia Eli's mentor (readyMentor; Eli asked and
// she accepted) and signs her in on a phone with two-factor login.
func mentorEndingOnPhone(t *testing.T, base string, a *app.App) (mia *model.User, m *app.MentorshipView, ctx context.Context) {
	t.Helper()
	mia, eli, secret := readyMentor(t, a)
	m, err := a.RequestMentor(asUser(eli), mia.ID, "Could we talk on Tuesdays?")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.ChangeMentorship(asUser(mia), m.ID, "accept", ""); err != nil {
		t.Fatal(err)
	}
	ctx = signedInPhone(t, base, "mia@example.org", "amber meadow trail")
	steps{t}.mfaStep(ctx, secret)
	return mia, m, ctx
}
