package httpapi_test

import "regexp"

// timestampRE is the one form of an instant in the API: RFC 3339 in UTC
// with exactly millisecond precision.
var timestampRE = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$`)
