package app_test

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/mail"
	"github.com/kinshiprecovery/kinship/internal/store/bunstore"
)

// BenchmarkGroupHistoryOnANode: a member scrolls back in the group chat
// their page opened (a socket's "history" before a sequence number, as
// usersim's "scroll history" asks: 50 earlier messages of 110), on a
// SQLite node as `kinship serve` runs it (following other processes'
// commits), the chat page opened first as a browser's is. Reports CPU
// microseconds and the store's reads per history.
func BenchmarkGroupHistoryOnANode(b *testing.B) {
	in, conv := groupOf110(b)
	st, ok := in.st.(*bunstore.Store)
	if !ok {
		b.Skip("a SQLite node's benchmark")
	}
	// The node on the machine's clock (the instance's moves a second on
	// each reading, which would age what a node keeps ten minutes in a
	// few hundred histories).
	node := app.New(st, in.box, mail.NewTerminal(io.Discard), slog.New(slog.NewTextHandler(io.Discard, nil)), app.Options{BaseURL: "http://127.0.0.1"})
	fctx, stop := context.WithCancel(context.Background())
	b.Cleanup(stop)
	go node.FollowOtherWriters(fctx, st.DataVersion, time.Hour)
	for !node.FollowingOtherWriters() {
		time.Sleep(time.Millisecond)
	}
	ctx := in.as(7)
	// The member's chat page, as the browser opened it before scrolling.
	if _, _, err := node.GroupChat(ctx, conv, 0, 50); err != nil {
		b.Fatal(err)
	}
	page, err := node.ListMessages(ctx, conv, 0, 60, 50)
	if err != nil || len(page.Messages) != 50 || page.Messages[0].Seq != 10 {
		b.Fatalf("the page: %v", err)
	}
	reads0, _ := st.Counts()
	n := 0
	reportCPU(b, func(int) {
		if _, err := node.ListMessages(ctx, conv, 0, 60, 50); err != nil {
			b.Fatal(err)
		}
		n++
	})
	reads, _ := st.Counts()
	b.ReportMetric(float64(reads-reads0)/float64(n), "reads/op")
}
