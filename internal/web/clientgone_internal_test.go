package web

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/kinshiprecovery/kinship/internal/model"
)

// A page action whose client left before the answer (W2-1: the browser went
// on while a slow sign-in ran) is logged as left, at INFO, with 499 in the
// access log, not as "page action failed" at ERROR with a 500 that
// monitoring would count as a server fault.
func TestFailWhenTheClientIsGone(t *testing.T) {
	var logs bytes.Buffer
	p := &Pages{log: slog.New(slog.NewTextHandler(&logs, nil))}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	r := httptest.NewRequest(http.MethodPost, "/login", nil).WithContext(ctx)
	w := httptest.NewRecorder()
	p.fail(w, r, "login", view{}, fmt.Errorf("sign in: %w", context.Canceled))
	if w.Code != model.StatusClientClosedRequest {
		t.Fatalf("status %d, want 499", w.Code)
	}
	if out := logs.String(); strings.Contains(out, "level=ERROR") || !strings.Contains(out, "left by the client") {
		t.Fatalf("log %q: want one INFO line saying the client left, no ERROR", out)
	}
}
