package httpapi_test

import (
	"testing"

	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// A refusal over the WebSocket keeps its English "error" (the API's
// contract) and carries "words", the same in the language of the page that
// opened the socket, which the chat page shows: Ana reads Spanish, Ben
// English, and a message built with a value reads in Ana's words too.
func TestSocketRefusalInTheReadersLanguage(t *testing.T) {
	e, _ := newEnvWithAdmin(t, testutil.DB{Name: "sqlite", DataDir: t.TempDir()})
	_, ben := e.signupLogin("ben@example.org", goodPassword, "Ben")
	_, ana := e.signupLogin("ana@example.org", goodPassword, "Ana")
	if r := e.do("POST", "/language", ana, formBody("lang=es&next=/")); r.Status >= 400 {
		t.Fatalf("Ana chooses Spanish: %d %s", r.Status, r.Body)
	}
	gid := e.newGroup(ana, "Tardes", "listed")
	for _, c := range []struct {
		tok, words string
	}{{ana, "escribe algo para enviar"}, {ben, "write something to send"}} {
		ws := e.dialWS(c.tok)
		ws.send(map[string]any{"op": "send", "ref": "e", "conv": gid, "client_id": "k1", "body": "   "})
		f := ws.until("error")
		if f["error"] != "write something to send (body: empty)" || f["words"] != c.words {
			t.Errorf("an empty message refused: %v, want words %q", f, c.words)
		}
	}
	// A message built with a value (notFound's catalog message) reads in
	// her Spanish too.
	ws := e.dialWS(ana)
	ws.send(map[string]any{"op": "edit", "ref": "x", "message_id": "01JNOSUCHMESSAGE0000000000", "body": "hola"})
	if f := ws.until("error"); f["code"] != "not_found" || f["words"] != "no encontramos ese mensaje" || f["error"] != "message not found" {
		t.Errorf("editing a message that is not there: %v", f)
	}
}
