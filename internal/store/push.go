package store

import (
	"context"
	"time"
)

// PushSubscription is one device's Web Push subscription. Its endpoint and
// keys are sealed; EndpointHash finds the same device again.
type PushSubscription struct {
	ID           string
	UserID       string
	EndpointHash string
	Sealed       []byte
	DeviceName   string
	// FullText: this device's notifications may say what they are about
	// (the person chose it); otherwise only that something waits.
	FullText   bool
	CreatedAt  time.Time
	LastUsedAt *time.Time
	// CollapsedAt is when a push for the device last joined one waiting
	// (of the same topic) instead of being queued; zero when none has.
	CollapsedAt time.Time
}

// PushSubscriptions keeps the devices that receive push notifications.
type PushSubscriptions interface {
	// SavePushSubscription stores s, or replaces the subscription with the
	// same endpoint (a device subscribed again, perhaps by someone else on
	// it); created reports a new row. s.ID is set to the row's id.
	SavePushSubscription(ctx context.Context, s *PushSubscription) (created bool, err error)
	// FindPushSubscription returns ErrNotFound when absent.
	FindPushSubscription(ctx context.Context, id string) (*PushSubscription, error)
	// ListPushSubscriptions returns a user's devices, oldest first.
	ListPushSubscriptions(ctx context.Context, userID string) ([]*PushSubscription, error)
	// UpdatePushSubscription changes a device's name and text choice; ErrNotFound when absent.
	UpdatePushSubscription(ctx context.Context, s *PushSubscription) error
	// TouchPushSubscription records that the push service took a message for the device.
	TouchPushSubscription(ctx context.Context, id string, at time.Time) error
	// MarkPushCollapsed records that a push for the device joined one
	// waiting at at (CollapsedAt, which only moves on).
	MarkPushCollapsed(ctx context.Context, id string, at time.Time) error
	// DeletePushSubscription removes a device: one of userID's, or any
	// user's with userID "". ErrNotFound when absent.
	DeletePushSubscription(ctx context.Context, userID, id string) error
	// DeleteUserPushSubscriptions removes all of a user's devices.
	DeleteUserPushSubscriptions(ctx context.Context, userID string) error
}

// AlertReach is how one person was reached about a support alert.
type AlertReach struct {
	AlertID string
	UserID  string
	Stage   string // circle, on_duty
	InApp   bool
	Email   bool
	// PushDevices counts the devices a push was queued for; PushAccepted
	// those whose push service took it.
	PushDevices  int
	PushAccepted int
	At           time.Time
}

// AlertReaches records who a support alert reached, and how.
type AlertReaches interface {
	// SaveAlertReach stores (or replaces) one person's reach for an alert.
	SaveAlertReach(ctx context.Context, r *AlertReach) error
	// AddAlertPushAccepted counts one more device that took the alert's push.
	AddAlertPushAccepted(ctx context.Context, alertID, userID string) error
	// ListAlertReach returns an alert's reach, in the order people were reached.
	ListAlertReach(ctx context.Context, alertID string) ([]*AlertReach, error)
}
