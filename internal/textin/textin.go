// Package textin is the one check every piece of text passes where it
// enters Kinship: JSON bodies, forms, query strings, socket frames and
// imported feeds. Text must be valid UTF-8 without control characters;
// newlines and tabs are allowed only in fields that hold several lines
// (a message, a bio, a note). What fails is refused naming the field,
// before it reaches a handler or the database (PostgreSQL refuses NUL
// bytes outright, which used to surface as a 500).
package textin

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Multiline names the fields (by their JSON or form name, the last part
// of a path) whose text may hold newlines and tabs.
var Multiline = map[string]bool{
	"body": true, "bio": true, "note": true, "notes": true, "description": true, "details": true,
	"text": true, "message": true, "reason": true, "guidelines": true, "offers": true, "cohort": true,
	"appeal": true, "content_note": true, "comment": true, "summary": true, "answer": true,
}

// Problem says what is wrong with a field's text, for a person to act on;
// "" when the text is fine.
func Problem(s string, multiline bool) string {
	if !utf8.ValidString(s) {
		return "is not valid UTF-8 text"
	}
	for _, r := range s {
		if !unicode.IsControl(r) {
			continue
		}
		if multiline && (r == '\n' || r == '\t' || r == '\r') {
			continue
		}
		if r == '\n' || r == '\r' || r == '\t' {
			return "must be on one line, without line breaks or tabs"
		}
		if r == 0 {
			return "contains a NUL character, which text may not hold"
		}
		return "contains a control character (" + strconv.QuoteRune(r) + "), which text may not hold"
	}
	return ""
}

// String checks one named field; multiline comes from Multiline.
func String(field, s string) string {
	last := field
	if i := strings.LastIndexAny(field, ".]"); i >= 0 {
		last = strings.TrimLeft(field[i+1:], ".")
	}
	if i := strings.IndexByte(last, '['); i >= 0 {
		last = last[:i]
	}
	return Problem(s, Multiline[strings.ToLower(last)])
}

// Error is the first field whose text was refused.
type Error struct {
	Field   string
	Problem string
}

func (e *Error) Error() string { return e.Field + " " + e.Problem }

// Check walks v (a decoded request: structs, pointers, slices, maps,
// interfaces) and returns the first string that fails, named by its JSON
// path (such as "visibility.bio" or "assignments[2].mentee"); nil when
// every string is fine.
func Check(v any) *Error {
	return walker{}.walk(reflect.ValueOf(v), "")
}

// CheckLines is Check with line breaks and tabs allowed in every field,
// for imported records, whose text is tidied on the way in.
func CheckLines(v any) *Error {
	return walker{lines: true}.walk(reflect.ValueOf(v), "")
}

type walker struct{ lines bool }

func (w walker) walk(v reflect.Value, path string) *Error {
	switch v.Kind() {
	case reflect.String:
		p := ""
		if w.lines {
			p = Problem(v.String(), true)
		} else {
			p = String(path, v.String())
		}
		if p != "" {
			return &Error{Field: fieldName(path), Problem: p}
		}
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			return w.walk(v.Elem(), path)
		}
	case reflect.Struct:
		t := v.Type()
		for i := range t.NumField() {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			name, skip := jsonName(f)
			if skip {
				continue
			}
			p := path
			if !f.Anonymous || f.Tag.Get("json") != "" {
				p = join(path, name)
			}
			if err := w.walk(v.Field(i), p); err != nil {
				return err
			}
		}
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.Type().Elem().Kind() == reflect.Uint8 {
			return nil // raw bytes, not text
		}
		for i := range v.Len() {
			if err := w.walk(v.Index(i), path+"["+strconv.Itoa(i)+"]"); err != nil {
				return err
			}
		}
	case reflect.Map:
		iter := v.MapRange()
		for iter.Next() {
			k := iter.Key()
			key := ""
			if k.Kind() == reflect.String {
				key = k.String()
				if p := Problem(key, false); p != "" {
					return &Error{Field: fieldName(path), Problem: "has a key that " + p}
				}
			}
			if err := w.walk(iter.Value(), join(path, key)); err != nil {
				return err
			}
		}
	}
	return nil
}

func jsonName(f reflect.StructField) (string, bool) {
	tag := f.Tag.Get("json")
	if tag == "-" {
		return "", true
	}
	name, _, _ := strings.Cut(tag, ",")
	if name == "" {
		name = f.Name
	}
	return name, false
}

func join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

func fieldName(path string) string {
	if path == "" {
		return "the text"
	}
	return path
}

// InvalidUTF8InJSON names the field of a JSON document whose raw text is
// not valid UTF-8 (which a JSON decoder would quietly replace); nil when
// the document is valid UTF-8. The document's syntax is the decoder's
// business: on a syntax error this gives up and names no field.
func InvalidUTF8InJSON(raw []byte) *Error {
	if utf8.Valid(raw) {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	type frame struct {
		path  string
		array bool
		index int
		key   bool   // in an object, the next string is a key
		cur   string // in an object, the path of the value being read
	}
	var stack []frame
	prev := int64(0)
	for {
		tok, err := dec.Token()
		if err != nil {
			return &Error{Field: "the body", Problem: "is not valid UTF-8 text"}
		}
		end := dec.InputOffset()
		bad := !utf8.Valid(raw[prev:end])
		prev = end
		if tok == json.Delim('}') || tok == json.Delim(']') {
			stack = stack[:len(stack)-1]
			if n := len(stack); n > 0 && !stack[n-1].array {
				stack[n-1].key = true
			}
			continue
		}
		here := ""
		if n := len(stack); n > 0 {
			top := &stack[n-1]
			switch {
			case top.array:
				top.index++
				here = top.path + "[" + strconv.Itoa(top.index) + "]"
			case top.key:
				if bad {
					return &Error{Field: fieldName(top.path), Problem: "has a key that is not valid UTF-8 text"}
				}
				k, _ := tok.(string)
				top.key, top.cur = false, join(top.path, k)
				continue
			default:
				here = top.cur
				top.key = true
			}
		}
		if bad {
			return &Error{Field: fieldName(here), Problem: "is not valid UTF-8 text"}
		}
		switch tok {
		case json.Delim('{'):
			if n := len(stack); n > 0 && !stack[n-1].array {
				stack[n-1].key = false // until the object closes
			}
			stack = append(stack, frame{path: here, key: true})
		case json.Delim('['):
			if n := len(stack); n > 0 && !stack[n-1].array {
				stack[n-1].key = false
			}
			stack = append(stack, frame{path: here, array: true, index: -1})
		}
	}
}
