package web

import (
	"bytes"
	"html/template"
	"strings"
	"testing"
	"time"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/i18n"
	"github.com/kinshiprecovery/kinship/internal/model"
)

// TestChatContentIsTheTemplate renders chat.html's content itself and
// writeChatContent over every state the chat page can be in (a group as a
// member and as its facilitator, archived, with older messages; a thread
// accepted, a request to answer, one waiting for the other person, one
// from a moderator; a field's error with the body kept; awkward titles,
// ids, paths and zones) in every language, and wants the same bytes.
func TestChatContentIsTheTemplate(t *testing.T) {
	now := time.Date(2026, 12, 5, 14, 30, 0, 0, time.UTC)
	at := func(d time.Duration) model.Timestamp { return model.At(now.Add(-d)) }
	me, other := "01JME0000000000000000000ME", "01JOTHER000000000000000OTH"
	all := []string{"with_you", "thank_you", "proud"}
	msgs := []app.MessageView{
		{ID: "01JA0000000000000000000001", Seq: 1, Change: 3, Body: "Thank you all for tonight.", Author: app.AuthorView{ID: other, DisplayName: "Bo"},
			Kind: "text", State: "visible", AllowedReactions: all, CreatedAt: at(400 * 24 * time.Hour)},
		{ID: "01JA0000000000000000000002", Seq: 2, Change: 9, Body: "Day 40 <b>today</b> & \"proud\"", Author: app.AuthorView{ID: me, DisplayName: "Sam"},
			Kind: "text", State: "visible", AllowedReactions: all, CreatedAt: at(3 * time.Hour),
			Reactions: []app.ReactionView{{ReactionKind: app.Reactions[0], Count: 2, MemberIDs: []string{other, me}}}},
		{ID: "01JA0000000000000000000004", Seq: 4, Change: 5, Author: app.AuthorView{ID: other, DisplayName: "Bo"}, Kind: "text", State: "deleted", CreatedAt: at(2 * time.Hour)},
	}
	page := &app.MessagePage{Messages: msgs, LastChange: 1234567890123}
	odd := "odd id/with space\"quote'%41%zz+<x>&é"
	awkward := "Sam <O'Neil> & \"Co\" + 1 \x00 é"
	chicago, _ := time.LoadLocation("America/Chicago")
	group := func(d chatData) chatData {
		if d.Conv == "" {
			d.Conv = "01JGROUP000000000000000000"
		}
		d.Back, d.Page, d.Reactions = "/groups/"+d.Conv, page, app.Reactions
		if d.Me == "" {
			d.Me = me
		}
		return d
	}
	thread := func(tv app.ThreadView, d chatData) chatData {
		d.Conv, d.Back, d.Page, d.Me, d.Reactions, d.Thread = "01JTHREAD00000000000000000", "/messages", page, me, app.Reactions, &tv
		return d
	}
	cases := []struct {
		name string
		d    chatData
		v    view
	}{
		{"member in a group", group(chatData{Title: "Evenings"}), view{Zone: chicago}},
		{"facilitator in a group", group(chatData{Title: "Evenings", Leader: true}), view{Zone: time.UTC}},
		{"archived group", group(chatData{Title: "Evenings", ReadOnly: "This group is archived <for now> & 'kept'."}), view{Zone: chicago}},
		{"older messages", group(chatData{Title: "Evenings", Older: 17}), view{Zone: chicago}},
		{"awkward title, ids and zone name", group(chatData{Title: awkward, Conv: odd, Me: odd, Older: 9_000_000_000}), view{Zone: time.FixedZone("<odd> & 'zone'", 3600)}},
		{"empty group", chatData{Conv: "01JGROUP000000000000000000", Back: "/groups/01JGROUP000000000000000000", Title: "New", Page: &app.MessagePage{}, Me: me, Reactions: app.Reactions}, view{Zone: chicago}},
		{"a field's error and the body kept", group(chatData{Title: "Evenings"}), view{Zone: chicago,
			Fields: map[string]string{"body": "Write <something> & \"more\"."}, Form: map[string]string{"body": "half a </textarea> thought & 'more' + \x00"}}},
		{"thread", thread(app.ThreadView{State: "active"}, chatData{Title: "Fran"}), view{Zone: chicago}},
		{"thread, awkward name", thread(app.ThreadView{State: "active"}, chatData{Title: awkward}), view{Zone: chicago, Form: map[string]string{"body": "kept"}}},
		{"a request to answer", thread(app.ThreadView{State: "request"}, chatData{Title: awkward}), view{Zone: chicago}},
		{"a request, read only", thread(app.ThreadView{State: "request"}, chatData{Title: "Fran", ReadOnly: "Closed."}), view{Zone: chicago}},
		{"waiting for the other person", thread(app.ThreadView{State: "active", Pending: true}, chatData{Title: awkward}), view{Zone: chicago}},
		{"from a moderator", thread(app.ThreadView{State: "active", OtherModerator: true}, chatData{Title: awkward}), view{Zone: chicago}},
		{"a request from a moderator", thread(app.ThreadView{State: "request", OtherModerator: true, Pending: true}, chatData{Title: "Mod"}), view{Zone: chicago}},
		{"ignored thread", thread(app.ThreadView{State: "ignored"}, chatData{Title: "Fran"}), view{Zone: chicago}},
	}
	for _, code := range i18n.Load().Codes() {
		l := i18n.Load().Lang(code)
		fm := funcsFor(l, func() time.Time { return now })
		ref := template.Must(template.New("content-only").Funcs(fm).Parse(`{{template "content" .}}`))
		ref = template.Must(ref.ParseFS(templateFS, append(partialFiles(), chatPageFile)...))
		for _, c := range cases {
			v := c.v
			v.Data = c.d
			var want, got bytes.Buffer
			v.out = &want
			if err := ref.Execute(&want, v); err != nil {
				t.Fatal(err)
			}
			if len(c.d.Page.Messages) > 0 && strings.Count(want.String(), `<li id="m-`) != len(msgs) {
				t.Fatalf("%s, %s: the template wrote no messages: %s", code, c.name, want.String())
			}
			v.out = &got
			if !writeChatContent(&got, l, now, &v, c.d) {
				t.Fatalf("%s, %s: left to the template", code, c.name)
			}
			if got.String() != want.String() {
				t.Errorf("%s, %s: differs from the template\n got: %s\nwant: %s", code, c.name, firstDiff(got.String(), want.String()), firstDiff(want.String(), got.String()))
			}
		}
	}
	// A way back that is not one of this site's paths is left to the
	// template, which filters it.
	var b bytes.Buffer
	d := group(chatData{Title: "Evenings"})
	d.Back = "javascript:alert(1)"
	if writeChatContent(&b, i18n.Load().Default(), now, &view{Zone: chicago}, d) || b.Len() != 0 {
		t.Errorf("wrote a page with a way back that is not a path: %q", b.String())
	}
}
