package web

import (
	"bytes"
	"fmt"
	"testing"
	"time"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/i18n"
	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// ChatBenchWords are what the chat benchmarks' members write (here and
// in BenchmarkChatPage), an ampersand and a "<" among them.
var ChatBenchWords = []string{
	"Thank you all for being here tonight, it helps more than I can say.",
	"Day 40 today. Some cravings this afternoon but I called my partner and walked it off.",
	"Does anyone have tips for the holidays with family? Last year was hard.",
	"Proud of you. Keep going, one day at a time.",
	"I went to the Tuesday meeting & it was good to see faces again <3",
	"Rough week at work. Sleeping better since I cut the late coffee though.",
}

// BenchmarkChatLog: the 50 messages of a group's chat page written as
// the page writes them (writeChatLog), as under bench/usersim: twenty
// authors, a message every 20 seconds, every message offering the
// reactions that fit it and a third with a reaction or two. Reports CPU
// microseconds per page.
//
//	go test ./internal/web -run '^$' -bench ChatLog -benchtime 20000x -benchmem -cpu 1
func BenchmarkChatLog(b *testing.B) {
	now := time.Date(2026, 12, 7, 19, 30, 0, 0, time.UTC)
	words := ChatBenchWords
	kinds := make([]string, 0, len(app.Reactions))
	for _, r := range app.Reactions {
		kinds = append(kinds, r.Kind)
	}
	me := "01JAUTHOR0000000000000007"
	msgs := make([]app.MessageView, 50)
	for k := range msgs {
		author := fmt.Sprintf("01JAUTHOR%016d", k%20)
		m := app.MessageView{ID: fmt.Sprintf("01JMESSAGE%016d", k), Seq: int64(100 + k), Change: int64(200 + k),
			Body: words[k%len(words)], Author: app.AuthorView{ID: author, DisplayName: fmt.Sprintf("Person %d", k%20)},
			Kind: "text", State: "visible", AllowedReactions: kinds, CreatedAt: model.At(now.Add(time.Duration(k-50) * 20 * time.Second))}
		for j := range k % 3 {
			m.Reactions = append(m.Reactions, app.ReactionView{ReactionKind: app.Reactions[j], Count: 1 + j, MemberIDs: []string{me, author}[:1+j]})
		}
		msgs[k] = m
	}
	d := chatData{Conv: "01JGROUP000000000000000000", Page: &app.MessagePage{Messages: msgs}, Me: me, Reactions: app.Reactions}
	l := i18n.Load().Lang("en")
	w := chatWordsIn(l)
	zone, err := time.LoadLocation("America/Chicago")
	if err != nil {
		zone = time.UTC
	}
	var buf bytes.Buffer
	writeChatLog(&buf, l, w, now, zone, d)
	size := buf.Len()
	b.ReportAllocs()
	t0 := testutil.ProcessCPU()
	i := 0
	for b.Loop() {
		buf.Reset()
		writeChatLog(&buf, l, w, now, zone, d)
		i++
	}
	b.ReportMetric(float64((testutil.ProcessCPU()-t0).Microseconds())/float64(i), "cpu-us/op")
	b.ReportMetric(float64(size), "bytes/page")
}
