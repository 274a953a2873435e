package booking

import (
	"math"
	"testing"
)

func TestDistanceKM(t *testing.T) {
	tests := []struct {
		name                   string
		lat1, lon1, lat2, lon2 float64
		want, tol              float64
	}{
		{"same point", 10.77, 106.70, 10.77, 106.70, 0, 1e-9},
		{"one degree of latitude", 10, 106, 11, 106, 111.195, 0.001},
		// Hoàn Kiếm Lake to Bến Thành market; checked with an independent
		// haversine in Python.
		{"Hanoi to HCMC", 21.0285, 105.8542, 10.7725, 106.6980, 1143.97, 0.01},
		{"antipodes", 0, 0, 0, 180, math.Pi * earthRadiusKM, 1e-6},
	}
	for _, tt := range tests {
		got := DistanceKM(tt.lat1, tt.lon1, tt.lat2, tt.lon2)
		if math.Abs(got-tt.want) > tt.tol {
			t.Errorf("%s: %.4f km, want %.4f ± %g", tt.name, got, tt.want, tt.tol)
		}
		if back := DistanceKM(tt.lat2, tt.lon2, tt.lat1, tt.lon1); math.Abs(back-got) > 1e-9 {
			t.Errorf("%s: not symmetric", tt.name)
		}
	}
}

func TestNearest(t *testing.T) {
	citizens := DefaultPoints().ForApplicant(Citizen)
	// Standing at Bến Thành market.
	near := Nearest(citizens, 10.7725, 106.6980)
	if near[0].ID != "phuong_ben_thanh" || near[len(near)-1].ID != "mobile_thanh_an" {
		t.Errorf("nearest %s, farthest %s", near[0].ID, near[len(near)-1].ID)
	}
	for i := 1; i < len(near); i++ {
		if near[i].KM < near[i-1].KM {
			t.Fatalf("not sorted at %d: %v", i, near)
		}
	}
	// Equal distances keep input order: the Tân Định station and its
	// elderly team share a base.
	var order []string
	for _, n := range near {
		if n.Lat == 10.7905 {
			order = append(order, n.ID)
		}
	}
	if len(order) != 2 || order[0] != "phuong_tan_dinh" {
		t.Errorf("ties reordered: %v", order)
	}
	if Nearest(nil, 0, 0) == nil || len(Nearest(nil, 0, 0)) != 0 {
		t.Error("Nearest(nil) should be an empty slice")
	}
}
