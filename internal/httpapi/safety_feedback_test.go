package httpapi_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/kinshiprecovery/kinship/internal/store"
	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// TestCrisisQueueFeedback: a moderator marks a flag right or not a crisis,
// a member reports a message the check passed over as a crisis and it
// reaches the queue, and the queue page shows the check's precision and
// misses for the week.
func TestCrisisQueueFeedback(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		c := newCrisisCast(t, db)
		e, fTok, aTok, modTok, gid := c.e, c.fTok, c.aTok, c.modTok, c.gid

		post := func(id, body string) (string, bool) {
			r := e.do("POST", "/api/v1/groups/"+gid+"/messages", aTok, map[string]string{"client_id": id, "body": body})
			expectStatus(t, r, http.StatusCreated)
			m := r.JSON(t)
			_, noted := m["safety"]
			return m["id"].(string), noted
		}
		flagged, _ := post("1", "honestly everyone would be better off without me")
		post("2", "I'm going to end my life tonight, I have the rope ready")
		quiet, noted := post("3", "went for a walk by the river after the meeting")
		if noted {
			t.Fatal("a walk by the river raised a note")
		}
		items := e.do("GET", "/api/v1/moderation/crisis", modTok, nil).JSON(t)["items"].([]any)
		if len(items) != 2 {
			t.Fatalf("want the two crises in the queue, got %v", items)
		}
		ids := map[string]string{}
		for _, it := range items {
			m := it.(map[string]any)
			if m["source"] != "check" || m["verdict"] != nil {
				t.Fatalf("a new flag is from the check with no verdict: %v", m)
			}
			ids[m["context"].(string)] = m["id"].(string)
		}
		right := ids["honestly everyone would be better off without me"]
		wrong := ids["I'm going to end my life tonight, I have the rope ready"]

		// Verdicts: kept on the item, its status untouched.
		r := e.do("POST", "/api/v1/moderation/crisis/"+right, modTok, map[string]string{"action": "right"})
		expectStatus(t, r, http.StatusOK)
		if v := r.JSON(t); v["verdict"] != "right" || v["status"] != "open" || v["verdict_by_you"] != true || v["verdict_by"] == "" {
			t.Fatalf("after right: %s", r.Body)
		}
		// (Marked not a crisis here only to have one of each.)
		expectStatus(t, e.do("POST", "/api/v1/moderation/crisis/"+wrong, modTok, map[string]string{"action": "not_crisis"}), http.StatusOK)
		expectStatus(t, e.do("POST", "/api/v1/moderation/crisis/"+wrong, aTok, map[string]string{"action": "right"}), http.StatusForbidden)
		bad := e.do("POST", "/api/v1/moderation/crisis/"+wrong, modTok, map[string]string{"action": "maybe"})
		expectStatus(t, bad, http.StatusBadRequest)
		if !strings.Contains(bad.String(), "right or not_crisis") {
			t.Errorf("the error should name the verdicts: %s", bad.Body)
		}

		// A member reports the quiet message as a crisis: it joins the queue
		// as a report, once however many report it.
		expectStatus(t, e.do("POST", "/api/v1/reports", fTok, map[string]string{"target_type": "message", "target_id": quiet, "reason": "self_harm"}), http.StatusCreated)
		_, mTok := e.signupLogin("mo@example.org", goodPassword, "Mo")
		expectStatus(t, e.do("POST", "/api/v1/groups/"+gid+"/join", mTok, nil), http.StatusOK)
		expectStatus(t, e.do("POST", "/api/v1/reports", mTok, map[string]string{"target_type": "message", "target_id": quiet, "reason": "crisis"}), http.StatusCreated)
		items = e.do("GET", "/api/v1/moderation/crisis", modTok, nil).JSON(t)["items"].([]any)
		reported := 0
		for _, it := range items {
			m := it.(map[string]any)
			if m["source"] == "report" {
				reported++
				if m["context"] != "went for a walk by the river after the meeting" || m["level"] != "crisis" || m["member_display_name"] != "Ana" {
					t.Errorf("reported item: %v", m)
				}
			}
		}
		if reported != 1 || len(items) != 3 {
			t.Fatalf("want one reported item among three, got %v", items)
		}
		// Reporting an item the check already flagged adds nothing.
		expectStatus(t, e.do("POST", "/api/v1/reports", fTok, map[string]string{"target_type": "message", "target_id": flagged, "reason": "self_harm"}), http.StatusCreated)
		if n := len(e.do("GET", "/api/v1/moderation/crisis", modTok, nil).JSON(t)["items"].([]any)); n != 3 {
			t.Fatalf("a report of a flagged message added an item: %d", n)
		}

		// The queue page: the verdict buttons, the reported item, and the week's figures.
		page := e.do("GET", "/moderation/crisis", modTok, nil)
		expectStatus(t, page, http.StatusOK)
		body := page.String()
		for _, want := range []string{"reported as a crisis by a member", "You marked the check right.", "You marked this not a crisis.", `aria-pressed="true">Right</button>`,
			">Not a crisis</button>", "How the safety check is doing",
			"<dt>Raised</dt><dd>2</dd></div><div><dt>Right</dt><dd>1</dd></div><div><dt>Not a crisis</dt><dd>1</dd></div><div><dt>Precision</dt><dd>50%</dd></div><div><dt>Missed</dt><dd>1</dd>"} {
			if !strings.Contains(body, want) {
				t.Errorf("crisis queue page lacks %q:\n%s", want, body)
			}
		}
		for _, problem := range a11yProblems(body) {
			t.Errorf("crisis queue page: %s", problem)
		}
	})
}

// TestModerationQueuesPageToTheEnd: the JSON API's crisis queue and report
// queue are not cut at 200 either: with 260 flags and 255 reports open, a
// moderator follows next_cursor to the last item, each once, most severe
// first and then oldest, the 250th among them.
func TestModerationQueuesPageToTheEnd(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		e, _ := newEnvWithAdmin(t, db)
		bID, _ := e.signupLogin("bo@example.org", goodPassword, "Bo")
		_, modTok := e.moderator("mod@example.org", "Mod")
		ctx := t.Context()
		base := e.clock.Now().Add(-24 * time.Hour)
		// In queue order the k-th is "k": the five most severe are the newest.
		when := func(k int) (time.Time, int) {
			if k <= 5 {
				return base.Add(time.Duration(1000+k) * time.Minute), 5
			}
			return base.Add(time.Duration(k) * time.Minute), 4
		}
		if err := e.store.InTx(ctx, func(tx store.Store) error {
			for k := 1; k <= 260; k++ {
				at, sev := when(k)
				if err := tx.CreateSafetyFlag(ctx, &store.SafetyFlag{ID: fmt.Sprintf("01FLAG%020d", k), UserID: bID, Surface: "chat", Ref: fmt.Sprint(k), Level: "crisis",
					Severity: sev, Sealed: []byte("x"), Status: "open", CreatedAt: at, Source: "check"}); err != nil {
					return err
				}
				if k <= 255 {
					if err := tx.CreateReport(ctx, &store.Report{ID: fmt.Sprintf("01REPT%020d", k), ReporterID: "someone", TargetType: "user", TargetID: bID,
						TargetOwner: bID, Reason: "spam", Severity: sev, Status: "open", CreatedAt: at}); err != nil {
						return err
					}
				}
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		for _, q := range []struct {
			path, prefix string
			n            int
		}{{"/api/v1/moderation/crisis", "01FLAG", 260}, {"/api/v1/moderation/queue", "01REPT", 255}} {
			var ids []string
			pages, cursor := 0, ""
			for {
				r := e.do("GET", q.path+"?limit=200"+cursor, modTok, nil)
				expectStatus(t, r, http.StatusOK)
				body := r.JSON(t)
				for _, it := range body["items"].([]any) {
					ids = append(ids, it.(map[string]any)["id"].(string))
				}
				pages++
				next, _ := body["next_cursor"].(string)
				if next == "" || pages > 5 {
					break
				}
				cursor = "&cursor=" + next
			}
			if len(ids) != q.n || pages != 2 {
				t.Fatalf("%s: %d items in %d pages, want %d in 2", q.path, len(ids), pages, q.n)
			}
			for i, id := range ids {
				if want := fmt.Sprintf("%s%020d", q.prefix, i+1); id != want {
					t.Fatalf("%s: item %d is %s, want %s", q.path, i+1, id, want)
				}
			}
		}
	})
}
