package model

import "testing"

// Every form a crisis line or library resource's id has had names the
// same ULID; other ids are left alone.
func TestCanonicalID(t *testing.T) {
	u := "01JX3Q9V7C8K2M4N6P8R0T2V4W"
	for _, c := range []struct{ in, want string }{
		{u, u},
		{"01jx3q9v7c8k2m4n6p8r0t2v4w", u},
		{"us-01jx3q9v7c8k2m4n6p8r0t2v4w", u},
		{"intl-01jx3q9v7c8k2m4n6p8r0t2v4w", u},
		{"us-911", SeedID("us-911")},
		{"r-988", SeedID("r-988")},
		{"intl-findahelpline", SeedID("intl-findahelpline")},
		{"not an id", "not an id"},
		{"", ""},
	} {
		if got := CanonicalID(c.in); got != c.want {
			t.Errorf("CanonicalID(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	if a, b := SeedID("us-911"), SeedID("us-988"); a == b || len(a) != 26 || a != SeedID("us-911") {
		t.Fatalf("seed ids: %s %s", a, b)
	}
	if CanonicalID(SeedID("r-988")) != SeedID("r-988") {
		t.Fatal("a seed id is its own canonical form")
	}
}
