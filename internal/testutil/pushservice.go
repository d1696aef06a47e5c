package testutil

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// PushService is a Web Push service for tests, on 127.0.0.1: it takes
// messages as a browser vendor's would (RFC 8030), checks the VAPID token
// (RFC 8292: ES256, aud, exp, sub, signed by the key in k=) and decrypts
// each payload (RFC 8291, aes128gcm) with the private key of the device it
// made, recording what it could read. What it records is what a real push
// service and the device would see.
type PushService struct {
	URL string
	srv *httptest.Server

	mu      sync.Mutex
	devices map[string]*PushDevice
	got     []PushReceived
	wait    chan struct{}
	// VAPIDKey, when set, is the only application-server key accepted.
	VAPIDKey string
	// CountOnly takes every message unread (for benchmarks, where the
	// CPU measured should be the sender's).
	CountOnly bool
}

// PushDevice is a subscription the service made, with the device's keys.
type PushDevice struct {
	ID       string
	Endpoint string
	P256dh   string // the device's public key, base64url
	Auth     string // the 16-byte secret, base64url
	priv     *ecdh.PrivateKey
	auth     []byte
	// Status is what the service answers for this device (201 when 0):
	// 410 once the person unsubscribed, 404 once it expired, 429 or 503 when busy.
	Status int
}

// PushReceived is one message the service took or refused.
type PushReceived struct {
	Device string
	Status int
	// Plain is the decrypted payload (what the service could read once it
	// had the device's key; a real one cannot). Err says why it could not.
	Plain   []byte
	Err     error
	TTL     string
	Urgency string
	Topic   string
	// Claims are the VAPID token's claims, once verified.
	Claims map[string]any
	// BodySize is what a push service does see: the encrypted size.
	BodySize int
	At       time.Time
}

// StartPushService starts the service; it stops when the test ends.
func StartPushService(t testing.TB) *PushService {
	t.Helper()
	p := &PushService{devices: map[string]*PushDevice{}, wait: make(chan struct{})}
	p.srv = httptest.NewServer(http.HandlerFunc(p.serve))
	p.URL = p.srv.URL
	t.Cleanup(p.srv.Close)
	return p
}

// NewDevice makes a subscription as a browser would (PushManager.subscribe).
func (p *PushService) NewDevice(t testing.TB) *PushDevice {
	t.Helper()
	priv, err := ecdh.P256().GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	auth := make([]byte, 16)
	_, _ = rand.Read(auth)
	id := make([]byte, 12)
	_, _ = rand.Read(id)
	d := &PushDevice{ID: base64.RawURLEncoding.EncodeToString(id), priv: priv, auth: auth,
		P256dh: base64.RawURLEncoding.EncodeToString(priv.PublicKey().Bytes()), Auth: base64.RawURLEncoding.EncodeToString(auth)}
	d.Endpoint = p.URL + "/push/" + d.ID
	p.mu.Lock()
	p.devices[d.ID] = d
	p.mu.Unlock()
	return d
}

// SetStatus makes the service answer status for a device from now on.
func (p *PushService) SetStatus(d *PushDevice, status int) {
	p.mu.Lock()
	d.Status = status
	p.mu.Unlock()
}

// Received returns what the service got so far.
func (p *PushService) Received() []PushReceived {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]PushReceived(nil), p.got...)
}

// WaitFor waits until n messages arrived, or fails the test after limit.
func (p *PushService) WaitFor(t testing.TB, n int, limit time.Duration) []PushReceived {
	t.Helper()
	end := time.After(limit)
	for {
		p.mu.Lock()
		got, wait := len(p.got), p.wait
		p.mu.Unlock()
		if got >= n {
			return p.Received()
		}
		select {
		case <-wait:
		case <-end:
			t.Fatalf("the push service got %d messages in %s, want %d", got, limit, n)
		}
	}
}

func (p *PushService) serve(w http.ResponseWriter, r *http.Request) {
	id, ok := strings.CutPrefix(r.URL.Path, "/push/")
	if r.Method != http.MethodPost || !ok {
		http.Error(w, "not a push endpoint", http.StatusNotFound)
		return
	}
	body, _ := io.ReadAll(io.LimitReader(r.Body, 8192))
	rec := PushReceived{Device: id, TTL: r.Header.Get("TTL"), Urgency: r.Header.Get("Urgency"), Topic: r.Header.Get("Topic"), BodySize: len(body), At: time.Now()}
	p.mu.Lock()
	d := p.devices[id]
	key := p.VAPIDKey
	p.mu.Unlock()
	status := http.StatusCreated
	switch {
	case p.CountOnly:
		d = nil
	case d == nil:
		status, rec.Err = http.StatusNotFound, errors.New("no such subscription")
	case d.Status != 0:
		status = d.Status
	}
	if rec.Err == nil && d != nil {
		rec.Claims, rec.Err = verifyVAPID(r.Header.Get("Authorization"), "http://"+r.Host, key)
		if rec.Err != nil {
			status = http.StatusUnauthorized
		}
	}
	if rec.Err == nil && d != nil {
		if ce := r.Header.Get("Content-Encoding"); ce != "aes128gcm" {
			status, rec.Err = http.StatusBadRequest, fmt.Errorf("Content-Encoding %q, want aes128gcm", ce)
		} else if rec.TTL == "" {
			status, rec.Err = http.StatusBadRequest, errors.New("no TTL header")
		} else if rec.Plain, rec.Err = decryptPush(d, body); rec.Err != nil {
			status = http.StatusBadRequest
		}
	}
	rec.Status = status
	p.mu.Lock()
	p.got = append(p.got, rec)
	close(p.wait)
	p.wait = make(chan struct{})
	p.mu.Unlock()
	if status == http.StatusCreated {
		w.Header().Set("Location", p.URL+"/message/"+id)
	}
	w.WriteHeader(status)
}

// verifyVAPID checks "vapid t=<JWT>, k=<key>": an ES256 JWT signed by k,
// for this push service (aud), not expired nor valid for more than 24
// hours (exp), with a contact (sub).
func verifyVAPID(h, origin, want string) (map[string]any, error) {
	rest, ok := strings.CutPrefix(h, "vapid ")
	if !ok {
		return nil, fmt.Errorf("authorization %q is not vapid", h)
	}
	var token, key string
	for _, part := range strings.Split(rest, ",") {
		k, v, _ := strings.Cut(strings.TrimSpace(part), "=")
		switch k {
		case "t":
			token = v
		case "k":
			key = v
		}
	}
	if want != "" && key != want {
		return nil, fmt.Errorf("signed with key %q, not the instance's %q", key, want)
	}
	raw, err := base64.RawURLEncoding.DecodeString(key)
	if err != nil {
		return nil, fmt.Errorf("k: %w", err)
	}
	pub, err := ecdsa.ParseUncompressedPublicKey(elliptic.P256(), raw)
	if err != nil {
		return nil, fmt.Errorf("k: %w", err)
	}
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return nil, errors.New("t is not a JWT")
	}
	var header map[string]any
	if err := decodeSegment(parts[0], &header); err != nil || header["alg"] != "ES256" {
		return nil, fmt.Errorf("JWT header %v: want alg ES256", header)
	}
	sig, err := base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil || len(sig) != 64 {
		return nil, errors.New("JWT signature is not 64 bytes")
	}
	digest := sha256.Sum256([]byte(parts[0] + "." + parts[1]))
	if !ecdsa.Verify(pub, digest[:], new(big.Int).SetBytes(sig[:32]), new(big.Int).SetBytes(sig[32:])) {
		return nil, errors.New("JWT signature does not verify with k")
	}
	var claims map[string]any
	if err := decodeSegment(parts[1], &claims); err != nil {
		return nil, err
	}
	if claims["aud"] != origin {
		return nil, fmt.Errorf("aud %v, want %s", claims["aud"], origin)
	}
	exp, _ := claims["exp"].(float64)
	if now := float64(time.Now().Unix()); exp < now || exp > now+24*3600 {
		return nil, fmt.Errorf("exp %v is not within the next 24 hours", exp)
	}
	if sub, _ := claims["sub"].(string); !strings.HasPrefix(sub, "mailto:") && !strings.HasPrefix(sub, "https://") {
		return nil, fmt.Errorf("sub %q is neither mailto: nor https:", sub)
	}
	return claims, nil
}

func decodeSegment(s string, v any) error {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, v)
}

// decryptPush opens an aes128gcm body (RFC 8188) keyed as RFC 8291 says,
// with the device's private key and auth secret.
func decryptPush(d *PushDevice, body []byte) ([]byte, error) {
	if len(body) < 21 {
		return nil, errors.New("body too short for an aes128gcm header")
	}
	salt, rs, idlen := body[:16], binary.BigEndian.Uint32(body[16:20]), int(body[20])
	if idlen != 65 || len(body) < 21+idlen+17 {
		return nil, fmt.Errorf("key id of %d bytes, want the sender's 65-byte public key", idlen)
	}
	asPub, ct := body[21:21+idlen], body[21+idlen:]
	if uint32(len(ct)) > rs {
		return nil, fmt.Errorf("one record of %d bytes is over the record size %d", len(ct), rs)
	}
	sender, err := ecdh.P256().NewPublicKey(asPub)
	if err != nil {
		return nil, err
	}
	shared, err := d.priv.ECDH(sender)
	if err != nil {
		return nil, err
	}
	info := append(append([]byte("WebPush: info\x00"), d.priv.PublicKey().Bytes()...), asPub...)
	prkKey, _ := hkdf.Extract(sha256.New, shared, d.auth)
	ikm, _ := hkdf.Expand(sha256.New, prkKey, string(info), 32)
	prk, _ := hkdf.Extract(sha256.New, ikm, salt)
	cek, _ := hkdf.Expand(sha256.New, prk, "Content-Encoding: aes128gcm\x00", 16)
	nonce, _ := hkdf.Expand(sha256.New, prk, "Content-Encoding: nonce\x00", 12)
	block, _ := aes.NewCipher(cek)
	gcm, _ := cipher.NewGCM(block)
	plain, err := gcm.Open(nil, nonce, ct, nil)
	if err != nil {
		return nil, fmt.Errorf("decrypt: %w", err)
	}
	plain = bytes.TrimRight(plain, "\x00")
	if len(plain) == 0 || plain[len(plain)-1] != 2 {
		return nil, errors.New("the last record does not end with the 0x02 delimiter")
	}
	return plain[:len(plain)-1], nil
}
