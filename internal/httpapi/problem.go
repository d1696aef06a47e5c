package httpapi

import (
	"bytes"
	"encoding/json"
	"net/http"
	"sort"
	"strings"

	"github.com/kinshiprecovery/kinship/internal/model"
)

// Every error the JSON API answers is an RFC 9457 problem, served as
// application/problem+json:
//
//	{"type": "urn:kinship:problem:invalid", "title": "Invalid request",
//	 "status": 400, "detail": "please correct the highlighted fields",
//	 "errors": [{"name": "mood", "in": "body", "detail": "choose 1 to 5"}]}
//
// The type names the kind of problem and never changes; detail is the
// person-readable message; errors appears when fields or parameters are
// named. docs/api.md lists the types.

// ProblemContentType is the media type of every API error answer.
const ProblemContentType = "application/problem+json"

// problemTypePrefix starts every problem type URI; the kind follows.
const problemTypePrefix = "urn:kinship:problem:"

// Problem kinds the HTTP layer answers besides model's own.
const (
	kindMethodNotAllowed model.Kind = "method_not_allowed"
	kindUnavailable      model.Kind = "unavailable"
	kindIdempotencyReuse model.Kind = "idempotency_key_reused"
	kindUpgradeRequired  model.Kind = "upgrade_required"
)

// problemKind is one entry of the list of problem types.
type problemKind struct {
	Kind   model.Kind
	Status int
	Title  string
	// When says when the type is answered, for docs/api.md and the
	// OpenAPI document.
	When string
}

// ProblemKinds lists every problem type the API answers, in the order
// docs/api.md shows them.
var ProblemKinds = []problemKind{
	{model.KindInvalid, http.StatusBadRequest, "Invalid request", "The request cannot be carried out as sent: a field, query parameter or the body is wrong (errors names each), an unknown query parameter or JSON field was sent (keys are read exactly: \"Body\" is not body), a JSON key was given twice, null was sent where the field takes none, limit or cursor is not valid."},
	{model.KindUnauthorized, http.StatusUnauthorized, "Sign-in needed", "No session, an expired one, or a wrong password or code."},
	{model.KindMFARequired, http.StatusUnauthorized, "Second factor needed", "The password is proven and the two-factor code is still due (POST /api/v1/auth/mfa)."},
	{model.KindForbidden, http.StatusForbidden, "Not allowed", "The signed-in person may not do this (role, membership, block, a cross-origin request, a WebSocket from another site)."},
	{model.KindReauth, http.StatusForbidden, "Recent sign-in needed", "A sensitive change needs the password again (POST /api/v1/auth/reauth)."},
	{model.KindNotFound, http.StatusNotFound, "Not found", "No such thing, or not one the person may see; also an unknown API path."},
	{kindMethodNotAllowed, http.StatusMethodNotAllowed, "Method not allowed", "The path exists but not with this method; Allow lists the methods."},
	{model.KindConflict, http.StatusConflict, "Conflict", "The request clashes with the current state (already done, taken, ended)."},
	{model.KindTooLarge, http.StatusRequestEntityTooLarge, "Too large", "The body is larger than the route takes, or a text is longer than its limit."},
	{kindIdempotencyReuse, http.StatusUnprocessableEntity, "Idempotency key reused", "An Idempotency-Key was sent again with a different body, method or path."},
	{kindUpgradeRequired, http.StatusUpgradeRequired, "WebSocket upgrade needed", "GET /api/v1/ws was called without a WebSocket handshake."},
	{model.KindRateLimited, http.StatusTooManyRequests, "Too many requests", "Too many attempts; Retry-After says how many seconds to wait."},
	{model.KindInternal, http.StatusInternalServerError, "Something went wrong", "A fault on the server's side; nothing was changed half-way."},
	{kindUnavailable, http.StatusServiceUnavailable, "Unavailable", "A part of the service is off on this node (such as real-time delivery)."},
}

// problem is the body of an error answer (RFC 9457).
type problem struct {
	Type   string       `json:"type"`
	Title  string       `json:"title"`
	Status int          `json:"status"`
	Detail string       `json:"detail"`
	Errors []fieldError `json:"errors,omitempty"`
}

// fieldError names one field or parameter of a refused request.
type fieldError struct {
	Name   string `json:"name"`
	In     string `json:"in"` // body, query, path or header
	Detail string `json:"detail"`
}

// ProblemType is the stable type URI of a kind of problem.
func ProblemType(kind model.Kind) string { return problemTypePrefix + string(kind) }

// problemFor is the problem of a kind with its detail.
func problemFor(kind model.Kind, detail string) problem {
	for _, k := range ProblemKinds {
		if k.Kind == kind {
			return problem{Type: ProblemType(kind), Title: k.Title, Status: k.Status, Detail: detail}
		}
	}
	return problemFor(model.KindInternal, detail)
}

// writeProblem answers with p as application/problem+json.
func writeProblem(w http.ResponseWriter, r *http.Request, p problem) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(true)
	_ = enc.Encode(p)
	w.Header().Set("Content-Type", ProblemContentType)
	w.WriteHeader(p.Status)
	if r.Method != http.MethodHead {
		_, _ = w.Write(buf.Bytes())
	}
}

// fieldErrors lists the named fields of an error, by name, each with where
// it was sent: a path wildcard of the route, a query parameter, or (on
// requests that carry one) the body.
func fieldErrors(r *http.Request, fields map[string]string) []fieldError {
	if len(fields) == 0 {
		return nil
	}
	out := make([]fieldError, 0, len(fields))
	for name, detail := range fields {
		out = append(out, fieldError{Name: name, In: fieldIn(r, name), Detail: detail})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

func fieldIn(r *http.Request, name string) string {
	switch {
	case name == "body":
		return "body"
	case strings.Contains(r.Pattern, "{"+name+"}"):
		return "path"
	case r.URL.Query().Has(name):
		return "query"
	case strings.EqualFold(name, "Idempotency-Key"), strings.EqualFold(name, "Content-Type"):
		return "header"
	case r.ContentLength > 0:
		return "body" // a DELETE may carry a body too
	case r.Method == http.MethodGet || r.Method == http.MethodHead || r.Method == http.MethodDelete:
		return "query"
	}
	return "body"
}

// apiFallback answers, for API paths the route table does not serve, a
// problem instead of the mux's plain text: 405 with Allow when the path
// exists with other methods, else 404. The catch-all "GET /api/" (the 404
// of an unknown path) matches every path for GET and HEAD, so whether a
// path exists is asked of routes, the API's routes without it: a path
// served only by POST answers GET or DELETE with 405 and Allow: POST.
func apiFallback(mux, routes *http.ServeMux) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !isAPI(r) {
			mux.ServeHTTP(w, r)
			return
		}
		_, served := mux.Handler(r)
		if served != "" && served != catchAllAPI {
			mux.ServeHTTP(w, r)
			return
		}
		if h, pattern := routes.Handler(r); pattern == "" {
			probe := &headerProbe{header: http.Header{}}
			h.ServeHTTP(probe, r)
			if allow := probe.header.Get("Allow"); probe.status == http.StatusMethodNotAllowed && allow != "" {
				w.Header().Set("Allow", allow)
				writeProblem(w, r, problemFor(kindMethodNotAllowed, r.Method+" is not served here; use "+orList(strings.Split(allow, ", "))))
				return
			}
		}
		if served == catchAllAPI {
			mux.ServeHTTP(w, r)
			return
		}
		writeProblem(w, r, problemFor(model.KindNotFound, "no such API path; see /api/v1/openapi.json"))
	})
}

// catchAllAPI is the route that answers an unknown API path (notFound).
const catchAllAPI = "GET /api/"

// headerProbe records what the mux's own fallback handler would answer,
// without sending it.
type headerProbe struct {
	header http.Header
	status int
}

func (p *headerProbe) Header() http.Header         { return p.header }
func (p *headerProbe) Write(b []byte) (int, error) { return len(b), nil }
func (p *headerProbe) WriteHeader(code int)        { p.status = code }

// orList joins words as "a, b or c".
func orList(words []string) string {
	if len(words) < 2 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " or " + words[len(words)-1]
}
