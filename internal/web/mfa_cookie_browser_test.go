package web_test

import (
	"context"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/pquerna/otp/totp"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// walk6: Inés (es) signed in with her password and then a recovery code,
// checked in, joined a group and wrote there; the next page she opened
// half an hour later sent her to "Iniciar sesión". Signing in with
// two-factor login set the session cookie for the pending sign-in's 10
// minutes, and finishing it with the code never set it again, so the
// browser dropped it 10 minutes after every sign-in with a code: every
// mentor, moderator and admin (who must use two-factor login) was signed
// out, mid-sentence, 10 minutes in. Bo (en, code from his app) and Ash
// (es, a recovery code) now hold a cookie that lasts as their session does,
// and their pages after the code are their own.
func TestBrowserTwoFactorSignInLastsAsTheSession(t *testing.T) {
	s := startServerParts(t, app.Options{}, nil)
	ash, bo := cast(t, s.app)
	secret := withMFA(t, s.app, bo)
	asAsh := app.WithActor(context.Background(), &app.Actor{User: ash})
	setup, err := s.app.BeginMFA(asAsh)
	if err != nil {
		t.Fatal(err)
	}
	code, _ := totp.GenerateCode(setup.Secret, s.app.Now())
	codes, err := s.app.ConfirmMFA(asAsh, code)
	if err != nil || len(codes) == 0 {
		t.Fatalf("Ash's recovery codes: %v %v", codes, err)
	}
	if err := s.app.SetLanguage(asAsh, "es"); err != nil {
		t.Fatal(err)
	}
	st := steps{t}
	type css = chromedp.CSS

	// lasts checks that the tab's session cookie ends when u's session does.
	lasts := func(tab context.Context, u *model.User, who string) {
		t.Helper()
		sessions, err := s.store.ListSessions(context.Background(), u.ID)
		if err != nil || len(sessions) != 1 || sessions[0].MFAPending {
			t.Fatalf("%s's sessions: %+v %v", who, sessions, err)
		}
		res, err := chromedp.Call(tab, network.GetCookies, network.GetCookiesParams{URLs: []string{s.base + "/"}})
		if err != nil {
			t.Fatal(err)
		}
		var expires float64
		for _, c := range res.Cookies {
			if c.Name == "kinship_session" {
				expires = c.Expires
			}
		}
		// Chromium keeps a cookie (Max-Age) by the machine's clock, the
		// session ends by the app's, which KINSHIP_TEST_CLOCK may move.
		shift, _ := testutil.EnvShift(t)
		ends := float64(sessions[0].ExpiresAt.Add(-shift).Unix())
		if expires <= 0 || math.Abs(expires-ends) > 3600 {
			t.Errorf("%s's browser keeps the session cookie until %s; the session runs until %s (%s by the machine's clock)",
				who, time.Unix(int64(expires), 0).UTC(), sessions[0].ExpiresAt.UTC(), sessions[0].ExpiresAt.Add(-shift).UTC())
		}
	}

	boTab := signedInPhone(t, s.base, "bo@example.org", "cobalt river stone")
	st.mfaStep(boTab, secret)
	st.do(boTab, "Bo opens his check-in", chromedp.Navigate(s.base+"/checkin"), chromedp.WaitVisible(css(`form.checkin`)))
	if got := st.text(boTab, `main h1`); got != "Check in" {
		t.Errorf("Bo, signed in with his code, reads %q", got)
	}
	lasts(boTab, bo, "Bo")
	shot(t, boTab, "mfa-signed-in-en.png")

	ashTab := signedInPhone(t, s.base, "ash@example.org", "amber meadow trail")
	st.until(ashTab, "the two-factor page", `document.readyState === 'complete' && !!document.querySelector('#f-code')`)
	st.do(ashTab, "Ash types a recovery code", chromedp.SendKeys(css(`#f-code`), codes[0]), chromedp.Click(css(`form[action="/login/mfa"] button`)))
	st.until(ashTab, "the page after the code", `document.readyState === 'complete' && location.pathname !== '/login/mfa'`)
	if got := st.text(ashTab, `main h1`); !strings.Contains(got, "Hola, Ash") {
		t.Errorf("Ash, signed in with a recovery code, reads %q", got)
	}
	lasts(ashTab, ash, "Ash")
	shot(t, ashTab, "mfa-recovery-signed-in-es.png")
}
