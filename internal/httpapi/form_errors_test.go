package httpapi_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// TestFormErrorsTiedToFields sends forms with one mistake and reads the
// page that answers: every link in the error summary goes to the input
// itself (not a list or a fieldset), that input or its fieldset is
// described by the field's own error, and what was answered stays chosen.
// The recovery-capital form kept 0 of 9 answers and linked to fieldsets;
// the check-in's "used" error was not tied to its fieldset and its links
// went to lists; the community post's body error was not tied to the box.
func TestFormErrorsTiedToFields(t *testing.T) {
	e := newEnv(t, testutil.DB{Name: "sqlite", DataDir: t.TempDir()})
	e.signupLogin("admin@example.org", goodPassword, "Admin") // the first account runs the site
	_, tok := e.signupLogin("ana@example.org", goodPassword, "Ana")

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
