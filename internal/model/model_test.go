package model

import (
	"strings"
	"testing"
	"time"
)

func TestRelationCanSee(t *testing.T) {
	cases := []struct {
		rel  Relation
		vis  Visibility
		want bool
	}{
		{RelSelf, VisOnlyMe, true},
		{RelSupporter, VisOnlyMe, false},
		{RelSupporter, VisSupporters, true},
		{RelSupporter, VisMembers, true},
		{RelConnection, VisSupporters, false},
		{RelConnection, VisConnections, true},
		{RelGroupPeer, VisConnections, false},
		{RelGroupPeer, VisGroups, true},
		{RelMember, VisGroups, false},
		{RelMember, VisMembers, true},
		{RelAnonymous, VisMembers, false},
		{RelMember, Visibility("bogus"), false},
	}
	for _, c := range cases {
		if got := c.rel.CanSee(c.vis); got != c.want {
			t.Errorf("relation %d sees %q: %v, want %v", c.rel, c.vis, got, c.want)
		}
	}
}

func TestProfileValidate(t *testing.T) {
	cases := []struct {
		name  string
		p     Profile
		field string // "" when valid
		msg   string
	}{
		{"minimal", Profile{DisplayName: "Sky"}, "", ""},
		{"full", Profile{DisplayName: "Sky", TimeZone: "America/Chicago", Pathways: []string{"medication-supported", "12-step"}, RecoveryStart: "2021-02-03", LifeCircumstances: []string{"parent"}}, "", ""},
		{"no name", Profile{DisplayName: "  "}, "display_name", "pseudonym"},
		{"markup in name", Profile{DisplayName: "<b>x</b>"}, "display_name", "cannot contain"},
		{"long bio", Profile{DisplayName: "Sky", Bio: strings.Repeat("b", BioMax+1)}, "bio", "at most 1,000"},
		{"bad zone", Profile{DisplayName: "Sky", TimeZone: "Somewhere/Else"}, "time_zone", "from the list"},
		{"local zone", Profile{DisplayName: "Sky", TimeZone: "Local"}, "time_zone", "from the list"},
		{"bad pathway", Profile{DisplayName: "Sky", Pathways: []string{"willpower"}}, "pathways", "not one of"},
		{"future start", Profile{DisplayName: "Sky", RecoveryStart: "2999-01-01"}, "recovery_start", "future"},
		{"bad date", Profile{DisplayName: "Sky", RecoveryStart: "03/15/2024"}, "recovery_start", "2024-03-15"},
		{"too many", Profile{DisplayName: "Sky", Interests: manyItems(30)}, "interests", "at most 20"},
		{"unknown visibility field", Profile{DisplayName: "Sky", Visibility: map[string]Visibility{"shoe_size": VisMembers}}, "visibility.shoe_size", "unknown field"},
		{"bad visibility level", Profile{DisplayName: "Sky", Visibility: map[string]Visibility{"bio": "world"}}, "visibility.bio", "only_me"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := c.p.Validate(time.Date(2026, 12, 7, 0, 50, 0, 0, time.UTC))
			if c.field == "" {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				for _, f := range VisibleFields {
					if c.p.Visibility[f] == "" {
						t.Errorf("visibility of %s not defaulted", f)
					}
				}
				return
			}
			e, ok := err.(*Error)
			if !ok || e.Kind != KindInvalid {
				t.Fatalf("want an invalid error, got %v", err)
			}
			if !strings.Contains(e.Fields[c.field], c.msg) {
				t.Fatalf("field %s: %q does not mention %q (all: %v)", c.field, e.Fields[c.field], c.msg, e.Fields)
			}
		})
	}
	// Duplicates and blanks are cleaned, not rejected.
	p := Profile{DisplayName: "Sky", Languages: []string{"en", " en ", "", "es"}}
	if err := p.Validate(time.Date(2026, 12, 7, 0, 50, 0, 0, time.UTC)); err != nil || len(p.Languages) != 2 {
		t.Fatalf("languages %v, err %v", p.Languages, err)
	}
}

func TestHealthFieldsDefaultToOnlyMe(t *testing.T) {
	v := DefaultVisibility()
	for f := range HealthFields {
		if v[f] != VisOnlyMe {
			t.Errorf("%s defaults to %s, want only_me", f, v[f])
		}
	}
}

func TestValidateEmail(t *testing.T) {
	for email, ok := range map[string]bool{"a@example.org": true, "a.b+c@sub.example.org": true, "": false, "nope": false, "a@b": false, "Name <a@example.org>": false, strings.Repeat("a", 250) + "@x.org": false} {
		if got := ValidateEmail(email) == ""; got != ok {
			t.Errorf("ValidateEmail(%q) ok=%v, want %v", email, got, ok)
		}
	}
}

func manyItems(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = "item" + strings.Repeat("x", i+1)
	}
	return out
}
