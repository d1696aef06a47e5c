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
