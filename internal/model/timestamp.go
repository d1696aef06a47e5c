package model

import (
	"encoding/json"
	"strings"
	"time"
)

// TimestampLayout is how the API writes an instant: RFC 3339 in UTC with
// exactly millisecond precision, e.g. "2026-12-04T19:22:05.123Z".
const TimestampLayout = "2006-01-02T15:04:05.000Z"

// DateLayout is how the API writes a calendar day.
const DateLayout = "2006-01-02"

// Timestamp is an instant as the API writes it (see TimestampLayout). A
// value that may be absent is a *Timestamp, written as null when nil.
type Timestamp struct{ time.Time }

// At makes a Timestamp of t.
func At(t time.Time) Timestamp { return Timestamp{t} }

// AtPtr makes a *Timestamp of t, nil when t is nil or zero.
func AtPtr(t *time.Time) *Timestamp {
	if t == nil || t.IsZero() {
		return nil
	}
	return &Timestamp{*t}
}

// String is the API form.
func (t Timestamp) String() string { return t.UTC().Format(TimestampLayout) }

// MarshalJSON writes the API form.
func (t Timestamp) MarshalJSON() ([]byte, error) { return json.Marshal(t.String()) }

// MarshalText writes the API form.
func (t Timestamp) MarshalText() ([]byte, error) { return []byte(t.String()), nil }

// UnmarshalJSON reads any RFC 3339 instant.
func (t *Timestamp) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	return t.UnmarshalText([]byte(s))
}

// UnmarshalText reads any RFC 3339 instant.
func (t *Timestamp) UnmarshalText(b []byte) error {
	p, err := time.Parse(time.RFC3339Nano, strings.TrimSpace(string(b)))
	if err != nil {
		return err
	}
	t.Time = p
	return nil
}

// Date is a calendar day as the API writes it, "YYYY-MM-DD". A day that
// may be absent is a *Date, written as null when nil.
type Date string

// DatePtr makes a *Date of s, nil when s is "".
func DatePtr(s string) *Date {
	if s == "" {
		return nil
	}
	d := Date(s)
	return &d
}

// DayOf makes the Date of t in its own location.
func DayOf(t time.Time) Date { return Date(t.Format(DateLayout)) }
