package realtime

import (
	"encoding/json"
	"reflect"
	"strings"
)

// requestKeys maps each JSON name of Request's fields to its bit, read
// from the struct's tags so that the two cannot drift apart.
var requestKeys, requestKeyNames = func() (map[string]uint, []string) {
	keys := map[string]uint{}
	var names []string
	t := reflect.TypeFor[Request]()
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		keys[name] = uint(len(names))
		names = append(names, name)
	}
	if len(names) > 32 {
		// requestKeyFault marks the keys seen in a uint32.
		panic("realtime: Request has more than 32 fields; widen requestKeyFault's seen set")
	}
	return keys, names
}()

// requestKeyFault returns a key of a request frame that is not a field's
// exact name ("Body", "limt") or that is given twice, and meant, the
// field's name when the key is one in another case; "" when every key is
// one of Request's, once. encoding/json, which reads the frame after
// this, takes a key in any case and keeps the last of a repeated one.
// It reads the top-level object's keys in one pass over the bytes,
// allocating nothing unless a key is written with escapes; text that is
// not a JSON object of that shape is left for the decoder to name.
func requestKeyFault(data []byte) (key string, twice bool, meant string) {
	i := skipSpace(data, 0)
	if i >= len(data) || data[i] != '{' {
		return "", false, ""
	}
	var seen uint32
	i++
	for {
		i = skipSpace(data, i)
		if i >= len(data) {
			return "", false, ""
		}
		if data[i] == '}' {
			return "", false, ""
		}
		if data[i] != '"' {
			return "", false, ""
		}
		end, escaped := stringEnd(data, i)
		if end < 0 {
			return "", false, ""
		}
		raw := data[i+1 : end-1]
		bit, ok := requestKeys[string(raw)]
		if escaped {
			var k string
			if json.Unmarshal(data[i:end], &k) != nil {
				return "", false, ""
			}
			bit, ok = requestKeys[k]
			if !ok {
				return k, false, foldedKey(k)
			}
		} else if !ok {
			k := string(raw)
			return k, false, foldedKey(k)
		}
		if seen&(1<<bit) != 0 {
			return requestKeyNames[bit], true, ""
		}
		seen |= 1 << bit
		i = skipSpace(data, end)
		if i >= len(data) || data[i] != ':' {
			return "", false, ""
		}
		if i = skipValue(data, skipSpace(data, i+1)); i < 0 {
			return "", false, ""
		}
		i = skipSpace(data, i)
		if i >= len(data) {
			return "", false, ""
		}
		switch data[i] {
		case ',':
			i++
		case '}':
			return "", false, ""
		default:
			return "", false, ""
		}
	}
}

// foldedKey is the field's name that k is in another case, or "".
func foldedKey(k string) string {
	for _, name := range requestKeyNames {
		if strings.EqualFold(name, k) {
			return name
		}
	}
	return ""
}

func skipSpace(data []byte, i int) int {
	for i < len(data) {
		switch data[i] {
		case ' ', '\t', '\n', '\r':
			i++
		default:
			return i
		}
	}
	return i
}

// stringEnd returns the index after the string that starts at data[i]
// ('"'), and whether it holds an escape; -1 when it does not end.
func stringEnd(data []byte, i int) (end int, escaped bool) {
	for j := i + 1; j < len(data); j++ {
		switch data[j] {
		case '\\':
			escaped = true
			j++
		case '"':
			return j + 1, escaped
		}
	}
	return -1, escaped
}

// skipValue returns the index after the JSON value that starts at
// data[i], or -1 when the text ends first. Its syntax is the decoder's to
// check: this only finds where it ends (strings, and brackets nested in
// it, counted).
func skipValue(data []byte, i int) int {
	depth := 0
	for i < len(data) {
		switch c := data[i]; c {
		case '"':
			end, _ := stringEnd(data, i)
			if end < 0 {
				return -1
			}
			i = end
			if depth == 0 {
				return i
			}
			continue
		case '{', '[':
			depth++
		case '}', ']':
			if depth == 0 {
				return i
			}
			depth--
			if depth == 0 {
				return i + 1
			}
		case ',':
			if depth == 0 {
				return i
			}
		}
		i++
	}
	if depth == 0 {
		return i
	}
	return -1
}
