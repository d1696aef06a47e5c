package geo

import "math"

// cellDeg is the size of an index cell in degrees (about 55 km north–south).
const cellDeg = 0.5

// Index finds points near a centre quickly: points are bucketed by a grid
// of cellDeg squares, and a search visits only the cells its radius touches.
type Index struct {
	points []Point
	cells  map[[2]int32][]int32
}

func cellOf(p Point) [2]int32 {
	return [2]int32{int32(math.Floor(p.Lat / cellDeg)), int32(math.Floor(p.Lng / cellDeg))}
}

// NewIndex indexes points; searches report positions in this slice.
func NewIndex(points []Point) *Index {
	ix := &Index{points: points, cells: make(map[[2]int32][]int32, len(points)/8+1)}
	for i, p := range points {
		c := cellOf(p)
		ix.cells[c] = append(ix.cells[c], int32(i))
	}
	return ix
}

// Len is the number of indexed points.
func (ix *Index) Len() int { return len(ix.points) }

// Within calls fn for every point within radiusKm of centre, with its
// distance, in no particular order.
func (ix *Index) Within(centre Point, radiusKm float64, fn func(i int, km float64)) {
	dLat := radiusKm / 111.0
	// The widest longitude span is at the latitude nearest a pole.
	cos := math.Cos(math.Min(90, math.Abs(centre.Lat)+dLat) * math.Pi / 180)
	dLng := 180.0
	if cos > 0.01 {
		dLng = math.Min(180, radiusKm/(111.0*cos))
	}
	lo := cellOf(Point{Lat: math.Max(-90, centre.Lat-dLat), Lng: centre.Lng - dLng})
	hi := cellOf(Point{Lat: math.Min(90, centre.Lat+dLat), Lng: centre.Lng + dLng})
	span := int32(360 / cellDeg)
	if hi[1]-lo[1]+1 >= span {
		// The circle reaches every longitude (near a pole): visit each column once.
		lo[1], hi[1] = -span/2, span/2-1
	}
	for la := lo[0]; la <= hi[0]; la++ {
		for lg := lo[1]; lg <= hi[1]; lg++ {
			// Wrap across the antimeridian.
			w := ((lg+span/2)%span+span)%span - span/2
			for _, i := range ix.cells[[2]int32{la, w}] {
				if d := DistanceKm(centre, ix.points[i]); d <= radiusKm {
					fn(int(i), d)
				}
			}
		}
	}
}
