package httpapi_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// TestMessagePageAccess: a chat message's own page (GET
// /messages/{id}/action) opens only for someone who reads its chat now.
// A member removed from the group, someone blocked by its author or who
// blocked them, and a member of another group read "not found" without
// the message's words; a message held for a moderator opens for nobody
// but sends its author back to the chat, as a deleted one does.
func TestMessagePageAccess(t *testing.T) {
	e, _ := newEnvWithAdmin(t, testutil.DB{Name: "sqlite", DataDir: t.TempDir()})
	_, aTok := e.signupLogin("ana@example.org", goodPassword, "Ana")
	bID, bTok := e.signupLogin("ben@example.org", goodPassword, "Ben")
	cID, cTok := e.signupLogin("cy@example.org", goodPassword, "Cy")
	_, dTok := e.signupLogin("dee@example.org", goodPassword, "Dee")
	gid := e.newGroup(aTok, "Evenings", "listed")
	other := e.newGroup(dTok, "Mornings", "listed")
	for _, tok := range []string{bTok, cTok} {
		expectStatus(t, e.do("POST", "/api/v1/groups/"+gid+"/join", tok, nil), http.StatusOK)
	}
	post := func(tok, conv, id, body string) string {
		return e.do("POST", "/api/v1/groups/"+conv+"/messages", tok, map[string]string{"client_id": id, "body": body}).JSON(t)["id"].(string)
	}
	anas := post(aTok, gid, "a1", "CANARY-PAGE-ana-words")
	bens := post(bTok, gid, "b1", "CANARY-PAGE-ben-words")
	held := post(bTok, gid, "b2", "anyone got extra subs? can pay cash, text me 714-555-0199")
	dees := post(dTok, other, "d1", "CANARY-PAGE-dee-words")
	page := func(id, tok string) resp { return e.do("GET", "/messages/"+id+"/action", tok, nil) }
	notFound := func(who, id, tok string) {
		t.Helper()
		r := page(id, tok)
		if r.Status != http.StatusNotFound || strings.Contains(r.String(), "CANARY-PAGE") || strings.Contains(r.String(), "714-555-0199") {
			t.Errorf("%s: %d, want 404 without the message's words", who, r.Status)
		}
	}

	if r := page(anas, cTok); r.Status != http.StatusOK || !strings.Contains(r.String(), "CANARY-PAGE-ana-words") {
		t.Fatalf("Cy, in the group: %d", r.Status)
	}
	notFound("Ana, on another group's message", dees, aTok)
	notFound("Cy, on a message held for a moderator", held, cTok)
	if r := page(held, bTok); r.Status != http.StatusSeeOther || r.Header.Get("Location") != "/groups/"+gid+"/chat#m-"+held {
		t.Errorf("Ben, on his own held message: %d to %q, want back to the chat at it", r.Status, r.Header.Get("Location"))
	}

	// Ben blocks Cy: neither opens the other's message's page.
	expectStatus(t, e.do("POST", "/api/v1/blocks", bTok, map[string]string{"user_id": cID}), http.StatusCreated)
	notFound("Cy, blocked by Ben, on Ben's message", bens, cTok)
	if r := page(anas, cTok); r.Status != http.StatusOK {
		t.Errorf("Cy, on Ana's message after Ben's block: %d", r.Status)
	}
	cys := post(cTok, gid, "c1", "CANARY-PAGE-cy-words")
	notFound("Ben, who blocked Cy, on Cy's message", cys, bTok)

	// Ana removes Ben from the group: he opens none of its messages.
	expectStatus(t, e.do("POST", "/api/v1/groups/"+gid+"/members/"+bID, aTok, map[string]string{"action": "remove", "reason": "Selling"}), http.StatusNoContent)
	notFound("Ben, removed, on Ana's message", anas, bTok)
	notFound("Ben, removed, on his own message", bens, bTok)
}
