package web

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"strings"
	"time"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/model"
)

// securityData is what the security page needs.
type securityData struct {
	Me        *app.Me
	Sessions  []app.SessionView
	CodesLeft int
	NeedMFA   bool
	// NeedFor says why a power sent the person here to set it up
	// (?need=mfa&for=staff|facilitator|mentor), "" when none did.
	NeedFor       string
	Setup         *mfaSetupView
	RecoveryCodes []string
	// PushKey is the instance's VAPID key ("" when it sends no push);
	// PushDevices the person's devices that get notifications.
	PushKey     string
	PushDevices []pushDeviceRow
}

// pushDeviceRow is a device as the security page lists it.
type pushDeviceRow struct {
	app.PushDevice
	LastUsed time.Time // zero when never reached
}

// mfaSetupView is a two-factor set-up as the page shows it: the QR code as
// a URL html/template may put in src (checked by pngDataURL) and the key.
type mfaSetupView struct {
	QR     template.URL
	Secret string
}

// pngDataURL trusts s as an image URL only when it is the data:image/png
// URI the server made: the prefix, valid base64 and a PNG inside.
func pngDataURL(s string) (template.URL, error) {
	const prefix = "data:image/png;base64,"
	raw, ok := strings.CutPrefix(s, prefix)
	if !ok {
		return "", fmt.Errorf("QR code is not a data:image/png URI")
	}
	b, err := base64.StdEncoding.DecodeString(raw)
	if err != nil {
		return "", fmt.Errorf("QR code is not base64: %w", err)
	}
	if !bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")) {
		return "", fmt.Errorf("QR code is not a PNG")
	}
	return template.URL(s), nil
}

func setupView(s *app.MFASetup) (*mfaSetupView, error) {
	qr, err := pngDataURL(s.QRDataURI)
	if err != nil {
		return nil, err
	}
	return &mfaSetupView{QR: qr, Secret: s.Secret}, nil
}

func (p *Pages) securityView(r *http.Request, v view) (view, error) {
	me, err := p.app.GetMe(r.Context())
	if err != nil {
		return v, err
	}
	sessions, err := p.app.ListSessions(r.Context())
	if err != nil {
		return v, err
	}
	left, err := p.app.RecoveryCodesLeft(r.Context())
	if err != nil {
		return v, err
	}
	d, _ := v.Data.(*securityData)
	if d == nil {
		d = &securityData{}
	}
	d.Me, d.Sessions, d.CodesLeft = me, sessions, left
	if p.app.PushEnabled() {
		devices, err := p.app.ListPushDevices(r.Context())
		if err != nil {
			return v, err
		}
		d.PushKey, d.PushDevices = p.app.VAPIDPublicKey(), nil
		for _, dv := range devices {
			row := pushDeviceRow{PushDevice: dv}
			if dv.LastUsedAt != nil {
				row.LastUsed = *dv.LastUsedAt
			}
			d.PushDevices = append(d.PushDevices, row)
		}
	}
	if d.Setup == nil && d.RecoveryCodes == nil && !me.MFAEnabled {
		// A set-up begun and not confirmed stays on screen with its key
		// (after a mistyped code, a reload, or coming back later).
		pending, err := p.app.PendingMFA(r.Context())
		if err != nil {
			return v, err
		}
		if pending != nil {
			if d.Setup, err = setupView(pending); err != nil {
				return v, err
			}
		}
	}
	d.NeedMFA = me.MFARequired && !me.MFAEnabled
	// Sent here by a power that needs it (an organization's admins and
	// staff, a group's facilitators, mentors).
	if !me.MFAEnabled && !d.NeedMFA && r.URL.Query().Get("need") == "mfa" {
		d.NeedFor = p.mfaNeeded(r, r.URL.Query().Get("for")).Why + " " + p.tr(r, "security.need_then")
	}
	v.Title = p.tr(r, "security.title")
	v.Data = d
	return v, nil
}

func (p *Pages) showSecurity(w http.ResponseWriter, r *http.Request, status int, v view) {
	v, err := p.securityView(r, v)
	if err != nil {
		p.fail(w, r, "message", view{Title: p.tr(r, "security.title")}, err)
		return
	}
	p.render(w, r, status, "security", v)
}

// Security shows two-factor login, password change and the sessions list.
func (p *Pages) Security(w http.ResponseWriter, r *http.Request) {
	v := view{}
	switch r.URL.Query().Get("done") {
	case "password":
		v.Notice = p.tr(r, "security.done_password")
	case "revoked":
		v.Notice = p.tr(r, "security.done_revoked")
	case "others":
		v.Notice = p.tr(r, "security.done_others")
	case "mfa-off":
		v.Notice = p.tr(r, "security.done_mfa_off")
	case "push":
		v.Notice = p.tr(r, "security.done_push")
	case "push-off":
		v.Notice = p.tr(r, "security.done_push_off")
	case "push-text":
		v.Notice = p.tr(r, "security.done_push_text")
	}
	p.showSecurity(w, r, http.StatusOK, v)
}

// ChangePassword changes the password and keeps this device signed in.
func (p *Pages) ChangePassword(w http.ResponseWriter, r *http.Request) {
	form(r)
	res, err := p.app.ChangePassword(r.Context(), r.PostFormValue("current_password"), r.PostFormValue("new_password"))
	if err != nil {
		v, verr := p.securityView(r, view{})
		if verr != nil {
			p.fail(w, r, "message", view{Title: p.tr(r, "security.title")}, verr)
			return
		}
		p.fail(w, r, "security", v, err)
		return
	}
	SetSessionCookie(w, p.opts.Secure, res.Token, res.Session.ExpiresAt, p.app.Now())
	http.Redirect(w, r, "/settings/security?done=password", http.StatusSeeOther)
}

// MFASetup starts two-factor set-up and shows the QR code and key. A set-up
// already begun keeps its key unless the person asks to start again.
func (p *Pages) MFASetup(w http.ResponseWriter, r *http.Request) {
	form(r)
	if r.PostFormValue("restart") != "1" {
		pending, err := p.app.PendingMFA(r.Context())
		if err != nil {
			p.securityFail(w, r, err)
			return
		}
		if pending != nil {
			p.showSecurity(w, r, http.StatusOK, view{})
			return
		}
	}
	setup, err := p.app.BeginMFA(r.Context())
	if err != nil {
		p.securityFail(w, r, err)
		return
	}
	sv, err := setupView(setup)
	if err != nil {
		p.securityFail(w, r, err)
		return
	}
	notice := ""
	if r.PostFormValue("restart") == "1" {
		notice = p.tr(r, "security.new_key")
	}
	p.showSecurity(w, r, http.StatusOK, view{Notice: notice, Data: &securityData{Setup: sv}})
}

func (p *Pages) securityFail(w http.ResponseWriter, r *http.Request, err error) {
	v, verr := p.securityView(r, view{})
	if verr != nil {
		p.fail(w, r, "message", view{Title: p.tr(r, "security.title")}, verr)
		return
	}
	p.fail(w, r, "security", v, err)
}

// MFAConfirm turns two-factor login on and shows the recovery codes once.
func (p *Pages) MFAConfirm(w http.ResponseWriter, r *http.Request) {
	form(r)
	codes, err := p.app.ConfirmMFA(r.Context(), r.PostFormValue("code"))
	if err != nil {
		p.securityFail(w, r, err)
		return
	}
	// The actor in the context still holds the old flag; reload for the page.
	p.showSecurity(w, r, http.StatusOK, view{Notice: p.tr(r, "security.done_mfa_on"), Data: &securityData{RecoveryCodes: codes}})
}

// MFADisable turns two-factor login off after the password is confirmed.
func (p *Pages) MFADisable(w http.ResponseWriter, r *http.Request) {
	form(r)
	if err := p.app.Reauthenticate(r.Context(), r.PostFormValue("password"), r.PostFormValue("code")); err != nil {
		p.securityFail(w, r, err)
		return
	}
	if err := p.app.DisableMFA(r.Context()); err != nil {
		p.securityFail(w, r, err)
		return
	}
	http.Redirect(w, r, "/settings/security?done=mfa-off", http.StatusSeeOther)
}

// MFARecoveryCodes replaces the recovery codes after the password is confirmed.
func (p *Pages) MFARecoveryCodes(w http.ResponseWriter, r *http.Request) {
	form(r)
	if err := p.app.Reauthenticate(r.Context(), r.PostFormValue("password"), r.PostFormValue("code")); err != nil {
		p.securityFail(w, r, err)
		return
	}
	codes, err := p.app.RegenerateRecoveryCodes(r.Context())
	if err != nil {
		p.securityFail(w, r, err)
		return
	}
	p.showSecurity(w, r, http.StatusOK, view{Notice: p.tr(r, "security.done_new_codes"), Data: &securityData{RecoveryCodes: codes}})
}

// RevokeSession signs out one device.
func (p *Pages) RevokeSession(w http.ResponseWriter, r *http.Request) {
	if err := p.app.RevokeSession(r.Context(), r.PathValue("id")); err != nil {
		p.securityFail(w, r, err)
		return
	}
	http.Redirect(w, r, "/settings/security?done=revoked", http.StatusSeeOther)
}

// RevokeOtherSessions signs out every other device.
func (p *Pages) RevokeOtherSessions(w http.ResponseWriter, r *http.Request) {
	if err := p.app.RevokeOtherSessions(r.Context()); err != nil {
		p.securityFail(w, r, err)
		return
	}
	http.Redirect(w, r, "/settings/security?done=others", http.StatusSeeOther)
}

// privacyData is what the privacy page needs.
type privacyData struct {
	MFA   bool
	Audit []auditRow
	Me    string
	// Operator is the organization that runs this Kinship and holds the
	// data, "" when the operator named none.
	Operator string
}

// The privacy page reads up to privacyEntries of the newest entries of
// the log and shows up to privacyRows rows of them, entries alike folded
// into one (auditRows): reads repeated many times no longer push the
// older entries off the page.
const privacyEntries, privacyRows = 1000, 200

func (p *Pages) showPrivacy(w http.ResponseWriter, r *http.Request, status int, v view, err error) {
	entries, _, aerr := p.app.AuditPage(r.Context(), app.PageRequest{Limit: privacyEntries})
	if aerr != nil {
		p.fail(w, r, "message", view{Title: p.tr(r, "privacy.title_short")}, aerr)
		return
	}
	act := app.ActorFrom(r.Context())
	zone, _ := p.viewerZone(r)
	rows := auditRows(p.viewerLang(r), zone, entries)
	if len(rows) > privacyRows {
		rows = rows[:privacyRows]
	}
	v.Title = p.tr(r, "privacy.title")
	v.Data = privacyData{MFA: act.User.MFAEnabled, Audit: rows, Me: act.User.ID, Operator: p.app.Operator()}
	if err != nil {
		p.fail(w, r, "privacy", v, err)
		return
	}
	p.render(w, r, status, "privacy", v)
}

// Privacy shows export, deletion and who read the person's sensitive data.
func (p *Pages) Privacy(w http.ResponseWriter, r *http.Request) {
	p.showPrivacy(w, r, http.StatusOK, view{}, nil)
}

// Export downloads everything Kinship holds about the person, after the
// password is confirmed.
func (p *Pages) Export(w http.ResponseWriter, r *http.Request) {
	form(r)
	if err := p.app.Reauthenticate(r.Context(), r.PostFormValue("password"), r.PostFormValue("code")); err != nil {
		p.showPrivacy(w, r, 0, view{}, err)
		return
	}
	ex, err := p.app.ExportMe(r.Context())
	if err != nil {
		p.showPrivacy(w, r, 0, view{}, err)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="kinship-export.json"`)
	// The API's document when the server gave it (the same file either
	// way), the privacy log written as it is read, however long it is.
	var doc any = ex
	if p.opts.ExportDocument != nil {
		doc = p.opts.ExportDocument(ex)
	}
	if err := ex.WriteJSON(r.Context(), w, doc, "  "); err != nil {
		if !model.ClientGone(r.Context(), err) {
			p.log.Error("export left unfinished", "err", err)
		}
		panic(http.ErrAbortHandler) // the reader sees a broken download, not a short one
	}
}

// Delete erases the account after the password is confirmed.
func (p *Pages) Delete(w http.ResponseWriter, r *http.Request) {
	form(r)
	if r.PostFormValue("confirm") != "yes" {
		p.showPrivacy(w, r, http.StatusBadRequest, view{Error: p.tr(r, "privacy.err_tick"), Fields: map[string]string{"confirm": p.tr(r, "privacy.err_tick_field")}}, nil)
		return
	}
	if r.PostFormValue("password") == "" {
		p.showPrivacy(w, r, http.StatusBadRequest, view{Error: p.tr(r, "privacy.err_password"), Fields: map[string]string{"delete-password": p.tr(r, "privacy.err_password_field")}}, nil)
		return
	}
	if err := p.app.DeleteMe(r.Context(), r.PostFormValue("password"), r.PostFormValue("code")); err != nil {
		p.showPrivacy(w, r, 0, view{}, renameFields(err, deleteFieldIDs))
		return
	}
	ClearSessionCookie(w, p.opts.Secure)
	http.Redirect(w, r, "/login?bye=1", http.StatusSeeOther)
}

// deleteFieldIDs are the deletion form's own inputs: the page asks for the
// password (and code) twice, to download and to delete, and an error about
// the deletion's password belongs beside the deletion's field.
var deleteFieldIDs = map[string]string{"password": "delete-password", "code": "delete-code", "totp": "delete-code"}

// renameFields is err with its fields named as ids says (a copy; err is
// returned as it is when it names none).
func renameFields(err error, ids map[string]string) error {
	var e *model.Error
	if !errors.As(err, &e) || len(e.Fields) == 0 {
		return err
	}
	c := *e
	c.Fields, c.FieldMsgs = map[string]string{}, map[string]*model.Msg{}
	for k, msg := range e.Fields {
		if id, ok := ids[k]; ok {
			k = id
		}
		c.Fields[k] = msg
	}
	for k, m := range e.FieldMsgs {
		if id, ok := ids[k]; ok {
			k = id
		}
		c.FieldMsgs[k] = m
	}
	return &c
}

// RevokePushDevice stops notifications to one of the person's devices.
func (p *Pages) RevokePushDevice(w http.ResponseWriter, r *http.Request) {
	if err := p.app.RevokePushDevice(r.Context(), r.PathValue("id")); err != nil {
		p.securityFail(w, r, err)
		return
	}
	http.Redirect(w, r, "/settings/security?done=push-off#notification-devices", http.StatusSeeOther)
}

// PushDeviceText chooses whether a device's notifications say what they are about.
func (p *Pages) PushDeviceText(w http.ResponseWriter, r *http.Request) {
	f := form(r, "full_text")
	full := f["full_text"] == "1"
	if _, err := p.app.UpdatePushDevice(r.Context(), r.PathValue("id"), nil, &full); err != nil {
		p.securityFail(w, r, err)
		return
	}
	http.Redirect(w, r, "/settings/security?done=push-text#notification-devices", http.StatusSeeOther)
}

// mfaNeededData is the page that asks for two-factor login before a
// power that needs it: who needs it, why, and the way to set it up.
type mfaNeededData struct {
	For string // staff, facilitator or mentor
	Why string
}

func (p *Pages) mfaNeeded(r *http.Request, who string) mfaNeededData {
	switch who {
	case "facilitator":
		return mfaNeededData{For: who, Why: p.tr(r, "mfa_needed.why_facilitator")}
	case "mentor":
		return mfaNeededData{For: who, Why: p.tr(r, "mfa_needed.why_mentor")}
	}
	return mfaNeededData{For: "staff", Why: p.tr(r, "mfa_needed.why_staff")}
}
