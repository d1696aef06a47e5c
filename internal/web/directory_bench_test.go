package web_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/httpapi"
	"github.com/kinshiprecovery/kinship/internal/mail"
	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/secret"
	"github.com/kinshiprecovery/kinship/internal/store"
	"github.com/kinshiprecovery/kinship/internal/store/bunstore"
	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// directoryBench is an instance of n listed groups of eight members each
// (a minute apart, the newest last), and a member of three of them with a
// session, on SQLite (or PostgreSQL with KINSHIP_BENCH_DB=postgres).
type directoryBench struct {
	h      http.Handler
	token  string
	newest string // the newest group's ID
}

func newDirectoryBench(b *testing.B, n int) *directoryBench {
	b.Helper()
	a, st, log := benchInstance(b)
	base := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	ctx := context.Background()
	var people []*model.User
	for i := range 40 {
		u, err := a.AdminCreateUser(ctx, fmt.Sprintf("p%d@example.org", i), "steady harbor lantern", fmt.Sprintf("Person %d", i), model.RoleMember)
		if err != nil {
			b.Fatal(err)
		}
		people = append(people, u)
	}
	d := &directoryBench{h: httpapi.New(a, log, httpapi.Options{BaseURL: "http://127.0.0.1"})}
	const batch = 500
	for from := 0; from < n; from += batch {
		err := st.InTx(ctx, func(tx store.Store) error {
			for g := from; g < min(from+batch, n); g++ {
				id := fmt.Sprintf("01G%023d", g)
				at := base.Add(time.Duration(g) * time.Minute)
				if err := tx.CreateGroup(ctx, &store.Group{ID: id, Name: fmt.Sprintf("Circle %d", g), Description: "We meet to talk about the week, one day at a time.",
					Visibility: app.GroupListed, CreatedBy: people[g%39].ID, CreatedAt: at, UpdatedAt: at}); err != nil {
					return err
				}
				for k := range 8 {
					role := app.RoleMember
					if k == 0 {
						role = app.RoleFacilitator
					}
					if err := tx.SaveGroupMember(ctx, &store.GroupMember{GroupID: id, UserID: people[(g+k)%39].ID, Role: role, Status: "active", GuidelinesAccepted: &at, CreatedAt: at, UpdatedAt: at}); err != nil {
						return err
					}
				}
				// The viewer (the 40th person) is in three: the oldest,
				// one in the middle, the newest.
				if g == 0 || g == n/2 || g == n-1 {
					if err := tx.SaveGroupMember(ctx, &store.GroupMember{GroupID: id, UserID: people[39].ID, Role: app.RoleMember, Status: "active", GuidelinesAccepted: &at, CreatedAt: at, UpdatedAt: at}); err != nil {
						return err
					}
				}
				d.newest = id
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	res, err := a.Login(ctx, app.LoginInput{Email: "p39@example.org", Password: "steady harbor lantern", IP: "127.0.0.1"})
	if err != nil {
		b.Fatal(err)
	}
	d.token = res.Token
	return d
}

// benchInstance is an app over a fresh store (SQLite, or PostgreSQL with
// KINSHIP_BENCH_DB=postgres) with a key and its site admin, as a running
// server has them, and the log it writes to.
func benchInstance(b *testing.B) (*app.App, store.Store, *slog.Logger) {
	b.Helper()
	b.Setenv("KINSHIP_STRICT_RENDER", "0") // as a running server
	dir := b.TempDir()
	db := testutil.DB{Name: "sqlite", DataDir: dir}
	if testutil.BenchDB() == "postgres" {
		db = testutil.DB{Name: "postgres", URL: testutil.PostgresURL(b), DataDir: dir}
	}
	st := testutil.OpenStore(b, db)
	box, _, err := secret.LoadOrCreateKey(filepath.Join(dir, "kinship.key"))
	if err != nil {
		b.Fatal(err)
	}
	st.(*bunstore.Store).SetSealer(box)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	a := app.New(st, box, mail.NewTerminal(io.Discard), log, app.Options{BaseURL: "http://127.0.0.1"})
	if _, err := a.AdminCreateUser(context.Background(), "admin@example.org", "steady harbor lantern", "Admin", model.RoleSiteAdmin); err != nil {
		b.Fatal(err)
	}
	return a, st, log
}

// open opens a page with the member's session, as chatBench.open does.
func (d *directoryBench) open(b *testing.B, path string) string {
	return (&chatBench{h: d.h}).open(b, path, d.token)
}

// BenchmarkGroupDirectoryPage: a member opens the group directory
// (/groups: their own groups, then the directory's newest) in an instance
// of 400 and of 40,000 groups, the whole request through Kinship's
// handler. Reports CPU microseconds per page and the page's size.
func BenchmarkGroupDirectoryPage(b *testing.B) {
	for _, n := range []int{400, 40000} {
		b.Run(fmt.Sprint(n, "-groups"), func(b *testing.B) {
			d := newDirectoryBench(b, n)
			page := d.open(b, "/groups")
			if !strings.Contains(page, `href="/groups/`+d.newest+`"`) {
				b.Fatalf("the directory does not list the newest group")
			}
			b.ReportAllocs()
			t0 := testutil.ProcessCPU()
			i := 0
			for b.Loop() {
				d.open(b, "/groups")
				i++
			}
			b.ReportMetric(float64((testutil.ProcessCPU()-t0).Microseconds())/float64(i), "cpu-us/op")
			b.ReportMetric(float64(len(page)), "bytes/page")
		})
	}
}

// BenchmarkGroupDirectorySearch: a member searches the group directory
// (/groups?q=...) in an instance of 400 and of 40,000 groups ("Circle N",
// each "We meet to talk about the week, one day at a time."): for words
// one group has (the newest's name), words in 111 groups at 40,000
// ("circle 123") and words every group has ("the week"). Reports CPU microseconds
// per page.
func BenchmarkGroupDirectorySearch(b *testing.B) {
	for _, n := range []int{400, 40000} {
		d := newDirectoryBench(b, n)
		few := "Circle 123<" // at 40,000, 111 groups: 123, 1230-1239, 12300-12399
		if n > 12399 {
			few = "Circle 12399<"
		}
		for _, c := range []struct{ name, q, want string }{
			{"one-group", fmt.Sprint("circle+", n-1), fmt.Sprintf("Circle %d<", n-1)},
			{"a-few", "circle+123", few},
			{"every-group", "the+week", fmt.Sprintf("Circle %d<", n-1)},
		} {
			b.Run(fmt.Sprint(n, "-groups/", c.name), func(b *testing.B) {
				path := "/groups?q=" + c.q
				if page := d.open(b, path); !strings.Contains(page[strings.Index(page, `id="find"`):], c.want) {
					b.Fatalf("searching %s does not find %s", c.q, c.want)
				}
				t0 := testutil.ProcessCPU()
				i := 0
				for b.Loop() {
					d.open(b, path)
					i++
				}
				b.ReportMetric(float64((testutil.ProcessCPU()-t0).Microseconds())/float64(i), "cpu-us/op")
			})
		}
	}
}
