package testutil

import (
	"context"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// PictureTime is the instant the README's pictures show: Sunday 6 December
// 2026, 16:56 UTC (08:56 in Los Angeles, 10:56 in Mexico City). The tests
// that take those pictures hold their server's clock (PictureClock) and
// their browser's (BrowserClockAt) there, so each refresh draws the same
// days and times, and the captions that quote them ("Sun 6 Dec, 08:56",
// "From 6 December 2026 to 6 March 2027") stay true whenever they run.
var PictureTime = time.Date(2026, 12, 6, 16, 56, 0, 0, time.UTC)

// PictureClock returns a server clock (app.Options.Now) that stands at
// PictureTime and moves a millisecond each time it is read, whatever the
// real clock does: what is made later is still newer (a list's newest
// first), and a test's few thousand reads stay within the picture's minute.
func PictureClock() func() time.Time {
	var ticks atomic.Int64
	return func() time.Time { return PictureTime.Add(time.Duration(ticks.Add(1)) * time.Millisecond) }
}

// BrowserClockAt stops the clock of every page the tab opens from now on at
// at (Date and Date.now read it; timers run as usual), as a server started
// with a clock stopped there reads it: a page that writes "today" or a time
// then writes the server's.
func BrowserClockAt(ctx context.Context, at time.Time) error {
	js := fmt.Sprintf(`(() => { const at = %d, D = Date;
  function K(...a) { if (!new.target) return new D(at).toString(); return a.length ? new D(...a) : new D(at); }
  K.prototype = D.prototype; K.now = () => at; K.parse = D.parse; K.UTC = D.UTC;
  globalThis.Date = K; })();`, at.UnixMilli())
	_, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: js})
	return err
}
