package web

import (
	"errors"
	"net/http"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/model"
)

// Home is the landing page for visitors and the dashboard for members.
func (p *Pages) Home(w http.ResponseWriter, r *http.Request) {
	act := app.ActorFrom(r.Context())
	if act == nil || act.Session.MFAPending {
		p.render(w, r, http.StatusOK, "home", view{Title: p.tr(r, "home.title")})
		return
	}
	h, err := p.app.Home(r.Context())
	if err != nil {
		p.fail(w, r, "message", view{Title: p.tr(r, "auth.home_title")}, err)
		return
	}
	zone, known := zoneOr(r, h.OwnZone()) // the member's own, else the browser's
	if known {
		h.Zone = zone
	}
	d := homeData(p.viewerLang(r), act.User, h, p.app.Now())
	var e *model.Error
	if err := p.app.WriteBlock(r.Context()); errors.As(err, &e) && e.Kind == model.KindForbidden {
		d.Suspended = upperFirst(p.viewerLang(r).App(e.Message))
		if e.Msg != nil {
			d.Suspended = upperFirst(p.viewerLang(r).Say(e.Msg))
		}
	}
	// A site admin who has not set up two-factor login (the first account
	// of a new Kinship) is told what they are, where its pages are, and
	// what comes first (walk11 W11-8).
	d.AdminFirstSteps = act.User.Role == model.RoleSiteAdmin && act.NeedsMFASetup()
	v := view{Title: p.tr(r, "auth.home_title"), Data: d, Zone: zone, ZoneKnown: known}
	if r.URL.Query().Get("verified") == "1" {
		v.Notice = p.tr(r, "auth.confirmed")
	}
	p.render(w, r, http.StatusOK, "dashboard", v)
}

// SignupForm shows the sign-up form.
func (p *Pages) SignupForm(w http.ResponseWriter, r *http.Request) {
	p.render(w, r, http.StatusOK, "signup", view{Title: p.tr(r, "home.join"), Data: newPlace(p.viewerLang(r), "", "", nil)})
}

// Signup creates an account and sends the person to sign in, with the same
// notice whether or not the email was new.
func (p *Pages) Signup(w http.ResponseWriter, r *http.Request) {
	f := form(r, "email", "display_name", "time_zone", "country")
	_, err := p.app.Signup(r.Context(), app.SignupInput{Email: f["email"], Password: r.PostFormValue("password"), DisplayName: f["display_name"], IP: p.opts.ClientIP(r),
		TimeZone: f["time_zone"], Country: f["country"], Language: p.viewerLang(r).Code})
	if err != nil {
		p.fail(w, r, "signup", view{Title: p.tr(r, "home.join"), Form: f, Data: newPlace(p.viewerLang(r), f["time_zone"], f["country"], fieldsOf(err))}, err)
		return
	}
	http.Redirect(w, r, "/login?joined=1", http.StatusSeeOther)
}

// LoginForm shows the sign-in form.
func (p *Pages) LoginForm(w http.ResponseWriter, r *http.Request) {
	v := view{Title: p.tr(r, "auth.sign_in_title"), NextURL: localNext(r.URL.Query().Get("next"))}
	switch {
	case r.URL.Query().Get("joined") == "1":
		v.Notice = p.tr(r, "auth.joined")
	case r.URL.Query().Get("reset") == "1":
		v.Notice = p.tr(r, "auth.reset_done")
	case r.URL.Query().Get("bye") == "1":
		v.Notice = p.tr(r, "auth.bye")
	}
	p.render(w, r, http.StatusOK, "login", v)
}

// Login signs in; with two-factor login on, it continues at /login/mfa.
func (p *Pages) Login(w http.ResponseWriter, r *http.Request) {
	f := form(r, "email", "next")
	res, err := p.app.Login(r.Context(), app.LoginInput{Email: f["email"], Password: r.PostFormValue("password"), IP: p.opts.ClientIP(r), UserAgent: r.UserAgent(), AllowPending: true,
		Device: DeviceCookie(r, p.opts.Secure)})
	if err != nil {
		p.fail(w, r, "login", view{Title: p.tr(r, "auth.sign_in_title"), Form: f, NextURL: localNext(f["next"])}, err)
		return
	}
	SetSessionCookie(w, p.opts.Secure, res.Token, res.Session.ExpiresAt, p.app.Now())
	SetDeviceCookie(w, p.opts.Secure, res.Device)
	if res.Session.MFAPending {
		http.Redirect(w, r, "/login/mfa?next="+urlQuery(localNext(f["next"])), http.StatusSeeOther)
		return
	}
	p.adoptBrowserZone(w, r, &app.Actor{User: res.User, Session: res.Session})
	p.adoptPageLanguage(r, &app.Actor{User: res.User, Session: res.Session})
	http.Redirect(w, r, localNext(f["next"]), http.StatusSeeOther)
}

// LoginMFAForm asks for the second factor.
func (p *Pages) LoginMFAForm(w http.ResponseWriter, r *http.Request) {
	if act := app.ActorFrom(r.Context()); !act.Session.MFAPending {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return
	}
	p.render(w, r, http.StatusOK, "login_mfa", view{Title: p.tr(r, "auth.mfa_title"), NextURL: localNext(r.URL.Query().Get("next"))})
}

// LoginMFA checks the second factor and finishes signing in.
func (p *Pages) LoginMFA(w http.ResponseWriter, r *http.Request) {
	f := form(r, "next")
	if err := p.app.CompleteMFA(r.Context(), r.PostFormValue("code")); err != nil {
		if errors.Is(err, app.ErrPendingMFAEnded) {
			ClearSessionCookie(w, p.opts.Secure)
		}
		p.fail(w, r, "login_mfa", view{Title: p.tr(r, "auth.mfa_title"), NextURL: localNext(f["next"])}, err)
		return
	}
	// The cookie was set for the pending sign-in's 10 minutes; the session
	// now runs its full time, and so must the cookie, or the browser drops
	// it and signs the person out 10 minutes after they signed in.
	act := app.ActorFrom(r.Context())
	if c, err := r.Cookie(SessionCookieName(p.opts.Secure)); err == nil {
		SetSessionCookie(w, p.opts.Secure, c.Value, act.Session.ExpiresAt, p.app.Now())
	}
	p.adoptBrowserZone(w, r, act)
	p.adoptPageLanguage(r, act)
	http.Redirect(w, r, localNext(f["next"]), http.StatusSeeOther)
}

// Logout ends this session.
func (p *Pages) Logout(w http.ResponseWriter, r *http.Request) {
	if err := p.app.Logout(r.Context()); err != nil {
		p.log.Warn("logout", "err", err)
	}
	ClearSessionCookie(w, p.opts.Secure)
	// The browser forgets this site's caches, its service worker (and with
	// it this device's push subscription) and any check-in still waiting
	// offline: the next person on this device finds nothing of this one.
	w.Header().Set("Clear-Site-Data", `"cache", "storage"`)
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

// VerifyEmailForm shows a button that confirms the email: a GET never changes anything.
func (p *Pages) VerifyEmailForm(w http.ResponseWriter, r *http.Request) {
	p.render(w, r, http.StatusOK, "verify", view{Title: p.tr(r, "verify.title"), Form: map[string]string{"token": r.URL.Query().Get("token")}})
}

// VerifyEmail confirms the email address.
func (p *Pages) VerifyEmail(w http.ResponseWriter, r *http.Request) {
	f := form(r, "token")
	if act := app.ActorFrom(r.Context()); act != nil && !act.Session.MFAPending {
		if err := p.app.VerifyEmail(r.Context(), f["token"]); err != nil {
			p.fail(w, r, "verify", view{Title: p.tr(r, "verify.title"), Form: f}, err)
			return
		}
		http.Redirect(w, r, p.afterConfirmed(w, r), http.StatusSeeOther)
		return
	}
	// The link signs the person in: it came to their inbox and works once.
	res, err := p.app.VerifyEmailAndSignIn(r.Context(), f["token"], r.UserAgent())
	if err != nil {
		p.fail(w, r, "verify", view{Title: p.tr(r, "verify.title"), Form: f}, err)
		return
	}
	SetSessionCookie(w, p.opts.Secure, res.Token, res.Session.ExpiresAt, p.app.Now())
	next := p.afterConfirmed(w, r)
	if res.Session.MFAPending {
		http.Redirect(w, r, "/login/mfa?next="+urlQuery(next), http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

// ResendVerification sends a new confirmation email.
func (p *Pages) ResendVerification(w http.ResponseWriter, r *http.Request) {
	if err := p.app.ResendVerification(r.Context()); err != nil {
		p.fail(w, r, "message", view{Title: p.tr(r, "verify.title")}, err)
		return
	}
	p.render(w, r, http.StatusOK, "message", view{Title: p.tr(r, "verify.title"), Notice: p.tr(r, "auth.new_link")})
}

// PasswordResetForm asks for the email to send a reset link to.
func (p *Pages) PasswordResetForm(w http.ResponseWriter, r *http.Request) {
	p.render(w, r, http.StatusOK, "reset", view{Title: p.tr(r, "reset.title")})
}

// PasswordReset sends a reset link, answering the same for any address.
func (p *Pages) PasswordReset(w http.ResponseWriter, r *http.Request) {
	f := form(r, "email")
	if err := p.app.RequestPasswordReset(r.Context(), f["email"], p.opts.ClientIP(r)); err != nil {
		p.fail(w, r, "reset", view{Title: p.tr(r, "reset.title"), Form: f}, err)
		return
	}
	p.render(w, r, http.StatusOK, "message", view{Title: p.tr(r, "auth.check_email"), Notice: p.tr(r, "auth.reset_sent")})
}

// PasswordResetConfirmForm asks for the new password.
func (p *Pages) PasswordResetConfirmForm(w http.ResponseWriter, r *http.Request) {
	p.render(w, r, http.StatusOK, "reset_confirm", view{Title: p.tr(r, "reset.new_title"), Form: map[string]string{"token": r.URL.Query().Get("token")}})
}

// PasswordResetConfirm sets the new password.
func (p *Pages) PasswordResetConfirm(w http.ResponseWriter, r *http.Request) {
	f := form(r, "token")
	if err := p.app.ResetPassword(r.Context(), f["token"], r.PostFormValue("password")); err != nil {
		p.fail(w, r, "reset_confirm", view{Title: p.tr(r, "reset.new_title"), Form: f}, err)
		return
	}
	ClearSessionCookie(w, p.opts.Secure)
	http.Redirect(w, r, "/login?reset=1", http.StatusSeeOther)
}
