package httpapi

import (
	"bytes"
	"encoding/json"
	"strconv"
)

// duplicateKey returns the first key that appears twice in one object of
// a JSON text, named as the problem's errors name a field
// ("visibility.bio", "mentors[2].id"), or "" when each key appears once.
// encoding/json keeps the last value of a repeated key, so
// {"body":"a","body":"b"} would be taken as "b" without a word. It is
// called on text the decoder has read (whose depth it has limited).
func duplicateKey(raw []byte) string {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	tok, err := dec.Token()
	if err != nil {
		return ""
	}
	path, _ := repeatedKeyIn(dec, tok, "")
	return path
}

// repeatedKeyIn reads the value that starts with tok, at path, and returns
// the path of the first key repeated within it; ok is false when the text
// ends or breaks before the value does.
func repeatedKeyIn(dec *json.Decoder, tok json.Token, path string) (repeated string, ok bool) {
	switch tok {
	case json.Delim('{'):
		seen := map[string]bool{}
		for {
			t, err := dec.Token()
			if err != nil {
				return "", false
			}
			if t == json.Delim('}') {
				return "", true
			}
			k, _ := t.(string)
			at := k
			if path != "" {
				at = path + "." + k
			}
			if seen[k] {
				return at, true
			}
			seen[k] = true
			v, err := dec.Token()
			if err != nil {
				return "", false
			}
			if p, ok := repeatedKeyIn(dec, v, at); p != "" || !ok {
				return p, ok
			}
		}
	case json.Delim('['):
		for i := 0; ; i++ {
			t, err := dec.Token()
			if err != nil {
				return "", false
			}
			if t == json.Delim(']') {
				return "", true
			}
			if p, ok := repeatedKeyIn(dec, t, path+"["+strconv.Itoa(i)+"]"); p != "" || !ok {
				return p, ok
			}
		}
	}
	return "", true
}
