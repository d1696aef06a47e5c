package httpapi

import (
	"encoding/json"
	"net/http"
	"reflect"
	"strings"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/realtime"
)

// The frames of the WebSocket at /api/v1/ws, as the AsyncAPI document at
// /api/v1/asyncapi.json describes them. The client sends requests
// (realtime.Request); the server sends the frames below, each with its
// "type". The ws tests validate every frame they send and receive against
// the served document.

// wsHello is the first frame on a new socket.
type wsHello struct {
	Type   string `json:"type" enum:"hello"`
	UserID string `json:"user_id" doc:"the signed-in member"`
}

// wsPong answers a ping.
type wsPong struct {
	Type string `json:"type" enum:"pong"`
	Ref  string `json:"ref" doc:"the request's ref"`
}

// wsSubscribed confirms a subscription; the missed changes follow it.
type wsSubscribed struct {
	Type string `json:"type" enum:"subscribed"`
	Ref  string `json:"ref" doc:"the request's ref; empty for the subscription a socket opened with (?conv=)"`
	Conv string `json:"conv" doc:"the conversation's id"`
}

// wsAck answers a request that succeeded; result depends on the op.
type wsAck struct {
	Type   string `json:"type" enum:"ack"`
	Ref    string `json:"ref" doc:"the request's ref"`
	Result any    `json:"result,omitempty" doc:"send, edit, delete, react, unreact: the message (or {message, safety} when the text showed a hard moment); history: a MessagePage; read: null; unsubscribe: absent"`
}

// wsError answers a request that failed.
type wsError struct {
	Type  string `json:"type" enum:"error"`
	Ref   string `json:"ref" doc:"the request's ref"`
	Code  string `json:"code" doc:"the kind of problem, as a problem type's last part: invalid, not_found, forbidden, rate_limited, ..."`
	Error string `json:"error" doc:"what went wrong, in words a person can act on (English)"`
	Words string `json:"words,omitempty" doc:"the same in the language of the page that opened the socket (the member's choice, the page's language cookie, else Accept-Language); absent on a frame the socket refuses before reading it"`
}

// wsRemoved says the member may no longer follow a conversation.
type wsRemoved struct {
	Type string `json:"type" enum:"removed"`
	Conv string `json:"conv"`
}

// wsNotification says something is waiting (the text is fetched over HTTP).
type wsNotification struct {
	Type string `json:"type" enum:"notification"`
	Kind string `json:"kind" doc:"the notification's kind"`
	Link string `json:"link" doc:"the page that shows it"`
}

// wsMessage is a change to a subscribed conversation: a new, edited,
// deleted or reacted-to message.
type wsMessage struct {
	Type    string          `json:"type" enum:"message"`
	Conv    string          `json:"conv"`
	Change  int64           `json:"change" doc:"the conversation's change number; subscribe with after set to the last one you have"`
	Message app.MessageView `json:"message"`
}

// wsSafeAck is the result of a write whose text showed a hard moment.
type wsSafeAck struct {
	Message app.MessageView `json:"message"`
	Safety  any             `json:"safety" doc:"the author's private note with where help is"`
}

// wsFrames lists the server's frames by their type, in the order the
// document shows them.
var wsFrames = []struct {
	typ  string
	v    any
	text string
}{
	{"hello", wsHello{}, "The first frame on a new socket."},
	{"pong", wsPong{}, "The answer to a ping."},
	{"subscribed", wsSubscribed{}, "A subscription is live; the changes after `after` follow as message frames."},
	{"ack", wsAck{}, "A request succeeded."},
	{"error", wsError{}, "A request failed; the socket stays open."},
	{"message", wsMessage{}, "A change in a subscribed conversation."},
	{"removed", wsRemoved{}, "You may no longer follow this conversation (you left, were removed, or a block began)."},
	{"notification", wsNotification{}, "Something is waiting for you; read it over HTTP."},
}

// WSFrameSchemas names the schema of each server frame type and of the
// client's request, for the tests that validate frames.
func WSFrameSchemas() (request string, frames map[string]string) {
	g := newSchemaGen()
	frames = map[string]string{}
	for _, f := range wsFrames {
		frames[f.typ] = g.name(reflect.TypeOf(f.v))
	}
	return g.name(reflect.TypeFor[realtime.Request]()), frames
}

// asyncAPIDocument describes the WebSocket protocol as AsyncAPI 3.0, its
// schemas generated from the Go types like the OpenAPI document's.
func asyncAPIDocument() map[string]any {
	g := newSchemaGen()
	messages := map[string]any{}
	reqName := g.name(reflect.TypeFor[realtime.Request]())
	g.schema(reflect.TypeFor[realtime.Request]())
	messages["request"] = map[string]any{
		"name":    "request",
		"title":   "A request",
		"summary": "What the client asks: op is subscribe, unsubscribe, send, edit, delete, react, unreact, read, history or ping; ref (any text) comes back in the answer.",
		"payload": ref(reqName),
	}
	var sent []any
	for _, f := range wsFrames {
		n := g.name(reflect.TypeOf(f.v))
		g.schema(reflect.TypeOf(f.v))
		messages[f.typ] = map[string]any{"name": f.typ, "title": strings.ToUpper(f.typ[:1]) + f.typ[1:], "summary": f.text, "payload": ref(n)}
		sent = append(sent, map[string]any{"$ref": "#/channels/socket/messages/" + f.typ})
	}
	g.schema(reflect.TypeFor[wsSafeAck]())
	chMessages := map[string]any{}
	for k := range messages {
		chMessages[k] = map[string]any{"$ref": "#/components/messages/" + k}
	}
	schemas := map[string]any{}
	for k, v := range g.comps {
		schemas[k] = jsonSchema(v)
	}
	return map[string]any{
		"asyncapi": "3.0.0",
		"info": map[string]any{
			"title":   "Kinship real-time socket",
			"version": "1",
			"description": "The WebSocket at /api/v1/ws (same session as the HTTP API: the cookie, or Authorization: Bearer TOKEN; " +
				"a browser's Origin must be Kinship's own). Frames are JSON text. The server sends hello first; the client subscribes " +
				"to conversations it may read and sends requests; each request's ref comes back in its ack or error. When a session " +
				"ends the server closes with code 4401; when the node is going away, 1013 (reconnect and subscribe with after). " +
				"A socket opened at /api/v1/ws?conv=ID&after=N opens subscribed to that conversation after change N (0 when left out), " +
				"as a subscribe request would: hello, then its subscribed frame (ref empty) or its error frame; after without conv, " +
				"or an after that is not a whole number 0 or more, is refused with 400 before the upgrade.",
		},
		"defaultContentType": "application/json",
		"channels": map[string]any{
			"socket": map[string]any{
				"address":     "/api/v1/ws",
				"title":       "The socket",
				"description": "One socket per device; requests and frames travel on it in both directions.",
				"messages":    chMessages,
			},
		},
		"operations": map[string]any{
			"receiveRequest": map[string]any{
				"action":   "receive",
				"title":    "Requests from the client",
				"channel":  map[string]any{"$ref": "#/channels/socket"},
				"messages": []any{map[string]any{"$ref": "#/channels/socket/messages/request"}},
			},
			"sendFrame": map[string]any{
				"action":   "send",
				"title":    "Frames to the client",
				"channel":  map[string]any{"$ref": "#/channels/socket"},
				"messages": sent,
			},
		},
		"components": map[string]any{"messages": messages, "schemas": schemas},
	}
}

// jsonSchema turns an OpenAPI 3.0 schema into JSON Schema: nullable
// becomes a type list or an anyOf with null.
func jsonSchema(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := map[string]any{}
		for k, y := range x {
			if k != "nullable" {
				out[k] = jsonSchema(y)
			}
		}
		if x["nullable"] == true {
			if all, ok := out["allOf"]; ok {
				delete(out, "allOf")
				delete(out, "type")
				out["anyOf"] = append([]any{map[string]any{"type": "null"}}, all.([]any)...)
			} else if t, ok := out["type"].(string); ok {
				out["type"] = []any{t, "null"}
			}
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, y := range x {
			out[i] = jsonSchema(y)
		}
		return out
	}
	return v
}

// AsyncAPI returns the WebSocket protocol's AsyncAPI document.
func (s *Server) AsyncAPI() []byte {
	s.asyncOnce.Do(func() {
		b, err := json.MarshalIndent(asyncAPIDocument(), "", "  ")
		if err != nil {
			panic(err)
		}
		s.async = b
	})
	return s.async
}

func (s *Server) asyncapi(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_, _ = w.Write(s.AsyncAPI())
}
