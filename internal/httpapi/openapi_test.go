package httpapi_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// TestOpenAPIMatchesRouteTable keeps the served OpenAPI document true to
// the route table: every API route is documented with its method, policy,
// summary, description, tag and error answers, and nothing else is; the
// document is valid OpenAPI 3.0 (kin-openapi's own check).
func TestOpenAPIMatchesRouteTable(t *testing.T) {
	e := newEnv(t, testutil.DB{Name: "sqlite", DataDir: t.TempDir()})
	r := e.do("GET", "/api/v1/openapi.json", "", nil)
	expectStatus(t, r, http.StatusOK)
	c, err := testutil.NewAPIChecker(r.Body)
	if err != nil {
		t.Fatal(err)
	}
	doc := c.Doc
	if doc.OpenAPI != "3.0.3" {
		t.Fatalf("openapi version %v", doc.OpenAPI)
	}
	routes := map[string]bool{}
	for _, rt := range e.srv.Routes() {
		if !strings.HasPrefix(rt.Pattern, "/api/") || rt.Pattern == "/api/" {
			continue
		}
		routes[rt.Method+" "+rt.Pattern] = true
		if rt.Method == http.MethodGet {
			// The server answers HEAD wherever it answers GET (and says so
			// in a 405's Allow), so the document has it too.
			routes["HEAD "+rt.Pattern] = true
			if h := doc.Paths.Value(rt.Pattern); h == nil || h.Head == nil || h.Head.OperationID != strings.Replace(h.Get.OperationID, "get_", "head_", 1) {
				t.Errorf("route GET %s: no HEAD beside it in the document", rt.Pattern)
			}
		}
		p := doc.Paths.Value(rt.Pattern)
		if p == nil {
			t.Errorf("route %s %s is not in the OpenAPI document", rt.Method, rt.Pattern)
			continue
		}
		o := p.GetOperation(rt.Method)
		if o == nil {
			t.Errorf("route %s %s: method missing from the OpenAPI document", rt.Method, rt.Pattern)
			continue
		}
		if o.Extensions["x-access-policy"] != rt.Policy.String() {
			t.Errorf("%s %s: documented policy %v, route says %s", rt.Method, rt.Pattern, o.Extensions["x-access-policy"], rt.Policy)
		}
		if o.Summary == "" || len(o.Description) < len(o.Summary) || len(o.Tags) != 1 {
			t.Errorf("%s %s: summary %q, description %q, tags %v", rt.Method, rt.Pattern, o.Summary, o.Description, o.Tags)
		}
		if rt.Policy.String() != "public" && o.Responses.Value("401") == nil {
			t.Errorf("%s %s (%s) documents no 401", rt.Method, rt.Pattern, rt.Policy)
		}
		if strings.Contains(rt.Pattern, "{") && o.Responses.Value("404") == nil {
			t.Errorf("%s %s documents no 404", rt.Method, rt.Pattern)
		}
	}
	n := 0
	for path, p := range doc.Paths.Map() {
		for method := range p.Operations() {
			n++
			if !routes[method+" "+path] {
				t.Errorf("documented %s %s is not a route", method, path)
			}
		}
	}
	if n != len(routes) {
		t.Errorf("%d operations documented, %d API routes", n, len(routes))
	}
	t.Logf("%d operations, %d schemas", n, len(doc.Components.Schemas))
}
