package app_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/geo"
	"github.com/kinshiprecovery/kinship/internal/importer"
	"github.com/kinshiprecovery/kinship/internal/mail"
	"github.com/kinshiprecovery/kinship/internal/secret"
	"github.com/kinshiprecovery/kinship/internal/store"
	"github.com/kinshiprecovery/kinship/internal/testutil"
)

func benchApp(b *testing.B) *app.App {
	a, _ := benchAppStore(b, app.Options{BaseURL: "http://127.0.0.1"})
	return a
}

// benchAppStore opens a store (SQLite, or PostgreSQL with
// KINSHIP_BENCH_DB=postgres) and an app over it.
func benchAppStore(b *testing.B, opts app.Options) (*app.App, store.Store) {
	a, st, _ := benchAppStoreKey(b, opts)
	return a, st
}

// benchAppStoreKey is benchAppStore with the instance's key, for a second
// node's App over the same database.
func benchAppStoreKey(b testing.TB, opts app.Options) (*app.App, store.Store, *secret.Box) {
	dir := b.TempDir()
	db := testutil.DB{Name: "sqlite", DataDir: dir}
	if testutil.BenchDB() == "postgres" {
		db = testutil.DB{Name: "postgres", URL: testutil.PostgresURL(b), DataDir: dir}
	}
	st := testutil.OpenStore(b, db)
	box, _, err := secret.LoadOrCreateKey(filepath.Join(dir, "k"))
	if err != nil {
		b.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	return app.New(st, box, mail.NewTerminal(io.Discard), log, opts), st, box
}

// usPoint is a random point over the contiguous United States.
func usPoint(r *rand.Rand) geo.Point {
	return geo.Point{Lat: 25 + r.Float64()*24, Lng: -124 + r.Float64()*57}
}

// reportPercentiles times each query and reports p50 and p99 in ms.
func reportPercentiles(b *testing.B, query func(i int)) {
	var took []time.Duration
	i := 0
	for b.Loop() {
		start := time.Now()
		query(i)
		took = append(took, time.Since(start))
		i++
	}
	slices.Sort(took)
	b.ReportMetric(float64(took[len(took)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(took[len(took)*99/100].Microseconds())/1000, "p99-ms")
}

// BenchmarkNearestFacilities: 100,000 synthetic facilities, nearest 20
// within 80 km offering Medicaid and buprenorphine.
func BenchmarkNearestFacilities(b *testing.B) {
	a := benchApp(b)
	r := rand.New(rand.NewPCG(5, 6))
	codes := []string{"MD", "BU", "OP", "PI", "SF", "METH", "VET", "SP-Spanish"}
	res := &importer.FacilityResult{}
	for i := 0; i < 100000; i++ {
		p := usPoint(r)
		var cs []string
		for _, c := range codes {
			if r.IntN(2) == 0 {
				cs = append(cs, c)
			}
		}
		res.Facilities = append(res.Facilities, importer.Facility{ID: fmt.Sprint(i), Name: fmt.Sprintf("Program %d", i), Latitude: p.Lat, Longitude: p.Lng, Codes: cs})
	}
	ctx := context.Background()
	if _, err := a.ImportFacilities(ctx, "synthetic", res); err != nil {
		b.Fatal(err)
	}
	if _, err := a.FindFacilities(ctx, app.FacilityQuery{}); err != nil { // warm the cache
		b.Fatal(err)
	}
	b.ResetTimer()
	reportPercentiles(b, func(i int) {
		p := usPoint(r)
		if _, err := a.FindFacilities(ctx, app.FacilityQuery{Near: &p, Services: []string{"MD", "BU"}, Limit: 20}); err != nil {
			b.Fatal(err)
		}
	})
}

// BenchmarkNearestMeetings: 100,000 synthetic meetings (a quarter online),
// the nearest 20 in-person women's meetings within 40 km.
func BenchmarkNearestMeetings(b *testing.B) {
	a := benchApp(b)
	r := rand.New(rand.NewPCG(7, 8))
	res := &importer.Result{}
	zones := []string{"America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles"}
	for i := 0; i < 100000; i++ {
		p := usPoint(r)
		m := importer.Meeting{Slug: fmt.Sprint(i), Name: fmt.Sprintf("Meeting %d", i), Day: r.IntN(7), Time: fmt.Sprintf("%02d:%02d", 6+r.IntN(16), 15*r.IntN(4)),
			EndTime: "23:59", TimeZone: zones[r.IntN(4)], Attendance: importer.InPerson, Types: []string{"O"}}
		if r.IntN(3) == 0 {
			m.Types = append(m.Types, "W")
		}
		if r.IntN(4) == 0 {
			m.Attendance = importer.Online
		} else {
			lat, lng := p.Lat, p.Lng
			m.Latitude, m.Longitude = &lat, &lng
		}
		res.Meetings = append(res.Meetings, m)
	}
	ctx := context.Background()
	if _, err := a.ImportMeetings(ctx, "synthetic", res); err != nil {
		b.Fatal(err)
	}
	if _, _, err := a.FindMeetings(ctx, app.FinderQuery{Day: -1, Limit: 1}); err != nil { // warm the cache
		b.Fatal(err)
	}
	b.ResetTimer()
	reportPercentiles(b, func(i int) {
		p := usPoint(r)
		if _, _, err := a.FindMeetings(ctx, app.FinderQuery{Day: -1, Near: &p, RadiusKm: 40, Attendance: importer.InPerson, Types: []string{"W"}, ByDistance: true, Limit: 20}); err != nil {
			b.Fatal(err)
		}
	})
}
