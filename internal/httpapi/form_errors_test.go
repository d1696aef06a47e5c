package httpapi_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// harbor is a site with its admin, an organization (Harbor) that Ana
// runs, and her group (Evenings); Ana and the admin sign in with two
// factors.
type harbor struct {
	e                      *env
	siteTok, anaID, anaTok string
	org, group             string
}

func newHarbor(t *testing.T) harbor {
	t.Helper()
	e, siteTok := newEnvWithAdmin(t, testutil.DB{Name: "sqlite", DataDir: t.TempDir()}) // the first account runs the site
	e.enableMFA(siteTok)
	anaID, tok := e.signupLogin("ana@example.org", goodPassword, "Ana")
	e.enableMFA(tok)
	org := e.do("POST", "/api/v1/organizations", siteTok, map[string]string{"name": "Harbor", "admin_email": "ana@example.org"}).JSON(t)["id"].(string)
	return harbor{e: e, siteTok: siteTok, anaID: anaID, anaTok: tok, org: org, group: e.newGroup(tok, "Evenings", "listed")}
}

// TestFormErrorsTiedToFields sends forms with one mistake and reads the
// page that answers: every link in the error summary goes to the input
// itself (not a list or a fieldset), that input or its fieldset is
// described by the field's own error, and what was answered stays chosen.
// The recovery-capital form kept 0 of 9 answers and linked to fieldsets;
// the check-in's "used" error was not tied to its fieldset and its links
// went to lists; the community post's body error was not tied to the box.
// A whole number that does not read ("two weeks" days for an invitation,
// "every" for a meeting's interval, a word for a survey answer) is refused
// on its field with what was typed kept: the invitation and the meeting
// were made with a default instead.
func TestFormErrorsTiedToFields(t *testing.T) {
	h := newHarbor(t)
	e, tok, org, gid := h.e, h.anaTok, h.org, h.group

	var answers []string
	for i := range 10 {
		if i != 3 {
			answers = append(answers, fmt.Sprintf("q%d=%d", i, i%6+1))
		}
	}
	cases := []struct {
		name, path, body string
		links            []string
		kept             []string // inputs that must still be chosen, as name=value
	}{
		{"recovery capital with statement 4 unanswered", "/recovery-capital", strings.Join(answers, "&"), []string{"f-q3"},
			[]string{"q0=1", "q1=2", "q2=3", "q4=5", "q5=6", "q6=1", "q7=2", "q8=3", "q9=4"}},
		{"check-in without used", "/checkin", "mood=3&craving=2", []string{"f-used"}, []string{"mood=3", "craving=2"}},
		{"community post without a body", "/community/posts", "kind=question&title=Hello&body=", []string{"f-body"}, []string{"kind=question"}},
		{"recovery capital with a word for statement 4", "/recovery-capital", strings.Join(answers, "&") + "&q3=lots", []string{"f-q3"},
			[]string{"q0=1", "q1=2", "q2=3", "q4=5", "q5=6", "q6=1", "q7=2", "q8=3", "q9=4"}},
		{"an invitation valid for \"two weeks\" days", "/organizations/" + org + "/action", "action=invite&cohort=Spring&days=two+weeks", []string{"f-days"},
			[]string{"cohort=Spring", "days=two weeks"}},
		{"a meeting repeating every \"every\" weeks", "/groups/" + gid + "/meetings", "title=Weekly&start_local=2027-01-05T19:00&timezone=UTC&duration_minutes=60&freq=weekly&weekdays=tue&interval=every",
			[]string{"f-interval"}, []string{"title=Weekly", "duration_minutes=60", "freq=weekly", "weekdays=tue", "interval=every"}},
		{"a meeting an hour and a half long", "/groups/" + gid + "/meetings", "title=Weekly&start_local=2027-01-05T19:00&timezone=UTC&duration_minutes=1.5h&freq=once",
			[]string{"f-duration_minutes"}, []string{"title=Weekly", "freq=once", "duration_minutes=1.5h"}},
	}
	for _, c := range cases {
		r := e.do("POST", c.path, tok, formBody(c.body))
		if r.Status != http.StatusBadRequest {
			t.Errorf("%s: status %d, want 400 (%s): %.300s", c.name, r.Status, r.Header.Get("Location"), r.Body)
			continue
		}
		doc, err := html.Parse(strings.NewReader(r.String()))
		if err != nil {
			t.Fatal(err)
		}
		ids := map[string]*html.Node{}
		var links []string
		chosen := map[string]bool{}
		var walk func(n *html.Node, inSummary bool)
		walk = func(n *html.Node, inSummary bool) {
			if n.Type == html.ElementNode {
				if id := attr(n, "id"); id != "" {
					ids[id] = n
				}
				if id := attr(n, "id"); id == "error-summary" {
					inSummary = true
				}
				if inSummary && n.Data == "a" && strings.HasPrefix(attr(n, "href"), "#") {
					links = append(links, attr(n, "href")[1:])
				}
				if n.Data == "input" && (attr(n, "type") == "radio" || attr(n, "type") == "checkbox") {
					if _, on := attrOK(n, "checked"); on {
						chosen[attr(n, "name")+"="+attr(n, "value")] = true
					}
				}
				if n.Data == "input" && attr(n, "type") != "radio" && attr(n, "type") != "checkbox" && attr(n, "type") != "hidden" && attr(n, "value") != "" {
					chosen[attr(n, "name")+"="+attr(n, "value")] = true
				}
				if n.Data == "option" {
					if _, on := attrOK(n, "selected"); on && n.Parent != nil {
						chosen[attr(n.Parent, "name")+"="+attr(n, "value")] = true
					}
				}
			}
			for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
				walk(ch, inSummary)
			}
		}
		walk(doc, false)
		if strings.Join(links, " ") != strings.Join(c.links, " ") {
			t.Errorf("%s: the summary links to %v, want %v", c.name, links, c.links)
		}
		for _, id := range links {
			el := ids[id]
			if el == nil {
				t.Errorf("%s: the summary links to #%s, which is not on the page", c.name, id)
				continue
			}
			if el.Data != "input" && el.Data != "select" && el.Data != "textarea" {
				t.Errorf("%s: #%s is a <%s>, not the input", c.name, id, el.Data)
			}
			// The error is read with the input: from its own description or
			// its fieldset's.
			described := attr(el, "aria-describedby")
			for p := el.Parent; p != nil; p = p.Parent {
				if p.Type == html.ElementNode && p.Data == "fieldset" {
					described += " " + attr(p, "aria-describedby")
				}
			}
			tied := false
			for _, d := range strings.Fields(described) {
				if n := ids[d]; n != nil && strings.Contains(attr(n, "class"), "field-error") && strings.TrimSpace(testutil.Spoken(n)) != "" {
					tied = true
				}
			}
			if !tied {
				t.Errorf("%s: #%s is not described by its error (aria-describedby %q)", c.name, id, described)
			}
			if el.Data != "input" || attr(el, "type") != "radio" {
				if attr(el, "aria-invalid") != "true" {
					t.Errorf("%s: #%s is not marked aria-invalid", c.name, id)
				}
			}
		}
		for _, k := range c.kept {
			if !chosen[k] {
				t.Errorf("%s: %s was not kept after the error (kept: %v)", c.name, k, chosen)
			}
		}
	}
}

// A number in an address that does not read is refused with words, not
// read as the default: the trends' days, a chat's older messages, the
// meeting finder's old "within" hours.
func TestAddressNumbersThatDoNotReadAreRefused(t *testing.T) {
	e, _ := newEnvWithAdmin(t, testutil.DB{Name: "sqlite", DataDir: t.TempDir()})
	_, tok := e.signupLogin("ana@example.org", goodPassword, "Ana")
	e.enableMFA(tok)
	gid := e.newGroup(tok, "Evenings", "listed")
	for _, c := range []struct{ path, want string }{
		{"/trends?days=a+month", "Choose 30, 90 or 365 days"},
		{"/groups/" + gid + "/chat?before=yesterday", "That is not a place in this conversation"},
		{"/meetings?within=soon", "Choose when from the list"},
	} {
		r := e.do("GET", c.path, tok, nil)
		if text := testutil.Visible(r.String()); r.Status != http.StatusBadRequest || !strings.Contains(text, c.want) {
			t.Errorf("%s: %d, want 400 reading %q:\n%.600s", c.path, r.Status, c.want, text)
		}
	}
}
