package httpapi

import (
	"reflect"
	"sort"
	"testing"
)

// TestAnswersWriteInstantsOneWay: every instant the API writes is a
// model.Timestamp (RFC 3339 in UTC with milliseconds), never a time.Time,
// whose JSON keeps the zone and up to nine fractional digits. It walks the
// types of every operation's answers and of every WebSocket frame.
func TestAnswersWriteInstantsOneWay(t *testing.T) {
	raw := map[string]bool{}
	var walk func(tp reflect.Type, path string, seen map[reflect.Type]bool)
	walk = func(tp reflect.Type, path string, seen map[reflect.Type]bool) {
		for tp.Kind() == reflect.Pointer || tp.Kind() == reflect.Slice || tp.Kind() == reflect.Array || tp.Kind() == reflect.Map {
			tp = tp.Elem()
		}
		if tp == timeType {
			raw[path] = true
			return
		}
		if tp.Kind() != reflect.Struct || tp == timestampType || seen[tp] {
			return
		}
		seen[tp] = true
		defer delete(seen, tp)
		for i := range tp.NumField() {
			f := tp.Field(i)
			if (!f.IsExported() && !f.Anonymous) || f.Tag.Get("json") == "-" {
				continue
			}
			walk(f.Type, path+" "+tp.Name()+"."+f.Name, seen)
		}
	}
	answers := 0
	for key, o := range apiOps {
		for _, v := range append([]any{o.Out}, values(o.Also)...) {
			if v != nil {
				answers++
				walk(reflect.TypeOf(v), key+":", map[reflect.Type]bool{})
			}
		}
	}
	for _, f := range wsFrames {
		answers++
		walk(reflect.TypeOf(f.v), "ws "+f.typ+":", map[reflect.Type]bool{})
	}
	if answers < 100 {
		t.Fatalf("only %d answer types walked", answers)
	}
	var l []string
	for k := range raw {
		l = append(l, k)
	}
	sort.Strings(l)
	for _, k := range l {
		t.Errorf("a time.Time in an answer (use model.Timestamp): %s", k)
	}
}

func values(m map[int]any) []any {
	var out []any
	for _, v := range m {
		out = append(out, v)
	}
	return out
}
