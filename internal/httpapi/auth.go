package httpapi

import (
	"net/http"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/web"
)

type userBrief struct {
	ID          string     `json:"id"`
	DisplayName string     `json:"display_name"`
	Role        model.Role `json:"role,omitempty"`
	MFAEnabled  bool       `json:"mfa_enabled"`
	MFARequired bool       `json:"mfa_required"`
}

func (s *Server) signup(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Email       string `json:"email"`
		Password    string `json:"password"`
		DisplayName string `json:"display_name"`
	}
	if err := decode(w, r, &in); err != nil {
		writeError(w, r, err)
		return
	}
	res, err := s.app.Signup(r.Context(), app.SignupInput{Email: in.Email, Password: in.Password, DisplayName: in.DisplayName, IP: s.clientIP(r)})
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]string{"id": res.ID, "display_name": res.DisplayName})
}

type loginAnswer struct {
	Token     string    `json:"token"`
	User      userBrief `json:"user"`
	ExpiresAt string    `json:"expires_at"`
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Email    string `json:"email"`
		Password string `json:"password"`
		TOTP     string `json:"totp"`
	}
	if err := decode(w, r, &in); err != nil {
		writeError(w, r, err)
		return
	}
	res, err := s.app.Login(r.Context(), app.LoginInput{Email: in.Email, Password: in.Password, TOTP: in.TOTP, IP: s.clientIP(r), UserAgent: r.UserAgent(),
		Device: web.DeviceCookie(r, s.opts.Secure)})
	if err != nil {
		writeError(w, r, err)
		return
	}
	web.SetDeviceCookie(w, s.opts.Secure, res.Device)
	s.writeSession(w, r, http.StatusOK, res)
}

// writeSession sets the session cookie and answers with the token and user.
func (s *Server) writeSession(w http.ResponseWriter, r *http.Request, status int, res *app.LoginResult) {
	web.SetSessionCookie(w, s.opts.Secure, res.Token, res.Session.ExpiresAt)
	u := res.User
	writeJSON(w, status, loginAnswer{Token: res.Token, ExpiresAt: res.Session.ExpiresAt.Format("2006-01-02T15:04:05Z07:00"),
		User: userBrief{ID: u.ID, DisplayName: s.app.DisplayName(r.Context(), u.ID), Role: u.Role, MFAEnabled: u.MFAEnabled, MFARequired: u.Role.RequiresMFA()}})
}

func (s *Server) loginMFA(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Code string `json:"code"`
	}
	if err := decode(w, r, &in); err != nil {
		writeError(w, r, err)
		return
	}
	if err := s.app.CompleteMFA(r.Context(), in.Code); err != nil {
		writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	if err := s.app.Logout(r.Context()); err != nil {
		writeError(w, r, err)
		return
	}
	web.ClearSessionCookie(w, s.opts.Secure)
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) reauth(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Password string `json:"password"`
		TOTP     string `json:"totp"`
	}
	if err := decode(w, r, &in); err != nil {
		writeError(w, r, err)
		return
	}
	if err := s.app.Reauthenticate(r.Context(), in.Password, in.TOTP); err != nil {
		writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) verifyEmail(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Token string `json:"token"`
	}
	if err := decode(w, r, &in); err != nil {
		writeError(w, r, err)
		return
	}
	if err := s.app.VerifyEmail(r.Context(), in.Token); err != nil {
		writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) resendVerification(w http.ResponseWriter, r *http.Request) {
	if err := s.app.ResendVerification(r.Context()); err != nil {
		writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusAccepted)
}

func (s *Server) requestPasswordReset(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Email string `json:"email"`
	}
	if err := decode(w, r, &in); err != nil {
		writeError(w, r, err)
		return
	}
	if err := s.app.RequestPasswordReset(r.Context(), in.Email, s.clientIP(r)); err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusAccepted, map[string]string{"message": "if an account uses this email, a link to reset its password is on its way"})
}

func (s *Server) confirmPasswordReset(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Token    string `json:"token"`
		Password string `json:"password"`
	}
	if err := decode(w, r, &in); err != nil {
		writeError(w, r, err)
		return
	}
	if err := s.app.ResetPassword(r.Context(), in.Token, in.Password); err != nil {
		writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
