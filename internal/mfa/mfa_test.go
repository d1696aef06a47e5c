package mfa

import (
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"
)

func TestTOTP(t *testing.T) {
	secret, url, err := NewSecret("Kinship", "sam@example.org")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(url, "otpauth://totp/Kinship:sam@example.org?") {
		t.Fatalf("url %q", url)
	}
	now := time.Date(2026, 11, 24, 12, 0, 10, 0, time.UTC)
	code, _ := totp.GenerateCode(secret, now)
	cases := []struct {
		name string
		code string
		at   time.Time
		want bool
	}{
		{"now", code, now, true},
		{"with spaces", code[:3] + " " + code[3:], now, true},
		{"one step late", code, now.Add(30 * time.Second), true},
		{"two steps late", code, now.Add(90 * time.Second), false},
		{"wrong", "000000", now, code == "000000"},
		{"short", "123", now, false},
		{"letters", "abcdef", now, false},
	}
	for _, c := range cases {
		if got := Validate(secret, c.code, c.at); got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
	uri, err := QRDataURI(url)
	if err != nil || !strings.HasPrefix(uri, "data:image/png;base64,") || len(uri) < 500 {
		t.Fatalf("qr: %v %d", err, len(uri))
	}
	if _, err := QRDataURI("http://not-otp"); err == nil {
		t.Fatal("bad URL accepted")
	}
}

func TestRecoveryCodes(t *testing.T) {
	codes, err := NewRecoveryCodes(10)
	if err != nil || len(codes) != 10 {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, c := range codes {
		if len(c) != 14 || strings.ContainsAny(c, "01ilo") || seen[c] {
			t.Fatalf("code %q", c)
		}
		seen[c] = true
	}
	c := codes[0]
	if HashRecoveryCode(c) != HashRecoveryCode(" "+strings.ToUpper(strings.ReplaceAll(c, "-", ""))+" ") {
		t.Fatal("normalization differs")
	}
	if HashRecoveryCode(codes[0]) == HashRecoveryCode(codes[1]) {
		t.Fatal("different codes, same hash")
	}
}
