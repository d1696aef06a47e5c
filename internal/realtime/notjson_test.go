package realtime

import (
	"bytes"
	"encoding/json"
	"testing"
)

// A frame that is not a request is refused in plain words that say where
// it breaks and what to send, never the decoder's "invalid character …".
func TestNotJSONFrameInPlainWords(t *testing.T) {
	const tail = `; send one JSON object per frame, such as {"op":"ping","ref":"1"}`
	for _, c := range []struct{ frame, want string }{
		{`{not json`, "that request is not valid JSON: it breaks at character 2" + tail},
		{"\x01\x02\x03", "that request is not valid JSON: it breaks at character 1" + tail},
		{`{"op":"ping"`, "that request is not valid JSON: it ends before its object does" + tail},
		{``, "that request is empty" + tail},
		{`[{"op":"ping"}]`, "that request is a list, not an object" + tail},
		{`"ping"`, "that request is a string, not an object" + tail},
		{`42`, "that request is a number, not an object" + tail},
	} {
		var req Request
		err := json.NewDecoder(bytes.NewReader([]byte(c.frame))).Decode(&req)
		if err == nil {
			t.Fatalf("%q decoded", c.frame)
		}
		if got := notJSONMessage(err); got != c.want {
			t.Errorf("%q:\n got %q\nwant %q", c.frame, got, c.want)
		}
	}
}
