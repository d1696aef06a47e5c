package app

import (
	"context"
	"errors"
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
		return geo.Point{}, errPlaceNotListed()
	}
	return geo.Point{Lat: sumLat / float64(n), Lng: sumLng / float64(n)}, nil
}

// placeNotListedField is the field error of errPlaceNotListed.
const placeNotListedField = "unknown place"

// errPlaceNotListed is Geocode's answer for a place that no program or
// meeting listed is in: Kinship knows places only by the towns and postal
// codes of its listings, so another postal code there helps no more.
func errPlaceNotListed() error {
	return &model.Error{Kind: model.KindInvalid, Message: "nothing this Kinship lists is in that place: it knows places only by the towns and postal codes of the meetings and programs it lists",
		Fields: map[string]string{"near": placeNotListedField}}
}

// PlaceNotListed reports whether err is Geocode's answer for a place that
// no program or meeting listed is in, for a page to say what it lists
// instead.
func PlaceNotListed(err error) bool {
	var e *model.Error
	return errors.As(err, &e) && e.Kind == model.KindInvalid && e.Fields["near"] == placeNotListedField
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
	return mostFirst(count, n)
}

// MeetingPlaces names where the meeting directory's in-person meetings
// are, for a person whose place the finder does not know (walk11 W11-1:
// Leilani in Honolulu typed "Honolulu", then "96815", and read only "try a
// postal code or a nearby city"): the town ("Santa Ana, CA") with the most
// meetings of each directory imported, the directories with the most
// meetings first, at most n of them, and how many other towns there are.
// Online meetings, which have no place, are left out. Errors: those of
// the store.
func (a *App) MeetingPlaces(ctx context.Context, n int) ([]string, int, error) {
	snap, err := a.meetingIndex(ctx) // the node's copy of the directory, as the finder's
	if err != nil {
		return nil, 0, err
	}
	ms := snap.list
	towns := map[string]bool{}
	bySource := map[string]map[string]int{}
	inSource := map[string]int{}
	for _, m := range ms {
		if m.Attendance == "online" {
			continue
		}
		p := townOf(m.Address)
		if p == "" {
			continue
		}
		if bySource[m.Source] == nil {
			bySource[m.Source] = map[string]int{}
		}
		bySource[m.Source][p]++
		inSource[m.Source]++
		towns[p] = true
	}
	sources, _, _ := mostFirst(inSource, len(inSource))
	var places []string
	named := map[string]bool{}
	for _, s := range sources {
		top, _, _ := mostFirst(bySource[s], len(bySource[s]))
		for _, p := range top {
			if !named[p] {
				named[p] = true
				places = append(places, p)
				break
			}
		}
	}
	// Fewer directories than n: the next towns of all of them.
	all := map[string]int{}
	for _, c := range bySource {
		for p, k := range c {
			all[p] += k
		}
	}
	rest, _, _ := mostFirst(all, len(all))
	for _, p := range rest {
		if len(places) >= n {
			break
		}
		if !named[p] {
			named[p] = true
			places = append(places, p)
		}
	}
	if len(places) > n {
		places = places[:n]
	}
	return places, len(towns) - len(places), nil
}

// postalPart is a part of an address that holds only a postal code
// ("94939", "T8N 0P5").
var postalPart = regexp.MustCompile(`^(?:[0-9]{5}(?:-[0-9]{4})?|[A-Za-z][0-9][A-Za-z] ?[0-9][A-Za-z][0-9])$`)

// statePostal is a state with its postal code after it ("CA 92691").
var statePostal = regexp.MustCompile(`^(.+?)\s+(?:[0-9]{5}(?:-[0-9]{4})?|[A-Za-z][0-9][A-Za-z] ?[0-9][A-Za-z][0-9])$`)

// townOf is the town and state of a one-line address as the feeds write
// it ("1762 S Main St, Santa Ana, CA 92707, USA" is "Santa Ana, CA";
// "5015 144 Avenue, Edmonton, Alberta, T5A 4P9, Canada" is "Edmonton,
// Alberta"), or "" when the address has too few parts to tell.
func townOf(address string) string {
	var parts []string
	for _, p := range strings.Split(address, ",") {
		if p = strings.TrimSpace(p); p != "" {
			parts = append(parts, p)
		}
	}
	if len(parts) < 3 {
		return ""
	}
	parts = parts[:len(parts)-1] // the country
	for len(parts) > 0 && postalPart.MatchString(parts[len(parts)-1]) {
		parts = parts[:len(parts)-1]
	}
	if len(parts) < 2 {
		return ""
	}
	state := parts[len(parts)-1]
	if m := statePostal.FindStringSubmatch(state); m != nil {
		state = m[1]
	}
	return parts[len(parts)-2] + ", " + state
}

// mostFirst orders places by their count, most first, then by name, and
// keeps n of them with how many more there are.
func mostFirst(count map[string]int, n int) ([]string, int, error) {
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
