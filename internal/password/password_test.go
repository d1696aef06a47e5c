package password

import (
	"strings"
	"testing"
)

func TestHashVerify(t *testing.T) {
	h, err := Hash("lantern orchard pebble")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Fatalf("PHC string %q", h)
	}
	ok, rehash, err := Verify("lantern orchard pebble", h)
	if !ok || rehash || err != nil {
		t.Fatalf("verify: %v %v %v", ok, rehash, err)
	}
	if ok, _, _ := Verify("lantern orchard pebbles", h); ok {
		t.Fatal("wrong password accepted")
	}
	h2, _ := Hash("lantern orchard pebble")
	if h == h2 {
		t.Fatal("same hash twice: salt not random")
	}
}

func TestRehashWhenParametersRise(t *testing.T) {
	weak, err := HashWith("lantern orchard pebble", Params{MemoryKiB: 4096, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32})
	if err != nil {
		t.Fatal(err)
	}
	ok, rehash, err := Verify("lantern orchard pebble", weak)
	if !ok || !rehash || err != nil {
		t.Fatalf("weak hash: ok=%v rehash=%v err=%v", ok, rehash, err)
	}
}

func TestMalformed(t *testing.T) {
	for _, bad := range []string{"", "plain", "$argon2i$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA", "$argon2id$v=18$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA",
		"$argon2id$v=19$m=0,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA", "$argon2id$v=19$m=19456,t=2,p=1$!!$aGFzaGhhc2hoYXNoaGFzaA", "$argon2id$v=19$m=99999999,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA"} {
		if _, _, err := Verify("x", bad); err != ErrMalformed {
			t.Errorf("Verify(%q): %v, want ErrMalformed", bad, err)
		}
	}
}

func TestCheck(t *testing.T) {
	cases := []struct{ pw, email, name, want string }{
		{"lantern orchard pebble", "a@example.org", "Ay", ""},
		{"short", "", "", "at least 8"},
		{strings.Repeat("x", 129) + "y", "", "", "at most 128"},
		{strings.Repeat("é", 127) + "a", "", "", ""},
		{"Password123", "", "", "most common"},
		{"ONEDAYATATIME", "", "", "most common"},
		{"serenity", "", "", "most common"},
		{"zzzzzzzzzz", "", "", "repeated"},
		{"riverstone", "riverstone@example.org", "", "email"},
		{"Sky Walker 9", "", "sky walker 9", "display name"},
	}
	for _, c := range cases {
		got := Check(c.pw, c.email, c.name)
		if (c.want == "") != (got == "") || !strings.Contains(got, c.want) {
			t.Errorf("Check(%q) = %q, want mention of %q", c.pw, got, c.want)
		}
	}
	if len(common) < 500 {
		t.Fatalf("common list has %d entries, want at least 500", len(common))
	}
}

func BenchmarkHash(b *testing.B) {
	for b.Loop() {
		if _, err := Hash("lantern orchard pebble"); err != nil {
			b.Fatal(err)
		}
	}
}
