package geo

import (
	"math/rand/v2"
	"sort"
	"testing"
)

// TestIndexMatchesBruteForce compares the grid with a full scan on random
// points and centres, including near the poles and the antimeridian.
func TestIndexMatchesBruteForce(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	pts := make([]Point, 20000)
	for i := range pts {
		pts[i] = Point{Lat: r.Float64()*170 - 85, Lng: r.Float64()*360 - 180}
	}
	ix := NewIndex(pts)
	centres := []Point{{0, 179.9}, {0, -179.95}, {84, 10}, {-84, -170}, {38, -78}}
	for i := 0; i < 50; i++ {
		centres = append(centres, Point{Lat: r.Float64()*170 - 85, Lng: r.Float64()*360 - 180})
	}
	for _, c := range centres {
		for _, radius := range []float64{10, 80, 500} {
			var got, want []int
			ix.Within(c, radius, func(i int, _ float64) { got = append(got, i) })
			for i, p := range pts {
				if DistanceKm(c, p) <= radius {
					want = append(want, i)
				}
			}
			sort.Ints(got)
			if len(got) != len(want) {
				t.Fatalf("centre %v radius %v: %d found, %d exist", c, radius, len(got), len(want))
			}
			for i := range got {
				if got[i] != want[i] {
					t.Fatalf("centre %v radius %v: results differ", c, radius)
				}
			}
		}
	}
}

// BenchmarkIndexNearby: 100,000 points spread over the contiguous US, all
// within 80 km of a centre.
func BenchmarkIndexNearby(b *testing.B) {
	r := rand.New(rand.NewPCG(3, 4))
	pts := make([]Point, 100000)
	for i := range pts {
		pts[i] = Point{Lat: 25 + r.Float64()*24, Lng: -124 + r.Float64()*57}
	}
	ix := NewIndex(pts)
	b.ResetTimer()
	n := 0
	for b.Loop() {
		c := pts[n%len(pts)]
		n++
		ix.Within(c, 80, func(int, float64) {})
	}
}
