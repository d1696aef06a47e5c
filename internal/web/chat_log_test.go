package web

import (
	"html/template"
	"strings"
	"testing"
	"time"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/i18n"
	"github.com/kinshiprecovery/kinship/internal/model"
)

// chatLogTemplate is the part of chat.html that chat_log.go replaced, as
// it was: the page's messages must stay what it wrote, byte for byte.
const chatLogTemplate = `{{range $d.Page.Messages}}{{$m := .}}<li id="m-{{.ID}}" class="msg{{if eq .Author.ID $d.Me}} mine{{end}}{{if ne .State "visible"}} gone{{end}}{{if eq .Kind "milestone"}} milestone{{end}}" data-seq="{{.Seq}}" data-change="{{.Change}}">
  <p class="meta"><strong>{{.Author.DisplayName}}</strong> <time datetime="{{.CreatedAt}}">{{when $.Zone .CreatedAt}}</time>{{if and .EditedAt (eq .State "visible")}} <small>{{t "js.chat_edited"}}</small>{{end}}</p>
  <p class="body">{{if eq .State "deleted"}}{{t "js.chat_deleted"}}{{else if eq .State "removed"}}{{t "chat.removed" "Reason" .Reason}}{{else if eq .State "hidden"}}{{t "chat.hidden" "Reason" .Reason}}{{else}}{{.Body}}{{end}}</p>
  {{if eq .State "held"}}<p class="hint held">{{t "js.chat_held"}}</p>{{end}}
  {{if eq .State "visible"}}{{if and $m.AllowedReactions (not $d.Archived)}}<form method="post" action="/messages/{{$m.ID}}/action" class="reactions">{{range $d.Reactions}}{{if has $m.AllowedReactions .Kind}}{{$k := .}}{{$count := 0}}{{$mine := false}}{{range $m.Reactions}}{{if eq .Kind $k.Kind}}{{$count = .Count}}{{$mine = has .MemberIDs $d.Me}}{{end}}{{end}}
    <button name="{{if $mine}}unreact{{else}}react{{end}}" value="{{.Kind}}" aria-pressed="{{if $mine}}true{{else}}false{{end}}"><span aria-hidden="true">{{.Emoji}}</span> {{t (print "js.reaction_" .Kind)}}{{if $count}} <span class="count">{{$count}}</span>{{end}}</button>{{end}}{{end}}</form>
  {{end}}<p class="acts">{{if ne .Author.ID $d.Me}}{{if $d.Leader}}<a class="write" href="/messages/{{.ID}}/action#write">{{t "js.write_privately"}}<span class="visually-hidden"> {{t "js.to_its_author"}}</span></a> {{end}}<a href="/messages/{{.ID}}/action#report">{{t "js.report"}}<span class="visually-hidden"> {{t "js.this_message"}}</span></a>{{if $d.Leader}} <a href="/messages/{{.ID}}/action#remove">{{t "js.remove"}}<span class="visually-hidden"> {{t "js.this_message"}}</span></a>{{end}}{{else if $d.Archived}}<a href="/messages/{{.ID}}/action#delete">{{t "js.delete"}}<span class="visually-hidden"> {{t "js.this_message"}}</span></a>{{else}}<a href="/messages/{{.ID}}/action#edit">{{t "js.edit_or_delete"}}<span class="visually-hidden"> {{t "js.this_message"}}</span></a>{{end}}</p>{{end}}
</li>{{end}}
`

// TestChatLogIsTheTemplates renders every state a message can be in (shown,
// edited, reacted to by the viewer or others, deleted, removed with a
// reason, held, a milestone; the viewer's own, another's, as a member and
// as the facilitator; in a group and in a thread; awkward words and names)
// in every language, with the template chat_log.go replaced and with
// chat_log.go, and wants the same bytes.
func TestChatLogIsTheTemplates(t *testing.T) {
	now := time.Date(2026, 12, 5, 14, 30, 0, 0, time.UTC)
	at := func(d time.Duration) model.Timestamp { return model.At(now.Add(-d)) }
	edited := at(time.Minute)
	me, other := "01JME0000000000000000000ME", "01JOTHER000000000000000OTH"
	all := []string{"with_you", "thank_you", "proud"}
	msgs := []app.MessageView{
		{ID: "01JA0000000000000000000001", Seq: 1, Change: 3, Body: "Thank you all for tonight.", Author: app.AuthorView{ID: other, DisplayName: "Bo"},
			Kind: "text", State: "visible", AllowedReactions: all, CreatedAt: at(400 * 24 * time.Hour)},
		{ID: "01JA0000000000000000000002", Seq: 2, Change: 9, Body: "Day 40 <b>today</b> & \"proud\" + 'calm'\x00 \xff done", Author: app.AuthorView{ID: me, DisplayName: "Sam <O'Neil> & \"Co\""},
			Kind: "text", State: "visible", AllowedReactions: all, CreatedAt: at(3 * time.Hour), EditedAt: &edited,
			Reactions: []app.ReactionView{{ReactionKind: app.Reactions[0], Count: 2, MemberIDs: []string{other, me}}, {ReactionKind: app.Reactions[2], Count: 1, MemberIDs: []string{other}}}},
		{ID: "01JA0000000000000000000003", Seq: 3, Change: 4, Body: "I don't want to be here anymore", Author: app.AuthorView{ID: other, DisplayName: "Bo"},
			Kind: "text", State: "visible", AllowedReactions: []string{"with_you"}, CreatedAt: at(26 * time.Hour),
			Reactions: []app.ReactionView{{ReactionKind: app.Reactions[0], Count: 1, MemberIDs: []string{me}}}},
		{ID: "01JA0000000000000000000004", Seq: 4, Change: 5, Body: "", Author: app.AuthorView{ID: other, DisplayName: "Bo"}, Kind: "text", State: "deleted", CreatedAt: at(2 * time.Hour), EditedAt: &edited},
		{ID: "01JA0000000000000000000005", Seq: 5, Change: 6, Body: "", Reason: "selling <drugs> & 'offers'", Author: app.AuthorView{ID: other, DisplayName: "Cal"}, Kind: "text", State: "removed", CreatedAt: at(time.Hour)},
		{ID: "01JA000000000000000000005H", Seq: 5, Change: 6, Body: "", Reason: "offered <pills> to members", Author: app.AuthorView{ID: other, DisplayName: "Cal"}, Kind: "text", State: "hidden", CreatedAt: at(time.Hour)},
		{ID: "01JA0000000000000000000006", Seq: 6, Change: 7, Body: "held words", Reason: "Held for a moderator: it may offer <drugs>.", Author: app.AuthorView{ID: me, DisplayName: "Sam"}, Kind: "text", State: "held", CreatedAt: at(50 * time.Minute)},
		{ID: "01JA0000000000000000000007", Seq: 7, Change: 8, Body: "Sam reached 90 days", Author: app.AuthorView{ID: me, DisplayName: "Sam"}, Kind: "milestone", State: "visible", AllowedReactions: all, CreatedAt: at(10 * time.Minute)},
		{ID: "01JA0000000000000000000008", Seq: 8, Change: 10, Body: "no reactions fit", Author: app.AuthorView{ID: other, DisplayName: "Dee"}, Kind: "text", State: "visible", CreatedAt: at(time.Minute)},
		{ID: "odd id/with space\"quote'%41%zz+", Seq: 9, Change: 11, Body: "line one\nline two", Author: app.AuthorView{ID: other, DisplayName: "Eli"}, Kind: "text", State: "visible", AllowedReactions: all, CreatedAt: at(0)},
	}
	page := &app.MessagePage{Messages: msgs, LastChange: 11}
	thread := &app.ThreadView{ID: "01JTHREAD00000000000000000", State: "accepted"}
	chicago, _ := time.LoadLocation("America/Chicago")
	cases := []struct {
		name string
		d    chatData
		zone *time.Location
	}{
		{"member in a group", chatData{Conv: "01JGROUP000000000000000000", Page: page, Me: me, Reactions: app.Reactions}, chicago},
		{"facilitator in a group", chatData{Conv: "01JGROUP000000000000000000", Page: page, Me: me, Leader: true, Reactions: app.Reactions}, time.UTC},
		{"someone else's view", chatData{Conv: "01JGROUP000000000000000000", Page: page, Me: "01JNOBODY", Reactions: app.Reactions}, nil},
		{"thread", chatData{Conv: thread.ID, Page: page, Me: me, Thread: thread, Reactions: app.Reactions}, chicago},
		{"empty", chatData{Conv: "01JGROUP000000000000000000", Page: &app.MessagePage{}, Me: me, Reactions: app.Reactions}, chicago},
		{"archived group", chatData{Conv: "01JGROUP000000000000000000", Page: page, Me: me, Reactions: app.Reactions, Archived: true, ReadOnly: "Archived."}, chicago},
		{"facilitator, archived group", chatData{Conv: "01JGROUP000000000000000000", Page: page, Me: me, Leader: true, Reactions: app.Reactions, Archived: true, ReadOnly: "Archived."}, chicago},
	}
	for _, code := range i18n.Load().Codes() {
		l := i18n.Load().Lang(code)
		fm := funcsFor(l, func() time.Time { return now })
		ref := template.Must(template.New("log").Funcs(fm).Parse(`{{$d := .Data}}` + chatLogTemplate))
		for _, c := range cases {
			var want strings.Builder
			if err := ref.Execute(&want, view{Zone: c.zone, Data: c.d}); err != nil {
				t.Fatal(err)
			}
			if len(c.d.Page.Messages) > 0 && strings.Count(want.String(), "<li id=") != len(msgs) {
				t.Fatalf("%s, %s: the template wrote no messages: %s", code, c.name, want.String())
			}
			got := string(chatLogIn(l, chatWordsIn(l), now, c.zone, c.d)) + "\n"
			if got != want.String() {
				t.Errorf("%s, %s: differs from the template\n got: %s\nwant: %s", code, c.name, firstDiff(got, want.String()), firstDiff(want.String(), got))
			}
		}
	}
}

// firstDiff is a from where it first differs from b.
func firstDiff(a, b string) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	return a[max(i-80, 0):min(i+120, len(a))]
}

// A message's instant is written as model.TimestampLayout writes it, in
// UTC whatever its zone, for every year, month, day, time and fraction.
func TestStampIsTheTimestampLayout(t *testing.T) {
	chicago, err := time.LoadLocation("America/Chicago")
	if err != nil {
		chicago = time.FixedZone("CST", -6*3600)
	}
	instants := []time.Time{
		time.Date(2026, 12, 7, 8, 5, 9, 999_999_999, time.UTC),
		time.Date(2026, 1, 1, 0, 0, 0, 0, chicago),
		time.Date(1, 2, 3, 4, 5, 6, 7_000_000, time.UTC),
		time.Date(999, 10, 11, 12, 13, 14, 15_500_000, time.UTC),
		time.Date(9999, 12, 31, 23, 59, 59, 123_456_789, time.UTC),
		time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(-1, 1, 1, 0, 0, 0, 0, time.UTC),
		{},
	}
	for i := range 2000 {
		instants = append(instants, time.Unix(int64(i)*7_919_731, int64(i)*499_979).In(chicago))
	}
	for _, at := range instants {
		want := at.UTC().Format(model.TimestampLayout)
		if got := string(appendStamp([]byte("x"), at)); got != "x"+want {
			t.Fatalf("%v: %q, want %q", at, got, "x"+want)
		}
	}
}
