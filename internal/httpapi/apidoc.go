package httpapi

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/model"
)

// op describes one API operation. The OpenAPI document is generated from
// the route table and these entries by reflection over the Go types named
// here, which are the types the handlers decode and encode: a handler that
// answers another shape fails the tests, whose HTTP client validates every
// request and answer against the served document.
type op struct {
	Summary     string
	Description string
	// Query is a struct whose fields carry `query:"name"` tags.
	Query any
	// Body is the JSON request body's type; BodyOptional when it may be absent.
	Body         any
	BodyOptional bool
	// Merge says the body is merged over what is stored (like PATCH):
	// no field is required.
	Merge bool
	// Status is the success status; Out its JSON body (nil for none).
	Status int
	Out    any
	// Also lists other success statuses and their bodies.
	Also map[int]any
	// ContentType of the success answer when it is not JSON (Out is then ignored).
	ContentType string
	// Errors lists error statuses beyond those the generator derives.
	Errors []int
	// Location documents the Location header of the success answer.
	Location bool
	// Idempotent documents the Idempotency-Key request header.
	Idempotent bool
	// Path describes path parameters other than ids.
	Path map[string]string
	// Safety says the success answer may carry the author's private
	// safety note (the request's text is safety-checked; see writeJSON).
	Safety bool
}

// apiTags names each area of the API, by the path prefix after /api/v1/.
var apiTags = []struct{ prefix, tag, about string }{
	{"auth", "Accounts", "Signing up, signing in (with a second factor when on), email confirmation and password resets."},
	{"me/mfa", "Accounts", ""},
	{"me/sessions", "Accounts", ""},
	{"me/password", "Accounts", ""},
	{"me/checkin-reminder", "Check-ins", ""},
	{"me/recovery", "Check-ins", ""},
	{"me/milestones", "Check-ins", ""},
	{"me/notification-settings", "Notifications", ""},
	{"me/calendar-feeds", "Groups", ""},
	{"me/on-duty", "Support", ""},
	{"me/mentorship", "Mentorship", ""},
	{"me/moderation", "Moderation", ""},
	{"me", "Me", "The signed-in person's own account, profile, data export and audit log."},
	{"checkins", "Check-ins", "Daily check-ins, recovery time, recovery capital (BARC-10) and reminders."},
	{"partners", "Partners", "Accountability partners and what each sees."},
	{"notifications", "Notifications", "In-app notifications and notification choices."},
	{"meetings", "Directories", "Public directories: mutual-aid meetings, treatment facilities, the resource library and feedback to the admins."},
	{"facilities", "Directories", ""},
	{"feedback", "Directories", ""},
	{"admin/feedback", "Directories", ""},
	{"resources", "Directories", ""},
	{"moderation/resources", "Moderation", ""},
	{"connections", "Connections", "Connections between members and blocks."},
	{"blocks", "Connections", ""},
	{"groups", "Groups", "Groups, their chat, their scheduled meetings and calendars."},
	{"group-meetings", "Groups", ""},
	{"messages", "Chat", "Messages of group chats and direct messages, reactions, and the WebSocket."},
	{"dms", "Chat", ""},
	{"ws", "Chat", ""},
	{"support", "Support", "\"I need support now\", responders, crisis resources and the crisis queue."},
	{"moderation/crisis", "Support", ""},
	{"admin/crisis-resources", "Support", ""},
	{"mentorship-calls", "Mentorship", ""},
	{"mentorship", "Mentorship", "Mentoring choices, suggestions, mentorships, the calls their two people plan, and cohorts."},
	{"mentors", "Mentorship", ""},
	{"posts", "Community", "Community posts, comments, reactions and finding people."},
	{"people", "Community", ""},
	{"reports", "Moderation", "Reports, the moderation queue, actions, appeals and trust levels."},
	{"moderation", "Moderation", ""},
	{"admin/trust-settings", "Moderation", ""},
	{"organizations", "Organizations", "Organizations, invitations, consents and what is disclosed under them."},
	{"consents", "Organizations", ""},
	{"users", "Connections", ""},
	{"openapi.json", "Meta", "This document and the WebSocket protocol's."},
	{"asyncapi.json", "Meta", ""},
	// No path starts so: the HEAD operations are tagged by headOperation.
	{" head", headTag, "HEAD beside every GET: the same status and headers as GET, and no body (RFC 9110). " +
		"A HEAD shows nothing, so it is never recorded as a read: no audit entry for what a GET would show, no disclosure under a consent. " +
		"Kinship's own Go client leaves these out (apiclient's oapi-codegen.yaml excludes this tag)."},
}

// headTag groups the HEAD operations, apart from the areas, so a client
// generator may leave them out by tag.
const headTag = "Headers only"

func tagOf(pattern string) string {
	p := strings.TrimPrefix(pattern, "/api/v1/")
	best, tag := -1, "Meta"
	for _, t := range apiTags {
		if (p == t.prefix || strings.HasPrefix(p, t.prefix+"/")) && len(t.prefix) > best {
			best, tag = len(t.prefix), t.tag
		}
	}
	return tag
}

// schemaGen turns Go types into OpenAPI 3.0 schemas, naming each named
// struct once in components.
type schemaGen struct {
	comps   map[string]any
	names   map[reflect.Type]string
	byName  map[string]reflect.Type
	special map[reflect.Type]func(*schemaGen) map[string]any
}

func newSchemaGen() *schemaGen {
	g := &schemaGen{comps: map[string]any{}, names: map[reflect.Type]string{}, byName: map[string]reflect.Type{}}
	g.special = specialSchemas()
	return g
}

var (
	timeType    = reflect.TypeFor[time.Time]()
	rawType     = reflect.TypeFor[json.RawMessage]()
	marshalerTy = reflect.TypeFor[json.Marshaler]()

	timestampType = reflect.TypeFor[model.Timestamp]()
	dateType      = reflect.TypeFor[model.Date]()
)

// timestampPattern is the one form of every timestamp the API answers:
// RFC 3339 in UTC with milliseconds.
const timestampPattern = `^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z$`

// name gives a named type its component name: the Go name with a capital
// first letter; generic instances are named after their arguments
// (page[model.Checkin] -> CheckinPage); a clash adds the package's name.
func (g *schemaGen) name(t reflect.Type) string {
	if n, ok := g.names[t]; ok {
		return n
	}
	base := t.Name()
	if i := strings.IndexByte(base, '['); i >= 0 {
		args := base[i+1 : len(base)-1]
		var parts []string
		for _, a := range strings.Split(args, ",") {
			a = a[strings.LastIndexAny(a, "./*")+1:]
			parts = append(parts, exported(a))
		}
		base = strings.Join(parts, "") + exported(base[:i])
	}
	n := exported(base)
	if other, ok := g.byName[n]; ok && other != t {
		pkg := t.PkgPath()
		n = exported(pkg[strings.LastIndexByte(pkg, '/')+1:]) + n
	}
	g.names[t] = n
	g.byName[n] = t
	return n
}

func exported(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	r[0] = unicode.ToUpper(r[0])
	return string(r)
}

func ref(name string) map[string]any { return map[string]any{"$ref": "#/components/schemas/" + name} }

// schema returns the schema of t: a $ref for named structs.
func (g *schemaGen) schema(t reflect.Type) map[string]any {
	if f, ok := g.special[t]; ok {
		if t.Name() == "" {
			return f(g)
		}
		n := g.name(t)
		if _, done := g.comps[n]; !done {
			g.comps[n] = map[string]any{} // placeholder against recursion
			g.comps[n] = f(g)
		}
		return ref(n)
	}
	switch t {
	case timeType:
		return map[string]any{"type": "string", "format": "date-time"}
	case timestampType:
		return map[string]any{"type": "string", "format": "date-time", "pattern": timestampPattern,
			"example": "2026-12-04T19:22:05.123Z"}
	case dateType:
		return map[string]any{"type": "string", "format": "date", "example": "2026-12-04"}
	case rawType:
		return map[string]any{}
	}
	if t.Kind() == reflect.Pointer {
		return nullable(g.schema(t.Elem()))
	}
	if t.Implements(marshalerTy) || reflect.PointerTo(t).Implements(marshalerTy) {
		panic(fmt.Sprintf("apidoc: %s encodes itself; describe it in specialSchemas", t))
	}
	switch t.Kind() {
	case reflect.Pointer:
		s := g.schema(t.Elem())
		return nullable(s)
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32:
		return map[string]any{"type": "integer", "format": "int32"}
	case reflect.Int64, reflect.Uint64:
		return map[string]any{"type": "integer", "format": "int64"}
	case reflect.Float32, reflect.Float64:
		return map[string]any{"type": "number", "format": "double"}
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Slice, reflect.Array:
		if t.Elem().Kind() == reflect.Uint8 {
			return map[string]any{"type": "string", "format": "byte"}
		}
		return map[string]any{"type": "array", "items": g.schema(t.Elem())}
	case reflect.Map:
		return map[string]any{"type": "object", "additionalProperties": g.schema(t.Elem())}
	case reflect.Interface:
		return map[string]any{}
	case reflect.Struct:
		if t.Name() == "" {
			return g.object(t)
		}
		n := g.name(t)
		if _, done := g.comps[n]; !done {
			g.comps[n] = map[string]any{}
			g.comps[n] = g.object(t)
		}
		return ref(n)
	}
	panic(fmt.Sprintf("apidoc: no schema for %s", t))
}

// patch is the schema of a JSON Merge Patch (RFC 7396) of t: the same
// fields, none required, since absent fields do not change.
func (g *schemaGen) patch(t reflect.Type) map[string]any {
	if t.Kind() != reflect.Struct || t.Name() == "" {
		return g.schema(t)
	}
	name := g.name(t)
	if !strings.HasSuffix(name, "Patch") {
		name += "Patch"
	}
	if _, done := g.comps[name]; !done {
		g.comps[name] = map[string]any{}
		c := g.object(t)
		delete(c, "required")
		c["description"] = "A JSON Merge Patch (RFC 7396): only the fields present change."
		// Objects inside are merged too: their fields are optional as well.
		props := map[string]any{}
		for k, v := range c["properties"].(map[string]any) {
			props[k] = v
		}
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			jn, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if jn == "" || jn == "-" {
				continue
			}
			ft := f.Type
			switch ft.Kind() {
			case reflect.Pointer, reflect.Slice, reflect.Map:
				// null is taken as "no value" (RFC 7396 removes a member sent as null).
				if p, ok := props[jn].(map[string]any); ok && p["nullable"] != true {
					props[jn] = nullable(p)
				}
			}
			if ft.Kind() == reflect.Map && ft.Elem().Kind() == reflect.Struct && ft.Elem().Name() != "" {
				// The values of a map of objects are merged too.
				inner := g.schema(ft.Elem())
				if c, _ := g.comps[g.name(ft.Elem())].(map[string]any); c["required"] != nil {
					inner = g.patch(ft.Elem())
				}
				props[jn] = map[string]any{"type": "object", "additionalProperties": inner, "nullable": true}
				continue
			}
			if ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if ft.Kind() != reflect.Struct || ft.Name() == "" || ft == timeType || ft == timestampType {
				continue
			}
			if _, special := g.special[ft]; special {
				continue
			}
			inner := g.patch(ft)
			if f.Type.Kind() == reflect.Pointer {
				inner = nullable(inner)
			}
			props[jn] = inner
		}
		c["properties"] = props
		g.comps[name] = c
	}
	return ref(name)
}

// nullable marks a schema as accepting null; a $ref is wrapped in allOf,
// since OpenAPI 3.0 ignores the siblings of a $ref.
func nullable(s map[string]any) map[string]any {
	if _, ok := s["$ref"]; ok {
		// Components are objects; the type beside nullable keeps OpenAPI
		// 3.0 tools (redocly's nullable-type-sibling) content.
		return map[string]any{"type": "object", "allOf": []any{s}, "nullable": true}
	}
	c := make(map[string]any, len(s)+1)
	for k, v := range s {
		c[k] = v
	}
	if len(c) == 0 {
		return c // any value, null included
	}
	c["nullable"] = true
	return c
}

// object describes a struct the way encoding/json writes it: embedded
// structs are flattened; a field is required unless it is omitempty (or
// tagged doc:",optional"); the tags doc, format, enum, minimum, maximum,
// pattern and example refine a field's schema.
func (g *schemaGen) object(t reflect.Type) map[string]any {
	props := map[string]any{}
	var required []string
	g.fields(t, props, &required)
	s := map[string]any{"type": "object", "properties": props, "additionalProperties": false}
	if len(required) > 0 {
		sort.Strings(required)
		s["required"] = required
	}
	return s
}

// fields adds t's fields to props. As in encoding/json, a field of t
// hides a field of the same name in a struct t embeds (a wrapper that
// answers an app type with one field in another form).
func (g *schemaGen) fields(t reflect.Type, props map[string]any, required *[]string) {
	g.fieldsBut(t, props, required, nil)
}

// fieldsBut is fields without the names in hidden (those of an embedding
// struct's own fields).
func (g *schemaGen) fieldsBut(t reflect.Type, props map[string]any, required *[]string, hidden map[string]bool) {
	own := map[string]bool{}
	var embedded []reflect.Type
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name, opts, inner, ok := jsonField(f)
		if inner != nil {
			embedded = append(embedded, inner)
			continue
		}
		if !ok || hidden[name] {
			continue
		}
		own[name] = true
		s := g.schema(f.Type)
		if strings.Contains(","+opts+",", ",string,") {
			s = map[string]any{"type": "string"}
		}
		s = refine(s, f.Tag)
		props[name] = s
		doc := f.Tag.Get("doc")
		if !strings.Contains(","+opts+",", ",omitempty,") && !strings.HasSuffix(doc, ",optional") && !strings.Contains(","+opts+",", ",omitzero,") {
			*required = append(*required, name)
		}
	}
	for k := range hidden {
		own[k] = true
	}
	for _, et := range embedded {
		g.fieldsBut(et, props, required, own)
	}
}

var ulidPattern = "^[0-9A-HJKMNP-TV-Z]{26}$"

// namedEnums are enumerations too long for a tag, or kept elsewhere:
// `enum:"@name"` takes the values from here.
var namedEnums = map[string]func() []string{
	// The FindTreatment service codes the facility import reads
	// (importer.ServiceCodes, from ../shared/data/facilities).
	"@service_codes": func() []string { return app.FacilityServiceCodes() },
}

// refine applies a field's doc, format, enum, minimum, maximum and pattern tags.
func refine(s map[string]any, tag reflect.StructTag) map[string]any {
	keys := []string{"doc", "format", "enum", "minimum", "maximum", "pattern", "example", "maxLength"}
	has := false
	for _, k := range keys {
		if _, ok := tag.Lookup(k); ok {
			has = true
		}
	}
	if !has {
		return s
	}
	c := map[string]any{}
	target := c
	if _, isRef := s["$ref"]; isRef {
		c = map[string]any{"allOf": []any{s}}
		target = c
	} else if all, ok := s["allOf"]; ok {
		c = map[string]any{"type": "object", "allOf": all, "nullable": true}
		target = c
	} else {
		for k, v := range s {
			c[k] = v
		}
		if s["type"] == "array" {
			items := map[string]any{}
			for k, v := range s["items"].(map[string]any) {
				items[k] = v
			}
			c["items"] = items
			if _, ok := items["$ref"]; !ok {
				target = items
			}
		}
	}
	if d := strings.TrimSuffix(tag.Get("doc"), ",optional"); d != "" {
		c["description"] = d
	}
	if f := tag.Get("format"); f != "" {
		if f == "ulid" {
			target["pattern"] = ulidPattern
			if c["description"] == nil {
				c["description"] = "a ULID"
			}
		} else {
			target["format"] = f
		}
	}
	if e := tag.Get("enum"); e != "" {
		var vals []any
		list := strings.Split(e, ",")
		if named, ok := namedEnums[e]; ok {
			list = named()
		}
		for _, v := range list {
			if target["type"] == "integer" {
				n, _ := strconv.Atoi(v)
				vals = append(vals, n)
			} else {
				vals = append(vals, v)
			}
		}
		if target["nullable"] == true {
			vals = append(vals, nil)
		}
		target["enum"] = vals
	}
	for _, k := range []string{"minimum", "maximum", "maxLength"} {
		if v := tag.Get(k); v != "" {
			n, err := strconv.ParseFloat(v, 64)
			if err != nil {
				panic("apidoc: bad " + k + " " + v)
			}
			target[k] = n
		}
	}
	if p := tag.Get("pattern"); p != "" {
		target["pattern"] = p
	}
	if ex := tag.Get("example"); ex != "" {
		c["example"] = ex
	}
	return c
}

var pathParam = regexp.MustCompile(`\{([a-z_]+)\$?\}`)

// problemSchema is RFC 9457's problem details as Kinship answers them.
func problemSchema() map[string]any {
	str := map[string]any{"type": "string"}
	return map[string]any{
		"type":        "object",
		"description": "An error, as RFC 9457 problem details (application/problem+json).",
		"properties": map[string]any{
			"type":   map[string]any{"type": "string", "description": "a stable URI naming the kind of problem"},
			"title":  map[string]any{"type": "string", "description": "a short summary of the kind of problem"},
			"status": map[string]any{"type": "integer", "format": "int32", "description": "the HTTP status"},
			"detail": map[string]any{"type": "string", "description": "what went wrong, in words a person can act on"},
			"errors": map[string]any{"type": "array", "description": "one entry per field or parameter to fix", "items": map[string]any{
				"type": "object", "additionalProperties": false, "required": []string{"name", "in", "detail"},
				"properties": map[string]any{"name": str, "in": map[string]any{"type": "string", "enum": []any{"body", "query", "path", "header"}}, "detail": str}}},
		},
		"required": []string{"type", "title", "status", "detail"},
	}
}

// invalidProblemSchema is the problem of a 400: errors always names at
// least one field, parameter, header or "body" (the body as a whole).
func invalidProblemSchema() map[string]any {
	s := problemSchema()
	s["description"] = "A request that is not valid, as RFC 9457 problem details (application/problem+json): errors names each field, parameter or header to fix, or \"body\" (in: body) for the body as a whole."
	props := map[string]any{}
	for k, v := range s["properties"].(map[string]any) {
		props[k] = v
	}
	errs := map[string]any{}
	for k, v := range props["errors"].(map[string]any) {
		errs[k] = v
	}
	errs["minItems"] = 1
	props["errors"] = errs
	s["properties"] = props
	s["required"] = []string{"type", "title", "status", "detail", "errors"}
	return s
}

// errorStatuses gives the error answers an operation documents: those
// every operation of its kind can give, and its own.
func errorStatuses(rt Route, o op) []int {
	// Every operation refuses a query parameter it does not take with a
	// 400 naming it (params.go), so every one documents 400.
	set := map[int]bool{400: true}
	if rt.Policy != Public {
		set[401] = true
	}
	// 403: a role's two-factor login not set up yet, or a role the route
	// needs (guard); or a request that changes data from another site
	// (http.CrossOriginProtection), on any method but GET, public routes
	// too. A signed-in GET before setup (GET /api/v1/me) cannot be refused
	// so, and documents 403 only when its handler may (o.Errors).
	if rt.Policy >= Member || rt.Method != http.MethodGet {
		set[403] = true
	}
	if strings.Contains(rt.Pattern, "{") {
		set[404] = true
	}
	if o.Body != nil {
		set[413] = true
	}
	for _, s := range o.Errors {
		set[s] = true
	}
	var out []int
	for s := range set {
		out = append(out, s)
	}
	sort.Ints(out)
	return out
}

// withSafety is the schema of an answer to a write whose text is
// safety-checked: the answer's schema plus the optional "safety" key that
// writeJSON adds when the text showed a hard moment. A component gets a
// twin named …WithSafety, so the key is documented on these answers only.
func (g *schemaGen) withSafety(sch map[string]any) map[string]any {
	note := map[string]any{"allOf": []any{g.schema(reflect.TypeFor[app.SafetyNote]())},
		"description": "Only when the text you sent showed a hard moment or a crisis: a private note to you with where help is; or, when it called someone by their substance use, a word on the label (level words). Never shown to anyone else."}
	add := func(s map[string]any) map[string]any {
		c := map[string]any{}
		for k, v := range s {
			c[k] = v
		}
		props := map[string]any{"safety": note}
		for k, v := range s["properties"].(map[string]any) {
			props[k] = v
		}
		c["properties"] = props
		return c
	}
	ref, ok := sch["$ref"].(string)
	if !ok {
		return add(sch)
	}
	name := strings.TrimPrefix(ref, "#/components/schemas/") + "WithSafety"
	if _, done := g.comps[name]; !done {
		g.comps[name] = add(g.comps[strings.TrimPrefix(ref, "#/components/schemas/")].(map[string]any))
	}
	return map[string]any{"$ref": "#/components/schemas/" + name}
}

// apiDocument builds the OpenAPI document from the route table.
func (s *Server) apiDocument() map[string]any {
	g := newSchemaGen()
	g.comps["Problem"] = problemSchema()
	g.comps["InvalidProblem"] = invalidProblemSchema()
	paths := map[string]any{}
	errResponses := map[string]any{}
	usedTags := map[string]bool{}
	for _, rt := range s.Routes() {
		if !strings.HasPrefix(rt.Pattern, "/api/") || rt.Pattern == "/api/" {
			continue
		}
		key := rt.Method + " " + rt.Pattern
		d, ok := apiOps[key]
		if !ok {
			continue // TestOpenAPIMatchesRouteTable fails on this
		}
		tag := tagOf(rt.Pattern)
		usedTags[tag] = true
		o := map[string]any{
			"summary":         d.Summary,
			"description":     d.Description + "\n\nAccess: " + policyWords(rt.Policy) + ".",
			"operationId":     operationID(rt.Method, rt.Pattern),
			"tags":            []string{tag},
			"x-access-policy": rt.Policy.String(),
		}
		if rt.Policy == Public {
			o["security"] = []any{}
		}
		var params []any
		for _, m := range pathParam.FindAllStringSubmatch(rt.Pattern, -1) {
			desc, ok := d.Path[m[1]]
			sch := map[string]any{"type": "string"}
			if !ok {
				desc = "the " + strings.TrimSuffix(strings.ToLower(tag), "s") + "'s id"
				if m[1] == "user" {
					desc = "the member's id"
				}
			}
			params = append(params, map[string]any{"name": m[1], "in": "path", "required": true, "description": desc, "schema": sch})
		}
		if d.Query != nil {
			params = append(params, g.queryParams(reflect.TypeOf(d.Query))...)
		}
		idem := d.Idempotent || idempotentRoute(rt)
		if idem {
			params = append(params, map[string]any{"name": "Idempotency-Key", "in": "header", "required": false,
				"description": "A key of your choosing (1 to 255 printable ASCII characters, such as a UUID) that makes retrying safe: the request is carried out once; a creation's answer (201, with its Location) is kept 24 hours and replayed to the same key with the same request, marked Idempotent-Replayed: true; the same key with another body is refused with 422; while a request under the key is still running, another waits, then is answered 409 with Retry-After. Other answers are not kept, so a refused request may be sent again with the same key.",
				"schema":      map[string]any{"type": "string", "minLength": 1, "maxLength": 255}})
			d.Errors = append(append([]int(nil), d.Errors...), http.StatusConflict, http.StatusUnprocessableEntity)
		}
		if params != nil {
			o["parameters"] = params
		}
		if d.Body != nil {
			bt := reflect.TypeOf(d.Body)
			var body map[string]any
			if rt.Method == http.MethodPatch || d.Merge {
				body = g.patch(bt)
			} else {
				body = g.schema(bt)
			}
			content := map[string]any{"application/json": map[string]any{"schema": body}}
			if rt.Method == http.MethodPatch {
				content["application/merge-patch+json"] = map[string]any{"schema": body}
			}
			o["requestBody"] = map[string]any{"required": !d.BodyOptional, "content": content}
		}
		responses := map[string]any{}
		success := map[int]any{d.Status: d.Out}
		for st, v := range d.Also {
			success[st] = v
		}
		for st, v := range success {
			r := map[string]any{"description": successWords(st)}
			switch {
			case d.ContentType != "":
				r["content"] = map[string]any{d.ContentType: map[string]any{"schema": map[string]any{"type": "string"}}}
			case v != nil:
				sch := g.schema(reflect.TypeOf(v))
				if d.Safety {
					sch = g.withSafety(sch)
				}
				r["content"] = map[string]any{"application/json": map[string]any{"schema": sch}}
			}
			headers := map[string]any{}
			if d.Location && st == http.StatusCreated {
				headers["Location"] = map[string]any{"description": "the address of what was created", "schema": map[string]any{"type": "string"}}
			}
			if idem && st == http.StatusCreated {
				headers["Idempotent-Replayed"] = map[string]any{"description": "true when this is the kept answer of an earlier request with the same Idempotency-Key", "schema": map[string]any{"type": "string", "enum": []string{"true"}}}
			}
			if len(headers) > 0 {
				r["headers"] = headers
			}
			responses[strconv.Itoa(st)] = r
		}
		for _, st := range errorStatuses(rt, d) {
			name := strings.ReplaceAll(http.StatusText(st), " ", "")
			errResponses[name] = errorResponse(st)
			responses[strconv.Itoa(st)] = map[string]any{"$ref": "#/components/responses/" + name}
		}
		o["responses"] = responses
		pm, _ := paths[rt.Pattern].(map[string]any)
		if pm == nil {
			pm = map[string]any{}
			paths[rt.Pattern] = pm
		}
		pm[strings.ToLower(rt.Method)] = o
		if rt.Method == http.MethodGet {
			pm["head"] = headOperation(o, rt.Pattern)
			usedTags[headTag] = true
		}
	}
	// A component whose every answer carries the safety note is used only
	// as its …WithSafety twin: leave it out (redocly: no unused components).
	for name := range g.comps {
		orig, ok := strings.CutSuffix(name, "WithSafety")
		if !ok {
			continue
		}
		ref := []byte(`"#/components/schemas/` + orig + `"`)
		used := false
		if b, _ := json.Marshal(paths); bytes.Contains(b, ref) {
			used = true
		}
		for other, c := range g.comps {
			if b, _ := json.Marshal(c); other != orig && bytes.Contains(b, ref) {
				used = true
			}
		}
		if !used {
			delete(g.comps, orig)
		}
	}
	var tags []any
	seen := map[string]bool{}
	for _, t := range apiTags {
		if t.about != "" && usedTags[t.tag] && !seen[t.tag] {
			seen[t.tag] = true
			tags = append(tags, map[string]any{"name": t.tag, "description": t.about})
		}
	}
	return map[string]any{
		"openapi": "3.0.3",
		"info": map[string]any{
			"title":   "Kinship API",
			"version": "1",
			"description": "Peer support for people in recovery. Sign in with POST /api/v1/auth/login and send the token as " +
				"Authorization: Bearer TOKEN (the web pages use the session cookie). Conventions (names, times, lists, errors, " +
				"writes) are in docs/api.md; the WebSocket protocol is at /api/v1/asyncapi.json. Besides the error answers each " +
				"operation lists, any operation may answer 500 (a fault on Kinship's side) or 503 (the node is not ready) as " +
				"application/problem+json; both are worth retrying later.",
			"license": map[string]any{"name": "AGPL-3.0-or-later", "url": "https://www.gnu.org/licenses/agpl-3.0.html"},
		},
		"servers": []any{map[string]any{"url": "/", "description": "the Kinship this document was read from"}},
		"tags":    tags,
		"paths":   paths,
		"components": map[string]any{
			"schemas":   g.comps,
			"responses": errResponses,
			"securitySchemes": map[string]any{
				"bearer": map[string]any{"type": "http", "scheme": "bearer", "description": "the token POST /api/v1/auth/login answers"},
				"cookie": map[string]any{"type": "apiKey", "in": "cookie", "name": "kinship_session", "description": "the session cookie the web pages use"},
			},
		},
		"security": []any{map[string]any{"bearer": []any{}}, map[string]any{"cookie": []any{}}},
	}
}

// headOperation documents HEAD on a GET route: the server answers it as
// it answers GET (Go's ServeMux serves HEAD with a GET pattern, and 405
// answers list it in Allow), with the same status and headers and no body,
// as RFC 9110 (9.3.2) and Zalando's #149 describe HEAD.
func headOperation(get map[string]any, pattern string) map[string]any {
	o := map[string]any{}
	for k, v := range get {
		o[k] = v
	}
	o["operationId"] = operationID(http.MethodHead, pattern)
	o["tags"] = []string{headTag}
	o["summary"] = get["summary"].(string) + " (headers only)"
	o["description"] = "The answer GET " + pattern + " gives, with the same status and headers and no body " +
		"(such as its Content-Length, or a 404 for what is not there). It shows nothing, so nothing is recorded as read.\n\n" + get["description"].(string)
	responses := map[string]any{}
	for st, r := range get["responses"].(map[string]any) {
		rm := r.(map[string]any)
		if _, ok := rm["$ref"]; ok {
			code, _ := strconv.Atoi(st)
			rm = errorResponse(code)
		}
		h := map[string]any{"description": rm["description"]}
		if hs, ok := rm["headers"]; ok {
			h["headers"] = hs
		}
		responses[st] = h
	}
	o["responses"] = responses
	return o
}

// queryParams describes a query struct's fields as parameters.
func (g *schemaGen) queryParams(t reflect.Type) []any {
	var out []any
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if f.Anonymous && f.Type.Kind() == reflect.Struct {
			out = append(out, g.queryParams(f.Type)...)
			continue
		}
		name := f.Tag.Get("query")
		if name == "" {
			continue
		}
		ft := f.Type
		explode := false
		if ft.Kind() == reflect.Slice {
			explode = true
		}
		s := refine(g.schema(ft), f.Tag)
		if dv := f.Tag.Get("default"); dv != "" {
			switch s["type"] {
			case "integer":
				n, _ := strconv.Atoi(dv)
				s["default"] = n
			case "number":
				n, _ := strconv.ParseFloat(dv, 64)
				s["default"] = n
			case "boolean":
				s["default"] = dv == "true"
			default:
				s["default"] = dv
			}
		}
		desc := s["description"]
		delete(s, "description")
		p := map[string]any{"name": name, "in": "query", "required": f.Tag.Get("required") == "true", "schema": s}
		if desc != nil {
			p["description"] = desc
		}
		if explode {
			p["style"] = "form"
			p["explode"] = true
		}
		out = append(out, p)
	}
	return out
}

func policyWords(p Policy) string {
	switch p {
	case Public:
		return "anyone, signed in or not"
	case PendingMFA:
		return "a sign-in whose password is proven and whose two-factor code is due"
	case Setup:
		return "any signed-in person, even before a required second factor is set up"
	case Member:
		return "signed-in members"
	case Moderator:
		return "moderators and site admins"
	case SiteAdmin:
		return "site admins"
	}
	return "nobody"
}

func successWords(st int) string {
	switch st {
	case 200:
		return "OK"
	case 201:
		return "Created"
	case 202:
		return "Accepted: it will happen shortly"
	case 204:
		return "Done; no body"
	case 101:
		return "Switching to the WebSocket protocol"
	}
	return http.StatusText(st)
}

// errorResponse is an error answer as a shared component.
func errorResponse(st int) map[string]any {
	schema := "Problem"
	if st == http.StatusBadRequest {
		schema = "InvalidProblem"
	}
	r := map[string]any{"description": errorWords(st), "content": map[string]any{"application/problem+json": map[string]any{"schema": ref(schema)}}}
	if st == http.StatusTooManyRequests || st == http.StatusConflict {
		r["headers"] = map[string]any{"Retry-After": map[string]any{"description": "seconds to wait before trying again", "schema": map[string]any{"type": "integer"}}}
	}
	return r
}

func errorWords(st int) string {
	switch st {
	case 400:
		return "The request is not valid: detail says why, errors names each field or parameter to fix"
	case 401:
		return "Not signed in, or the session ended"
	case 403:
		return "Signed in, but not allowed to do this"
	case 404:
		return "Nothing with this id that you may see"
	case 409:
		return "It conflicts with the current state (detail says how), or a request with the same Idempotency-Key is still running (try again after Retry-After)"
	case 413:
		return "The body is larger than this operation takes"
	case 422:
		return "The Idempotency-Key was already used with another body"
	case 429:
		return "Too many requests; wait the seconds Retry-After gives"
	case 500:
		return "Something went wrong on Kinship's side; try again"
	case 503:
		return "Not available on this node right now"
	}
	return http.StatusText(st)
}

func operationID(method, pattern string) string {
	p := strings.NewReplacer("/api/v1/", "", "/", "_", "{", "", "}", "", "-", "_", ".", "_").Replace(pattern)
	return strings.ToLower(method) + "_" + p
}

// OpenAPI returns the API's OpenAPI document, generated once.
func (s *Server) OpenAPI() []byte {
	s.docOnce.Do(func() {
		b, err := json.MarshalIndent(s.apiDocument(), "", "  ")
		if err != nil {
			panic(err)
		}
		s.doc = b
	})
	return s.doc
}

func (s *Server) openapi(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_, _ = w.Write(s.OpenAPI())
}

// OpenAPIDocument returns the API's OpenAPI document without a running
// server (for go generate and the generated client's test).
func OpenAPIDocument() []byte { return (&Server{}).OpenAPI() }
