package httpapi_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// TestNoAccountOracles checks that neither a password-reset request nor a
// sign-in tells whether an email is registered: the answers are the same
// byte for byte, the reset request queues the same job either way, and only
// the registered address receives anything. The timings of both kinds of
// reset request are measured and logged (30 each, interleaved); nothing is
// asserted about time.
func TestNoAccountOracles(t *testing.T) {
	e, _ := newEnvWithAdmin(t, testutil.DB{Name: "sqlite", DataDir: t.TempDir()})
	e.signupLogin("known@example.org", goodPassword, "Known")
	before := len(e.smtp.WaitFor(t, 2, 5*time.Second))

	const samples = 30
	var known, unknown []time.Duration
	var knownBody, unknownBody string
	for i := 0; i < samples; i++ {
		if i%5 == 0 {
			e.clock.Advance(time.Hour) // stay under the per-address and per-IP hourly limits
		}
		for _, who := range []string{"known@example.org", "nobody@example.org"} {
			start := time.Now()
			r := e.do("POST", "/api/v1/auth/password-reset", "", map[string]string{"email": who})
			took := time.Since(start)
			if r.Status != http.StatusAccepted {
				t.Fatalf("reset for %s: %d %s", who, r.Status, r.Body)
			}
			if who == "known@example.org" {
				known, knownBody = append(known, took), r.String()
			} else {
				unknown, unknownBody = append(unknown, took), r.String()
			}
		}
	}
	if knownBody != unknownBody || !strings.Contains(knownBody, "if an account uses this email") {
		t.Fatalf("reset answers differ:\n%s\n%s", knownBody, unknownBody)
	}
	t.Logf("password reset, %d requests each: registered median %v mean %v; unknown median %v mean %v",
		samples, median(known), mean(known), median(unknown), mean(unknown))

	// The job sends the registered address its links and nobody else anything.
	msgs := e.smtp.WaitFor(t, before+samples, 15*time.Second)
	time.Sleep(300 * time.Millisecond) // a message to the unknown address would have come by now
	msgs = e.smtp.Messages()
	for _, m := range msgs[before:] {
		p := testutil.ParseMail(t, m)
		if !slices.Contains(p.To, "known@example.org") || !strings.Contains(p.Subject, "Reset your Kinship password") {
			t.Errorf("unexpected email to %v: %q", p.To, p.Subject)
		}
	}
	if got := len(msgs) - before; got != samples {
		t.Errorf("%d reset emails, want %d", got, samples)
	}

	// Sign up with a taken email and with a new one, both with one's own
	// password, then sign in: the two answers are a wrong password's.
	expectStatus(t, e.do("POST", "/api/v1/auth/signup", "", map[string]string{"email": "known@example.org", "password": "my own secret phrase", "display_name": "Mallory"}), http.StatusCreated)
	expectStatus(t, e.do("POST", "/api/v1/auth/signup", "", map[string]string{"email": "fresh@example.org", "password": "my own secret phrase", "display_name": "Mallory"}), http.StatusCreated)
	taken := e.do("POST", "/api/v1/auth/login", "", map[string]string{"email": "known@example.org", "password": "my own secret phrase"})
	fresh := e.do("POST", "/api/v1/auth/login", "", map[string]string{"email": "fresh@example.org", "password": "my own secret phrase"})
	if taken.Status != http.StatusUnauthorized || taken.Status != fresh.Status || taken.String() != fresh.String() {
		t.Fatalf("sign-in answers differ: taken %d %s, new %d %s", taken.Status, taken.Body, fresh.Status, fresh.Body)
	}
	if !strings.Contains(fresh.String(), "the email or password is not right") {
		t.Fatalf("sign-in before confirming says: %s", fresh.Body)
	}
	// The owner of the new address gets a fresh confirmation link (after
	// the one from sign-up).
	n := 0
	for end := time.Now().Add(10 * time.Second); n < 2 && time.Now().Before(end); time.Sleep(20 * time.Millisecond) {
		n = 0
		for _, m := range e.smtp.Messages() {
			if p := testutil.ParseMail(t, m); slices.Contains(p.To, "fresh@example.org") && strings.Contains(p.Subject, "Confirm your email") && linkToken.MatchString(p.Text) {
				n++
			}
		}
	}
	if n != 2 {
		t.Errorf("%d confirmation emails to the new address, want the one from sign-up and a re-sent one", n)
	}

	// No link or token reached the log.
	if logs := e.logs.String(); strings.Contains(logs, "token=") || strings.Contains(logs, "/password-reset/confirm") {
		t.Errorf("the log holds a link:\n%s", logs)
	}
}

func median(d []time.Duration) time.Duration {
	s := slices.Clone(d)
	slices.Sort(s)
	return s[len(s)/2]
}

func mean(d []time.Duration) time.Duration {
	var sum time.Duration
	for _, x := range d {
		sum += x
	}
	return sum / time.Duration(len(d))
}
