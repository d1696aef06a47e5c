// Package model holds Kinship's domain types, their validation and the error
// kinds every layer speaks. It imports nothing internal.
package model

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Kind classifies an error so that the HTTP layer can map it to a status in
// exactly one place.
type Kind string

// The error kinds.
const (
	KindInvalid      Kind = "invalid"
	KindNotFound     Kind = "not_found"
	KindUnauthorized Kind = "unauthorized"
	KindForbidden    Kind = "forbidden"
	KindConflict     Kind = "conflict"
	KindRateLimited  Kind = "rate_limited"
	KindTooLarge     Kind = "too_large"
	KindMFARequired  Kind = "mfa_required"
	KindReauth       Kind = "reauth_required"
	KindInternal     Kind = "internal"
)

// Error is a domain error with a kind, a message a person can act on and,
// for invalid input, one message per field.
type Error struct {
	Kind    Kind
	Message string
	Fields  map[string]string
	// RetryAfterSeconds is set for rate-limited errors.
	RetryAfterSeconds int
	Err               error
}

func (e *Error) Error() string {
	msg := e.Message
	if len(e.Fields) > 0 {
		keys := make([]string, 0, len(e.Fields))
		for k := range e.Fields {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		parts := make([]string, 0, len(keys))
		for _, k := range keys {
			parts = append(parts, k+": "+e.Fields[k])
		}
		msg += " (" + strings.Join(parts, "; ") + ")"
	}
	if e.Err != nil {
		return msg + ": " + e.Err.Error()
	}
	return msg
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error of the given kind.
func Errorf(kind Kind, format string, args ...any) *Error {
	return &Error{Kind: kind, Message: fmt.Sprintf(format, args...)}
}

// ErrorKind returns the kind of err, or KindInternal when it carries none.
func ErrorKind(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return KindInternal
}

// FieldErrors collects per-field validation messages.
type FieldErrors map[string]string

// Add records msg for field unless a message is already there.
func (f FieldErrors) Add(field, msg string) {
	if _, ok := f[field]; !ok {
		f[field] = msg
	}
}

// Err returns nil when there are no messages, else an invalid-kind *Error.
func (f FieldErrors) Err() error {
	if len(f) == 0 {
		return nil
	}
	return &Error{Kind: KindInvalid, Message: "please correct the highlighted fields", Fields: map[string]string(f)}
}
