package httpapi

import (
	"errors"
	"fmt"
	"mime/multipart"
	"net/http"
	"strings"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/i18n"
	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/textin"
)

// Body limits: what a route reads at most, refused with 413 while reading
// (http.MaxBytesReader) or at once when Content-Length says more.
const (
	// smallBody fits signing in, signing up and the other public forms.
	smallBody = 8 << 10
	// fileBody fits a whole cohort file, for organization admins only.
	fileBody = 16 << 20
	// listBody fits the reviewed pairs of a cohort.
	listBody = 1 << 20
)

// largeBodies are the routes that read more than MaxBody, each with a
// check of the person made before a byte of the body is read.
var largeBodies = map[string]struct {
	limit int64
	allow func(*app.Actor) error
}{
	"POST /api/v1/mentorship/cohort/plan": {fileBody, orgAdminOnly("apperrf.org_admins_only_plan")},
	"POST /mentorship/cohort/plan":        {fileBody, orgAdminOnly("apperrf.org_admins_only_plan")},
	"POST /api/v1/mentorship/cohort/send": {listBody, orgAdminOnly("apperrf.org_admins_only_send")},
	"POST /mentorship/cohort/send":        {listBody, orgAdminOnly("apperrf.org_admins_only_send")},
}

// orgAdminOnly refuses anyone but an organization or site admin, saying
// so in catalog message id.
func orgAdminOnly(id string) func(*app.Actor) error {
	return func(act *app.Actor) error {
		if act != nil && (act.User.Role == model.RoleOrgAdmin || act.User.Role == model.RoleSiteAdmin) {
			return nil
		}
		return model.ErrMsg(model.KindForbidden, app.Say(id))
	}
}

// bodyLimit is the most a route reads: nothing for GET, a little for the
// public sign-in forms, MaxBody for the rest, more for the few that take files.
func bodyLimit(rt Route) int64 {
	if l, ok := largeBodies[rt.Method+" "+rt.Pattern]; ok {
		return l.limit
	}
	switch {
	case rt.Method == http.MethodGet || rt.Method == http.MethodHead:
		return 0
	case rt.Policy == Public || rt.Policy == PendingMFA:
		return smallBody
	}
	return MaxBody
}

// admit runs what every request passes before its handler, once the
// person's access is settled: routes that read large bodies check the
// person first; the body is bounded; and the text of the path, the query
// string and a form is checked (JSON bodies are checked by decode). It
// answers and returns false when the request is refused.
func (s *Server) admit(w http.ResponseWriter, r *http.Request, rt Route) bool {
	if l, ok := largeBodies[rt.Method+" "+rt.Pattern]; ok {
		if err := l.allow(app.ActorFrom(r.Context())); err != nil {
			s.deny(w, r, err)
			return false
		}
	}
	limit := bodyLimit(rt)
	if r.ContentLength > limit {
		s.refuse(w, r, tooLarge(limit))
		return false
	}
	r.Body = http.MaxBytesReader(w, r.Body, limit)
	if p := textin.Problem(r.URL.Path, false); p != "" {
		s.refuse(w, r, model.ErrMsg(model.KindInvalid, app.Say("apperrf.text_address", "Problem", textProblem(p))))
		return false
	}
	for k, vs := range r.URL.Query() {
		for _, v := range append(vs, k) {
			if p := textin.Problem(v, false); p != "" {
				s.refuse(w, r, model.ErrMsg(model.KindInvalid, app.Say("apperrf.text_query", "Name", nameField(k), "Problem", textProblem(p))).
					WithField(k, textProblem(p)))
				return false
			}
		}
	}
	if err := unknownQuery(r, rt); err != nil {
		s.refuse(w, r, err)
		return false
	}
	if isAPI(r) || r.Method != http.MethodPost {
		return true
	}
	// A form is read here, bounded, so a handler never reads one that is
	// too large or holds text that is not clean.
	ct := r.Header.Get("Content-Type")
	var err error
	switch {
	case strings.HasPrefix(ct, "multipart/form-data"):
		err = r.ParseMultipartForm(limit)
	case strings.HasPrefix(ct, "application/x-www-form-urlencoded"):
		err = r.ParseForm()
	default:
		return true
	}
	if err != nil {
		var maxErr *http.MaxBytesError
		if errors.As(err, &maxErr) || errors.Is(err, multipart.ErrMessageTooLarge) || strings.Contains(err.Error(), "too large") {
			s.refuse(w, r, tooLarge(limit))
		} else {
			s.refuse(w, r, &model.Error{Kind: model.KindInvalid, Message: "the form could not be read; please send it again"})
		}
		return false
	}
	// Forms come from Kinship's own pages, whose only multi-line inputs
	// are text areas, so line breaks and tabs are allowed in any field.
	for k, vs := range r.PostForm {
		for _, v := range vs {
			if p := textin.Problem(v, true); p != "" {
				s.refuse(w, r, model.ErrMsg(model.KindInvalid, app.Say("apperrf.text_field", "Name", nameField(k), "Problem", textProblem(p))).
					WithField(k, textProblem(p)))
				return false
			}
		}
	}
	return true
}

// quoteField is a field's name, quoted, for a message ("\"q\""), or
// words saying it cannot be read.
func quoteField(k string) string { return nameField(k).String() }

// nameField is quoteField as a catalog message.
func nameField(k string) *model.Msg {
	if textin.Problem(k, false) != "" {
		return app.Say("apperrf.text_name_unreadable")
	}
	return model.NewMsg("", fmt.Sprintf("%q", k))
}

// textProblem is textin's problem p as a catalog message: the catalog's
// entry for its words, or, for a control character, the message naming
// the character textin quotes.
func textProblem(p string) *model.Msg {
	if rest, ok := strings.CutPrefix(p, "contains a control character ("); ok {
		if char, ok := strings.CutSuffix(rest, "), which text may not hold"); ok {
			return app.Say("apperrf.text_control_char", "Char", char)
		}
	}
	if id, ok := i18n.AppID(p); ok {
		return model.NewMsg(id, p)
	}
	return model.NewMsg("", p)
}

func tooLarge(limit int64) error {
	size := fmt.Sprintf("%d KiB", limit>>10)
	if limit >= 1<<20 {
		size = fmt.Sprintf("%d MiB", limit>>20)
	}
	if limit == 0 {
		return &model.Error{Kind: model.KindTooLarge, Message: "this request takes no body; send it without one"}
	}
	return model.ErrMsg(model.KindTooLarge, app.Say("apperrf.request_too_large", "Size", size))
}

// refuse answers a request refused at the boundary: JSON for the API, a
// short plain page for the web UI.
func (s *Server) refuse(w http.ResponseWriter, r *http.Request, err error) {
	if isAPI(r) {
		writeError(w, r, err)
		return
	}
	var e *model.Error
	if errors.As(err, &e) {
		// A short page, in the reader's language.
		http.Error(w, s.web.ErrorWords(r, e)+".", Status(e.Kind))
		return
	}
	writeError(w, r, err)
}
