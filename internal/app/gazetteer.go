package app

import (
	"context"
	"regexp"
	"sort"
	"strings"

	"github.com/kinshiprecovery/kinship/internal/geo"
	"github.com/kinshiprecovery/kinship/internal/model"
)

var zipLike = regexp.MustCompile(`^[0-9]{5}$|^[A-Za-z][0-9][A-Za-z] ?[0-9][A-Za-z][0-9]$`)

// Geocode turns a city ("Costa Mesa", "Charlottesville, VA") or a postal
// code into a point, offline, from the places in the imported directories
// (the centre of the facilities and meetings there). Nothing is sent
// anywhere and nothing is stored. Errors: invalid (unknown place).
func (a *App) Geocode(ctx context.Context, place string) (geo.Point, error) {
	q := strings.ToLower(strings.Join(strings.Fields(place), " "))
	if q == "" || len(q) > 100 {
		return geo.Point{}, &model.Error{Kind: model.KindInvalid, Message: "enter a city or a postal code", Fields: map[string]string{"near": "a city or postal code"}}
	}
	city, state, _ := strings.Cut(q, ",")
	city, state = strings.TrimSpace(city), strings.TrimSpace(state)
	var sumLat, sumLng float64
	n := 0
	add := func(lat, lng float64) { sumLat += lat; sumLng += lng; n++ }
	fs, err := a.store.ListFacilities(ctx)
	if err != nil {
		return geo.Point{}, err
	}
	for _, f := range fs {
		switch {
		case zipLike.MatchString(q) && strings.EqualFold(strings.ReplaceAll(f.Zip, " ", ""), strings.ReplaceAll(q, " ", "")):
			add(f.Latitude, f.Longitude)
		case strings.EqualFold(f.City, city) && (state == "" || strings.EqualFold(f.State, state)):
			add(f.Latitude, f.Longitude)
		}
	}
	ms, err := a.store.ListMeetings(ctx, -2, "", 100000)
	if err != nil {
		return geo.Point{}, err
	}
	for _, m := range ms {
		if m.Latitude == nil || m.Longitude == nil || m.Approximate {
			continue
		}
		addr := strings.ToLower(m.Address)
		parts := strings.Split(addr, ",")
		match := false
		if zipLike.MatchString(q) {
			match = strings.Contains(addr, " "+q) || strings.Contains(addr, ","+q)
		} else {
			for i, p := range parts {
				if strings.TrimSpace(p) == city && (state == "" || (i+1 < len(parts) && strings.HasPrefix(strings.TrimSpace(parts[i+1]), state))) {
					match = true
				}
			}
			if strings.EqualFold(m.Region, city) {
				match = true
			}
		}
		if match {
			add(*m.Latitude, *m.Longitude)
		}
	}
	if n == 0 {
		return geo.Point{}, &model.Error{Kind: model.KindInvalid, Message: "we could not find that place among the places we know; try a postal code or a nearby city", Fields: map[string]string{"near": "unknown place"}}
	}
	return geo.Point{Lat: sumLat / float64(n), Lng: sumLng / float64(n)}, nil
}

// FacilityPlaces names where the treatment directory's programs are, for a
// person whose place it does not know or who searches from far away: the
// towns ("Charlottesville, VA") with the most programs first, then by
// name, at most n of them, and how many more towns there are. Errors:
// those of the store.
func (a *App) FacilityPlaces(ctx context.Context, n int) ([]string, int, error) {
	fs, err := a.store.ListFacilities(ctx)
	if err != nil {
		return nil, 0, err
	}
	count := map[string]int{}
	for _, f := range fs {
		if f.City == "" {
			continue
		}
		p := f.City
		if f.State != "" {
			p += ", " + f.State
		}
		count[p]++
	}
	places := make([]string, 0, len(count))
	for p := range count {
		places = append(places, p)
	}
	sort.Slice(places, func(i, j int) bool {
		if count[places[i]] != count[places[j]] {
			return count[places[i]] > count[places[j]]
		}
		return places[i] < places[j]
	})
	if len(places) > n {
		return places[:n], len(places) - n, nil
	}
	return places, 0, nil
}
