package httpapi_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// bodyOp is an operation of the served document that takes a JSON body,
// with one of its body's fields and that field's type.
type bodyOp struct {
	method, path    string
	field, jsonType string
}

// bodyOps reads the operations that take a JSON body from the served
// document, each with its first required field (else its first field).
func bodyOps(t *testing.T, e *env) []bodyOp {
	t.Helper()
	type schema struct {
		Ref        string                     `json:"$ref"`
		Type       string                     `json:"type"`
		Required   []string                   `json:"required"`
		Properties map[string]json.RawMessage `json:"properties"`
		AllOf      []json.RawMessage          `json:"allOf"`
	}
	var doc struct {
		Paths      map[string]map[string]json.RawMessage `json:"paths"`
		Components struct {
			Schemas map[string]schema `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(e.do("GET", "/api/v1/openapi.json", "", nil).Body, &doc); err != nil {
		t.Fatal(err)
	}
	resolve := func(raw json.RawMessage) schema {
		var s schema
		_ = json.Unmarshal(raw, &s)
		for i := 0; i < 3 && (s.Ref != "" || (s.Type == "" && len(s.AllOf) == 1)); i++ {
			if s.Ref != "" {
				s = doc.Components.Schemas[strings.TrimPrefix(s.Ref, "#/components/schemas/")]
			} else {
				_ = json.Unmarshal(s.AllOf[0], &s)
			}
		}
		return s
	}
	var out []bodyOp
	for path, ops := range doc.Paths {
		for method, raw := range ops {
			var o struct {
				RequestBody *struct {
					Content map[string]struct {
						Schema json.RawMessage `json:"schema"`
					} `json:"content"`
				} `json:"requestBody"`
			}
			if json.Unmarshal(raw, &o) != nil || o.RequestBody == nil {
				continue
			}
			body := resolve(o.RequestBody.Content["application/json"].Schema)
			names := append([]string(nil), body.Required...)
			if len(names) == 0 {
				for n := range body.Properties {
					names = append(names, n)
				}
			}
			sort.Strings(names)
			op := bodyOp{method: strings.ToUpper(method), path: path}
			if len(names) > 0 {
				op.field = names[0]
				op.jsonType = resolve(body.Properties[names[0]]).Type
			}
			out = append(out, op)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].path+out[i].method < out[j].path+out[j].method })
	return out
}

// wrongValue is a JSON value of another type than jsonType.
func wrongValue(jsonType string) any {
	if jsonType == "string" {
		return 12345
	}
	return "not the right type"
}

var pathParam = regexp.MustCompile(`\{[a-z_]+\}`)

// concretePath is op's path with its parameters filled: a reaction kind, a
// day, else an id that names nothing.
func (op bodyOp) concretePath() string {
	return pathParam.ReplaceAllStringFunc(op.path, func(p string) string {
		switch p {
		case "{kind}":
			return "with_you"
		case "{date}":
			return "2026-12-04"
		}
		return "01J0000000000000000000NONE"
	})
}

// TestEveryBodyErrorNamesItsField walks every operation that takes a
// JSON body with an empty body, a body that is not JSON, a JSON value
// that is not an object and a field of the wrong type: no answer is a
// 500, and every 400 says in its errors which field (or "body") is wrong
// and what is wrong with it.
func TestEveryBodyErrorNamesItsField(t *testing.T) {
	e, tok := newEnvWithAdmin(t, testutil.DB{Name: "sqlite", DataDir: t.TempDir()}) // the site admin
	e.enableMFA(tok)
	ops := bodyOps(t, e)
	if len(ops) < 60 {
		t.Fatalf("only %d operations take a body", len(ops))
	}
	counts := map[string]int{}
	for _, op := range ops {
		path := op.concretePath()
		cases := []struct {
			name, field string
			body        any
		}{
			{"empty body", "", ""}, // an optional body may be empty: any field named
			{"not JSON", "body", `{"` + op.field + `": `},
			{"a list", "body", `[1, 2]`},
		}
		if op.field != "" {
			cases = append(cases, struct {
				name, field string
				body        any
			}{"wrong type", op.field, map[string]any{op.field: wrongValue(op.jsonType)}})
		}
		for _, c := range cases {
			r := e.do(op.method, path, tok, c.body)
			what := fmt.Sprintf("%s %s, %s", op.method, op.path, c.name)
			if r.Status >= 500 {
				t.Errorf("%s: %d %s", what, r.Status, r.Body)
				continue
			}
			if r.Status != http.StatusBadRequest {
				continue // refused before the body is read (401, 403, 404, 429) or an optional body
			}
			counts[c.name]++
			p := problemOf(t, r)
			errs, _ := p["errors"].([]any)
			named := false
			for _, it := range errs {
				fe := it.(map[string]any)
				if fe["name"] == "" || fe["detail"] == "" || fe["in"] == "" {
					t.Errorf("%s: a field error without its name, place or detail: %s", what, r.Body)
				}
				if (c.field == "" || fe["name"] == c.field) && fe["in"] == "body" {
					named = true
				}
			}
			if !named {
				t.Errorf("%s: the 400 does not name %q in the body: %s", what, c.field, r.Body)
			}
		}
	}
	t.Logf("%d operations take a body; 400s naming the field: %v", len(ops), counts)
	// Most operations read the body before anything else can refuse.
	for _, name := range []string{"empty body", "not JSON", "a list", "wrong type"} {
		if counts[name] < len(ops)*3/4 {
			t.Errorf("%s: only %d of %d operations answered 400", name, counts[name], len(ops))
		}
	}
}

// TestEveryBodyRefusesOddValues walks every operation that takes a JSON
// body with the values a mobile client gets wrong: null, a number too
// large for any field, an empty string, text that is not UTF-8 and the
// field's key in capitals. No answer is a 500; every refusal is a problem
// with its type and a detail; a 400 names a field in its errors, and for
// the key in capitals and the bad text, that field.
func TestEveryBodyRefusesOddValues(t *testing.T) {
	e, tok := newEnvWithAdmin(t, testutil.DB{Name: "sqlite", DataDir: t.TempDir()})
	e.enableMFA(tok)
	counts := map[string]int{}
	for _, op := range bodyOps(t, e) {
		if op.field == "" {
			continue
		}
		path := op.concretePath()
		upper := strings.ToUpper(op.field)
		cases := []struct{ name, body, field string }{
			{"null", `{"` + op.field + `":null}`, ""},
			{"huge number", `{"` + op.field + `":1e400}`, op.field},
			{"huge integer", `{"` + op.field + `":123456789012345678901234567890}`, op.field},
			{"empty string", `{"` + op.field + `":""}`, ""},
			{"bad UTF-8", "{\"" + op.field + "\":\"a\xff\xfeb\"}", op.field},
		}
		if upper != op.field {
			cases = append(cases, struct{ name, body, field string }{"key in capitals", `{"` + upper + `":"x"}`, upper})
		}
		for _, c := range cases {
			r := e.do(op.method, path, tok, c.body)
			what := fmt.Sprintf("%s %s, %s", op.method, op.path, c.name)
			if r.Status >= 500 {
				t.Errorf("%s: %d %s", what, r.Status, r.Body)
				continue
			}
			if r.Status < 400 {
				continue // taken: null and "" leave an optional field out
			}
			p := problemOf(t, r)
			if typ, _ := p["type"].(string); !strings.HasPrefix(typ, "urn:kinship:problem:") || p["detail"] == "" {
				t.Errorf("%s: %d without a type and a detail: %s", what, r.Status, r.Body)
			}
			if r.Status != http.StatusBadRequest {
				continue
			}
			counts[c.name]++
			errs, _ := p["errors"].([]any)
			named := false
			for _, it := range errs {
				fe := it.(map[string]any)
				if fe["name"] == "" || fe["detail"] == "" {
					t.Errorf("%s: a field error without its name or detail: %s", what, r.Body)
				}
				if c.field == "" || (fe["name"] == c.field && fe["in"] == "body") {
					named = true
				}
			}
			// A number where a string goes is named as of the wrong type,
			// as any field is; a string field's huge number is that too.
			if !named && len(errs) > 0 && c.field != "" && !strings.HasPrefix(c.name, "huge") {
				t.Errorf("%s: the 400 does not name %q: %s", what, c.field, r.Body)
			}
			if len(errs) == 0 {
				t.Errorf("%s: a 400 that names nothing: %s", what, r.Body)
			}
		}
	}
	t.Logf("400s: %v", counts)
}
