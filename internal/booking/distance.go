package booking

import (
	"math"
	"sort"
)

// earthRadiusKM is the mean Earth radius (IUGG). Haversine on a sphere is
// off by under 0.5%, far below the error of a user's shared location.
const earthRadiusKM = 6371.0088

// DistanceKM returns the great-circle distance between two points given in
// degrees, in kilometres.
func DistanceKM(lat1, lon1, lat2, lon2 float64) float64 {
	rad := math.Pi / 180
	dLat := (lat2 - lat1) * rad
	dLon := (lon2 - lon1) * rad
	h := math.Sin(dLat/2)*math.Sin(dLat/2) +
		math.Cos(lat1*rad)*math.Cos(lat2*rad)*math.Sin(dLon/2)*math.Sin(dLon/2)
	// Rounding can push h a hair above 1 for antipodal points.
	return 2 * earthRadiusKM * math.Asin(math.Sqrt(math.Min(1, h)))
}

// Nearby is a point with its distance from the user.
type Nearby struct {
	Point
	KM float64
}

// Nearest returns points sorted by distance from lat, lon, nearest first;
// equal distances keep the input order. A mobile team is measured from its
// base: where its next visit is depends on the day, which the caller knows.
func Nearest(points []Point, lat, lon float64) []Nearby {
	out := make([]Nearby, len(points))
	for i, p := range points {
		out[i] = Nearby{Point: p, KM: DistanceKM(lat, lon, p.Lat, p.Lon)}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].KM < out[j].KM })
	return out
}
