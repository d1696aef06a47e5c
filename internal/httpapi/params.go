package httpapi

import (
	"net/http"
	"sort"
	"strings"

	"github.com/kinshiprecovery/kinship/internal/model"
)

// pagedRoutes are the lists read a page at a time: they take limit and
// cursor besides their own query parameters (queryParams).
var pagedRoutes = map[string]bool{
	"GET /api/v1/notifications":        true,
	"GET /api/v1/posts":                true,
	"GET /api/v1/posts/{id}":           true,
	"GET /api/v1/posts/{id}/comments":  true,
	"GET /api/v1/groups":               true,
	"GET /api/v1/groups/{id}/members":  true,
	"GET /api/v1/groups/{id}/messages": true,
	"GET /api/v1/dms/{id}/messages":    true,
	"GET /api/v1/admin/feedback":       true,
	"GET /api/v1/me/audit":             true,
	"GET /api/v1/me/sessions":          true,
	"GET /api/v1/connections":          true,
	"GET /api/v1/consents":             true,
	"GET /api/v1/me/moderation":        true,
	"GET /api/v1/facilities":           true,
	"GET /api/v1/meetings":             true,
}

// queryNames lists the query parameters a route takes, from the one
// declaration the OpenAPI document is made from.
func queryNames(key string) []string {
	var names []string
	for _, qp := range queryParams[key] {
		names = append(names, qp[0])
	}
	if pagedRoutes[key] {
		names = append(names, "limit", "cursor")
	}
	sort.Strings(names)
	return names
}

// unknownQuery refuses query parameters an API route does not take,
// naming each, so that a misspelt filter is not silently ignored.
func unknownQuery(r *http.Request, rt Route) error {
	if len(r.URL.RawQuery) == 0 || !strings.HasPrefix(rt.Pattern, "/api/") {
		return nil
	}
	names := queryNames(rt.Method + " " + rt.Pattern)
	takes := map[string]bool{}
	for _, n := range names {
		takes[n] = true
	}
	fields := map[string]string{}
	var unknown []string
	for k := range r.URL.Query() {
		if !takes[k] {
			fields[k] = "unknown parameter"
			unknown = append(unknown, quoteField(k))
		}
	}
	if len(unknown) == 0 {
		return nil
	}
	sort.Strings(unknown)
	msg := "unknown query parameter " + strings.Join(unknown, ", ")
	if len(unknown) > 1 {
		msg = "unknown query parameters " + strings.Join(unknown, ", ")
	}
	if len(names) == 0 {
		msg += "; this route takes none"
	} else {
		msg += "; this route takes " + strings.Join(names, ", ")
	}
	return &model.Error{Kind: model.KindInvalid, Message: msg, Fields: fields}
}
