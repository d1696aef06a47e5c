package httpapi

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/model"
)

// A POST sent by a signed-in person with an Idempotency-Key header is
// carried out once: the key is claimed in the database (so every node
// sees it) before the handler runs, and a creation's answer (201: status,
// headers with Location, body) is kept sealed for 24 hours and replayed to
// the same person sending the same key with the same request, marked
// Idempotent-Replayed: true. The same key with another method, path or
// body is refused (422). A request still running under the key is waited
// for a while, then answered 409 with Retry-After. Answers other than 201
// are not kept: the key is free again, so a refused or failed request may
// be sent again with it.

// maxKeyLength bounds an Idempotency-Key.
const maxKeyLength = 255

// idempotencyWait is how long a request waits for one running under the
// same key before answering 409.
const idempotencyWait = 10 * time.Second

// idempotentRoute reports whether a route honours Idempotency-Key: every
// API POST of a signed-in person except signing in and out, whose answers
// hold session tokens and create nothing to repeat.
func idempotentRoute(rt Route) bool {
	return rt.Method == http.MethodPost && rt.Policy != Public && rt.Policy != PendingMFA &&
		strings.HasPrefix(rt.Pattern, "/api/") && !strings.HasPrefix(rt.Pattern, "/api/v1/auth/")
}

// run carries out an admitted request: through its Idempotency-Key when it
// has one and the route honours it.
func (s *Server) run(w http.ResponseWriter, r *http.Request, rt Route) {
	if _, ok := r.Header["Idempotency-Key"]; ok && idempotentRoute(rt) {
		s.idempotent(w, r, rt)
		return
	}
	rt.Handler(w, r)
}

func (s *Server) idempotent(w http.ResponseWriter, r *http.Request, rt Route) {
	key := strings.TrimSpace(r.Header.Get("Idempotency-Key"))
	if len(key) >= 2 && key[0] == '"' && key[len(key)-1] == '"' {
		key = key[1 : len(key)-1] // the structured-field form, "…"
	}
	if key == "" || len(key) > maxKeyLength || strings.IndexFunc(key, func(c rune) bool { return c < 0x20 || c > 0x7e }) >= 0 {
		writeError(w, r, &model.Error{Kind: model.KindInvalid, Message: "Idempotency-Key must be 1 to 255 printable ASCII characters, such as a UUID",
			Fields: map[string]string{"Idempotency-Key": "use 1 to 255 printable ASCII characters"}})
		return
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		writeError(w, r, jsonError(err))
		return
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	sum := sha256.New()
	for _, part := range []string{r.Method, r.URL.Path, r.URL.RawQuery} {
		sum.Write([]byte(part))
		sum.Write([]byte{0})
	}
	sum.Write(body)
	fingerprint := hex.EncodeToString(sum.Sum(nil))

	ctx := r.Context()
	deadline := time.Now().Add(idempotencyWait)
	for {
		prior, err := s.app.ClaimIdempotencyKey(ctx, key, fingerprint)
		if err != nil {
			writeError(w, r, err)
			return
		}
		switch {
		case prior == nil:
			s.runOnce(w, r, rt, key)
			return
		case prior.Fingerprint != fingerprint:
			p := problemFor(kindIdempotencyReuse, "this Idempotency-Key was sent before with another request; use a new key for a new request")
			p.Errors = []fieldError{{Name: "Idempotency-Key", In: "header", Detail: "already used for another request"}}
			writeProblem(w, r, p)
			return
		case !prior.Running:
			replay(w, prior)
			return
		}
		if time.Now().After(deadline) {
			w.Header().Set("Retry-After", "1")
			writeError(w, r, &model.Error{Kind: model.KindConflict, Message: "a request with this Idempotency-Key is still being carried out; try again in a moment"})
			return
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// runOnce runs the handler for a claimed key, keeping a creation's answer
// or freeing the key.
func (s *Server) runOnce(w http.ResponseWriter, r *http.Request, rt Route, key string) {
	rec := &recorder{statusWriter: statusWriter{ResponseWriter: w}}
	if sr, ok := w.(*safetyResponse); ok {
		// Record beneath the safety note, which writeJSON adds for a
		// *safetyResponse, so that a replay carries it too.
		rec.ResponseWriter = sr.ResponseWriter
		sr.ResponseWriter = rec
	} else {
		w = rec
	}
	ctx := context.WithoutCancel(r.Context())
	kept := false
	defer func() {
		if kept {
			return
		}
		if err := s.app.ReleaseIdempotencyKey(ctx, key); err != nil {
			slog.ErrorContext(ctx, "idempotency key not released", "route", r.Pattern, "err", err)
		}
	}()
	rt.Handler(w, r)
	if rec.status != http.StatusCreated {
		return
	}
	header := map[string][]string{}
	for k, v := range rec.Header() {
		if k != "Set-Cookie" {
			header[k] = v
		}
	}
	if err := s.app.FinishIdempotencyKey(ctx, key, app.IdempotentReplay{Status: rec.status, Header: header, Body: rec.body.Bytes()}); err != nil {
		slog.ErrorContext(ctx, "idempotent answer not kept", "route", r.Pattern, "err", err)
		return
	}
	kept = true
}

// replay sends a kept answer again.
func replay(w http.ResponseWriter, a *app.IdempotentReplay) {
	for k, v := range a.Header {
		w.Header()[k] = v
	}
	w.Header().Set("Idempotent-Replayed", "true")
	w.WriteHeader(a.Status)
	_, _ = w.Write(a.Body)
}

// recorder passes an answer on while keeping its status (statusWriter)
// and its body.
type recorder struct {
	statusWriter
	body bytes.Buffer
}

func (rec *recorder) Write(b []byte) (int, error) {
	rec.body.Write(b)
	return rec.statusWriter.Write(b)
}
