// Package secret seals health data at rest with XChaCha20-Poly1305 under a
// key kept in a file beside (never inside) the database.
package secret

import (
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/crypto/chacha20poly1305"
)

// version prefixes every sealed value so the format can change later.
const version byte = 1

// Box seals and opens values under one key. It is safe for concurrent use.
type Box struct {
	aead cipher.AEAD
	key  []byte
}

// NewBox returns a Box for a 32-byte key.
func NewBox(key []byte) (*Box, error) {
	aead, err := chacha20poly1305.NewX(key)
	if err != nil {
		return nil, fmt.Errorf("secret: %w", err)
	}
	return &Box{aead: aead, key: append([]byte(nil), key...)}, nil
}

// Seal encrypts plaintext bound to aad (e.g. "profile:"+userID), so a sealed
// value cannot be moved to another row or person.
func (b *Box) Seal(plaintext, aad []byte) []byte {
	ns := b.aead.NonceSize()
	out := make([]byte, 1+ns, 1+ns+len(plaintext)+b.aead.Overhead())
	out[0] = version
	if _, err := rand.Read(out[1:]); err != nil {
		panic("secret: crypto/rand failed: " + err.Error())
	}
	return b.aead.Seal(out, out[1:1+ns], plaintext, aad)
}

// Derive returns n bytes derived from the box's key for one purpose
// (HKDF-SHA256, with label as the info): the same on every node that holds
// the key, and useless for opening anything sealed.
func (b *Box) Derive(label string, n int) []byte {
	out, err := hkdf.Key(sha256.New, b.key, nil, "kinship:"+label, n)
	if err != nil {
		panic("secret: derive " + label + ": " + err.Error())
	}
	return out
}

// ErrOpen is returned when a sealed value is damaged, was sealed under
// another key, or belongs to another aad.
var ErrOpen = errors.New("secret: cannot open sealed value (wrong key, wrong owner or damaged)")

// Open decrypts a value made by Seal with the same aad.
func (b *Box) Open(sealed, aad []byte) ([]byte, error) {
	return b.OpenAppend(nil, sealed, aad)
}

// OpenAppend is Open writing the plain text after dst's contents (dst may
// be a buffer reused for many values, which it must not overlap): a page
// of messages opens into one buffer instead of a new one for each. On a
// failure nothing of the value is left in dst's room.
func (b *Box) OpenAppend(dst, sealed, aad []byte) ([]byte, error) {
	ns := b.aead.NonceSize()
	if len(sealed) < 1+ns+b.aead.Overhead() || sealed[0] != version {
		return nil, ErrOpen
	}
	plain, err := b.aead.Open(dst, sealed[1:1+ns], sealed[1+ns:], aad)
	if err != nil {
		return nil, ErrOpen
	}
	return plain, nil
}

// LoadOrCreateKey reads the key file at path, or creates it (mode 0600, in a
// 0700 directory) with a new random key when absent. created reports the
// latter. Two processes starting at once end with the same key.
func LoadOrCreateKey(path string) (box *Box, created bool, err error) {
	key, err := readKey(path)
	if errors.Is(err, os.ErrNotExist) {
		created, err = createKey(path)
		if err != nil {
			return nil, false, err
		}
		key, err = readKey(path)
	}
	if err != nil {
		return nil, false, err
	}
	box, err = NewBox(key)
	return box, created, err
}

func readKey(path string) ([]byte, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if info.Mode().Perm()&0o077 != 0 {
		return nil, fmt.Errorf("secret: key file %s is readable by others (mode %v); run: chmod 600 %s", path, info.Mode().Perm(), path)
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("secret: read key file: %w", err)
	}
	text := strings.TrimSpace(string(raw))
	if len(text) != 2*chacha20poly1305.KeySize {
		return nil, fmt.Errorf("secret: key file %s must hold %d hexadecimal characters, it holds %d; restore it from your backup", path, 2*chacha20poly1305.KeySize, len(text))
	}
	key, err := hex.DecodeString(text)
	if err != nil {
		return nil, fmt.Errorf("secret: key file %s is not hexadecimal; restore it from your backup", path)
	}
	return key, nil
}

// createKey writes a new key atomically: a temporary file is linked into
// place, which fails if another process got there first (its key wins).
func createKey(path string) (bool, error) {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return false, fmt.Errorf("secret: create key directory: %w", err)
	}
	key := make([]byte, chacha20poly1305.KeySize)
	if _, err := rand.Read(key); err != nil {
		return false, err
	}
	tmp, err := os.CreateTemp(dir, ".kinship-key-*")
	if err != nil {
		return false, fmt.Errorf("secret: create key file: %w", err)
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return false, err
	}
	if _, err := tmp.WriteString(hex.EncodeToString(key) + "\n"); err != nil {
		tmp.Close()
		return false, err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return false, err
	}
	if err := tmp.Close(); err != nil {
		return false, err
	}
	if err := os.Link(tmp.Name(), path); err != nil {
		if errors.Is(err, os.ErrExist) {
			return false, nil
		}
		return false, fmt.Errorf("secret: install key file: %w", err)
	}
	return true, nil
}
