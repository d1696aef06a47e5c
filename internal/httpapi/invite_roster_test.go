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
// a code and an email for each. A list with a bad row sent nothing before;
// now, as every import here, the good rows are sent and the page says how
// many and to which addresses, and the box keeps only the bad rows, each
// named by its line there and why, in the reader's language (a list of
// bad rows only sends nothing, every row kept); over 200 addresses is
// refused in words. Through the API a list is an array: its good places
// are invited and each bad one named (emails[2]) in refused, with 207
// Multi-Status (201 when all were invited; a 400 when none was an
// address); an email field given several addresses, or a malformed one,
// is a 400 naming it.
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

	// A list with two bad rows: the four good addresses sent, the two bad
	// rows left in the box, each named by its line there.
	list := "ana@example.org\n\nben@example.org, cal@example.org;\nANA@example.org\nana@\nrosa@example.org\ndee@example org\n"
	post := func(lang, roster string, extra ...string) resp {
		t.Helper()
		req, _ := http.NewRequest("POST", e.http.URL+"/organizations/"+org+"/action",
			strings.NewReader("action=invite&days=14&cohort=Spring&roster="+url.QueryEscape(roster)+strings.Join(extra, "")))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Cookie", "kinship_lang="+lang)
		r := e.send(req, avaTok)
		if r.Status != http.StatusSeeOther {
			return r
		}
		// A list partly sent is shown after a redirect (de5b794), its
		// outcome in the flash cookie: the page the browser reads next.
		next, _ := http.NewRequest("GET", e.http.URL+r.Header.Get("Location"), nil)
		next.Header.Set("Cookie", "kinship_lang="+lang)
		for _, c := range (&http.Response{Header: r.Header}).Cookies() {
			next.AddCookie(c)
		}
		page := e.send(next, avaTok)
		page.Status = r.Status
		return page
	}
	for _, c := range []struct {
		lang, roster, box string
		codes             int
		want              []string
	}{
		{"en", list, "ana@\ndee@example org", 4, []string{
			"Made 4 codes, one for each address, and sent each by email: to ana@example.org, ben@example.org, cal@example.org and rosa@example.org.",
			"2 lines were not sent, and are left in the box: fix them, then send them again.",
			"line 1: 'ana@' is not an email address", "line 2: 'dee@example org' is not an email address"}},
		{"es", "eve@example.org\nfoo@", "foo@", 5, []string{
			"Se creó 1 código y se envió por correo a eve@example.org.",
			"1 línea no se envió y quedó en el cuadro: corrígela y vuelve a enviarla.",
			"línea 1: 'foo@' no es una dirección de correo electrónico"}},
	} {
		r := post(c.lang, c.roster)
		text := testutil.Visible(r.String())
		// The program's page is shown after a redirect (303), the notice
		// saying what was sent and the box holding the rows to fix.
		if r.Status != http.StatusSeeOther {
			t.Errorf("%s: a list with some bad rows: %d", c.lang, r.Status)
		}
		for _, w := range c.want {
			if !strings.Contains(text, w) {
				t.Errorf("%s: the page after the list does not read %q:\n%s", c.lang, w, text)
			}
		}
		if !strings.Contains(r.String(), ">"+strings.ReplaceAll(c.box, "'", "&#39;")+"</textarea>") {
			t.Errorf("%s: the box does not hold only the bad rows %q:\n%s", c.lang, c.box, r.String())
		}
		if n := codes(); n != c.codes {
			t.Errorf("%s: %d codes after the list, want %d", c.lang, n, c.codes)
		}
	}
	// A list of bad rows only: nothing sent, each named, every row kept.
	r := post("en", "ana@\ndee@example org")
	if text := testutil.Visible(r.String()); r.Status != http.StatusBadRequest ||
		!strings.Contains(text, "Nothing was sent yet: 2 lines need fixing. Fix or remove them, then send the list again.") ||
		!strings.Contains(text, "line 2: 'dee@example org' is not an email address") ||
		!strings.Contains(r.String(), ">ana@\ndee@example org</textarea>") {
		t.Errorf("a list of bad rows only: %d\n%s", r.Status, text)
	}
	if n := codes(); n != 5 {
		t.Errorf("a list of bad rows made %d codes", n-5)
	}

	// Fixed: the last row sent, as an alum.
	r = e.do("POST", "/organizations/"+org+"/action", avaTok, formBody("action=invite&days=14&cohort=Spring&joins_as=alumni&language=en&roster="+url.QueryEscape("dee@example.org")))
	expectStatus(t, r, http.StatusSeeOther)
	if n := codes(); n != 6 {
		t.Errorf("%d codes after the fixed row, want 6 (ana once)", n)
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
	if to := invitations(); len(to) != 6 || strings.Contains(strings.Join(to, " "), "ana@ ") || strings.Contains(strings.Join(to, " "), "ANA") {
		t.Errorf("the invitations went to %v, want the 6 addresses once each", to)
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
	if n := codes(); n != 6 {
		t.Errorf("refused lists made %d more codes", n-6)
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
	// Some bad places: the good one invited, each bad one named, 207.
	some := e.do("POST", "/api/v1/organizations/"+org+"/invitations/roster", avaTok, map[string]any{"emails": []string{"jo@example.org", "hal@example.org; ida@example.org", "ana@", ""}})
	if some.Status != http.StatusMultiStatus {
		t.Errorf("a list with bad places: %d %s", some.Status, some.Body)
	}
	for _, w := range []string{`"email":"jo@example.org"`,
		`{"field":"emails[1]","email":"hal@example.org; ida@example.org","message":"'hal@example.org; ida@example.org' is more than one address: write each apart"}`,
		`{"field":"emails[2]","email":"ana@","message":"'ana@' is not an email address"}`,
		`{"field":"emails[3]","email":"","message":"an empty place in the list: write an address there or leave it out"}`} {
		if !strings.Contains(string(some.Body), w) {
			t.Errorf("the answer to a list with bad places does not read %s: %s", w, some.Body)
		}
	}
	if strings.Contains(string(some.Body), "emails[0]") || len(some.JSON(t)["invitations"].([]any)) != 1 {
		t.Errorf("the good place is refused, or more than it invited: %s", some.Body)
	}
	if m := mailTo("jo@example.org"); m.Subject != "Your invitation to Kinship" {
		t.Errorf("Jo's invitation (%q): %s", m.Subject, m.Text)
	}
	// No good place: a 400 naming each, nothing sent.
	bad := e.do("POST", "/api/v1/organizations/"+org+"/invitations/roster", avaTok, map[string]any{"emails": []string{"hal@example.org; ida@example.org", "ana@", ""}})
	if bad.Status != http.StatusBadRequest {
		t.Errorf("a list of bad places only: %d %s", bad.Status, bad.Body)
	}
	for _, w := range []string{`{"name":"emails[0]","in":"body","detail":"'hal@example.org; ida@example.org' is more than one address: write each apart"}`,
		`{"name":"emails[1]","in":"body","detail":"'ana@' is not an email address"}`,
		`{"name":"emails[2]","in":"body","detail":"an empty place in the list: write an address there or leave it out"}`,
		"nothing was sent: 3 places in the list need fixing first"} {
		if !strings.Contains(string(bad.Body), w) {
			t.Errorf("the refused list does not read %s: %s", w, bad.Body)
		}
	}
	good := e.do("POST", "/api/v1/organizations/"+org+"/invitations/roster", avaTok, map[string]any{"emails": []string{"gil@example.org", "GIL@example.org", "hal@example.org"}, "cohort": "Fall"})
	expectStatus(t, good, http.StatusCreated)
	if !strings.Contains(string(good.Body), `"refused":[]`) {
		t.Errorf("a list of good places only refuses: %s", good.Body)
	}
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
	if n := codes(); n != 9 {
		t.Errorf("%d codes after the API's lists, want 9", n)
	}

	// walk15 (W15-8): a list sent again gave everyone on it a second
	// code. An address with an open code is sent nothing, and named.
	again := e.do("POST", "/api/v1/organizations/"+org+"/invitations/roster", avaTok, map[string]any{"emails": []string{"GIL@example.org", "ivy@example.org"}, "cohort": "Fall"})
	expectStatus(t, again, http.StatusMultiStatus)
	if invs, _ := again.JSON(t)["invitations"].([]any); len(invs) != 1 || invs[0].(map[string]any)["email"] != "ivy@example.org" {
		t.Errorf("the list sent again made %v, want one code, for ivy@example.org", invs)
	}
	open, _ := again.JSON(t)["already_open"].([]any)
	if len(open) != 1 || open[0].(map[string]any)["field"] != "emails[0]" || open[0].(map[string]any)["email"] != "GIL@example.org" || open[0].(map[string]any)["sent_at"] == nil {
		t.Errorf("the list sent again names as already open %v: %s", open, again.Body)
	}
	mailTo("ivy@example.org")
	if n := strings.Count(strings.Join(invitations(), " "), "gil@example.org"); n != 1 {
		t.Errorf("gil@example.org got %d invitations, want 1", n)
	}
	page := testutil.Visible(e.do("GET", "/organizations/"+org, avaTok, nil).String())
	for _, w := range []string{", sent to gil@example.org: not used yet", ", sent to ivy@example.org: not used yet", ", sent to ana@example.org: not used yet"} {
		if !strings.Contains(page, w) {
			t.Errorf("the program's page does not read %q:\n%s", w, page)
		}
	}
	// On the page, in Spanish: nothing sent, and said.
	r = post("es", "gil@example.org")
	if text := testutil.Visible(r.String()); !strings.Contains(text, "No se envió ningún código. gil@example.org ya tiene un código abierto, enviado el ") ||
		!strings.Contains(text, "; revócalo para enviar uno nuevo.") || !strings.Contains(text, "enviado a gil@example.org: todavía sin usar") {
		t.Errorf("the roster sent again on the page reads:\n%s", text)
	}
	if n := codes(); n != 10 {
		t.Errorf("%d codes after the lists sent again, want 10", n)
	}
}
