package httpapi_test

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// TestConcurrentCrisisSavesKeepOneFlag: a message edited into words of
// crisis by several saves at once (two tabs, a retry) leaves one flag in
// the crisis queue, with the words of one of those saves; the database
// holds one flag not yet resolved per item, and the save that finds
// another's flag updates it as a later save would.
func TestConcurrentCrisisSavesKeepOneFlag(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		c := newCrisisCast(t, db)
		e, aTok, modTok, gid := c.e, c.aTok, c.modTok, c.gid
		words := []string{"i want to kill myself", "honestly everyone would be better off without me", "I have been saving up my pills and tonight I will take them all",
			"I'm going to end my life tonight", "i want to die tonight", "Some nights I want to end my life"}
		const rounds = 4
		for round := range rounds {
			r := e.do("POST", "/api/v1/groups/"+gid+"/messages", aTok, map[string]string{"client_id": fmt.Sprint(round), "body": "long day at work"})
			expectStatus(t, r, http.StatusCreated)
			msg := r.JSON(t)["id"].(string)
			var wg sync.WaitGroup
			codes := make([]int, len(words))
			for i, w := range words {
				wg.Go(func() { codes[i] = e.do("PATCH", "/api/v1/messages/"+msg, aTok, map[string]string{"body": w}).Status })
			}
			wg.Wait()
			for i, c := range codes {
				if c != http.StatusOK {
					t.Fatalf("round %d: edit %d answered %d", round, i, c)
				}
			}
			var mine []map[string]any
			for _, it := range e.crisisItems(modTok) {
				if it["ref"] == msg {
					mine = append(mine, it)
				}
			}
			if len(mine) != 1 {
				t.Fatalf("round %d: %d flags for one message edited %d times at once: %v", round, len(mine), len(words), mine)
			}
			if ctx := mine[0]["context"].(string); !strings.Contains(strings.Join(words, "\n"), ctx) {
				t.Fatalf("round %d: the flag reads %q, none of the saves' words", round, ctx)
			}
		}
		page := e.crisisPage(modTok)
		if want := fmt.Sprintf("%d open flags", rounds); !strings.Contains(page, want) {
			t.Fatalf("the moderator should read %q:\n%s", want, page)
		}
	})
}

// TestReportAndCheckMakeOneFlag: an item the check flagged and a person
// reported as a crisis, in either order or at once, is one flag in the
// queue that says both: the risks the check read and "reported as a
// crisis by a member".
func TestReportAndCheckMakeOneFlag(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		c := newCrisisCast(t, db)
		e, fTok, aTok, modTok, gid := c.e, c.fTok, c.aTok, c.modTok, c.gid
		send := func(body string) string {
			t.Helper()
			r := e.do("POST", "/api/v1/groups/"+gid+"/messages", aTok, map[string]string{"client_id": body, "body": body})
			expectStatus(t, r, http.StatusCreated)
			return r.JSON(t)["id"].(string)
		}
		report := func(msg string) int {
			return e.do("POST", "/api/v1/reports", fTok, map[string]string{"target_type": "message", "target_id": msg, "reason": "crisis"}).Status
		}
		edit := func(msg, body string) int {
			return e.do("PATCH", "/api/v1/messages/"+msg, aTok, map[string]string{"body": body}).Status
		}
		// one returns the message's one flag, failing on none or more.
		one := func(how, msg string) map[string]any {
			t.Helper()
			var mine []map[string]any
			for _, it := range e.crisisItems(modTok) {
				if it["ref"] == msg {
					mine = append(mine, it)
				}
			}
			if len(mine) != 1 {
				t.Fatalf("%s: want one flag, got %d: %v", how, len(mine), mine)
			}
			if mine[0]["reported"] != true || mine[0]["level"] != "crisis" {
				t.Fatalf("%s: the flag should say it was reported: %v", how, mine[0])
			}
			return mine[0]
		}

		// The check first, then the report: the check's flag says it was reported.
		checked := send("i want to kill myself")
		if c := report(checked); c != http.StatusCreated {
			t.Fatalf("report: %d", c)
		}
		if f := one("check, then report", checked); f["source"] != "check" || f["categories"].([]any)[0] == "reported" {
			t.Fatalf("check, then report: the check's reading stays: %v", f)
		}

		// The report first (words the check does not raise), then an edit
		// the check raises: the report's flag takes the check's reading.
		quiet := send("went for a walk by the river after the meeting")
		if c := report(quiet); c != http.StatusCreated {
			t.Fatalf("report: %d", c)
		}
		if c := edit(quiet, "honestly everyone would be better off without me"); c != http.StatusOK {
			t.Fatalf("edit: %d", c)
		}
		f := one("report, then check", quiet)
		if f["source"] != "report" || f["context"] != "honestly everyone would be better off without me" {
			t.Fatalf("report, then check: %v", f)
		}
		for _, c := range f["categories"].([]any) {
			if c == "reported" {
				t.Fatalf("report, then check: the check's reading should replace the report's placeholder: %v", f)
			}
		}

		// At once, several times over.
		for i := range 4 {
			msg := send(fmt.Sprintf("long day %d", i))
			var wg sync.WaitGroup
			var rc, ec int
			wg.Go(func() { rc = report(msg) })
			wg.Go(func() { ec = edit(msg, "I'm going to end my life tonight") })
			wg.Wait()
			if rc != http.StatusCreated || ec != http.StatusOK {
				t.Fatalf("at once %d: report %d, edit %d", i, rc, ec)
			}
			one(fmt.Sprintf("at once %d", i), msg)
		}

		page := e.crisisPage(modTok)
		if !strings.Contains(page, "6 open flags") || strings.Count(page, "reported as a crisis by a member") != 6 {
			t.Fatalf("the moderator should read 6 open flags, each reported as a crisis by a member:\n%s", page)
		}
		if !strings.Contains(page, "thoughts of suicide") || strings.Contains(page, ": reported)") {
			t.Fatalf("each flag should name the risks the check read, not the report's placeholder:\n%s", page)
		}
	})
}
