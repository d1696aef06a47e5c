package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/kinshiprecovery/kinship/internal/app"
)

// A notification is written in its reader's language, not its sender's:
// Bo reads English and answers Ana's post; Ana reads Spanish and is told
// in Spanish. When she switches to English the same notification reads in
// English, since it is kept as a message, not as words.
func TestNotificationInTheReadersLanguage(t *testing.T) {
	_, _, admin := serverWithAdmin(t)
	ana := admin.next("ana@example.org", "Ana", "America/Los_Angeles")
	ana.speak("es")
	if code, text, _ := ana.post("/community/posts", url.Values{"kind": {"question"}, "title": {"Primer día"}, "body": {"¿Qué les ayudó la primera semana?"}}); code != http.StatusOK || !strings.Contains(text, "Se compartió con la comunidad.") {
		t.Fatalf("Ana's post: %d %s", code, text)
	}
	_, page, _ := ana.do("GET", "/community", nil)
	m := regexp.MustCompile(`href="/posts/([^"]+)"`).FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no post on the community page: %s", readable(page))
	}
	bo := ana.next("bo@example.org", "Bo", "America/Chicago")
	if code, text, _ := bo.post("/posts/"+m[1]+"/comment", url.Values{"body": {"Ir a una reunión cada día."}}); code != http.StatusOK || !strings.Contains(text, "Comments") {
		t.Fatalf("Bo's answer: %d %s", code, text)
	}
	if _, text := ana.get("/notifications"); !strings.Contains(text, `Bo respondió tu publicación "Primer día".`) {
		t.Errorf("Ana's notifications in Spanish: %s", text)
	}
	ana.speak("en")
	if _, text := ana.get("/notifications"); !strings.Contains(text, `Bo answered your post "Primer día".`) {
		t.Errorf("Ana's notifications in English: %s", text)
	}
}

// serverWithAdmin starts a server whose first account, the site's admin
// (in Chicago), is taken, so that the people a test signs up next are
// members. It returns the server's address and app too.
func serverWithAdmin(t *testing.T) (string, *app.App, *person) {
	base, a, term := startServerMail(t)
	return base, a, signedUp(t, base, term, "admin@example.org", "Admin", "America/Chicago", "US")
}

// signedUp is a person in a browser of their own who signed up (reading
// the email term printed) and is signed in.
func signedUp(t *testing.T, base string, term *terminal, email, name, zone, country string) *person {
	t.Helper()
	p := newPerson(t, base)
	p.term = term
	p.signUp(email, name, zone, country)
	return p
}

// speak chooses the language p reads Kinship in, on the footer's switch,
// and returns the home page that follows.
func (p *person) speak(lang string) (int, string, string) {
	p.t.Helper()
	return p.post("/language", url.Values{"lang": {lang}, "next": {"/"}})
}

// next signs up a member in the US after p (reading the email the server
// prints after p's).
func (p *person) next(email, name, zone string) *person {
	p.t.Helper()
	q := newPerson(p.t, p.base)
	q.term, q.links = p.term, p.links
	q.signUp(email, name, zone, "US")
	return q
}

// nextIn is next for a member whose profile names another country (its
// clock, its crisis lines).
func (p *person) nextIn(email, name, zone, country string) *person {
	p.t.Helper()
	q := newPerson(p.t, p.base)
	q.term, q.links = p.term, p.links
	q.signUp(email, name, zone, country)
	return q
}
