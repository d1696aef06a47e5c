package httpapi_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// An archived group's chat is read-only (review8 L3): its page said so,
// yet each of one's own messages still offered "Edit or delete" (an edit
// the server refused) and every message its reactions (which the server
// took). Now one's own message offers only to delete it (one's words stay
// one's own to take back), no message offers reactions, and the server
// refuses an edit or a reaction posted anyway with why, changing nothing;
// a deletion still goes through. In English and in Spanish.
func TestArchivedChatIsReadOnly(t *testing.T) {
	e, _ := newEnvWithAdmin(t, testutil.DB{Name: "sqlite", DataDir: t.TempDir()})
	_, aTok := e.signupLogin("ana@example.org", goodPassword, "Ana")
	_, bTok := e.signupLogin("ben@example.org", goodPassword, "Ben")
	gid := e.newGroup(aTok, "Evenings", "listed")
	expectStatus(t, e.do("POST", "/api/v1/groups/"+gid+"/join", bTok, nil), http.StatusOK)
	post := func(tok, id, body string) string {
		return e.do("POST", "/api/v1/groups/"+gid+"/messages", tok, map[string]string{"client_id": id, "body": body}).JSON(t)["id"].(string)
	}
	anas, bens := post(aTok, "a1", "Welcome, glad you came"), post(bTok, "b1", "Thinking of the week ahead")
	expectStatus(t, e.do("POST", "/api/v1/groups/"+gid+"/archive", aTok, nil), http.StatusNoContent)
	chat := "/groups/" + gid + "/chat"

	for _, c := range []struct{ lang, archived, del, heading, why string }{
		{"en", "This group is archived. Its conversation stays here to read.", `action#delete">Delete<span class="visually-hidden"> this message</span></a>`,
			"Delete your message", "This group is archived, so its conversation can no longer be changed: you can still delete your own message."},
		{"es", "Este grupo está archivado. Su conversación queda aquí para leerla.", `action#delete">Eliminar<span class="visually-hidden"> este mensaje</span></a>`,
			"Eliminar tu mensaje", "Este grupo está archivado, así que su conversación ya no se puede cambiar: aún puedes eliminar tu propio mensaje."},
	} {
		page := e.getIn(chat, bTok, c.lang).String()
		main := page[strings.Index(page, "<main"):strings.Index(page, "</main>")]
		if !strings.Contains(main, c.archived) || !strings.Contains(main, `<a href="/messages/`+bens+`/`+c.del) || !strings.Contains(main, `data-archived="yes"`) {
			t.Errorf("%s: Ben's archived chat:\n%s", c.lang, testutil.Visible(main))
		}
		for _, not := range []string{"action#edit", `class="reactions"`, `name="react"`, "composer"} {
			if strings.Contains(main, not) {
				t.Errorf("%s: Ben's archived chat offers %q", c.lang, not)
			}
		}
		if !strings.Contains(main, `/messages/`+anas+`/action#report`) {
			t.Errorf("%s: Ana's message can no longer be reported", c.lang)
		}
		own := e.getIn("/messages/"+bens+"/action", bTok, c.lang)
		expectStatus(t, own, http.StatusOK)
		text := testutil.Visible(own.String())
		if !strings.Contains(text, c.heading) || !strings.Contains(text, c.why) || strings.Contains(own.String(), `name="body"`) || strings.Contains(own.String(), `id="edit"`) {
			t.Errorf("%s: Ben's message's page in the archived chat:\n%s", c.lang, text)
		}
	}

	// Posted anyway: an edit and a reaction are refused (409) and change
	// nothing; the deletion goes through.
	r := e.do("POST", "/messages/"+bens+"/action", bTok, formBody("conv="+gid+"&kind=group&action=edit&body=Changed"))
	if r.Status != http.StatusConflict || !strings.Contains(testutil.Visible(r.String()), "This group is archived; its chat is read-only") {
		t.Errorf("an edit posted to the archived chat: %d\n%s", r.Status, testutil.Visible(r.String()))
	}
	r = e.do("POST", "/messages/"+anas+"/action", bTok, formBody("react=with_you"))
	if r.Status != http.StatusConflict {
		t.Errorf("a reaction posted to the archived chat: %d\n%s", r.Status, testutil.Visible(r.String()))
	}
	r = e.do("PUT", "/api/v1/messages/"+anas+"/reactions/with_you", bTok, nil)
	if r.Status != http.StatusConflict {
		t.Errorf("a reaction through the API to the archived chat: %d %s", r.Status, r.Body)
	}
	msgs := e.do("GET", "/api/v1/groups/"+gid+"/messages", bTok, nil).JSON(t)["items"].([]any)
	for _, m := range msgs {
		m := m.(map[string]any)
		if m["body"] == "Changed" || len(m["reactions"].([]any)) != 0 {
			t.Errorf("the archived chat changed: %v", m)
		}
	}
	r = e.do("POST", "/messages/"+bens+"/action", bTok, formBody("conv="+gid+"&kind=group&action=delete"))
	if r.Status != http.StatusSeeOther {
		t.Errorf("deleting one's own message in the archived chat: %d\n%s", r.Status, testutil.Visible(r.String()))
	}
}
