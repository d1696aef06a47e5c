package app

import (
	"context"
	"strings"
)

type headKey struct{}

// WithHeadRequest marks ctx as a HEAD request's: it is answered like the
// GET of the same address, but nothing of it is shown, so no sensitive
// read of it is recorded (readAction) and no disclosure made under a
// consent is written. A GET never changes state, so a HEAD has nothing
// else to leave out.
func WithHeadRequest(ctx context.Context) context.Context {
	return context.WithValue(ctx, headKey{}, true)
}

// headRequest reports whether ctx is a HEAD request's (WithHeadRequest).
func headRequest(ctx context.Context) bool {
	b, _ := ctx.Value(headKey{}).(bool)
	return b
}

// readAction reports whether an audit action records that someone was
// shown something (a profile, a call for support, the crisis queue, a
// report, shared check-ins, data under a consent, an export), which a HEAD
// request does not show.
func readAction(action string) bool {
	return strings.HasSuffix(action, "_read") || strings.HasSuffix(action, "_viewed") || strings.HasSuffix(action, "_exported") ||
		action == "consent_disclosure"
}
