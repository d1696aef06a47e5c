package httpapi_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/kinshiprecovery/kinship/internal/i18n"
	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// TestCrisisRaisedAgainAfterAModeratorIsDone: after a moderator marked an
// item's flag not a crisis, or resolved it, a member's "this was a crisis"
// report of it raises a new flag that pages the moderators and reads, in
// the moderator's zone, what was decided and that a member reported it
// again; the item keeps one flag in the queue. The same when the author
// edits the item into words of crisis again after a resolution.
func TestCrisisRaisedAgainAfterAModeratorIsDone(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		c := newCrisisCast(t, db)
		e, fTok, aTok, modTok, gid := c.e, c.fTok, c.aTok, c.modTok, c.gid
		expectStatus(t, e.do("PATCH", "/api/v1/me", modTok, map[string]any{"time_zone": "America/Los_Angeles"}), http.StatusOK)
		la, err := time.LoadLocation("America/Los_Angeles")
		if err != nil {
			t.Fatal(err)
		}
		en := i18n.For("en")
		when := func(at time.Time) string { return en.When(at, la, e.clock.Now()) }

		post := func(id, body string) string {
			t.Helper()
			r := e.do("POST", "/api/v1/groups/"+gid+"/messages", aTok, map[string]string{"client_id": id, "body": body})
			expectStatus(t, r, http.StatusCreated)
			return r.JSON(t)["id"].(string)
		}
		// on returns the queue's items for one message.
		on := func(msg string) []map[string]any {
			var out []map[string]any
			for _, it := range e.crisisItems(modTok) {
				if it["ref"] == msg {
					out = append(out, it)
				}
			}
			return out
		}
		act := func(id, action, note string) {
			t.Helper()
			expectStatus(t, e.do("POST", "/api/v1/moderation/crisis/"+id, modTok, map[string]string{"action": action, "note": note}), http.StatusOK)
		}
		report := func(tok, msg string) {
			t.Helper()
			expectStatus(t, e.do("POST", "/api/v1/reports", tok, map[string]string{"target_type": "message", "target_id": msg, "reason": "crisis"}), http.StatusCreated)
		}
		// raisedAgain checks the one flag of msg names earlier and comes from source.
		raisedAgain := func(msg, earlier, source, context string) map[string]any {
			t.Helper()
			items := on(msg)
			if len(items) != 1 {
				t.Fatalf("the item keeps one flag in the queue, got %v", items)
			}
			it := items[0]
			e, _ := it["earlier"].(map[string]any)
			if it["id"] == earlier || it["source"] != source || it["status"] != "open" || it["level"] != "crisis" || it["context"] != context || e == nil || e["id"] != earlier {
				t.Fatalf("want a new open %s flag with %q naming %s, got %v", source, context, earlier, it)
			}
			return it
		}

		// Marked not a crisis, still open; then a member reports it as one.
		rope := "I'm going to end my life tonight, I have the rope ready"
		m1 := post("1", rope)
		f1 := on(m1)[0]["id"].(string)
		act(f1, "not_crisis", "")
		judged := e.clock.Now()
		e.clock.Advance(40 * time.Minute)
		paged := e.pagesToModerator(modTok)
		report(fTok, m1)
		it := raisedAgain(m1, f1, "report", rope)
		if ea := it["earlier"].(map[string]any); ea["verdict"] != "not_crisis" || ea["verdict_by"] != "Mod" || ea["verdict_by_you"] != true || ea["resolved_by"] != nil {
			t.Fatalf("the earlier flag was marked not a crisis by Mod, not resolved: %v", ea)
		}
		if n := e.pagesToModerator(modTok); n != paged+1 {
			t.Fatalf("the report should page the moderator once more: %d pages, were %d", n, paged)
		}
		want1 := "Marked not a crisis by you at " + when(judged) + "; reported again by a member."
		page := e.crisisPage(modTok)
		if !strings.Contains(page, want1) || strings.Count(page, rope) != 1 || !strings.Contains(page, "1 open flag") {
			t.Fatalf("the moderator should read one flag for the message and %q:\n%s", want1, page)
		}
		// Another member's report of it now finds the open flag: no third.
		_, moTok := e.signupLogin("mo@example.org", goodPassword, "Mo")
		expectStatus(t, e.do("POST", "/api/v1/groups/"+gid+"/join", moTok, nil), http.StatusOK)
		report(moTok, m1)
		raisedAgain(m1, f1, "report", rope)
		if n := e.pagesToModerator(modTok); n != paged+1 {
			t.Fatalf("a report of an open flag paged the moderator again: %d", n)
		}

		// Resolved with a note; then a member reports it as a crisis.
		better := "honestly everyone would be better off without me"
		m2 := post("2", better)
		f2 := on(m2)[0]["id"].(string)
		act(f2, "resolve", "Called her; she is safe with her sister tonight")
		resolved := e.clock.Now()
		e.clock.Advance(3 * time.Hour)
		report(fTok, m2)
		it = raisedAgain(m2, f2, "report", better)
		if ea := it["earlier"].(map[string]any); ea["resolved_by"] != "Mod" || ea["resolved_by_you"] != true || ea["note"] != "Called her; she is safe with her sister tonight" || ea["verdict"] != nil {
			t.Fatalf("the earlier flag was resolved by Mod with a note: %v", ea)
		}
		want2 := "Resolved by you at " + when(resolved) + "; note: “Called her; she is safe with her sister tonight”; reported again by a member."
		if page = e.crisisPage(modTok); !strings.Contains(page, want2) || !strings.Contains(page, "2 open flags") {
			t.Fatalf("the moderator should read %q:\n%s", want2, page)
		}

		// The check's own flag: resolved, edited into calm words (nothing),
		// then into the same words of crisis again (a new flag).
		pills := "I have been saving up my pills and tonight I will take them all"
		m3 := post("3", pills)
		f3 := on(m3)[0]["id"].(string)
		act(f3, "resolve", "")
		resolved = e.clock.Now()
		e.clock.Advance(time.Hour)
		calm := "went for a walk by the river after the meeting"
		expectStatus(t, e.do("PATCH", "/api/v1/messages/"+m3, aTok, map[string]string{"body": calm}), http.StatusOK)
		if items := on(m3); len(items) != 0 {
			t.Fatalf("calm words raise nothing: %v", items)
		}
		paged = e.pagesToModerator(modTok)
		expectStatus(t, e.do("PATCH", "/api/v1/messages/"+m3, aTok, map[string]string{"body": pills}), http.StatusOK)
		raisedAgain(m3, f3, "check", pills)
		if n := e.pagesToModerator(modTok); n != paged+1 {
			t.Fatalf("words of crisis written again should page the moderator: %d pages, were %d", n, paged)
		}
		want3 := "Resolved by you at " + when(resolved) + "; written again in words of crisis."
		if page = e.crisisPage(modTok); !strings.Contains(page, want3) || strings.Contains(page, calm) {
			t.Fatalf("the moderator should read %q and not the calm words:\n%s", want3, page)
		}

		// The check's own flag marked not a crisis, then edited into other
		// words of crisis: a new flag, the earlier one out of the queue.
		m4 := post("4", "i want to kill myself")
		f4 := on(m4)[0]["id"].(string)
		act(f4, "not_crisis", "")
		judged = e.clock.Now()
		e.clock.Advance(10 * time.Minute)
		die := "Honestly I just want to die"
		expectStatus(t, e.do("PATCH", "/api/v1/messages/"+m4, aTok, map[string]string{"body": die}), http.StatusOK)
		raisedAgain(m4, f4, "check", die)
		want4 := "Marked not a crisis by you at " + when(judged) + "; written again in words of crisis."
		page = e.crisisPage(modTok)
		if !strings.Contains(page, want4) || strings.Contains(page, "i want to kill myself") || !strings.Contains(page, "4 open flags") {
			t.Fatalf("the moderator should read %q, four open flags, and not the words judged before:\n%s", want4, page)
		}
		// The earlier flag closed as raised again: not resolved by anyone.
		again := e.do("POST", "/api/v1/moderation/crisis/"+f4, modTok, map[string]string{"action": "resolve"})
		expectStatus(t, again, http.StatusConflict)
	})
}
