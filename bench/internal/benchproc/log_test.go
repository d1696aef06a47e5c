package benchproc

import (
	"bytes"
	"testing"
)

// A node's standard error is passed on whole, and its lines logged at
// level ERROR are counted however the writes split them, those saying a
// time limit ran out apart; an email printed there counts for nothing.
func TestLoggedErrorsAreCounted(t *testing.T) {
	var out bytes.Buffer
	c := &logCount{w: &out}
	text := "time=1 level=INFO msg=started\n" +
		"time=2 level=ERROR msg=\"producer: Error fetching jobs\" err=\"StandardPilot.JobGetAvailable timed out after 10s: context deadline exceeded\"\n" +
		"---- Email not sent: SMTP is not configured ----\nSubject: a line with level=ERROR in it is no log line\n" +
		"{\"time\":3,\"level\":\"ERROR\",\"msg\":\"write failed\"}\n" +
		"time=4 level=ERROR msg=\"leadership.Elector: Error attempting reelection\" err=\"context deadline exceeded\"\n" +
		"time=5 level=WARN msg=slow"
	for i := 0; i < len(text); i += 7 {
		c.Write([]byte(text[i:min(i+7, len(text))]))
	}
	if out.String() != text {
		t.Fatalf("passed on %q, want %q", out.String(), text)
	}
	p := &Process{log: c}
	if errs, timeouts := p.Logged(); errs != 3 || timeouts != 2 {
		t.Errorf("counted %d errors, %d timed out; want 3, 2", errs, timeouts)
	}
}
