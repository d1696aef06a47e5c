package bunstore_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/store"
	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// BenchmarkUpdateUser is an account's update (a language changed back and
// forth) on SQLite, of someone who mentors nobody and of a mentor, among
// 1,000 people of whom 100 mentor: what the mentors' version costs the
// writes that do not move it. It reports process CPU per update:
//
//	go test ./internal/store/bunstore -run '^$' -bench UpdateUser -benchtime 5000x -cpu 1
func BenchmarkUpdateUser(b *testing.B) {
	ctx := context.Background()
	st := testutil.OpenBunstore(b, testutil.DB{Name: "sqlite", DataDir: b.TempDir()})
	at := time.Date(2026, 12, 7, 11, 0, 0, 0, time.UTC)
	var users []*model.User
	err := st.InTx(ctx, func(tx store.Store) error {
		for i := range 1000 {
			u := &model.User{ID: fmt.Sprintf("01U%05d", i), Email: fmt.Sprintf("p%d@example.org", i), PasswordHash: "x", Role: model.RoleMember, MFAEnabled: true, CreatedAt: at, Language: "en"}
			if err := tx.CreateUser(ctx, u); err != nil {
				return err
			}
			if err := tx.SaveMentorshipProfile(ctx, &store.MentorshipProfile{UserID: u.ID, Mentor: i%10 == 0, Capacity: 2, UpdatedAt: at}); err != nil {
				return err
			}
			users = append(users, u)
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct {
		name string
		u    *model.User
	}{{"mentors-nobody", users[1]}, {"a-mentor", users[0]}} {
		b.Run(c.name, func(b *testing.B) {
			langs := [2]string{"es", "en"}
			cpu := testutil.ProcessCPU()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				c.u.Language = langs[i%2]
				if err := st.UpdateUser(ctx, c.u); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			b.ReportMetric(float64((testutil.ProcessCPU()-cpu).Microseconds())/float64(b.N), "cpu-us/op")
		})
	}
}
