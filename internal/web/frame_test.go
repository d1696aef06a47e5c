package web

import (
	"bytes"
	"html/template"
	"strings"
	"testing"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/i18n"
)

// TestFramedLayoutIsTheTemplates renders pages in their frames (frame.go)
// and by their whole templates, for every shape the layout can take —
// visitors, members, moderators, a second factor pending; every tab and
// paths the layout compares and ones it does not; each count zero and
// not; titles empty, naming Kinship, in other scripts and with every
// character html/template escapes; with and without the crisis lines; a
// notice and an error — in every language and the pseudo-locale, and
// wants the same bytes. It also wants the frame used for the ordinary
// shapes (a test comparing two ways of writing the whole template would
// compare nothing), and a frame cut for one viewer's values never shows
// them to another.
func TestFramedLayoutIsTheTemplates(t *testing.T) {
	i18n.EnablePseudo()
	p := New(nil, nil, Options{})
	us := &app.CrisisLines{Country: "US",
		Emergency: &app.HelpResource{Name: "Emergency", Contact: "911", Kind: "emergency", Actions: app.ContactActions("911", "emergency")},
		Lines:     []app.HelpResource{{Name: "988 Suicide & Crisis <Lifeline>", Contact: "Call or text 988", Kind: "call", Actions: app.ContactActions("Call or text 988", "call")}}}
	paths := []string{"/", "/groups/g-1/chat", "/groups", "/messages", "/messages/x", "/checkin", "/trends", "/more", "/notifications", "/login", "/signup", "/meetings", `/p?a="1"&b=<2>+'3'`}
	titles := append([]string{"", "Join Kinship", "Évenings & mornings", `A <b>"&'+</b>` + "\x00"}, edgeNames...)
	codes := append(i18n.Load().Codes(), i18n.PseudoCode)
	compared, framed := 0, 0
	for _, code := range codes {
		l := i18n.Load().Lang(code)
		pages := p.pagesIn(l)
		for _, page := range []string{"home", "chat", "more", "message"} {
			tpl := pages[page]
			for who, act := range actors() {
				for i, path := range paths {
					for n := range 3 {
						v := view{Title: titles[(i+n)%len(titles)], Actor: act, Data: filled(pageData[page], mode(n)), Fields: map[string]string{}, Form: map[string]string{},
							Help: [](*app.CrisisLines){nil, us}[(i+n)%2]}
						v.Nav = navState{Path: path, Section: section(path)}
						if act != nil && !act.Session.MFAPending {
							v.Unread, v.Nav.Messages, v.Nav.MoreCount = n*7, (n+i)%3*11, n%2*1000
							v.Nav.Moderator = who == "moderator"
						}
						switch (i + n) % 9 {
						case 7:
							v.Notice = "Saved <now>"
						case 8:
							v.Error, v.Fields = "Check the name", map[string]string{"name": "Too long & odd"}
						}
						var got, want bytes.Buffer
						v.out = &got
						ok, err := p.executeFramed(&got, tpl, &v)
						if err != nil {
							t.Fatalf("%s, %s, %s, %s: %v", code, page, who, path, err)
						}
						if !ok {
							continue
						}
						framed++
						wv := v
						wv.out = &want
						if err := tpl.Execute(&want, wv); err != nil {
							t.Fatalf("%s, %s, %s, %s: %v", code, page, who, path, err)
						}
						compared++
						if !bytes.Equal(got.Bytes(), want.Bytes()) {
							t.Errorf("%s, %s, %s, %s: %v", code, page, who, path, sameAsParsed(got.Bytes(), tpl, wv))
						}
					}
				}
			}
		}
	}
	if compared < 500 {
		t.Fatalf("only %d pages were written in a frame", compared)
	}
	t.Logf("%d framed pages compared in %d languages", compared, len(codes))

	// Shapes left to the template: a notice, an error, a title naming
	// Kinship (docTitle leaves it whole).
	tpl := p.pages["home"]
	for _, v := range []view{{Notice: "n"}, {Error: "e"}, {Fields: map[string]string{"a": "b"}}, {Title: "About Kinship"}} {
		var b bytes.Buffer
		v.out = &b
		if ok, _ := p.executeFramed(&b, tpl, &v); ok || b.Len() > 0 {
			t.Errorf("%+v was written in a frame", v)
		}
	}

	// One member's counts and title, then another's: the frame keeps
	// neither.
	member := actors()["member"]
	for _, c := range []struct {
		title  string
		unread int
	}{{"Sam's page", 4}, {"Ash's page", 9}} {
		v := view{Title: c.title, Actor: member, Unread: c.unread, Fields: map[string]string{}, Form: map[string]string{}, Nav: navState{Path: "/", Section: "home"}}
		out, err := p.execute(tpl, "home", v)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(out, "<title>"+template.HTMLEscapeString(c.title)) || !strings.Contains(out, `<span class="n">`+string(rune('0'+c.unread))+`</span>`) {
			t.Errorf("%s: the page does not show its own title and count:\n%.2000s", c.title, out)
		}
		if strings.Contains(out, "Sam&#39;s") && c.title != "Sam's page" {
			t.Errorf("another member's title shows")
		}
	}
}
