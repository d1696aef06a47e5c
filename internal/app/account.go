package app

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/kinshiprecovery/kinship/internal/mail"
	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/password"
	"github.com/kinshiprecovery/kinship/internal/realtime"
	"github.com/kinshiprecovery/kinship/internal/store"
)

var errBadLink = &model.Error{Kind: model.KindInvalid, Message: "this link is not valid or has expired; ask for a new one", Fields: map[string]string{"token": "not valid or expired"}}

// VerifyEmail marks the email of a verification token's owner as confirmed.
// Errors: invalid (unknown, used or expired token).
func (a *App) VerifyEmail(ctx context.Context, token string) error {
	// The link is spent only together with the confirmation.
	var userID string
	err := a.store.InTx(ctx, func(tx store.Store) error {
		u, err := a.tokenUser(ctx, tx, token, model.TokenVerifyEmail)
		if err != nil {
			return err
		}
		now := a.now()
		u.EmailVerifiedAt = &now
		userID = u.ID
		return tx.UpdateUser(ctx, u)
	})
	if err == nil {
		a.accountChanged(ctx, userID)
	}
	return err
}

// tokenUser spends a one-time token of kind inside tx and returns its account.
func (a *App) tokenUser(ctx context.Context, tx store.Store, token string, kind model.TokenKind) (*model.User, error) {
	t, err := tx.ConsumeToken(ctx, hashToken(token), kind, a.now())
	if errors.Is(err, store.ErrNotFound) {
		return nil, errBadLink
	} else if err != nil {
		return nil, err
	}
	u, err := tx.FindUserByID(ctx, t.UserID)
	return u, notFound(err, "apperrf.not_found.account")
}

// VerifyEmailAndSignIn confirms the email address of the link's account
// and opens a session for it, so the link in the welcome email signs the
// person in (pending the second factor when they have two-factor login
// on). The link works once. Errors: invalid (unknown, used or expired link).
func (a *App) VerifyEmailAndSignIn(ctx context.Context, token, userAgent string) (*LoginResult, error) {
	t, err := a.store.ConsumeToken(ctx, hashToken(token), model.TokenVerifyEmail, a.now())
	if errors.Is(err, store.ErrNotFound) {
		return nil, errBadLink
	} else if err != nil {
		return nil, err
	}
	u, err := a.store.FindUserByID(ctx, t.UserID)
	if err != nil || u.Deleted() {
		return nil, errBadLink
	}
	now := a.now()
	u.EmailVerifiedAt = &now
	if err := a.store.UpdateUser(ctx, u); err != nil {
		return nil, err
	}
	a.accountChanged(ctx, u.ID)
	a.audit(ctx, u.ID, u.ID, "signed_in_by_email_link", nil)
	return a.openSession(ctx, u, userAgent, u.MFAEnabled)
}

// ResendVerification sends a fresh confirmation link to the actor.
func (a *App) ResendVerification(ctx context.Context) error {
	act, err := requireActor(ctx)
	if err != nil {
		return err
	}
	if act.User.EmailVerifiedAt != nil {
		return nil
	}
	if err := a.limit(ctx, "verify:"+act.User.ID, 5, time.Hour); err != nil {
		return err
	}
	return a.store.InTx(ctx, func(tx store.Store) error { return a.sendVerification(ctx, tx, act.User) })
}

// resetQueue queues password-reset requests durably (the job queue).
type resetQueue interface {
	QueuePasswordReset(ctx context.Context, st store.Store, email string) error
}

// RequestPasswordReset queues a reset request for the address, whether or
// not it has an account: the request does the same work either way, so
// neither the answer nor its timing tells who is registered. The job
// (SendPasswordReset) emails a link when there is an account. Errors:
// invalid, rate_limited.
func (a *App) RequestPasswordReset(ctx context.Context, email, ip string) error {
	email = model.NormalizeEmail(email)
	if msg := model.ValidateEmail(email); msg != "" {
		return &model.Error{Kind: model.KindInvalid, Message: msg, Fields: map[string]string{"email": msg}}
	}
	if err := a.limit(ctx, "reset:ip:"+ip, 20, time.Hour); err != nil {
		return err
	}
	// Silently drop requests past the per-address limit so the answer stays uniform.
	if err := a.limit(ctx, "reset:acct:"+email, 5, time.Hour); err != nil {
		return nil
	}
	if q, ok := a.outbox.(resetQueue); ok {
		return q.QueuePasswordReset(ctx, a.store, email)
	}
	return a.SendPasswordReset(ctx, email)
}

// SendPasswordReset emails a reset link to email when it has an account and
// does nothing when it has none. The job queue calls it.
func (a *App) SendPasswordReset(ctx context.Context, email string) error {
	u, err := a.store.FindUserByEmail(ctx, email)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	} else if err != nil {
		return err
	}
	if u.Deleted() {
		return nil
	}
	token, hash := newToken()
	return a.store.InTx(ctx, func(tx store.Store) error {
		if err := tx.CreateToken(ctx, &model.OneTimeToken{TokenHash: hash, UserID: u.ID, Kind: model.TokenPasswordReset, ExpiresAt: a.now().Add(time.Hour)}); err != nil {
			return err
		}
		l := ReaderOf(u)
		a.send(ctx, tx, mail.Message{To: u.Email, Subject: l.T("email.reset_subject"),
			Text: l.T("email.reset_body", "Link", a.opts.BaseURL+"/password-reset/confirm?token="+token)})
		return nil
	})
}

// ResetPassword sets a new password with an emailed token and signs out
// every session. Errors: invalid (token or password).
func (a *App) ResetPassword(ctx context.Context, token, newPassword string) error {
	if token == "" {
		return errBadLink
	}
	userID := ""
	err := a.store.InTx(ctx, func(tx store.Store) error {
		u, err := a.tokenUser(ctx, tx, token, model.TokenPasswordReset)
		if err != nil {
			return err
		}
		userID = u.ID
		if err := a.setPassword(ctx, tx, u, newPassword, ""); err != nil {
			return err
		}
		l := ReaderOf(u)
		a.send(ctx, tx, mail.Message{To: u.Email, Subject: l.T("email.changed_subject"),
			Text: l.T("email.changed_reset_body", "Reset", a.opts.BaseURL+"/password-reset")})
		return nil
	})
	if err != nil {
		return err
	}
	a.endSockets(ctx, userID, "", "", realtime.ReasonSignedOut)
	return nil
}

// ChangePassword replaces the actor's password after checking the current
// one; every session ends and a fresh one is returned for this device.
// Errors: invalid, unauthorized.
func (a *App) ChangePassword(ctx context.Context, current, next string) (*LoginResult, error) {
	act, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	// The current password is checked against the account as stored: a
	// node's copy may not yet know of a change made on another.
	if err := a.accountToChange(ctx, act); err != nil {
		return nil, err
	}
	if err := a.limit(ctx, "reauth:"+act.User.ID, 10, 15*time.Minute); err != nil {
		return nil, err
	}
	ok, _, err := password.Verify(current, act.User.PasswordHash)
	if err != nil || !ok {
		return nil, &model.Error{Kind: model.KindInvalid, Message: "the current password is not right", Fields: map[string]string{"current_password": "this is not your current password"}}
	}
	err = a.store.InTx(ctx, func(tx store.Store) error { return a.setPassword(ctx, tx, act.User, next, "new_password") })
	if err != nil {
		return nil, err
	}
	res, err := a.openSession(ctx, act.User, act.Session.UserAgent, false)
	if err != nil {
		// Every session has ended all the same: every node is told.
		a.endSockets(ctx, act.User.ID, "", "", realtime.ReasonSignedOut)
		return nil, err
	}
	a.endSockets(ctx, act.User.ID, "", res.Session.ID, realtime.ReasonSignedOut)
	l := ReaderOf(act.User)
	a.send(ctx, a.store, mail.Message{To: act.User.Email, Subject: l.T("email.changed_subject"),
		Text: l.T("email.changed_body", "Reset", a.opts.BaseURL+"/password-reset")})
	return res, nil
}

// setPassword checks, hashes and stores a new password and ends every session.
func (a *App) setPassword(ctx context.Context, tx store.Store, u *model.User, pw, field string) error {
	if field == "" {
		field = "password"
	}
	display := ""
	if p, err := tx.FindProfile(ctx, u.ID); err == nil {
		display = p.DisplayName
	}
	if msg := password.Check(pw, u.Email, display); msg != "" {
		return &model.Error{Kind: model.KindInvalid, Message: msg, Fields: map[string]string{field: msg}}
	}
	h, err := password.Hash(pw)
	if err != nil {
		return err
	}
	u.PasswordHash = h
	if err := tx.UpdateUser(ctx, u); err != nil {
		return err
	}
	if err := tx.DeleteUserSessions(ctx, u.ID, ""); err != nil {
		return err
	}
	return tx.DeleteUserTokens(ctx, u.ID)
}

// SessionView is one signed-in device as its owner sees it.
type SessionView struct {
	ID         string          `json:"id"`
	Device     string          `json:"device"`
	CreatedAt  model.Timestamp `json:"created_at"`
	LastSeenAt model.Timestamp `json:"last_seen_at"`
	ExpiresAt  model.Timestamp `json:"expires_at"`
	Current    bool            `json:"current"`
}

// ListSessions returns the actor's sessions.
func (a *App) ListSessions(ctx context.Context) ([]SessionView, error) {
	act, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	ss, err := a.store.ListSessions(ctx, act.User.ID)
	if err != nil {
		return nil, err
	}
	out := make([]SessionView, 0, len(ss))
	for _, s := range ss {
		if s.MFAPending && s.ID != act.Session.ID {
			continue
		}
		out = append(out, SessionView{ID: s.ID, Device: s.UserAgent, CreatedAt: model.At(s.CreatedAt), LastSeenAt: model.At(s.LastSeenAt), ExpiresAt: model.At(s.ExpiresAt), Current: s.ID == act.Session.ID})
	}
	return out, nil
}

// RevokeSession signs out one of the actor's sessions. Errors: not_found
// (including another person's session, whose existence is not revealed).
func (a *App) RevokeSession(ctx context.Context, id string) error {
	act, err := requireActor(ctx)
	if err != nil {
		return err
	}
	if err := a.store.DeleteSession(ctx, act.User.ID, id); err != nil {
		return notFound(err, "apperrf.not_found.session")
	}
	a.endSockets(ctx, act.User.ID, id, "", realtime.ReasonSignedOut)
	return nil
}

// RevokeOtherSessions signs out every session of the actor but this one.
func (a *App) RevokeOtherSessions(ctx context.Context) error {
	act, err := requireActor(ctx)
	if err != nil {
		return err
	}
	if err := a.store.DeleteUserSessions(ctx, act.User.ID, act.Session.ID); err != nil {
		return err
	}
	a.endSockets(ctx, act.User.ID, "", act.Session.ID, realtime.ReasonSignedOut)
	return nil
}

// limit counts one attempt against key in a fixed window shared by all
// nodes. Errors: rate_limited with the seconds until the window ends.
func (a *App) limit(ctx context.Context, key string, max int, window time.Duration) error {
	now := a.now()
	start := now.Truncate(window)
	n, err := a.store.Hit(ctx, key, start)
	if err != nil {
		return fmt.Errorf("app: rate limit: %w", err)
	}
	if n > max {
		return tooMany(now, start.Add(window))
	}
	return nil
}

// tooMany is the answer to an attempt over a limit whose window ends at end.
func tooMany(now, end time.Time) error {
	wait := int(end.Sub(now).Seconds()) + 1
	e := errSay(model.KindRateLimited, "apperrf.too_many_attempts", "Wait", humanWait(wait))
	e.RetryAfterSeconds = wait
	return e
}

// humanWait is a wait of sec seconds in words: "45 seconds", "3 minutes".
func humanWait(sec int) *model.Msg {
	if sec < 90 {
		return say("apperrf.wait_seconds", "Count", sec)
	}
	return say("apperrf.wait_minutes", "Count", (sec+59)/60)
}

// audit appends to the audit log; a failure is logged, never shown. A
// read of a HEAD request, which shows nothing, is not recorded.
func (a *App) audit(ctx context.Context, actorID, subjectID, action string, fields []string) {
	if readAction(action) && headRequest(ctx) {
		return
	}
	e := &model.AuditEntry{ID: newID(), ActorID: actorID, SubjectID: subjectID, Action: action, Fields: fields, At: a.now()}
	if err := a.store.AppendAudit(ctx, e); err != nil {
		a.log.Error("audit entry not written", "action", action, "err", err)
	}
}
