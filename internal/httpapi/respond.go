package httpapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"reflect"
	"strconv"
	"strings"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/i18n"
	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/textin"
)

// MaxBody is the largest request body the JSON API reads.
const MaxBody = 64 << 10

// Status maps an error kind to its HTTP status. It is the one place where
// that mapping lives.
func Status(kind model.Kind) int {
	switch kind {
	case model.KindInvalid:
		return http.StatusBadRequest
	case model.KindNotFound:
		return http.StatusNotFound
	case model.KindUnauthorized, model.KindMFARequired:
		return http.StatusUnauthorized
	case model.KindForbidden, model.KindReauth:
		return http.StatusForbidden
	case model.KindConflict:
		return http.StatusConflict
	case model.KindRateLimited:
		return http.StatusTooManyRequests
	case model.KindTooLarge:
		return http.StatusRequestEntityTooLarge
	}
	return http.StatusInternalServerError
}

// writeJSON encodes v with the status. When the request's text signalled
// a crisis or a hard moment, an object answer also carries "safety": the
// author's private note with where help is.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(true)
	_ = enc.Encode(v)
	body := buf.Bytes()
	if sr, ok := w.(*safetyResponse); ok && status < 300 {
		if note := sr.col.Note(); note != nil && len(body) > 1 && body[0] == '{' {
			extra, _ := json.Marshal(note)
			joined := append([]byte(`{"safety":`), extra...)
			if body[1] != '}' {
				joined = append(joined, ',')
			}
			body = append(joined, body[1:]...)
		}
	}
	if status != http.StatusNoContent && status != http.StatusNotModified {
		// The answer is whole: its length goes ahead of it, so it is sent
		// as it is, not in chunks and an end chunk (a write of its own).
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	}
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// writeError answers with the error's status as an RFC 9457 problem
// (see problem.go) with a message a person can act on; internal errors are
// logged and answered without detail.
func writeError(w http.ResponseWriter, r *http.Request, err error) {
	if model.ClientGone(r.Context(), err) {
		// The client left before the answer: no one reads it, and it is
		// no fault of the server's (the access log shows 499, not 500).
		slog.InfoContext(r.Context(), "request left by the client", "route", r.Pattern)
		w.WriteHeader(model.StatusClientClosedRequest)
		return
	}
	var e *model.Error
	if !errors.As(err, &e) || e.Kind == model.KindInternal {
		slog.ErrorContext(r.Context(), "request failed", "route", r.Pattern, "err", err)
		writeProblem(w, r, problemFor(model.KindInternal, "something went wrong on our side; please try again"))
		return
	}
	if e.Kind == model.KindRateLimited && e.RetryAfterSeconds > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(e.RetryAfterSeconds))
	}
	msg := e.Message
	if l := englishReader(r); e.Msg != nil && l.Hour12() {
		msg = l.Say(e.Msg) // its times on the reader's 12-hour clock
	}
	p := problemFor(e.Kind, msg)
	p.Errors = fieldErrors(r, e.Fields)
	writeProblem(w, r, p)
}

// englishReader is English, the API's language, with r's reader's clock:
// the account's choice, else the one usual in their profile's country;
// for a request with no account, Accept-Language's region for English
// (en-US reads 7:30 pm); 24 hours when nothing says.
func englishReader(r *http.Request) *i18n.Lang {
	en := i18n.For(i18n.DefaultCode)
	if act := app.ActorFrom(r.Context()); act != nil && act.User != nil {
		return en.Reader(act.User.Clock, act.User.ClockRegion)
	}
	return en.InRegion(i18n.AcceptRegion(r.Header.Get("Accept-Language"), i18n.DefaultCode))
}

// decode reads a JSON object into dst, rejecting unknown fields, wrong
// types, a key given twice, trailing data, text that is not clean and bodies over MaxBody,
// with messages a person can act on.
func decode(w http.ResponseWriter, r *http.Request, dst any) error {
	return decodeBody(http.MaxBytesReader(w, r.Body, MaxBody), r, dst)
}

// decodeLarge reads a JSON object of up to the route's own limit (set by
// admit, after the person was found allowed), for the few routes that take
// whole files, such as a cohort; unknown fields are refused as everywhere.
func decodeLarge(r *http.Request, dst any) error { return decodeBody(r.Body, r, dst) }

func decodeBody(body io.Reader, r *http.Request, dst any) error {
	if ct := r.Header.Get("Content-Type"); ct != "" && !strings.HasPrefix(ct, "application/json") &&
		!(r.Method == http.MethodPatch && strings.HasPrefix(ct, "application/merge-patch+json")) {
		return &model.Error{Kind: model.KindInvalid, Message: "send the body as JSON with Content-Type: application/json (or application/merge-patch+json for PATCH)",
			Fields: map[string]string{"Content-Type": "use application/json (or application/merge-patch+json for PATCH)"}}
	}
	raw, err := io.ReadAll(body)
	if err != nil {
		return jsonError(err)
	}
	if e := textin.InvalidUTF8InJSON(raw); e != nil {
		return textError(e)
	}
	// Keys are read exactly, before the decoder (which would take "Body"
	// as "body", and the last of a key given twice) reads the values.
	if f := bodyKeyFault(raw, reflect.TypeOf(dst), r.Method == http.MethodPatch); f != nil {
		return keyError(f)
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return jsonError(err)
	}
	if err := dec.Decode(&struct{}{}); err != io.EOF {
		return bodyError("the body must hold a single JSON object", "holds more after the JSON object; send one object")
	}
	return checkText(dst)
}

// keyError is the problem with a key given twice or not a field's name,
// naming the key.
func keyError(f *keyFault) error {
	switch {
	case f.Twice:
		return &model.Error{Kind: model.KindInvalid, Message: strconv.Quote(f.Path) + " is given more than once in the body; send each key once",
			Fields: map[string]string{f.Path: "is given more than once; send it once"}}
	case f.Null != nil:
		msg := "must be " + jsonTypeName(f.Null.Kind().String()) + ", not null"
		return &model.Error{Kind: model.KindInvalid, Message: f.Path + " " + msg + "; send a value or leave the key out", Fields: map[string]string{f.Path: msg}}
	case f.Meant != "":
		return &model.Error{Kind: model.KindInvalid, Message: "unknown field " + strconv.Quote(f.Path) + "; keys are read exactly as documented: send " + strconv.Quote(f.Meant),
			Fields: map[string]string{f.Path: "unknown field; send " + strconv.Quote(f.Meant) + ", in that case"}}
	}
	return &model.Error{Kind: model.KindInvalid, Message: "unknown field " + strconv.Quote(f.Path), Fields: map[string]string{f.Path: "unknown field"}}
}

// checkText refuses a decoded request whose text is not clean (see
// package textin), naming the field.
func checkText(dst any) error {
	if e := textin.Check(dst); e != nil {
		return textError(e)
	}
	return nil
}

func textError(e *textin.Error) error {
	name := e.Field
	if name == "the body" {
		name = "body"
	}
	return &model.Error{Kind: model.KindInvalid, Message: e.Field + " " + e.Problem, Fields: map[string]string{name: e.Problem}}
}

// bodyError is a problem with the body as a whole, named "body" in the
// problem's errors as a field would be.
func bodyError(message, detail string) error {
	return &model.Error{Kind: model.KindInvalid, Message: message, Fields: map[string]string{"body": detail}}
}

// jsonError turns a decoding error into a message naming the field.
func jsonError(err error) error {
	var maxErr *http.MaxBytesError
	var typeErr *json.UnmarshalTypeError
	var synErr *json.SyntaxError
	switch {
	case errors.As(err, &maxErr):
		return tooLarge(maxErr.Limit)
	case errors.As(err, &typeErr):
		field := typeErr.Field
		if field == "" {
			return bodyError("the body must be a JSON object", "is "+jsonValueName(typeErr.Value)+"; send a JSON object, {…}")
		}
		msg := "must be " + jsonTypeName(typeErr.Type.Kind().String())
		return &model.Error{Kind: model.KindInvalid, Message: field + " " + msg, Fields: map[string]string{field: msg}}
	case errors.As(err, &synErr):
		return bodyError("the body is not valid JSON", fmt.Sprintf("is not valid JSON at character %d: %s", synErr.Offset, strings.TrimPrefix(synErr.Error(), "json: ")))
	case errors.Is(err, io.ErrUnexpectedEOF):
		return bodyError("the body is not valid JSON", "is not valid JSON: it ends before the object does")
	case errors.Is(err, io.EOF):
		return bodyError("the body is empty; send a JSON object", "is empty; send a JSON object")
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		field := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return &model.Error{Kind: model.KindInvalid, Message: "unknown field " + strconv.Quote(field), Fields: map[string]string{field: "unknown field"}}
	}
	return bodyError("the body could not be read: "+err.Error(), "could not be read")
}

// jsonValueName names the kind of JSON value the decoder found ("string",
// "number", "array", …) for a person.
func jsonValueName(v string) string {
	switch v {
	case "array":
		return "a list"
	case "string":
		return "a string"
	case "number":
		return "a number"
	case "bool":
		return "true or false"
	}
	return "not an object"
}

func jsonTypeName(kind string) string {
	switch kind {
	case "string":
		return "a string"
	case "slice", "array":
		return "a list"
	case "map", "struct":
		return "an object"
	case "bool":
		return "true or false"
	case "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64", "float32", "float64":
		return "a number"
	}
	return "of another type"
}

// notFound answers an unknown API path as a problem.
func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	writeProblem(w, r, problemFor(model.KindNotFound, "no such API path; see /api/v1/openapi.json"))
}
