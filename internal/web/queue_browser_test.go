package web_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/store"
)

// seedQueues fills the crisis queue with 260 items still to handle (12
// of them acknowledged) and 20 resolved ones, and the report queue with
// 255 open reports and 20 handled ones, all on Bo. In queue order the
// k-th item's text says "Queue item k": the first five are the most
// severe (and the newest), the rest oldest first.
func seedQueues(t *testing.T, s *server, bo *model.User) {
	t.Helper()
	ctx := t.Context()
	base := time.Date(2026, 11, 1, 8, 0, 0, 0, time.UTC)
	at := func(k int) (time.Time, int) {
		if k <= 5 {
			return base.Add(time.Duration(1000+k) * time.Minute), 5
		}
		return base.Add(time.Duration(k) * time.Minute), 4
	}
	err := s.store.InTx(ctx, func(tx store.Store) error {
		for k := 1; k <= 280; k++ {
			when, sev := at(k)
			id := fmt.Sprintf("01FLAG%020d", k)
			status := "open"
			switch {
			case k > 260:
				status, when = "resolved", base.Add(-time.Hour)
			case k%20 == 0:
				status = "acknowledged"
			}
			if err := tx.CreateSafetyFlag(ctx, &store.SafetyFlag{ID: id, UserID: bo.ID, Surface: "checkin_note", Ref: id, Level: "crisis", Categories: []string{"suicidal"},
				Severity: sev, Sealed: s.box.Seal([]byte(fmt.Sprintf("Queue item %d", k)), []byte("safety-flag:"+id)), Status: status, CreatedAt: when, Source: "check"}); err != nil {
				return err
			}
		}
		for k := 1; k <= 275; k++ {
			when, sev := at(k)
			id := fmt.Sprintf("01REPT%020d", k)
			status := "open"
			if k > 255 {
				status, when = "dismissed", base.Add(-time.Hour)
			}
			if err := tx.CreateReport(ctx, &store.Report{ID: id, ReporterID: "someone", TargetType: "user", TargetID: bo.ID, TargetOwner: bo.ID,
				Reason: "harassment", Severity: sev, Status: status, CreatedAt: when,
				Details: s.box.Seal([]byte(fmt.Sprintf("Queue item %d", k)), []byte("report:"+id))}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestBrowserQueuesReachEveryItem: with 260 crisis flags and 255 reports
// open, a moderator on a phone reads how many there are ("260 open flags
// (13 of them acknowledged)"), sees the most urgent first, and pages on
// with the keyboard through "Next 50 flags" to the 250th and the last;
// acting on an item on a later page comes back to that page, counted
// again. The report queue pages the same way to its 255th report.
func TestBrowserQueuesReachEveryItem(t *testing.T) {
	s := startServerParts(t, app.Options{}, nil)
	_, bo, _, ctx := moderatorOnPhone(t, s)
	seedQueues(t, s, bo)
	st := steps{t}
	type css = chromedp.CSS

	// next follows the page's "Next" link from the keyboard: Tab lands on
	// it (focus), Enter follows it.
	next := func(step string) {
		t.Helper()
		href := eval[string](t, ctx, step, `document.querySelector('nav.queue-pages a[rel=next]').href`)
		st.do(ctx, step, chromedp.Focus(css(`nav.queue-pages a[rel=next]`)), chromedp.KeyEvent("\r"))
		for end := time.Now().Add(15 * time.Second); ; time.Sleep(100 * time.Millisecond) {
			// (Read while the page changes, the answer may be an error: look again.)
			if at, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.href + " " + document.readyState`)); err == nil && at == href+" complete" {
				break
			}
			if time.Now().After(end) {
				t.Fatalf("%s: the Next link did not lead to %s", step, href)
			}
		}
		st.do(ctx, step, chromedp.WaitVisible(css(`#queue-count`)))
	}
	items := func(sel string) []string {
		return eval[[]string](t, ctx, "read the items", `Array.from(document.querySelectorAll('`+sel+` > li')).map(li => (li.querySelector('blockquote') || li).textContent.trim())`)
	}
	nav := func() string {
		return eval[string](t, ctx, "the queue's links", `(document.querySelector('nav.queue-pages') || {}).textContent || ""`)
	}

	st.do(ctx, "open the crisis queue", chromedp.Navigate(s.base+"/moderation/crisis"), chromedp.WaitVisible(css(`#queue-count`)))
	if got, want := st.text(ctx, "#queue-count"), "260 open flags (13 of them acknowledged) · showing 1–50, most urgent first"; got != want {
		t.Errorf("the crisis queue's count reads %q, want %q", got, want)
	}
	if got := items("#flags"); len(got) != 50 || got[0] != "Queue item 1" || got[5] != "Queue item 6" || got[49] != "Queue item 50" {
		t.Fatalf("the first page shows %d items, from %q", len(got), got)
	}
	if got := nav(); !strings.Contains(got, "Next 50 flags") || strings.Contains(got, "Back to the most urgent") {
		t.Errorf("the first page's links read %q", got)
	}
	if label := eval[string](t, ctx, "the links' name", `document.querySelector('nav.queue-pages').getAttribute('aria-label')`); label != "More of the queue" {
		t.Errorf("the links are named %q for a screen reader", label)
	}
	shotHere(t, ctx, "#queue-count", "queue-crisis-1.png")
	for page := 2; page <= 5; page++ {
		next(fmt.Sprintf("page %d", page))
	}
	if got, want := st.text(ctx, "#queue-count"), "260 open flags (13 of them acknowledged) · showing 201–250, most urgent first"; got != want {
		t.Errorf("the fifth page's count reads %q, want %q", got, want)
	}
	got := items("#flags")
	if len(got) != 50 || got[0] != "Queue item 201" || got[49] != "Queue item 250" {
		t.Fatalf("the fifth page shows %d items: %q … %q", len(got), got[0], got[len(got)-1])
	}
	shotHere(t, ctx, "nav.queue-pages", "queue-crisis-5-links.png")

	// Resolving the 250th comes back to this page, one fewer in all.
	st.do(ctx, "resolve the 250th", chromedp.SendKeys(css(`#flags > li:last-child input[name=note]`), "Called them; they are with family"),
		chromedp.Click(css(`#flags > li:last-child button[value=resolve]`)), chromedp.WaitVisible(css(`.notice`)))
	if got, want := st.text(ctx, "#queue-count"), "259 open flags (13 of them acknowledged) · showing 201–250, most urgent first"; got != want {
		t.Errorf("after resolving, the count reads %q, want %q", got, want)
	}
	if got := items("#flags"); got[0] != "Queue item 201" || got[49] != "Queue item 251" {
		t.Errorf("after resolving, the page shows %q … %q", got[0], got[len(got)-1])
	}
	next("the last page")
	if got, want := st.text(ctx, "#queue-count"), "259 open flags (13 of them acknowledged) · showing 251–259, most urgent first"; got != want {
		t.Errorf("the last page's count reads %q, want %q", got, want)
	}
	if got := items("#flags"); len(got) != 9 || got[0] != "Queue item 252" || got[8] != "Queue item 260" {
		t.Errorf("the last page shows %q", got)
	}
	if got := nav(); strings.Contains(got, "Next") || !strings.Contains(got, "Back to the most urgent") {
		t.Errorf("the last page's links read %q", got)
	}
	shotHere(t, ctx, "#queue-count", "queue-crisis-last.png")

	// The report queue: the same count and pages, to its 255th report.
	st.do(ctx, "open the report queue", chromedp.Navigate(s.base+"/moderation/queue"), chromedp.WaitVisible(css(`#queue-count`)))
	if got, want := st.text(ctx, "#queue-count"), "255 open reports · showing 1–50, most urgent first"; got != want {
		t.Errorf("the report queue's count reads %q, want %q", got, want)
	}
	shotHere(t, ctx, "#queue-count", "queue-reports-1.png")
	for page := 2; page <= 6; page++ {
		next(fmt.Sprintf("report page %d", page))
	}
	if got, want := st.text(ctx, "#queue-count"), "255 open reports · showing 251–255, most urgent first"; got != want {
		t.Errorf("the report queue's last page reads %q, want %q", got, want)
	}
	reports := eval[[]string](t, ctx, "read the reports", `Array.from(document.querySelectorAll('#reports > li > p')).map(p => p.textContent)`)
	if len(reports) != 5 || !strings.Contains(reports[4], "Queue item 255") {
		t.Errorf("the last page of reports reads %q", reports)
	}
	shotHere(t, ctx, "nav.queue-pages", "queue-reports-last.png")

	// A place in the queue that is no longer there starts from the top, and says so.
	st.do(ctx, "a stale link", chromedp.Navigate(s.base+"/moderation/queue?after=01NOTHERE"), chromedp.WaitVisible(css(`#queue-count`)))
	if got := st.text(ctx, "main"); !strings.Contains(got, "That place in the queue is gone") || !strings.Contains(got, "255 open reports · showing 1–50") {
		t.Errorf("a stale link shows %.300q", got)
	}
}

// shotHere saves what the phone's screen shows with sel at its top.
func shotHere(t *testing.T, ctx context.Context, sel, name string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`document.querySelector('`+sel+`').scrollIntoView({block: "start"})`)); err != nil {
		t.Fatalf("scroll to %s: %v", sel, err)
	}
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	save(t, name, png)
}
