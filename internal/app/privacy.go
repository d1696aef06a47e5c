package app

import (
	"context"
	"reflect"

	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/realtime"
	"github.com/kinshiprecovery/kinship/internal/store"
)

// Export is everything Kinship holds about one person, as one document.
type Export struct {
	ExportedAt model.Timestamp `json:"exported_at"`
	Account    exportAccount   `json:"account"`
	Profile    *model.Profile  `json:"profile"`
	Sessions   []SessionView   `json:"sessions"`
	// Audit is the privacy log's newest entries, read when the export was
	// made; WriteJSON writes every older one after them.
	Audit []AuditView    `json:"audit_log"`
	Parts map[string]any `json:"more,omitempty"`
	// auditRest is where the log continues after Audit, zero when Audit
	// holds all of it.
	auditRest store.Keyset
	app       *App
}

type exportAccount struct {
	ID            string          `json:"id"`
	Email         string          `json:"email"`
	EmailVerified bool            `json:"email_verified"`
	Role          model.Role      `json:"role"`
	MFAEnabled    bool            `json:"mfa_enabled"`
	CreatedAt     model.Timestamp `json:"created_at"`
}

// ExportMe gathers the actor's data. It requires a sign-in or password
// confirmation within the last ten minutes. Errors: reauth_required.
func (a *App) ExportMe(ctx context.Context) (*Export, error) {
	act, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	if err := a.requireRecentAuth(act); err != nil {
		return nil, err
	}
	u := act.User
	p, err := a.LoadProfile(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	sessions, err := a.ListSessions(ctx)
	if err != nil {
		return nil, err
	}
	// The log's first page is read before the export is recorded, and the
	// rest continues after it, so the export holds every entry up to its
	// own making and not its own data_exported.
	audit, rest, err := a.AuditPage(ctx, firstPage(exportAuditPage))
	if err != nil {
		return nil, err
	}
	ex := &Export{ExportedAt: model.At(a.now()), Profile: p, Sessions: sessions, Audit: audit, auditRest: rest, app: a, Parts: map[string]any{},
		Account: exportAccount{ID: u.ID, Email: u.Email, EmailVerified: u.EmailVerifiedAt != nil, Role: u.Role, MFAEnabled: u.MFAEnabled, CreatedAt: model.At(u.CreatedAt)}}
	for _, part := range a.exports {
		name, data, err := part(ctx, u.ID)
		if err != nil {
			return nil, err
		}
		if v := reflect.ValueOf(data); v.Kind() == reflect.Slice && v.IsNil() {
			data = reflect.MakeSlice(v.Type(), 0, 0).Interface() // an empty list is [], not null
		}
		ex.Parts[name] = data
	}
	a.audit(ctx, u.ID, u.ID, "data_exported", nil)
	return ex, nil
}

// DeleteMe erases the actor's personal data and signs them out everywhere.
// What they wrote goes too (group messages, their direct messages, posts,
// comments, and the notices that named them for it); the other person of
// a direct-message thread keeps their own messages there, beside "a
// former member"; an open report they made stays for moderators, and their
// name reads "a former member" wherever it is still shown.
// It requires a recent sign-in, or the password given here. Errors:
// reauth_required, unauthorized (wrong password).
func (a *App) DeleteMe(ctx context.Context, password, code string) error {
	act, err := requireActor(ctx)
	if err != nil {
		return err
	}
	if password != "" {
		if err := a.Reauthenticate(ctx, password, code); err != nil {
			return err
		}
	} else if err := a.requireRecentAuth(act); err != nil {
		return err
	}
	u := act.User
	if u.Role == model.RoleSiteAdmin {
		n, err := a.countAdmins(ctx)
		if err != nil {
			return err
		}
		if n <= 1 {
			return model.Errorf(model.KindConflict, "you are the only site admin; make someone else site admin first (kinship admin set-role) so the instance is not left without one")
		}
	}
	err = a.store.InTx(ctx, func(tx store.Store) error {
		now := a.now()
		u.Email = ""
		u.EmailVerifiedAt = nil
		u.PasswordHash = ""
		u.MFAEnabled = false
		u.MFASecretEnc = nil
		u.Role = model.RoleMember
		u.ShareLinesOnCall = false
		u.Clock, u.ClockRegion = "", ""
		u.DeletedAt = &now
		if err := tx.UpdateUser(ctx, u); err != nil {
			return err
		}
		// The areas first: some read the profile's name to erase it
		// where others were told it.
		for _, e := range a.erasers {
			if err := e(ctx, tx, u.ID); err != nil {
				return err
			}
		}
		if err := tx.DeleteProfile(ctx, u.ID); err != nil {
			return err
		}
		if err := tx.ReplaceRecoveryCodes(ctx, u.ID, nil); err != nil {
			return err
		}
		if err := tx.DeleteUserTokens(ctx, u.ID); err != nil {
			return err
		}
		return tx.DeleteUserSessions(ctx, u.ID, "")
	})
	if err != nil {
		return err
	}
	a.endSockets(ctx, u.ID, "", "", realtime.ReasonSignedOut)
	a.audit(ctx, u.ID, u.ID, "account_deleted", nil)
	a.names.forget(u.ID)
	return nil
}

// Eraser removes one area's personal data of a person being deleted, inside
// the deletion's transaction.
type Eraser func(ctx context.Context, tx store.Store, userID string) error

// AddEraser registers an area's part of account deletion.
func (a *App) AddEraser(e Eraser) { a.erasers = append(a.erasers, e) }
