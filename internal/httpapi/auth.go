package httpapi

import (
	"errors"
	"net/http"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/i18n"
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

// signupIn is the body of signup.
type signupIn struct {
	Email       string `json:"email"`
	Password    string `json:"password"`
	DisplayName string `json:"display_name"`
}

func (s *Server) signup(w http.ResponseWriter, r *http.Request) {
	var in signupIn
	if err := decode(w, r, &in); err != nil {
		writeError(w, r, err)
		return
	}
	lang := "" // the account's emails come in the language the client asks for
	if h := r.Header.Get("Accept-Language"); h != "" {
		lang = i18n.Load().Match(h).Code
	}
	res, err := s.app.Signup(r.Context(), app.SignupInput{Email: in.Email, Password: in.Password, DisplayName: in.DisplayName, IP: s.clientIP(r), Language: lang})
	if err != nil {
		writeError(w, r, err)
		return
	}
	created(w, "/api/v1/users/"+res.ID, signupAnswer{ID: res.ID, DisplayName: res.DisplayName})
}

// loginAnswer is the answer of every step of signing in. Status is
// "signed_in" (the token opens the API) or "mfa_required" (the token opens
// only POST /api/v1/auth/mfa, for ten minutes and five codes; user is null
// until the second factor is given).
type loginAnswer struct {
	Status    string          `json:"status"`
	Token     string          `json:"token"`
	ExpiresAt model.Timestamp `json:"expires_at"`
	User      *userBrief      `json:"user"`
}

// The sign-in statuses.
const (
	loginSignedIn    = "signed_in"
	loginMFARequired = "mfa_required"
)

// loginIn is the body of login.
type loginIn struct {
	Email    string `json:"email"`
	Password string `json:"password"`
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	var in loginIn
	if err := decode(w, r, &in); err != nil {
		writeError(w, r, err)
		return
	}
	res, err := s.app.Login(r.Context(), app.LoginInput{Email: in.Email, Password: in.Password, AllowPending: true, IP: s.clientIP(r), UserAgent: r.UserAgent(),
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
	web.SetSessionCookie(w, s.opts.Secure, res.Token, res.Session.ExpiresAt, s.app.Now())
	writeJSON(w, status, s.sessionAnswer(r, res.Token, res.User, res.Session))
}

func (s *Server) sessionAnswer(r *http.Request, token string, u *model.User, sess *model.Session) loginAnswer {
	if sess.MFAPending {
		return loginAnswer{Status: loginMFARequired, Token: token, ExpiresAt: model.At(sess.ExpiresAt)}
	}
	return loginAnswer{Status: loginSignedIn, Token: token, ExpiresAt: model.At(sess.ExpiresAt),
		User: &userBrief{ID: u.ID, DisplayName: s.app.DisplayName(r.Context(), u.ID), Role: u.Role, MFAEnabled: u.MFAEnabled, MFARequired: u.Role.RequiresMFA()}}
}

// loginMFAIn is the body of loginMFA.
type loginMFAIn struct {
	Code string `json:"code"`
}

// errNoMFADue answers a code sent for a session that is already signed in
// (two-factor login passed, or none asked): the code was not checked.
var errNoMFADue = &model.Error{Kind: model.KindConflict,
	Message: "this session is already signed in and no two-factor code is due; the code was not checked"}

// loginMFA finishes a pending sign-in with a code from the authenticator
// app or a recovery code; the same token then opens the API.
func (s *Server) loginMFA(w http.ResponseWriter, r *http.Request) {
	var in loginMFAIn
	if err := decode(w, r, &in); err != nil {
		writeError(w, r, err)
		return
	}
	if act := app.ActorFrom(r.Context()); act != nil && !act.Session.MFAPending {
		// A 200 here would read as a code that was checked and right.
		writeError(w, r, errNoMFADue)
		return
	}
	if err := s.app.CompleteMFA(r.Context(), in.Code); err != nil {
		if errors.Is(err, app.ErrPendingMFAEnded) {
			web.ClearSessionCookie(w, s.opts.Secure)
		}
		writeError(w, r, err)
		return
	}
	act := app.ActorFrom(r.Context())
	token := requestToken(r, s.opts.Secure)
	web.SetSessionCookie(w, s.opts.Secure, token, act.Session.ExpiresAt, s.app.Now())
	writeJSON(w, http.StatusOK, s.sessionAnswer(r, token, act.User, act.Session))
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	if err := s.app.Logout(r.Context()); err != nil {
		writeError(w, r, err)
		return
	}
	web.ClearSessionCookie(w, s.opts.Secure)
	w.WriteHeader(http.StatusNoContent)
}

// reauthIn is the body of reauth.
type reauthIn struct {
	Password string `json:"password"`
	TOTP     string `json:"totp,omitempty"`
}

func (s *Server) reauth(w http.ResponseWriter, r *http.Request) {
	var in reauthIn
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

// verifyEmailIn is the body of verifyEmail.
type verifyEmailIn struct {
	Token string `json:"token"`
}

func (s *Server) verifyEmail(w http.ResponseWriter, r *http.Request) {
	var in verifyEmailIn
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

// requestPasswordResetIn is the body of requestPasswordReset.
type requestPasswordResetIn struct {
	Email string `json:"email"`
}

func (s *Server) requestPasswordReset(w http.ResponseWriter, r *http.Request) {
	var in requestPasswordResetIn
	if err := decode(w, r, &in); err != nil {
		writeError(w, r, err)
		return
	}
	if err := s.app.RequestPasswordReset(r.Context(), in.Email, s.clientIP(r)); err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusAccepted, messageOut{Message: "if an account uses this email, a link to reset its password is on its way"})
}

// confirmPasswordResetIn is the body of confirmPasswordReset.
type confirmPasswordResetIn struct {
	Token    string `json:"token"`
	Password string `json:"password"`
}

func (s *Server) confirmPasswordReset(w http.ResponseWriter, r *http.Request) {
	var in confirmPasswordResetIn
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
