package realtime

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"runtime"
	"strings"
	"testing"
)

// TestRequestKeyFault: a frame's keys are Request's names exactly, once
// each; values (strings holding braces, quotes and keys, nested objects)
// are skipped whole; text that is not an object is left to the decoder.
func TestRequestKeyFault(t *testing.T) {
	for _, c := range []struct {
		frame, key string
		twice      bool
		meant      string
	}{
		{`{"op":"send","conv":"c1","body":"hi"}`, "", false, ""},
		{` { "op" : "send" , "body" : "a \"}\" {\"Body\":1}" , "limit" : 5 } `, "", false, ""},
		{`{"op":"send","body":"a","body":"b"}`, "body", true, ""},
		{`{"op":"send","Body":"a"}`, "Body", false, "body"},
		{`{"op":"send","BODY":"a"}`, "BODY", false, "body"},
		{`{"op":"send","body":"a","Body":"b"}`, "Body", false, "body"},
		{`{"op":"send","\u0062ody":"a","body":"b"}`, "body", true, ""},
		{`{"op":"send","\u0042ody":"a"}`, "Body", false, "body"},
		{`{"op":"history","limt":5}`, "limt", false, ""},
		{`{"op":"send","conv":{"Body":1,"x":[1,{"y":"}"}]},"ref":"r"}`, "", false, ""},
		{`{"op":"send","after":-12.5e3,"seq":null,"ref":true,"op":"x"}`, "op", true, ""},
		{`[{"Body":1}]`, "", false, ""},
		{`{"op":"send","Body"`, "Body", false, "body"},
		{`{"op":"send",`, "", false, ""},
		{``, "", false, ""},
	} {
		key, twice, meant := requestKeyFault([]byte(c.frame))
		if key != c.key || twice != c.twice || meant != c.meant {
			t.Errorf("%s: %q %v %q, want %q %v %q", c.frame, key, twice, meant, c.key, c.twice, c.meant)
		}
	}
}

// TestBadKeyFrameRefused: a frame with a key in another case, an unknown
// key or a key given twice is answered with an error frame naming the key
// (and the request's ref), nothing is done, and the socket carries on.
func TestBadKeyFrameRefused(t *testing.T) {
	src := &memSource{}
	hub := NewHub("n1", src, nil, slog.New(slog.NewTextHandler(io.Discard, nil)))
	ops := &countOps{}
	s := &Socket{Hub: hub, Ops: ops}
	out := &frames{}
	c := newClient("ana", "", out)
	if err := hub.Register(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	defer func() { c.close(); hub.Unregister(c) }()
	for _, f := range []struct{ frame, ref, msg string }{
		{`{"op":"send","ref":"r1","conv":"c1","client_id":"a","body":"a","body":"b"}`, "r1", `"body" is given more than once in the request; send each key once`},
		{`{"op":"send","ref":"r2","conv":"c1","client_id":"a","Body":"a"}`, "r2", `unknown field "Body"; keys are read exactly as documented: send "body"`},
		{`{"op":"send","REF":"r3","conv":"c1","client_id":"a","body":"a"}`, "", `unknown field "REF"; keys are read exactly as documented: send "ref"`},
		{`{"op":"history","ref":"r4","conv":"c1","limt":5}`, "r4", `unknown field "limt"; a request's keys are op, ref, conv, after, client_id, body, message_id, reaction, reason, seq, limit`},
		{`{"op":"ping","ref":"r5","ref":"r6"}`, "", `"ref" is given more than once in the request; send each key once`},
		{`{"op":"history","ref":"r7","conv":"c1","limit":1e400}`, "r7", `limit must be a whole number, not 1e400`},
		{`{"op":"subscribe","ref":"r8","conv":"c1","after":"5"}`, "r8", `after must be a whole number, not a string`},
		{`{"op":"send","ref":"r9","conv":"c1","body":12}`, "r9", `body must be a string, not a number`},
	} {
		out.mu.Lock()
		out.got = nil
		out.mu.Unlock()
		s.handle(context.Background(), c, []byte(f.frame))
		got := drained(c, out)
		if len(got) != 1 {
			t.Fatalf("%s: %d frames", f.frame, len(got))
		}
		var e map[string]any
		if err := json.Unmarshal(got[0], &e); err != nil {
			t.Fatal(err)
		}
		if e["type"] != "error" || e["code"] != "invalid" || e["ref"] != f.ref || e["error"] != f.msg {
			t.Errorf("%s: %s, want ref %q and %q", f.frame, got[0], f.ref, f.msg)
		}
	}
	if ops.n != 0 {
		t.Errorf("%d refused requests were carried out", ops.n)
	}
	// The socket carries on, and a request with its keys as documented is taken.
	s.handle(context.Background(), c, []byte(`{"op":"send","ref":"ok","conv":"c1","client_id":"a","body":"a"}`))
	if got := drained(c, out); len(got) != 1 || !bytes.Contains(got[0], []byte(`"type":"ack"`)) || ops.n != 1 {
		t.Errorf("after the refusals: %q, %d carried out", got, ops.n)
	}
}

// countOps counts the requests carried out.
type countOps struct{ n int }

func (o *countOps) Handle(ctx context.Context, c *Client, req Request) (any, error) {
	o.n++
	return map[string]string{"body": req.Body}, nil
}
func (o *countOps) Describe(err error) (string, string) { return "invalid", err.Error() }

// drained waits until c's writer has taken every queued frame and returns
// them, emptying out.
func drained(c *Client, out *frames) [][]byte {
	for {
		c.mu.Lock()
		idle := !c.writing && len(c.queue) == 0
		c.mu.Unlock()
		if idle {
			break
		}
		runtime.Gosched()
	}
	out.mu.Lock()
	defer out.mu.Unlock()
	got := out.got
	out.got = nil
	return got
}

// FuzzRequestKeyFault: on any frame that is a JSON object, the one pass
// over the bytes finds a faulty key exactly when reading the object's
// keys as tokens does.
func FuzzRequestKeyFault(f *testing.F) {
	for _, s := range []string{`{"op":"send","body":"a","body":"b"}`, `{"Body":1}`, `{"op":"x","conv":{"a":"}"}}`, `{"\u006fp":"ping"}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if !json.Valid(data) || !strings.HasPrefix(strings.TrimLeft(string(data), " \t\r\n"), "{") {
			return
		}
		key, twice, _ := requestKeyFault(data)
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.Token() // {
		seen := map[string]bool{}
		want, wantTwice := "", false
		for dec.More() {
			k, _ := dec.Token()
			name := k.(string)
			if _, ok := requestKeys[name]; !ok {
				want = name
				break
			}
			if seen[name] {
				want, wantTwice = name, true
				break
			}
			seen[name] = true
			var v json.RawMessage
			if err := dec.Decode(&v); err != nil {
				t.Fatal(err)
			}
		}
		if key != want || twice != wantTwice {
			t.Fatalf("%q: %q %v, tokens say %q %v", data, key, twice, want, wantTwice)
		}
	})
}

// BenchmarkRequestKeys: the pass over a frame's keys, beside the decoding
// every frame already has, for a chat message's frame.
func BenchmarkRequestKeys(b *testing.B) {
	frame := []byte(`{"op":"send","ref":"r17","conv":"01JEXAMPLE0000000000000000","client_id":"c-5f2a","body":"Day 40 today. Some cravings this afternoon but I called my partner and walked it off."}`)
	b.Run("keys", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if k, _, _ := requestKeyFault(frame); k != "" {
				b.Fatal(k)
			}
		}
	})
	b.Run("decode", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var req Request
			dec := json.NewDecoder(bytes.NewReader(frame))
			dec.DisallowUnknownFields()
			if err := dec.Decode(&req); err != nil {
				b.Fatal(err)
			}
		}
	})
}
