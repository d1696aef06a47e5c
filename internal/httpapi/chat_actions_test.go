package httpapi_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// TestChatMessageActionsWithoutScript walks a chat's message actions as a
// browser without the page script does: each message carries one form of
// reactions (each button says what it does) and a link to the message's
// own page, where the report form, one's own edit and delete, and a
// facilitator's removal are; in English and Spanish. Someone outside the
// group opens no message's page, and a message deleted sends its page
// back to the chat.
func TestChatMessageActionsWithoutScript(t *testing.T) {
	e, _ := newEnvWithAdmin(t, testutil.DB{Name: "sqlite", DataDir: t.TempDir()})
	_, aTok := e.signupLogin("ana@example.org", goodPassword, "Ana")
	_, bTok := e.signupLogin("ben@example.org", goodPassword, "Ben")
	_, cTok := e.signupLogin("cy@example.org", goodPassword, "Cy")
	gid := e.newGroup(aTok, "Evenings", "listed")
	expectStatus(t, e.do("POST", "/api/v1/groups/"+gid+"/join", bTok, nil), http.StatusOK)
	post := func(tok, id, body string) string {
		return e.do("POST", "/api/v1/groups/"+gid+"/messages", tok, map[string]string{"client_id": id, "body": body}).JSON(t)["id"].(string)
	}
	anas, bens := post(aTok, "a1", "Welcome, glad you came"), post(bTok, "b1", "Thinking of the week ahead")
	chat := "/groups/" + gid + "/chat"
	has := func(what, page string, wants ...string) {
		t.Helper()
		for _, w := range wants {
			if !strings.Contains(page, w) {
				t.Errorf("%s: no %q in\n%.3000s", what, w, page)
			}
		}
	}
	hasNot := func(what, page string, nots ...string) {
		t.Helper()
		// What the page's main part says (the footer has its own <select>s,
		// the page script's words are on <body>).
		if i, j := strings.Index(page, "<main"), strings.Index(page, "</main>"); i >= 0 && j > i {
			page = page[i:j]
		}
		for _, n := range nots {
			if strings.Contains(page, n) {
				t.Errorf("%s: %q should not be there", what, n)
			}
		}
	}

	page := e.do("GET", chat, bTok, nil).String()
	has("Ben's chat", page, `<a href="/messages/`+anas+`/action#report">Report<span class="visually-hidden"> this message</span></a>`,
		`<a href="/messages/`+bens+`/action#edit">Edit or delete<span class="visually-hidden"> this message</span></a>`,
		`<form method="post" action="/messages/`+anas+`/action" class="reactions">`, `<button name="react" value="with_you" aria-pressed="false">`)
	hasNot("Ben's chat", page, "<select", "<details", "<textarea id=\"edit-", "action#remove")
	has("Ana's chat", e.do("GET", chat, aTok, nil).String(), `<a href="/messages/`+bens+`/action#remove">Remove<span class="visually-hidden"> this message</span></a>`)
	has("Ben's chat in Spanish", e.getIn(chat, bTok, "es").String(), `action#report">Reportar<span class="visually-hidden"> este mensaje</span></a>`,
		`action#edit">Editar o eliminar<span class="visually-hidden"> este mensaje</span></a>`)

	// Ana's message, as Ben: a report, in either language.
	page = e.do("GET", "/messages/"+anas+"/action", bTok, nil).String()
	has("Ana's message's page", page, "<title>A message from Ana", "Welcome, glad you came", `<h2 id="report">Report this message</h2>`,
		`<label for="rr-`+anas+`">Why</label><select id="rr-`+anas+`" name="reason">`, `<option value="self_harm">They may be at risk</option>`,
		`<input type="hidden" name="back" value="`+chat+`">`, `href="`+chat+`#m-`+anas+`">← Back to the conversation</a>`)
	hasNot("Ana's message's page", page, "Edit or delete", "Remove it from the group")
	has("Ana's message's page in Spanish", e.getIn("/messages/"+anas+"/action", bTok, "es").String(), "<title>Un mensaje de Ana",
		`<h2 id="report">Reportar este mensaje</h2>`, "← Volver a la conversación</a>", "Enviar el reporte")
	r := e.do("POST", "/reports", bTok, formBody("target_type=message&target_id="+anas+"&reason=spam&back="+url.QueryEscape(chat)))
	if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), chat+"?done=") {
		t.Errorf("the report from the message's page: %d to %q, want 303 back to the chat", r.Status, r.Header.Get("Location"))
	}

	// Reactions, by the buttons' own names; the form of a page written
	// before them still works.
	react := func(fields string) {
		t.Helper()
		r := e.do("POST", "/messages/"+anas+"/action", bTok, formBody(fields))
		if r.Status != http.StatusSeeOther || r.Header.Get("Location") != chat+"#m-"+anas {
			t.Fatalf("%s: %d to %q: %.300s", fields, r.Status, r.Header.Get("Location"), r.Body)
		}
	}
	react("react=with_you")
	react("conv=" + gid + "&kind=group&action=react&reaction=thank_you")
	page = e.do("GET", chat, bTok, nil).String()
	has("after reacting", page, `<button name="unreact" value="with_you" aria-pressed="true"><span aria-hidden="true">💙</span> with you <span class="count">1</span></button>`,
		`<button name="unreact" value="thank_you" aria-pressed="true">`)
	react("unreact=with_you")
	has("after taking it back", e.do("GET", chat, bTok, nil).String(), `<button name="react" value="with_you" aria-pressed="false"><span aria-hidden="true">💙</span> with you</button>`)

	// In a thread, the reactions' form goes back to the thread.
	thread := e.do("POST", "/api/v1/dms", bTok, map[string]string{"user_id": e.do("GET", "/api/v1/me", aTok, nil).JSON(t)["id"].(string), "body": "Coffee before group?"}).JSON(t)["thread"].(map[string]any)["id"].(string)
	expectStatus(t, e.do("POST", "/api/v1/dms/"+thread+"/answer", aTok, map[string]string{"answer": "accept"}), http.StatusNoContent)
	dm := e.do("GET", "/api/v1/dms/"+thread+"/messages", aTok, nil).JSON(t)["items"].([]any)[0].(map[string]any)["id"].(string)
	has("the thread", e.do("GET", "/messages/"+thread, aTok, nil).String(), `<form method="post" action="/messages/`+dm+`/action" class="reactions">`+"\n    "+`<button name="react" value="with_you"`)
	if r := e.do("POST", "/messages/"+dm+"/action", aTok, formBody("react=with_you")); r.Status != http.StatusSeeOther || r.Header.Get("Location") != "/messages/"+thread+"#m-"+dm {
		t.Errorf("a reaction in the thread: %d to %q, want 303 back to the thread at the message", r.Status, r.Header.Get("Location"))
	}

	// Ben's own message: edit and delete, nothing to report.
	page = e.do("GET", "/messages/"+bens+"/action", bTok, nil).String()
	// Headed "Your message" once (review8 L5): the box is its text.
	has("Ben's message's page", page, "<title>Your message", `<h2 id="edit">Edit or delete</h2>`, `<label for="f-body">Message text</label>`,
		`<textarea id="f-body" name="body" rows="4" maxlength="4000" required>Thinking of the week ahead</textarea>`, ">Delete</button>")
	hasNot("Ben's message's page", page, "Report this message", "<select")
	r = e.do("POST", "/messages/"+bens+"/action", bTok, formBody("conv="+gid+"&kind=group&action=edit&body=Thinking+of+next+week"))
	if r.Status != http.StatusSeeOther {
		t.Fatalf("the edit: %d %.300s", r.Status, r.Body)
	}
	has("after the edit", e.do("GET", chat, bTok, nil).String(), "Thinking of next week", "(edited)")

	// Ana leads the group: she may report Ben's message or remove it.
	page = e.do("GET", "/messages/"+bens+"/action", aTok, nil).String()
	has("Ben's message's page, to Ana", page, "<title>A message from Ben", `<h2 id="report">Report this message</h2>`, `<h2 id="remove">Remove it from the group</h2>`,
		`<label for="f-reason">Reason (the group will see it)</label>`, `<input id="f-reason" name="reason" type="text" maxlength="500" required value="">`)
	has("Ben's message's page, to Ana, in Spanish", e.getIn("/messages/"+bens+"/action", aTok, "es").String(), `<h2 id="remove">Eliminarlo del grupo</h2>`)

	// Someone outside the group, or signed out, opens nothing of it.
	if r := e.do("GET", "/messages/"+anas+"/action", cTok, nil); r.Status != http.StatusNotFound || strings.Contains(r.String(), "Welcome, glad") {
		t.Errorf("Cy, outside the group: %d, want 404 without the message", r.Status)
	}
	if r := e.do("GET", "/messages/"+anas+"/action", "", nil); r.Status != http.StatusSeeOther && r.Status != http.StatusUnauthorized {
		t.Errorf("signed out: %d", r.Status)
	}

	// Deleted, the message's page sends its reader back to the chat,
	// which says so.
	expectStatus(t, e.do("POST", "/messages/"+bens+"/action", bTok, formBody("conv="+gid+"&kind=group&action=delete")), http.StatusSeeOther)
	r = e.do("GET", "/messages/"+bens+"/action", aTok, nil)
	if r.Status != http.StatusSeeOther || r.Header.Get("Location") != chat+"#m-"+bens {
		t.Errorf("a deleted message's page: %d to %q, want 303 to the chat at it", r.Status, r.Header.Get("Location"))
	}
}
