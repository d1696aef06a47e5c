package testutil

import (
	"context"
	"fmt"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// ClockEnv names the variable that moves the real clock of the tests that
// run on it: with KINSHIP_TEST_CLOCK=2026-12-05T22:30:00Z each test server
// given no clock of its own (web's startServer, httpapi's newEnv) runs on a
// clock that stood at that instant when the test binary started and runs
// on from there, and so does each test browser's Date (run one test a
// process, go test -run '^TestX$', to start each there). A test that
// passes at every such instant does not depend on the day or the hour it
// runs (a Saturday or Sunday evening in UTC, a month's turn, a change of
// clocks); a test that must show a given day takes a fixed clock of its
// own, which this leaves alone.
const ClockEnv = "KINSHIP_TEST_CLOCK"

// envShift is how far KINSHIP_TEST_CLOCK moves the real clock, taken once
// for the whole test binary (so that a server, a browser and a test's own
// two-factor codes agree); 0 when it is unset.
var envShift = sync.OnceValues(func() (time.Duration, error) {
	v := os.Getenv(ClockEnv)
	if v == "" {
		return 0, nil
	}
	at, err := time.Parse(time.RFC3339, v)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", ClockEnv, err)
	}
	return time.Until(at), nil
})

// EnvShift is how far KINSHIP_TEST_CLOCK moves the real clock, and
// whether it is set; a value that is not RFC 3339 fails the test. The
// clock it names stands at its instant when the test binary starts and
// runs on from there.
func EnvShift(t testing.TB) (time.Duration, bool) {
	d, err := envShift()
	if err != nil {
		t.Fatal(err)
	}
	return d, os.Getenv(ClockEnv) != ""
}

// EnvClock is a clock (app.Options.Now) that runs as the real one does,
// moved by KINSHIP_TEST_CLOCK; nil when the variable is unset (the app
// then reads time.Now).
func EnvClock(t testing.TB) func() time.Time {
	d, ok := EnvShift(t)
	if !ok {
		return nil
	}
	return func() time.Time { return time.Now().Add(d) }
}

// Now is the time now on the clock the tests' servers run on when given
// none of their own: the real one, moved by KINSHIP_TEST_CLOCK when set
// (a two-factor code made for such a server is made at its time).
func Now(t testing.TB) time.Time {
	d, _ := EnvShift(t)
	return time.Now().Add(d).UTC()
}

// browserClockShifted makes the pages a tab opens from now on read the real
// clock moved by d.
func browserClockShifted(ctx context.Context, d time.Duration) error {
	js := fmt.Sprintf(`(() => { const shift = %d, D = Date;
  function K(...a) { if (!new.target) return new D(D.now() + shift).toString(); return a.length ? new D(...a) : new D(D.now() + shift); }
  K.prototype = D.prototype; K.now = () => D.now() + shift; K.parse = D.parse; K.UTC = D.UTC;
  globalThis.Date = K; })();`, d.Milliseconds())
	_, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: js})
	return err
}
