package store

import (
	"context"
	"time"
)

// Trust keeps trust-level decisions, activity counts and instance settings.
type Trust interface {
	// SetTrustOverride records a moderator's decision on a person's trust level.
	SetTrustOverride(ctx context.Context, userID string, level int, by string, at time.Time) error
	// FindTrustOverride returns the decided level; ErrNotFound when none.
	FindTrustOverride(ctx context.Context, userID string) (int, error)
	// CountContributions counts the messages and posts a person wrote.
	CountContributions(ctx context.Context, userID string) (int, error)
	// Setting returns an instance setting; ErrNotFound when unset.
	Setting(ctx context.Context, key string) (string, error)
	// SaveSetting sets an instance setting.
	SaveSetting(ctx context.Context, key, value string, at time.Time) error
}

// NotificationPrefs is a person's notification choices: per category,
// in-app and email (JSON), and whether email comes as a daily digest.
type NotificationPrefs struct {
	UserID       string
	Prefs        string
	Digest       string // off, daily
	LastDigestAt time.Time
}

// NotificationSettings keeps notification choices.
type NotificationSettings interface {
	// FindNotificationPrefs returns ErrNotFound when the person kept the defaults.
	FindNotificationPrefs(ctx context.Context, userID string) (*NotificationPrefs, error)
	SaveNotificationPrefs(ctx context.Context, p *NotificationPrefs) error
	// ListDigestDue returns the people on a daily digest last sent before before.
	ListDigestDue(ctx context.Context, before time.Time) ([]*NotificationPrefs, error)
	// CountUnreadSince counts a person's unread notifications created after since.
	CountUnreadSince(ctx context.Context, userID string, since time.Time) (int, error)
}
