package httpapi

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http"
	"sort"
	"strings"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/i18n"
	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/web"
)

func (s *Server) getMe(w http.ResponseWriter, r *http.Request) {
	me, err := s.app.GetMe(r.Context())
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, meOf(me))
}

// profilePatch maps each field a PATCH may carry to where it goes.
func profilePatch(p *model.Profile) map[string]any {
	return map[string]any{
		"display_name": &p.DisplayName, "pronouns": &p.Pronouns, "bio": &p.Bio, "languages": &p.Languages,
		"time_zone": &p.TimeZone, "city": &p.City, "country": &p.Country, "pathways": &p.Pathways,
		"substances": &p.Substances, "recovery_start": &p.RecoveryStart, "life_circumstances": &p.LifeCircumstances,
		"interests": &p.Interests, "skills": &p.Skills, "looking_for": &p.LookingFor,
	}
}

// patchMe changes only the fields present; visibility is merged per field.
func (s *Server) patchMe(w http.ResponseWriter, r *http.Request) {
	var raw map[string]json.RawMessage
	if err := decode(w, r, &raw); err != nil {
		writeError(w, r, err)
		return
	}
	// Decode against a scratch profile first, so type errors are reported
	// per field before anything is loaded or saved.
	scratch := &model.Profile{}
	targets := profilePatch(scratch)
	fe := model.FieldErrors{}
	var vis map[string]model.Visibility
	clock, setClock := "", false
	if v, ok := raw["clock"]; ok {
		delete(raw, "clock")
		var c string
		if json.Unmarshal(v, &c) != nil || (c != "usual" && !(c != "" && i18n.ValidClock(c))) {
			fe.AddMsg("clock", app.Say("apperrf.clock_unknown"))
		} else if clock, setClock = c, true; c == "usual" {
			clock = i18n.ClockUsual
		}
	}
	for k, v := range raw {
		if k == "visibility" {
			if err := json.Unmarshal(v, &vis); err != nil {
				fe.Add("visibility", "must be an object like {\"bio\": \"members\"} with one of only_me, supporters, connections, groups, members")
			}
			continue
		}
		t, ok := targets[k]
		if !ok {
			fe.Add(k, "unknown field; fields are "+strings.Join(patchFieldNames(), ", ")+", visibility")
			continue
		}
		if err := json.Unmarshal(v, t); err != nil {
			switch t.(type) {
			case *string:
				fe.Add(k, "must be a string")
			default:
				fe.Add(k, "must be a list of strings")
			}
		}
	}
	if err := fe.Err(); err != nil {
		writeError(w, r, err)
		return
	}
	given := map[string]any{"visibility": vis}
	for k := range raw {
		if k != "visibility" {
			given[k] = targets[k]
		}
	}
	if err := checkText(given); err != nil {
		writeError(w, r, err)
		return
	}
	me, err := s.app.UpdateMe(r.Context(), func(p *model.Profile) {
		for k, v := range raw {
			if k == "visibility" {
				continue
			}
			switch t := profilePatch(p)[k].(type) {
			case *string:
				if isNull(v) { // JSON Merge Patch: null removes the value
					*t = ""
					continue
				}
			case *[]string:
				if isNull(v) {
					*t = []string{}
					continue
				}
			}
			_ = json.Unmarshal(v, profilePatch(p)[k])
		}
		for k, v := range vis {
			p.Visibility[k] = v
		}
	})
	if err != nil {
		writeError(w, r, err)
		return
	}
	if setClock {
		if err := s.app.SetClock(r.Context(), clock); err != nil {
			writeError(w, r, err)
			return
		}
		me.Clock = clock
	}
	writeJSON(w, http.StatusOK, meOf(me))
}

// isNull reports whether a raw JSON value is null.
func isNull(v json.RawMessage) bool { return string(bytes.TrimSpace(v)) == "null" }

func patchFieldNames() []string {
	var names []string
	for k := range profilePatch(&model.Profile{}) {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}

// deleteMeIn is the body of deleteMe.
type deleteMeIn struct {
	Password string `json:"password,omitempty"`
	TOTP     string `json:"totp,omitempty"`
}

func (s *Server) deleteMe(w http.ResponseWriter, r *http.Request) {
	var in deleteMeIn
	if r.ContentLength != 0 {
		if err := decode(w, r, &in); err != nil {
			writeError(w, r, err)
			return
		}
	}
	if err := s.app.DeleteMe(r.Context(), in.Password, in.TOTP); err != nil {
		writeError(w, r, err)
		return
	}
	web.ClearSessionCookie(w, s.opts.Secure)
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) exportMe(w http.ResponseWriter, r *http.Request) {
	ex, err := s.app.ExportMe(r.Context())
	if err != nil {
		writeError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="kinship-export.json"`)
	w.WriteHeader(http.StatusOK)
	// The privacy log is written as it is read, however long it is.
	if err := ex.WriteJSON(r.Context(), w, exportOf(ex), ""); err != nil {
		if !model.ClientGone(r.Context(), err) {
			slog.ErrorContext(r.Context(), "export left unfinished", "route", r.Pattern, "err", err)
		}
		panic(http.ErrAbortHandler) // the reader sees a broken download, not a short one
	}
}

func (s *Server) myAudit(w http.ResponseWriter, r *http.Request) {
	p, ok := mustPage(w, r)
	if !ok {
		return
	}
	entries, next, err := s.app.AuditPage(r.Context(), p.app())
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, keysetPage(p, entries, next))
}

// changePasswordIn is the body of changePassword.
type changePasswordIn struct {
	CurrentPassword string `json:"current_password"`
	NewPassword     string `json:"new_password"`
}

func (s *Server) changePassword(w http.ResponseWriter, r *http.Request) {
	var in changePasswordIn
	if err := decode(w, r, &in); err != nil {
		writeError(w, r, err)
		return
	}
	res, err := s.app.ChangePassword(r.Context(), in.CurrentPassword, in.NewPassword)
	if err != nil {
		writeError(w, r, err)
		return
	}
	s.writeSession(w, r, http.StatusOK, res)
}

func (s *Server) listSessions(w http.ResponseWriter, r *http.Request) {
	p, ok := mustPage(w, r)
	if !ok {
		return
	}
	ss, err := s.app.ListSessions(r.Context())
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, slicePage(p, ss, func(v app.SessionView) string { return newestFirst(v.CreatedAt.Time, v.ID) }))
}

func (s *Server) revokeSession(w http.ResponseWriter, r *http.Request) {
	if err := s.app.RevokeSession(r.Context(), r.PathValue("id")); err != nil && model.ErrorKind(err) != model.KindNotFound {
		writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) revokeOtherSessions(w http.ResponseWriter, r *http.Request) {
	if err := s.app.RevokeOtherSessions(r.Context()); err != nil {
		writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) beginMFA(w http.ResponseWriter, r *http.Request) {
	setup, err := s.app.BeginMFA(r.Context())
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, setup)
}

// confirmMFAIn is the body of confirmMFA.
type confirmMFAIn struct {
	Code string `json:"code"`
}

func (s *Server) confirmMFA(w http.ResponseWriter, r *http.Request) {
	var in confirmMFAIn
	if err := decode(w, r, &in); err != nil {
		writeError(w, r, err)
		return
	}
	codes, err := s.app.ConfirmMFA(r.Context(), in.Code)
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, recoveryCodes{RecoveryCodes: codes})
}

func (s *Server) disableMFA(w http.ResponseWriter, r *http.Request) {
	if err := s.app.DisableMFA(r.Context()); err != nil {
		writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) regenerateRecoveryCodes(w http.ResponseWriter, r *http.Request) {
	codes, err := s.app.RegenerateRecoveryCodes(r.Context())
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, recoveryCodes{RecoveryCodes: codes})
}

func (s *Server) getUser(w http.ResponseWriter, r *http.Request) {
	v, err := s.app.ViewProfile(r.Context(), r.PathValue("id"))
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}
