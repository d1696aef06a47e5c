package app

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/kinshiprecovery/kinship/internal/i18n"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/push"
	"github.com/kinshiprecovery/kinship/internal/store"
)

// Pusher queues push messages durably (the job queue), inside st's
// transaction when st is one. queued is false when an equal message for the
// device is still waiting to be sent (the burst collapses into it).
type Pusher interface {
	QueuePush(ctx context.Context, st store.Store, job push.Job) (queued bool, err error)
	// QueuePushBatch queues one event's messages to many devices as one job.
	QueuePushBatch(ctx context.Context, st store.Store, b push.Batch) error
}

// PushConfig is how this node sends push messages.
type PushConfig struct {
	Queue  Pusher
	Sender *push.Sender
	// AllowHTTP accepts http:// endpoints (a push service on this machine,
	// in tests); real push services are https.
	AllowHTTP bool
}

// SetPush turns Web Push on: notifications go to people's subscribed
// devices through q, sent by sender with the instance's VAPID key.
func (a *App) SetPush(c PushConfig) {
	if c.Sender != nil && c.Sender.VAPID == nil {
		c.Sender.VAPID = a.vapid
	}
	a.push = c
}

// VAPIDPublicKey is the key pages give PushManager.subscribe ("" when the
// instance has none).
func (a *App) VAPIDPublicKey() string {
	if a.vapid == nil {
		return ""
	}
	return a.vapid.Public
}

// PushEnabled reports whether this node sends push messages.
func (a *App) PushEnabled() bool { return a.push.Queue != nil && a.vapid != nil }

// maxPushDevices bounds one person's devices.
const maxPushDevices = 20

// PushDevice is one of the actor's devices that receive notifications.
type PushDevice struct {
	ID         string     `json:"id"`
	DeviceName string     `json:"device_name"`
	FullText   bool       `json:"full_text"`
	CreatedAt  time.Time  `json:"created_at"`
	LastUsedAt *time.Time `json:"last_used_at"`
}

func pushDevice(s *store.PushSubscription) PushDevice {
	return PushDevice{ID: s.ID, DeviceName: s.DeviceName, FullText: s.FullText, CreatedAt: s.CreatedAt, LastUsedAt: s.LastUsedAt}
}

// PushSubscriptionInput is a device's subscription as the browser gave it,
// with the person's choices.
type PushSubscriptionInput struct {
	Endpoint   string
	P256dh     string
	Auth       string
	DeviceName string // "" names it from UserAgent
	UserAgent  string
	FullText   bool
}

func pushAAD(endpointHash string) []byte { return []byte("push-subscription:" + endpointHash) }

func endpointHash(endpoint string) string {
	sum := sha256.Sum256([]byte(endpoint))
	return hex.EncodeToString(sum[:])
}

func checkDeviceName(name string) error {
	if utf8.RuneCountInString(name) > 60 || strings.ContainsAny(name, "\x00\r\n") {
		return &model.Error{Kind: model.KindInvalid, Message: "keep the device's name to 60 characters on one line", Fields: map[string]string{"device_name": "60 characters at most"}}
	}
	return nil
}

// SubscribePush adds the actor's device, or updates it when the same
// endpoint is known (created is false then). Errors: invalid (naming the
// field), conflict (too many devices), unavailable when push is off.
func (a *App) SubscribePush(ctx context.Context, in PushSubscriptionInput) (*PushDevice, bool, error) {
	act, err := requireActor(ctx)
	if err != nil {
		return nil, false, err
	}
	if !a.PushEnabled() {
		return nil, false, model.Errorf(model.KindConflict, "push notifications are not turned on for this Kinship")
	}
	sub := push.Subscription{Endpoint: strings.TrimSpace(in.Endpoint), P256dh: strings.TrimSpace(in.P256dh), Auth: strings.TrimSpace(in.Auth)}
	if err := sub.Check(a.push.AllowHTTP); err != nil {
		return nil, false, err
	}
	name := strings.TrimSpace(in.DeviceName)
	if name == "" {
		name = push.DeviceName(in.UserAgent)
	}
	if err := checkDeviceName(name); err != nil {
		return nil, false, err
	}
	hash := endpointHash(sub.Endpoint)
	plain, _ := json.Marshal(sub)
	row := &store.PushSubscription{ID: newID(), UserID: act.User.ID, EndpointHash: hash, Sealed: a.box.Seal(plain, pushAAD(hash)),
		DeviceName: name, FullText: in.FullText, CreatedAt: a.now()}
	var created bool
	err = a.store.InTx(ctx, func(tx store.Store) error {
		mine, err := tx.ListPushSubscriptions(ctx, act.User.ID)
		if err != nil {
			return err
		}
		known := false
		for _, m := range mine {
			known = known || m.EndpointHash == hash
		}
		if !known && len(mine) >= maxPushDevices {
			return errSay(model.KindConflict, "apperrf.push_devices_full", "Count", maxPushDevices)
		}
		created, err = tx.SavePushSubscription(ctx, row)
		return err
	})
	if err != nil {
		return nil, false, err
	}
	a.audit(ctx, act.User.ID, act.User.ID, "push_device_added", nil)
	d := pushDevice(row)
	return &d, created, nil
}

// ListPushDevices returns the actor's devices, oldest first.
func (a *App) ListPushDevices(ctx context.Context) ([]PushDevice, error) {
	act, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	rows, err := a.store.ListPushSubscriptions(ctx, act.User.ID)
	if err != nil {
		return nil, err
	}
	out := make([]PushDevice, 0, len(rows))
	for _, r := range rows {
		out = append(out, pushDevice(r))
	}
	return out, nil
}

var errNoDevice = &model.Error{Kind: model.KindNotFound, Message: "no such device receives your notifications"}

// UpdatePushDevice renames one of the actor's devices or changes whether
// its notifications say what they are about; nil leaves a value as it is.
// Errors: not_found, invalid.
func (a *App) UpdatePushDevice(ctx context.Context, id string, name *string, fullText *bool) (*PushDevice, error) {
	act, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	s, err := a.store.FindPushSubscription(ctx, id)
	if err != nil || s.UserID != act.User.ID {
		return nil, errNoDevice
	}
	if name != nil {
		n := strings.TrimSpace(*name)
		if n == "" {
			return nil, &model.Error{Kind: model.KindInvalid, Message: "give the device a name", Fields: map[string]string{"device_name": "required"}}
		}
		if err := checkDeviceName(n); err != nil {
			return nil, err
		}
		s.DeviceName = n
	}
	if fullText != nil {
		s.FullText = *fullText
	}
	if err := a.store.UpdatePushSubscription(ctx, s); err != nil {
		return nil, notFound(err, "apperrf.not_found.device")
	}
	d := pushDevice(s)
	return &d, nil
}

// RevokePushDevice stops notifications to one of the actor's devices at
// once: a message already queued for it is dropped. Errors: not_found.
func (a *App) RevokePushDevice(ctx context.Context, id string) error {
	act, err := requireActor(ctx)
	if err != nil {
		return err
	}
	if err := a.store.DeletePushSubscription(ctx, act.User.ID, id); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return errNoDevice
		}
		return err
	}
	a.audit(ctx, act.User.ID, act.User.ID, "push_device_removed", nil)
	return nil
}

// pushTopic is the topic of a notification kind: its category, so a burst
// of one kind becomes one notification on the lock screen.
func pushTopic(kind string) string { return categoryOf(kind) }

// pushText is what a notification says by default: only that something
// waits, never who, which group, or what about.
// It is written in the recipient's language, l. A call for support says
// "in your circle" only to the caller's own people (circle): those on duty
// are in nobody's circle.
func pushText(l *i18n.Lang, kind string, circle bool) string {
	switch {
	case kind == "support_alert" && circle:
		return l.T("push.support_alert")
	case kind == "support_alert":
		return l.T("push.support_alert_on_duty")
	case kind == "support_response":
		return l.T("push.support_response")
	case kind == "direct_message" || kind == "mention" || strings.HasPrefix(kind, "mentorship_"):
		return l.T("push.message")
	case kind == "checkin_reminder":
		return l.T("push.checkin_reminder")
	}
	return l.T("push.something_new")
}

// pushTiming is how urgent a kind is and how long a push service may hold
// it for a device that is off: an alert is of no use an hour later, when
// the ladder has moved on.
func pushTiming(kind string) (push.Urgency, time.Duration) {
	if kind == "support_alert" || kind == "support_response" {
		return push.UrgencyHigh, 15 * time.Minute
	}
	if kind == "checkin_reminder" {
		return push.UrgencyNormal, 6 * time.Hour
	}
	return push.UrgencyNormal, 24 * time.Hour
}

// PushPayload is what the device's service worker receives, encrypted for
// it alone.
type PushPayload struct {
	Title   string `json:"title"`
	Body    string `json:"body"`
	Path    string `json:"path"`
	Topic   string `json:"topic"`
	Urgency string `json:"urgency"`
}

// queuePushes queues one push per device of userID for a notification, in
// st's transaction; it returns how many devices will be told. Inside
// withPushBatch the devices join the event's batch instead.
func (a *App) queuePushes(ctx context.Context, st store.Store, userID, notificationID, kind, alertID string) (int, error) {
	if !a.PushEnabled() {
		return 0, nil
	}
	subs, err := st.ListPushSubscriptions(ctx, userID)
	if err != nil {
		return 0, err
	}
	b, batched := ctx.Value(pushBatchKey{}).(*push.Batch)
	n := 0
	for _, s := range subs {
		job := push.Job{SubscriptionID: s.ID, NotificationID: notificationID, Topic: pushTopic(kind), AlertID: alertID, High: kind == "support_alert"}
		if alertID != "" {
			job.UserID = userID
		}
		if batched {
			b.Topic, b.AlertID, b.High = job.Topic, job.AlertID, job.High
			b.Targets = append(b.Targets, push.Target{SubscriptionID: s.ID, NotificationID: notificationID, UserID: job.UserID})
		} else if err := a.queuePush(ctx, st, job); err != nil {
			return n, err
		}
		n++ // a collapsed one is told by the message it joined
	}
	return n, nil
}

type pushBatchKey struct{}

// withPushBatch collects the pushes of one event (one kind of notification
// to many people) made with the returned context; queue sends them as one
// job in st's transaction. A support alert to the on-duty roster is one
// job, not one per device: the first device and the thousandth are told
// within seconds of each other.
func (a *App) withPushBatch(ctx context.Context) (context.Context, func(st store.Store) error) {
	b := &push.Batch{}
	return context.WithValue(ctx, pushBatchKey{}, b), func(st store.Store) error {
		if len(b.Targets) == 0 {
			return nil
		}
		return a.push.Queue.QueuePushBatch(ctx, st, *b)
	}
}

// ErrPushLater says the push service could not take a message now; the
// job queue tries again with back-off.
var ErrPushLater = errors.New("app: push service unavailable, try later")

// DeliverPush sends one queued push. A device revoked or gone meanwhile is
// skipped (never used again); a device the push service no longer knows
// (404, 410) is removed. It returns ErrPushLater (wrapped) to be retried.
func (a *App) DeliverPush(ctx context.Context, job push.Job) error {
	outcome, err := a.sendPush(ctx, job)
	if err != nil || outcome != push.Accepted {
		return err
	}
	if err := a.pushAccepted(ctx, a.store, job); err != nil {
		return err
	}
	a.alertReachChanged(ctx, job.AlertID)
	return nil
}

// alertReachChanged tells the open pages of the member who raised alert
// alertID ("" for none) that more of their people's devices took it, so
// the support page can say so (the frame carries no words).
func (a *App) alertReachChanged(ctx context.Context, alertID string) {
	if alertID == "" {
		return
	}
	al, err := a.store.FindSupportAlert(ctx, alertID)
	if err != nil {
		return
	}
	a.pushNotice(ctx, al.UserID, "support_reach", "/support")
}

// pushAccepted records that the push service took job's message: the
// device's time last used and, for an alert, its count on the alert's page.
func (a *App) pushAccepted(ctx context.Context, st store.Store, job push.Job) error {
	if err := st.TouchPushSubscription(ctx, job.SubscriptionID, a.now()); err != nil && !errors.Is(err, store.ErrNotFound) {
		return err
	}
	if job.AlertID != "" {
		return st.AddAlertPushAccepted(ctx, job.AlertID, job.UserID)
	}
	return nil
}

// DeliverPushBatch sends one event's pushes, push.BatchConcurrency at a
// time over the sender's kept connections. Each device is handled as
// DeliverPush would; what was accepted is recorded in one transaction,
// and a device whose push service could not take it now (or that could
// not be read) gets a job of its own, retried with back-off. The batch
// itself is not tried again once sending began: that would tell the
// devices already reached a second time.
func (a *App) DeliverPushBatch(ctx context.Context, b push.Batch) error {
	if a.push.Sender == nil {
		return errors.New("app: push is not configured on this node")
	}
	outcomes := make([]push.Outcome, len(b.Targets))
	errs := make([]error, len(b.Targets))
	next := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < min(push.BatchConcurrency, len(b.Targets)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				outcomes[i], errs[i] = a.sendPush(ctx, b.Job(b.Targets[i]))
			}
		}()
	}
	for i := range b.Targets {
		next <- i
	}
	close(next)
	wg.Wait()
	later, accepted := 0, 0
	// Recorded even when the job's time ran out meanwhile: what was sent
	// was sent, and the devices not reached must get their own jobs.
	rctx := context.WithoutCancel(ctx)
	err := a.store.InTx(rctx, func(tx store.Store) error {
		for i, t := range b.Targets {
			job := b.Job(t)
			switch {
			case outcomes[i] == push.Accepted:
				accepted++
				if err := a.pushAccepted(rctx, tx, job); err != nil {
					return err
				}
			case errs[i] != nil:
				later++
				if err := a.queuePush(rctx, tx, job); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		// The pushes went out; only their record and the retries of the
		// devices not reached are lost. Sending all again would tell the
		// reached ones twice.
		a.log.Error("push batch: record", "devices", len(b.Targets), "err", err)
		return nil
	}
	if later > 0 {
		a.log.Info("push batch: some devices retried later", "devices", len(b.Targets), "later", later)
	}
	if accepted > 0 {
		a.alertReachChanged(rctx, b.AlertID)
	}
	return nil
}

// queuePush queues job in st's transaction. When it joins a push of its
// device and topic that waits, the device is marked (CollapsedAt), so
// that the waiting push reads which notification is now the newest: only
// then can it be another than its own (sendPush).
func (a *App) queuePush(ctx context.Context, st store.Store, job push.Job) error {
	queued, err := a.push.Queue.QueuePush(ctx, st, job)
	if err != nil || queued {
		return err
	}
	return st.MarkPushCollapsed(ctx, job.SubscriptionID, a.now())
}

// pushClockSkew is how far the clocks of two nodes may differ: a push
// joined on a node whose clock is behind still counts as joined after
// the notification it joined.
const pushClockSkew = time.Minute

// newestOfTopic is the newest of n's person's notifications of topic made
// since n: a push that waited collapses the ones of its topic queued
// meanwhile (pushUnique), so it tells the latest, not the first. n itself
// when there is none newer, or the list cannot be read.
func (a *App) newestOfTopic(ctx context.Context, n *store.StoredNotification, topic string) *store.StoredNotification {
	recent, err := a.store.ListNotifications(ctx, n.UserID, store.Keyset{}, 20)
	if err != nil {
		return n
	}
	for _, m := range recent { // newest first
		if m.ID == n.ID || m.CreatedAt.Before(n.CreatedAt) {
			return n
		}
		if pushTopic(m.Kind) == topic {
			return m
		}
	}
	return n
}

// sendPush sends job's message to its device: Accepted, or 0 when there
// is nothing to send (device or notification gone), the push service's
// answer handled (a gone device removed, a refused message logged); the
// error is set when it must be tried again (ErrPushLater) or could not be
// read.
func (a *App) sendPush(ctx context.Context, job push.Job) (push.Outcome, error) {
	if a.push.Sender == nil {
		return 0, errors.New("app: push is not configured on this node")
	}
	s, err := a.store.FindPushSubscription(ctx, job.SubscriptionID)
	if errors.Is(err, store.ErrNotFound) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	n, err := a.store.FindNotification(ctx, job.NotificationID)
	if errors.Is(err, store.ErrNotFound) {
		return 0, nil // erased with its person
	}
	if err != nil {
		return 0, err
	}
	// Another push of the topic joined this one only if one joined a
	// waiting push of the device since n was made; otherwise n is the
	// newest, and the list need not be read.
	if job.AlertID == "" && !s.CollapsedAt.IsZero() && s.CollapsedAt.After(n.CreatedAt.Add(-pushClockSkew)) {
		n = a.newestOfTopic(ctx, n, job.Topic)
	}
	plain, err := a.box.Open(s.Sealed, pushAAD(s.EndpointHash))
	if err != nil {
		return 0, fmt.Errorf("app: open push subscription %s: %w", s.ID, err)
	}
	var sub push.Subscription
	if err := json.Unmarshal(plain, &sub); err != nil {
		return 0, fmt.Errorf("app: decode push subscription %s: %w", s.ID, err)
	}
	text, err := a.box.Open(n.Sealed, notificationAAD(n.ID))
	if err != nil {
		return 0, fmt.Errorf("app: open notification %s: %w", n.ID, err)
	}
	full, link, _ := strings.Cut(string(text), linkSep)
	if link == "" {
		link = linkFor(n.Kind)
	}
	urgency, ttl := pushTiming(n.Kind)
	lang := i18n.For("")
	if u, err := a.store.FindUserByID(ctx, n.UserID); err == nil {
		lang = ReaderOf(u)
	}
	circle := n.Kind == "support_alert" && a.toldAsCircle(ctx, job.AlertID, n.UserID)
	p := PushPayload{Title: "Kinship", Body: pushText(lang, n.Kind, circle), Path: link, Topic: job.Topic, Urgency: string(urgency)}
	if s.FullText {
		pr := model.PronounThey
		if n.SubjectID != "" && speaksOfSubject(full) {
			pr = a.pronounFor(ctx, n.UserID, n.SubjectID)
		}
		p.Body = shorten(NoteInAs(lang, full, pr), 180)
	}
	body, _ := json.Marshal(p)
	outcome, status, err := a.push.Sender.Send(ctx, sub, push.Message{Payload: body, Topic: job.Topic, Urgency: urgency, TTL: ttl})
	switch outcome {
	case push.Accepted:
		return outcome, nil
	case push.Gone:
		a.log.Info("push subscription gone; removed", "status", status)
		if err := a.store.DeletePushSubscription(ctx, "", s.ID); err != nil && !errors.Is(err, store.ErrNotFound) {
			return outcome, err
		}
		return outcome, nil
	case push.Refused:
		a.log.Warn("push refused", "status", status, "err", err)
		return outcome, nil
	}
	return outcome, fmt.Errorf("%w: %v", ErrPushLater, err)
}

// toldAsCircle reports whether the call for support alertID reached
// userID as one of the caller's own people (a partner or their mentor),
// not as someone on duty: the reach the alert recorded for them says so.
// False when it cannot be read: "Someone needs support now" is true of
// anyone a call reaches.
func (a *App) toldAsCircle(ctx context.Context, alertID, userID string) bool {
	if alertID == "" {
		return false
	}
	rows, err := a.store.ListAlertReach(ctx, alertID)
	if err != nil {
		return false
	}
	for _, r := range rows {
		if r.UserID == userID {
			return r.Stage == "circle"
		}
	}
	return false
}

// shorten cuts s to at most n characters, on a word when it can.
func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)[:n-1]
	if i := strings.LastIndexByte(string(r), ' '); i > n/2 {
		return string(r)[:i] + "…"
	}
	return string(r) + "…"
}
