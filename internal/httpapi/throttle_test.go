package httpapi_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/password"
	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// signIn posts a sign-in with an optional device cookie and returns the
// status, the message a person reads and the device cookie handed back.
func (e *env) signIn(email, pw, device string) (status int, message, newDevice string) {
	e.t.Helper()
	body, _ := json.Marshal(map[string]string{"email": email, "password": pw})
	req, _ := http.NewRequest("POST", e.http.URL+"/api/v1/auth/login", strings.NewReader(string(body)))
	req.Header.Set("Content-Type", "application/json")
	if device != "" {
		req.AddCookie(&http.Cookie{Name: "kinship_device", Value: device})
	}
	res, err := e.client.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	var m map[string]any
	_ = json.Unmarshal(b, &m)
	message, _ = m["detail"].(string)
	for _, c := range res.Cookies() {
		if c.Name == "kinship_device" {
			newDevice = c.Value
		}
	}
	return res.StatusCode, message, newDevice
}

// TestGuessingNeverLocksOutTheOwner: ten wrong passwords from a stranger
// slow the stranger down, but the owner's browser, which has signed in
// before, still signs in at once; its own wrong guesses are limited on
// their own; a cookie for another account or a forged one counts for
// nothing.
func TestGuessingNeverLocksOutTheOwner(t *testing.T) {
	e, _ := newEnvWithAdmin(t, testutil.DB{Name: "sqlite", DataDir: t.TempDir()})
	e.signupLogin("owner@example.org", goodPassword, "Owner")
	st, _, device := e.signIn("owner@example.org", goodPassword, "")
	if st != http.StatusOK || device == "" {
		t.Fatalf("first sign-in: %d, device cookie %q", st, device)
	}
	_, _, adminDevice := e.signIn("admin@example.org", goodPassword, "")

	for i := 0; i < 10; i++ {
		if st, msg, _ := e.signIn("owner@example.org", "a stranger's guess", ""); st != http.StatusUnauthorized {
			t.Fatalf("guess %d: %d %s", i+1, st, msg)
		}
	}
	if st, msg, _ := e.signIn("owner@example.org", "a stranger's guess", ""); st != http.StatusTooManyRequests || !strings.Contains(msg, "too many attempts; please wait") {
		t.Fatalf("the eleventh guess from a new device: %d %q, want 429 asking to wait", st, msg)
	}
	// A cookie from another account, or a made-up one, is a new device.
	for _, other := range []string{adminDevice, "bm90IGEgcmVhbCBjb29raWU"} {
		if st, _, _ := e.signIn("owner@example.org", goodPassword, other); st != http.StatusTooManyRequests {
			t.Fatalf("with a cookie not made for this account: %d, want 429", st)
		}
	}
	// The owner's device signs in.
	if st, msg, _ := e.signIn("owner@example.org", goodPassword, device); st != http.StatusOK {
		t.Fatalf("the owner's device after a stranger's guesses: %d %q", st, msg)
	}
	// Its own mistakes are limited separately: ten, then a wait.
	for i := 0; i < 10; i++ {
		e.signIn("owner@example.org", "my own typo here", device)
	}
	if st, msg, _ := e.signIn("owner@example.org", goodPassword, device); st != http.StatusTooManyRequests || !strings.Contains(msg, "please wait") {
		t.Fatalf("the owner's device after its own ten mistakes: %d %q", st, msg)
	}
}

// TestSuccessfulSignInsAreNotCounted: signing in rightly many times in a
// window (new tabs, new devices) never reaches a limit.
func TestSuccessfulSignInsAreNotCounted(t *testing.T) {
	e, _ := newEnvWithAdmin(t, testutil.DB{Name: "sqlite", DataDir: t.TempDir()})
	e.signupLogin("often@example.org", goodPassword, "Often")
	for i := 0; i < 15; i++ {
		if st, msg, _ := e.signIn("often@example.org", goodPassword, ""); st != http.StatusOK {
			t.Fatalf("sign-in %d: %d %q", i+1, st, msg)
		}
	}
}

// TestClinicSignsInACohortFromOneAddress: thirty people sign in from one
// clinic's address within minutes, each after one typo; nobody is blocked.
func TestClinicSignsInACohortFromOneAddress(t *testing.T) {
	e := newEnv(t, testutil.DB{Name: "sqlite", DataDir: t.TempDir()})
	// Ninety hashes at full strength would take half a minute on CI's two
	// cores; what is tested here is counting, not hashing. (No test in this
	// package runs in parallel.)
	saved := password.Default
	password.Default = password.Params{MemoryKiB: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}
	defer func() { password.Default = saved }()
	for i := 0; i < 30; i++ {
		if _, err := e.app.AdminCreateUser(context.Background(), fmt.Sprintf("client%d@example.org", i), goodPassword, fmt.Sprint("Client ", i), model.RoleMember); err != nil {
			t.Fatal(err)
		}
	}
	for i := 0; i < 30; i++ {
		email := fmt.Sprintf("client%d@example.org", i)
		if st, _, _ := e.signIn(email, "lantern orchard pebbel", ""); st != http.StatusUnauthorized {
			t.Fatalf("%s typo: %d", email, st)
		}
		if st, msg, _ := e.signIn(email, goodPassword, ""); st != http.StatusOK {
			t.Fatalf("%s (person %d of 30 from one address): %d %q", email, i+1, st, msg)
		}
	}
}
