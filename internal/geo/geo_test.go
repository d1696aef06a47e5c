package geo

import (
	"math"
	"testing"
)

func TestDistanceKm(t *testing.T) {
	cases := []struct {
		a, b Point
		want float64
	}{
		{Point{33.6850, -117.8721}, Point{33.6850, -117.8721}, 0},
		{Point{37.7749, -122.4194}, Point{34.0522, -118.2437}, 559},  // San Francisco – Los Angeles
		{Point{51.5074, -0.1278}, Point{48.8566, 2.3522}, 344},       // London – Paris
		{Point{-33.8688, 151.2093}, Point{-36.8485, 174.7633}, 2156}, // Sydney – Auckland
		{Point{0, 179.9}, Point{0, -179.9}, 22.2},                    // across the antimeridian
	}
	for _, c := range cases {
		if got := DistanceKm(c.a, c.b); math.Abs(got-c.want) > math.Max(1, c.want*0.01) {
			t.Errorf("%v–%v: %.1f km, want about %.1f", c.a, c.b, got, c.want)
		}
	}
	if (Point{91, 0}).Valid() || (Point{0, 181}).Valid() || !(Point{-90, 180}).Valid() {
		t.Error("Valid")
	}
}

func BenchmarkDistanceKm(b *testing.B) {
	a, c := Point{33.68, -117.87}, Point{34.05, -118.24}
	for b.Loop() {
		DistanceKm(a, c)
	}
}
