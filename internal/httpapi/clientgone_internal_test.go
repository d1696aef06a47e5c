package httpapi

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/kinshiprecovery/kinship/internal/model"
)

// A request whose client left before the answer (a closed tab, a dropped
// signal) is recorded as 499, not as a server fault; the same error with the
// client still there is one, and says so.
func TestWriteErrorClientGone(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	r := httptest.NewRequest(http.MethodGet, "/api/v1/me", nil).WithContext(ctx)
	w := httptest.NewRecorder()
	writeError(w, r, fmt.Errorf("read profile: %w", context.Canceled))
	if w.Code != model.StatusClientClosedRequest || w.Body.Len() != 0 {
		t.Fatalf("client gone: got %d %q, want 499 and no body", w.Code, w.Body.String())
	}

	live := httptest.NewRequest(http.MethodGet, "/api/v1/me", nil)
	w = httptest.NewRecorder()
	writeError(w, live, fmt.Errorf("read profile: %w", context.Canceled))
	if w.Code != http.StatusInternalServerError {
		t.Fatalf("client still there: got %d, want 500", w.Code)
	}
}
