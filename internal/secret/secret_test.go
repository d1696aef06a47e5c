package secret

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

func TestSealOpen(t *testing.T) {
	dir := t.TempDir()
	b, created, err := LoadOrCreateKey(filepath.Join(dir, "k", "kinship.key"))
	if err != nil || !created {
		t.Fatalf("create: %v %v", created, err)
	}
	msg := []byte("substances: alcohol")
	s := b.Seal(msg, []byte("profile:A"))
	if bytes.Contains(s, msg) {
		t.Fatal("sealed value holds the plaintext")
	}
	if got, err := b.Open(s, []byte("profile:A")); err != nil || !bytes.Equal(got, msg) {
		t.Fatalf("open: %q %v", got, err)
	}
	if s2 := b.Seal(msg, []byte("profile:A")); bytes.Equal(s, s2) {
		t.Fatal("two seals of the same value are equal: nonce reuse")
	}
	if _, err := b.Open(s, []byte("profile:B")); err != ErrOpen {
		t.Fatalf("other owner: %v", err)
	}
	tampered := append([]byte{}, s...)
	tampered[len(tampered)-1] ^= 1
	if _, err := b.Open(tampered, []byte("profile:A")); err != ErrOpen {
		t.Fatalf("tampered: %v", err)
	}
	for _, bad := range [][]byte{nil, {1}, {2, 3, 4}} {
		if _, err := b.Open(bad, nil); err != ErrOpen {
			t.Fatalf("short value %v: %v", bad, err)
		}
	}
	// Many values opened into one reused buffer each read as Open reads
	// them; a wrong owner fails there too.
	buf := make([]byte, 0, 8)
	for _, m := range []string{"a", "substances: alcohol, and more than the buffer holds", "", "b"} {
		sm := b.Seal([]byte(m), []byte("message:"+m))
		if buf, err = b.OpenAppend(buf[:0], sm, []byte("message:"+m)); err != nil || string(buf) != m {
			t.Fatalf("open %q into a reused buffer: %q %v", m, buf, err)
		}
		if _, err := b.OpenAppend(buf[:0], sm, []byte("message:x")); err != ErrOpen {
			t.Fatalf("open %q as another's: %v", m, err)
		}
	}
	if got, err := b.OpenAppend([]byte("kept "), s, []byte("profile:A")); err != nil || string(got) != "kept "+string(msg) {
		t.Fatalf("open after what dst holds: %q %v", got, err)
	}
	other, _ := NewBox(bytes.Repeat([]byte{7}, 32))
	if _, err := other.Open(s, []byte("profile:A")); err != ErrOpen {
		t.Fatalf("other key: %v", err)
	}
	// Reloading gives the same key.
	b2, created, err := LoadOrCreateKey(filepath.Join(dir, "k", "kinship.key"))
	if err != nil || created {
		t.Fatalf("reload: %v %v", created, err)
	}
	if _, err := b2.Open(s, []byte("profile:A")); err != nil {
		t.Fatal(err)
	}
	info, _ := os.Stat(filepath.Join(dir, "k", "kinship.key"))
	if info.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v", info.Mode().Perm())
	}
}

func TestKeyFileProblems(t *testing.T) {
	dir := t.TempDir()
	cases := []struct {
		name, content string
		mode          os.FileMode
		want          string
	}{
		{"open to others", strings.Repeat("ab", 32), 0o644, "chmod 600"},
		{"short", "abcd", 0o600, "64 hexadecimal"},
		{"not hex", strings.Repeat("zz", 32), 0o600, "not hexadecimal"},
	}
	for _, c := range cases {
		p := filepath.Join(dir, c.name)
		if err := os.WriteFile(p, []byte(c.content), c.mode); err != nil {
			t.Fatal(err)
		}
		os.Chmod(p, c.mode)
		_, _, err := LoadOrCreateKey(p)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", c.name, err, c.want)
		}
		if err != nil && strings.Contains(err.Error(), c.content) {
			t.Errorf("%s: error prints key material", c.name)
		}
	}
}

func TestConcurrentFirstRunAgrees(t *testing.T) {
	p := filepath.Join(t.TempDir(), "kinship.key")
	boxes := make([]*Box, 8)
	var wg sync.WaitGroup
	for i := range boxes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			b, _, err := LoadOrCreateKey(p)
			if err != nil {
				t.Error(err)
				return
			}
			boxes[i] = b
		}()
	}
	wg.Wait()
	s := boxes[0].Seal([]byte("x"), nil)
	for i, b := range boxes {
		if b == nil {
			continue
		}
		if _, err := b.Open(s, nil); err != nil {
			t.Fatalf("process %d ended with another key", i)
		}
	}
}
