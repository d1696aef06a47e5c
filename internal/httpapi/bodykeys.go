package httpapi

import (
	"bytes"
	"encoding"
	"encoding/json"
	"reflect"
	"strconv"
	"strings"
	"sync"
)

// keyFault is what is wrong with one key of a request body.
type keyFault struct {
	Path    string // named as the problem's errors name a field: "visibility.bio", "mentors[2].id"
	Twice   bool   // the key is given twice in its object
	Unknown bool   // the key names no field of the object it is in
	Meant   string // for an unknown key, the field it names in another case ("body" for "Body")
	// Null is the type of a value sent as null where the document does
	// not take null (a number, a string, true or false, an object):
	// encoding/json would leave the field as it was, so a client's null
	// would read as 0, "" or false without a word.
	Null reflect.Type
}

// bodyKeyFault returns the first key of a request body that is given twice
// in one object, or that names no field of the type it is read into, or
// nil when every key is given once and is a field's exact name.
// encoding/json keeps the last value of a repeated key, so
// {"body":"a","body":"b"} would be taken as "b" without a word, and it
// matches a key to a field in any case, so "Body" and "BODY" would be
// taken as "body": a client that sends either has a fault the document
// does not allow, and is told. Within a map any key is a name; within a
// value read as raw JSON (json.RawMessage, any) or by its own decoder,
// keys are not checked against fields, but still once each. It is called
// on text the decoder will read or has read (whose depth is limited).
func bodyKeyFault(raw []byte, t reflect.Type, patch bool) *keyFault {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	tok, err := dec.Token()
	if err != nil {
		return nil
	}
	f, _ := keyFaultIn(dec, tok, "", t, patch)
	return f
}

// keyFaultIn reads the value that starts with tok, at path, read into a
// value of type t (nil when its keys are not checked against fields), and
// returns its first faulty key; ok is false when the text ends or breaks
// before the value does (the decoder names that).
func keyFaultIn(dec *json.Decoder, tok json.Token, path string, t reflect.Type, patch bool) (fault *keyFault, ok bool) {
	t = checkedType(t)
	switch tok {
	case json.Delim('{'):
		var fields map[string]reflect.Type
		var elem reflect.Type
		switch {
		case t == nil:
		case t.Kind() == reflect.Struct:
			fields = jsonFields(t)
		case t.Kind() == reflect.Map:
			elem = t.Elem()
		}
		seen := map[string]bool{}
		for {
			k, err := dec.Token()
			if err != nil {
				return nil, false
			}
			if k == json.Delim('}') {
				return nil, true
			}
			key, _ := k.(string)
			at := key
			if path != "" {
				at = path + "." + key
			}
			if seen[key] {
				return &keyFault{Path: at, Twice: true}, true
			}
			seen[key] = true
			vt := elem
			if fields != nil {
				var known bool
				if vt, known = fields[key]; !known {
					f := &keyFault{Path: at, Unknown: true}
					for name := range fields {
						if strings.EqualFold(name, key) {
							f.Meant = name
						}
					}
					return f, true
				}
			}
			v, err := dec.Token()
			if err != nil {
				return nil, false
			}
			if v == nil && nullRefused(vt, patch) {
				return &keyFault{Path: at, Null: vt}, true
			}
			if f, ok := keyFaultIn(dec, v, at, vt, patch); f != nil || !ok {
				return f, ok
			}
		}
	case json.Delim('['):
		var elem reflect.Type
		if t != nil && (t.Kind() == reflect.Slice || t.Kind() == reflect.Array) {
			elem = t.Elem()
		}
		for i := 0; ; i++ {
			v, err := dec.Token()
			if err != nil {
				return nil, false
			}
			if v == json.Delim(']') {
				return nil, true
			}
			at := path + "[" + strconv.Itoa(i) + "]"
			if v == nil && nullRefused(elem, patch) {
				return &keyFault{Path: at, Null: elem}, true
			}
			if f, ok := keyFaultIn(dec, v, at, elem, patch); f != nil || !ok {
				return f, ok
			}
		}
	}
	return nil, true
}

var (
	jsonUnmarshaler = reflect.TypeFor[json.Unmarshaler]()
	textUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()
)

// checkedType is t without its pointers, or nil when the keys of a value
// of t are not fields: an interface, or a type that reads itself.
func checkedType(t reflect.Type) reflect.Type {
	for t != nil {
		if t.Implements(jsonUnmarshaler) || reflect.PointerTo(t).Implements(jsonUnmarshaler) ||
			t.Implements(textUnmarshaler) || reflect.PointerTo(t).Implements(textUnmarshaler) {
			return nil
		}
		switch t.Kind() {
		case reflect.Pointer:
			t = t.Elem()
		case reflect.Struct, reflect.Map, reflect.Slice, reflect.Array:
			return t
		default:
			return nil
		}
	}
	return nil
}

// nullRefused reports whether a null read into a value of type t (nil
// when not known) is refused, as the document says: null is taken by a
// pointer, an interface and a type that reads itself, and by a list or a
// map in a PATCH (RFC 7396: null removes it); a number, a string, a
// boolean or an object, which null would leave as it was, and elsewhere a
// list or a map, do not take it.
func nullRefused(t reflect.Type, patch bool) bool {
	if t == nil || t.Implements(jsonUnmarshaler) || reflect.PointerTo(t).Implements(jsonUnmarshaler) ||
		t.Implements(textUnmarshaler) || reflect.PointerTo(t).Implements(textUnmarshaler) {
		return false
	}
	switch t.Kind() {
	case reflect.Pointer, reflect.Interface:
		return false
	case reflect.Slice, reflect.Map:
		return !patch
	}
	return true
}

var jsonFieldsOf sync.Map // reflect.Type → map[string]reflect.Type

// jsonFields maps each JSON name of struct type t's fields, as
// encoding/json names them (the tag's name, else the Go name; fields of
// embedded structs promoted; "-" left out), to the field's type.
func jsonFields(t reflect.Type) map[string]reflect.Type {
	if m, ok := jsonFieldsOf.Load(t); ok {
		return m.(map[string]reflect.Type)
	}
	at := map[string]fieldAt{}
	addJSONFields(at, t, 0)
	m := make(map[string]reflect.Type, len(at))
	for name, f := range at {
		m[name] = f.t
	}
	jsonFieldsOf.Store(t, m)
	return m
}

// fieldAt is a field's type and how deep in embedded structs it is (the
// shallowest of one name is the one encoding/json reads).
type fieldAt struct {
	t     reflect.Type
	depth int
}

func addJSONFields(m map[string]fieldAt, t reflect.Type, depth int) {
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, inner, ok := jsonField(f)
		if inner != nil && depth < 8 {
			addJSONFields(m, inner, depth+1)
			continue
		}
		if !ok {
			continue
		}
		if had, taken := m[name]; !taken || depth < had.depth {
			m[name] = fieldAt{f.Type, depth}
		}
	}
}

// jsonField is how encoding/json reads struct field f: by name (its tag's
// name, else its Go name) with the tag's options, or, for an embedded
// struct with no name of its own, as inner, whose fields it promotes; ok
// is false for a field it leaves out ("-", unexported).
func jsonField(f reflect.StructField) (name, opts string, inner reflect.Type, ok bool) {
	tag := f.Tag.Get("json")
	if tag == "-" {
		return "", "", nil, false
	}
	name, opts, _ = strings.Cut(tag, ",")
	if f.Anonymous && name == "" {
		ft := f.Type
		if ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		if ft.Kind() == reflect.Struct {
			return "", "", ft, false
		}
	}
	if !f.IsExported() {
		return "", "", nil, false
	}
	if name == "" {
		name = f.Name
	}
	return name, opts, nil, true
}
