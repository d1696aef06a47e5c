package app

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strings"
	"sync"

	"github.com/kinshiprecovery/kinship/internal/geo"
	"github.com/kinshiprecovery/kinship/internal/importer"
	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/store"
)

// ImportMeetings stores a parsed Meeting Guide feed as the source's
// meetings: new slugs are added, known ones updated, and meetings missing
// from the feed retired, all in one transaction. A record the feed holds
// but could not be read (res.Skipped, with its slug) is not a meeting that
// disappeared: the source's meeting of that slug stays as last imported
// (marked Kept in res.Skipped, counted in Kept), so a typo in an
// intergroup's feed does not take a meeting that still meets out of the
// finder. It is an operator action.
//
// A feed that would empty the source, or take it below half of the
// meetings it holds with more than ten gone (heldShrink), is not imported
// unless force is set: an endpoint that breaks answers "[]" or a fraction
// of its list, and would take a town's meetings out of the finder. Nothing
// changes then and the error is a *HeldImportError, which says what was
// kept and how to import anyway.
func (a *App) ImportMeetings(ctx context.Context, source string, res *importer.Result) (store.ImportCounts, error) {
	return a.ImportMeetingsForced(ctx, source, res, false)
}

// ImportMeetingsForced is ImportMeetings; with force, a feed that empties
// or shrinks the source is imported as it is (the operator's --force).
func (a *App) ImportMeetingsForced(ctx context.Context, source string, res *importer.Result, force bool) (store.ImportCounts, error) {
	ms := make([]store.DirectoryMeeting, 0, len(res.Meetings))
	present := map[string]bool{}
	for _, m := range res.Meetings {
		present[m.Slug] = true
		ms = append(ms, store.DirectoryMeeting{Slug: m.Slug, Name: m.Name, Day: m.Day, Time: m.Time, EndTime: m.EndTime, TimeZone: m.TimeZone,
			Types: m.Types, Attendance: m.Attendance, ConferenceURL: m.ConferenceURL, ConferencePhone: m.ConferencePhone, Location: m.Location,
			Address: m.Address, Approximate: m.Approximate, Latitude: m.Latitude, Longitude: m.Longitude, Region: m.Region, Notes: m.Notes,
			LocationNotes: m.LocationNotes, ConferenceNotes: m.ConferenceNotes, URL: m.URL})
	}
	bad := map[string][]int{} // slug → its skipped records
	for i, s := range res.Skipped {
		if s.Slug != "" && !present[s.Slug] {
			bad[s.Slug] = append(bad[s.Slug], i)
		}
	}
	kept := 0
	if len(bad) > 0 || !force {
		active, err := a.store.ListMeetings(ctx, -2, "", math.MaxInt32)
		if err != nil {
			return store.ImportCounts{}, err
		}
		// What the finder would list after: the feed's meetings and the
		// source's meetings whose records turned bad (kept below).
		before, after := 0, len(ms)
		for _, m := range active {
			if m.Source == source {
				before++
				if bad[m.Slug] != nil {
					after++
				}
			}
		}
		if !force && heldShrink(before, after) {
			return store.ImportCounts{}, &HeldImportError{Source: source, Before: before, Listed: len(res.Meetings)}
		}
		for _, m := range active {
			if m.Source != source || bad[m.Slug] == nil {
				continue
			}
			ms = append(ms, m)
			for _, i := range bad[m.Slug] {
				res.Skipped[i].Kept = true
			}
			delete(bad, m.Slug)
			kept++
		}
	}
	c, err := a.store.ImportMeetings(ctx, source, ms, a.now())
	if err != nil {
		return c, err
	}
	// The kept meetings were stored again as they were.
	c.Unchanged -= kept
	c.Kept = kept
	return c, nil
}

// heldShrink says whether a feed that leaves after meetings of a source
// that held before is too sudden a loss to take without the operator's
// word: every meeting gone, or fewer than half left with more than ten
// gone. A source that held nothing is never held.
func heldShrink(before, after int) bool {
	if before == 0 {
		return false
	}
	return after == 0 || (after*2 < before && before-after > 10)
}

// HeldImportError is a meeting feed not imported because it would have
// emptied its source or taken most of it away at once (ImportMeetings):
// the source's meetings stay as last imported.
type HeldImportError struct {
	Source string
	Before int // the source's meetings in the finder, all kept
	Listed int // the meetings the feed listed
}

func (e *HeldImportError) Error() string {
	what := fmt.Sprintf("lists %d meetings", e.Listed)
	switch e.Listed {
	case 0:
		what = "lists no meetings"
	case 1:
		what = "lists 1 meeting"
	}
	return fmt.Sprintf("the feed of source %s %s where the finder has %d: nothing was imported and all %d stay as last imported "+
		"(a feed that breaks often answers [] or a part of its list); if the meetings really ended, import it again with --force",
		e.Source, what, e.Before, e.Before)
}

// ListMeetings returns active directory meetings for anyone, signed in or
// not: day -2 for any day (-1 by appointment), attendance "" for any.
// Errors: invalid.
func (a *App) ListMeetings(ctx context.Context, day int, attendance string) ([]store.DirectoryMeeting, error) {
	if day < -2 || day > 6 {
		return nil, &model.Error{Kind: model.KindInvalid, Message: "day is 0 (Sunday) to 6 (Saturday)", Fields: map[string]string{"day": "use 0 to 6"}}
	}
	switch attendance {
	case "", importer.InPerson, importer.Online, importer.Hybrid:
	default:
		return nil, &model.Error{Kind: model.KindInvalid, Message: "attendance is in_person, online or hybrid", Fields: map[string]string{"attendance": "use in_person, online or hybrid"}}
	}
	ms, err := a.store.ListMeetings(ctx, day, attendance, 5000)
	if ms == nil {
		ms = []store.DirectoryMeeting{}
	}
	return ms, err
}

// ImportFacilities stores a parsed facility file as the source's
// facilities, like ImportMeetings. It is an operator action.
func (a *App) ImportFacilities(ctx context.Context, source string, res *importer.FacilityResult) (store.ImportCounts, error) {
	fs := make([]store.DirectoryFacility, 0, len(res.Facilities))
	for _, f := range res.Facilities {
		fs = append(fs, store.DirectoryFacility{ID: f.ID, Name: f.Name, Name2: f.Name2, Street: f.Street, City: f.City, State: f.State, Zip: f.Zip,
			Phone: f.Phone, Intake: f.Intake, Website: f.Website, Latitude: f.Latitude, Longitude: f.Longitude, Type: f.Type, Codes: f.Codes})
	}
	return a.store.ImportFacilities(ctx, source, fs, a.now())
}

// FoundFacility is a facility with its distance from the search point.
type FoundFacility struct {
	store.DirectoryFacility
	DistanceKm *float64 `json:"distance_km,omitempty"`
	Services   []string `json:"services"`
}

// FacilityServiceCodes lists the service codes a facility search takes:
// the FindTreatment vocabulary the facility import reads, in its order.
func FacilityServiceCodes() []string {
	out := make([]string, 0, len(importer.ServiceCodes))
	for _, c := range importer.ServiceCodes {
		out = append(out, c.Code)
	}
	return out
}

// FacilityQuery is a treatment-locator search. Near is used for this
// search only and never stored.
type FacilityQuery struct {
	Near     *geo.Point
	RadiusKm float64  // default 80
	Services []string // every code must be offered, e.g. BU, MD
	Limit    int      // default 20, at most 100; -1 for every match (the API pages them)
}

// FindFacilities returns facilities offering every asked service, nearest
// first with distance (or by name without a point). Anyone may search.
// Errors: invalid.
func (a *App) FindFacilities(ctx context.Context, q FacilityQuery) ([]FoundFacility, error) {
	labels := map[string]string{}
	for _, c := range importer.ServiceCodes {
		labels[c.Code] = c.Label
	}
	for _, s := range q.Services {
		if _, ok := labels[s]; !ok {
			codes := strings.Join(FacilityServiceCodes(), ", ")
			return nil, errSay(model.KindInvalid, "apperrf.service_unknown", "Service", s, "Codes", codes).
				WithField("service", say("apperrf.service_unknown_field", "Service", s, "Codes", codes))
		}
	}
	if q.Near != nil && !q.Near.Valid() {
		return nil, &model.Error{Kind: model.KindInvalid, Message: "lat is -90 to 90 and lng -180 to 180", Fields: map[string]string{"lat": "out of range"}}
	}
	if q.RadiusKm <= 0 {
		q.RadiusKm = 80
	}
	if q.Limit == 0 || q.Limit > 100 {
		q.Limit = 20
	}
	fs, ix, err := a.facilityIndex(ctx)
	if err != nil {
		return nil, err
	}
	out := []FoundFacility{}
	add := func(i int, d *float64) {
		f := fs[i]
		if !hasAll(f.Codes, q.Services) {
			return
		}
		ff := FoundFacility{DirectoryFacility: f, DistanceKm: d}
		for _, c := range f.Codes {
			if l, ok := labels[c]; ok {
				ff.Services = append(ff.Services, l)
			}
		}
		out = append(out, ff)
	}
	if q.Near != nil {
		ix.Within(*q.Near, q.RadiusKm, func(i int, km float64) { add(i, &km) })
	} else {
		for i := range fs {
			add(i, nil)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].DistanceKm != nil && out[j].DistanceKm != nil {
			return *out[i].DistanceKm < *out[j].DistanceKm
		}
		return out[i].Name < out[j].Name
	})
	if q.Limit > 0 && len(out) > q.Limit {
		out = out[:q.Limit]
	}
	return out, nil
}

// facilityCache holds the facilities and their spatial index, reloaded when
// an import (on any node or from the command line) changes them.
type facilityCache struct {
	mu      sync.Mutex
	version int64
	loaded  bool
	list    []store.DirectoryFacility
	index   *geo.Index
}

func (a *App) facilityIndex(ctx context.Context) ([]store.DirectoryFacility, *geo.Index, error) {
	v, err := a.store.DirectoryVersion(ctx, "directory_facilities")
	if err != nil {
		return nil, nil, err
	}
	c := &a.facilities
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.loaded && c.version == v {
		return c.list, c.index, nil
	}
	fs, err := a.store.ListFacilities(ctx)
	if err != nil {
		return nil, nil, err
	}
	pts := make([]geo.Point, len(fs))
	for i, f := range fs {
		pts[i] = geo.Point{Lat: f.Latitude, Lng: f.Longitude}
	}
	c.list, c.index, c.version, c.loaded = fs, geo.NewIndex(pts), v, true
	return c.list, c.index, nil
}
