package bunstore_test

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/store"
	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// BenchmarkMorningBurst is a run's start (or a real instance's morning)
// at the writer: 600 people at once each check in (a transaction that
// reads the day's row and upserts it), move a read marker, write their
// session's activity and mark a notification read, while a statement
// taken straight from the writer's pool, as River takes its fetches and
// completions, runs every 2 ms. It reports per burst the wall time, each
// person's p99 and the job queue's statement's p99 and longest wait, and
// the waits for the writer (database/sql's pool and the store's own
// queue). Run it on one core, as a node under bench/usersim runs:
//
//	go test ./internal/store/bunstore -run '^$' -bench MorningBurst -benchtime 20x -cpu 1
func BenchmarkMorningBurst(b *testing.B) {
	st := testutil.OpenBunstore(b, testutil.DB{Name: "sqlite", DataDir: b.TempDir()})
	ctx := context.Background()
	const people, convs = 600, 60
	now := time.Now()
	for c := 0; c < convs; c++ {
		if err := st.CreateConversation(ctx, &store.Conversation{ID: fmt.Sprint("c", c), Kind: "group", CreatedAt: now}); err != nil {
			b.Fatal(err)
		}
	}
	sessions := make([]*model.Session, people)
	for i := 0; i < people; i++ {
		u := fmt.Sprint("p", i)
		if err := st.CreateUser(ctx, &model.User{ID: u, Email: u + "@example.org", PasswordHash: "-", Role: model.RoleMember, CreatedAt: now}); err != nil {
			b.Fatal(err)
		}
		sessions[i] = &model.Session{ID: "s" + u, UserID: u, TokenHash: "h" + u, CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(24 * time.Hour), AuthAt: now, UserAgent: "bench"}
		if err := st.CreateSession(ctx, sessions[i]); err != nil {
			b.Fatal(err)
		}
		if err := st.CreateNotification(ctx, &store.StoredNotification{ID: "n" + u, UserID: u, Kind: "k", Sealed: []byte{0}, CreatedAt: now}); err != nil {
			b.Fatal(err)
		}
	}
	sealed := make([]byte, 120)
	var personNs, jobNs []time.Duration
	var wall time.Duration
	pool0 := st.Pools()["writer"].Stats()
	queued0, waited0 := st.WriterQueue()
	b.ResetTimer()
	for n := 0; n < b.N; n++ {
		day := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, n).Format("2006-01-02")
		stop := make(chan struct{})
		jobDone := make(chan []time.Duration)
		go func() {
			var lat []time.Duration
			for {
				select {
				case <-stop:
					jobDone <- lat
					return
				case <-time.After(2 * time.Millisecond):
				}
				t0 := time.Now()
				if _, err := st.DB().ExecContext(ctx, "UPDATE conversations SET last_change = last_change WHERE id = 'c0'"); err != nil {
					b.Error(err)
				}
				lat = append(lat, time.Since(t0))
			}
		}()
		lat := make([]time.Duration, people)
		var wg sync.WaitGroup
		t0 := time.Now()
		for i := 0; i < people; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				u := fmt.Sprint("p", i)
				s0 := time.Now()
				err := st.InTx(ctx, func(tx store.Store) error {
					if _, err := tx.ListCheckins(ctx, u, day); err != nil {
						return err
					}
					_, err := tx.UpsertCheckin(ctx, &store.StoredCheckin{UserID: u, LocalDate: day, Sealed: sealed, CreatedAt: s0, UpdatedAt: s0})
					return err
				})
				if err == nil {
					err = st.MarkRead(ctx, fmt.Sprint("c", i%convs), u, int64(n+1), s0)
				}
				if err == nil {
					s := *sessions[i]
					s.LastSeenAt = s0
					err = st.UpdateSession(ctx, &s)
				}
				if err == nil {
					err = st.MarkNotificationRead(ctx, u, "n"+u, s0)
				}
				if err != nil {
					b.Error(err)
				}
				lat[i] = time.Since(s0)
			}()
		}
		wg.Wait()
		wall += time.Since(t0)
		close(stop)
		jobNs = append(jobNs, <-jobDone...)
		personNs = append(personNs, lat...)
	}
	b.StopTimer()
	pool1 := st.Pools()["writer"].Stats()
	queued1, waited1 := st.WriterQueue()
	p99 := func(d []time.Duration) float64 {
		if len(d) == 0 {
			return 0
		}
		slices.Sort(d)
		return float64(d[len(d)*99/100]) / 1e6
	}
	b.ReportMetric(float64(wall)/1e6/float64(b.N), "ms/burst")
	b.ReportMetric(p99(personNs), "person-p99-ms")
	b.ReportMetric(p99(jobNs), "job-stmt-p99-ms")
	if len(jobNs) > 0 {
		b.ReportMetric(float64(jobNs[len(jobNs)-1])/1e6, "job-stmt-max-ms")
	}
	b.ReportMetric(float64(pool1.WaitCount-pool0.WaitCount+queued1-queued0)/float64(b.N), "writer-waits/burst")
	b.ReportMetric((pool1.WaitDuration-pool0.WaitDuration+waited1-waited0).Seconds()/float64(b.N), "writer-wait-s/burst")
}
