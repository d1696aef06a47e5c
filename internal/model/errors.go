// Package model holds Kinship's domain types, their validation and the error
// kinds every layer speaks. It imports nothing internal.
package model

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strconv"
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
	// Msg is Message as a catalog message, for a message built with values
	// (a number, a date, a name): a page writes it in its reader's
	// language, the API answers Message, its English words. FieldMsgs are
	// the same for Fields, by field.
	Msg       *Msg
	FieldMsgs map[string]*Msg
	// RetryAfterSeconds is set for rate-limited errors.
	RetryAfterSeconds int
	Err               error
}

// Msg is a message for a person built with values, kept as a catalog
// message (internal/i18n) so that each reader reads it in their own
// language: its ID, its named fields and its English words. A field's
// value is a string, a number or another *Msg (a role's name, say),
// itself written in the reader's language.
type Msg struct {
	ID      string
	Args    map[string]any
	English string
}

// Thousands writes n as the English catalog writes a count, grouped by
// thousands ("1,000"), for a message's English words (NewMsg).
func Thousands(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	if neg {
		return "-" + s
	}
	return s
}

// NewMsg is catalog message id with its fields as key, value pairs;
// english is the same message in English, as the English catalog writes
// it (a test in internal/i18n holds the two the same).
func NewMsg(id, english string, args ...any) *Msg {
	m := &Msg{ID: id, English: english, Args: map[string]any{}}
	for i := 0; i+1 < len(args); i += 2 {
		if k, ok := args[i].(string); ok {
			m.Args[k] = args[i+1]
		}
	}
	return m
}

// CatalogMessage is the message's ID and fields, for i18n.Lang.Say.
func (m *Msg) CatalogMessage() (string, map[string]any) {
	if m == nil {
		return "", nil
	}
	return m.ID, m.Args
}

// String is the message's English words.
func (m *Msg) String() string { return m.English }

// ErrMsg is an error of kind whose message is m.
func ErrMsg(kind Kind, m *Msg) *Error { return &Error{Kind: kind, Message: m.English, Msg: m} }

// Field adds field's message, fixed words, to e and returns e.
func (e *Error) Field(field, words string) *Error {
	if e.Fields == nil {
		e.Fields = map[string]string{}
	}
	e.Fields[field] = words
	return e
}

// WithField adds field's message m, built with values, to e and returns e.
func (e *Error) WithField(field string, m *Msg) *Error {
	if e.Fields == nil {
		e.Fields = map[string]string{}
	}
	if e.FieldMsgs == nil {
		e.FieldMsgs = map[string]*Msg{}
	}
	e.Fields[field], e.FieldMsgs[field] = m.English, m
	return e
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
type FieldErrors map[string]fieldMsg

// fieldMsg is one field's message: its words, and the catalog message
// when it was built with values.
type fieldMsg struct {
	words string
	msg   *Msg
}

// Add records msg for field unless a message is already there.
func (f FieldErrors) Add(field, msg string) {
	if _, ok := f[field]; !ok {
		f[field] = fieldMsg{words: msg}
	}
}

// AddMsg records m, a message built with values, for field unless a
// message is already there.
func (f FieldErrors) AddMsg(field string, m *Msg) {
	if _, ok := f[field]; !ok {
		f[field] = fieldMsg{words: m.English, msg: m}
	}
}

// AddError records e's message for field (its catalog message when it has
// one) unless a message is already there.
func (f FieldErrors) AddError(field string, e *Error) {
	if e.Msg != nil {
		f.AddMsg(field, e.Msg)
		return
	}
	f.Add(field, e.Message)
}

// Has reports whether field has a message.
func (f FieldErrors) Has(field string) bool {
	_, ok := f[field]
	return ok
}

// Err returns nil when there are no messages, else an invalid-kind *Error.
func (f FieldErrors) Err() error {
	if len(f) == 0 {
		return nil
	}
	e := &Error{Kind: KindInvalid, Message: "please correct the highlighted fields", Fields: make(map[string]string, len(f))}
	for k, m := range f {
		e.Fields[k] = m.words
		if m.msg != nil {
			if e.FieldMsgs == nil {
				e.FieldMsgs = map[string]*Msg{}
			}
			e.FieldMsgs[k] = m.msg
		}
	}
	return e
}

// StatusClientClosedRequest is the status the access log records for a
// request its client left before it was answered (nginx's 499): the tab
// closed, the person tapped on, the signal dropped. No one reads the
// answer, and it is not a fault of the server's, so monitoring that
// counts 5xx must not count it.
const StatusClientClosedRequest = 499

// ClientGone reports whether err is only the request's own context ending
// because its client went away, not a fault to log as one.
func ClientGone(ctx context.Context, err error) bool {
	return errors.Is(err, context.Canceled) && errors.Is(ctx.Err(), context.Canceled)
}
