// Package push sends Web Push messages (RFC 8030) to the push services of
// browsers: the payload encrypted for the one device (RFC 8291, aes128gcm)
// and the request signed with the instance's VAPID key (RFC 8292). It knows
// nothing of what a message is about; the app decides that.
package push

import (
	"context"
	"crypto/ecdh"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"syscall"
	"time"

	webpush "github.com/SherClockHolmes/webpush-go"

	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/secret"
)

// VAPID is the instance's application-server key pair (P-256), in the
// unpadded base64url form browsers and the VAPID header use.
type VAPID struct {
	// Public is the uncompressed point (65 bytes) that pages hand to
	// PushManager.subscribe as applicationServerKey.
	Public string
	// Private is the scalar (32 bytes).
	Private string
}

// DeriveVAPID derives the VAPID key pair from the instance's encryption
// key, so every node that can open the data signs with the same key and
// there is no second secret to create, copy between nodes or back up.
func DeriveVAPID(box *secret.Box) (*VAPID, error) {
	for i := 0; i < 16; i++ {
		// A 32-byte string is a valid P-256 scalar unless it is zero or not
		// below the group order (chance about 2^-32); then try the next label.
		d := box.Derive(fmt.Sprintf("vapid-p256-%d", i), 32)
		k, err := ecdh.P256().NewPrivateKey(d)
		if err != nil {
			continue
		}
		return &VAPID{Public: b64(k.PublicKey().Bytes()), Private: b64(d)}, nil
	}
	return nil, errors.New("push: no valid VAPID key could be derived")
}

func b64(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }

// decodeKey reads a browser's base64url key, padded or not.
func decodeKey(s string) ([]byte, error) {
	s = strings.TrimRight(strings.TrimSpace(s), "=")
	if b, err := base64.RawURLEncoding.DecodeString(s); err == nil {
		return b, nil
	}
	return base64.RawStdEncoding.DecodeString(s)
}

// Subscription is one device's push subscription, as PushSubscription.toJSON() gives it.
type Subscription struct {
	Endpoint string
	P256dh   string
	Auth     string
}

// Check validates a subscription as a browser made it: an https endpoint
// (http only when allowHTTP, for a push service on the same machine in
// tests), a P-256 public key and a 16-byte secret. Errors: invalid, naming
// the field.
func (s Subscription) Check(allowHTTP bool) error {
	fe := model.FieldErrors{}
	u, err := url.Parse(s.Endpoint)
	switch {
	case s.Endpoint == "":
		fe.Add("endpoint", "give the push service's endpoint URL from PushSubscription.endpoint")
	case err != nil || u.Host == "" || u.User != nil || len(s.Endpoint) > 2048:
		fe.Add("endpoint", "the endpoint is not a URL a push service gave")
	case u.Scheme != "https" && !(allowHTTP && u.Scheme == "http"):
		fe.Add("endpoint", "the endpoint must be an https URL")
	}
	if k, err := decodeKey(s.P256dh); err != nil || len(k) != 65 {
		fe.Add("keys.p256dh", "give the subscription's p256dh key: a P-256 public key of 65 bytes in base64url")
	} else if _, err := ecdh.P256().NewPublicKey(k); err != nil {
		fe.Add("keys.p256dh", "the p256dh key is not a point on P-256")
	}
	if a, err := decodeKey(s.Auth); err != nil || len(a) != 16 {
		fe.Add("keys.auth", "give the subscription's auth secret: 16 bytes in base64url")
	}
	return fe.Err()
}

// Job is one push message for one device about one notification, as the
// job queue keeps it: identifiers only, nothing readable.
type Job struct {
	SubscriptionID string `json:"subscription_id" river:"unique"`
	NotificationID string `json:"notification_id"`
	// Topic collapses a burst: while a message of the same topic waits for
	// the device, another is not queued; the push service and the device
	// replace one not yet delivered or read with the next of its topic.
	Topic string `json:"topic" river:"unique"`
	// AlertID and UserID, for a support alert, count the device on the
	// alert's page once the push service takes the message.
	AlertID string `json:"alert_id,omitempty"`
	UserID  string `json:"user_id,omitempty"`
	// High is a support alert: sent first, retried soon, kept briefly.
	High bool `json:"high,omitempty"`
	// Again is the second waiting place of a device and topic, taken while
	// the first one's push is being sent (jobs.Outbox.QueuePush).
	Again bool `json:"again,omitempty" river:"unique"`
}

// Batch is one event's push messages to many devices (a support alert to
// the on-duty roster): one job sends them all, a few at a time over kept
// connections, instead of one job per device. A device whose push service
// cannot take the message now gets a Job of its own, retried with back-off.
type Batch struct {
	Targets []Target `json:"targets"`
	Topic   string   `json:"topic"`
	AlertID string   `json:"alert_id,omitempty"`
	High    bool     `json:"high,omitempty"`
}

// Target is one device of a Batch and the notification it is told of.
type Target struct {
	SubscriptionID string `json:"s"`
	NotificationID string `json:"n"`
	// UserID, for a support alert, counts the device on the alert's page.
	UserID string `json:"u,omitempty"`
}

// Job is the message for one target, as a Job of its own would carry it.
func (b Batch) Job(t Target) Job {
	return Job{SubscriptionID: t.SubscriptionID, NotificationID: t.NotificationID, Topic: b.Topic, AlertID: b.AlertID, UserID: t.UserID, High: b.High}
}

// Urgency is the RFC 8030 Urgency header's value.
type Urgency string

// The urgencies Kinship uses.
const (
	UrgencyHigh   Urgency = "high"
	UrgencyNormal Urgency = "normal"
)

// Message is what goes to one device.
type Message struct {
	// Payload is encrypted for the device; the push service sees only its size.
	Payload []byte
	// Topic lets the push service replace an undelivered message of the
	// same topic (at most 32 base64url characters).
	Topic   string
	Urgency Urgency
	TTL     time.Duration
}

// Outcome says what the push service answered.
type Outcome int

// The outcomes of a send.
const (
	// Accepted: the push service took the message (201, or 200/202).
	Accepted Outcome = iota + 1
	// Gone: the subscription is expired or unsubscribed (404, 410) or bound
	// to another key (401, 403); it must never be used again.
	Gone
	// Refused: the message itself was refused (400, 413); sending it again
	// would not help.
	Refused
	// Later: the push service is busy or unreachable; try again with back-off.
	Later
)

// Sender sends messages with the instance's VAPID key.
type Sender struct {
	VAPID *VAPID
	// Subscriber is the contact in the VAPID JWT's sub claim: an https URL
	// of the instance, or an email address.
	Subscriber string
	// Client sends the requests; see NewClient.
	Client *http.Client
}

// recordSize pads every payload to the same length, so the push service
// cannot tell one kind of message from another by its size.
const recordSize = 1024

// Send encrypts m for sub and posts it to the push service. The error is
// set only with Later (and with Refused, to say why).
func (s *Sender) Send(ctx context.Context, sub Subscription, m Message) (Outcome, int, error) {
	ws := &webpush.Subscription{Endpoint: sub.Endpoint, Keys: webpush.Keys{P256dh: sub.P256dh, Auth: sub.Auth}}
	resp, err := webpush.SendNotificationWithContext(ctx, m.Payload, ws, &webpush.Options{
		HTTPClient:      s.Client,
		RecordSize:      recordSize,
		Subscriber:      s.Subscriber,
		Topic:           m.Topic,
		TTL:             int(m.TTL / time.Second),
		Urgency:         webpush.Urgency(m.Urgency),
		VAPIDPublicKey:  s.VAPID.Public,
		VAPIDPrivateKey: s.VAPID.Private,
	})
	if err != nil {
		if errors.Is(err, webpush.ErrMaxPadExceeded) {
			return Refused, 0, fmt.Errorf("push: payload of %d bytes is too long", len(m.Payload))
		}
		if errors.Is(err, errPrivateAddress) {
			return Gone, 0, nil
		}
		return Later, 0, fmt.Errorf("push: send: %w", err)
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 4096))
	resp.Body.Close()
	switch c := resp.StatusCode; {
	case c == http.StatusCreated || c == http.StatusOK || c == http.StatusAccepted:
		return Accepted, c, nil
	case c == http.StatusNotFound || c == http.StatusGone || c == http.StatusUnauthorized || c == http.StatusForbidden:
		return Gone, c, nil
	case c == http.StatusTooManyRequests || c >= 500:
		return Later, c, fmt.Errorf("push: the push service answered %d", c)
	default:
		return Refused, c, fmt.Errorf("push: the push service refused the message with %d", c)
	}
}

var errPrivateAddress = errors.New("push: the endpoint is not on the public internet")

// BatchConcurrency is how many messages of a Batch are in flight at once:
// enough to hide a push service's round trips, few enough not to look
// like a flood to it (HTTP/2 services multiplex them on one connection).
const BatchConcurrency = 32

// NewClient returns the HTTP client for push services; it keeps up to
// 2*BatchConcurrency idle connections per push service for the next
// messages. Unless allowPrivate
// (tests, whose push service runs on this machine), it connects only to
// public addresses: an endpoint is a URL a member gave, and must not reach
// the instance's own network.
func NewClient(allowPrivate bool) *http.Client {
	d := &net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}
	if !allowPrivate {
		d.Control = func(network, address string, _ syscall.RawConn) error {
			host, _, err := net.SplitHostPort(address)
			if err != nil {
				return err
			}
			ip := net.ParseIP(host)
			if ip == nil || ip.IsLoopback() || ip.IsPrivate() || ip.IsLinkLocalUnicast() || ip.IsLinkLocalMulticast() || ip.IsUnspecified() || ip.IsMulticast() {
				return errPrivateAddress
			}
			return nil
		}
	}
	tr := &http.Transport{DialContext: d.DialContext, ForceAttemptHTTP2: true, MaxIdleConnsPerHost: 2 * BatchConcurrency, IdleConnTimeout: 90 * time.Second,
		TLSHandshakeTimeout: 10 * time.Second, ResponseHeaderTimeout: 20 * time.Second}
	return &http.Client{Transport: tr, Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// DeviceName names a device from its browser's User-Agent for the list of
// devices ("Chrome on Android"); people may rename it.
func DeviceName(userAgent string) string {
	ua := strings.ToLower(userAgent)
	browser := "A browser"
	for _, b := range []struct{ key, name string }{{"edg/", "Edge"}, {"opr/", "Opera"}, {"samsungbrowser", "Samsung Internet"}, {"firefox", "Firefox"},
		{"chromium", "Chromium"}, {"chrome", "Chrome"}, {"crios", "Chrome"}, {"safari", "Safari"}} {
		if strings.Contains(ua, b.key) {
			browser = b.name
			break
		}
	}
	system := ""
	for _, o := range []struct{ key, name string }{{"android", "Android"}, {"iphone", "iPhone"}, {"ipad", "iPad"}, {"windows", "Windows"},
		{"mac os", "Mac"}, {"cros", "ChromeOS"}, {"linux", "Linux"}} {
		if strings.Contains(ua, o.key) {
			system = o.name
			break
		}
	}
	if system == "" {
		return browser
	}
	return browser + " on " + system
}
