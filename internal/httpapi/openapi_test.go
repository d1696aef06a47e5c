package httpapi_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// TestOpenAPIMatchesRouteTable keeps the served OpenAPI document true: every
// API route is documented with its method, and nothing else is.
func TestOpenAPIMatchesRouteTable(t *testing.T) {
	e := newEnv(t, testutil.DB{Name: "sqlite", DataDir: t.TempDir()})
	r := e.do("GET", "/api/v1/openapi.json", "", nil)
	expectStatus(t, r, http.StatusOK)
	doc := r.JSON(t)
	if doc["openapi"] != "3.1.0" {
		t.Fatalf("openapi version %v", doc["openapi"])
	}
	paths := doc["paths"].(map[string]any)
	schemas := doc["components"].(map[string]any)["schemas"].(map[string]any)
	routes := map[string]bool{}
	for _, rt := range e.srv.Routes() {
		if !strings.HasPrefix(rt.Pattern, "/api/") || rt.Pattern == "/api/" {
			continue
		}
		routes[rt.Method+" "+rt.Pattern] = true
		p, ok := paths[rt.Pattern].(map[string]any)
		if !ok {
			t.Errorf("route %s %s is not in the OpenAPI document", rt.Method, rt.Pattern)
			continue
		}
		o, ok := p[strings.ToLower(rt.Method)].(map[string]any)
		if !ok {
			t.Errorf("route %s %s: method missing from the OpenAPI document", rt.Method, rt.Pattern)
			continue
		}
		if o["x-access-policy"] != rt.Policy.String() {
			t.Errorf("%s %s: documented policy %v, route says %s", rt.Method, rt.Pattern, o["x-access-policy"], rt.Policy)
		}
		if _, ok := o["responses"].(map[string]any); !ok {
			t.Errorf("%s %s has no responses", rt.Method, rt.Pattern)
		}
	}
	for path, p := range paths {
		for method, o := range p.(map[string]any) {
			if !routes[strings.ToUpper(method)+" "+path] {
				t.Errorf("documented %s %s is not a route", method, path)
			}
			checkRefs(t, o, schemas)
		}
	}
	// Answers carry exactly the documented fields: sign-up and me.
	r = e.do("POST", "/api/v1/auth/signup", "", map[string]string{"email": "d@example.org", "password": goodPassword, "display_name": "Dee"})
	checkAgainst(t, r.JSON(t), schemas["SignupResult"].(map[string]any))
	e.confirmEmail("d@example.org")
	tok := e.login("d@example.org", goodPassword, "")
	checkAgainst(t, e.do("GET", "/api/v1/me", tok, nil).JSON(t), schemas["Me"].(map[string]any))
}

func checkRefs(t *testing.T, v any, schemas map[string]any) {
	switch x := v.(type) {
	case map[string]any:
		if ref, ok := x["$ref"].(string); ok {
			name := strings.TrimPrefix(ref, "#/components/schemas/")
			if schemas[name] == nil {
				t.Errorf("dangling schema reference %s", ref)
			}
		}
		for _, y := range x {
			checkRefs(t, y, schemas)
		}
	case []any:
		for _, y := range x {
			checkRefs(t, y, schemas)
		}
	}
}

// checkAgainst verifies every key of an answer is a documented property.
func checkAgainst(t *testing.T, got map[string]any, schema map[string]any) {
	t.Helper()
	props := schema["properties"].(map[string]any)
	for k, v := range got {
		p, ok := props[k]
		if !ok {
			t.Errorf("answer field %q is not documented", k)
			continue
		}
		if sub, ok := v.(map[string]any); ok {
			if ps, ok := p.(map[string]any); ok && ps["properties"] != nil {
				checkAgainst(t, sub, ps)
			}
		}
	}
}
