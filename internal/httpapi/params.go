package httpapi

import (
	"net/http"
	"reflect"
	"sort"
	"strings"

	"github.com/kinshiprecovery/kinship/internal/model"
)

// queryNames lists the query parameters a route takes: the `query:"…"`
// tags of its Query type in apiOps (embedded structs followed, so a list
// that embeds PageQuery takes limit and cursor), the one declaration the
// OpenAPI document is made from.
func queryNames(key string) []string {
	var names []string
	if q := apiOps[key].Query; q != nil {
		names = queryTags(reflect.TypeOf(q), names)
	}
	sort.Strings(names)
	return names
}

// queryTags appends the query tags of a struct's fields and of the
// structs it embeds.
func queryTags(t reflect.Type, names []string) []string {
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if f.Anonymous && f.Type.Kind() == reflect.Struct {
			names = queryTags(f.Type, names)
			continue
		}
		if n := f.Tag.Get("query"); n != "" {
			names = append(names, n)
		}
	}
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
