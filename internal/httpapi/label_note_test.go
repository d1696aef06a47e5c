package httpapi_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// TestALabelGetsItsWriterAWordOnWords: a message that calls someone by
// their substance use ("you're just a junkie", "eres un drogadicto") is
// posted as written, and its writer's answer carries a note of level
// words: a word on the label, no lines, no offer to alert anyone, no
// crisis-queue item (walk15 W15-9). Speaking of oneself with the same
// word carries nothing, and a label beside words of crisis gets the
// crisis note.
func TestALabelGetsItsWriterAWordOnWords(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		c := newCrisisCast(t, db)
		e, fTok, aTok, modTok, gid := c.e, c.fTok, c.aTok, c.modTok, c.gid
		for i, body := range []string{"Fran, you're just a junkie, nobody believes you.", "Fran, eres un drogadicto y un flojo, nadie te cree."} {
			r := e.do("POST", "/api/v1/groups/"+gid+"/messages", aTok, map[string]string{"client_id": "l" + string(rune('0'+i)), "body": body})
			expectStatus(t, r, http.StatusCreated)
			note, ok := r.JSON(t)["safety"].(map[string]any)
			if !ok || note["level"] != "words" || note["offer_alert"] != false || len(note["resources"].([]any)) != 0 ||
				note["message"] != "Words can hurt: calling someone an addict, a junkie or a drunk can push them away from the help they came for. Here we say “person in recovery”, or say what happened." {
				t.Fatalf("%q: the note %s", body, r.Body)
			}
		}
		page := e.do("GET", "/api/v1/groups/"+gid+"/messages", fTok, nil).String()
		if strings.Contains(page, "safety") || !strings.Contains(page, "eres un drogadicto y un flojo") {
			t.Fatalf("Fran reads the messages as written and nothing of the notes: %s", page)
		}
		if items := e.crisisItems(modTok); len(items) != 0 {
			t.Fatalf("a label made crisis-queue items: %v", items)
		}
		r := e.do("POST", "/api/v1/groups/"+gid+"/messages", aTok, map[string]string{"client_id": "l8", "body": "I used to call myself an addict. Today I say I'm a person in recovery, 200 days."})
		expectStatus(t, r, http.StatusCreated)
		if _, ok := r.JSON(t)["safety"]; ok {
			t.Fatalf("speaking of herself brought a note: %s", r.Body)
		}
		r = e.do("POST", "/api/v1/groups/"+gid+"/messages", aTok, map[string]string{"client_id": "l9", "body": "you're all junkies anyway and everyone would be better off without me"})
		expectStatus(t, r, http.StatusCreated)
		if note, _ := r.JSON(t)["safety"].(map[string]any); note["level"] != "crisis" {
			t.Fatalf("a label beside words of crisis: %s", r.Body)
		}
	})
}
