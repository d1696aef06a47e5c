package bunstore_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/oklog/ulid/v2"

	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/store"
	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// BenchmarkAppendMessage measures persisted chat messages per second: each
// one committed in its own transaction with its sequence number, from many
// senders at once across 100 conversations. KINSHIP_BENCH_DB=postgres
// measures PostgreSQL (with KINSHIP_TEST_POSTGRES_URL).
func BenchmarkAppendMessage(b *testing.B) {
	db := testutil.DB{Name: testutil.BenchDB(), DataDir: b.TempDir()}
	if db.Name == "postgres" {
		db.URL = testutil.PostgresURL(b)
	}
	st := testutil.OpenStore(b, db)
	ctx := context.Background()
	u := &model.User{ID: ulid.Make().String(), Email: "bench@example.org", PasswordHash: "x", Role: model.RoleMember, CreatedAt: time.Now()}
	if err := st.CreateUser(ctx, u); err != nil {
		b.Fatal(err)
	}
	const convs = 100
	for i := 0; i < convs; i++ {
		if err := st.CreateConversation(ctx, &store.Conversation{ID: fmt.Sprint("c", i), Kind: "group", CreatedAt: time.Now()}); err != nil {
			b.Fatal(err)
		}
	}
	body := make([]byte, 180) // a sealed message of about 140 characters
	var n atomic.Int64
	b.SetParallelism(32) // many members sending at once, as in a busy instance
	b.ResetTimer()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			i := n.Add(1)
			m := &store.StoredMessage{ID: ulid.Make().String(), ConversationID: fmt.Sprint("c", i%convs), AuthorID: u.ID,
				ClientID: fmt.Sprint("k", i), Sealed: body, CreatedAt: time.Now()}
			if _, err := st.AppendMessage(ctx, m); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "msgs/s")
}
