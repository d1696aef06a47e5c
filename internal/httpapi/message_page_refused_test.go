package httpapi_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// TestMessagePageKeepsWhatWasWrittenWhenRefused: without the page script,
// an edit or a removal is sent from the message's own page. Refused (only
// spaces), the page comes back with the error beside the field and the
// words written still in it, in the reader's language; it drew the whole
// chat at the page's address, the words gone, and the error's link led to
// the box for a new message. Saved, each lands on the message it touched,
// not at the end of the chat, where a message far up is out of sight.
func TestMessagePageKeepsWhatWasWrittenWhenRefused(t *testing.T) {
	e, _ := newEnvWithAdmin(t, testutil.DB{Name: "sqlite", DataDir: t.TempDir()})
	_, aTok := e.signupLogin("ana@example.org", goodPassword, "Ana")
	_, bTok := e.signupLogin("ben@example.org", goodPassword, "Ben")
	gid := e.newGroup(aTok, "Evenings", "listed")
	expectStatus(t, e.do("POST", "/api/v1/groups/"+gid+"/join", bTok, nil), http.StatusOK)
	post := func(tok, id, body string) string {
		return e.do("POST", "/api/v1/groups/"+gid+"/messages", tok, map[string]string{"client_id": id, "body": body}).JSON(t)["id"].(string)
	}
	bens := post(bTok, "b1", "Thinking of the week ahead")
	chat := "/groups/" + gid + "/chat"
	main := func(page string) string {
		if i, j := strings.Index(page, "<main"), strings.Index(page, "</main>"); i >= 0 && j > i {
			return page[i:j]
		}
		return page
	}

	for _, c := range []struct {
		lang, tok, fields, field, words, err string
	}{
		{"en", bTok, "action=edit&body=+++++", `<textarea id="f-body" name="body" rows="4" maxlength="4000" required aria-invalid="true" aria-describedby="e-body">     </textarea>`,
			`<p class="field-error" id="e-body">`, `<a href="#f-body">`},
		{"es", bTok, "action=edit&body=+++", `<textarea id="f-body" name="body" rows="4" maxlength="4000" required aria-invalid="true" aria-describedby="e-body">   </textarea>`,
			`<h2 id="edit">Editar o eliminar</h2>`, `<a href="#f-body">`},
		{"en", aTok, "action=delete&reason=++", `<input id="f-reason" name="reason" type="text" maxlength="500" required value="  " aria-invalid="true" aria-describedby="e-reason">`,
			`<p class="field-error" id="e-reason">`, `<a href="#f-reason">`},
		{"es", aTok, "action=delete&reason=+", `<input id="f-reason" name="reason" type="text" maxlength="500" required value=" " aria-invalid="true" aria-describedby="e-reason">`,
			`<h2 id="remove">Eliminarlo del grupo</h2>`, `<a href="#f-reason">`},
	} {
		req, err := http.NewRequest("POST", e.http.URL+"/messages/"+bens+"/action", strings.NewReader("conv="+gid+"&kind=group&"+c.fields))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Cookie", "kinship_lang="+c.lang)
		r := e.send(req, c.tok)
		page := r.String()
		if r.Status != http.StatusBadRequest {
			t.Errorf("%s %s: status %d, want 400", c.lang, c.fields, r.Status)
		}
		for _, w := range []string{c.field, c.words, c.err, "Thinking of the week ahead"} {
			if !strings.Contains(page, w) {
				t.Errorf("%s %s: no %q on the page:\n%.4000s", c.lang, c.fields, w, main(page))
			}
		}
		if strings.Contains(main(page), `id="chat-log"`) || strings.Contains(main(page), `<textarea id="f-body" name="body" rows="3"`) {
			t.Errorf("%s %s: the refusal drew the chat, not the message's page", c.lang, c.fields)
		}
	}

	for _, c := range []struct{ tok, fields string }{
		{bTok, "action=edit&body=Thinking+of+next+week"},
		{aTok, "action=delete&reason=Off+topic+here"},
	} {
		r := e.do("POST", "/messages/"+bens+"/action", c.tok, formBody("conv="+gid+"&kind=group&"+c.fields))
		if r.Status != http.StatusSeeOther || r.Header.Get("Location") != chat+"#m-"+bens {
			t.Errorf("%s: %d to %q, want 303 to the chat at the message", c.fields, r.Status, r.Header.Get("Location"))
		}
	}
}
