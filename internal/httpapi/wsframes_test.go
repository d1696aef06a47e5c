package httpapi_test

import (
	"bytes"
	"fmt"
	"net/http"
	"os"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/kinshiprecovery/kinship/internal/httpapi"
	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// The WebSocket frames the tests send and receive are validated against
// the AsyncAPI document's schemas (the one served at /api/v1/asyncapi.json).
var (
	framesOnce    sync.Once
	frameRequest  *jsonschema.Schema
	frameSchemas  map[string]*jsonschema.Schema
	framesErr     error
	framesChecked atomic.Int64
)

func loadFrameSchemas() {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader((&httpapi.Server{}).AsyncAPI()))
	if err != nil {
		framesErr = err
		return
	}
	const url = "https://kinship.invalid/api/v1/asyncapi.json"
	c := jsonschema.NewCompiler()
	if err := c.AddResource(url, doc); err != nil {
		framesErr = err
		return
	}
	req, frames := httpapi.WSFrameSchemas()
	if frameRequest, err = c.Compile(url + "#/components/schemas/" + req); err != nil {
		framesErr = err
		return
	}
	frameSchemas = map[string]*jsonschema.Schema{}
	for typ, name := range frames {
		if frameSchemas[typ], err = c.Compile(url + "#/components/schemas/" + name); err != nil {
			framesErr = err
			return
		}
	}
}

// checkFrame fails t when a server frame does not match the schema its
// "type" names; for a client's request it returns what does not match
// (the caller expects the server to refuse it).
func checkFrame(t testing.TB, raw []byte, fromServer bool) string {
	t.Helper()
	framesOnce.Do(loadFrameSchemas)
	if framesErr != nil {
		t.Fatalf("the AsyncAPI document's schemas: %v", framesErr)
	}
	if !fromServer {
		v, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
		if err != nil {
			return "not JSON"
		}
		framesChecked.Add(1)
		if err := frameRequest.Validate(v); err != nil {
			return err.Error()
		}
		return ""
	}
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("frame is not JSON: %s", raw)
	}
	var sch *jsonschema.Schema
	{
		typ, _ := v.(map[string]any)["type"].(string)
		if sch = frameSchemas[typ]; sch == nil {
			t.Errorf("AsyncAPI: a server frame of type %q is not in the document: %s", typ, raw)
			return ""
		}
	}
	framesChecked.Add(1)
	if err := sch.Validate(v); err != nil {
		t.Errorf("AsyncAPI mismatch (server frame): %v\nframe: %s", err, raw)
	}
	return ""
}

// TestAsyncAPIDocument serves the WebSocket protocol's document and checks
// that every frame type has a message and a schema.
func TestAsyncAPIDocument(t *testing.T) {
	e := newEnv(t, testutil.DB{Name: "sqlite", DataDir: t.TempDir()})
	r := e.do("GET", "/api/v1/asyncapi.json", "", nil)
	expectStatus(t, r, http.StatusOK)
	doc := r.JSON(t)
	if doc["asyncapi"] != "3.0.0" {
		t.Fatalf("asyncapi %v", doc["asyncapi"])
	}
	msgs := doc["components"].(map[string]any)["messages"].(map[string]any)
	_, frames := httpapi.WSFrameSchemas()
	for typ := range frames {
		if msgs[typ] == nil {
			t.Errorf("frame %s has no message", typ)
		}
	}
	if msgs["request"] == nil {
		t.Errorf("no request message")
	}
	framesOnce.Do(loadFrameSchemas)
	if framesErr != nil {
		t.Fatal(framesErr)
	}
}

func logFrameCounts() {
	if n := framesChecked.Load(); n > 0 {
		fmt.Fprintf(os.Stderr, "internal/httpapi: AsyncAPI conformance: %d WebSocket frames validated against the document\n", n)
	}
}
