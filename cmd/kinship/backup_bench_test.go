package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/oklog/ulid/v2"

	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/secret"
	"github.com/kinshiprecovery/kinship/internal/store"
	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// BenchmarkBackup100kMessages measures `kinship backup` (VACUUM INTO, the
// manifest's counts and SHA-256, the tar) of a SQLite instance holding
// 100,000 chat messages of about 140 characters, sealed as the server
// seals them, in 100 conversations. It reports the snapshot's size.
//
//	go test -run '^$' -bench Backup100k -benchtime 3x ./cmd/kinship
func BenchmarkBackup100kMessages(b *testing.B) {
	dir := b.TempDir()
	st := testutil.OpenStore(b, testutil.DB{Name: "sqlite", DataDir: dir})
	box, _, err := secret.LoadOrCreateKey(filepath.Join(dir, "kinship.key"))
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	u := &model.User{ID: ulid.Make().String(), Email: "bench@example.org", PasswordHash: "x", Role: model.RoleMember, CreatedAt: time.Now()}
	if err := st.CreateUser(ctx, u); err != nil {
		b.Fatal(err)
	}
	const convs, total = 100, 100_000
	for i := 0; i < convs; i++ {
		if err := st.CreateConversation(ctx, &store.Conversation{ID: fmt.Sprint("c", i), Kind: "group", CreatedAt: time.Now()}); err != nil {
			b.Fatal(err)
		}
	}
	text := []byte("Day 214 today. Went to the evening meeting, called my sponsor after, and slept better than I have in weeks. Thank you all")
	var n atomic.Int64
	var wg sync.WaitGroup
	fill := time.Now()
	for w := 0; w < 32; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := n.Add(1); i <= total; i = n.Add(1) {
				conv := fmt.Sprint("c", i%convs)
				m := &store.StoredMessage{ID: ulid.Make().String(), ConversationID: conv, AuthorID: u.ID,
					ClientID: fmt.Sprint("k", i), Sealed: box.Seal(text, []byte("msg:"+conv)), CreatedAt: time.Now()}
				if _, err := st.AppendMessage(ctx, m); err != nil {
					b.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	b.Logf("filled %d messages in %v", total, time.Since(fill).Round(time.Second))
	env := map[string]string{"KINSHIP_DATA_DIR": dir}
	outDir := b.TempDir()
	var size int64
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		out := filepath.Join(outDir, fmt.Sprint("backup-", i))
		if err := run(ctx, []string{"backup", "--out", out}, func(k string) string { return env[k] }, nil, io.Discard, io.Discard); err != nil {
			b.Fatal(err)
		}
		fi, err := os.Stat(out)
		if err != nil {
			b.Fatal(err)
		}
		size = fi.Size()
		os.Remove(out)
	}
	b.ReportMetric(float64(size)/1e6, "MB")
}
