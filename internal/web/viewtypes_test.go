package web

import (
	"reflect"
	"sort"
	"strings"
	"testing"
)

// A page's data must not hold a pointer to a plain value (*bool, *int,
// *float64, *string) anywhere a template can reach it: {{if}} and {{with}}
// read such a pointer as "there is one", not as what it points at, which is
// how a member's No once read as "Used: yes". Views carry typed values
// instead (see checkinRow). This walks every page's data type.
func TestViewsHoldNoPointersToPlainValues(t *testing.T) {
	var found []string
	seen := map[reflect.Type]bool{}
	var walk func(reflect.Type, string)
	walk = func(ty reflect.Type, path string) {
		switch ty.Kind() {
		case reflect.Pointer:
			switch ty.Elem().Kind() {
			case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
				reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Float32, reflect.Float64, reflect.String:
				found = append(found, path+" is "+ty.String())
				return
			}
			walk(ty.Elem(), path)
			return
		case reflect.Slice, reflect.Array:
			walk(ty.Elem(), path+"[]")
			return
		case reflect.Map:
			walk(ty.Elem(), path+"[key]")
			return
		case reflect.Struct:
		default:
			return
		}
		if seen[ty] || ty.PkgPath() == "time" {
			return
		}
		seen[ty] = true
		for i := 0; i < ty.NumField(); i++ {
			f := ty.Field(i)
			if !f.IsExported() {
				continue
			}
			walk(f.Type, path+"."+f.Name)
		}
	}
	for page, data := range pageData {
		if data != nil {
			walk(reflect.TypeOf(data), page)
		}
	}
	walk(reflect.TypeOf(view{}), "view")
	// Known and read safely: a distance or a coordinate is nil when it is
	// unknown, and the templates read it only inside {{with}} through deref;
	// sleep hours are not shown on the check-in list; the disclosed page
	// reads its rows (orgsData.Checkins), not the app's check-ins. Who an
	// alert reached is the API's (null names the on-duty roster); no
	// template reads it.
	known := map[string]bool{
		"Support.Mine[].Reached[].Name is *string": true,
		"DistanceKm is *float64":                   true, "Latitude is *float64": true, "Longitude is *float64": true,
		"checkin.Recent[].SleepHours is *float64": true,
		"Disclosed.Checkins[].Craving is *int":    true, "Disclosed.Checkins[].Mood is *int": true, "Disclosed.Checkins[].Used is *bool": true,
	}
	sort.Strings(found)
	for _, f := range found {
		_, field, _ := strings.Cut(f, ".")
		last := f[strings.LastIndex(f, ".")+1:]
		if !known[f] && !known[field] && !known[last] {
			t.Errorf("%s: give the page a typed value (a word or a plain number), as checkinRow does", f)
		}
	}
}
