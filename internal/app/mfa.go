package app

import (
	"context"
	"time"

	"github.com/kinshiprecovery/kinship/internal/mail"
	"github.com/kinshiprecovery/kinship/internal/mfa"
	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/store"
)

// MFASetup is what a person needs to add Kinship to an authenticator app.
type MFASetup struct {
	Secret     string `json:"secret"`
	OTPAuthURL string `json:"otpauth_url"`
	QRDataURI  string `json:"qr_data_uri"`
}

// BeginMFA creates a new TOTP secret for the actor, not yet active until
// ConfirmMFA. Errors: conflict when two-factor login is already on.
func (a *App) BeginMFA(ctx context.Context) (*MFASetup, error) {
	act, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	if err := a.accountToChange(ctx, act); err != nil {
		return nil, err
	}
	if act.User.MFAEnabled {
		return nil, model.Errorf(model.KindConflict, "two-factor login is already on; turn it off first to set up a new device")
	}
	secret, url, err := mfa.NewSecret("Kinship", act.User.Email)
	if err != nil {
		return nil, err
	}
	act.User.MFASecretEnc = a.box.Seal([]byte(secret), []byte("mfa:"+act.User.ID))
	if err := a.store.UpdateUser(ctx, act.User); err != nil {
		return nil, err
	}
	a.accountChanged(ctx, act.User.ID)
	qr, err := mfa.QRDataURI(url)
	if err != nil {
		return nil, err
	}
	return &MFASetup{Secret: secret, OTPAuthURL: url, QRDataURI: qr}, nil
}

// PendingMFA returns the set-up begun by BeginMFA and not yet confirmed,
// with the same secret, so a mistyped code or a reloaded page does not
// lose the key already scanned; nil when there is none (or two-factor
// login is already on).
func (a *App) PendingMFA(ctx context.Context) (*MFASetup, error) {
	act, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	if act.User.MFAEnabled || act.User.MFASecretEnc == nil {
		return nil, nil
	}
	secret, err := a.box.Open(act.User.MFASecretEnc, []byte("mfa:"+act.User.ID))
	if err != nil {
		return nil, err
	}
	url, err := mfa.SecretURL("Kinship", act.User.Email, string(secret))
	if err != nil {
		return nil, err
	}
	qr, err := mfa.QRDataURI(url)
	if err != nil {
		return nil, err
	}
	return &MFASetup{Secret: string(secret), OTPAuthURL: url, QRDataURI: qr}, nil
}

// ConfirmMFA turns two-factor login on once the person proves their app
// shows the right code, and returns fresh recovery codes (shown once).
// Errors: invalid (no setup begun, wrong code).
func (a *App) ConfirmMFA(ctx context.Context, code string) ([]string, error) {
	act, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	if err := a.accountToChange(ctx, act); err != nil {
		return nil, err
	}
	if act.User.MFAEnabled {
		return nil, model.Errorf(model.KindConflict, "two-factor login is already on")
	}
	if act.User.MFASecretEnc == nil {
		return nil, model.Errorf(model.KindConflict, "start the set-up first (POST /api/v1/me/mfa/setup)")
	}
	if err := a.limit(ctx, "mfa:"+act.User.ID, 10, 15*time.Minute); err != nil {
		return nil, err
	}
	secret, err := a.box.Open(act.User.MFASecretEnc, []byte("mfa:"+act.User.ID))
	if err != nil {
		return nil, err
	}
	if !mfa.Validate(string(secret), code, a.now()) {
		// One message, for the summary's link and the field alike; the key
		// is kept, so the person tries again without a new scan.
		const wrong = "that code did not match; enter the newest 6-digit code your app shows for Kinship (the key above stays the same)"
		return nil, &model.Error{Kind: model.KindInvalid, Message: wrong, Fields: map[string]string{"code": wrong}}
	}
	codes, err := a.newRecoveryCodes(ctx, act.User.ID)
	if err != nil {
		return nil, err
	}
	act.User.MFAEnabled = true
	if err := a.store.UpdateUser(ctx, act.User); err != nil {
		return nil, err
	}
	a.accountChanged(ctx, act.User.ID)
	a.audit(ctx, act.User.ID, act.User.ID, "mfa_enabled", nil)
	a.sendSecurityEmail(ctx, act.User, "email.mfa_on_subject", "email.mfa_on_body")
	return codes, nil
}

// RegenerateRecoveryCodes replaces the actor's recovery codes. Requires a
// recent sign-in. Errors: reauth_required, invalid (MFA off).
func (a *App) RegenerateRecoveryCodes(ctx context.Context) ([]string, error) {
	act, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	if !act.User.MFAEnabled {
		return nil, model.Errorf(model.KindConflict, "turn on two-factor login first")
	}
	if err := a.requireRecentAuth(act); err != nil {
		return nil, err
	}
	return a.newRecoveryCodes(ctx, act.User.ID)
}

func (a *App) newRecoveryCodes(ctx context.Context, userID string) ([]string, error) {
	codes, err := mfa.NewRecoveryCodes(10)
	if err != nil {
		return nil, err
	}
	hashes := make([]string, len(codes))
	for i, c := range codes {
		hashes[i] = mfa.HashRecoveryCode(c)
	}
	if err := a.store.ReplaceRecoveryCodes(ctx, userID, hashes); err != nil {
		return nil, err
	}
	return codes, nil
}

// DisableMFA turns two-factor login off, which only members may do, after
// a recent sign-in. Errors: forbidden (role requires MFA), reauth_required.
func (a *App) DisableMFA(ctx context.Context) error {
	act, err := requireActor(ctx)
	if err != nil {
		return err
	}
	if err := a.accountToChange(ctx, act); err != nil {
		return err
	}
	if act.User.Role.RequiresMFA() {
		return errSay(model.KindForbidden, "apperrf.mfa_role_keeps", "Role", roleWord(string(act.User.Role)))
	}
	if err := a.requireRecentAuth(act); err != nil {
		return err
	}
	act.User.MFAEnabled = false
	act.User.MFASecretEnc = nil
	err = a.store.InTx(ctx, func(tx store.Store) error {
		if err := tx.UpdateUser(ctx, act.User); err != nil {
			return err
		}
		return tx.ReplaceRecoveryCodes(ctx, act.User.ID, nil)
	})
	if err != nil {
		return err
	}
	a.accountChanged(ctx, act.User.ID)
	a.audit(ctx, act.User.ID, act.User.ID, "mfa_disabled", nil)
	a.sendSecurityEmail(ctx, act.User, "email.mfa_off_subject", "email.mfa_off_body")
	return nil
}

// sendSecurityEmail tells u, in their language, of a change to how their
// account is signed in to, through the same queue as every email: the
// subject and body are the catalog's messages, given where to reset the
// password (Reset), the security page (Security) and the admins' feedback
// page (Feedback). Nothing in it says more than that the change happened:
// no code, and nothing about the person.
func (a *App) sendSecurityEmail(ctx context.Context, u *model.User, subject, body string) {
	l := ReaderOf(u)
	a.send(ctx, a.store, mail.Message{To: u.Email, Subject: l.T(subject),
		Text: l.T(body, "Reset", a.opts.BaseURL+"/password-reset", "Security", a.opts.BaseURL+"/settings/security", "Feedback", a.opts.BaseURL+"/feedback")})
}

// RecoveryCodesLeft counts the actor's unused recovery codes.
func (a *App) RecoveryCodesLeft(ctx context.Context) (int, error) {
	act, err := requireActor(ctx)
	if err != nil {
		return 0, err
	}
	return a.store.CountRecoveryCodes(ctx, act.User.ID)
}
