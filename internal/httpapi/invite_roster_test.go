package httpapi_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// A program invites someone who finished it before Kinship came as its
// alum (walk11 W11-7): they join as the program's alum, the staff's page
// and their own say so ("alum", "exparticipante"), and nothing discharges
// them or tells them of a discharge. Every code made someone a client
// before, to be discharged, and sent the discharge notice.
func TestInvitationAsAlum(t *testing.T) {
	e, avaTok, org := harborWithAva(t)
	_, boTok := e.signupLogin("bo@example.org", goodPassword, "Bo")
	_, cyTok := e.signupLogin("cy@example.org", goodPassword, "Cy")

	// Through the API: Bo, an alum.
	r := e.do("POST", "/api/v1/organizations/"+org+"/invitations", avaTok, map[string]any{"cohort": "2019", "joins_as": "alumni"})
	expectStatus(t, r, http.StatusCreated)
	if got := r.JSON(t)["joins_as"]; got != "alumni" {
		t.Errorf("the code's place: %v", got)
	}
	joined := e.do("POST", "/api/v1/organizations/join", boTok, map[string]string{"code": r.JSON(t)["code"].(string)})
	expectStatus(t, joined, http.StatusOK)
	if got := joined.JSON(t)["my_role"]; got != "alumni" {
		t.Errorf("Bo joined as %v, want alumni", got)
	}
	// Through the page: Cy, an alum, in Spanish.
	page := e.do("POST", "/organizations/"+org+"/action", avaTok, formBody("action=invite&days=14&cohort=2020&joins_as=alumni"))
	expectStatus(t, page, http.StatusSeeOther)
	codes := e.do("GET", "/organizations/"+org, avaTok, nil)
	if text := testutil.Visible(codes.String()); !strings.Contains(text, "Cohort 2020, for an alum, made ") || !strings.Contains(text, "Cohort 2019, for an alum, made ") {
		t.Errorf("the codes made do not say they are for alumni:\n%s", text)
	}
	code := e.do("POST", "/api/v1/organizations/"+org+"/invitations", avaTok, map[string]any{"cohort": "2020", "joins_as": "alumni"}).JSON(t)["code"].(string)
	expectStatus(t, e.do("POST", "/language", cyTok, formBody("lang=es&next=/")), http.StatusSeeOther)
	j := e.do("POST", "/organizations/join", cyTok, formBody("code="+url.QueryEscape(code)))
	if j.Status != http.StatusSeeOther || j.Header.Get("Location") != "/organizations?done=joined_alum" {
		t.Fatalf("Cy joins: %d %s", j.Status, j.Header.Get("Location"))
	}
	own := testutil.Visible(e.do("GET", "/organizations?done=joined_alum", cyTok, nil).String())
	for _, w := range []string{"Te uniste como exparticipante de tu programa", "Harbor (exparticipante, 2020)"} {
		if !strings.Contains(own, w) {
			t.Errorf("Cy's own page does not read %q:\n%s", w, own)
		}
	}
	if own := testutil.Visible(e.do("GET", "/organizations?done=joined_alum", boTok, nil).String()); !strings.Contains(own, "You joined as an alum of your program") || !strings.Contains(own, "Harbor (alum, 2019)") {
		t.Errorf("Bo's own page:\n%s", own)
	}

	// The staff's page: both are alumni, with no discharge to do.
	staff := e.do("GET", "/organizations/"+org, avaTok, nil).String()
	for _, name := range []string{"Bo", "Cy"} {
		row := regexp.MustCompile(`<td role="cell" class="day">` + name + `</td><td role="cell" data-label="Role">([^<]*)</td>`).FindStringSubmatch(staff)
		if row == nil || row[1] != "alum" {
			t.Errorf("the staff's page names %s's place %v, want alum", name, row)
		}
	}
	if n := strings.Count(staff, `name="action" value="discharge"`); n != 0 {
		t.Errorf("the staff's page offers %d discharges of alumni", n)
	}
	es := testutil.Visible(e.getIn("/organizations/"+org, avaTok, "es").String())
	if !strings.Contains(es, "Cohorte 2020, para exparticipante, ") {
		t.Errorf("the Spanish codes made do not say they are for alumni:\n%s", es)
	}
	if d := e.do("POST", "/api/v1/organizations/"+org+"/members/"+mustID(t, e, boTok)+"/discharge", avaTok, nil); d.Status != http.StatusConflict {
		t.Errorf("discharging an alum: %d %s", d.Status, d.Body)
	}
	for name, tok := range map[string]string{"Bo": boTok, "Cy": cyTok} {
		notes := string(e.do("GET", "/api/v1/notifications", tok, nil).Body)
		if strings.Contains(notes, "completing your program") || strings.Contains(notes, "programa") {
			t.Errorf("%s was told of a discharge: %s", name, notes)
		}
	}

	// A place that is neither is refused in words, naming the field.
	bad := e.do("POST", "/api/v1/organizations/"+org+"/invitations", avaTok, map[string]any{"joins_as": "graduate"})
	if bad.Status != http.StatusBadRequest || !strings.Contains(string(bad.Body), `"joins_as"`) || !strings.Contains(string(bad.Body), "choose whom the code is for: client (in the program now) or alumni (finished it)") {
		t.Errorf("an unknown place: %d %s", bad.Status, bad.Body)
	}
}

// harborWithAva starts a server with its site admin and Harbor, whose admin Ava
// (two-factor login on) signs in with avaTok.
func harborWithAva(t *testing.T) (e *env, avaTok, org string) {
	t.Helper()
	e, siteTok := newEnvWithAdmin(t, testutil.DB{Name: "sqlite", DataDir: t.TempDir()})
	e.enableMFA(siteTok)
	_, avaTok = e.signupLogin("ava@example.org", goodPassword, "Ava")
	e.enableMFA(avaTok)
	org = e.do("POST", "/api/v1/organizations", siteTok, map[string]string{"name": "Harbor", "admin_email": "ava@example.org"}).JSON(t)["id"].(string)
	return e, avaTok, org
}

// mustID is the account ID of tok's holder.
func mustID(t *testing.T, e *env, tok string) string {
	t.Helper()
	return e.do("GET", "/api/v1/me", tok, nil).JSON(t)["id"].(string)
}

// A program brings its roster (walk11 W11-7): one address a line (commas
// and semicolons too, blank lines and an address written twice left out),
// a code and an email for each. A list with a bad row sends nothing and
// names each bad row by its line and why, in the reader's language, with
// every row kept in the field; over 200 addresses is refused in words.
// Through the API a list is an array, each bad place named (emails[2]),
// and an email field given several addresses, or a malformed one, is a
// 400 naming it: a pasted list became one code emailed to one malformed
// address before.
func TestInvitationRoster(t *testing.T) {
	e, avaTok, org := harborWithAva(t)
	_, rosaTok := e.signupLogin("rosa@example.org", goodPassword, "Rosa")
	expectStatus(t, e.do("POST", "/language", rosaTok, formBody("lang=es&next=/")), http.StatusSeeOther)
	codes := func() int {
		t.Helper()
		return strings.Count(e.do("GET", "/organizations/"+org, avaTok, nil).String(), `name="code_id"`)
	}
	invitation := map[string]bool{"Your invitation to Kinship": true, "Tu invitación a Kinship": true}
	mailTo := func(to string) testutil.ParsedMail {
		t.Helper()
		return testutil.ParseMail(t, e.smtp.WaitForMatch(t, func(raw testutil.ReceivedMessage) bool {
			m := testutil.ParseMail(t, raw)
			return strings.Join(m.To, ",") == to && invitation[m.Subject]
		}, 20*time.Second))
	}
	invitations := func() (to []string) {
		for _, raw := range e.smtp.Messages() {
			if m := testutil.ParseMail(t, raw); invitation[m.Subject] {
				to = append(to, strings.Join(m.To, ","))
			}
		}
		return to
	}

	// A list with two bad rows: nothing made, each named, every row kept.
	list := "ana@example.org\n\nben@example.org, cal@example.org;\nANA@example.org\nana@\nrosa@example.org\ndee@example org\n"
	for _, c := range []struct{ lang, summary, line5, line7 string }{
		{"en", "Nothing was sent yet: 2 lines need fixing. Fix or remove them, then send the list again.",
			"line 5: 'ana@' is not an email address", "line 7: 'dee@example org' is more than one address: write each apart"},
		{"es", "Aún no se envió nada: hay que corregir 2 líneas. Corrígelas o quítalas y vuelve a enviar la lista.",
			"línea 5: 'ana@' no es una dirección de correo electrónico", "línea 7: 'dee@example org' es más de una dirección: escribe cada una por separado"},
	} {
		req, _ := http.NewRequest("POST", e.http.URL+"/organizations/"+org+"/action", strings.NewReader("action=invite&days=14&cohort=Spring&roster="+url.QueryEscape(list)))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Cookie", "kinship_lang="+c.lang)
		r := e.send(req, avaTok)
		text := testutil.Visible(r.String())
		if r.Status != http.StatusBadRequest {
			t.Errorf("%s: a list with bad rows: %d", c.lang, r.Status)
		}
		for _, w := range []string{c.summary, c.line5, c.line7} {
			if !strings.Contains(text, w) {
				t.Errorf("%s: the refused list does not read %q:\n%s", c.lang, w, text)
			}
		}
		if strings.Contains(text, "line 1:") || strings.Contains(text, "línea 1:") || strings.Contains(text, "line 3:") {
			t.Errorf("%s: a good row is named as bad:\n%s", c.lang, text)
		}
		if !strings.Contains(r.String(), ">"+strings.ReplaceAll(list, "'", "&#39;")+"</textarea>") {
			t.Errorf("%s: the rows are not all kept in the field:\n%s", c.lang, r.String())
		}
	}
	if n := codes(); n != 0 {
		t.Errorf("a refused list made %d codes", n)
	}

	// Fixed: a code and an email for each address once, as alumni.
	fixed := strings.NewReplacer("ana@\n", "", "dee@example org", "dee@example.org").Replace(list)
	r := e.do("POST", "/organizations/"+org+"/action", avaTok, formBody("action=invite&days=14&cohort=Spring&joins_as=alumni&language=en&roster="+url.QueryEscape(fixed)))
	expectStatus(t, r, http.StatusSeeOther)
	if n := codes(); n != 5 {
		t.Errorf("the list made %d codes, want 5 (ana once)", n)
	}
	seen := map[string]bool{}
	for _, to := range []string{"ana@example.org", "ben@example.org", "cal@example.org", "dee@example.org"} {
		m := mailTo(to)
		code := regexp.MustCompile(`(?m)^([0-9A-Z]{5}-[0-9A-Z]{5})\r?$`).FindStringSubmatch(m.Text)
		if m.Subject != "Your invitation to Kinship" || code == nil || seen[code[1]] || strings.Contains(m.Text, "Harbor") || strings.Contains(strings.ToLower(m.Text), "recovery") {
			t.Errorf("the email to %s (%q): %s", to, m.Subject, m.Text)
			continue
		}
		seen[code[1]] = true
	}
	// Rosa has an account and reads Spanish: hers is in Spanish.
	if m := mailTo("rosa@example.org"); m.Subject != "Tu invitación a Kinship" || !strings.Contains(m.Text, "Te invitaron a un espacio en Kinship.") {
		t.Errorf("Rosa's invitation (%q): %s", m.Subject, m.Text)
	}
	if to := invitations(); len(to) != 5 || strings.Contains(strings.Join(to, " "), "ana@ ") || strings.Contains(strings.Join(to, " "), "ANA") {
		t.Errorf("the invitations went to %v, want the 5 addresses once each", to)
	}

	// Over 200: refused in words, nothing made.
	var many []string
	for i := 0; i < 201; i++ {
		many = append(many, fmt.Sprintf("p%d@example.org", i))
	}
	over := e.do("POST", "/organizations/"+org+"/action", avaTok, formBody("action=invite&days=14&roster="+url.QueryEscape(strings.Join(many, "\n"))))
	if text := testutil.Visible(over.String()); over.Status != http.StatusBadRequest ||
		!strings.Contains(text, "A list holds at most 200 addresses at a time; this one has 201: send the rest in a second list") {
		t.Errorf("a list of 201: %d\n%s", over.Status, text)
	}
	// An address and a list together: which one is meant is asked.
	both := e.do("POST", "/organizations/"+org+"/action", avaTok, formBody("action=invite&days=14&email=eve%40example.org&roster=fay%40example.org"))
	if text := testutil.Visible(both.String()); both.Status != http.StatusBadRequest || !strings.Contains(text, "Write this address in the list too, or leave the list empty") {
		t.Errorf("an address and a list: %d\n%s", both.Status, text)
	}
	if n := codes(); n != 5 {
		t.Errorf("refused lists made %d more codes", n-5)
	}

	// The API: one address in email, or a 400 naming it.
	for _, c := range []struct{ email, want string }{
		{"eve@example.org, fay@example.org", "write one address here: each person gets a code of their own, so invite several people as a list"},
		{"eve@example.org fay@example.org", "write one address here"},
		{"eve@", "not an address"},
	} {
		b := e.do("POST", "/api/v1/organizations/"+org+"/invitations", avaTok, map[string]any{"email": c.email})
		if b.Status != http.StatusBadRequest || !strings.Contains(string(b.Body), `"name":"email"`) || !strings.Contains(string(b.Body), c.want) {
			t.Errorf("email %q: %d %s", c.email, b.Status, b.Body)
		}
	}
	if empty := e.do("POST", "/api/v1/organizations/"+org+"/invitations/roster", avaTok, nil); empty.Status != http.StatusBadRequest ||
		!strings.Contains(string(empty.Body), "write at least one email address in the list") {
		t.Errorf("an empty list: %d %s", empty.Status, empty.Body)
	}
	bad := e.do("POST", "/api/v1/organizations/"+org+"/invitations/roster", avaTok, map[string]any{"emails": []string{"gil@example.org", "hal@example.org; ida@example.org", "ana@", ""}})
	if bad.Status != http.StatusBadRequest {
		t.Errorf("a list with bad places: %d %s", bad.Status, bad.Body)
	}
	for _, w := range []string{`{"name":"emails[1]","in":"body","detail":"'hal@example.org; ida@example.org' is more than one address: write each apart"}`,
		`{"name":"emails[2]","in":"body","detail":"'ana@' is not an email address"}`,
		`{"name":"emails[3]","in":"body","detail":"an empty place in the list: write an address there or leave it out"}`,
		"nothing was sent: 3 places in the list need fixing first"} {
		if !strings.Contains(string(bad.Body), w) {
			t.Errorf("the refused list does not read %s: %s", w, bad.Body)
		}
	}
	if strings.Contains(string(bad.Body), "emails[0]") {
		t.Errorf("a good place is named: %s", bad.Body)
	}
	good := e.do("POST", "/api/v1/organizations/"+org+"/invitations/roster", avaTok, map[string]any{"emails": []string{"gil@example.org", "GIL@example.org", "hal@example.org"}, "cohort": "Fall"})
	expectStatus(t, good, http.StatusCreated)
	invs, _ := good.JSON(t)["invitations"].([]any)
	if len(invs) != 2 {
		t.Fatalf("the list made %d codes, want 2: %s", len(invs), good.Body)
	}
	for i, to := range []string{"gil@example.org", "hal@example.org"} {
		inv := invs[i].(map[string]any)
		if inv["email"] != to || inv["joins_as"] != "client" || inv["cohort"] != "Fall" {
			t.Errorf("code %d: %v", i, inv)
		}
		if m := mailTo(to); !strings.Contains(m.Text, inv["code"].(string)) {
			t.Errorf("the email to %s does not hold its code %v:\n%s", to, inv["code"], m.Text)
		}
	}
	if n := codes(); n != 7 {
		t.Errorf("%d codes after the API's list, want 7", n)
	}
}
