package model

import (
	"testing"
	"time"
)

// A display name that reads as an erased account's is refused, however it
// is written; names that only share a word with it are not.
func TestReservedDisplayName(t *testing.T) {
	for _, c := range []struct {
		name     string
		reserved bool
	}{
		{"a former member", true},
		{"A Former Member", true},
		{"  a   former member. ", true},
		{"A-FORMER-MEMBER!", true},
		{"former member", true},
		{"(a former member)", true},
		{"a f0rmer member", true},
		{"а former member", true}, // a Cyrillic а
		{"ａ ｆｏｒｍｅｒ ｍｅｍｂｅｒ", true},
		{"un exmiembro", true},
		{"Un ex-miembro", true},
		{"UN EX MIEMBRO", true},
		{"úñ éxmíembro", true},
		{"exmiembro", true},
		{"una exmiembro", true},
		{"an ex-member", true},
		{"Bo", false},
		{"a member", false},
		{"Former Marine", false},
		{"a former member of AA", false},
		{"miembro", false},
		{"Ex", false},
	} {
		if got := ReservedDisplayName(c.name); got != c.reserved {
			t.Errorf("ReservedDisplayName(%q) = %v, want %v", c.name, got, c.reserved)
		}
		msg := ValidateDisplayName(c.name)
		if c.reserved && (msg == nil || msg.English != "choose another display name: Kinship uses this one for accounts that have been erased") {
			t.Errorf("ValidateDisplayName(%q) = %v", c.name, msg)
		}
		if !c.reserved && msg != nil {
			t.Errorf("ValidateDisplayName(%q) = %q, want nil", c.name, msg.English)
		}
	}
}

// A profile edited from a reserved name it already had keeps it for other
// changes; a name changed to a reserved one is refused.
func TestProfileEditKeepsAnOlderReservedName(t *testing.T) {
	p := &Profile{DisplayName: "A former member", Bio: "new words"}
	if err := p.ValidateEdit("A former member", time.Now()); err != nil {
		t.Errorf("an unchanged older name: %v", err)
	}
	p = &Profile{DisplayName: "un exmiembro"}
	err := p.ValidateEdit("Bo", time.Now())
	if e, ok := err.(*Error); !ok || e.Fields["display_name"] != "choose another display name: Kinship uses this one for accounts that have been erased" {
		t.Errorf("Bo renamed to %q: %v", p.DisplayName, err)
	}
	if err := (&Profile{DisplayName: "a former member"}).Validate(time.Now()); err == nil {
		t.Error("a new profile named a former member was valid")
	}
}
