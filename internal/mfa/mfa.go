// Package mfa provides time-based one-time codes (TOTP, as authenticator
// apps expect: SHA-1, 6 digits, 30 seconds) and recovery codes.
package mfa

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"image/png"
	"strings"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"
)

var opts = totp.ValidateOpts{Period: 30, Skew: 1, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1}

// NewSecret returns a new base32 TOTP secret and its otpauth:// URL for the
// account (shown in the app as "issuer (account)").
func NewSecret(issuer, account string) (secret, otpauthURL string, err error) {
	key, err := totp.Generate(totp.GenerateOpts{Issuer: issuer, AccountName: account, Period: 30, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
	if err != nil {
		return "", "", fmt.Errorf("mfa: generate: %w", err)
	}
	return key.Secret(), key.URL(), nil
}

// SecretURL returns the otpauth:// URL for an existing base32 secret, so a
// set-up that is not yet confirmed can be shown again with the same key.
func SecretURL(issuer, account, secret string) (string, error) {
	raw, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(strings.ToUpper(secret))
	if err != nil {
		return "", fmt.Errorf("mfa: secret: %w", err)
	}
	key, err := totp.Generate(totp.GenerateOpts{Issuer: issuer, AccountName: account, Period: 30, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1, Secret: raw})
	if err != nil {
		return "", fmt.Errorf("mfa: url: %w", err)
	}
	return key.URL(), nil
}

// QRDataURI renders an otpauth URL as a 256-pixel PNG QR code in a data: URI.
func QRDataURI(otpauthURL string) (string, error) {
	if !strings.HasPrefix(otpauthURL, "otpauth://totp/") {
		return "", fmt.Errorf("mfa: not an otpauth TOTP URL")
	}
	key, err := otp.NewKeyFromURL(otpauthURL)
	if err != nil {
		return "", fmt.Errorf("mfa: parse url: %w", err)
	}
	img, err := key.Image(256, 256)
	if err != nil {
		return "", fmt.Errorf("mfa: qr: %w", err)
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return "", err
	}
	return "data:image/png;base64," + base64.StdEncoding.EncodeToString(buf.Bytes()), nil
}

// Validate reports whether code is right for secret at now, allowing one
// 30-second step of clock difference either way. Spaces are ignored.
func Validate(secret, code string, now time.Time) bool {
	code = strings.ReplaceAll(strings.TrimSpace(code), " ", "")
	if len(code) != 6 {
		return false
	}
	ok, err := totp.ValidateCustom(code, secret, now, opts)
	return err == nil && ok
}

// alphabet leaves out look-alikes (0/o, 1/l/i) so codes copy cleanly.
const alphabet = "23456789abcdefghjkmnpqrstuvwxyz"

// NewRecoveryCodes returns n codes like "k7q2-9fxm-3hpa" (about 59 bits each).
func NewRecoveryCodes(n int) ([]string, error) {
	codes := make([]string, n)
	buf := make([]byte, 12)
	for i := range codes {
		if _, err := rand.Read(buf); err != nil {
			return nil, err
		}
		var sb strings.Builder
		for j, b := range buf {
			if j > 0 && j%4 == 0 {
				sb.WriteByte('-')
			}
			sb.WriteByte(alphabet[int(b)%len(alphabet)])
		}
		codes[i] = sb.String()
	}
	return codes, nil
}

// HashRecoveryCode normalizes a code as typed (case, spaces, dashes) and
// hashes it for storage. Codes carry enough entropy for a plain SHA-256.
func HashRecoveryCode(code string) string {
	c := strings.ToLower(strings.NewReplacer(" ", "", "-", "").Replace(strings.TrimSpace(code)))
	sum := sha256.Sum256([]byte("kinship-recovery-code:" + c))
	return hex.EncodeToString(sum[:])
}
