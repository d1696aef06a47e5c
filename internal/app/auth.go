package app

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"github.com/kinshiprecovery/kinship/internal/i18n"
	"github.com/kinshiprecovery/kinship/internal/zones"
	"strings"
	"time"

	"github.com/kinshiprecovery/kinship/internal/mail"
	"github.com/kinshiprecovery/kinship/internal/mfa"
	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/password"
	"github.com/kinshiprecovery/kinship/internal/realtime"
	"github.com/kinshiprecovery/kinship/internal/store"
)

// SignupInput is what a newcomer gives to create an account.
type SignupInput struct {
	Email       string
	Password    string
	DisplayName string
	IP          string
	// TimeZone and Country come from the browser (editable on the form):
	// a zone as people write it ("Pacific", "America/Los_Angeles") and an
	// ISO 3166 code or name. Both optional; the country defaults to the zone's.
	TimeZone string
	Country  string
	// Language is the language the sign-up page was shown in ("es"); the
	// account keeps it, so its emails, notifications and pages use it.
	Language string
}

// SignupResult is the same shape whether or not the email was new, so the
// answer never reveals who is registered.
type SignupResult struct {
	ID          string
	DisplayName string
	// FirstAdmin is true when this account became the instance's site admin.
	FirstAdmin bool
}

// Signup creates an account, or, when the email is already registered, tells
// its owner by email and answers in the same shape. Errors: invalid (per
// field), rate_limited.
func (a *App) Signup(ctx context.Context, in SignupInput) (*SignupResult, error) {
	email := model.NormalizeEmail(in.Email)
	name := strings.TrimSpace(in.DisplayName)
	fe := model.FieldErrors{}
	if msg := model.ValidateEmail(email); msg != "" {
		fe.Add("email", msg)
	}
	if msg := password.Check(in.Password, email, name); msg != "" {
		fe.Add("password", msg)
	}
	if msg := model.ValidateDisplayName(name); msg != nil {
		fe.AddMsg("display_name", msg)
	}
	zone, country := placeOf(fe, in.TimeZone, in.Country)
	if err := fe.Err(); err != nil {
		return nil, err
	}
	if err := a.limit(ctx, "signup:ip:"+in.IP, 20, time.Hour); err != nil {
		return nil, err
	}
	hash, err := password.Hash(in.Password)
	if err != nil {
		return nil, err
	}
	now := a.now()
	u := &model.User{ID: newID(), Email: email, PasswordHash: hash, Role: model.RoleMember, CreatedAt: now}
	if i18n.Load().Supported(in.Language) {
		u.Language = in.Language // the language the person signed up in: their emails come in it
	}
	var existing bool
	existingLang := in.Language // a concurrent sign-up's: theirs is not known
	err = a.store.InTx(ctx, func(tx store.Store) error {
		if prev, err := tx.FindUserByEmail(ctx, email); err == nil {
			existing, existingLang = true, prev.Language
			return nil
		} else if !errors.Is(err, store.ErrNotFound) {
			return err
		}
		n, err := tx.CountUsers(ctx)
		if err != nil {
			return err
		}
		if n == 0 {
			u.Role = model.RoleSiteAdmin
		}
		if err := tx.CreateUser(ctx, u); err != nil {
			return err
		}
		p := &model.Profile{UserID: u.ID, DisplayName: name, TimeZone: zone, Country: country, Visibility: model.DefaultVisibility()}
		if err := a.saveProfile(ctx, tx, p); err != nil {
			return err
		}
		return a.sendVerification(ctx, tx, u)
	})
	if errors.Is(err, store.ErrConflict) {
		existing = true // a concurrent sign-up with the same email won the race
	} else if err != nil {
		return nil, err
	}
	if existing {
		l := i18n.For(existingLang)
		a.send(ctx, a.store, mail.Message{To: email, Subject: l.T("email.exists_subject"),
			Text: l.T("email.exists_body", "Login", a.opts.BaseURL+"/login", "Reset", a.opts.BaseURL+"/password-reset")})
		return &SignupResult{ID: newID(), DisplayName: name}, nil
	}
	if u.Role == model.RoleSiteAdmin {
		a.log.Info("the first account became the site admin", "user", u.ID)
	}
	return &SignupResult{ID: u.ID, DisplayName: name, FirstAdmin: u.Role == model.RoleSiteAdmin}, nil
}

// resendConfirmation sends a new confirmation link after a sign-in with the
// right password to an unconfirmed address, at most 5 an hour per account.
func (a *App) resendConfirmation(ctx context.Context, u *model.User) {
	if err := a.limit(ctx, "verify:"+u.ID, 5, time.Hour); err != nil {
		return
	}
	if err := a.store.InTx(ctx, func(tx store.Store) error { return a.sendVerification(ctx, tx, u) }); err != nil {
		a.log.Warn("confirmation link not re-sent", "user", u.ID, "err", err)
	}
}

// placeOf reads a time zone and a country as a person may write them,
// adding field errors for ones it cannot read; the country defaults to the
// zone's.
func placeOf(fe model.FieldErrors, tz, country string) (string, string) {
	zone := ""
	if strings.TrimSpace(tz) != "" {
		var ok bool
		if zone, ok = zones.Parse(tz); !ok {
			fe.Add("time_zone", "choose your time zone from the list, or write a city or a name like Pacific or Eastern")
		}
	}
	code := ""
	if strings.TrimSpace(country) != "" {
		var ok bool
		if code, ok = zones.ParseCountry(country); !ok {
			fe.Add("country", "choose your country from the list")
		}
	} else if zone != "" {
		code = zones.CountryOf(zone)
	}
	return zone, code
}

// sendVerification creates a confirmation token and queues its email, both
// in st (a transaction when the caller has one).
func (a *App) sendVerification(ctx context.Context, st store.Store, u *model.User) error {
	token, hash := newToken()
	if err := st.CreateToken(ctx, &model.OneTimeToken{TokenHash: hash, UserID: u.ID, Kind: model.TokenVerifyEmail, ExpiresAt: a.now().Add(72 * time.Hour)}); err != nil {
		return err
	}
	l := ReaderOf(u)
	a.send(ctx, st, mail.Message{To: u.Email, Subject: l.T("email.verify_subject"),
		Text: l.T("email.verify_body", "Link", a.opts.BaseURL+"/verify-email?token="+token)})
	return nil
}

// send queues mail (inside st's transaction when st is one) or, without a
// queue, sends it at once. A failure is logged without content: an email
// problem must not undo the action that caused it.
func (a *App) send(ctx context.Context, st store.Store, m mail.Message) {
	var err error
	if a.outbox != nil {
		err = a.outbox.SendEmail(ctx, st, m)
	} else {
		err = a.mailer.Send(ctx, m)
	}
	if err != nil {
		a.log.Warn("email not sent", "err", err)
	}
}

// LoginInput is a sign-in attempt.
type LoginInput struct {
	Email     string
	Password  string
	TOTP      string // a 6-digit code or a recovery code; required when MFA is on unless AllowPending
	IP        string
	UserAgent string
	// AllowPending makes a password-only login with MFA on return a session
	// that can only complete the second step (the web sign-in's two pages).
	AllowPending bool
	// Device is the device cookie this browser or app was given when it
	// last signed in ("" when none).
	Device string
}

// LoginResult is a new session.
type LoginResult struct {
	Token   string
	User    *model.User
	Session *model.Session
	// Device is the device cookie to keep (set after a password sign-in).
	Device string
}

var errBadLogin = &model.Error{Kind: model.KindUnauthorized, Message: "the email or password is not right; check them and try again"}

// Login checks credentials and opens a session. Errors: invalid (missing
// fields), unauthorized (wrong credentials, same message whether or not the
// email exists), mfa_required (code needed), rate_limited.
func (a *App) Login(ctx context.Context, in LoginInput) (*LoginResult, error) {
	email := model.NormalizeEmail(in.Email)
	fe := model.FieldErrors{}
	if email == "" {
		fe.Add("email", "enter your email address")
	}
	if in.Password == "" {
		fe.Add("password", "enter your password")
	}
	if len(in.Password) > 4*password.MaxLen {
		fe.Add("password", "use at most 128 characters")
	}
	if err := fe.Err(); err != nil {
		return nil, err
	}
	// Throttle failures, never lock out the owner (OWASP's device cookies):
	// only failed attempts count; the per-account limit applies to devices
	// that have not signed in to this account before, while a device that
	// has (it holds a cookie sealed for the account) has a limit of its
	// own, so strangers guessing cannot keep the owner out. Successful
	// sign-ins count nowhere, so a clinic signing in a whole cohort from one
	// address is not blocked.
	ipKey := "login:ip:" + in.IP
	acctKey := "login:acct:" + email
	if nonce, ok := a.openDevice(in.Device, email); ok {
		acctKey = "login:device:" + nonce
	}
	if err := a.refuseOver(ctx, ipKey, 50, 15*time.Minute); err != nil {
		return nil, err
	}
	if err := a.refuseOver(ctx, acctKey, 10, 15*time.Minute); err != nil {
		return nil, err
	}
	failed := func() (*LoginResult, error) {
		for _, k := range []string{ipKey, acctKey} {
			if _, err := a.store.Hit(ctx, k, a.now().Truncate(15*time.Minute)); err != nil {
				return nil, fmt.Errorf("app: rate limit: %w", err)
			}
		}
		return nil, errBadLogin
	}
	u, err := a.store.FindUserByEmail(ctx, email)
	if err != nil {
		if !errors.Is(err, store.ErrNotFound) {
			return nil, err
		}
		password.DummyVerify(in.Password)
		return failed()
	}
	ok, rehash, err := password.Verify(in.Password, u.PasswordHash)
	if err != nil || !ok || u.Deleted() {
		return failed()
	}
	if u.EmailVerifiedAt == nil {
		// Until the address is confirmed the answer is a wrong password's, so
		// signing up with someone's email and one's own password, then signing
		// in, cannot tell whether the email was taken. The owner gets a fresh
		// link instead, sent after the answer so the timing is a wrong
		// password's too.
		go a.resendConfirmation(context.WithoutCancel(ctx), u)
		return failed()
	}
	if rehash {
		if h, err := password.Hash(in.Password); err == nil {
			u.PasswordHash = h
			if err := a.store.UpdateUser(ctx, u); err != nil {
				a.log.Warn("password re-hash not saved", "user", u.ID, "err", err)
			} else {
				a.accountChanged(ctx, u.ID)
			}
		}
	}
	pending := false
	if u.MFAEnabled {
		if strings.TrimSpace(in.TOTP) == "" {
			if !in.AllowPending {
				return nil, &model.Error{Kind: model.KindMFARequired, Message: "enter the 6-digit code from your authenticator app, or one of your recovery codes"}
			}
			pending = true
		} else if err := a.checkSecondFactor(ctx, u, in.TOTP); err != nil {
			return nil, err
		}
	}
	res, err := a.openSession(ctx, u, in.UserAgent, pending)
	if err != nil {
		return nil, err
	}
	res.Device = a.sealDevice(email)
	return res, nil
}

var deviceAAD = []byte("device-cookie")

// sealDevice makes a device cookie for the account with this email: a
// random nonce (the device's own rate-limit key) and the email, sealed so
// it can be neither read nor forged.
func (a *App) sealDevice(email string) string {
	nonce := make([]byte, 12)
	_, _ = rand.Read(nonce)
	return base64.RawURLEncoding.EncodeToString(a.box.Seal([]byte(hex.EncodeToString(nonce)+"|"+email), deviceAAD))
}

// openDevice checks a device cookie against the email being signed in to
// and returns its nonce.
func (a *App) openDevice(cookie, email string) (string, bool) {
	if cookie == "" || len(cookie) > 1024 {
		return "", false
	}
	sealed, err := base64.RawURLEncoding.DecodeString(cookie)
	if err != nil {
		return "", false
	}
	plain, err := a.box.Open(sealed, deviceAAD)
	if err != nil {
		return "", false
	}
	nonce, who, ok := strings.Cut(string(plain), "|")
	if !ok || who != email {
		return "", false
	}
	return nonce, true
}

// refuseOver refuses when key's count in the current window has reached
// max, without counting this attempt.
func (a *App) refuseOver(ctx context.Context, key string, max int, window time.Duration) error {
	now := a.now()
	start := now.Truncate(window)
	n, err := a.store.RateCount(ctx, key, start)
	if err != nil {
		return fmt.Errorf("app: rate limit: %w", err)
	}
	if n >= max {
		return tooMany(now, start.Add(window))
	}
	return nil
}

// checkSecondFactor accepts a current TOTP code or an unused recovery code.
func (a *App) checkSecondFactor(ctx context.Context, u *model.User, code string) error {
	if err := a.limit(ctx, "mfa:"+u.ID, 10, 15*time.Minute); err != nil {
		return err
	}
	secret, err := a.box.Open(u.MFASecretEnc, []byte("mfa:"+u.ID))
	if err != nil {
		return fmt.Errorf("app: open mfa secret of %s: %w", u.ID, err)
	}
	if mfa.Validate(string(secret), code, a.now()) {
		return nil
	}
	if err := a.store.UseRecoveryCode(ctx, u.ID, mfa.HashRecoveryCode(code)); err == nil {
		a.audit(ctx, u.ID, u.ID, "mfa_recovery_code_used", nil)
		a.sendSecurityEmail(ctx, u, "email.recovery_code_subject", "email.recovery_code_body")
		return nil
	} else if !errors.Is(err, store.ErrNotFound) {
		return err
	}
	return &model.Error{Kind: model.KindUnauthorized, Message: "that code is not right or has expired; codes change every 30 seconds", Fields: map[string]string{"totp": "enter the 6 digits your app shows now, or a recovery code"}}
}

func (a *App) openSession(ctx context.Context, u *model.User, userAgent string, pending bool) (*LoginResult, error) {
	token, hash := newToken()
	now := a.now()
	s := &model.Session{ID: newID(), UserID: u.ID, TokenHash: hash, CreatedAt: now, LastSeenAt: now,
		ExpiresAt: now.Add(a.opts.SessionAbsolute), AuthAt: now, MFAPending: pending, UserAgent: describeAgent(userAgent)}
	if pending {
		s.ExpiresAt = now.Add(10 * time.Minute)
	}
	if err := a.store.CreateSession(ctx, s); err != nil {
		return nil, err
	}
	return &LoginResult{Token: token, User: u, Session: s}, nil
}

// pendingMFAAttempts is how many wrong codes one pending sign-in may try.
const pendingMFAAttempts = 5

// ErrPendingMFAEnded is the answer once a pending sign-in has used up its codes; it has ended.
var ErrPendingMFAEnded = &model.Error{Kind: model.KindUnauthorized, Message: "too many wrong codes for this sign-in; sign in again with your password"}

// CompleteMFA finishes a pending sign-in with a code. Errors: unauthorized, rate_limited.
func (a *App) CompleteMFA(ctx context.Context, code string) error {
	act, err := requireActor(ctx)
	if err != nil {
		return err
	}
	if !act.Session.MFAPending {
		return nil
	}
	// A pending sign-in allows a few wrong codes, then ends: the password
	// must be proven again (the account's own limit in checkSecondFactor
	// still counts across sign-ins).
	key := "mfa:pending:" + act.Session.ID
	window := act.Session.CreatedAt // one count for the whole pending session
	if n, err := a.store.RateCount(ctx, key, window); err != nil {
		return fmt.Errorf("app: rate limit: %w", err)
	} else if n >= pendingMFAAttempts {
		_ = a.store.DeleteSession(ctx, act.User.ID, act.Session.ID)
		a.accountChanged(ctx, act.User.ID)
		return ErrPendingMFAEnded
	}
	if err := a.checkSecondFactor(ctx, act.User, code); err != nil {
		if model.ErrorKind(err) == model.KindUnauthorized {
			if _, herr := a.store.Hit(ctx, key, window); herr != nil {
				return fmt.Errorf("app: rate limit: %w", herr)
			}
		}
		return err
	}
	now := a.now()
	act.Session.MFAPending = false
	act.Session.AuthAt = now
	act.Session.ExpiresAt = act.Session.CreatedAt.Add(a.opts.SessionAbsolute)
	if err := a.store.UpdateSession(ctx, act.Session); err != nil {
		return err
	}
	a.accountChanged(ctx, act.User.ID)
	return nil
}

// Authenticate resolves a session token to its actor. Malformed, unknown,
// idle or expired tokens give unauthorized.
func (a *App) Authenticate(ctx context.Context, token string) (*Actor, error) {
	if len(token) < 16 || len(token) > 64 {
		return nil, errUnauthenticated
	}
	hash := hashToken(token)
	now := a.now()
	e, gen := a.sessions.get(hash, "", "", now)
	if e != nil && a.live(&e.s, now) && a.keptUsable() {
		return a.actorOf(ctx, e, now), nil
	}
	s, err := a.store.FindSessionByTokenHash(ctx, hash)
	if errors.Is(err, store.ErrNotFound) {
		return nil, errUnauthenticated
	} else if err != nil {
		return nil, err
	}
	if !a.live(s, now) {
		_ = a.store.DeleteSession(ctx, s.UserID, s.ID)
		a.sessions.drop(s.UserID)
		return nil, &model.Error{Kind: model.KindUnauthorized, Message: "your session has ended; please sign in again"}
	}
	u, err := a.store.FindUserByID(ctx, s.UserID)
	if err != nil || u.Deleted() {
		return nil, errUnauthenticated
	}
	a.sessions.put(s, u, now, gen)
	// Record activity at most once a minute: a write per request would be waste.
	a.touch(ctx, s, now)
	return &Actor{User: u, Session: s}, nil
}

// Logout ends the current session.
func (a *App) Logout(ctx context.Context) error {
	act, err := requireActor(ctx)
	if err != nil {
		return err
	}
	if err := a.store.DeleteSession(ctx, act.User.ID, act.Session.ID); err != nil {
		return err
	}
	a.endSockets(ctx, act.User.ID, act.Session.ID, "", realtime.ReasonSignedOut)
	return nil
}

// Reauthenticate proves the password (and second factor) again, which
// sensitive actions such as export and deletion require. Errors:
// unauthorized, mfa_required, rate_limited.
func (a *App) Reauthenticate(ctx context.Context, pw, code string) error {
	act, err := requireActor(ctx)
	if err != nil {
		return err
	}
	if err := a.limit(ctx, "reauth:"+act.User.ID, 10, 15*time.Minute); err != nil {
		return err
	}
	ok, _, err := password.Verify(pw, act.User.PasswordHash)
	if err != nil || !ok {
		return &model.Error{Kind: model.KindUnauthorized, Message: "that password is not right", Fields: map[string]string{"password": "that password is not right"}}
	}
	if act.User.MFAEnabled {
		if strings.TrimSpace(code) == "" {
			return &model.Error{Kind: model.KindMFARequired, Message: "enter the 6-digit code from your authenticator app too"}
		}
		if err := a.checkSecondFactor(ctx, act.User, code); err != nil {
			return err
		}
	}
	act.Session.AuthAt = a.now()
	if err := a.store.UpdateSession(ctx, act.Session); err != nil {
		return err
	}
	a.accountChanged(ctx, act.User.ID)
	return nil
}

// ReauthWindow is how recent a sign-in or confirmation must be for export and deletion.
const ReauthWindow = 10 * time.Minute

func (a *App) requireRecentAuth(act *Actor) error {
	if a.now().Sub(act.Session.AuthAt) > ReauthWindow {
		return &model.Error{Kind: model.KindReauth, Message: "please confirm your password first (POST /api/v1/auth/reauth, or the form on this page)"}
	}
	return nil
}

// describeAgent turns a User-Agent header into a short device description
// for the sessions list, so the full header is never stored.
func describeAgent(ua string) string {
	browser := "Unknown browser"
	for _, b := range []struct{ key, name string }{{"Edg/", "Edge"}, {"Firefox/", "Firefox"}, {"Chrome/", "Chrome"}, {"Safari/", "Safari"}, {"curl/", "curl"}, {"Go-http-client", "API client"}} {
		if strings.Contains(ua, b.key) {
			browser = b.name
			break
		}
	}
	osName := ""
	for _, o := range []struct{ key, name string }{{"Android", "Android"}, {"iPhone", "iPhone"}, {"iPad", "iPad"}, {"Windows", "Windows"}, {"Mac OS", "macOS"}, {"Linux", "Linux"}} {
		if strings.Contains(ua, o.key) {
			osName = o.name
			break
		}
	}
	if osName != "" {
		return browser + " on " + osName
	}
	return browser
}
